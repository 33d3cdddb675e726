//! A timeline's entries, kept in blocks so that the timeline grows without
//! copying what it holds.
//!
//! A `Vec` doubles its room as it fills and copies every entry into the new room:
//! across a long timeline, each entry is copied about once more after it is
//! written, and at 280 bytes an entry that copy was a tenth of an input's
//! instructions. Here the first block grows as a `Vec` does, up to [`BLOCK`]
//! entries, and every later block is made at that size and never moved. On the
//! wire and in JSON the entries are a plain array.

use core::fmt;
use core::ops::{Index, IndexMut};

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::timeline::Entry;

/// Entries per block (the first grows up to it).
const BLOCK: usize = 1024;

/// The entries of a [`Timeline`](super::Timeline), oldest first: read by position
/// (`get`, `entries[i]`), in order (`iter`), or from the end (`last`); built by
/// `push`, from an iterator, or from a `Vec`.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use mpcvd::case::{Case, Input};
/// use mpcvd::id::CaseId;
/// use mpcvd::policy::Policy;
///
/// let t0 = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
/// let mut case = Case::new(CaseId::new("VU#1")?, Policy::default(), t0);
/// case.handle(Input::Tick, t0)?;
/// let entries = &case.timeline().entries;
/// assert_eq!(entries.len(), 1);
/// assert_eq!(entries.last().map(|e| &e.input), Some(&Input::Tick));
/// assert_eq!(entries.iter().count(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct Entries {
    /// Every block but the last holds exactly [`BLOCK`] entries; none is empty.
    blocks: Vec<Vec<Entry>>,
    len: usize,
}

impl Entries {
    /// No entries.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// How many entries there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The entry at `index`, if there is one.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<&Entry> {
        self.blocks
            .get(index / BLOCK)
            .and_then(|block| block.get(index % BLOCK))
    }

    /// The entry at `index`, to change, if there is one.
    pub fn get_mut(&mut self, index: usize) -> Option<&mut Entry> {
        self.blocks
            .get_mut(index / BLOCK)
            .and_then(|block| block.get_mut(index % BLOCK))
    }

    /// The newest entry.
    #[must_use]
    pub fn last(&self) -> Option<&Entry> {
        self.blocks.last().and_then(|block| block.last())
    }

    /// The entries, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Entry> + ExactSizeIterator {
        Iter {
            inner: self.blocks.iter().flatten(),
            left: self.len,
        }
    }

    /// Adds an entry at the end.
    pub fn push(&mut self, entry: Entry) {
        match self.blocks.last_mut() {
            Some(block) if block.len() < BLOCK => block.push(entry),
            _ => {
                // A new block: the first grows as a `Vec` does, a later one is
                // made whole.
                let mut block = Vec::with_capacity(if self.blocks.is_empty() { 0 } else { BLOCK });
                block.push(entry);
                self.blocks.push(block);
            }
        }
        self.len = self.len.saturating_add(1);
    }

    /// Makes room for `more` entries at once (as many as fit in the block being
    /// filled; later blocks are made whole anyway).
    pub fn reserve(&mut self, more: usize) {
        if let Some(block) = self.blocks.last_mut() {
            let room = BLOCK.saturating_sub(block.len());
            block.reserve_exact(more.min(room));
        } else if more > 0 {
            self.blocks.push(Vec::with_capacity(more.min(BLOCK)));
        }
    }
}

/// [`Entries::iter`]: the blocks' entries in order, with their count.
struct Iter<I> {
    inner: I,
    left: usize,
}

impl<'e, I: Iterator<Item = &'e Entry>> Iterator for Iter<I> {
    type Item = &'e Entry;

    fn next(&mut self) -> Option<&'e Entry> {
        let entry = self.inner.next()?;
        self.left = self.left.saturating_sub(1);
        Some(entry)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<'e, I: DoubleEndedIterator<Item = &'e Entry>> DoubleEndedIterator for Iter<I> {
    fn next_back(&mut self) -> Option<&'e Entry> {
        let entry = self.inner.next_back()?;
        self.left = self.left.saturating_sub(1);
        Some(entry)
    }
}

impl<'e, I: Iterator<Item = &'e Entry>> ExactSizeIterator for Iter<I> {}

/// Reads an entry by position, as a slice does: panics past the end (library
/// code reads with [`Entries::get`]).
impl Index<usize> for Entries {
    type Output = Entry;

