//! # mpcvd — Coordinated Vulnerability Disclosure as typed state machines
//!
//! mpcvd models Coordinated Vulnerability Disclosure (CVD) and its multi-party form
//! (MPCVD) the way CERT/CC's Vultron protocol does: each participant has a Report
//! Management state ([`rm`]), the case has one Embargo Management state ([`em`]) and
//! a Case State ([`cs`]: the vendor's fix status and the public facts), each
//! participant records its consent to the embargo ([`pec`]), and 28 message types
//! ([`message`]) carry changes between participants.
//!
//! The crate does no I/O: no sockets, files, clock or threads. Inputs go in, a new
//! state and its effects come out, or a typed refusal that leaves the state as it
//! was. Every machine is one `const` transition table ([`rm::TRANSITIONS`],
//! [`em::TRANSITIONS`], [`pec::TRANSITIONS`], and [`cs::TRANSITIONS`] computed from
//! the case-state rules at compile time) that the code, the tests and the exported
//! diagrams all read.
//!
//! Rules come from the protocol reference (`spec/vultron-reference.md`, cited by
//! section as "reference §N"); where the sources disagree, the item's docs say which
//! decision applies.
//!
//! ## Example
//! ```
//! use mpcvd::cs::{CaseState, CsEvent};
//! use mpcvd::em::{EmAction, EmState};
//! use mpcvd::message::{receive, send, MessageType, Outcome};
//! use mpcvd::protocol::{ProtocolOptions, ProtocolState};
//! use mpcvd::rm::{RmAction, RmState};
//! use mpcvd::role::{Role, RoleSet};
//!
//! // The machines on their own: table look-ups that refuse what the tables lack.
//! let report = RmState::Start.apply(RmAction::Receive)?.apply(RmAction::Validate)?;
//! assert_eq!(report, RmState::Valid);
//! let refused = report.apply(RmAction::Close).unwrap_err();
//! assert_eq!(refused.to_string(),
//!     "rm refuses `close` in state `valid` (state kept); allowed there: {accept, defer}");
//!
//! let embargo = EmState::None.apply(EmAction::Propose)?.apply(EmAction::Accept)?;
//! assert!(embargo.is_in_force());
//!
//! let case: CaseState = "VFdpxa".parse()?;
//! assert_eq!(case.apply(CsEvent::PublicAware)?.to_string(), "VFdPxa");
//!
//! // Messages: a reporter submits a report to a vendor.
//! let options = ProtocolOptions::default();
//! let reporter = RoleSet::of(&[Role::Finder, Role::Reporter]);
//! let vendor = RoleSet::of(&[Role::Vendor]);
//! let sent = send(MessageType::RS, reporter.start_state(), reporter, options)?;
//! assert_eq!(sent.messages, &[MessageType::RS]);
//! let got = receive(MessageType::RS, ProtocolState::START, vendor, options);
//! assert_eq!(got.outcome, Outcome::Applied);
//! assert_eq!(got.replies, &[MessageType::RK, MessageType::CV]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Modules
//! - [`rm`], [`em`], [`pec`]: the table-driven machines; [`machine`] is what they share.
//! - [`cs`]: the 32 case states, 58 edges and 70 histories.
//! - [`role`]: roles and role sets; [`protocol`]: one participant's `(RM, EM, CS)`.
//! - [`message`]: the 28 message types, their send rules and receive effects.
//! - [`set`]: the compact set type used throughout.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Caller input must never panic the library (docs/DESIGN.md, "No panics"). These
// are crate attributes rather than `[lints]` entries so that they bind the library
// only; tests may unwrap, where a panic is a failed assertion.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::todo,
    clippy::unimplemented
)]

pub mod analysis;
pub mod calendar;
pub mod case;
pub mod cs;
pub mod deadline;
pub mod em;
pub mod export;
pub mod id;
pub mod machine;
pub mod message;
pub mod participant;
pub mod pec;
pub mod policy;
pub mod protocol;
pub mod rm;
pub mod role;
pub mod rule;
pub mod set;
pub mod typed;
