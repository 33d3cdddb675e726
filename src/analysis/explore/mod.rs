//! The multi-party explorer: every global state a case of N participants can reach
//! by exchanging protocol messages over bounded FIFO channels (reference §6,
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
//!     the messages the send emits (a `CX` may emit `CX`, `CP`, `CV`). `RS` is sent
//!     at most once per participant; other statements only when they change the
//!     sender's state (re-proposals add only copies of messages already in flight).
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
//! recipient, so the explored model and the shipped engine share their rules; the
//! explorer adds only asynchrony (each participant has its own view, updated when a
//! message arrives). [`StepFunctions`] lets a test substitute broken ones to check
//! that the invariants catch what they should.
//!
//! # Invariants, checked in every state and on every step
//! [`Invariant`] lists them. The first violation of each is reported with a shortest
//! trace from the initial state (the search is breadth-first).
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

pub(crate) mod local;
pub(crate) mod pack;
mod search;

use core::fmt;

use serde::Serialize;
use strum::{Display, EnumIter, EnumString, IntoStaticStr};
use thiserror::Error;

use crate::message::{self, MessageKind, MessageType, Reception, SendError, Sent};
use crate::protocol::{ProtocolOptions, ProtocolState};
use crate::role::{Role, RoleSet};
use crate::set::Set;

pub use search::{Progress, explore, explore_with};

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

/// Every statement type (the default of each participant).
#[must_use]
pub fn all_statements() -> Set<MessageType> {
    MessageType::all()
        .filter(|m| m.kind() == MessageKind::Statement)
        .collect()
}

/// The statements a participant holding `roles` initiates in the *duties*
/// scenario ([`ExploreConfig::with_duties`]): what each role is there to do in a
/// coordinated case (the union over the roles held).
///
/// - finder, reporter: report (`RS`), propose, accept and end an embargo
///   (`EP`, `EA`, `ET`), publish (`CP`);
/// - coordinator: report onwards, validate and accept (`RS`, `RV`, `RA`), propose,
///   accept and end an embargo, publish;
/// - vendor: validate and accept, accept an embargo, make and deploy a fix
///   (`CF`, `CD`), publish;
/// - deployer: validate and accept, deploy;
/// - other: validate and accept.
///
/// Left out, as nobody's duty: invalidating, deferring and closing reports,
/// rejecting and revising embargoes, exploits and attacks (`CX`, `CA`, which
/// [`ExploreConfig::with_statements`] can add back).
#[must_use]
pub fn duties(roles: RoleSet) -> Set<MessageType> {
    use MessageType::{CD, CF, CP, EA, EP, ET, RA, RS, RV};
    let mut set = Set::EMPTY;
    for role in roles.iter() {
        let add: &[MessageType] = match role {
            Role::Finder | Role::Reporter => &[RS, EP, EA, ET, CP],
            Role::Coordinator => &[RS, RV, RA, EP, EA, ET, CP],
            Role::Vendor => &[RV, RA, EA, CF, CD, CP],
            Role::Deployer => &[RV, RA, CD],
            Role::Other => &[RV, RA],
        };
        for &m in add {
            set.insert(m);
        }
    }
    set
}

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

/// The Case engine's publication guards, as the explored participants obey them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Guards {
    /// No `CP` or `CX` from a participant whose view holds an embargo in force
    /// (rule `publish.embargo-in-force`).
    pub no_publish_under_embargo: bool,
    /// No `CP` or `CX` before every vendor has been reached (rule
    /// `publish.vendors-unreached`).
    pub publish_after_vendors_reached: bool,
    /// No `EA` or `EC` accepting terms the participant proposed itself, until
    /// another proposal or an embargo change reaches it (rule
    /// `embargo.self-accept`).
    pub no_self_accept: bool,
}

impl Default for Guards {
    fn default() -> Self {
        Self::ALL
    }
}

