//! The case's participants, stored so that staging an input costs what the input
//! touches, not what the case holds.
//!
//! A committed [`Roster`] owns its participants behind an `Arc`; cloning it for a
//! staged copy is one reference count. A staged write lands in a small overlay of
//! edited statuses (or, once an input touches many participants, in a private copy
//! made once); [`Roster::settle`] folds the overlay in place when the staged copy is
//! committed and the old one has been dropped. Look-ups by id use an index once the
//! case is large.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::participant::{Participant, ParticipantId, ParticipantStatus};

/// Up to this many participants, ids are found by a scan (faster than hashing).
const SCAN_LIMIT: usize = 32;
/// Beyond this many edited statuses, a staged roster copies its participants once
/// and writes in place.
const OVERLAY_LIMIT: usize = 32;

/// The participants of a case, members and removed, in the order they joined.
#[derive(Debug, Clone, Default)]
pub(crate) struct Roster {
    all: Arc<Vec<Participant>>,
    /// Position by id, kept only beyond [`SCAN_LIMIT`] participants.
    index: Arc<HashMap<ParticipantId, usize>>,
    /// Staged statuses of participants in `all` (empty once committed).
    edits: Vec<(usize, ParticipantStatus)>,
    /// A participant staged to join (none once committed).
    joined: Option<Participant>,
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
            .or_else(|| self.joined.as_ref().filter(|_| i == self.all.len()))
    }

    /// Participant `i`'s staged status.
    pub(crate) fn status(&self, i: usize) -> Option<&ParticipantStatus> {
        if let Some((_, status)) = self.edits.iter().rev().find(|(j, _)| *j == i) {
            return Some(status);
        }
        self.info(i).map(|p| &p.status)
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
        if Arc::get_mut(&mut self.all).is_none() {
            if let Some(at) = self.edits.iter().position(|(j, _)| *j == i) {
                return self.edits.get_mut(at).map(|(_, s)| s);
            }
            if self.edits.len() < OVERLAY_LIMIT {
                let status = self.all.get(i)?.status;
                self.edits.push((i, status));
                return self.edits.last_mut().map(|(_, s)| s);
            }
        }
        let all = self.fold();
        all.get_mut(i).map(|p| &mut p.status)
    }

    /// Every participant with its staged status.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, &Participant, &ParticipantStatus)> {
        (0..self.len()).filter_map(move |i| Some((i, self.info(i)?, self.status(i)?)))
    }

    /// The position of `id`, if it is a participant.
    pub(crate) fn index_of(&self, id: &ParticipantId) -> Option<usize> {
        let found = if self.all.len() <= SCAN_LIMIT {
            self.all.iter().position(|p| &p.id == id)
        } else {
            self.index.get(id).copied()
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
        self.joined = Some(participant);
    }

    /// Folds the staged overlay and newcomer into the participants; in place when
    /// this roster is the only one holding them (as after a commit).
    pub(crate) fn settle(&mut self) {
        if self.edits.is_empty() && self.joined.is_none() {
            return;
        }
        self.fold();
        if let Some(joined) = self.joined.take() {
            let id = joined.id.clone();
            let all = Arc::make_mut(&mut self.all);
            all.push(joined);
            let len = all.len();
            if len > SCAN_LIMIT {
                if self.index.len().saturating_add(1) == len {
                    Arc::make_mut(&mut self.index).insert(id, len.saturating_sub(1));
                } else {
                    self.index = Arc::new(index(&self.all));
                }
            }
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

fn index(all: &[Participant]) -> HashMap<ParticipantId, usize> {
    if all.len() <= SCAN_LIMIT {
        return HashMap::new();
    }
    all.iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect()
}

impl From<Vec<Participant>> for Roster {
    fn from(all: Vec<Participant>) -> Self {
        Self {
            index: Arc::new(index(&all)),
            all: Arc::new(all),
            edits: Vec::new(),
            joined: None,
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
