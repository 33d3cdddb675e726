//! What goes into a case: messages, local actions, membership changes, time.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, IntoStaticStr};

use super::embargo::EmbargoTerms;
use super::records::{Advisory, DisputeCause, DisputeOutcome};
use super::text::Text;
use crate::message::MessageType;
use crate::participant::{Affectedness, NewParticipant, ParticipantId, Tlp};
use crate::policy::Policy;

/// One input to a case. Every input is handled together with the time `now` it
/// happened (see [`Case::handle`](super::Case::handle)); the library never reads a
/// clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "input", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Input {
    /// A message from one participant to others arrived at the case.
    Message {
        /// The message.
        message: Message,
    },
    /// A participant of the case decided something locally.
    Act {
        /// Who acts.
        actor: ParticipantId,
        /// What they do.
        action: Action,
    },
    /// A participant joins the case.
    ///
    /// Who added them (`by`) must hold the policy's `add_participant` power. The
    /// first participant of an empty case opens it and becomes its owner: `by` is
    /// then absent (or the newcomer itself). See [`crate::policy::authority`].
    AddParticipant {
        /// The newcomer (boxed: a participant's registration is large and rare,
        /// and every input stored in a timeline is the size of the largest one).
        participant: Box<NewParticipant>,
        /// Who added them; required except for the case's first participant
        /// (`authority.missing-actor`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<ParticipantId>,
    },
    /// A participant leaves the case. Who removed them (`by`) must hold the
    /// policy's `remove_participant` power; the owner cannot be removed.
    RemoveParticipant {
        /// Who leaves.
        participant: ParticipantId,
        /// Who removed them; required (`authority.missing-actor`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<ParticipantId>,
    },
    /// A participant reports its own status (e.g. a Vultron `ParticipantStatus`).
    /// Each change is processed as the message that announces it (`RV`, `RA`, `CF`,
    /// …). Under the strict protocol a report may move one step; multi-step
    /// forward jumps need the policy's `accept_status_jumps` (reference decision 5).
    Status {
        /// Who reports.
        participant: ParticipantId,
        /// Its report management state, if reported.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rm: Option<crate::rm::RmState>,
        /// Its fix status, if reported.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vfd: Option<crate::cs::Vfd>,
    },
    /// The case moves to another policy (logged like any input). Who changed it
    /// (`by`) must hold the current policy's `change_policy` power.
    ChangePolicy {
        /// The new policy (boxed, like [`Input::AddParticipant`]'s newcomer, so that
        /// this rare input does not set the size of every input).
        policy: Box<Policy>,
        /// Who changed it; required once the case has participants
        /// (`authority.missing-actor`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<ParticipantId>,
    },
    /// The case's owner (or another holder of the policy's `transfer_ownership`
    /// power) offers the case's ownership to another member (Vultron's
    /// `OfferCaseOwnershipTransfer`). A new offer replaces a pending one.
    OfferOwnership {
        /// The member offered ownership.
        to: ParticipantId,
        /// Who offers it.
        by: ParticipantId,
    },
    /// The member offered ownership accepts it and becomes the case's owner
    /// (Vultron's `AcceptCaseOwnershipTransfer`).
    AcceptOwnership {
        /// The member the offer was made to.
        by: ParticipantId,
    },
    /// The member offered ownership declines it; the owner stays (Vultron's
    /// `RejectCaseOwnershipTransfer`).
    RejectOwnership {
        /// The member the offer was made to.
        by: ParticipantId,
    },
    /// Only time passes (deadlines may fire).
    Tick,
}

/// A protocol message between participants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// The message type.
    #[serde(rename = "type")]
    pub kind: MessageType,
    /// The sender.
    pub from: ParticipantId,
    /// The recipients (at least one, no duplicates, not the sender).
    pub to: Vec<ParticipantId>,
    /// The content, where the type carries one.
    #[serde(default, skip_serializing_if = "Payload::is_none")]
    pub payload: Payload,
}

