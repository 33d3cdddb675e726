//! What comes out of a case: messages to send, deadlines, warnings.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::input::Payload;
use super::recipients::Recipients;
use crate::message::MessageType;
use crate::participant::ParticipantId;
use crate::rule::Rule;

/// One effect of a handled input, for the caller to carry out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "effect", rename_all = "snake_case", deny_unknown_fields)]
pub enum Effect {
    /// A message the protocol requires to be sent.
    Send(Outgoing),
    /// A time at which the caller must hand the case a `now` (e.g. `Input::Tick`).
    Deadline(Deadline),
    /// A "SHOULD" of the protocol or the policy was broken; the input was applied.
    Warning(Warning),
}

/// Who a required message comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A participant.
    Participant(ParticipantId),
    /// The case itself (e.g. `ET` when an embargo's end time passes).
    Case,
}

/// A message the protocol requires to be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outgoing {
    /// The message type.
    #[serde(rename = "type")]
    pub kind: MessageType,
    /// Who sends it.
    pub from: Origin,
    /// Who it goes to.
    pub to: Recipients,
    /// Its content.
    #[serde(default, skip_serializing_if = "Payload::is_none")]
    pub payload: Payload,
    /// The message it answers, if it is a reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<MessageType>,
}

/// A time the caller must call back at.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// When.
    pub at: DateTime<Utc>,
    /// What happens then.
    pub kind: DeadlineKind,
}

/// What a deadline is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "deadline", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum DeadlineKind {
    /// The embargo in force ends: the case will emit `ET` and move EM to `eXited`.
    EmbargoEnds,
    /// The policy's deadline for this vendor passes: publication is allowed from
    /// then on (as far as `publish.before-deadline` is concerned).
    PublishAllowed {
        /// The vendor.
        vendor: ParticipantId,
    },
    /// A vendor has not answered: escalate contact (ZDI-style).
    Escalate {
        /// The vendor.
        vendor: ParticipantId,
        /// Which step.
        step: crate::deadline::EscalationStep,
    },
}

/// A broken "SHOULD".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// The rule, by stable id.
    pub rule: Rule,
    /// The participant concerned, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant: Option<ParticipantId>,
    /// What happened, for people.
    pub detail: String,
}
