//! Whom an outgoing message goes to.
//!
//! Most messages a case makes are replies to one participant (an acknowledgement,
//! an answer to a question), so a list of one holds its id inline: a reply costs no
//! heap allocation for its audience. A list of several is shared (`Arc<[_]>`): a
//! case announcing to the same participants again (everyone but the sender, as
//! each local action's message goes) hands out the list it made before
//! ([`RecentLists`]) for the price of a reference count, rather than allocating
//! and copying the ids anew. On the wire and in JSON it is a plain array of ids.

use core::fmt;
use core::hash::{Hash, Hasher};
use core::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer};

use crate::participant::ParticipantId;

/// The recipients of an [`Outgoing`](super::Outgoing) message, in the order the
/// case addresses them. Reads as a slice (`&recipients[..]`, `.iter()`,
/// `.len()`); built from a `Vec`, an array or an iterator of ids.
///
/// ```
/// use mpcvd::case::Recipients;
/// use mpcvd::participant::ParticipantId;
///
/// let acme = ParticipantId::new("acme")?;
/// let to = Recipients::from(vec![acme.clone()]);
/// assert_eq!(to.as_slice(), [acme]);
/// assert_eq!(serde_json::to_string(&to)?, r#"["acme"]"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct Recipients(List);

/// A list's storage: none, one id inline, or several shared (never fewer than
/// two, so that equal lists are stored alike).
#[derive(Clone, Default)]
enum List {
    #[default]
    None,
    One(ParticipantId),
    Many(Arc<[ParticipantId]>),
}

impl Recipients {
    /// No recipients.
    #[must_use]
    pub fn new() -> Self {
        Self(List::None)
    }

    /// One recipient, stored inline.
    #[must_use]
    pub fn one(to: ParticipantId) -> Self {
        Self(List::One(to))
    }

    /// Recipients sharing `list` (one of two or more ids; fewer are held alike
    /// as [`Recipients::new`] and [`Recipients::one`] hold them).
    pub(crate) fn shared(list: Arc<[ParticipantId]>) -> Self {
        match &*list {
            [] => Self::new(),
            [one] => Self::one(one.clone()),
            _ => Self(List::Many(list)),
        }
    }

    /// Adds a recipient at the end (a shared list is copied first).
    pub fn push(&mut self, to: ParticipantId) {
        self.0 = match core::mem::take(&mut self.0) {
            List::None => List::One(to),
            List::One(first) => List::Many(Arc::from([first, to])),
            List::Many(list) => List::Many(list.iter().cloned().chain([to]).collect()),
        };
    }

    /// The recipients as a slice.
    #[must_use]
    pub fn as_slice(&self) -> &[ParticipantId] {
        match &self.0 {
            List::None => &[],
            List::One(to) => core::slice::from_ref(to),
            List::Many(list) => list,
        }
    }

    /// The recipients as a `Vec`.
    #[must_use]
    pub fn into_vec(self) -> Vec<ParticipantId> {
        match self.0 {
            List::None => Vec::new(),
            List::One(to) => vec![to],
            List::Many(list) => list.to_vec(),
        }
    }
}

impl Deref for Recipients {
    type Target = [ParticipantId];

    fn deref(&self) -> &[ParticipantId] {
        self.as_slice()
    }
}

impl AsRef<[ParticipantId]> for Recipients {
    fn as_ref(&self) -> &[ParticipantId] {
        self.as_slice()
    }
}

impl From<Vec<ParticipantId>> for Recipients {
    fn from(mut to: Vec<ParticipantId>) -> Self {
        match to.len() {
            0 => Self::new(),
            1 => to.pop().map_or_else(Self::new, Self::one),
            _ => Self(List::Many(Arc::from(to))),
        }
    }
}

impl<const N: usize> From<[ParticipantId; N]> for Recipients {
    fn from(to: [ParticipantId; N]) -> Self {
        Self::from(Vec::from(to))
    }
}

impl From<Recipients> for Vec<ParticipantId> {
    fn from(to: Recipients) -> Self {
        to.into_vec()
    }
}