/// What a message carries besides its type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Payload {
    /// Nothing.
    #[default]
    None,
    /// A report (`RS`); boxed, as the one large payload.
    Report(Box<ReportSummary>),
    /// Embargo terms (`EP`, `EV`).
    Embargo(EmbargoTerms),
    /// Free text (`GI`, `GK`, error messages).
    Text {
        /// The text.
        text: Text,
    },
    /// The participant a message is about: the vendor whose awareness a `CV` from
    /// its notifier reports (reference messages: "sent by notifier or vendor").
    Participant {
        /// The vendor made aware.
        participant: ParticipantId,
    },
}

impl Payload {
    /// Whether there is no payload.
    #[must_use]
    pub const fn is_none(&self) -> bool {
        matches!(self, Self::None)
    }

    /// The payload's kind, for error messages.
    #[must_use]
    pub const fn kind(&self) -> PayloadKind {
        match self {
            Self::None => PayloadKind::None,
            Self::Report(_) => PayloadKind::Report,
            Self::Embargo(_) => PayloadKind::Embargo,
            Self::Text { .. } => PayloadKind::Text,
            Self::Participant { .. } => PayloadKind::Participant,
        }
    }

    pub(crate) fn text_len(&self) -> usize {
        match self {
            Self::None | Self::Embargo(_) | Self::Participant { .. } => 0,
            Self::Report(report) => report.title.len().saturating_add(report.summary.len()),
            Self::Text { text } => text.len(),
        }
    }
}

/// The kinds of payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PayloadKind {
    /// No payload.
    None,
    /// A report summary.
    Report,
    /// Embargo terms.
    Embargo,
    /// Free text.
    Text,
    /// A participant's id.
    Participant,
}

impl MessageType {
    /// The payload kinds this message type accepts: a report for `RS`, terms for
    /// `EP`/`EV` (required); optional text for `GI`, `GK` and the error replies;
    /// optionally the vendor whose awareness a `CV` reports (required from a
    /// notifier that is not that vendor); nothing for the rest.
    #[must_use]
    pub const fn accepts_payload(self, kind: PayloadKind) -> bool {
        match self {
            Self::RS => matches!(kind, PayloadKind::Report),
            Self::EP | Self::EV => matches!(kind, PayloadKind::Embargo),
            Self::GI | Self::GK | Self::GE | Self::RE | Self::EE | Self::CE => {
                matches!(kind, PayloadKind::None | PayloadKind::Text)
            }
            Self::CV => matches!(kind, PayloadKind::None | PayloadKind::Participant),
            _ => matches!(kind, PayloadKind::None),
        }
    }
}

/// A short description of the vulnerability report.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSummary {
    /// Title.
    pub title: String,
    /// Summary text.
    #[serde(default)]
    pub summary: String,
    /// Its disclosure label (checked against each recipient's clearance).
    #[serde(default = "amber")]
    pub tlp: Tlp,
    /// The vendors whose products it concerns (checked for individually registered
    /// recipients); empty when not stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vendors: Vec<ParticipantId>,
}

const fn amber() -> Tlp {
    Tlp::Amber
}

impl ReportSummary {
    /// A report labelled TLP:AMBER that names no vendor.
    #[must_use]
    pub fn new(title: &str, summary: &str) -> Self {
        Self {
            title: title.to_owned(),
            summary: summary.to_owned(),
            tlp: Tlp::Amber,
            vendors: Vec::new(),
        }
    }
}

