//! The case's embargo: its EM state with the terms that exist only in that state.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::em::EmState;
use crate::message::MessageType;
use crate::participant::ParticipantId;

/// The terms of an embargo: from `start` until `end` (exclusive), in UTC.
///
/// `end` is after `start`; the case checks this on every proposal and when loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbargoTerms {
    /// When the embargo starts.
    pub start: DateTime<Utc>,
    /// When it ends: disclosure is agreed for this instant.
    pub end: DateTime<Utc>,
}

impl EmbargoTerms {
    /// Terms from `start` until `end` (the case refuses them if `end` is not later).
    #[must_use]
    pub const fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self { start, end }
    }

    /// Whether `end` is after `start`.
    #[must_use]
    pub fn is_well_formed(&self) -> bool {
        self.end > self.start
    }
}

/// Why an embargo ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmbargoEnd {
    /// Its end time passed.
    Expired,
    /// A participant terminated it (`ET`).
    Terminated,
    /// The public became aware.
    PublicAware,
    /// An exploit became public.
    ExploitPublic,
    /// Attacks were observed.
    AttacksObserved,
}

/// The case's embargo, one variant per EM state; data that exists only in a state
/// lives inside that variant (the pending revision exists only in `Revise`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case", deny_unknown_fields)]
pub enum Embargo {
    /// `N`: no embargo.
    None,
    /// `P`: proposed, not yet in force.
    Proposed {
        /// The proposed terms.
        terms: EmbargoTerms,
        /// Who proposed them.
        proposed_by: ParticipantId,
    },
    /// `A`: in force.
    Active {
        /// The terms in force.
        terms: EmbargoTerms,
        /// Who proposed them.
        proposed_by: ParticipantId,
    },
    /// `R`: in force, with a revision pending.
    Revise {
        /// The terms in force.
        terms: EmbargoTerms,
        /// Who proposed the terms in force.
        proposed_by: ParticipantId,
        /// The pending revision.
        pending: EmbargoTerms,
        /// Who proposed the revision.
        revision_by: ParticipantId,
    },
    /// `X`: ended.
    Exited {
        /// The terms that were in force.
        terms: EmbargoTerms,
        /// When it ended.
        at: DateTime<Utc>,
        /// Why.
        reason: EmbargoEnd,
    },
}

impl Embargo {
    /// The EM state.
    #[must_use]
    pub const fn state(&self) -> EmState {
        match self {
            Self::None => EmState::None,
            Self::Proposed { .. } => EmState::Proposed,
            Self::Active { .. } => EmState::Active,
            Self::Revise { .. } => EmState::Revise,
            Self::Exited { .. } => EmState::Exited,
        }
    }

    /// The terms in force, if any.
    #[must_use]
    pub const fn in_force(&self) -> Option<&EmbargoTerms> {
        match self {
            Self::Active { terms, .. } | Self::Revise { terms, .. } => Some(terms),
            _ => None,
        }
    }

    /// Every set of terms held (for validation).
    pub(crate) fn all_terms(&self) -> impl Iterator<Item = &EmbargoTerms> {
        let (a, b) = match self {
            Self::None => (None, None),
            Self::Proposed { terms, .. }
            | Self::Active { terms, .. }
            | Self::Exited { terms, .. } => (Some(terms), None),
            Self::Revise { terms, pending, .. } => (Some(terms), Some(pending)),
        };
        a.into_iter().chain(b)
    }

    /// The participants named (for validation).
    pub(crate) fn named(&self) -> impl Iterator<Item = &ParticipantId> {
        let (a, b) = match self {
            Self::None | Self::Exited { .. } => (None, None),
            Self::Proposed { proposed_by, .. } | Self::Active { proposed_by, .. } => {
                (Some(proposed_by), None)
            }
            Self::Revise {
                proposed_by,
                revision_by,
                ..
            } => (Some(proposed_by), Some(revision_by)),
        };
        a.into_iter().chain(b)
    }
}

/// One decided proposal or revision, kept in the case's embargo history.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbargoRecord {
    /// The terms proposed.
    pub terms: EmbargoTerms,
    /// Who proposed them.
    pub proposed_by: ParticipantId,
    /// Who decided.
    pub decided_by: ParticipantId,
    /// When.
    pub at: DateTime<Utc>,
    /// Whether the terms were accepted.
    pub accepted: bool,
    /// Whether this was a revision of terms in force (else a first proposal).
    pub revision: bool,
}

impl EmbargoEnd {
    /// Why an embargo in force ends once the public facts are `pxa`: an exploit made
    /// public, the public aware, else attacks observed.
    #[must_use]
    pub const fn on_disclosure(pxa: crate::cs::Pxa) -> Self {
        if pxa.exploit_public() {
            Self::ExploitPublic
        } else if pxa.public_aware() {
            Self::PublicAware
        } else {
            Self::AttacksObserved
        }
    }
}

