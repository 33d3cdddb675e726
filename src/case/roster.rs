//! The case's participants, stored so that staging an input costs what the input
//! touches, not what the case holds.
//!
//! A [`Roster`] owns its participants behind an `Arc` (a clone of the case is one
//! reference count). An input's writes land in a small overlay of edited statuses
//! (or, once an input touches many participants, in a copy of the participants
//! made once, the committed ones kept aside); [`Roster::settle`] folds them in when
//! the input is committed and [`Roster::discard`] drops them when it is refused.
//! Look-ups by id use an index once the case is large.
//!
//! The roster also keeps [`Group`]s: who takes part and has been reached (the
//! audience of announcements), who holds each embargo consent, whose fix is ready,
//! which vendors are unaware. They are derived from the committed statuses
//! (rebuilt on load, updated by [`Roster::settle`] for the statuses it folds in,
//! never serialised or compared): one bit per participant while the roster is
//! small, a bit set with a summary word beyond ([`MemberSet`]). [`Roster::group`] reads them through the staged
//! overlay, so an input finds the participants it concerns without visiting the
//! others.

use std::collections::HashMap;
use std::sync::Arc;

use foldhash::fast::RandomState;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use strum::EnumCount;

use crate::cs::Vfd;
use crate::participant::{Participant, ParticipantId, ParticipantStatus};
use crate::pec::PecState;

/// Up to this many participants, ids are found in a small table by key (faster
/// than hashing the id); beyond it, in a map.
const SCAN_LIMIT: usize = 32;
/// Beyond this many edited statuses, a staged roster copies its participants once
/// and writes in place.
const OVERLAY_LIMIT: usize = 32;
/// Room for this many edited statuses is made at a staged roster's first edit (a
/// typical input edits its sender and a recipient or two; a small block is also a
/// cheap one to allocate).
const EDITS_RESERVED: usize = 4;

/// A set of participants the engine looks up by what their status says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Group {
    /// Members that take part and have been reached: who announcements go to.
    Audience,
    /// Members that take part, with this embargo consent.
    Consent(PecState),
    /// Members whose own fix is ready (or deployed).
    FixReady,
    /// Member vendors not yet aware of the vulnerability (`vfd` = `Unaware`).
    UnawareVendors,
}

/// Participants by position: an input's audience, recipients or group, kept
/// inline up to a typical case's size (no heap allocation per input).
pub(crate) type Indices = smallvec::SmallVec<[usize; 15]>;

/// How many groups there are.
const GROUPS: usize = PecState::COUNT + 3;

impl Group {
    /// Whether a participant with this identity and status is in the group.
    fn holds(self, p: &Participant, s: &ParticipantStatus) -> bool {
        match self {
            Self::Audience => s.takes_part() && s.rm.is_reached(),
            Self::Consent(consent) => s.takes_part() && s.consent == consent,
            Self::FixReady => s.is_member() && s.vfd >= Vfd::FixReady,
            Self::UnawareVendors => {
                p.roles.scope().is_vendor() && s.is_member() && s.vfd == Vfd::Unaware
            }
        }
    }

    /// The group's position in [`Groups`].
    fn slot(self) -> usize {
        match self {
            Self::Audience => 0,
            Self::FixReady => 1,
            Self::UnawareVendors => 2,
            Self::Consent(consent) => 3usize.saturating_add(consent as usize),
        }
    }

    /// Every group, in slot order.
    #[cfg(test)]
    fn all() -> impl Iterator<Item = Self> {
        use strum::IntoEnumIterator;
        [Self::Audience, Self::FixReady, Self::UnawareVendors]
            .into_iter()
            .chain(PecState::iter().map(Self::Consent))
    }
}

/// The committed members of each [`Group`], by position in the roster; kept only
/// beyond [`SCAN_LIMIT`] participants (below, [`SmallGroups`]).
#[derive(Debug, Clone, Default)]
struct Groups([MemberSet; GROUPS]);

/// Words in a [`MemberSet`]: one bit per possible participant.
const MEMBER_WORDS: usize = 64;
const _: () = assert!(crate::case::MAX_PARTICIPANTS <= MEMBER_WORDS * 64);

/// A set of positions in a roster, one bit per participant up to the highest
/// member, with a word saying which of its words hold a member: inserting,
/// removing and testing a position cost the same however many participants the
/// case lists, and the members are read in order at a cost that follows their
/// number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct MemberSet {
    /// Bit `w` set when `words[w]` holds a member.
    summary: u64,
    /// No trailing empty word (so that equal sets are equal values), at most
    /// [`MEMBER_WORDS`].
    words: Vec<u64>,
}

impl MemberSet {
    fn contains(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }

    fn set(&mut self, i: usize, on: bool) {
        let (w, bit) = (i / 64, 1u64 << (i % 64));
        if on && w >= self.words.len() && w < MEMBER_WORDS {
            self.words.resize(w.saturating_add(1), 0);
        }
        if let Some(word) = self.words.get_mut(w) {
            if on {
                *word |= bit;
            } else {
                *word &= !bit;
            }
            let nonempty = 1u64 << w;
            if *word == 0 {
                self.summary &= !nonempty;
            } else {
                self.summary |= nonempty;
            }
        }
        while self.words.last() == Some(&0) {
            self.words.pop();
        }
    }

    /// The members, lowest position first.
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        let mut summary = self.summary;
        core::iter::from_fn(move || {
            (summary != 0).then(|| {
                let w = summary.trailing_zeros() as usize;
                summary &= summary.wrapping_sub(1);
                w
            })
        })
        .flat_map(move |w| {
            let word = self.words.get(w).copied().unwrap_or(0);
            Bits(word).map(move |b| w.wrapping_mul(64).wrapping_add(b))
        })
    }
}

/// The committed members of each [`Group`] of a roster of up to [`SCAN_LIMIT`]
/// participants, one bit per participant (bit `i` for participant `i`).
#[derive(Debug, Clone, Copy, Default)]
struct SmallGroups([u32; GROUPS]);

// One bit per participant of a small roster (its groups).
const _: () = assert!(SCAN_LIMIT <= 32);

impl SmallGroups {
    fn of(all: &[Participant]) -> Self {
        let mut groups = Self::default();
        if all.len() <= SCAN_LIMIT {
            for (i, p) in all.iter().enumerate() {
                groups.place(i, 0, mask(p, &p.status));
            }
        }
        groups
    }

    /// Moves participant `i` from the groups of mask `old` to those of `new`.
    fn place(&mut self, i: usize, old: u16, new: u16) {
        for (slot, joins) in moves(old, new) {
            if let Some(members) = self.0.get_mut(slot) {
                *members = with_bit(*members, i, joins);
            }
        }
    }
}

/// The positions of a mask's set bits, lowest first (an exact count, so that a
/// list collected from them makes its room once).
struct Bits(u64);

impl Iterator for Bits {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.0 == 0 {
            return None;
        }
        let i = self.0.trailing_zeros() as usize;
        self.0 &= self.0.wrapping_sub(1);
        Some(i)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.0.count_ones() as usize;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Bits {}

/// `members` with participant `i`'s bit set (`on`) or cleared.
fn with_bit(members: u32, i: usize, on: bool) -> u32 {
    let who = 1u32.checked_shl(i as u32).unwrap_or(0);
    if on { members | who } else { members & !who }
}

/// The groups, by slot, that a participant whose mask goes from `old` to `new`
/// joins (`true`) or leaves.
fn moves(old: u16, new: u16) -> impl Iterator<Item = (usize, bool)> {
    (0..GROUPS).filter_map(move |slot| {
        let bit = 1u16.checked_shl(slot as u32).unwrap_or(0);
        ((old ^ new) & bit != 0).then_some((slot, new & bit != 0))
    })
}

/// Whether two statuses of participant `p` agree on everything [`Group::holds`]
/// reads (most edits change only when it was last heard from, or its view), so
/// that it stays in the same groups.
fn same_groups(p: &Participant, a: &ParticipantStatus, b: &ParticipantStatus) -> bool {
    let same =
        a.rm == b.rm && a.vfd == b.vfd && a.consent == b.consent && a.membership == b.membership;
    debug_assert!(!same || mask(p, a) == mask(p, b), "Group::holds reads more");
    same
}

/// The groups a participant is in, one bit per slot. Of the consent groups only
/// the one of its own consent can hold it, so four groups are asked (settling
/// computes two masks per status it folds in).
fn mask(p: &Participant, s: &ParticipantStatus) -> u16 {
    [
        Group::Audience,
        Group::FixReady,
        Group::UnawareVendors,
        Group::Consent(s.consent),
    ]
    .into_iter()
    .filter(|g| g.holds(p, s))
    .fold(0, |m, g| m | 1u16.checked_shl(g.slot() as u32).unwrap_or(0))
}

impl Groups {
    fn of(all: &[Participant]) -> Self {
        let mut groups = Self::default();
        if all.len() > SCAN_LIMIT {
            for (i, p) in all.iter().enumerate() {
                groups.place(i, 0, mask(p, &p.status));
            }
        }
        groups
    }

    fn members(&self, group: Group) -> Option<&MemberSet> {
        self.0.get(group.slot())
    }