impl Guards {
    /// Every guard on (the default).
    pub const ALL: Self = Self {
        no_publish_under_embargo: true,
        publish_after_vendors_reached: true,
        no_self_accept: true,
    };
    /// Every guard off: participants do whatever `message::send` allows.
    pub const NONE: Self = Self {
        no_publish_under_embargo: false,
        publish_after_vendors_reached: false,
        no_self_accept: false,
    };
}

/// What to explore. Built with [`ExploreConfig::new`] and the `with_*` methods,
/// which check every bound, so a value is always explorable.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExploreConfig {
    participants: Vec<RoleSet>,
    channel_bound: usize,
    budget: usize,
    options: ProtocolOptions,
    guards: Guards,
    acknowledgements: bool,
    inquiries: bool,
    statements: Vec<Set<MessageType>>,
    topology: Topology,
}

/// Who exchanges messages with whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Display, EnumString)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Topology {
    /// Every participant with every other (the default).
    #[default]
    Complete,
    /// Through the first coordinator: the others exchange messages only with it,
    /// as in a case run by a coordinator (the first participant if none is one).
    Star,
}

/// A configuration the explorer cannot run.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ExploreError {
    /// Fewer than two or more than [`MAX_PARTICIPANTS`] participants.
    #[error("an exploration needs 2 to {MAX_PARTICIPANTS} participants, not {count}")]
    Participants {
        /// How many were given.
        count: usize,
    },
    /// A participant with no role.
    #[error("participant {index} has no role")]
    NoRole {
        /// Its position (from 0).
        index: usize,
    },
    /// A channel bound outside `1..=MAX_CHANNEL_BOUND`.
    #[error("the channel bound must be 1 to {MAX_CHANNEL_BOUND}, not {bound}")]
    ChannelBound {
        /// The bound given.
        bound: usize,
    },
    /// A participant index out of range.
    #[error("there is no participant {index}: the exploration has {count}")]
    NoParticipant {
        /// The index given.
        index: usize,
        /// How many participants there are.
        count: usize,
    },
    /// A state budget of zero.
    #[error("the state budget must be at least 1")]
    Budget,
    /// A participant's local state set is too large to encode (only with
    /// substituted step functions that invent states).
    #[error("participant {index} ({roles}) has more local states than the explorer encodes")]
    LocalStates {
        /// Its position.
        index: usize,
        /// Its roles.
        roles: RoleSet,
    },
}

impl ExploreConfig {
    /// Participants with these role sets (in order: participant 0, 1, …), channel
    /// bound 1, the default budget, default options, both guards, no
    /// acknowledgements or inquiries on the channels.
    ///
    /// # Errors
    /// [`ExploreError::Participants`] or [`ExploreError::NoRole`].
    pub fn new(participants: Vec<RoleSet>) -> Result<Self, ExploreError> {
        let count = participants.len();
        if !(2..=MAX_PARTICIPANTS).contains(&count) {
            return Err(ExploreError::Participants { count });
        }
        if let Some(index) = participants.iter().position(|r| r.is_empty()) {
            return Err(ExploreError::NoRole { index });
        }
        Ok(Self {
            participants,
            channel_bound: 1,
            budget: DEFAULT_BUDGET,
            options: ProtocolOptions::default(),
            guards: Guards::ALL,
            acknowledgements: false,
            inquiries: false,
            topology: Topology::Complete,
            statements: vec![all_statements(); count],
        })
    }

    /// With channels of at most `bound` messages.
    ///
    /// # Errors
    /// [`ExploreError::ChannelBound`] outside `1..=MAX_CHANNEL_BOUND`; `self` is
    /// dropped (rebuild it) — the configuration is a small value.
    pub fn with_channel_bound(mut self, bound: usize) -> Result<Self, ExploreError> {
        if !(1..=MAX_CHANNEL_BOUND).contains(&bound) {
            return Err(ExploreError::ChannelBound { bound });
        }
        self.channel_bound = bound;
        Ok(self)
    }

