//! Embargo Management as types: `Embargo<Proposed>::accept() -> Embargo<Active>`.
//!
//! One marker per [`EmState`], one consuming method per row of [`em::TRANSITIONS`]
//! ([reference §2](crate::reference)), named after the message that announces it: `propose` (`EP`),
//! `accept` (`EA`), `reject` (`ER`), `propose_revision` (`EV`), `accept_revision`
//! (`EC`), `reject_revision` (`EJ`), `terminate` (`ET`). Ending an embargo early
//! because of a case event, [`Embargo::end_early`], is also `t` but needs a proof
//! token from [`evidence`](super::evidence).

use core::marker::PhantomData;

use super::evidence::EarlyEndEvidence;
use super::macros::typestate;
use super::sealed::Sealed;
use crate::em::{self, EmAction, EmState};
use crate::machine::Transition;

/// A marker for one Embargo Management state.
///
/// Sealed: the five markers of this module are the only implementations.
pub trait EmbargoState: Sealed {
    /// The runtime state this marker stands for.
    const STATE: EmState;
    /// The transitions this marker's methods implement, one row per method: exactly
    /// the rows of [`em::TRANSITIONS`] that start in [`Self::STATE`] (`terminate`
    /// and `end_early` share the row `t`).
    const TRANSITIONS: &'static [Transition<EmState, EmAction>];
}

/// The case's embargo, in the Embargo Management state `E` ([reference §2](crate::reference)).
///
/// Zero-sized: the state lives in the type. Each method consumes the embargo and
/// returns it in the next state; only the methods the EM table allows exist, so
/// terminating an embargo that was never active, or revising one that is only
/// proposed, does not compile. Convert to [`EmState`] with `From`, and back with
/// `TryFrom` or [`AnyEmbargo`].
///
/// # Example
/// ```
/// use mpcvd::em::EmState;
/// use mpcvd::typed::Embargo;
///
/// let embargo = Embargo::new().propose().accept(); // Embargo<Active>
/// let embargo = embargo.propose_revision().reject_revision(); // old terms stay
/// assert_eq!(EmState::from(embargo.terminate()), EmState::Exited);
/// ```
#[must_use = "a typed embargo is its state: dropping it forgets where the embargo is"]
pub struct Embargo<E: EmbargoState> {
    state: PhantomData<E>,
}

impl<E: EmbargoState> Embargo<E> {
    const fn make() -> Self {
        Self { state: PhantomData }
    }

    /// The runtime state, [`EmbargoState::STATE`].
    #[inline]
    #[must_use]
    pub const fn state(&self) -> EmState {
        E::STATE
    }
}

impl Embargo<NoEmbargo> {
    /// A case without an embargo, the initial EM state `N`.
    #[inline]
    pub const fn new() -> Self {
        Self::make()
    }
}

impl Default for Embargo<NoEmbargo> {
    fn default() -> Self {
        Self::new()
    }
}

typestate! {
    wrapper Embargo, trait EmbargoState, state EmState, action EmAction, table em::TRANSITIONS;

    /// An embargo in any EM state, as a value to `match` on: the checked way from a
    /// runtime [`EmState`] to a typed [`Embargo`] (`AnyEmbargo::from(state)`).
    any AnyEmbargo;

    /// `N`: no embargo.
    NoEmbargo = None {
        /// `p`: propose an embargo (`N → P`, message `EP`).
        fn propose() = Propose -> Proposed;
    }
    /// `P`: an embargo is proposed; none is in force.
    Proposed = Proposed {
        /// `p`: a counter-proposal while one is pending (`P → P`, message `EP`).
        fn propose() = Propose -> Proposed;
        /// `r`: reject the proposal (`P → N`, message `ER`).
        fn reject() = Reject -> NoEmbargo;
        /// `a`: accept the proposal; the embargo is in force (`P → A`, message `EA`).
        fn accept() = Accept -> Active;
    }
    /// `A`: an embargo is in force.
    Active = Active {
        /// `p`: propose new terms; the current ones stay in force meanwhile
        /// (`A → R`, message `EV`).
        fn propose_revision() = Propose -> Revise;
        /// `t`: end the embargo as agreed: its end has come, or the parties agree to
        /// end it now (`A → X`, message `ET`).
        fn terminate() = Terminate -> Exited;
        /// `t` forced by a case event ([reference §2](crate::reference): public awareness SHALL, attacks
        /// SHOULD end an embargo): `evidence` is the token that recording the event
        /// created (`A → X`, message `ET`).
        fn end_early(evidence: impl EarlyEndEvidence) = Terminate -> Exited;
    }
    /// `R`: an embargo is in force and a revision is pending.
    Revise = Revise {
        /// `p`: a counter-revision (`R → R`, message `EV`).
        fn propose_revision() = Propose -> Revise;
        /// `a`: the revised terms replace the old (`R → A`, message `EC`).
        fn accept_revision() = Accept -> Active;
        /// `r`: the old terms stay (`R → A`, message `EJ`).
        fn reject_revision() = Reject -> Active;
        /// `t`: end the embargo as agreed (`R → X`, message `ET`).
        fn terminate() = Terminate -> Exited;
        /// `t` forced by a case event, proven by `evidence` (`R → X`, message `ET`).
        fn end_early(evidence: impl EarlyEndEvidence) = Terminate -> Exited;
    }
    /// `X`: the embargo has ended; absorbing, so no methods.
    Exited = Exited {}
}
