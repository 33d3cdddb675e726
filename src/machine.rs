//! What the table-driven machines (RM, EM, PEC) have in common.
//!
//! Each machine is a zero-sized marker type implementing [`Machine`]: its states, its
//! actions, its initial state and one `const` transition table. Look-ups, the set of
//! allowed actions and refusals are written once here, so every machine reports a
//! refused action the same way, and tests, docs and exports read the same table.

use core::fmt;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumCount, EnumIter, EnumString, FromRepr, IntoStaticStr};
use thiserror::Error;

use crate::set::{Indexed, Set};

/// One row of a transition table: in state `from`, `action` leads to `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Transition<S, A> {
    /// The state the action is taken in.
    pub from: S,
    /// The action (input symbol).
    pub action: A,
    /// The state the action leads to.
    pub to: S,
}

impl<S, A> Transition<S, A> {
    /// A table row; `const` so tables can be written as `const` arrays.
    pub const fn new(from: S, action: A, to: S) -> Self {
        Self { from, action, to }
    }
}

/// Names the protocol machine a state, action or refusal belongs to.
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
pub enum MachineKind {
    /// Report Management, one per participant ([reference §1](crate::reference)).
    Rm,
    /// Embargo Management, one per case ([reference §2](crate::reference)).
    Em,
    /// Case State: vendor fix status and public facts ([reference §3](crate::reference)).
    Cs,
    /// Participant Embargo Consent, one per participant ([reference §2](crate::reference), last item).
    Pec,
}

/// A state machine defined by one `const` transition table.
///
/// The table is the single source of truth: [`Machine::next`], [`Machine::apply`],
/// [`Machine::allowed_actions`], the typestate layer, the docs and the exporters all
/// read [`Machine::TRANSITIONS`].
pub trait Machine {
    /// Which machine this is, for error messages and exports.
    const KIND: MachineKind;
    /// The state type.
    type State: Indexed + fmt::Debug + fmt::Display;
    /// The action (input symbol) type.
    type Action: Indexed + fmt::Debug + fmt::Display;
    /// The initial state.
    const INITIAL: Self::State;
    /// Every allowed transition; a (state, action) pair not listed is refused.
    const TRANSITIONS: &'static [Transition<Self::State, Self::Action>];

    /// The state `action` leads to from `from`, or `None` where the table has no row.
    #[must_use]
    fn next(from: Self::State, action: Self::Action) -> Option<Self::State> {
        Self::TRANSITIONS
            .iter()
            .find(|row| row.from == from && row.action == action)
            .map(|row| row.to)
    }

    /// Takes `action` in `from`.
    ///
    /// # Errors
    /// [`InvalidTransition`] naming the machine, the state (which is kept), the
    /// action and the actions that would have been allowed.
    fn apply(
        from: Self::State,
        action: Self::Action,
    ) -> Result<Self::State, InvalidTransition<Self::State, Self::Action>> {
        Self::next(from, action).ok_or_else(|| InvalidTransition {
            machine: Self::KIND,
            from,
            action,
            allowed: Self::allowed_actions(from),
        })
    }

    /// The actions the table allows in `from`.
    #[must_use]
    fn allowed_actions(from: Self::State) -> Set<Self::Action> {
        Self::TRANSITIONS
            .iter()
            .filter(|row| row.from == from)
            .map(|row| row.action)
            .collect()
    }

    /// The states in which the table allows `action`.
    #[must_use]
    fn sources(action: Self::Action) -> Set<Self::State> {
        Self::TRANSITIONS
            .iter()
            .filter(|row| row.action == action)
            .map(|row| row.from)
            .collect()
    }
}

/// A machine refused an action: the table has no row for `(from, action)`.
///
/// The machine stays in `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
#[error("{machine} refuses `{action}` in state `{from}` (state kept); allowed there: {allowed}")]
pub struct InvalidTransition<S: Indexed + fmt::Display, A: Indexed + fmt::Display> {
    /// The machine that refused.
    pub machine: MachineKind,
    /// The state the machine was (and still is) in.
    pub from: S,
    /// The refused action.
    pub action: A,
    /// The actions the table allows in `from`.
    pub allowed: Set<A>,
}

crate::set::impl_indexed!(MachineKind);
