//! Stable identifiers of the rules a case enforces or warns about.
//!
//! Every refusal and every warning names its rule by one of these ids, so that
//! trackers, policies and conformance reports can refer to rules by name. The ids
//! (the serde and `Display` form, e.g. `send.report-state`) are stable.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr};

/// A rule of the protocol or of the case engine, by stable id.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
)]
#[non_exhaustive]
pub enum Rule {
    /// The sender lacks the role the message needs (reference §5).
    #[serde(rename = "send.role")]
    #[strum(serialize = "send.role")]
    SendRole,
    /// The sender's RM state does not allow the message (reference §1, §5).
    #[serde(rename = "send.report-state")]
    #[strum(serialize = "send.report-state")]
    SendReportState,
    /// The EM state does not allow the message (reference §2, §5).
    #[serde(rename = "send.embargo-state")]
    #[strum(serialize = "send.embargo-state")]
    SendEmbargoState,
    /// Embargoes are negotiable only while `···pxa`, and start only while `··dpxa`
    /// (reference §2 CS↔EM rules).
    #[serde(rename = "send.case-state")]
    #[strum(serialize = "send.case-state")]
    SendCaseState,
    /// The case-state event is refused (already happened, `V≺F≺D`, forcing rules;
    /// reference §3).
    #[serde(rename = "send.event")]
    #[strum(serialize = "send.event")]
    SendEvent,
    /// The step would break a cross-model invariant (reference §6).
    #[serde(rename = "state.invariant")]
    #[strum(serialize = "state.invariant")]
    StateInvariant,
    /// A participant may not close its report while an embargo is in force without
    /// an explicit override (reference §2 RM↔EM: "SHOULD NOT close while EM∈{A,R}").
    #[serde(rename = "close.embargo-in-force")]
    #[strum(serialize = "close.embargo-in-force")]
    CloseDuringEmbargo,
    /// Embargo terms must end after they start, and in the future.
    #[serde(rename = "embargo.terms")]
    #[strum(serialize = "embargo.terms")]
    EmbargoTerms,
    /// An embargo message arrived once the case is no longer `···pxa`: refused with
    /// `ER`, or the embargo ended with `ET` (reference §5 receiver transitions).
    #[serde(rename = "embargo.after-disclosure")]
    #[strum(serialize = "embargo.after-disclosure")]
    EmbargoAfterDisclosure,
    /// Embargo activity by a participant whose report is invalid or deferred
    /// ("SHOULD NOT start in {I, D, C}", reference §2 RM↔EM).
    #[serde(rename = "embargo.inactive-participant")]
    #[strum(serialize = "embargo.inactive-participant")]
    EmbargoInactiveParticipant,
    /// New embargo negotiations once a fix is ready ("F: new negotiations SHOULD NOT
    /// start", reference §2 CS↔EM).
    #[serde(rename = "embargo.after-fix")]
    #[strum(serialize = "embargo.after-fix")]
    EmbargoAfterFix,
    /// An embargo in force SHOULD end: a fix is deployed, or attacks were observed
    /// under a "should" policy (reference §2 CS↔EM).
    #[serde(rename = "embargo.should-end")]
    #[strum(serialize = "embargo.should-end")]
    EmbargoShouldEnd,
    /// An exploit was released while an embargo was in force ("exploit publishers
    /// SHOULD NOT release exploits while EM∈{A,R}", reference §2).
    #[serde(rename = "embargo.exploit-released")]
    #[strum(serialize = "embargo.exploit-released")]
    ExploitDuringEmbargo,
    /// The public became aware while a vendor was not (`v··P··` may only take `V`,
    /// reference §3 rule 2).
    #[serde(rename = "cs.vendor-unaware-at-publication")]
    #[strum(serialize = "cs.vendor-unaware-at-publication")]
    VendorUnawareAtPublication,
    /// The recipient could not accept the message in its state; an error reply is
    /// due (reference §5).
    #[serde(rename = "receive.unexpected")]
    #[strum(serialize = "receive.unexpected")]
    ReceiveUnexpected,
    /// The participant is not in the case.
    #[serde(rename = "participant.unknown")]
    #[strum(serialize = "participant.unknown")]
    UnknownParticipant,
    /// The participant was removed from the case.
    #[serde(rename = "participant.removed")]
    #[strum(serialize = "participant.removed")]
    RemovedParticipant,
    /// A participant with this id is already in the case.
    #[serde(rename = "participant.duplicate")]
    #[strum(serialize = "participant.duplicate")]
    DuplicateParticipant,
    /// A participant must hold at least one role.
    #[serde(rename = "participant.roles")]
    #[strum(serialize = "participant.roles")]
    NoRoles,
    /// Inputs arrive in time order.
    #[serde(rename = "time.monotonic")]
    #[strum(serialize = "time.monotonic")]
    TimeMonotonic,
    /// The payload does not fit the message type.
    #[serde(rename = "message.payload")]
    #[strum(serialize = "message.payload")]
    MessagePayload,
    /// Recipients must be members, distinct, not the sender, at least one.
    #[serde(rename = "message.recipients")]
    #[strum(serialize = "message.recipients")]
    MessageRecipients,
    /// An input or the case exceeds a documented bound.
    #[serde(rename = "limits")]
    #[strum(serialize = "limits")]
    Limits,
}
