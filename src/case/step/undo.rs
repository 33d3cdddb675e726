//! What an input changed in the case's data, kept to put back if it is refused.
//!
//! An input works on the committed data in place (no staged copy to make, count
//! references for and drop). Per-participant statuses and the embargo history
//! stage their changes in overlays of their own ([`Roster`](crate::case::roster),
//! `Log`), which a refusal discards; every other part is saved here the first time
//! the input changes it ([`Work::embargo_mut`] and its siblings), or at the start
//! when it is a copy of a few bytes. [`Work::rollback`] puts them back.
//!
//! In debug builds (the tests) each input also keeps a full copy of the data it
//! started from, and a rollback checks that the data equals it again: a write
//! that bypassed these methods fails the first test that refuses such an input.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::Work;
use crate::case::data::CaseData;
use crate::case::embargo::Embargo;
use crate::case::ownership::Ownership;
use crate::case::records::{Advisory, CaseStatus, Dispute};
use crate::cs::Pxa;
use crate::policy::Policy;

/// The parts of the case's data an input changed, as they were before it.
#[derive(Debug)]
pub(super) struct Undo {
    policy: Option<Arc<Policy>>,
    embargo: Option<Embargo>,
    status: Option<CaseStatus>,
    ownership: Option<Ownership>,
    disputes: Option<Arc<Vec<Dispute>>>,
    advisory: Option<Arc<Advisory>>,
    pxa: Pxa,
    attacks_observed_at: Option<DateTime<Utc>>,
    /// The whole data as it was (debug builds: checked on rollback).
    #[cfg(debug_assertions)]
    snapshot: CaseData,
}

impl Undo {
    /// Nothing changed yet in `data`.
    pub(super) fn of(data: &CaseData) -> Self {
        Self {
            policy: None,
            embargo: None,
            status: None,
            ownership: None,
            disputes: None,
            advisory: None,
            pxa: data.pxa,
            attacks_observed_at: data.attacks_observed_at,
            #[cfg(debug_assertions)]
            snapshot: data.clone(),
        }
    }
}

impl Work<'_> {
    /// The policy in force when the input arrived (a `ChangePolicy` input replaces
    /// the one in `after`).
    pub(in crate::case) fn policy_before(&self) -> &Policy {
        self.undo.policy.as_deref().unwrap_or(&self.after.policy)
    }

    /// Whether the case was open or closed when the input arrived.
    pub(in crate::case) fn status_before(&self) -> &CaseStatus {
        self.undo.status.as_ref().unwrap_or(&self.after.status)
    }

    /// The embargo, to change.
    pub(super) fn embargo_mut(&mut self) -> &mut Embargo {
        if self.undo.embargo.is_none() {
            self.undo.embargo = Some(self.after.embargo.clone());
        }
        &mut self.after.embargo
    }

    /// Replaces the policy.
    pub(super) fn set_policy(&mut self, policy: Policy) {
        let old = core::mem::replace(&mut self.after.policy, Arc::new(policy));
        self.undo.policy.get_or_insert(old);
    }

    /// Opens or closes the case.
    pub(super) fn set_status(&mut self, status: CaseStatus) {
        let old = core::mem::replace(&mut self.after.status, status);
        self.undo.status.get_or_insert(old);
    }

    /// Replaces the ownership.
    pub(super) fn set_ownership(&mut self, ownership: Ownership) {
        let old = core::mem::replace(&mut self.after.ownership, ownership);
        self.undo.ownership.get_or_insert(old);
    }

    /// The disputes, to change (copied on the first change: the saved list keeps
    /// the old ones).
    pub(super) fn disputes_mut(&mut self) -> &mut Vec<Dispute> {
        if self.undo.disputes.is_none() {
            self.undo.disputes = Some(Arc::clone(&self.after.disputes));
        }
        Arc::make_mut(&mut self.after.disputes)
    }

    /// Replaces the advisory.
    pub(super) fn set_advisory(&mut self, advisory: Advisory) {
        let old = core::mem::replace(&mut self.after.advisory, Arc::new(advisory));
        self.undo.advisory.get_or_insert(old);
    }

    /// Puts back everything the input changed: the data is again as it was before.
    pub(super) fn rollback(&mut self) {
        let data = &mut *self.after;
        let undo = &mut self.undo;
        put_back(&mut data.policy, &mut undo.policy);
        put_back(&mut data.embargo, &mut undo.embargo);
        put_back(&mut data.status, &mut undo.status);
        put_back(&mut data.ownership, &mut undo.ownership);
        put_back(&mut data.disputes, &mut undo.disputes);
        put_back(&mut data.advisory, &mut undo.advisory);
        data.pxa = undo.pxa;
        data.attacks_observed_at = undo.attacks_observed_at;
        data.discard();
        #[cfg(debug_assertions)]
        debug_assert!(
            *data == undo.snapshot,
            "a refused input left the case changed in {:?}",
            data.first_difference(&undo.snapshot)
        );
    }
}

/// Restores `part` from `saved`, if the input saved it (changed it).
fn put_back<T>(part: &mut T, saved: &mut Option<T>) {
    if let Some(old) = saved.take() {
        *part = old;
    }
}