/// The step an embargo follows: the message that moved it and what it carried.
#[derive(Debug, Clone, Copy)]
pub(super) struct EmbargoStep<'a> {
    /// The message (tells `EC`, which adopts the pending terms, from `EJ`, and a
    /// rejection `ER` from a teardown, both `P → N`).
    pub(super) kind: MessageType,
    /// Who sent it.
    pub(super) by: &'a ParticipantId,
    /// The terms it carried (`EP`, `EV`).
    pub(super) terms: Option<EmbargoTerms>,
    /// When.
    pub(super) now: DateTime<Utc>,
    /// Why the embargo ends if this step ends it other than by `ET`.
    pub(super) end: EmbargoEnd,
}

/// How a step changes the participants' embargo consent (PEC, [reference §2](crate::reference)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ConsentChange {
    /// Nobody's consent changes.
    None,
    /// Everyone but the proposer is invited; the proposer signs.
    Propose,
    /// The sender signs.
    Sign,
    /// Everyone is reset; the sender declines.
    Decline,
    /// Everyone is reset (no embargo any more).
    Reset,
    /// The revision is adopted: everyone's consent lapses but the sender's and the
    /// reviser's, who sign.
    LapseAllBut {
        /// Who proposed the revision.
        reviser: ParticipantId,
    },
}

/// The embargo after a step, the decision it records and the consent it changes.
#[derive(Debug, Clone)]
pub(super) struct Followed {
    pub(super) embargo: Embargo,
    pub(super) record: Option<EmbargoRecord>,
    pub(super) consent: ConsentChange,
}

impl Embargo {
    /// Moves the embargo to `to`, the EM state the send or receive table computed
    /// for `step`, placing its terms in the right variant; only the data is placed
    /// here, the transition itself is `em::TRANSITIONS`'.
    pub(super) fn follow(self, to: EmState, step: EmbargoStep<'_>) -> Followed {
        use EmState as S;
        let by = step.by;
        let decided = |terms: EmbargoTerms, proposed_by: &ParticipantId, accepted, revision| {
            Some(EmbargoRecord {
                terms,
                proposed_by: proposed_by.clone(),
                decided_by: by.clone(),
                at: step.now,
                accepted,
                revision,
            })
        };
        let kept = |embargo| Followed {
            embargo,
            record: None,
            consent: ConsentChange::None,
        };
        let followed = match (self, to) {
            (current, to) if current.state() == to && step.terms.is_none() => kept(current),
            (Self::None | Self::Proposed { .. }, S::Proposed) => match step.terms {
                Some(terms) => Followed {
                    embargo: Self::Proposed {
                        terms,
                        proposed_by: by.clone(),
                    },
                    record: None,
                    consent: ConsentChange::Propose,
                },
                None => kept(Self::None),
            },
            (Self::Proposed { terms, proposed_by }, S::Active) => Followed {
                record: decided(terms, &proposed_by, true, false),
                embargo: Self::Active { terms, proposed_by },
                consent: ConsentChange::Sign,
            },
            (Self::Proposed { terms, proposed_by }, S::None) => {
                if step.kind == MessageType::ER {
                    Followed {
                        embargo: Self::None,
                        record: decided(terms, &proposed_by, false, false),
                        consent: ConsentChange::Decline,
                    }
                } else {
                    Followed {
                        embargo: Self::None,
                        record: None,
                        consent: ConsentChange::Reset,
                    }
                }
            }
            (
                Self::Active { terms, proposed_by }
                | Self::Revise {
                    terms, proposed_by, ..
                },
                S::Revise,
            ) => match step.terms {
                Some(pending) => kept(Self::Revise {
                    terms,
                    proposed_by,
                    pending,
                    revision_by: by.clone(),
                }),
                None => kept(Self::Active { terms, proposed_by }),
            },
            (
                Self::Revise {
                    terms,
                    proposed_by,
                    pending,
                    revision_by,
                },
                S::Active,
            ) => {
                if step.kind == MessageType::EC {
                    Followed {
                        record: decided(pending, &revision_by, true, true),
                        embargo: Self::Active {
                            terms: pending,
                            proposed_by: revision_by.clone(),
                        },
                        consent: ConsentChange::LapseAllBut {
                            reviser: revision_by,
                        },
                    }
                } else {
                    Followed {
                        record: decided(pending, &revision_by, false, true),
                        embargo: Self::Active { terms, proposed_by },
                        consent: ConsentChange::None,
                    }
                }
            }
            (Self::Active { terms, .. } | Self::Revise { terms, .. }, S::Exited) => Followed {
                embargo: Self::Exited {
                    terms,
                    at: step.now,
                    reason: if step.kind == MessageType::ET {
                        EmbargoEnd::Terminated
                    } else {
                        step.end
                    },
                },
                record: None,
                consent: ConsentChange::Reset,
            },
            (current, _) => kept(current),
        };
        debug_assert_eq!(
            followed.embargo.state(),
            to,
            "the embargo follows the EM state the tables computed ({:?})",
            step.kind
        );
        followed
    }
}