/// A local decision by a participant. Each one announces itself with the message of
/// [reference §5](crate::reference) that the protocol pairs with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// `R→V` (`RV`).
    Validate,
    /// `R→I` (`RI`).
    Invalidate,
    /// `V/D→A` (`RA`).
    Accept,
    /// `V/A→D` (`RD`).
    Defer,
    /// `I/D/A→C` (`RC`); while an embargo is in force, warned
    /// (`close.embargo-in-force`, refused where the policy denies it).
    Close,
    /// `I/D/A→C` (`RC`) while an embargo is in force, with the reason: the explicit
    /// override, never refused by `close.embargo-in-force`; yields a warning.
    CloseDespiteEmbargo {
        /// Why the participant closes anyway.
        reason: String,
    },
    /// Submit the report to another participant (`RS`): it moves `S→R`.
    Submit {
        /// The recipient.
        to: ParticipantId,
        /// The report (boxed: it is large, and most actions carry far less).
        report: Box<ReportSummary>,
    },
    /// Propose an embargo (`EP`), or counter-propose while one is pending.
    ProposeEmbargo {
        /// The terms.
        terms: EmbargoTerms,
    },
    /// Accept the pending proposal (`EA`) or revision (`EC`).
    AcceptEmbargo,
    /// Reject the pending proposal (`ER`) or revision (`EJ`).
    RejectEmbargo,
    /// Propose a revision of the embargo in force (`EV`).
    ReviseEmbargo {
        /// The new terms.
        terms: EmbargoTerms,
    },
    /// End the embargo in force now (`ET`).
    TerminateEmbargo,
    /// A fix is ready (`CF`; vendors, in `Accepted`).
    FixReady,
    /// The fix is deployed (`CD`; vendors and deployers, in `Accepted`).
    FixDeployed,
    /// Publish: the public becomes aware (`CP`).
    Publish,
    /// An exploit was seen published (`CX`, with `CP` if the public was unaware).
    ExploitPublished,
    /// Attacks were observed (`CA`).
    AttacksObserved,
    /// Ask the other participants something (`GI`).
    Inquire {
        /// The question.
        text: Text,
    },
    /// Publish while an embargo is in force, with the reason; allowed only where the
    /// policy permits early release, and always with a warning.
    PublishEarly {
        /// Why.
        reason: String,
    },
    /// Agree to the case's rules (recorded; a policy may require it before
    /// information is shared).
    AgreeToRules,
    /// Record whether a vendor's products are affected (the vendor itself or a
    /// coordinator).
    MarkAffected {
        /// The vendor.
        vendor: ParticipantId,
        /// Affected or not.
        affected: Affectedness,
    },
    /// Open a dispute.
    OpenDispute {
        /// What it is about.
        cause: DisputeCause,
        /// Details.
        detail: String,
    },
    /// Conclude an open dispute with an outcome agreed by the named participants.
    ResolveDispute {
        /// The dispute's number.
        dispute: u32,
        /// The outcome.
        outcome: DisputeOutcome,
        /// Who agreed (members of the case).
        agreed_by: Vec<ParticipantId>,
    },
    /// Add one's agreement to a concluded dispute (a reporter acknowledging "not a
    /// vulnerability").
    AgreeToConclusion {
        /// The dispute's number.
        dispute: u32,
    },
    /// Replace the advisory's content.
    UpdateAdvisory {
        /// The new content (boxed: an advisory is large and rarely replaced).
        advisory: Box<Advisory>,
    },
    /// A vendor asks for the deadline's grace period (granted only if asked before
    /// the deadline; see [`crate::deadline::Grace`]).
    RequestGrace {
        /// Whether a fix is expected within the grace period.
        fix_expected: bool,
    },
    /// Close the case (a holder of the policy's `close_case` power).
    CloseCase,
    /// Reopen a closed case (a holder of the policy's `reopen_case` power), where
    /// the policy's `case.reopen` rule permits; always logged.
    ReopenCase {
        /// Why.
        reason: String,
    },
}

