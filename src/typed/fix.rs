//! A vendor's fix status as types: `FixStatus<Aware>::fix(&report) -> FixStatus<FixReady>`.
//!
//! One marker per [`Vfd`], one method per step of the fix path `V ≺ F ≺ D`
//! ([reference §3](crate::reference) constraint 1), checked against [`FIX_PATH`], which is computed from
//! the runtime rule [`Vfd::next_event`]. Fixing and deploying take the participant's
//! report as evidence that it is `Accepted`: vendors create fixes, and deployers
//! deploy, only in `A` ([reference §1](crate::reference)), as the runtime send rules for `CF` and `CD`
//! require.

use core::marker::PhantomData;

use super::macros::typestate;
use super::report::{Accepted, Report};
use super::sealed::Sealed;
use crate::cs::{CsEvent, Vfd};
use crate::machine::Transition;

/// A marker for one fix status.
///
/// Sealed: the four markers of this module are the only implementations.
pub trait FixState: Sealed {
    /// The runtime status this marker stands for.
    const STATE: Vfd;
    /// The steps this marker's methods implement, one row per method: exactly the
    /// rows of [`FIX_PATH`] that start in [`Self::STATE`].
    const TRANSITIONS: &'static [Transition<Vfd, CsEvent>];
}

/// The runtime fix path as a table: for each status, the event
/// [`Vfd::next_event`] allows and the status it leads to (`vfd →V Vfd →F VFd →D VFD`).
pub const FIX_PATH: [Transition<Vfd, CsEvent>; 3] = fix_path();

const VFD_ALL: [Vfd; 4] = [Vfd::Unaware, Vfd::Aware, Vfd::FixReady, Vfd::FixDeployed];

/// The status with exactly these event bits (`None` for `vF·`, `·fD`).
const fn vfd_with_bits(bits: u8) -> Option<Vfd> {
    let mut all: &[Vfd] = &VFD_ALL;
    while let [vfd, rest @ ..] = all {
        if vfd.bits() == bits {
            return Some(*vfd);
        }
        all = rest;
    }
    None
}

#[allow(
    clippy::indexing_slicing,
    reason = "const evaluation: an out-of-bounds write would fail the build, not panic at run time"
)]
const fn fix_path() -> [Transition<Vfd, CsEvent>; 3] {
    let placeholder = Transition::new(Vfd::Unaware, CsEvent::VendorAware, Vfd::Unaware);
    let mut table = [placeholder; 3];
    let mut n: usize = 0;
    let mut all: &[Vfd] = &VFD_ALL;
    while let [from, rest @ ..] = all {
        if let Some(event) = from.next_event()
            && let Some(to) = vfd_with_bits(from.bits() | event.bit())
        {
            table[n] = Transition::new(*from, event, to);
            n = n.saturating_add(1);
        }
        all = rest;
    }
    assert!(n == 3, "the fix path has three steps");
    table
}

/// A vendor's fix status `F` ([reference §3](crate::reference): the participant's own `vfd` letters).
///
/// Zero-sized: the status lives in the type. Each method consumes the value and
/// returns the next status; fixing before the vendor is aware, or deploying before
/// the fix is ready, does not compile. Convert to [`Vfd`] with `From`, and back with
/// `TryFrom` or [`AnyFixStatus`].
///
/// # Example
/// ```
/// use mpcvd::cs::Vfd;
/// use mpcvd::typed::{FixStatus, Report};
///
/// let report = Report::new().receive().validate().accept(); // Report<Accepted>
/// let fix = FixStatus::new().become_aware().fix(&report).deploy(&report);
/// assert_eq!(Vfd::from(fix), Vfd::FixDeployed);
/// ```
#[must_use = "a typed fix status is its state: dropping it forgets where the fix is"]
pub struct FixStatus<F: FixState> {
    state: PhantomData<F>,
}

impl<F: FixState> FixStatus<F> {
    const fn make() -> Self {
        Self { state: PhantomData }
    }

    /// The runtime status, [`FixState::STATE`].
    #[inline]
    #[must_use]
    pub const fn state(&self) -> Vfd {
        F::STATE
    }
}

impl FixStatus<Unaware> {
    /// The status of a vendor that has not heard of the vulnerability (`vfd`).
    #[inline]
    pub const fn new() -> Self {
        Self::make()
    }
}

impl Default for FixStatus<Unaware> {
    fn default() -> Self {
        Self::new()
    }
}

typestate! {
    wrapper FixStatus, trait FixState, state Vfd, action CsEvent, table FIX_PATH;

    /// A fix status of any marker, as a value to `match` on: the checked way from a
    /// runtime [`Vfd`] to a typed [`FixStatus`] (`AnyFixStatus::from(vfd)`).
    any AnyFixStatus;

    /// `vfd`: the vendor is not aware.
    Unaware = Unaware {
        /// `V`: the vendor learns of the vulnerability (usually by receiving the
        /// report; message `CV`).
        fn become_aware() = VendorAware -> Aware;
    }
    /// `Vfd`: the vendor is aware; no fix yet.
    Aware = Aware {
        /// `F`: the fix is ready (message `CF`). `report` is the vendor's own report,
        /// borrowed as evidence that it is `Accepted` ([reference §1](crate::reference)).
        fn fix(report: &Report<Accepted>) = FixReady -> FixReady;
    }
    /// `VFd`: a fix is ready, not deployed.
    FixReady = FixReady {
        /// `D`: the fix is deployed (message `CD`). `report` is borrowed as evidence
        /// that it is `Accepted` ([reference §1](crate::reference): deployment is work done in `A`).
        fn deploy(report: &Report<Accepted>) = FixDeployed -> FixDeployed;
    }
    /// `VFD`: the fix is deployed; the end of the path, so no methods.
    FixDeployed = FixDeployed {}
}