    /// Moves participant `i` from the groups of mask `old` to those of `new`.
    fn place(&mut self, i: usize, old: u16, new: u16) {
        for (slot, joins) in moves(old, new) {
            if let Some(set) = self.0.get_mut(slot) {
                set.set(i, joins);
            }
        }
    }
}

/// The participants of a case, members and removed, in the order they joined.
#[derive(Debug, Clone, Default)]
pub(crate) struct Roster {
    all: Arc<Vec<Participant>>,
    /// Position by id (see [`Index`]).
    index: Arc<Index>,
    /// The committed members of each group (see the module docs).
    groups: Arc<Groups>,
    /// The same, while the roster holds up to [`SCAN_LIMIT`] participants.
    small: SmallGroups,
    /// Staged statuses of participants in `all` (empty once committed).
    edits: Vec<(usize, ParticipantStatus)>,
    /// A participant staged to join (none once committed); boxed, so that the
    /// case's data stays small to move.
    joined: Option<Box<Participant>>,
    /// Whether `all` was written in place since `groups` was last brought up to
    /// date (an input touching more than [`OVERLAY_LIMIT`] participants): groups
    /// are then found by a scan, and rebuilt on settling.
    stale: bool,
    /// The participants as committed, kept when an input spills its overlay into
    /// `all` (see [`Roster::status_mut`]) so that a refusal can put them back.
    spilled: Option<Arc<Vec<Participant>>>,
}

impl PartialEq for Roster {
    fn eq(&self, other: &Self) -> bool {
        self.all == other.all && self.edits == other.edits && self.joined == other.joined
    }
}

impl Eq for Roster {}

impl Roster {
    /// The committed participants (the staged overlay excluded).
    pub(crate) fn committed(&self) -> &[Participant] {
        &self.all
    }

    /// How many participants, the staged newcomer included.
    pub(crate) fn len(&self) -> usize {
        self.all
            .len()
            .saturating_add(usize::from(self.joined.is_some()))
    }

    /// Participant `i`'s identity (id, roles, organisation…). Its `status` field is
    /// the committed one: read statuses through [`Roster::status`].
    pub(crate) fn info(&self, i: usize) -> Option<&Participant> {
        self.all
            .get(i)
            .or_else(|| self.joined.as_deref().filter(|_| i == self.all.len()))
    }

    /// Participant `i`'s staged status.
    pub(crate) fn status(&self, i: usize) -> Option<&ParticipantStatus> {
        self.edited(i).or_else(|| self.info(i).map(|p| &p.status))
    }

    /// Participant `i`'s status in the overlay of edits, if the input changed it
    /// (each participant is there at most once, see [`Roster::status_mut`]).
    fn edited(&self, i: usize) -> Option<&ParticipantStatus> {
        if self.edits.is_empty() {
            return None;
        }
        self.edits.iter().find(|(j, _)| *j == i).map(|(_, s)| s)
    }

    /// Participant `i`'s status, to change.
    pub(crate) fn status_mut(&mut self, i: usize) -> Option<&mut ParticipantStatus> {
        let committed = self.all.len();
        if i >= committed {
            return self
                .joined
                .as_mut()
                .filter(|_| i == committed)
                .map(|p| &mut p.status);
        }
        if !self.stale {
            if let Some(at) = self.edits.iter().position(|(j, _)| *j == i) {
                return self.edits.get_mut(at).map(|(_, s)| s);
            }
            if self.edits.len() < OVERLAY_LIMIT {
                let status = self.all.get(i)?.status;
                if self.edits.capacity() == 0 {
                    // One allocation for a typical input's edits.
                    self.edits.reserve_exact(committed.min(EDITS_RESERVED));
                }
                self.edits.push((i, status));
                return self.edits.last_mut().map(|(_, s)| s);
            }
            // The overlay is full: the input writes a copy of the participants
            // in place from now on, and the committed ones are kept to put back.
            self.spilled = Some(Arc::clone(&self.all));
            self.stale = true;
        }
        let all = self.fold();
        all.get_mut(i).map(|p| &mut p.status)
    }

    /// The members of `group` with their staged statuses, in roster order.
    pub(crate) fn group(&self, group: Group) -> Indices {
        self.group_except(group, None)
    }

    /// [`Roster::group`] without the participant at `except` (an announcement's
    /// sender).
    pub(crate) fn group_except(&self, group: Group, except: Option<usize>) -> Indices {
        if let Some(members) = self.small_members(group) {
            let members = except.map_or(members, |i| with_bit(members, i, false));
            let mut out: Indices = Bits(u64::from(members)).collect();
            if let Some(p) = self.joined.as_deref()
                && except != Some(self.all.len())
                && group.holds(p, &p.status)
            {
                out.push(self.all.len());
            }
            return out;
        }
        self.group_large(group, except)
    }