/// The kinds of [`Action`], without their data (for "what may I do now?").
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
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ActionKind {
    /// [`Action::Validate`].
    Validate,
    /// [`Action::Invalidate`].
    Invalidate,
    /// [`Action::Accept`].
    Accept,
    /// [`Action::Defer`].
    Defer,
    /// [`Action::Close`].
    Close,
    /// [`Action::CloseDespiteEmbargo`].
    CloseDespiteEmbargo,
    /// [`Action::Submit`].
    Submit,
    /// [`Action::ProposeEmbargo`].
    ProposeEmbargo,
    /// [`Action::AcceptEmbargo`].
    AcceptEmbargo,
    /// [`Action::RejectEmbargo`].
    RejectEmbargo,
    /// [`Action::ReviseEmbargo`].
    ReviseEmbargo,
    /// [`Action::TerminateEmbargo`].
    TerminateEmbargo,
    /// [`Action::FixReady`].
    FixReady,
    /// [`Action::FixDeployed`].
    FixDeployed,
    /// [`Action::Publish`].
    Publish,
    /// [`Action::ExploitPublished`].
    ExploitPublished,
    /// [`Action::AttacksObserved`].
    AttacksObserved,
    /// [`Action::Inquire`].
    Inquire,
    /// [`Action::PublishEarly`].
    PublishEarly,
    /// [`Action::AgreeToRules`].
    AgreeToRules,
    /// [`Action::MarkAffected`].
    MarkAffected,
    /// [`Action::OpenDispute`].
    OpenDispute,
    /// [`Action::ResolveDispute`].
    ResolveDispute,
    /// [`Action::AgreeToConclusion`].
    AgreeToConclusion,
    /// [`Action::UpdateAdvisory`].
    UpdateAdvisory,
    /// [`Action::RequestGrace`].
    RequestGrace,
    /// [`Action::CloseCase`].
    CloseCase,
    /// [`Action::ReopenCase`].
    ReopenCase,
}

impl Input {
    /// Reads an input from JSON (as it serialises: `{"input": "act", …}`).
    ///
    /// # Errors
    /// [`DecodeError`](crate::decode::DecodeError) naming the field path
    /// (`action.terms.end`, `message.type`) and what is wrong.
    pub fn from_json(text: &str) -> Result<Self, crate::decode::DecodeError> {
        crate::decode::json("input", text)
    }

    /// `Input::Act { actor, action }`: a participant's own decision.
    #[must_use]
    pub const fn act(actor: ParticipantId, action: Action) -> Self {
        Self::Act { actor, action }
    }
}

impl Action {
    /// `Action::Submit { to, report }`: send the report to `to` (the report is
    /// boxed here).
    #[must_use]
    pub fn submit(to: ParticipantId, report: ReportSummary) -> Self {
        Self::Submit {
            to,
            report: Box::new(report),
        }
    }

    /// The action's kind.
    #[must_use]
    pub const fn kind(&self) -> ActionKind {
        match self {
            Self::Validate => ActionKind::Validate,
            Self::Invalidate => ActionKind::Invalidate,
            Self::Accept => ActionKind::Accept,
            Self::Defer => ActionKind::Defer,
            Self::Close => ActionKind::Close,
            Self::CloseDespiteEmbargo { .. } => ActionKind::CloseDespiteEmbargo,
            Self::Submit { .. } => ActionKind::Submit,
            Self::ProposeEmbargo { .. } => ActionKind::ProposeEmbargo,
            Self::AcceptEmbargo => ActionKind::AcceptEmbargo,
            Self::RejectEmbargo => ActionKind::RejectEmbargo,
            Self::ReviseEmbargo { .. } => ActionKind::ReviseEmbargo,
            Self::TerminateEmbargo => ActionKind::TerminateEmbargo,
            Self::FixReady => ActionKind::FixReady,
            Self::FixDeployed => ActionKind::FixDeployed,
            Self::Publish => ActionKind::Publish,
            Self::ExploitPublished => ActionKind::ExploitPublished,
            Self::AttacksObserved => ActionKind::AttacksObserved,
            Self::Inquire { .. } => ActionKind::Inquire,
            Self::PublishEarly { .. } => ActionKind::PublishEarly,
            Self::AgreeToRules => ActionKind::AgreeToRules,
            Self::MarkAffected { .. } => ActionKind::MarkAffected,
            Self::OpenDispute { .. } => ActionKind::OpenDispute,
            Self::ResolveDispute { .. } => ActionKind::ResolveDispute,
            Self::AgreeToConclusion { .. } => ActionKind::AgreeToConclusion,
            Self::UpdateAdvisory { .. } => ActionKind::UpdateAdvisory,
            Self::RequestGrace { .. } => ActionKind::RequestGrace,
            Self::CloseCase => ActionKind::CloseCase,
            Self::ReopenCase { .. } => ActionKind::ReopenCase,
        }
    }

