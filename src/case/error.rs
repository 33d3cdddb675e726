//! Why a case refuses an input. A refused input leaves the case unchanged.

use chrono::{DateTime, Utc};
use serde::Serialize;
use thiserror::Error;

use super::embargo::EmbargoTerms;
use super::input::{ActionKind, PayloadKind};
use crate::message::{MessageType, SendError};
use crate::participant::ParticipantId;
use crate::protocol::ProtocolState;
use crate::rule::Rule;

/// What was attempted: a local action or a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Attempt {
    /// A local action.
    Action(ActionKind),
    /// Sending a message.
    Message(MessageType),
    /// Reporting one's own status.
    Status,
}

impl core::fmt::Display for Attempt {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Action(kind) => write!(f, "{kind}"),
            Self::Message(kind) => write!(f, "send {kind}"),
            Self::Status => f.write_str("report this status"),
        }
    }
}

/// A protocol refusal: who tried what, in which state, which rule refused it, and
/// what that participant could do instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// The rule that refused, by stable id.
    pub rule: Rule,
    /// Who attempted it.
    pub participant: ParticipantId,
    /// What was attempted.
    pub attempt: Attempt,
    /// The participant's protocol state (kept).
    pub state: ProtocolState,
    /// Why, for people.
    pub reason: String,
    /// The actions the participant may take now.
    pub allowed: Vec<ActionKind>,
    /// The error reply the protocol prescribes to the sender, for messages
    /// received from a peer (`RE`, `EE`, `CE`, `GE`).
    pub reply: Option<MessageType>,
}

impl core::fmt::Display for Refusal {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "[{}] {} may not {} in {}: {}; allowed now: ",
            self.rule, self.participant, self.attempt, self.state, self.reason
        )?;
        if self.allowed.is_empty() {
            f.write_str("nothing")?;
        }
        for (i, kind) in self.allowed.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{kind}")?;
        }
        f.write_str(" (case unchanged)")
    }
}

/// A coordinator rule's verdict on an input: the rule, the responsibility it
/// serves, the policy that set it, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyVerdict {
    /// The rule, by stable id.
    pub rule: Rule,
    /// The responsibility it serves.
    pub responsibility: crate::rule::Responsibility,
    /// The policy's name and version.
    pub policy: String,
    /// The participant concerned, if one.
    pub participant: Option<ParticipantId>,
    /// Why, for people.
    pub reason: String,
}

/// Which bound an input or a case exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Limit {
    /// Participants per case ([`MAX_PARTICIPANTS`](super::MAX_PARTICIPANTS)).
    Participants,
    /// Timeline entries ([`MAX_TIMELINE`](super::MAX_TIMELINE)).
    Timeline,
    /// Bytes of free text in one input
    /// ([`MAX_TEXT_LEN`](crate::participant::MAX_TEXT_LEN)).
    Text,
    /// Recipients of one message ([`MAX_PARTICIPANTS`](super::MAX_PARTICIPANTS)).
    Recipients,
    /// List items in one input, or disputes in a case
    /// ([`MAX_RECORDS`](super::MAX_RECORDS)).
    Records,
}

