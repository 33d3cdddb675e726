//! The 28 protocol message types, their send preconditions and receive effects.
//!
//! Reference §5 (`docs/reference/formal_protocol/messages.md`, `transitions.md`).
//! [`MessageType::send_rule`] is the send table as data; [`send`] checks it against a
//! participant's [`ProtocolState`](crate::protocol::ProtocolState) and returns the
//! sender's next state; [`receive`] returns the receiver's next state and the replies
//! the protocol requires. Neither knows about other participants: the multi-party
//! case builds on them.
//!
//! Decision 4 of the reference: `EV`, `EJ` and `EC` are distinct types (28 in all),
//! not aliases of `EP`, `ER`, `EA` as in Vultron's code.

mod caution;
mod receive;
mod rules;
mod send;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumCount, EnumIter, EnumString, FromRepr, IntoStaticStr};

pub use caution::{Caution, cautions};
pub use receive::{Outcome, Reception, receipt_is_inert, receive};
pub use rules::{Announces, CaseRequirement, EmPhase, SendRule, SenderRm};
pub use send::{SendError, Sent, send};

/// Which model a message belongs to.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Display,
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum MessageModel {
    /// `R*`: report management.
    Report,
    /// `E*`: embargo management.
    Embargo,
    /// `C*`: case state.
    CaseState,
    /// `G*`: general.
    General,
}

/// What a message does in the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum MessageKind {
    /// Announces a state change or asks something (`RS`, `EP`, `CP`, `GI`, …).
    Statement,
    /// Acknowledges a valid message (`RK`, `EK`, `CK`, `GK`).
    Ack,
    /// Answers an unexpected message (`RE`, `EE`, `CE`, `GE`).
    Error,
}

/// One of the 28 message types of [reference §5](crate::reference).
///
/// The two-letter code is the stable text and wire form (`Display`, `FromStr`, serde).
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
    EnumCount,
    FromRepr,
    IntoStaticStr,
)]
#[repr(u8)]
#[non_exhaustive]
pub enum MessageType {
    /// Report Submission.
    RS,
    /// Report Invalid.
    RI,
    /// Report Valid.
    RV,
    /// Report Deferred.
    RD,
    /// Report Accepted.
    RA,
    /// Report Closed.
    RC,
    /// Report Acknowledgement.
    RK,
    /// Report Error.
    RE,
    /// Embargo Proposal.
    EP,
    /// Embargo Proposal Rejection.
    ER,
    /// Embargo Proposal Acceptance.
    EA,
    /// Embargo Revision Proposal.
    EV,
    /// Embargo Revision Rejection.
    EJ,
    /// Embargo Revision Acceptance.
    EC,
    /// Embargo Termination.
    ET,
    /// Embargo Acknowledgement.
    EK,
    /// Embargo Error.
    EE,
    /// Vendor Awareness.
    CV,
    /// Fix Readiness.
    CF,
    /// Fix Deployed.
    CD,
    /// Public Awareness.
    CP,
    /// Exploit Public.
    CX,
    /// Attacks Observed.
    CA,
    /// Case State Acknowledgement.
    CK,
    /// Case State Error.
    CE,
    /// General Inquiry.
    GI,
    /// General Acknowledgement.
    GK,
    /// General Error.
    GE,
}

impl MessageType {
    /// All 28 types, grouped by model.
    pub fn all() -> impl Iterator<Item = Self> {
        <Self as strum::IntoEnumIterator>::iter()
    }

    /// The two-letter code (`"RS"`).
    #[must_use]
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The human name from the reference (`"Report Submission"`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::RS => "Report Submission",
            Self::RI => "Report Invalid",
            Self::RV => "Report Valid",
            Self::RD => "Report Deferred",
            Self::RA => "Report Accepted",
            Self::RC => "Report Closed",
            Self::RK => "Report Acknowledgement",
            Self::RE => "Report Error",
            Self::EP => "Embargo Proposal",
            Self::ER => "Embargo Proposal Rejection",
            Self::EA => "Embargo Proposal Acceptance",
            Self::EV => "Embargo Revision Proposal",
            Self::EJ => "Embargo Revision Rejection",
            Self::EC => "Embargo Revision Acceptance",
            Self::ET => "Embargo Termination",
            Self::EK => "Embargo Acknowledgement",
            Self::EE => "Embargo Error",
            Self::CV => "Vendor Awareness",
            Self::CF => "Fix Readiness",
            Self::CD => "Fix Deployed",
            Self::CP => "Public Awareness",
            Self::CX => "Exploit Public",
            Self::CA => "Attacks Observed",
            Self::CK => "Case State Acknowledgement",
            Self::CE => "Case State Error",
            Self::GI => "General Inquiry",
            Self::GK => "General Acknowledgement",
            Self::GE => "General Error",
        }
    }

    /// The model the message belongs to.
    #[must_use]
    pub const fn model(self) -> MessageModel {
        match self {
            Self::RS
            | Self::RI
            | Self::RV
            | Self::RD
            | Self::RA
            | Self::RC
            | Self::RK
            | Self::RE => MessageModel::Report,
            Self::EP
            | Self::ER
            | Self::EA
            | Self::EV
            | Self::EJ
            | Self::EC
            | Self::ET
            | Self::EK
            | Self::EE => MessageModel::Embargo,
            Self::CV
            | Self::CF
            | Self::CD
            | Self::CP
            | Self::CX
            | Self::CA
            | Self::CK
            | Self::CE => MessageModel::CaseState,
            Self::GI | Self::GK | Self::GE => MessageModel::General,
        }
    }

    /// Whether the message is a statement, an acknowledgement or an error.
    #[must_use]
    pub const fn kind(self) -> MessageKind {
        match self {
            Self::RK | Self::EK | Self::CK | Self::GK => MessageKind::Ack,
            Self::RE | Self::EE | Self::CE | Self::GE => MessageKind::Error,
            _ => MessageKind::Statement,
        }
    }

    /// The acknowledgement of this model (`RK`, `EK`, `CK`, `GK`).
    #[must_use]
    pub const fn ack(self) -> Self {
        match self.model() {
            MessageModel::Report => Self::RK,
            MessageModel::Embargo => Self::EK,
            MessageModel::CaseState => Self::CK,
            MessageModel::General => Self::GK,
        }
    }

    /// The error reply of this model (`RE`, `EE`, `CE`, `GE`).
    #[must_use]
    pub const fn error(self) -> Self {
        match self.model() {
            MessageModel::Report => Self::RE,
            MessageModel::Embargo => Self::EE,
            MessageModel::CaseState => Self::CE,
            MessageModel::General => Self::GE,
        }
    }
}

crate::set::impl_indexed!(MessageType);