    /// Stops after `budget` states.
    ///
    /// # Errors
    /// [`ExploreError::Budget`] for 0.
    pub fn with_budget(mut self, budget: usize) -> Result<Self, ExploreError> {
        if budget == 0 {
            return Err(ExploreError::Budget);
        }
        self.budget = budget;
        Ok(self)
    }

    /// With these protocol options (e.g. attacks not ending embargoes).
    #[must_use]
    pub fn with_options(mut self, options: ProtocolOptions) -> Self {
        self.options = options;
        self
    }

    /// With these publication guards.
    #[must_use]
    pub fn with_guards(mut self, guards: Guards) -> Self {
        self.guards = guards;
        self
    }

    /// Whether acknowledgements travel on the channels.
    #[must_use]
    pub fn with_acknowledgements(mut self, on: bool) -> Self {
        self.acknowledgements = on;
        self
    }

    /// Whether participants send general inquiries (`GI`).
    #[must_use]
    pub fn with_inquiries(mut self, on: bool) -> Self {
        self.inquiries = on;
        self
    }

    /// Which statements every participant initiates (default: all 17 statement
    /// types; `GI` only with [`ExploreConfig::with_inquiries`]). Leaving some out
    /// models participants that never take those steps, e.g. never revise an
    /// embargo; receipts are unaffected.
    #[must_use]
    pub fn with_statements(mut self, statements: Set<MessageType>) -> Self {
        for set in &mut self.statements {
            *set = statements;
        }
        self
    }

    /// Every participant initiates only its roles' [`duties`].
    #[must_use]
    pub fn with_duties(mut self) -> Self {
        for (set, &roles) in self.statements.iter_mut().zip(&self.participants) {
            *set = duties(roles);
        }
        self
    }

    /// Which statements participant `index` initiates: who does what in a
    /// scenario (the finder reports and proposes, vendors fix, …).
    ///
    /// # Errors
    /// [`ExploreError::NoParticipant`] when there is no such participant.
    pub fn with_participant_statements(
        mut self,
        index: usize,
        statements: Set<MessageType>,
    ) -> Result<Self, ExploreError> {
        let count = self.participants.len();
        let slot = self
            .statements
            .get_mut(index)
            .ok_or(ExploreError::NoParticipant { index, count })?;
        *slot = statements;
        Ok(self)
    }

    /// With this topology.
    #[must_use]
    pub fn with_topology(mut self, topology: Topology) -> Self {
        self.topology = topology;
        self
    }

    /// The topology.
    #[must_use]
    pub const fn topology(&self) -> Topology {
        self.topology
    }

    /// The hub of a star: the first coordinator, else participant 0.
    #[must_use]
    pub fn hub(&self) -> usize {
        self.participants
            .iter()
            .position(|r| r.contains(Role::Coordinator))
            .unwrap_or(0)
    }

    /// Whether participant `from` sends to participant `to`.
    pub(crate) fn linked(&self, from: usize, to: usize) -> bool {
        let n = self.participants.len();
        from != to
            && from < n
            && to < n
            && match self.topology {
                Topology::Complete => true,
                Topology::Star => from == self.hub() || to == self.hub(),
            }
    }

    /// Bit `j` of entry `i`: participant `i` sends to participant `j`.
    pub(crate) fn links(&self) -> Vec<u8> {
        let n = self.participants.len();
        (0..n)
            .map(|i| {
                (0..n)
                    .filter(|&j| self.linked(i, j))
                    .fold(0u8, |row, j| row | (1u8 << j))
            })
            .collect()
    }

    /// The statements participant `index` may initiate (empty for no such
    /// participant).
    #[must_use]
    pub fn statements(&self, index: usize) -> Set<MessageType> {
        self.statements.get(index).copied().unwrap_or(Set::EMPTY)
    }

    /// The participants' role sets.
    #[must_use]
    pub fn participants(&self) -> &[RoleSet] {
        &self.participants
    }

