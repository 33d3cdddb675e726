//! The effects of one input, as its timeline entry keeps them.
//!
//! Most inputs have two effects or fewer (a reply, a message and its deadline, a
//! warning), so the list keeps two inline: such an input allocates nothing for its
//! effects, where a `Vec` allocated once per input that had any. On the wire and
//! in JSON it is a plain array of effects.

use core::ops::{Deref, DerefMut};

use serde::{Deserialize, Deserializer};
use smallvec::SmallVec;

use super::effect::Effect;

/// How many effects a list holds without allocating.
const INLINE: usize = 2;

/// The effects of one handled input, in the order the case made them
/// ([`Entry::effects`](super::Entry::effects)). Reads as a slice (`&effects[..]`,
/// `.iter()`, `.len()`); built from a `Vec`, an array or an iterator of effects.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use mpcvd::case::{Deadline, DeadlineKind, Effect, Effects};
///
/// let at = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
/// let ends = Effect::Deadline(Deadline { at, kind: DeadlineKind::EmbargoEnds });
/// let mut effects = Effects::new();
/// effects.push(ends.clone());
/// assert_eq!(effects.as_slice(), [ends.clone()]);
/// assert_eq!(effects.pop(), Some(ends));
/// assert!(effects.is_empty());
/// assert_eq!(serde_json::to_string(&effects)?, "[]");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Effects(SmallVec<[Effect; INLINE]>);

impl Effects {
    /// No effects.
    #[must_use]
    pub fn new() -> Self {
        Self(SmallVec::new())
    }

    /// Adds an effect at the end.
    pub fn push(&mut self, effect: Effect) {
        self.0.push(effect);
    }

    /// Removes the last effect, if any.
    pub fn pop(&mut self) -> Option<Effect> {
        self.0.pop()
    }

    /// Removes every effect, keeping the room.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// The effects as a slice.
    #[must_use]
    pub fn as_slice(&self) -> &[Effect] {
        &self.0
    }

    /// The effects as a `Vec`.
    #[must_use]
    pub fn into_vec(self) -> Vec<Effect> {
        self.0.into_vec()
    }

    /// Makes room for `more` effects about to be pushed, exactly, the first time
    /// they would not fit inline (later growth doubles, as a `Vec`'s does).
    pub(crate) fn expect(&mut self, more: usize) {
        if !self.0.spilled() && self.0.len().saturating_add(more) > INLINE {
            self.0.reserve_exact(more);
        }
    }
}

impl Deref for Effects {
    type Target = [Effect];

    fn deref(&self) -> &[Effect] {
        &self.0
    }
}

impl DerefMut for Effects {
    fn deref_mut(&mut self) -> &mut [Effect] {
        &mut self.0
    }
}

impl AsRef<[Effect]> for Effects {
    fn as_ref(&self) -> &[Effect] {
        &self.0
    }
}

impl From<Vec<Effect>> for Effects {
    fn from(effects: Vec<Effect>) -> Self {
        Self(SmallVec::from_vec(effects))
    }
}

impl<const N: usize> From<[Effect; N]> for Effects {
    fn from(effects: [Effect; N]) -> Self {
        effects.into_iter().collect()
    }
}

impl From<Effects> for Vec<Effect> {
    fn from(effects: Effects) -> Self {
        effects.into_vec()
    }
}

impl FromIterator<Effect> for Effects {
    fn from_iter<I: IntoIterator<Item = Effect>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl Extend<Effect> for Effects {
    fn extend<I: IntoIterator<Item = Effect>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl IntoIterator for Effects {
    type Item = Effect;
    type IntoIter = smallvec::IntoIter<[Effect; INLINE]>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Effects {
    type Item = &'a Effect;
    type IntoIter = core::slice::Iter<'a, Effect>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl PartialEq<[Effect]> for Effects {
    fn eq(&self, other: &[Effect]) -> bool {
        self.as_slice() == other
    }
}

impl PartialEq<Vec<Effect>> for Effects {
    fn eq(&self, other: &Vec<Effect>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

list_as_sequence!(Effects);

impl<'de> Deserialize<'de> for Effects {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Effect>::deserialize(deserializer).map(Self::from)
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

    use super::{Effect, Effects, INLINE};
    use crate::case::{Deadline, DeadlineKind};

    /// `n` distinct effects.
    fn effects(n: usize) -> Vec<Effect> {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        (0..n)
            .map(|i| {
                Effect::Deadline(Deadline {
                    at: t0 + Duration::days(i64::try_from(i).unwrap()),
                    kind: DeadlineKind::EmbargoEnds,
                })
            })
            .collect()
    }

    /// The JSON form is the array a `Vec` had, inline or spilled: a case saved
    /// before the type changed reads the same, and the schema is unchanged.
    #[test]
    fn effects_are_a_json_array() {
        for n in [0, 1, INLINE, INLINE + 1, 5] {
            let list = effects(n);
            let kept = Effects::from(list.clone());
            let json = serde_json::to_string(&kept).unwrap();
            assert_eq!(json, serde_json::to_string(&list).unwrap());
            let back: Effects = serde_json::from_str(&json).unwrap();
            assert_eq!(back, list);
            assert_eq!(back.len(), n);
        }
    }

    /// Pushing, with or without room made first, keeps the order, and pop and
    /// clear undo pushes; inline and spilled alike.
    #[test]
    fn effects_keep_their_order() {
        for n in [0, 1, INLINE, INLINE + 1, 7] {
            let list = effects(n);
            for expected in [0, n] {
                let mut kept = Effects::new();
                kept.expect(expected);
                for e in list.clone() {
                    kept.push(e);
                }
                assert_eq!(kept.as_slice(), list.as_slice());
                assert_eq!(kept.clone().into_vec(), list);
                assert_eq!(kept.pop(), list.last().cloned());
                assert_eq!(kept.len(), n.saturating_sub(1));
                kept.clear();
                assert!(kept.is_empty());
            }
        }
    }
}