/// Why a case refused an input. The case is unchanged.
///
/// Three classes ([`CaseError::class`]): the caller misused the API, a peer broke
/// the protocol in a message, or the protocol refuses a local action.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CaseError {
    /// The protocol refuses a participant's local action.
    #[error("refused: {0}")]
    Refused(Box<Refusal>),
    /// A message from a peer breaks the protocol.
    #[error("peer violation: {0}")]
    PeerViolation(Box<Refusal>),
    /// No participant with this id is in the case.
    #[error("[participant.unknown] `{id}` is not a participant of this case (case unchanged)")]
    UnknownParticipant {
        /// The id.
        id: ParticipantId,
    },
    /// The participant was removed.
    #[error("[participant.removed] `{id}` was removed from this case (case unchanged)")]
    RemovedParticipant {
        /// The id.
        id: ParticipantId,
    },
    /// The id is taken.
    #[error(
        "[participant.duplicate] a participant `{id}` is already in this case (case unchanged)"
    )]
    DuplicateParticipant {
        /// The id.
        id: ParticipantId,
    },
    /// A participant needs at least one role.
    #[error("[participant.roles] participant `{id}` has no role (case unchanged)")]
    NoRoles {
        /// The id.
        id: ParticipantId,
    },
    /// The input's time is before the case's last input.
    #[error(
        "[time.monotonic] input at {now} is earlier than the case's last input at {last} (case unchanged)"
    )]
    TimeWentBackwards {
        /// The input's time.
        now: DateTime<Utc>,
        /// The case's last time.
        last: DateTime<Utc>,
    },
    /// The payload does not fit the message type.
    #[error("[message.payload] `{message}` cannot carry a {found} payload (case unchanged)")]
    Payload {
        /// The message type.
        message: MessageType,
        /// The payload given.
        found: PayloadKind,
    },
    /// Bad recipients.
    #[error("[message.recipients] {reason} (case unchanged)")]
    Recipients {
        /// What is wrong.
        reason: String,
    },
    /// A bound was exceeded.
    #[error("[limits] {what} limit is {limit}, the input needs {found} (case unchanged)")]
    TooLarge {
        /// Which bound.
        what: Limit,
        /// The bound.
        limit: usize,
        /// What the input needed.
        found: usize,
    },
    /// The case is closed.
    #[error(
        "[case.closed] the case was closed at {at}; only an explicit reopening is accepted (case unchanged)"
    )]
    CaseClosed {
        /// When it was closed.
        at: DateTime<Utc>,
    },
    /// A record (dispute) that does not exist or is in the wrong state.
    #[error("[case.unknown-record] {reason} (case unchanged)")]
    UnknownRecord {
        /// What is wrong.
        reason: String,
    },
    /// The participant may not do this (e.g. mark another vendor affected without
    /// being a coordinator; powers over the case are [`CaseError::Unauthorised`]).
    #[error("[case.role] `{participant}` may not {action}: {reason} (case unchanged)")]
    NotPermitted {
        /// Who.
        participant: ParticipantId,
        /// What.
        action: ActionKind,
        /// Why not.
        reason: String,
    },
    /// The input uses a power over the case that its author does not hold under
    /// the policy, or does not say who its author is (see
    /// [`crate::policy::authority`]).
    #[error("[{rule}] {reason} (case unchanged)")]
    Unauthorised {
        /// The `authority.` rule, by stable id.
        rule: Rule,
        /// The power the input uses.
        power: crate::policy::Power,
        /// Who attempted it, if the input says.
        by: Option<ParticipantId>,
        /// Why, naming who may.
        reason: String,
        /// The error reply the protocol prescribes to the sender, for messages
        /// received from a peer (`EE`).
        reply: Option<MessageType>,
    },
    /// A coordinator rule of the case's policy refuses the input.
    #[error("[{}] policy `{}` refuses this ({}): {} (case unchanged)", .0.rule, .0.policy, .0.responsibility, .0.reason)]
    PolicyDenied(Box<PolicyVerdict>),
    /// A policy that cannot be used.
    #[error("invalid policy: {0} (case unchanged)")]
    InvalidPolicy(#[from] crate::policy::PolicyError),
    /// Embargo terms that end before they start, or in the past.
    #[error("[embargo.terms] embargo from {} to {} {reason} (case unchanged)", .terms.start, .terms.end)]
    InvalidTerms {
        /// The terms.
        terms: EmbargoTerms,
        /// What is wrong.
        reason: &'static str,
    },
}

/// The three classes of [`CaseError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorClass {
    /// The caller passed something malformed (unknown id, bad payload, time order).
    Misuse,
    /// A peer's message breaks the protocol.
    PeerMisbehaviour,
    /// The protocol refuses a local action.
    Refused,
}

impl CaseError {
    /// The rule, by stable id.
    #[must_use]
    pub fn rule(&self) -> Rule {
        match self {
            Self::Refused(r) | Self::PeerViolation(r) => r.rule,
            Self::UnknownParticipant { .. } => Rule::UnknownParticipant,
            Self::RemovedParticipant { .. } => Rule::RemovedParticipant,
            Self::DuplicateParticipant { .. } => Rule::DuplicateParticipant,
            Self::NoRoles { .. } => Rule::NoRoles,
            Self::TimeWentBackwards { .. } => Rule::TimeMonotonic,
            Self::Payload { .. } => Rule::MessagePayload,
            Self::Recipients { .. } => Rule::MessageRecipients,
            Self::TooLarge { .. } => Rule::Limits,
            Self::InvalidTerms { .. } => Rule::EmbargoTerms,
            Self::CaseClosed { .. } => Rule::CaseClosed,
            Self::UnknownRecord { .. } => Rule::UnknownRecord,
            Self::NotPermitted { .. } => Rule::CaseRole,
            Self::PolicyDenied(verdict) => verdict.rule,
            Self::Unauthorised { rule, .. } => *rule,
            Self::InvalidPolicy(_) => Rule::StateInvariant,
        }
    }

    /// Misuse, peer misbehaviour or protocol refusal.
    #[must_use]
    pub const fn class(&self) -> ErrorClass {
        match self {
            Self::Refused(_)
            | Self::CaseClosed { .. }
            | Self::NotPermitted { .. }
            | Self::PolicyDenied(_) => ErrorClass::Refused,
            Self::PeerViolation(_) | Self::Unauthorised { reply: Some(_), .. } => {
                ErrorClass::PeerMisbehaviour
            }
            Self::Unauthorised { .. } => ErrorClass::Refused,
            _ => ErrorClass::Misuse,
        }
    }

    /// The refusal details, for refusals and peer violations.
    #[must_use]
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            Self::Refused(r) | Self::PeerViolation(r) => Some(r),
            _ => None,
        }
    }
}

impl SendError {
    /// The case rule this send refusal falls under.
    #[must_use]
    pub const fn rule(&self) -> Rule {
        match self {
            Self::Role { .. } => Rule::SendRole,
            Self::Report { .. } => Rule::SendReportState,
            Self::Embargo { .. } => Rule::SendEmbargoState,
            Self::Case { .. } => Rule::SendCaseState,
            Self::Event { .. } => Rule::SendEvent,
            Self::Invariant { .. } => Rule::StateInvariant,
        }
    }
}