    /// [`Roster::group_except`] for a roster beyond [`SCAN_LIMIT`] or written in
    /// place (kept out of line: the small roster's path stays short).
    #[inline(never)]
    fn group_large(&self, group: Group, except: Option<usize>) -> Indices {
        let kept = self.all.len() > SCAN_LIMIT && !self.stale;
        let Some(committed) = self.groups.members(group).filter(|_| kept) else {
            let mut out = Indices::new();
            for (i, p, s) in self.committed_staged() {
                if group.holds(p, s) && except != Some(i) {
                    out.push(i);
                }
            }
            if let Some(p) = self.joined.as_deref()
                && except != Some(self.all.len())
                && group.holds(p, &p.status)
            {
                out.push(self.all.len());
            }
            return out;
        };
        let staged = |i: usize| self.info(i).zip(self.status(i));
        let mut out: Indices = committed
            .iter()
            .filter(|&i| except != Some(i) && staged(i).is_some_and(|(p, s)| group.holds(p, s)))
            .collect();
        let before = out.len();
        let newcomer = self.joined.as_ref().map(|p| (self.all.len(), &p.status));
        let moved_in = self.edits.iter().map(|(i, s)| (*i, s)).chain(newcomer);
        for (i, s) in moved_in {
            if except != Some(i)
                && !committed.contains(i)
                && !out.contains(&i)
                && self.info(i).is_some_and(|p| group.holds(p, s))
            {
                out.push(i);
            }
        }
        if out.len() > before {
            out.sort_unstable();
        }
        out
    }

    /// The members of `group` among the committed participants of a small roster,
    /// with their staged statuses, one bit each (the newcomer excluded); `None`
    /// for a large roster, or one written in place (`stale`).
    fn small_members(&self, group: Group) -> Option<u32> {
        if self.all.len() > SCAN_LIMIT || self.stale {
            return None;
        }
        let mut members = self.small.0.get(group.slot()).copied().unwrap_or(0);
        for (i, s) in &self.edits {
            let holds = self.all.get(*i).is_some_and(|p| group.holds(p, s));
            members = with_bit(members, *i, holds);
        }
        Some(members)
    }

    /// Whether `group` has a member (with the staged statuses).
    pub(crate) fn any_in(&self, group: Group) -> bool {
        if let Some(members) = self.small_members(group) {
            return members != 0
                || self
                    .joined
                    .as_deref()
                    .is_some_and(|p| group.holds(p, &p.status));
        }
        self.any_in_large(group)
    }

    /// [`Roster::any_in`] for a roster beyond [`SCAN_LIMIT`] or written in place
    /// (out of line, as [`Roster::group_large`]).
    #[inline(never)]
    fn any_in_large(&self, group: Group) -> bool {
        let kept = self.all.len() > SCAN_LIMIT && !self.stale;
        match self.groups.members(group).filter(|_| kept) {
            // A committed member still in the group, or a staged one moved in.
            Some(committed) => {
                let staged = |i: usize| {
                    self.info(i)
                        .zip(self.status(i))
                        .is_some_and(|(p, s)| group.holds(p, s))
                };
                committed.iter().any(staged)
                    || self.edits.iter().any(|&(i, _)| staged(i))
                    || self.joined.is_some() && staged(self.all.len())
            }
            None => self.iter().any(|(_, p, s)| group.holds(p, s)),
        }
    }

    /// Every participant with its staged status.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, &Participant, &ParticipantStatus)> {
        // The newcomer's staged status is its own (`status_mut` writes it there).
        let newcomer = self
            .joined
            .as_deref()
            .map(|p| (self.all.len(), p, &p.status));
        self.committed_staged().chain(newcomer)
    }

