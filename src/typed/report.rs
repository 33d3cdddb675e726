//! Report Management as types: `Report<Received>::validate() -> Report<Valid>`.
//!
//! One marker per [`RmState`], one consuming method per row of [`rm::TRANSITIONS`]
//! ([reference §1](crate::reference)). A method the table lacks, such as closing a `Valid` report, does
//! not exist, so calling it is a compile error.

use core::marker::PhantomData;

use super::macros::typestate;
use super::sealed::Sealed;
use crate::machine::Transition;
use crate::rm::{self, RmAction, RmState};

/// A marker for one Report Management state.
///
/// Sealed: the seven markers of this module are the only implementations.
pub trait ReportState: Sealed {
    /// The runtime state this marker stands for.
    const STATE: RmState;
    /// The transitions this marker's methods implement, one row per method: exactly
    /// the rows of [`rm::TRANSITIONS`] that start in [`Self::STATE`].
    const TRANSITIONS: &'static [Transition<RmState, RmAction>];
}

/// A participant's report, in the Report Management state `R` ([reference §1](crate::reference)).
///
/// Zero-sized: the state lives in the type. Each method consumes the report and
/// returns it in the next state; only the methods the RM table allows exist. Convert
/// to [`RmState`] with `From`, and back with `TryFrom` or [`AnyReport`].
///
/// # Example
/// ```
/// use mpcvd::rm::RmState;
/// use mpcvd::typed::{AnyReport, Report, Valid};
///
/// let report = Report::new().receive().validate(); // Report<Valid>
/// assert_eq!(report.state(), RmState::Valid);
///
/// // From a runtime state: checked, or matched.
/// assert!(Report::<Valid>::try_from(RmState::Accepted).is_err());
/// match AnyReport::from(RmState::Deferred) {
///     AnyReport::Deferred(report) => assert_eq!(RmState::from(report.accept()), RmState::Accepted),
///     other => panic!("unexpected {other:?}"),
/// }
/// ```
#[must_use = "a typed report is its state: dropping it forgets where the report is"]
pub struct Report<R: ReportState> {
    state: PhantomData<R>,
}

impl<R: ReportState> Report<R> {
    const fn make() -> Self {
        Self { state: PhantomData }
    }

    /// The runtime state, [`ReportState::STATE`].
    #[inline]
    #[must_use]
    pub const fn state(&self) -> RmState {
        R::STATE
    }
}

impl Report<Start> {
    /// A report in `Start`, the initial RM state: not yet received.
    #[inline]
    pub const fn new() -> Self {
        Self::make()
    }
}

impl Default for Report<Start> {
    fn default() -> Self {
        Self::new()
    }
}

typestate! {
    wrapper Report, trait ReportState, state RmState, action RmAction, table rm::TRANSITIONS;

    /// A report in any RM state, as a value to `match` on: the checked way from a
    /// runtime [`RmState`] to a typed [`Report`] (`AnyReport::from(state)`).
    any AnyReport;

    /// `S`: the report has not been received.
    Start = Start {
        /// `r`: receive the report (`S → R`).
        fn receive() = Receive -> Received;
    }
    /// `R`: received, not yet validated.
    Received = Received {
        /// `v`: the report is valid (`R → V`, message `RV`).
        fn validate() = Validate -> Valid;
        /// `i`: the report is invalid (`R → I`, message `RI`).
        fn invalidate() = Invalidate -> Invalid;
    }
    /// `I`: judged invalid; may be validated later, or closed.
    Invalid = Invalid {
        /// `v`: reconsidered and valid after all (`I → V`).
        fn validate() = Validate -> Valid;
        /// `c`: close the invalid report (`I → C`).
        fn close() = Close -> Closed;
    }
    /// `V`: valid, not yet prioritised. No `close` and no `invalidate` here: a valid
    /// report is accepted or deferred first ([reference §1](crate::reference)).
    Valid = Valid {
        /// `a`: start work (`V → A`, message `RA`).
        fn accept() = Accept -> Accepted;
        /// `d`: valid, but not worked on now (`V → D`, message `RD`).
        fn defer() = Defer -> Deferred;
    }
    /// `A`: accepted; the participant works on it (vendors fix only here).
    Accepted = Accepted {
        /// `d`: stop work for now (`A → D`).
        fn defer() = Defer -> Deferred;
        /// `c`: close the report (`A → C`, message `RC`).
        fn close() = Close -> Closed;
    }
    /// `D`: deferred; valid but not being worked on.
    Deferred = Deferred {
        /// `a`: resume work (`D → A`).
        fn accept() = Accept -> Accepted;
        /// `c`: close the report (`D → C`).
        fn close() = Close -> Closed;
    }
    /// `C`: closed; absorbing, so no methods.
    Closed = Closed {}
}