impl FromIterator<ParticipantId> for Recipients {
    fn from_iter<I: IntoIterator<Item = ParticipantId>>(iter: I) -> Self {
        Self::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl Extend<ParticipantId> for Recipients {
    fn extend<I: IntoIterator<Item = ParticipantId>>(&mut self, iter: I) {
        let mut all = core::mem::take(self).into_vec();
        all.extend(iter);
        *self = Self::from(all);
    }
}

impl IntoIterator for Recipients {
    type Item = ParticipantId;
    type IntoIter = std::vec::IntoIter<ParticipantId>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a> IntoIterator for &'a Recipients {
    type Item = &'a ParticipantId;
    type IntoIter = core::slice::Iter<'a, ParticipantId>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl PartialEq for Recipients {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Recipients {}

impl Hash for Recipients {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl PartialEq<[ParticipantId]> for Recipients {
    fn eq(&self, other: &[ParticipantId]) -> bool {
        self.as_slice() == other
    }
}

impl PartialEq<Vec<ParticipantId>> for Recipients {
    fn eq(&self, other: &Vec<ParticipantId>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

list_as_sequence!(Recipients);

impl<'de> Deserialize<'de> for Recipients {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<ParticipantId>::deserialize(deserializer).map(Self::from)
    }
}

/// Slots in [`RecentLists`]: a power of two.
const RECENT: usize = 32;
/// A key's hash names a slot: its top bits, shifted right by this much.
const RECENT_SHIFT: u32 = u64::BITS - RECENT.trailing_zeros();
const _: () = assert!(RECENT.is_power_of_two());

/// The lists of several recipients a case made recently, by the positions they
/// name: a message to the same participants as a recent one shares its list.
/// A roster only grows and a position names the same participant for the
/// case's life, so a list kept here never goes stale; only lists of committed
/// participants are kept (a newcomer staged by a refused input never joins).
///
/// A cache, not part of the case: two cases equal in every other field are
/// equal whatever lists they keep, and it is neither saved nor loaded.
#[derive(Clone, Default)]
pub(crate) struct RecentLists {
    /// Each slot's key (see [`RecentLists::key`]) and list; empty until the
    /// first list is kept.
    slots: Vec<Option<(u64, Arc<[ParticipantId]>)>>,
}

impl RecentLists {
    /// The key of a list of `positions`, if it may be kept: two or more
    /// positions, ascending, each below 64 and below `committed` (the number of
    /// participants committed), as one bit per position.
    pub(crate) fn key(positions: &[usize], committed: usize) -> Option<u64> {
        if positions.len() < 2 {
            return None;
        }
        let mut key = 0u64;
        let mut next = 0usize;
        for &p in positions {
            if p < next || p >= committed || p >= 64 {
                return None;
            }
            key |= 1u64.wrapping_shl(p as u32);
            next = p.saturating_add(1);
        }
        Some(key)
    }

    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> RECENT_SHIFT) as usize
    }

    /// The list kept under `key`, if any.
    pub(crate) fn get(&self, key: u64) -> Option<&Arc<[ParticipantId]>> {
        match self.slots.get(Self::slot(key)) {
            Some(Some((k, list))) if *k == key => Some(list),
            _ => None,
        }
    }

    /// Keeps `list` under `key` (in place of the list its slot held).
    pub(crate) fn put(&mut self, key: u64, list: Arc<[ParticipantId]>) {
        if self.slots.is_empty() {
            self.slots.resize(RECENT, None);
        }
        if let Some(slot) = self.slots.get_mut(Self::slot(key)) {
            *slot = Some((key, list));
        }
    }
}

impl PartialEq for RecentLists {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for RecentLists {}

impl fmt::Debug for RecentLists {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kept = self.slots.iter().flatten().count();
        write!(f, "RecentLists({kept} kept)")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test")]

    use std::sync::Arc;

    use super::{List, ParticipantId, RecentLists, Recipients};

    fn ids(names: &[&str]) -> Vec<ParticipantId> {
        names
            .iter()
            .filter_map(|n| ParticipantId::new(n).ok())
            .collect()
    }

    /// The JSON form is the array a `Vec` had: a case saved before the type
    /// changed reads the same, and the schema's `to` stays an array of ids.
    #[test]
    fn recipients_are_a_json_array_of_ids() {
        for names in [&[][..], &["acme"][..], &["acme", "bolt", "cert"][..]] {
            let list = ids(names);
            let to = Recipients::from(list.clone());
            let json = serde_json::to_string(&to).unwrap();
            assert_eq!(json, serde_json::to_string(&list).unwrap());
            let back: Recipients = serde_json::from_str(&json).unwrap();
            assert_eq!(back, list);
            assert_eq!(back.len(), names.len());
        }
        assert!(serde_json::from_str::<Recipients>(r#"["ok", ""]"#).is_err());
    }

    /// However a list is built (pushed, collected, extended, shared), it keeps
    /// its order, equals the same ids built otherwise, and is stored by its
    /// length: none, one inline, several shared.
    #[test]
    fn recipients_keep_their_order() {
        for names in [&[][..], &["c"][..], &["c", "a"][..], &["c", "a", "b"][..]] {
            let list = ids(names);
            let mut pushed = Recipients::new();
            for id in list.clone() {
                pushed.push(id);
            }
            let mut extended = Recipients::one(ParticipantId::new("z").unwrap());
            extended = extended.into_iter().skip(1).collect();
            extended.extend(list.clone());
            let built = [
                pushed,
                Recipients::from(list.clone()),
                list.iter().cloned().collect(),
                extended,
                Recipients::shared(Arc::from(list.clone())),
            ];
            for to in built {
                assert_eq!(to.as_slice(), list.as_slice(), "{names:?}");
                assert_eq!(to.clone().into_vec(), list);
                let stored = match (&to.0, list.len()) {
                    (List::None, 0) | (List::One(_), 1) => true,
                    (List::Many(many), n) => n > 1 && many.len() == n,
                    _ => false,
                };
                assert!(stored, "{names:?}");
            }
        }
    }

    /// Only ascending lists of two or more committed positions below 64 have a
    /// key, one bit per position; a kept list is found under its key alone.
    #[test]
    fn recent_lists_are_kept_by_their_positions() {
        assert_eq!(RecentLists::key(&[0, 2, 5], 6), Some(0b10_0101));
        assert_eq!(RecentLists::key(&[1, 63], 64), Some(1 << 63 | 1 << 1));
        for refused in [
            &[][..],
            &[3][..],
            &[2, 1][..],
            &[1, 1][..],
            &[0, 6][..],
            &[0, 64][..],
        ] {
            assert_eq!(
                RecentLists::key(refused, 6.max(refused.len())),
                None,
                "{refused:?}"
            );
        }
        assert_eq!(RecentLists::key(&[0, 6], 6), None, "6 is not committed");
        let mut recent = RecentLists::default();
        let keys: Vec<u64> = (1..200u64)
            .map(|k| k.wrapping_mul(0x1234_5678_9abc_def1) | 3)
            .collect();
        for &key in &keys {
            let list: Arc<[ParticipantId]> = Arc::from(ids(&["a", "b"]));
            recent.put(key, list.clone());
            assert!(Arc::ptr_eq(recent.get(key).unwrap(), &list));
        }
        let found = keys.iter().filter(|&&k| recent.get(k).is_some()).count();
        assert!((1..=32).contains(&found), "{found}");
        assert!(recent.get(0b1100).is_none());
    }
}
