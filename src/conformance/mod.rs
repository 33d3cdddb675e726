//! Conformance: does a recorded exchange obey the protocol?
//!
//! A [`Trace`] is a recorded case: its participants, the policy it ran under (a
//! preset's name or inline), and the ordered steps, each an [`Input`](crate::case::Input)
//! of the case engine at a time, optionally with what the trace claims happened
//! ([`Expect`]: states and the embargo after the step, a refusal and the error reply
//! it calls for, the messages, warnings and deadlines the step made due, what each
//! participant has been told). [`check`] replays the trace through
//! [`Case`](crate::case::Case) and reports every deviation ([`Deviation`]: step,
//! participant, rule, what the protocol says and what the trace claims), telling
//! apart
//! - a **violation**: a party did something the protocol or policy refuses (the
//!   engine refused a step the trace does not mark as refused, or a message was
//!   not allowed by what its sender knew when it sent it), and
//! - a **contradiction**: the trace contradicts itself (it claims a state, refusal
//!   or message that its own steps do not produce).
//!
//! In the engine's hub model a message *received* by the case is an input and a
//! message *due* is an effect of the input before it: a trace records received
//! messages as steps and due ones as the `sends` a step expects. Format 2
//! ([`Format`]) adds when a message was *sent* and when each due message was
//! *delivered*, so a message is judged by what its sender knew (module
//! `knowledge`, [`crate::view`]).
//!
//! A corpus states what it expects of each trace ([`Verdict`]); [`verify`] reads a
//! document and compares. [`diagram`] draws a checked trace as a Mermaid sequence
//! diagram. `docs/conformance.md` has the format and its JSON Schema
//! (`schema/trace.schema.json`).

mod checker;
mod claims;
mod compare;
mod diagram;
mod knowledge;
mod trace;
mod verdict;

pub use checker::{check, replay};
pub use claims::{EmbargoClaim, Expect, ParticipantExpect, Sent, WarningsClaim};
pub use diagram::diagram;
pub use trace::{Format, MAX_STEPS, PolicyRef, Step, Trace, TraceError, TraceErrorClass};
pub use verdict::{
    Deviation, DeviationKind, ExpectedDeviation, Report, Verdict, Verification, verify,
};
