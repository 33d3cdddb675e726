//! Report Management (RM): one instance per participant.
//!
//! Reference §1 (`docs/topics/process_models/rm/index.md`, `vultron/core/states/rm.py`):
//! seven states, six actions and the eleven transitions of [`TRANSITIONS`]. Closing
//! straight from [`RmState::Valid`] is refused: a valid report is accepted or deferred
//! before it is closed.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumCount, EnumIter, EnumString, FromRepr, IntoStaticStr};

use crate::machine::{InvalidTransition, Machine, MachineKind, Transition};
use crate::set::Set;

/// A participant's Report Management state ([reference §1](crate::reference)).
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
pub enum RmState {
    /// `S`: the participant has not received the report.
    Start,
    /// `R`: received, not yet validated.
    Received,
    /// `I`: judged invalid (may later be validated, or closed).
    Invalid,
    /// `V`: judged valid, not yet prioritised.
    Valid,
    /// `A`: accepted: the participant works on it.
    Accepted,
    /// `D`: deferred: valid, but not being worked on now.
    Deferred,
    /// `C`: closed; absorbing.
    Closed,
}

/// An action on a participant's report ([reference §1](crate::reference) symbols `r v i a d c`).
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
pub enum RmAction {
    /// `r`: receive the report.
    Receive,
    /// `v`: validate it.
    Validate,
    /// `i`: invalidate it.
    Invalidate,
    /// `a`: accept it (start work).
    Accept,
    /// `d`: defer it.
    Defer,
    /// `c`: close it.
    Close,
}

use RmAction as Act;
use RmState as St;

/// The RM transition function: the eleven edges of [reference §1](crate::reference), and nothing else.
pub const TRANSITIONS: [Transition<RmState, RmAction>; 11] = [
    Transition::new(St::Start, Act::Receive, St::Received),
    Transition::new(St::Received, Act::Validate, St::Valid),
    Transition::new(St::Received, Act::Invalidate, St::Invalid),
    Transition::new(St::Invalid, Act::Validate, St::Valid),
    Transition::new(St::Invalid, Act::Close, St::Closed),
    Transition::new(St::Valid, Act::Accept, St::Accepted),
    Transition::new(St::Valid, Act::Defer, St::Deferred),
    Transition::new(St::Accepted, Act::Defer, St::Deferred),
    Transition::new(St::Accepted, Act::Close, St::Closed),
    Transition::new(St::Deferred, Act::Accept, St::Accepted),
    Transition::new(St::Deferred, Act::Close, St::Closed),
];

/// Open states `{R, I, V, D, A}`: received and not closed.
pub const OPEN: [RmState; 5] = [
    St::Received,
    St::Invalid,
    St::Valid,
    St::Deferred,
    St::Accepted,
];
/// Active states `{R, V, A}` (code `RM_ACTIVE`).
pub const ACTIVE: [RmState; 3] = [St::Received, St::Valid, St::Accepted];
/// Inactive states `{I, D, C}`.
pub const INACTIVE: [RmState; 3] = [St::Invalid, St::Deferred, St::Closed];
/// States a report may be closed from `{I, D, A}` (code `RM_CLOSABLE`).
pub const CLOSABLE: [RmState; 3] = [St::Invalid, St::Deferred, St::Accepted];
/// Valid-yet-unclosed states `{V, D, A}` (code `RM_VALIDATED`).
pub const VALID_YET_UNCLOSED: [RmState; 3] = [St::Valid, St::Deferred, St::Accepted];
/// Potentially-valid-yet-unclosed states `{R, V, D, A}`.
pub const POTENTIALLY_VALID_YET_UNCLOSED: [RmState; 4] =
    [St::Received, St::Valid, St::Deferred, St::Accepted];

/// The Report Management machine (marker type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rm;

impl Machine for Rm {
    const KIND: MachineKind = MachineKind::Rm;
    type State = RmState;
    type Action = RmAction;
    const INITIAL: RmState = RmState::Start;
    const TRANSITIONS: &'static [Transition<RmState, RmAction>] = &TRANSITIONS;
}

/// A refused RM action.
pub type RmError = InvalidTransition<RmState, RmAction>;

impl RmState {
    /// Takes `action`; see [`Machine::apply`].
    ///
    /// # Errors
    /// [`RmError`] where the table has no row, e.g. closing from `Valid`.
    ///
    /// # Example
    /// ```
    /// use mpcvd::rm::{RmAction, RmState};
    /// let s = RmState::Received.apply(RmAction::Validate)?;
    /// assert_eq!(s, RmState::Valid);
    /// assert!(s.apply(RmAction::Close).is_err());
    /// # Ok::<(), mpcvd::rm::RmError>(())
    /// ```
    pub fn apply(self, action: RmAction) -> Result<Self, RmError> {
        Rm::apply(self, action)
    }

    /// The actions allowed in this state.
    #[must_use]
    pub fn allowed_actions(self) -> Set<RmAction> {
        Rm::allowed_actions(self)
    }

    /// The one-letter symbol used in the reference (`S R I V A D C`).
    #[must_use]
    pub const fn symbol(self) -> char {
        match self {
            Self::Start => 'S',
            Self::Received => 'R',
            Self::Invalid => 'I',
            Self::Valid => 'V',
            Self::Accepted => 'A',
            Self::Deferred => 'D',
            Self::Closed => 'C',
        }
    }

    /// Whether the report is open (received and not closed).
    #[must_use]
    pub fn is_open(self) -> bool {
        OPEN.contains(&self)
    }
    /// Whether the participant is actively handling the report (`R`, `V`, `A`).
    #[must_use]
    pub fn is_active(self) -> bool {
        ACTIVE.contains(&self)
    }
    /// Whether the report may be closed from here (`I`, `D`, `A`).
    #[must_use]
    pub fn is_closable(self) -> bool {
        CLOSABLE.contains(&self)
    }
    /// Whether the report is valid and not closed (`V`, `D`, `A`).
    #[must_use]
    pub fn is_valid_yet_unclosed(self) -> bool {
        VALID_YET_UNCLOSED.contains(&self)
    }
    /// Whether the participant has been reached: any state past `Start`.
    #[must_use]
    pub const fn is_reached(self) -> bool {
        !matches!(self, Self::Start)
    }
    /// Whether the report is closed (absorbing).
    #[must_use]
    pub const fn is_closed(self) -> bool {
        matches!(self, Self::Closed)
    }
}

impl RmAction {
    /// The one-letter symbol used in the reference (`r v i a d c`).
    #[must_use]
    pub const fn symbol(self) -> char {
        match self {
            Self::Receive => 'r',
            Self::Validate => 'v',
            Self::Invalidate => 'i',
            Self::Accept => 'a',
            Self::Defer => 'd',
            Self::Close => 'c',
        }
    }
}

crate::set::impl_indexed!(RmState, RmAction);