    /// The protocol message this action announces when the case's embargo is in
    /// `em`, with its payload; `None` for actions on case records (rules, disputes,
    /// advisory, grace, closing the case), which announce nothing.
    ///
    /// This is the one mapping from actions to messages: the case, its status
    /// reports and the tests read it. Accepting or rejecting while a revision is
    /// pending (`R`) decides the revision (`EC`, `EJ`); otherwise the proposal
    /// (`EA`, `ER`).
    #[must_use]
    pub fn announces(&self, em: crate::em::EmState) -> Option<(MessageType, Payload)> {
        use MessageType as M;
        let revising = em == crate::em::EmState::Revise;
        let kind = match self {
            Self::Validate => M::RV,
            Self::Invalidate => M::RI,
            Self::Accept => M::RA,
            Self::Defer => M::RD,
            Self::Close | Self::CloseDespiteEmbargo { .. } => M::RC,
            Self::Submit { report, .. } => return Some((M::RS, Payload::Report(report.clone()))),
            Self::ProposeEmbargo { terms } => return Some((M::EP, Payload::Embargo(*terms))),
            Self::ReviseEmbargo { terms } => return Some((M::EV, Payload::Embargo(*terms))),
            Self::AcceptEmbargo if revising => M::EC,
            Self::AcceptEmbargo => M::EA,
            Self::RejectEmbargo if revising => M::EJ,
            Self::RejectEmbargo => M::ER,
            Self::TerminateEmbargo => M::ET,
            Self::FixReady => M::CF,
            Self::FixDeployed => M::CD,
            Self::Publish | Self::PublishEarly { .. } => M::CP,
            Self::ExploitPublished => M::CX,
            Self::AttacksObserved => M::CA,
            Self::Inquire { text } => return Some((M::GI, Payload::Text { text: text.clone() })),
            Self::AgreeToRules
            | Self::MarkAffected { .. }
            | Self::OpenDispute { .. }
            | Self::ResolveDispute { .. }
            | Self::AgreeToConclusion { .. }
            | Self::UpdateAdvisory { .. }
            | Self::RequestGrace { .. }
            | Self::CloseCase
            | Self::ReopenCase { .. } => return None,
        };
        Some((kind, Payload::None))
    }

    pub(crate) fn text_len(&self) -> usize {
        match self {
            Self::CloseDespiteEmbargo { reason }
            | Self::PublishEarly { reason }
            | Self::ReopenCase { reason } => reason.len(),
            Self::Submit { report, .. } => report.title.len().saturating_add(report.summary.len()),
            Self::Inquire { text } => text.len(),
            Self::OpenDispute { detail, .. } => detail.len(),
            Self::ResolveDispute {
                outcome: DisputeOutcome::Agreed { text },
                ..
            } => text.len(),
            Self::UpdateAdvisory { advisory } => advisory.text_len(),
            _ => 0,
        }
    }

    /// How many list items the action carries (bounded like participants).
    pub(crate) fn items(&self) -> usize {
        match self {
            Self::Submit { report, .. } => report.vendors.len(),
            Self::ResolveDispute { agreed_by, .. } => agreed_by.len(),
            Self::UpdateAdvisory { advisory } => advisory.items(),
            _ => 0,
        }
    }
}
