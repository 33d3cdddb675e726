//! SHOULD-level cautions on a send: the protocol allows the message, but the
//! reference says it should not be sent now ([reference §2](crate::reference) CS↔EM rules).
//!
//! A caution never refuses. [`send`](super::send) reports the cautions that hold in
//! the sender's own view ([`Sent::cautions`](super::Sent::cautions)); the case
//! engine turns each into an `Effect::Warning` carrying [`Caution::rule`], in every
//! input form (act, peer message, status report), and may also judge the same rule
//! against what the case knows ([`cautions`] takes any case state).

use serde::Serialize;
use strum::{Display, EnumCount, EnumIter, FromRepr, IntoStaticStr};

use super::MessageType;
use crate::cs::{CaseState, CsEvent};
use crate::rule::Rule;
use crate::set::Set;

/// A SHOULD-level rule a send may break.
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
    Display,
    EnumIter,
    EnumCount,
    FromRepr,
    IntoStaticStr,
)]
#[repr(u8)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Caution {
    /// `EP` or `EV` once a fix is ready: "F: new negotiations SHOULD NOT start";
    /// "D: new embargoes SHOULD NOT be sought" ([reference §2](crate::reference)).
    NegotiationAfterFix,
    /// `EA` once a fix is ready: "F: pending proposals SHOULD be rejected";
    /// "D: new embargoes SHOULD NOT be sought" ([reference §2](crate::reference)). The formal send table
    /// asks only `···pxa` of `EA`, so it is allowed (issue 12, decision in
    /// `docs/DESIGN.md`).
    AcceptanceAfterFix,
}

crate::set::impl_indexed!(Caution);

impl Caution {
    /// The stable id of the rule the caution reports.
    #[must_use]
    pub const fn rule(self) -> Rule {
        match self {
            Self::NegotiationAfterFix | Self::AcceptanceAfterFix => Rule::EmbargoAfterFix,
        }
    }

    /// A sentence for a warning about `message`.
    #[must_use]
    pub fn detail(self, message: MessageType) -> String {
        match self {
            Self::NegotiationAfterFix => {
                format!("`{message}`: a fix is ready, new embargo negotiations should not start")
            }
            Self::AcceptanceAfterFix => format!(
                "`{message}`: a fix is ready, a pending proposal should be rejected rather than accepted"
            ),
        }
    }
}

/// The cautions that hold for sending `message` in case state `cs` (the sender's
/// view, or what a case knows). The one encoding of these rules.
#[must_use]
pub fn cautions(message: MessageType, cs: CaseState) -> Set<Caution> {
    use MessageType as M;
    let fixed = cs.has(CsEvent::FixReady);
    match message {
        M::EP | M::EV if fixed => Set::EMPTY.with(Caution::NegotiationAfterFix),
        M::EA if fixed => Set::EMPTY.with(Caution::AcceptanceAfterFix),
        _ => Set::EMPTY,
    }
}
