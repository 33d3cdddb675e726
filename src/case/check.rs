//! The case's invariants, and validated loading.
//!
//! [`Case::check_invariants`] states, once, what every case satisfies; tests, the
//! fuzzers and deserialisation call it. A deserialised case must also be exactly
//! what replaying its own timeline produces, so a hand-edited or corrupted document
//! cannot yield a case the engine could not have reached.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use super::embargo::EmbargoTerms;
use super::error::Limit;
use super::input::Input;
use super::records::{CaseStatus, DisputeState};
use super::timeline::ReplayError;
use super::{Case, MAX_PARTICIPANTS, MAX_TIMELINE};
use crate::cs::{CaseState, Vfd};
use crate::em::EmState;
use crate::participant::{Participant, ParticipantId};
use crate::protocol::{CsScope, ProtocolState, StateInvariantError};

/// A broken case invariant.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum InvariantViolation {
    /// Two participants share an id.
    #[error("participants: `{id}` appears twice")]
    DuplicateParticipant {
        /// The id.
        id: ParticipantId,
    },
    /// A participant holds no role.
    #[error("participants: `{id}` has no role")]
    NoRoles {
        /// The id.
        id: ParticipantId,
    },
    /// A participant's `(RM, EM, CS)` is impossible.
    #[error("participant `{participant}`: {source}")]
    State {
        /// The participant.
        participant: ParticipantId,
        /// The rule broken.
        source: StateInvariantError,
    },
    /// An embargo in force although attacks were observed, under a policy where
    /// attacks end embargoes.
    #[error(
        "embargo: `{em}` is in force although attacks were observed and the policy says attacks end embargoes"
    )]
    EmbargoDespiteAttacks {
        /// The EM state.
        em: EmState,
    },
    /// A fix status the participant's roles cannot have.
    #[error(
        "participant `{participant}`: fix status `{vfd}` is impossible for its roles (scope {scope:?})"
    )]
    FixStatusOutsideScope {
        /// The participant.
        participant: ParticipantId,
        /// Its fix status.
        vfd: Vfd,
        /// What its roles let it record.
        scope: CsScope,
    },
    /// Embargo terms ending before they start.
    #[error("{field}: embargo from {} to {} ends before it starts", .terms.start, .terms.end)]
    EmbargoTerms {
        /// Where.
        field: &'static str,
        /// The terms.
        terms: EmbargoTerms,
    },
    /// A reference to a participant the case does not have.
    #[error("{field}: `{id}` is not a participant of the case")]
    UnknownReference {
        /// Where.
        field: &'static str,
        /// The id.
        id: ParticipantId,
    },
    /// Timeline entries out of time order, or later than the case's time.
    #[error("timeline: entry {index} at {at} is out of order")]
    TimeOrder {
        /// The entry.
        index: usize,
        /// Its time.
        at: DateTime<Utc>,
    },
    /// A documented bound is exceeded.
    #[error("{what}: limit {limit}, found {found}")]
    TooLarge {
        /// Which bound.
        what: Limit,
        /// The bound.
        limit: usize,
        /// The size found.
        found: usize,
    },
}