    #[expect(
        clippy::panic,
        reason = "indexing past the end panics, as for a slice; `get` does not"
    )]
    fn index(&self, index: usize) -> &Entry {
        match self.get(index) {
            Some(entry) => entry,
            None => panic!("entry {index} of {} is past the end", self.len),
        }
    }
}

impl IndexMut<usize> for Entries {
    #[expect(
        clippy::panic,
        reason = "indexing past the end panics, as for a slice; `get_mut` does not"
    )]
    fn index_mut(&mut self, index: usize) -> &mut Entry {
        let len = self.len;
        match self.get_mut(index) {
            Some(entry) => entry,
            None => panic!("entry {index} of {len} is past the end"),
        }
    }
}

impl From<Vec<Entry>> for Entries {
    fn from(entries: Vec<Entry>) -> Self {
        entries.into_iter().collect()
    }
}

impl From<Entries> for Vec<Entry> {
    fn from(entries: Entries) -> Self {
        entries.into_iter().collect()
    }
}

impl FromIterator<Entry> for Entries {
    fn from_iter<I: IntoIterator<Item = Entry>>(iter: I) -> Self {
        let mut entries = Self::new();
        entries.extend(iter);
        entries
    }
}

impl Extend<Entry> for Entries {
    fn extend<I: IntoIterator<Item = Entry>>(&mut self, iter: I) {
        let iter = iter.into_iter();
        self.reserve(iter.size_hint().0);
        for entry in iter {
            self.push(entry);
        }
    }
}

impl IntoIterator for Entries {
    type Item = Entry;
    type IntoIter = core::iter::Flatten<std::vec::IntoIter<Vec<Entry>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.blocks.into_iter().flatten()
    }
}

impl<'e> IntoIterator for &'e Entries {
    type Item = &'e Entry;
    type IntoIter = core::iter::Flatten<core::slice::Iter<'e, Vec<Entry>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.blocks.iter().flatten()
    }
}

impl PartialEq for Entries {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Eq for Entries {}

list_as_sequence!(Entries);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;

        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of timeline entries")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entries, A::Error> {
                let mut entries = Entries::new();
                // (A length hint is not trusted beyond one block.)
                entries.reserve(seq.size_hint().unwrap_or(0));
                while let Some(entry) = seq.next_element()? {
                    entries.push(entry);
                }
                Ok(entries)
            }
        }

        deserializer.deserialize_seq(EntriesVisitor)
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

    use chrono::{Duration, TimeZone, Utc};

    use super::{BLOCK, Entries, Entry};
    use crate::case::{Effects, Input};

    fn entry(i: usize) -> Entry {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        Entry {
            at: t0 + Duration::minutes(i64::try_from(i).unwrap()),
            input: Input::Tick,
            effects: Effects::new(),
        }
    }

    /// Across block boundaries, entries keep their positions and order however
    /// they are built (pushed, collected, from a `Vec`, deserialised), read the
    /// same forwards, backwards and by position, and serialise as the `Vec` did.
    #[test]
    fn entries_keep_their_order_across_blocks() {
        for n in [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + 3] {
            let list: Vec<Entry> = (0..n).map(entry).collect();
            let mut pushed = Entries::new();
            for e in list.clone() {
                pushed.push(e);
            }
            let json = serde_json::to_string(&list).unwrap();
            let read: Entries = serde_json::from_str(&json).unwrap();
            let built = [
                pushed,
                list.iter().cloned().collect(),
                Entries::from(list.clone()),
                read,
            ];
            for entries in &built {
                assert_eq!(entries.len(), n);
                assert_eq!(entries.is_empty(), n == 0);
                assert!(entries.iter().eq(list.iter()), "{n}");
                assert!(entries.iter().rev().eq(list.iter().rev()), "{n}");
                assert_eq!(entries.iter().len(), n);
                assert_eq!(entries.last(), list.last());
                for (i, e) in list.iter().enumerate() {
                    assert_eq!(entries.get(i), Some(e));
                    assert_eq!(&entries[i], e);
                }
                assert_eq!(entries.get(n), None);
                assert_eq!(serde_json::to_string(entries).unwrap(), json);
                assert_eq!(Vec::from(entries.clone()), list);
                assert_eq!(entries, &built[0]);
                for block in &entries.blocks[..entries.blocks.len().saturating_sub(1)] {
                    assert_eq!(block.len(), BLOCK);
                }
            }
        }
    }
}
