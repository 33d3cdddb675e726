//! The multi-party explorer: every global state a case of N participants can reach
//! by exchanging protocol messages over bounded FIFO channels ([reference §6](crate::reference),
//! "formal protocol": the global state is the participants' states plus the
//! channels between them).
//!
//! # The model
//! - **Participants** hold role sets and start at [`RoleSet::start_state`]. A
//!   participant's *local state* is its [`ProtocolState`] (its RM state, its view of
//!   the embargo and of the case state), whether it has sent its report yet, and
//!   whether the terms on the table are its own proposal.
//! - **Channels**: one FIFO channel per ordered pair of participants, holding at most
//!   `channel_bound` messages.
//! - **Steps** (interleaved, one per transition):
//!   - *send*: a participant sends a statement that [`message::send`] accepts in its
//!     state to every other participant, if every outgoing channel has room for all
//!     the messages the send emits (a `CX` may emit `CX`, `CP`, `CV`, and the `ER`
//!     or `ET` of the embargo it ends). `RS` is sent at most once per participant;
//!     other statements only when they change the sender's state (re-proposals add
//!     only copies of messages already in flight).
//!   - *receive*: a participant takes the message at the head of a channel to it and
//!     moves as [`message::receive`] says, if the channel back to the sender has room
//!     for the replies.
//! - **Message types on channels**: all statements except `GI`, and the error and
//!   embargo replies. Acknowledgements (`RK`, `EK`, `CK`, `GK`) change no state when
//!   received, so they are left off by default ([`ExploreConfig::with_acknowledgements`]
//!   puts them back, and [`ExploreConfig::with_inquiries`] adds `GI`).
//! - **Guards** ([`Guards`]): the Case engine's guards that a single participant's
//!   send rules cannot express: no `CP` or `CX` while the sender's own view holds
//!   an embargo in force (rule `publish.embargo-in-force`) or before every vendor
//!   in the case has been reached (rule `publish.vendors-unreached`), and no `EA`
//!   or `EC` accepting one's own proposal (rule `embargo.self-accept`; the local
//!   state remembers whether the participant's last embargo step was a proposal).
//!
//! [`message::send`] and [`message::receive`] are the per-participant transition
//! functions the [`Case`](crate::case::Case) engine applies to its sender and each
//! recipient, and the guards are the predicates of [`crate::rules`] the engine
//! calls. Where the two models meet is tested, not assumed: `tests/explore_vs_case.rs`
//! replays synchronous runs ([`walk`], [`runs`]: every message delivered before the
//! next send) through the case and finds the same per-participant states and
//! replies, for two participants and for a coordinator hub whose leaves change only
//! their own report and fix. Messages crossing in flight, and a leaf's embargo or
//! publication statements in a star (which reach only the hub, so the other leaves'
//! views lag the case's single embargo), are beyond that test. [`StepFunctions`]
//! lets a test substitute broken step functions to check that the invariants catch
//! what they should.
//!
//! # Invariants, checked in every state and on every step
//! [`Invariant`] lists them. The first violation of each is reported with a shortest
//! trace from the initial state (the search is breadth-first).
//!
//! # Reductions
//! Optional symmetry and partial-order reductions ([`ExploreConfig::with_symmetry`],
//! [`ExploreConfig::with_por`]); see [`explore`] for what each keeps.
//!
//! # Bounds
//! At most [`MAX_PARTICIPANTS`] participants and channels of at most
//! [`MAX_CHANNEL_BOUND`] messages; the search stops after the state budget
//! ([`ExploreConfig::with_budget`]) and says so (`complete: false`). The search is
//! single-threaded and deterministic: the same configuration gives the same numbers
//! and the same traces.
//!
//! # Example
//! ```
//! use mpcvd::analysis::explore::{explore, ExploreConfig};
//! use mpcvd::role::{Role, RoleSet};
//! let config = ExploreConfig::new(vec![
//!     RoleSet::of(&[Role::Finder, Role::Reporter]),
//!     RoleSet::of(&[Role::Vendor]),
//! ])?;
//! let found = explore(&config)?;
//! assert!(found.complete);
//! assert!(found.violations.is_empty());
//! # Ok::<(), mpcvd::analysis::explore::ExploreError>(())
//! ```

mod config;
pub(crate) mod local;
pub(crate) mod pack;
mod por;
mod report;
pub(crate) mod search;
mod symmetry;
mod walk;

use crate::message::{self, MessageType, Reception, SendError, Sent};
use crate::protocol::{ProtocolOptions, ProtocolState};
use crate::role::RoleSet;

pub use config::{ExploreConfig, ExploreError, Guards, Topology, all_statements, duties};
pub use report::{Exploration, Invariant, Reduction, TraceStep, Violation};
pub use search::{Progress, explore, explore_with};
pub use walk::{Move, Run, RunEnd, RunStep, runs, walk};

/// The most participants an exploration may have.
pub const MAX_PARTICIPANTS: usize = 6;
/// The longest a channel may be.
pub const MAX_CHANNEL_BOUND: usize = 4;
/// The default state budget.
pub const DEFAULT_BUDGET: usize = 5_000_000;

/// A participant's send function: [`message::send`]'s signature.
pub type SendFn =
    fn(MessageType, ProtocolState, RoleSet, ProtocolOptions) -> Result<Sent, SendError>;
/// A participant's receive function: [`message::receive`]'s signature.
pub type ReceiveFn = fn(MessageType, ProtocolState, RoleSet, ProtocolOptions) -> Reception;

/// The per-participant transition functions explored. [`Default`] is the engine's
/// own ([`message::send`], [`message::receive`]); tests substitute broken ones.
#[derive(Debug, Clone, Copy)]
pub struct StepFunctions {
    /// What a participant may send, and its next state.
    pub send: SendFn,
    /// What receiving a message does to a participant.
    pub receive: ReceiveFn,
}

impl Default for StepFunctions {
    fn default() -> Self {
        Self {
            send: message::send,
            receive: message::receive,
        }
    }
}
