//! The case's embargo: its EM state with the terms that exist only in that state.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::em::EmState;
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