    /// The committed participants with their staged statuses.
    fn committed_staged(&self) -> impl Iterator<Item = (usize, &Participant, &ParticipantStatus)> {
        self.all
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p, self.edited(i).unwrap_or(&p.status)))
    }

    /// The position of `id`, if it is a participant.
    pub(crate) fn index_of(&self, id: &ParticipantId) -> Option<usize> {
        let found = if self.all.len() <= SCAN_LIMIT {
            self.index.find(Key::of(id), id, &self.all)
        } else {
            self.index.map.get(id).copied()
        };
        found.or_else(|| {
            self.joined
                .as_ref()
                .filter(|p| &p.id == id)
                .map(|_| self.all.len())
        })
    }

    /// Stages a newcomer (one per input).
    pub(crate) fn join(&mut self, participant: Participant) {
        self.joined = Some(Box::new(participant));
    }

    /// Folds the staged overlay and newcomer into the participants; in place when
    /// this roster is the only one holding them (as after a commit).
    pub(crate) fn settle(&mut self) {
        if self.edits.is_empty() && self.joined.is_none() && !self.stale {
            return;
        }
        self.spilled = None;
        // Groups are kept, as bits up to `SCAN_LIMIT` participants and as sets
        // beyond: updated for what is folded in, or rebuilt below (after a private
        // copy, or when the case grows past the limit).
        let kept = self.all.len() > SCAN_LIMIT && !self.stale;
        let small = self.all.len() <= SCAN_LIMIT && !self.stale;
        if kept || small {
            let mut sets = kept.then(|| Arc::make_mut(&mut self.groups));
            for (i, status) in &self.edits {
                if let Some(p) = self.all.get(*i)
                    && !same_groups(p, &p.status, status)
                {
                    let (old, new) = (mask(p, &p.status), mask(p, status));
                    match sets.as_deref_mut() {
                        Some(groups) => groups.place(*i, old, new),
                        None => self.small.place(*i, old, new),
                    }
                }
            }
            if let (Some(groups), Some(p)) = (sets, &self.joined) {
                groups.place(self.all.len(), 0, mask(p, &p.status));
            }
        }
        self.fold();
        if let Some(joined) = self.joined.take() {
            let id = joined.id.clone();
            let all = Arc::make_mut(&mut self.all);
            all.push(*joined);
            let len = all.len();
            if small
                && len <= SCAN_LIMIT
                && let Some(p) = all.last()
            {
                self.small
                    .place(len.saturating_sub(1), 0, mask(p, &p.status));
            }
            let index = Arc::make_mut(&mut self.index);
            index.push_key(Key::of(&id));
            if len > SCAN_LIMIT {
                if index.map.len().saturating_add(1) == len {
                    index.map.insert(id, len.saturating_sub(1));
                } else {
                    self.index = Arc::new(Index::of(&self.all));
                }
            }
        }
        if !kept && self.all.len() > SCAN_LIMIT {
            self.groups = Arc::new(Groups::of(&self.all));
        }
        if !small && self.all.len() <= SCAN_LIMIT {
            self.small = SmallGroups::of(&self.all);
        }
        self.stale = false;
    }

    /// Drops what an input staged: the overlay, the newcomer and, if the input
    /// spilled into a copy of the participants, the copy.
    pub(crate) fn discard(&mut self) {
        self.edits.clear();
        self.joined = None;
        if let Some(all) = self.spilled.take() {
            self.all = all;
            self.stale = false;
        }
    }

    /// Applies the overlay to a private copy of the participants and returns it.
    fn fold(&mut self) -> &mut Vec<Participant> {
        let all = Arc::make_mut(&mut self.all);
        for (i, status) in self.edits.drain(..) {
            if let Some(p) = all.get_mut(i) {
                p.status = status;
            }
        }
        all
    }
}

/// Positions by id: every participant's [`Key`], in roster order; up to
/// [`SCAN_LIMIT`] participants a small open-addressed table of positions by key
/// (only a matching key's id is compared), beyond it a map.
#[derive(Debug, Clone)]
struct Index {
    keys: Vec<Key>,
    /// Up to [`SCAN_LIMIT`] participants: position + 1 in the slot a key hashes
    /// to or the next free one after it (0: free). At most half the slots are
    /// used, so a look-up reads one or two slots.
    slots: [u8; SLOTS],
    map: HashMap<ParticipantId, usize, RandomState>,
}

/// Slots in a small roster's table: a power of two, at least twice
/// [`SCAN_LIMIT`], and positions + 1 fit in a byte.
const SLOTS: usize = 64;
const _: () = assert!(SLOTS.is_power_of_two() && SLOTS >= 2 * SCAN_LIMIT && SCAN_LIMIT < 255);
/// A hash's top bits name a slot: shifted right by this much.
const SLOT_SHIFT: u32 = u64::BITS - SLOTS.trailing_zeros();

impl Default for Index {
    fn default() -> Self {
        Self::of(&[])
    }
}

impl Index {
    fn of(all: &[Participant]) -> Self {
        let small = all.len() <= SCAN_LIMIT;
        let map = if small {
            HashMap::default()
        } else {
            all.iter()
                .enumerate()
                .map(|(i, p)| (p.id.clone(), i))
                .collect()
        };
        let mut index = Self {
            keys: Vec::with_capacity(all.len()),
            slots: [0; SLOTS],
            map,
        };
        for p in all {
            index.push_key(Key::of(&p.id));
        }
        index
    }

    /// Adds the key of the participant at the next position (placed in the table
    /// while the roster is small).
    fn push_key(&mut self, key: Key) {
        let position = self.keys.len();
        self.keys.push(key);
        let Ok(value) = u8::try_from(position.saturating_add(1)) else {
            return;
        };
        if position >= SCAN_LIMIT {
            return;
        }
        let start = key.slot();
        for probe in 0..SLOTS {
            if let Some(slot) = self.slots.get_mut(start.wrapping_add(probe) & (SLOTS - 1))
                && *slot == 0
            {
                *slot = value;
                return;
            }
        }
    }

    /// The position of `id` (whose key is `key`) in a small roster `all`: the
    /// slots from the key's own up to the first free one. A key tells ids of up
    /// to 16 bytes apart by itself; a longer id's text is compared where its key
    /// matches.
    fn find(&self, key: Key, id: &ParticipantId, all: &[Participant]) -> Option<usize> {
        let start = key.slot();
        for probe in 0..SLOTS {
            let value = *self.slots.get(start.wrapping_add(probe) & (SLOTS - 1))?;
            let i = usize::from(value.checked_sub(1)?);
            if self.keys.get(i).is_some_and(|k| k.same(key))
                && (key.is_exact() || all.get(i).is_some_and(|p| p.id == *id))
            {
                return Some(i);
            }
        }
        None
    }
}

