//! A compile-time (typestate) API over the machines: wrong steps do not compile.
//!
//! Each state is a marker type, each wrapper is generic over its marker, and each
//! allowed transition is a method that consumes the wrapper and returns it in the
//! next state, as rustls does with its handshake states:
//! - [`Report<R>`](Report): Report Management ([reference §1](crate::reference)), one method per row
//!   of [`rm::TRANSITIONS`](crate::rm::TRANSITIONS);
//! - [`FixStatus<F>`](FixStatus): a vendor's fix path `V ≺ F ≺ D` ([reference §3](crate::reference)),
//!   one method per step of [`FIX_PATH`]; fixing and deploying borrow the
//!   `Report<Accepted>` as evidence (vendors fix only in `A`, [reference §1](crate::reference));
//! - [`Embargo<E>`](Embargo): Embargo Management ([reference §2](crate::reference)), one method per row
//!   of [`em::TRANSITIONS`](crate::em::TRANSITIONS).
//!
//! The methods are generated, marker by marker, from one list that also gives each
//! marker its rows (`ReportState::TRANSITIONS`, ...); a `const` assertion fails the
//! build unless those rows equal the runtime table, and `tests/typed_edges.rs`
//! probes the public methods against the tables. Every wrapper is zero-sized, so a
//! typed chain compiles to nothing but its final constant (`benches/typed.rs`).
//!
//! Evidence that only the right step can create is a proof token
//! ([`evidence`]): ending an embargo early because the public is aware takes the
//! [`PublicAwareness`] that recording `P` returned.
//!
//! Conversions: a typed value always converts to the runtime enum (`From`); a
//! runtime value becomes a typed one through `TryFrom` (which names the expected and
//! the found state) or the `Any*` enum to `match` on ([`AnyReport`], [`AnyEmbargo`],
//! [`AnyFixStatus`]). Markers are sealed: no state can be added outside this crate.
//!
//! Use this layer where *your code* fixes the order of steps (a vendor's own
//! workflow, a test scenario, a tool that walks a known path). Where the order comes
//! from outside (messages from peers, stored cases), use the runtime machines and the
//! case, which refuse a wrong step with a structured error instead; `docs/typestate.md`
//! compares the two.
//!
//! # Example: a vendor's workflow
//! ```
//! use mpcvd::cs::Vfd;
//! use mpcvd::em::EmState;
//! use mpcvd::rm::RmState;
//! use mpcvd::typed::{Embargo, FixStatus, PublicAwareness, Report};
//!
//! let report = Report::new().receive(); // S → R: the report arrives (RS)
//! let fix = FixStatus::new().become_aware(); // vfd → Vfd
//! let embargo = Embargo::new().propose().accept(); // N → P → A (EP, EA)
//!
//! let report = report.validate().accept(); // R → V → A (RV, RA)
//! let fix = fix.fix(&report); // Vfd → VFd: needs the report accepted (CF)
//!
//! // The vulnerability goes public: recording P is the only way to get the proof
//! // that lets the embargo end early.
//! let (case, public) = PublicAwareness::record("VFdpxa".parse()?)?;
//! let embargo = embargo.end_early(public); // A → X (ET)
//!
//! let fix = fix.deploy(&report); // VFd → VFD (CD)
//! let report = report.close(); // A → C (RC)
//!
//! assert_eq!(case.to_string(), "VFdPxa");
//! assert_eq!(
//!     (RmState::from(report), EmState::from(embargo), Vfd::from(fix)),
//!     (RmState::Closed, EmState::Exited, Vfd::FixDeployed)
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Steps the tables refuse are not there to call:
//! ```compile_fail
//! let valid = mpcvd::typed::Report::new().receive().validate();
//! let closed = valid.close(); // error[E0599]: no method named `close` found for `Report<Valid>`
//! ```

mod embargo;
pub mod evidence;
mod fix;
mod macros;
mod report;

use core::fmt;

use thiserror::Error;

pub use embargo::{Active, AnyEmbargo, Embargo, EmbargoState, Exited, NoEmbargo, Proposed, Revise};
pub use evidence::{AttacksObserved, EarlyEndEvidence, PublicAwareness};
pub use fix::{AnyFixStatus, Aware, FIX_PATH, FixDeployed, FixReady, FixState, FixStatus, Unaware};
pub use report::{
    Accepted, AnyReport, Closed, Deferred, Invalid, Received, Report, ReportState, Start, Valid,
};

/// The private supertrait that seals the marker traits: only this crate can add states.
mod sealed {
    /// Implemented by every marker type of this module, and by nothing else.
    pub trait Sealed {}
}

/// A runtime state could not become a typed value of the requested marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
#[error("expected state `{expected}`, found `{found}`")]
pub struct WrongState<S: fmt::Display> {
    /// The state the marker stands for.
    pub expected: S,
    /// The runtime state given.
    pub found: S,
}