    /// The channel bound.
    #[must_use]
    pub const fn channel_bound(&self) -> usize {
        self.channel_bound
    }

    /// The state budget.
    #[must_use]
    pub const fn budget(&self) -> usize {
        self.budget
    }

    /// The protocol options.
    #[must_use]
    pub const fn options(&self) -> ProtocolOptions {
        self.options
    }

    /// The publication guards.
    #[must_use]
    pub const fn guards(&self) -> Guards {
        self.guards
    }

    /// Whether acknowledgements travel.
    #[must_use]
    pub const fn acknowledgements(&self) -> bool {
        self.acknowledgements
    }

    /// Whether inquiries are sent.
    #[must_use]
    pub const fn inquiries(&self) -> bool {
        self.inquiries
    }
}

/// A property every reachable state or step must have.
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
    Display,
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Invariant {
    /// No participant's view holds an embargo in force (`A`, `R`) while the public is
    /// aware, an exploit is public or attacks are known (`P`, `X`, `A`).
    EmbargoAfterDisclosure,
    /// No participant sends `CP` or `CX` while its own view holds an embargo in force.
    PublishUnderEmbargo,
    /// Every vendor has been reached (RM not `Start`) in any state where some
    /// participant's view is `VFDP··` (fixed, deployed and public).
    VendorsReachedBeforeEnd,
    /// A closed participant's state never changes.
    ClosedStaysClosed,
}

impl Invariant {
    /// What the invariant says, for reports.
    #[must_use]
    pub const fn describe(self) -> &'static str {
        match self {
            Self::EmbargoAfterDisclosure => "no embargo in force in a view that has P, X or A",
            Self::PublishUnderEmbargo => {
                "no participant publishes (CP, CX) while its embargo is in force"
            }
            Self::VendorsReachedBeforeEnd => "every vendor is reached before any view is VFDP",
            Self::ClosedStaysClosed => "a closed participant's state never changes",
        }
    }
}

/// One step of a trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TraceStep {
    /// The participant that moved (index from 0).
    pub participant: usize,
    /// Its roles.
    pub roles: String,
    /// `send` or `receive`.
    pub action: &'static str,
    /// The message type.
    pub message: MessageType,
    /// For a receipt, who sent the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<usize>,
    /// The participant's `(RM, EM, CS)` after the step.
    pub state: String,
}

impl fmt::Display for TraceStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.from {
            Some(from) => write!(
                f,
                "p{} ({}) receives {} from p{from} -> {}",
                self.participant, self.roles, self.message, self.state
            ),
            None => write!(
                f,
                "p{} ({}) sends {} -> {}",
                self.participant, self.roles, self.message, self.state
            ),
        }
    }
}

/// An invariant broken, with a shortest trace that breaks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// Which invariant.
    pub invariant: Invariant,
    /// What it says.
    pub description: &'static str,
    /// The steps from the initial state; the last one breaks the invariant.
    pub trace: Vec<TraceStep>,
    /// Every participant's `(RM, EM, CS)` in the state reached.
    pub states: Vec<String>,
}

/// What an exploration found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exploration {
    /// The participants' roles.
    pub participants: Vec<String>,
    /// The channel bound used.
    pub channel_bound: usize,
    /// Distinct global states reached.
    pub states: usize,
    /// Steps taken from every reached state (including steps to states seen before).
    pub transitions: usize,
    /// The greatest number of steps from the initial state to a reached state.
    pub max_depth: usize,
    /// States with no step and empty channels: the case has run its course.
    pub terminal: usize,
    /// States with no step but messages still in flight.
    pub deadlocks: usize,
    /// Whether every reachable state was explored (`false`: the budget ran out).
    pub complete: bool,
    /// Local states per participant after the closure that builds the step tables.
    pub local_states: Vec<usize>,
    /// The first violation of each invariant, with a shortest trace.
    pub violations: Vec<Violation>,
    /// A shortest trace to a deadlock, if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadlock_trace: Option<Vec<TraceStep>>,
}