/// An id's length and its first and last eight bytes (zero-padded when shorter):
/// equal ids have equal keys, and for an id of at most 16 bytes the key holds every
/// byte, so equal keys mean equal ids. Ids of one case rarely share a key
/// otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    head: u64,
    tail: u64,
    len: usize,
}

impl Key {
    fn of(id: &ParticipantId) -> Self {
        let bytes = id.as_str().as_bytes();
        let (head, tail) = match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
            (Some(head), Some(tail)) => (u64::from_le_bytes(*head), u64::from_le_bytes(*tail)),
            // Shorter than eight bytes: the bytes as one little-endian word.
            _ => (short_word(bytes), 0),
        };
        Self {
            head,
            tail,
            len: bytes.len(),
        }
    }

    /// Whether the key holds the whole id (16 bytes or fewer).
    fn is_exact(self) -> bool {
        self.len <= 16
    }

    /// Whether two keys are equal, compared without a branch.
    fn same(self, other: Self) -> bool {
        ((self.head ^ other.head) | (self.tail ^ other.tail) | (self.len ^ other.len) as u64) == 0
    }

    /// The key's slot in a small roster's table: its words mixed and multiplied
    /// (Fibonacci hashing), the top bits taken.
    fn slot(self) -> usize {
        let mixed = (self.head ^ self.tail.rotate_left(29) ^ self.len as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (mixed >> SLOT_SHIFT) as usize
    }
}

/// Up to seven bytes as one little-endian word, read in at most two loads: the
/// first and last four bytes (or two, or one) overlap where the text is shorter
/// than both, and the bytes they share are the same.
fn short_word(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let at = |shift: usize, word: u64| {
        word.checked_shl(shift.saturating_mul(8) as u32)
            .unwrap_or(0)
    };
    match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        (Some(head), Some(tail)) => {
            u64::from(u32::from_le_bytes(*head))
                | at(len.saturating_sub(4), u64::from(u32::from_le_bytes(*tail)))
        }
        _ => match (bytes.first_chunk::<2>(), bytes.last_chunk::<2>()) {
            (Some(head), Some(tail)) => {
                u64::from(u16::from_le_bytes(*head))
                    | at(len.saturating_sub(2), u64::from(u16::from_le_bytes(*tail)))
            }
            _ => bytes.first().map_or(0, |&b| u64::from(b)),
        },
    }
}

impl From<Vec<Participant>> for Roster {
    fn from(all: Vec<Participant>) -> Self {
        Self {
            index: Arc::new(Index::of(&all)),
            groups: Arc::new(Groups::of(&all)),
            small: SmallGroups::of(&all),
            all: Arc::new(all),
            edits: Vec::new(),
            joined: None,
            stale: false,
            spilled: None,
        }
    }
}

