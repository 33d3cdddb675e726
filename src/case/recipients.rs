//! Whom an outgoing message goes to.
//!
//! Most messages a case makes are replies to one participant (an acknowledgement,
//! an answer to a question), so the list keeps one recipient inline: a reply costs
//! no heap allocation for its audience, a message to several allocates once, as a
//! `Vec` would. On the wire and in JSON it is a plain array of ids.

use core::fmt;
use core::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use smallvec::SmallVec;

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
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Recipients(SmallVec<[ParticipantId; 1]>);

impl Recipients {
    /// No recipients.
    #[must_use]
    pub fn new() -> Self {
        Self(SmallVec::new())
    }

    /// One recipient, stored inline.
    #[must_use]
    pub fn one(to: ParticipantId) -> Self {
        Self(SmallVec::from_buf([to]))
    }

    /// Room for `capacity` recipients (inline when it is one or none).
    #[must_use]
    pub fn with_capacity(capacity: usize) -> Self {
        Self(SmallVec::with_capacity(capacity))
    }

    /// Adds a recipient at the end.
    pub fn push(&mut self, to: ParticipantId) {
        self.0.push(to);
    }

    /// The recipients as a slice.
    #[must_use]
    pub fn as_slice(&self) -> &[ParticipantId] {
        &self.0
    }

    /// The recipients as a `Vec`.
    #[must_use]
    pub fn into_vec(self) -> Vec<ParticipantId> {
        self.0.into_vec()
    }
}

impl Deref for Recipients {
    type Target = [ParticipantId];

    fn deref(&self) -> &[ParticipantId] {
        &self.0
    }
}

impl AsRef<[ParticipantId]> for Recipients {
    fn as_ref(&self) -> &[ParticipantId] {
        &self.0
    }
}

impl From<Vec<ParticipantId>> for Recipients {
    fn from(to: Vec<ParticipantId>) -> Self {
        Self(SmallVec::from_vec(to))
    }
}

impl<const N: usize> From<[ParticipantId; N]> for Recipients {
    fn from(to: [ParticipantId; N]) -> Self {
        to.into_iter().collect()
    }
}

impl From<Recipients> for Vec<ParticipantId> {
    fn from(to: Recipients) -> Self {
        to.into_vec()
    }
}

impl FromIterator<ParticipantId> for Recipients {
    fn from_iter<I: IntoIterator<Item = ParticipantId>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl Extend<ParticipantId> for Recipients {
    fn extend<I: IntoIterator<Item = ParticipantId>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl IntoIterator for Recipients {
    type Item = ParticipantId;
    type IntoIter = smallvec::IntoIter<[ParticipantId; 1]>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Recipients {
    type Item = &'a ParticipantId;
    type IntoIter = core::slice::Iter<'a, ParticipantId>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
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

impl fmt::Debug for Recipients {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Recipients {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Recipients {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<ParticipantId>::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test")]

    use super::{ParticipantId, Recipients};

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

    /// One recipient is held inline; more spill to the heap in order.
    #[test]
    fn recipients_keep_their_order() {
        let list = ids(&["c", "a", "b"]);
        let mut to = Recipients::new();
        for id in list.clone() {
            to.push(id);
        }
        assert_eq!(to.as_slice(), list.as_slice());
        assert_eq!(to.clone().into_vec(), list);
        let one = Recipients::one(list[0].clone());
        assert_eq!(one.as_slice(), &list[..1]);
        assert!(!one.0.spilled());
        assert!(to.0.spilled());
    }
}
