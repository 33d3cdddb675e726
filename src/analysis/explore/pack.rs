//! Compact global states: bit-packed into a few `u64` words, stored end to end in
//! one arena and found again through an open-addressing table of indices.

use super::{MAX_CHANNEL_BOUND, MAX_PARTICIPANTS};

/// Bits of a local state id.
const ID_BITS: u32 = 13;
/// Local state ids run below this.
pub(crate) const MAX_LOCAL_STATES: usize = 1 << ID_BITS;
/// Bits of a message type on a channel (28 types).
const MESSAGE_BITS: u32 = 5;
/// Bits of a channel's length (0..=4).
const LENGTH_BITS: u32 = 3;
/// Ordered pairs of distinct participants.
pub(crate) const MAX_CHANNELS: usize = MAX_PARTICIPANTS * (MAX_PARTICIPANTS - 1);

/// A FIFO channel of at most [`MAX_CHANNEL_BOUND`] message type codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(crate) struct Channel {
    len: u8,
    items: [u8; MAX_CHANNEL_BOUND],
}

impl Channel {
    pub(crate) const fn len(self) -> usize {
        self.len as usize
    }

    pub(crate) const fn is_empty(self) -> bool {
        self.len == 0
    }

    pub(crate) fn head(self) -> Option<u8> {
        if self.is_empty() {
            None
        } else {
            self.items.first().copied()
        }
    }

    pub(crate) fn pop(&mut self) {
        if self.len > 0 {
            self.items.rotate_left(1);
            self.len = self.len.saturating_sub(1);
            if let Some(last) = self.items.last_mut() {
                *last = 0;
            }
        }
    }

    pub(crate) fn push(&mut self, code: u8) {
        let at = self.len();
        if let Some(slot) = self.items.get_mut(at) {
            *slot = code;
            self.len = self.len.saturating_add(1);
        }
    }
}

/// A decoded global state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Global {
    pub(crate) ids: [u16; MAX_PARTICIPANTS],
    pub(crate) channels: [Channel; MAX_CHANNELS],
}

impl Global {
    pub(crate) fn id(&self, participant: usize) -> u16 {
        self.ids.get(participant).copied().unwrap_or(0)
    }

    pub(crate) fn set_id(&mut self, participant: usize, id: u16) {
        if let Some(slot) = self.ids.get_mut(participant) {
            *slot = id;
        }
    }

    pub(crate) fn channel(&self, index: usize) -> Channel {
        self.channels.get(index).copied().unwrap_or_default()
    }

    pub(crate) fn channel_mut(&mut self, index: usize) -> Option<&mut Channel> {
        self.channels.get_mut(index)
    }
}

/// How a configuration's states are laid out in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layout {
    participants: usize,
    bound: usize,
    /// Words per state.
    pub(crate) words: usize,
}

impl Layout {
    pub(crate) fn new(participants: usize, bound: usize) -> Self {
        let channels = participants.saturating_mul(participants.saturating_sub(1));
        let channel_bits =
            (LENGTH_BITS as usize).saturating_add(bound.saturating_mul(MESSAGE_BITS as usize));
        let bits = participants
            .saturating_mul(ID_BITS as usize)
            .saturating_add(channels.saturating_mul(channel_bits));
        Self {
            participants,
            bound,
            words: bits.div_ceil(64).max(1),
        }
    }

    /// The index of channel `from → to` (distinct participants).
    pub(crate) fn channel_index(&self, from: usize, to: usize) -> usize {
        let column = if to < from { to } else { to.saturating_sub(1) };
        from.saturating_mul(self.participants.saturating_sub(1))
            .saturating_add(column)
    }

    /// How many participants.
    pub(crate) const fn participants(&self) -> usize {
        self.participants
    }

    pub(crate) fn channels(&self) -> usize {
        self.participants
            .saturating_mul(self.participants.saturating_sub(1))
    }

    /// Writes `global` into `out` (cleared first, `words` long).
    pub(crate) fn encode(&self, global: &Global, out: &mut Vec<u64>) {
        out.clear();
        out.resize(self.words, 0);
        let mut writer = BitWriter { out, at: 0 };
        for &id in global.ids.iter().take(self.participants) {
            writer.put(u64::from(id), ID_BITS);
        }
        for channel in global.channels.iter().take(self.channels()) {
            writer.put(u64::from(channel.len), LENGTH_BITS);
            for &code in channel.items.iter().take(self.bound) {
                writer.put(u64::from(code), MESSAGE_BITS);
            }
        }
    }

    /// Reads a state written by [`Layout::encode`].
    pub(crate) fn decode(&self, words: &[u64]) -> Global {
        let mut reader = BitReader { words, at: 0 };
        let mut global = Global::default();
        for slot in global.ids.iter_mut().take(self.participants) {
            *slot = u16::try_from(reader.take(ID_BITS)).unwrap_or(0);
        }
        for channel in global.channels.iter_mut().take(self.channels()) {
            channel.len = u8::try_from(reader.take(LENGTH_BITS)).unwrap_or(0);
            for slot in channel.items.iter_mut().take(self.bound) {
                *slot = u8::try_from(reader.take(MESSAGE_BITS)).unwrap_or(0);
            }
        }
        global
    }
}

