//! Embargo Management (EM): one instance per case.
//!
//! Reference §2 (`docs/topics/process_models/em/index.md`, `vultron/core/states/em.py`):
//! five states, four actions and the ten transitions of [`TRANSITIONS`], including the
//! `P→P` counter-proposal and `R→R` counter-revision self-loops. An embargo is *in
//! force* in `Active` and `Revise` (a pending revision never interrupts coverage);
//! it is *being negotiated* in `Proposed` and `Revise`.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumCount, EnumIter, EnumString, FromRepr, IntoStaticStr};

use crate::machine::{InvalidTransition, Machine, MachineKind, Transition};
use crate::set::Set;

/// The case's Embargo Management state ([reference §2](crate::reference)).
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
pub enum EmState {
    /// `N`: no embargo (initial; also final when none was ever agreed).
    None,
    /// `P`: an embargo is proposed, none is in force.
    Proposed,
    /// `A`: an embargo is in force.
    Active,
    /// `R`: an embargo is in force and a revision is pending.
    Revise,
    /// `X`: the embargo has ended; absorbing.
    Exited,
}

/// An embargo action ([reference §2](crate::reference) symbols `p r a t`).
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
pub enum EmAction {
    /// `p`: propose an embargo, or a revision of the one in force.
    Propose,
    /// `r`: reject the pending proposal or revision.
    Reject,
    /// `a`: accept the pending proposal or revision.
    Accept,
    /// `t`: terminate the embargo in force.
    Terminate,
}

use EmAction as Act;
use EmState as St;

/// The EM transition function: the ten edges of [reference §2](crate::reference).
pub const TRANSITIONS: [Transition<EmState, EmAction>; 10] = [
    Transition::new(St::None, Act::Propose, St::Proposed),
    Transition::new(St::Proposed, Act::Propose, St::Proposed),
    Transition::new(St::Proposed, Act::Reject, St::None),
    Transition::new(St::Proposed, Act::Accept, St::Active),
    Transition::new(St::Active, Act::Propose, St::Revise),
    Transition::new(St::Revise, Act::Propose, St::Revise),
    Transition::new(St::Revise, Act::Accept, St::Active),
    Transition::new(St::Revise, Act::Reject, St::Active),
    Transition::new(St::Active, Act::Terminate, St::Exited),
    Transition::new(St::Revise, Act::Terminate, St::Exited),
];

/// States in which an embargo is in force (code `EM_EMBARGO_ACTIVE`).
pub const IN_FORCE: [EmState; 2] = [St::Active, St::Revise];
/// States in which terms are being negotiated (code `EM_NEGOTIATING`).
pub const NEGOTIATING: [EmState; 2] = [St::Proposed, St::Revise];
/// Final states `{N, X}`.
pub const FINAL: [EmState; 2] = [St::None, St::Exited];

/// The Embargo Management machine (marker type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Em;

impl Machine for Em {
    const KIND: MachineKind = MachineKind::Em;
    type State = EmState;
    type Action = EmAction;
    const INITIAL: EmState = EmState::None;
    const TRANSITIONS: &'static [Transition<EmState, EmAction>] = &TRANSITIONS;
}

/// A refused EM action.
pub type EmError = InvalidTransition<EmState, EmAction>;

impl EmState {
    /// Takes `action`; see [`Machine::apply`].
    ///
    /// # Errors
    /// [`EmError`] where the table has no row, e.g. terminating from `None`.
    pub fn apply(self, action: EmAction) -> Result<Self, EmError> {
        Em::apply(self, action)
    }

    /// The actions allowed in this state.
    #[must_use]
    pub fn allowed_actions(self) -> Set<EmAction> {
        Em::allowed_actions(self)
    }

    /// Whether an embargo is in force (`Active` or `Revise`).
    #[must_use]
    pub fn is_in_force(self) -> bool {
        IN_FORCE.contains(&self)
    }

    /// Whether terms are being negotiated (`Proposed` or `Revise`).
    #[must_use]
    pub fn is_negotiating(self) -> bool {
        NEGOTIATING.contains(&self)
    }

    /// The state after public awareness, a public exploit or attacks tear the
    /// embargo down ([reference §2](crate::reference) CS↔EM rules): a proposal is rejected (`P→N`), an
    /// embargo in force is terminated (`A/R→X`); `N` and `X` are unchanged.
    #[must_use]
    pub fn torn_down(self) -> Self {
        let action = match self {
            Self::Proposed => EmAction::Reject,
            Self::Active | Self::Revise => EmAction::Terminate,
            Self::None | Self::Exited => return self,
        };
        Em::next(self, action).unwrap_or(self)
    }

    /// The one-letter symbol used in the reference (`N P A R X`).
    #[must_use]
    pub const fn symbol(self) -> char {
        match self {
            Self::None => 'N',
            Self::Proposed => 'P',
            Self::Active => 'A',
            Self::Revise => 'R',
            Self::Exited => 'X',
        }
    }
}

impl EmAction {
    /// The one-letter symbol used in the reference (`p r a t`).
    #[must_use]
    pub const fn symbol(self) -> char {
        match self {
            Self::Propose => 'p',
            Self::Reject => 'r',
            Self::Accept => 'a',
            Self::Terminate => 't',
        }
    }
}

crate::set::impl_indexed!(EmState, EmAction);
