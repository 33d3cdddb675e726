//! Participant Embargo Consent (PEC): one instance per participant.
//!
//! Not in the 2022 report; modelled as Vultron's code does
//! (`vultron/core/states/participant_embargo_consent.py`, [reference §2](crate::reference) last item and
//! decision 7), because it is how a coordinator knows who agreed to an embargo.
//! `accept` from `NoEmbargo` is allowed (ADR-0048: no embargo is the absence of one).
//! `reset` is a wildcard in the source (`* → NoEmbargo`); [`TRANSITIONS`] spells it
//! out for each of the five states, so the table has 15 rows for the source's 11 edges.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumCount, EnumIter, EnumString, FromRepr, IntoStaticStr};

use crate::machine::{InvalidTransition, Machine, MachineKind, Transition};
use crate::set::Set;

/// A participant's consent to the case's embargo.
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
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PecState {
    /// No embargo involves this participant (initial).
    NoEmbargo,
    /// Invited to an embargo, not yet answered.
    Invited,
    /// Agreed to the embargo's terms.
    Signatory,
    /// Declined the embargo.
    Declined,
    /// Was a signatory, but the terms were revised and not yet re-agreed.
    Lapsed,
}

/// An action on a participant's embargo consent.
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
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PecAction {
    /// Invite the participant to the embargo.
    Invite,
    /// The participant agrees.
    Accept,
    /// The participant declines.
    Decline,
    /// The terms were revised: a signatory's consent lapses.
    Revise,
    /// The embargo is gone: back to no embargo.
    Reset,
}

use PecAction as Act;
use PecState as St;

/// The PEC transition function (reset spelled out per state).
pub const TRANSITIONS: [Transition<PecState, PecAction>; 15] = [
    Transition::new(St::NoEmbargo, Act::Invite, St::Invited),
    Transition::new(St::Lapsed, Act::Invite, St::Invited),
    Transition::new(St::Declined, Act::Invite, St::Invited),
    Transition::new(St::NoEmbargo, Act::Accept, St::Signatory),
    Transition::new(St::Invited, Act::Accept, St::Signatory),
    Transition::new(St::Lapsed, Act::Accept, St::Signatory),
    Transition::new(St::NoEmbargo, Act::Decline, St::Declined),
    Transition::new(St::Invited, Act::Decline, St::Declined),
    Transition::new(St::Lapsed, Act::Decline, St::Declined),
    Transition::new(St::Signatory, Act::Revise, St::Lapsed),
    Transition::new(St::NoEmbargo, Act::Reset, St::NoEmbargo),
    Transition::new(St::Invited, Act::Reset, St::NoEmbargo),
    Transition::new(St::Signatory, Act::Reset, St::NoEmbargo),
    Transition::new(St::Declined, Act::Reset, St::NoEmbargo),
    Transition::new(St::Lapsed, Act::Reset, St::NoEmbargo),
];

/// The Participant Embargo Consent machine (marker type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pec;

impl Machine for Pec {
    const KIND: MachineKind = MachineKind::Pec;
    type State = PecState;
    type Action = PecAction;
    const INITIAL: PecState = PecState::NoEmbargo;
    const TRANSITIONS: &'static [Transition<PecState, PecAction>] = &TRANSITIONS;
}

/// A refused PEC action.
pub type PecError = InvalidTransition<PecState, PecAction>;

impl PecState {
    /// Takes `action`; see [`Machine::apply`].
    ///
    /// # Errors
    /// [`PecError`] where the table has no row, e.g. revising an unsigned consent.
    pub fn apply(self, action: PecAction) -> Result<Self, PecError> {
        Pec::apply(self, action)
    }

    /// The actions allowed in this state.
    #[must_use]
    pub fn allowed_actions(self) -> Set<PecAction> {
        Pec::allowed_actions(self)
    }

    /// Whether the participant currently agrees to the embargo.
    #[must_use]
    pub const fn is_signatory(self) -> bool {
        matches!(self, Self::Signatory)
    }

    /// The consent reached from `self` by the table's path to `target`: reset, then
    /// invite, accept or decline (`Lapsed`: revise). Stays at `self` if the table
    /// offers no path.
    #[must_use]
    pub fn toward(self, target: Self) -> Self {
        if self == target {
            return self;
        }
        let step = match target {
            Self::NoEmbargo => None,
            Self::Invited => Some(PecAction::Invite),
            Self::Signatory => Some(PecAction::Accept),
            Self::Declined => Some(PecAction::Decline),
            Self::Lapsed => return self.apply(PecAction::Revise).unwrap_or(self),
        };
        let reset = self.apply(PecAction::Reset).unwrap_or(self);
        match step {
            None => reset,
            Some(action) => reset.apply(action).unwrap_or(self),
        }
    }
}

crate::set::impl_indexed!(PecState, PecAction);
