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
//! Rules come from the protocol reference ([`crate::reference`], also
//! `docs/reference/vultron-reference.md` in the repository), cited by section as
//! [reference §N](crate::reference); where the sources disagree, the item's docs say
//! which decision applies.
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
//! ## Running a case
//! A tracker embeds one [`case::Case`] per vulnerability. The contract is one call:
//! `case.handle(input, now)`. Every input ([`case::Input`]: a peer's message, a
//! participant's local action, a membership change, a policy change, or just the
//! passing of time) carries the time it happened, which must not go backwards. The
//! case checks the protocol and its [`policy::Policy`] first and, only if every check
//! passes, commits the change, appends one timeline entry and returns the effects:
//! messages to send, deadlines to call back at (hand it `Input::Tick` then), and
//! warnings. A refused input returns a [`case::CaseError`] naming the rule (by a
//! stable id), the participant, its state and what it may do instead, and leaves
//! the case exactly as it was. Persist the case with serde; loading re-validates it
//! by replaying its timeline. `docs/embedding.md` walks through it.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use mpcvd::case::{Action, Case, Effect, Input, ReportSummary};
//! use mpcvd::id::CaseId;
//! use mpcvd::participant::{NewParticipant, ParticipantId};
//! use mpcvd::policy::Policy;
//! use mpcvd::role::{Role, RoleSet};
//!
//! let now = Utc.with_ymd_and_hms(2026, 2, 2, 9, 0, 0).unwrap();
//! let mut case = Case::new(CaseId::new("VU#42")?, Policy::preset("cert-cc").unwrap(), now);
//! // The first participant opens the case and owns it; the owner adds the others.
//! let fay = ParticipantId::new("fay")?;
//! for (id, roles) in [("fay", &[Role::Finder, Role::Reporter][..]), ("acme", &[Role::Vendor][..])] {
//!     let p = NewParticipant::new(ParticipantId::new(id)?, id, RoleSet::of(roles));
//!     let by = case.owner().cloned();
//!     case.handle(Input::AddParticipant { participant: Box::new(p), by }, now)?;
//! }
//! assert_eq!(case.owner(), Some(&fay));
//! let submit = Action::submit(ParticipantId::new("acme")?, ReportSummary::new("bug", ""));
//! let effects = case.handle(Input::Act { actor: ParticipantId::new("fay")?, action: submit }, now)?;
//! // The RS message to send, and the CERT/CC 45-day deadline to call back at.
//! assert!(matches!(effects[0], Effect::Send(_)));
//! assert!(effects.iter().any(|e| matches!(e, Effect::Deadline(_))));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Modules, bottom up
//! - [`set`], [`machine`], [`rm`], [`em`], [`pec`], [`cs`]: the table-driven machines
//!   (the 32 case states, 58 edges and 70 histories are computed from [`cs`]'s rules).
//! - [`role`], [`protocol`], [`message`]: roles, one participant's `(RM, EM, CS)`, and
//!   the 28 message types with their send rules and receive effects.
//! - [`typed`]: the same machines as a typestate API, where forbidden transitions do
//!   not compile.
//! - [`id`], [`participant`], [`rule`], [`policy`], [`deadline`], [`calendar`],
//!   [`case`]: the multi-party case engine, its coordinator rules as data, and
//!   deadline arithmetic against a caller-supplied calendar.
//! - [`analysis`], [`export`]: histories, desiderata and skill, variant models, state
//!   spaces, and DOT/Mermaid/JSON exports read from the same tables.
//!
//! ## Features
//! - `cli`: the `mpcvd` command-line tool (adds clap).
//! - `as2`: Vultron's ActivityStreams 2.0 wire form (`as2`).
//! - `mappings`: case state as CSAF involvements, VEX statuses and CVE record and
//!   ID states (`mapping`).
//! - `vex`: whole CSAF 2.0 VEX and OpenVEX documents from a case (`vex`; adds
//!   `mappings`).
//! - `simulate`: seeded what-if simulation of cases under stochastic participants
//!   (`simulate`; adds rand_core and rand_pcg).
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

/// The date-time crate the API speaks in (`chrono::DateTime<chrono::Utc>`), re-exported
/// so that a tracker needs no second dependency line to call `Case::handle`.
pub use chrono;

pub mod analysis;
#[cfg(feature = "as2")]
pub mod as2;
pub mod calendar;
pub mod case;
pub mod conformance;
pub mod cs;
pub mod deadline;
pub mod decode;
pub mod em;
pub mod export;
pub mod id;
pub mod machine;
#[cfg(feature = "mappings")]
pub mod mapping;
pub mod message;
pub mod participant;
pub mod pec;
pub mod policy;
pub mod protocol;
pub mod reference;
pub mod rm;
pub mod role;
pub mod rule;
pub mod rules;
pub mod set;
#[cfg(feature = "simulate")]
pub mod simulate;
pub mod typed;
#[cfg(feature = "vex")]
pub mod vex;
pub mod view;

/// The README and the guides in `docs/`, compiled and run as doctests so that their
/// code cannot drift from the library.
#[cfg(doctest)]
mod guides {
    #[doc = include_str!("../README.md")]
    struct Readme;
    #[doc = include_str!("../docs/embedding.md")]
    struct Embedding;
    #[doc = include_str!("../docs/policies.md")]
    struct Policies;
    #[doc = include_str!("../docs/conformance.md")]
    struct Conformance;
    #[doc = include_str!("../docs/typestate.md")]
    struct Typestate;
    #[doc = include_str!("../docs/research.md")]
    struct Research;
    #[doc = include_str!("../docs/protocol.md")]
    struct Protocol;
    #[doc = include_str!("../docs/DESIGN.md")]
    struct Design;
}

/// The simulation guide, compiled and run as a doctest with the `simulate`
/// feature.
#[cfg(all(doctest, feature = "simulate"))]
mod simulation_guide {
    #[doc = include_str!("../docs/simulation.md")]
    struct Simulation;
}
