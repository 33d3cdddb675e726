//! The case's data: one type for the committed case, the data an input works on,
//! readiness, deadlines and validation on load.
//!
//! A new field of the case is added here once: loading compares it whole with what
//! the timeline replays, and a dry run works on a clone of it. An input works on
//! the committed data in place: the per-participant and append-only parts stage
//! their changes in overlays ([`Roster`], [`Log`]) that commit folds in and a
//! refusal discards, and the input's undo record (`step::undo`) saves the other
//! parts it changes. Parts an input rarely changes sit behind an `Arc`, so a clone
//! (a dry run's, or a caller's copy of the case) costs a few reference counts.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::embargo::{Embargo, EmbargoRecord};
use super::ownership::Ownership;
use super::records::{Advisory, CaseStatus, Dispute};
use super::roster::Roster;
use crate::cs::Pxa;
use crate::policy::Policy;

/// Everything a case holds besides its timeline and time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseData {
    /// The policy in force.
    pub(crate) policy: Arc<Policy>,
    /// The participants, members and removed, in the order they joined.
    pub(crate) participants: Roster,
    /// The one embargo.
    pub(crate) embargo: Embargo,
    /// Every decided proposal and revision, oldest first.
    pub(crate) embargo_history: Log<EmbargoRecord>,
    /// The public facts.
    pub(crate) pxa: Pxa,
    /// Open or closed.
    pub(crate) status: CaseStatus,
    /// The owner and a pending ownership offer (see `Case::owner`).
    #[serde(default)]
    pub(crate) ownership: Ownership,
    /// The case's disputes.
    pub(crate) disputes: Arc<Vec<Dispute>>,
    /// The advisory's content.
    pub(crate) advisory: Arc<Advisory>,
    /// When attacks were first observed (an input of some deadline clocks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) attacks_observed_at: Option<DateTime<Utc>>,
}

impl CaseData {
    /// The data of a case just opened under `policy`.
    pub(crate) fn new(policy: Policy) -> Self {
        Self {
            policy: Arc::new(policy),
            participants: Roster::default(),
            embargo: Embargo::None,
            embargo_history: Log::default(),
            pxa: Pxa::NONE,
            status: CaseStatus::Open,
            ownership: Ownership::default(),
            disputes: Arc::default(),
            advisory: Arc::default(),
            attacks_observed_at: None,
        }
    }

    /// Folds the staged overlays in; called on the data just committed.
    pub(crate) fn settle(&mut self) {
        self.participants.settle();
        self.embargo_history.settle();
    }

    /// Drops the staged overlays (an input refused; the rest of its changes are
    /// put back from its undo record, see `step::undo`).
    pub(crate) fn discard(&mut self) {
        self.participants.discard();
        self.embargo_history.discard();
    }

    /// The name of the first top-level field in which `self` and `other` differ,
    /// read from their serialised forms (so no field list is kept by hand).
    pub(crate) fn first_difference(&self, other: &Self) -> Option<String> {
        let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
            (serde_json::to_value(self), serde_json::to_value(other))
        else {
            return (self != other).then(|| "data".to_owned());
        };
        let names = a.keys().chain(b.keys());
        names
            .into_iter()
            .find(|name| a.get(name.as_str()) != b.get(name.as_str()))
            .cloned()
            .or_else(|| (self != other).then(|| "data".to_owned()))
    }
}

/// An append-only list: a committed part shared behind an `Arc` and a staged tail.
#[derive(Debug, Clone)]
pub(crate) struct Log<T> {
    committed: Arc<Vec<T>>,
    staged: Vec<T>,
}

impl<T> Default for Log<T> {
    fn default() -> Self {
        Self {
            committed: Arc::new(Vec::new()),
            staged: Vec::new(),
        }
    }
}

impl<T: Clone> Log<T> {
    /// Stages one more item.
    pub(crate) fn push(&mut self, item: T) {
        self.staged.push(item);
    }

    /// The committed items.
    pub(crate) fn committed(&self) -> &[T] {
        &self.committed
    }

    /// Every item, staged ones last.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.committed.iter().chain(&self.staged)
    }

    fn discard(&mut self) {
        self.staged.clear();
    }

    fn settle(&mut self) {
        if !self.staged.is_empty() {
            Arc::make_mut(&mut self.committed).append(&mut self.staged);
        }
    }
}

impl<T: PartialEq> PartialEq for Log<T> {
    fn eq(&self, other: &Self) -> bool {
        self.committed
            .iter()
            .chain(&self.staged)
            .eq(other.committed.iter().chain(&other.staged))
    }
}

impl<T: Eq> Eq for Log<T> {}

impl<T: Serialize> Serialize for Log<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        debug_assert!(self.staged.is_empty());
        self.committed.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Log<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self {
            committed: Arc::new(Vec::deserialize(deserializer)?),
            staged: Vec::new(),
        })
    }
}
