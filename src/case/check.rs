//! The case's invariants, and validated loading.
//!
//! [`Case::check_invariants`] states, once, what every case satisfies; tests, the
//! fuzzers and deserialisation call it. A deserialised case must also be exactly
//! what replaying its own timeline produces, so a hand-edited or corrupted document
//! cannot yield a case the engine could not have reached.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};
use thiserror::Error;

use super::embargo::{Embargo, EmbargoRecord, EmbargoTerms};
use super::error::Limit;
use super::input::Input;
use super::ownership::Ownership;
use super::records::{Advisory, CaseStatus, Dispute, DisputeState};
use super::timeline::{ReplayError, Timeline};
use super::{Case, MAX_PARTICIPANTS, MAX_TIMELINE};
use crate::cs::{CaseState, Pxa, Vfd};
use crate::em::EmState;
use crate::participant::{Participant, ParticipantId};
use crate::policy::Policy;
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
        /// The field.
        field: &'static str,
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
    ///   [`Embargo`], and checked here);
    /// - every participant named (embargo, history, organisations, timeline)
    ///   exists; timeline times are ordered; bounds hold.
    ///
    /// "Closed participants never change" and "replaying the timeline reproduces the
    /// case" concern history; [`Case::replay`] and loading check the latter.
    ///
    /// # Errors
    /// The first [`InvariantViolation`] found.
    pub fn check_invariants(&self) -> Result<(), InvariantViolation> {
        check_bounds(self.participants.len(), self.timeline.entries.len())?;
        for (i, p) in self.participants.iter().enumerate() {
            if self.participants.iter().take(i).any(|q| q.id == p.id) {
                return Err(InvariantViolation::DuplicateParticipant { id: p.id.clone() });
            }
            self.check_participant(p)?;
        }
        let em = self.embargo.state();
        if em.is_in_force()
            && self.pxa.attacks_observed()
            && self.policy.protocol_options().attacks_end_embargo
        {
            return Err(InvariantViolation::EmbargoDespiteAttacks { em });
        }
        for terms in self.embargo.all_terms() {
            check_terms("embargo", terms)?;
        }
        for id in self.embargo.named() {
            self.known("embargo", id)?;
        }
        for record in &self.embargo_history {
            check_terms("embargo_history", &record.terms)?;
            self.known("embargo_history", &record.proposed_by)?;
            self.known("embargo_history", &record.decided_by)?;
        }
        for dispute in &self.disputes {
            self.known("disputes", &dispute.opened_by)?;
            if let DisputeState::Concluded { agreed_by, .. } = &dispute.state {
                for id in agreed_by {
                    self.known("disputes", id)?;
                }
            }
        }
        if let CaseStatus::Closed { by, .. } = &self.status {
            self.known("status", by)?;
        }
        self.check_ownership()?;
        self.check_timeline()
    }

    fn check_participant(&self, p: &Participant) -> Result<(), InvariantViolation> {
        if p.roles.is_empty() {
            return Err(InvariantViolation::NoRoles { id: p.id.clone() });
        }
        let cs = CaseState::new(p.vfd(), self.pxa);
        ProtocolState::new(p.rm(), self.embargo.state(), cs).map_err(|source| {
            InvariantViolation::State {
                participant: p.id.clone(),
                source,
            }
        })?;
        let scope = p.roles.scope();
        let fits = match scope {
            CsScope::Vendor => true,
            CsScope::Deployer => matches!(p.vfd(), Vfd::Unaware | Vfd::FixDeployed),
            CsScope::Observer => p.vfd() == Vfd::Unaware,
        };
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    timeline: Timeline,
    policy: Policy,
    now: DateTime<Utc>,
    participants: Vec<Participant>,
    embargo: Embargo,
    embargo_history: Vec<EmbargoRecord>,
    pxa: Pxa,
    status: CaseStatus,
    #[serde(default)]
    ownership: Ownership,
    disputes: Vec<Dispute>,
    advisory: Advisory,
    #[serde(default)]
    attacks_observed_at: Option<DateTime<Utc>>,
}

impl TryFrom<RawCase> for Case {
    type Error = LoadError;

    fn try_from(raw: RawCase) -> Result<Self, LoadError> {
        check_bounds(raw.participants.len(), raw.timeline.entries.len())?;
        let case = Self {
            timeline: raw.timeline,
            policy: raw.policy,
            now: raw.now,
            participants: raw.participants,
            embargo: raw.embargo,
            embargo_history: raw.embargo_history,
            pxa: raw.pxa,
            status: raw.status,
            ownership: raw.ownership,
            disputes: raw.disputes,
            advisory: raw.advisory,
            attacks_observed_at: raw.attacks_observed_at,
        };
        case.check_invariants()?;
        let replayed = Self::replay(&case.timeline)?;
        let fields = [
            ("participants", replayed.participants == case.participants),
            ("embargo", replayed.embargo == case.embargo),
            (
                "embargo_history",
                replayed.embargo_history == case.embargo_history,
            ),
            ("pxa", replayed.pxa == case.pxa),
            ("policy", replayed.policy == case.policy),
            ("status", replayed.status == case.status),
            ("ownership", replayed.ownership == case.ownership),
            ("disputes", replayed.disputes == case.disputes),
            ("advisory", replayed.advisory == case.advisory),
            (
                "attacks_observed_at",
                replayed.attacks_observed_at == case.attacks_observed_at,
            ),
            // The case's time may be later than its last entry only if nothing was
            // handled since; replay ends at the last entry (or creation).
            ("now", replayed.now == case.now),
        ];
        match fields.into_iter().find(|&(_, same)| !same) {
            Some((field, _)) => Err(LoadError::Mismatch { field }),
            None => Ok(case),
        }
    }
}

impl<'de> Deserialize<'de> for Case {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawCase::deserialize(deserializer)?;
        Self::try_from(raw).map_err(serde::de::Error::custom)
    }
}