struct BitWriter<'a> {
    out: &'a mut Vec<u64>,
    at: usize,
}

impl BitWriter<'_> {
    fn put(&mut self, value: u64, bits: u32) {
        let mask = (1u64 << bits).wrapping_sub(1);
        let value = value & mask;
        let word = self.at / 64;
        let shift = (self.at % 64) as u32;
        if let Some(w) = self.out.get_mut(word) {
            *w |= value.wrapping_shl(shift);
        }
        let spill = shift.saturating_add(bits);
        if spill > 64
            && let Some(w) = self.out.get_mut(word.saturating_add(1))
        {
            *w |= value.wrapping_shr(64u32.saturating_sub(shift));
        }
        self.at = self.at.saturating_add(bits as usize);
    }
}

struct BitReader<'a> {
    words: &'a [u64],
    at: usize,
}

impl BitReader<'_> {
    fn take(&mut self, bits: u32) -> u64 {
        let mask = (1u64 << bits).wrapping_sub(1);
        let word = self.at / 64;
        let shift = (self.at % 64) as u32;
        let mut value = self.words.get(word).map_or(0, |w| w.wrapping_shr(shift));
        if shift.saturating_add(bits) > 64 {
            let high = self.words.get(word.saturating_add(1)).copied().unwrap_or(0);
            value |= high.wrapping_shl(64u32.saturating_sub(shift));
        }
        self.at = self.at.saturating_add(bits as usize);
        value & mask
    }
}

/// The states found so far: packed words end to end, and an open-addressing table
/// of `index + 1` (0 is an empty slot) keyed by a multiplicative hash of the words.
#[derive(Debug)]
pub(crate) struct StateStore {
    words: usize,
    arena: Vec<u64>,
    slots: Vec<u32>,
    len: usize,
}

/// Whether a state was new.
pub(crate) enum Found {
    New(u32),
    Seen,
}

impl StateStore {
    pub(crate) fn new(words: usize) -> Self {
        Self {
            words,
            arena: Vec::new(),
            slots: vec![0; 1 << 12],
            len: 0,
        }
    }

    pub(crate) const fn len(&self) -> usize {
        self.len
    }

    /// The words of state `index`.
    pub(crate) fn get(&self, index: u32) -> &[u64] {
        let start = (index as usize).saturating_mul(self.words);
        self.arena
            .get(start..start.saturating_add(self.words))
            .unwrap_or(&[])
    }

    /// Whether `state` has been stored.
    pub(crate) fn contains(&self, state: &[u64]) -> bool {
        self.find(state).is_some()
    }

    /// The index of `state`, if it has been stored.
    pub(crate) fn find(&self, state: &[u64]) -> Option<u32> {
        let mask = self.slots.len().saturating_sub(1);
        let mut at = (hash(state) as usize) & mask;
        loop {
            match self.slots.get(at).copied() {
                Some(0) | None => return None,
                Some(tag) if self.get(tag.saturating_sub(1)) == state => {
                    return Some(tag.saturating_sub(1));
                }
                Some(_) => at = at.wrapping_add(1) & mask,
            }
        }
    }

    /// Finds `state`, or adds it under the next index. `None` once the index space
    /// (`u32`) is full.
    pub(crate) fn insert(&mut self, state: &[u64]) -> Option<Found> {
        if self.len.saturating_mul(2) >= self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len().saturating_sub(1);
        let mut at = (hash(state) as usize) & mask;
        loop {
            match self.slots.get(at).copied() {
                Some(0) => {
                    let index = u32::try_from(self.len).ok()?;
                    let tag = index.checked_add(1)?;
                    self.arena.extend_from_slice(state);
                    if let Some(slot) = self.slots.get_mut(at) {
                        *slot = tag;
                    }
                    self.len = self.len.saturating_add(1);
                    return Some(Found::New(index));
                }
                Some(tag) => {
                    let index = tag.saturating_sub(1);
                    if self.get(index) == state {
                        return Some(Found::Seen);
                    }
                }
                None => return None,
            }
            at = at.wrapping_add(1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = self.slots.len().saturating_mul(2);
        let mask = size.saturating_sub(1);
        let mut slots = vec![0u32; size];
        for index in 0..self.len {
            let Ok(index) = u32::try_from(index) else {
                break;
            };
            let mut at = (hash(self.get(index)) as usize) & mask;
            while slots.get(at).is_some_and(|&s| s != 0) {
                at = at.wrapping_add(1) & mask;
            }
            if let Some(slot) = slots.get_mut(at) {
                *slot = index.saturating_add(1);
            }
        }
        self.slots = slots;
    }
}

/// FxHash-style word hash: rotate, xor, multiply; then fold the high bits down.
fn hash(words: &[u64]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = 0u64;
    for &w in words {
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    h ^ (h >> 29)
}
