//! What a trace claims about a step: the states after it, a refusal and the error
//! reply it calls for, the messages it made due (with payloads and the message each
//! answers), the warnings it raised, the deadlines it set, the embargo's terms and
//! who proposed them, and what each participant has been told.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::case::{Deadline, EmbargoEnd, EmbargoTerms, Payload};
use crate::cs::{Pxa, Vfd};
use crate::em::EmState;
use crate::message::MessageType;
use crate::participant::ParticipantId;
use crate::pec::PecState;
use crate::rm::RmState;
use crate::rule::Rule;

/// What a trace claims about one step. Every claim is optional; one left out is
/// not checked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The step was refused under this rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<Rule>,
    /// The error reply the refused message calls for from its recipients (`RE`,
    /// `EE`, `CE`, `GE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_reply: Option<MessageType>,
    /// The case's owner after the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<ParticipantId>,
    /// Participants' states after the step.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub participants: BTreeMap<ParticipantId, ParticipantExpect>,
    /// The EM state after the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub em: Option<EmState>,
    /// The embargo after the step: state, terms, pending revision, proposers, end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embargo: Option<EmbargoClaim>,
    /// The public facts after the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pxa: Option<Pxa>,
    /// Exactly the messages the step made due, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sends: Option<Vec<Sent>>,
    /// The warnings the step raised, by rule id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warnings: Option<WarningsClaim>,
    /// Exactly the deadlines the step set (compared as a set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadlines: Option<Vec<Deadline>>,
}

/// A participant's claimed state.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantExpect {
    /// Report management state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rm: Option<RmState>,
    /// Fix status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vfd: Option<Vfd>,
    /// Embargo consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<PecState>,
    /// Its embargo view: the EM states the case has made known to it, oldest
    /// first (the EM parts of [`Case::view_of`](crate::case::Case::view_of), equal
    /// neighbours merged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embargo_view: Option<Vec<EmState>>,
}

/// A message a step made due: its type, sender (absent: the case itself) and
/// recipients; optionally its payload and the message it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sent {
    /// The message type.
    #[serde(rename = "type")]
    pub kind: MessageType,
    /// The sender; absent when the case itself sends (an expiring embargo's `ET`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<ParticipantId>,
    /// The recipients (format 1: in order; format 2: as a set).
    pub to: Vec<ParticipantId>,
    /// Its payload, if claimed (`{"kind": "none"}` claims there is none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Payload>,
    /// The message it answers, if claimed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<MessageType>,
}

/// The embargo as claimed after a step; each part left out is not checked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbargoClaim {
    /// The EM state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<EmState>,
    /// The terms proposed (`P`), in force (`A`, `R`) or that were in force (`X`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<EmbargoTerms>,
    /// The pending revision (only in `R`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<EmbargoTerms>,
    /// Who proposed the terms (`P`, `A`, `R`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed_by: Option<ParticipantId>,
    /// Who proposed the pending revision (`R`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_by: Option<ParticipantId>,
    /// Why it ended (`X`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<EmbargoEnd>,
}

/// The warnings a step raised, by rule id (a rule raised twice is listed twice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum WarningsClaim {
    /// Exactly these, in any order (`[]`: none).
    Exactly(Vec<Rule>),
    /// At least these, in any order.
    AtLeast(Vec<Rule>),
}