impl Serialize for Roster {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        debug_assert!(self.edits.is_empty() && self.joined.is_none());
        self.all.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Roster {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Participant>::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        reason = "test"
    )]

    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::participant::{Membership, NewParticipant};
    use crate::rm::RmState;
    use crate::role::{Role, RoleSet};

    fn roster(n: usize) -> Roster {
        let t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let all: Vec<Participant> = (0..n)
            .map(|i| {
                let role = if i % 3 == 0 {
                    Role::Coordinator
                } else {
                    Role::Vendor
                };
                let id = ParticipantId::new(&format!("p{i}")).unwrap();
                let new = NewParticipant::new(id, "p", RoleSet::of(&[role]));
                Participant::joining(new, t)
            })
            .collect();
        Roster::from(all)
    }

    /// Changes `count` statuses of a roster, deterministically varied by `seed`.
    fn edit(roster: &mut Roster, seed: usize, count: usize) {
        let t = Utc.with_ymd_and_hms(2026, 1, 2, 0, 0, 0).unwrap();
        let len = roster.len();
        for k in 0..count {
            let i = (seed * 7 + k * 13) % len;
            let s = roster.status_mut(i).unwrap();
            match (seed + k) % 6 {
                0 => s.rm = RmState::Received,
                1 => s.rm = RmState::Closed,
                2 => s.consent = PecState::Signatory,
                3 => s.vfd = Vfd::FixReady,
                4 => s.membership = Membership::Removed { at: t },
                _ => s.consent = PecState::Invited,
            }
        }
    }

    /// Stages a newcomer vendor named after `seed`.
    fn join_newcomer(roster: &mut Roster, seed: usize) {
        let id = ParticipantId::new(&format!("new{seed}")).unwrap();
        let new = NewParticipant::new(id, "n", RoleSet::of(&[Role::Vendor]));
        let t = Utc.with_ymd_and_hms(2026, 1, 3, 0, 0, 0).unwrap();
        roster.join(Participant::joining(new, t));
    }

    fn check_groups(roster: &Roster) {
        for group in Group::all() {
            let scanned: Vec<usize> = roster
                .iter()
                .filter(|&(_, p, s)| group.holds(p, s))
                .map(|(i, _, _)| i)
                .collect();
            assert_eq!(roster.group(group).as_slice(), scanned, "{group:?}");
            assert_eq!(roster.any_in(group), !scanned.is_empty(), "{group:?}");
            for except in 0..=roster.len() {
                let others: Vec<usize> = scanned.iter().copied().filter(|&i| i != except).collect();
                let found = roster.group_except(group, Some(except));
                assert_eq!(found.as_slice(), others, "{group:?} except {except}");
            }
        }
    }

    /// Every participant is found by a fresh copy of its id (not the roster's own),
    /// in small (a table by key) and large (mapped) rosters, staged newcomer
    /// included; an unknown id, or one sharing a key's prefix, is not.
    #[test]
    fn index_finds_ids_by_text() {
        for n in [1, 5, 32, 33, 40] {
            let mut r = roster(n);
            let t = Utc.with_ymd_and_hms(2026, 1, 3, 0, 0, 0).unwrap();
            let id = ParticipantId::new("p1-newcomer-with-a-long-id").unwrap();
            r.join(Participant::joining(
                NewParticipant::new(id, "n", RoleSet::of(&[Role::Vendor])),
                t,
            ));
            for (i, p, _) in r.iter() {
                let fresh = ParticipantId::new(p.id.as_str()).unwrap();
                assert_eq!(r.index_of(&fresh), Some(i), "{n}: {fresh}");
            }
            for unknown in ["p", "p1-", "q1", "p1-newcomer-with-a-long-iD", "p10000"] {
                let unknown = ParticipantId::new(unknown).unwrap();
                assert_eq!(r.index_of(&unknown), None, "{n}: {unknown}");
            }
            r.settle();
            for (i, p, _) in r.iter() {
                let fresh = ParticipantId::new(p.id.as_str()).unwrap();
                assert_eq!(r.index_of(&fresh), Some(i), "{n} settled: {fresh}");
            }
        }
    }

    proptest::proptest! {
        /// Equal ids have equal keys, and an id of at most 16 bytes is told apart
        /// by its key alone (a look-up then compares no text); ids that differ
        /// only in a middle byte of a longer id share a key, so its text is compared.
        #[test]
        fn keys_tell_short_ids_apart(a in "[a-c\\-]{1,20}", b in "[a-c\\-]{1,20}") {
            let (a, b) = (ParticipantId::new(&a).unwrap(), ParticipantId::new(&b).unwrap());
            let (ka, kb) = (Key::of(&a), Key::of(&b));
            proptest::prop_assert_eq!(ka.is_exact(), a.as_str().len() <= 16);
            if a == b {
                proptest::prop_assert_eq!(ka, kb);
            } else if ka.is_exact() {
                proptest::prop_assert_ne!(ka, kb);
            }
            let mut r = roster(3);
            let t = Utc.with_ymd_and_hms(2026, 1, 3, 0, 0, 0).unwrap();
            r.join(Participant::joining(
                NewParticipant::new(a.clone(), "a", RoleSet::of(&[Role::Vendor])),
                t,
            ));
            r.settle();
            proptest::prop_assert_eq!(r.index_of(&b), (a == b).then_some(3));
        }
    }

    proptest::proptest! {
        /// A member set follows a set of positions (up to the participant cap)
        /// through inserts and removals: membership, members in order, its
        /// summary of non-empty words, and the same value as the set built anew.
        #[test]
        fn member_sets_follow_the_set_model(
            steps in proptest::collection::vec((0..crate::case::MAX_PARTICIPANTS, proptest::bool::ANY), 0..200),
        ) {
            let mut set = MemberSet::default();
            let mut model = std::collections::BTreeSet::new();
            for (i, on) in steps {
                set.set(i, on);
                if on { model.insert(i); } else { model.remove(&i); }
                proptest::prop_assert_eq!(set.contains(i), on);
            }
            proptest::prop_assert_eq!(set.iter().collect::<Vec<_>>(), model.iter().copied().collect::<Vec<_>>());
            let words: u64 = model.iter().fold(0, |s, i| s | 1 << (i / 64));
            proptest::prop_assert_eq!(set.summary, words);
            let mut rebuilt = MemberSet::default();
            for &i in &model {
                rebuilt.set(i, true);
            }
            proptest::prop_assert_eq!(set, rebuilt);
        }
    }

    proptest::proptest! {
        /// A roster built at once and one built by newcomers joining find every id
        /// at its position, through collisions in the small table (ids sharing a
        /// key included) and past its limit, and find no id that is not listed.
        #[test]
        fn the_table_finds_every_id(
            texts in proptest::collection::btree_set("[ab]{1,3}|vendor-[ab]{1,4}-0000000001", 1..40),
            probe in "[ab]{1,3}|vendor-[ab]{1,4}-0000000001",
        ) {
            let t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
            let ids: Vec<ParticipantId> =
                texts.iter().map(|s| ParticipantId::new(s).unwrap()).collect();
            let joining = |id: &ParticipantId| {
                Participant::joining(NewParticipant::new(id.clone(), "p", RoleSet::of(&[Role::Vendor])), t)
            };
            let at_once = Roster::from(ids.iter().map(joining).collect::<Vec<_>>());
            let mut one_by_one = Roster::from(Vec::new());
            for id in &ids {
                one_by_one.join(joining(id));
                one_by_one.settle();
            }
            let probe = ParticipantId::new(&probe).unwrap();
            for r in [&at_once, &one_by_one] {
                for (i, id) in ids.iter().enumerate() {
                    let fresh = ParticipantId::new(id.as_str()).unwrap();
                    proptest::prop_assert_eq!(r.index_of(&fresh), Some(i));
                }
                proptest::prop_assert_eq!(r.index_of(&probe), ids.iter().position(|id| *id == probe));
            }
        }
    }

    #[test]
    fn a_short_id_is_its_bytes_as_one_word() {
        for text in ["a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg"] {
            let want = text
                .bytes()
                .rev()
                .fold(0u64, |word, b| (word << 8) | u64::from(b));
            assert_eq!(short_word(text.as_bytes()), want, "{text}");
        }
    }

    #[test]
    fn a_long_id_is_compared_by_text_where_its_key_matches() {
        let a = ParticipantId::new("vendor-aaaa-0000000001").unwrap();
        let b = ParticipantId::new("vendor-aaaa-1000000001").unwrap();
        assert_eq!(Key::of(&a), Key::of(&b));
        let mut r = roster(2);
        let t = Utc.with_ymd_and_hms(2026, 1, 3, 0, 0, 0).unwrap();
        r.join(Participant::joining(
            NewParticipant::new(a.clone(), "a", RoleSet::of(&[Role::Vendor])),
            t,
        ));
        r.settle();
        assert_eq!(r.index_of(&a), Some(2));
        assert_eq!(r.index_of(&b), None);
    }

    /// Staged groups read through the overlay (or a scan, after a private copy)
    /// equal a scan of the staged statuses; settled groups equal groups rebuilt.
    #[test]
    fn groups_follow_the_statuses() {
        for (n, edits) in [(5, 3), (31, 4), (40, 5), (40, 33), (40, 80)] {
            let mut committed = roster(n);
            for seed in 0..6 {
                let mut staged = committed.clone();
                edit(&mut staged, seed, edits);
                if seed % 2 == 0 {
                    join_newcomer(&mut staged, seed);
                }
                check_groups(&staged);
                check_groups(&committed);
                drop(committed);
                committed = staged;
                committed.settle();
                check_groups(&committed);
                let rebuilt = Groups::of(&committed.all);
                assert_eq!(committed.groups.0, rebuilt.0);
                if committed.all.len() <= SCAN_LIMIT {
                    assert_eq!(committed.small.0, SmallGroups::of(&committed.all).0);
                }
                assert!(!committed.stale);
            }
        }
    }

    /// What an input staged and then discarded (a refusal) leaves the roster as it
    /// was: its participants, statuses and groups, whether the input's edits stayed
    /// in the overlay or spilled into a copy (more than `OVERLAY_LIMIT`), with and
    /// without a newcomer; and the roster then takes and settles new edits.
    #[test]
    fn discarding_puts_the_roster_back() {
        for (n, edits) in [(5, 3), (40, 5), (40, 33), (40, 80)] {
            for seed in 0..4 {
                let mut r = roster(n);
                r.settle();
                let before = r.clone();
                let groups_before = r.groups.0.clone();
                edit(&mut r, seed, edits);
                if seed % 2 == 0 {
                    join_newcomer(&mut r, seed);
                }
                assert_ne!(r, before, "{n}/{edits}: the edits changed the statuses");
                assert_eq!(r.stale, edits > OVERLAY_LIMIT, "{n}/{edits}");
                r.discard();
                assert_eq!(r, before, "{n}/{edits}");
                assert_eq!(r.len(), n);
                assert!(!r.stale && r.spilled.is_none() && r.edits.is_empty());
                assert_eq!(r.groups.0, groups_before);
                check_groups(&r);
                edit(&mut r, seed + 1, edits);
                r.settle();
                check_groups(&r);
                assert_eq!(r.groups.0, Groups::of(&r.all).0);
            }
        }
    }
}