/// Why a case document was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum LoadError {
    /// An invariant is broken.
    #[error("invalid case: {0}")]
    Invariant(#[from] InvariantViolation),
    /// The timeline does not replay.
    #[error("invalid case: {0}")]
    Replay(#[from] ReplayError),
    /// A field differs from what replaying the timeline produces.
    #[error("invalid case: `{field}` differs from what its timeline produces")]
    Mismatch {
        /// The field (`now`, or a field of `data`).
        field: String,
    },
}

impl Case {
    /// Checks every invariant that can be read off the case as it stands:
    /// - participant ids are unique and every participant holds a role;
    /// - each participant's `(RM, EM, CS)` is a consistent protocol state (no
    ///   embargo in force while `P` or `X`; a fix only once accepted; no lasting
    ///   `···pX·`), and attacks end embargoes when the policy says so;
    /// - fix status `V ≤ F ≤ D` (by construction) and within the roles' scope;
    /// - at most one embargo, with well-formed terms (by construction of
    ///   [`Embargo`](super::Embargo), and checked here);
    /// - every participant named (embargo, history, organisations, timeline)
    ///   exists; timeline times are ordered; bounds hold.
    ///
    /// "Closed participants never change" and "replaying the timeline reproduces the
    /// case" concern history; [`Case::replay`] and loading check the latter.
    ///
    /// # Errors
    /// The first [`InvariantViolation`] found.
    pub fn check_invariants(&self) -> Result<(), InvariantViolation> {
        let participants = self.data.participants.committed();
        check_bounds(participants.len(), self.timeline.entries.len())?;
        for (i, p) in participants.iter().enumerate() {
            if self.index_of(&p.id) != Some(i) {
                return Err(InvariantViolation::DuplicateParticipant { id: p.id.clone() });
            }
            self.check_participant(p)?;
        }
        let data = &self.data;
        let em = data.embargo.state();
        if em.is_in_force()
            && data.pxa.attacks_observed()
            && data.policy.protocol_options().attacks_end_embargo
        {
            return Err(InvariantViolation::EmbargoDespiteAttacks { em });
        }
        for terms in data.embargo.all_terms() {
            check_terms("embargo", terms)?;
        }
        for id in data.embargo.named() {
            self.known("embargo", id)?;
        }
        for record in data.embargo_history.iter() {
            check_terms("embargo_history", &record.terms)?;
            self.known("embargo_history", &record.proposed_by)?;
            self.known("embargo_history", &record.decided_by)?;
        }
        for dispute in data.disputes.iter() {
            self.known("disputes", &dispute.opened_by)?;
            if let DisputeState::Concluded { agreed_by, .. } = &dispute.state {
                for id in agreed_by {
                    self.known("disputes", id)?;
                }
            }
        }
        if let CaseStatus::Closed { by, .. } = &data.status {
            self.known("status", by)?;
        }
        self.check_ownership()?;
        self.check_timeline()
    }

    fn check_participant(&self, p: &Participant) -> Result<(), InvariantViolation> {
        if p.roles.is_empty() {
            return Err(InvariantViolation::NoRoles { id: p.id.clone() });
        }
        let cs = CaseState::new(p.vfd(), self.data.pxa);
        ProtocolState::new(p.rm(), self.data.embargo.state(), cs).map_err(|source| {
            InvariantViolation::State {
                participant: p.id.clone(),
                source,
            }
        })?;
        let scope = p.roles.scope();
        let fits = scope.fix_statuses().contains(p.vfd());
        if !fits {
            return Err(InvariantViolation::FixStatusOutsideScope {
                participant: p.id.clone(),
                vfd: p.vfd(),
                scope,
            });
        }
        if let Some(parent) = p.organisation.as_ref().and_then(|o| o.parent.as_ref()) {
            self.known("participants.organisation.parent", parent)?;
        }
        Ok(())
    }

    fn check_timeline(&self) -> Result<(), InvariantViolation> {
        let mut last = self.timeline.created;
        for (index, entry) in self.timeline.entries.iter().enumerate() {
            if entry.at < last || entry.at > self.now {
                return Err(InvariantViolation::TimeOrder {
                    index,
                    at: entry.at,
                });
            }
            last = entry.at;
            for id in named_by(&entry.input) {
                self.known("timeline", id)?;
            }
        }
        Ok(())
    }

    fn known(&self, field: &'static str, id: &ParticipantId) -> Result<(), InvariantViolation> {
        if self.index_of(id).is_some() {
            Ok(())
        } else {
            Err(InvariantViolation::UnknownReference {
                field,
                id: id.clone(),
            })
        }
    }
}

fn check_bounds(participants: usize, entries: usize) -> Result<(), InvariantViolation> {
    if participants > MAX_PARTICIPANTS {
        return Err(InvariantViolation::TooLarge {
            what: Limit::Participants,
            limit: MAX_PARTICIPANTS,
            found: participants,
        });
    }
    if entries > MAX_TIMELINE {
        return Err(InvariantViolation::TooLarge {
            what: Limit::Timeline,
            limit: MAX_TIMELINE,
            found: entries,
        });
    }
    Ok(())
}

fn check_terms(field: &'static str, terms: &EmbargoTerms) -> Result<(), InvariantViolation> {
    if terms.is_well_formed() {
        Ok(())
    } else {
        Err(InvariantViolation::EmbargoTerms {
            field,
            terms: *terms,
        })
    }
}

/// The participants an input names (added participants excepted: they are new).
fn named_by(input: &Input) -> Vec<&ParticipantId> {
    match input {
        Input::Message { message } => core::iter::once(&message.from).chain(&message.to).collect(),
        Input::Act { actor, action } => {
            use super::input::Action;
            let mut ids = vec![actor];
            match action {
                Action::Submit { to, .. } => ids.push(to),
                Action::MarkAffected { vendor, .. } => ids.push(vendor),
                Action::ResolveDispute { agreed_by, .. } => ids.extend(agreed_by),
                _ => {}
            }
            ids
        }
        Input::ChangePolicy { by, .. } => by.iter().collect(),
        Input::Status { participant, .. } => vec![participant],
        Input::AddParticipant { participant, by } => {
            let parent = participant
                .organisation
                .as_ref()
                .and_then(|o| o.parent.as_ref());
            by.iter().chain(parent).collect()
        }
        Input::RemoveParticipant { participant, by } => {
            core::iter::once(participant).chain(by).collect()
        }
        Input::OfferOwnership { to, by } => vec![to, by],
        Input::AcceptOwnership { by } | Input::RejectOwnership { by } => vec![by],
        Input::Tick => Vec::new(),
    }
}

impl Case {
    /// Checks a deserialised case: its invariants, then that replaying its timeline
    /// yields exactly its data and time. The timeline is replayed taken (nothing is
    /// copied), so the case it rebuilt, equal to this one, is returned in its place.
    pub(super) fn validated(self) -> Result<Self, LoadError> {
        self.check_invariants()?;
        let Self {
            timeline,
            now,
            data,
            recent: _,
        } = self;
        let replayed = Self::replay_owned(timeline)?;
        if let Some(field) = replayed.data.first_difference(&data) {
            return Err(LoadError::Mismatch { field });
        }
        // The case's time may be later than its last entry only if nothing was
        // handled since; replay ends at the last entry (or creation).
        if replayed.now != now {
            return Err(LoadError::Mismatch {
                field: "now".to_owned(),
            });
        }
        Ok(replayed)
    }
}

impl Serialize for Case {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Self::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Case {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize(deserializer)?
            .validated()
            .map_err(serde::de::Error::custom)
    }
}
