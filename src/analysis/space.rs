//! One participant's reachable protocol states ([reference §6](crate::reference): "compute it per role
//! from the reachable (RM, EM, CS) combinations").
//!
//! # Definition
//! Start at [`RoleSet::start_state`]. From each state found, try all 28 message
//! types two ways: the participant **sends** it (allowed only when
//! [`message::send`](crate::message::send) accepts it for this role set; the
//! sender's next state) and the participant **receives** it (any message may arrive,
//! from any peer, at any time; [`message::receive`](crate::message::receive) gives
//! the next state). The state space is every `(RM, EM, CS)` reached this way; the
//! CS component is the participant's own view (for non-vendors the `vfd` letters
//! stay as they were, see [`CsScope`](crate::protocol::CsScope)).
//!
//! This over-approximates what one participant sees in a real case, since any
//! message may arrive whether or not a peer could send it then; the multi-party
//! explorer (later) narrows it to what a whole case can produce.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::cs::{CaseState, CsEvent};
use crate::em::EmState;
use crate::message::{MessageType, receive, send};
use crate::protocol::{ProtocolOptions, ProtocolState};
use crate::rm::RmState;
use crate::role::RoleSet;

/// How a state was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The participant sent the message.
    Send(MessageType),
    /// The participant received the message.
    Receive(MessageType),
}

/// The reachable states of one participant and the steps between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateSpace {
    roles: RoleSet,
    options: ProtocolOptions,
    /// State → (step → next state), only steps that change the state.
    graph: BTreeMap<ProtocolState, BTreeMap<Step, ProtocolState>>,
}

impl StateSpace {
    /// Explores the state space of a participant holding `roles` (see the module
    /// docs for the definition).
    ///
    /// # Example
    /// ```
    /// use mpcvd::analysis::space::StateSpace;
    /// use mpcvd::protocol::ProtocolOptions;
    /// use mpcvd::role::{Role, RoleSet};
    /// let other = StateSpace::explore(RoleSet::of(&[Role::Other]), ProtocolOptions::default());
    /// assert!(other.states().all(|s| s.cs().vfd().as_str() == "vfd"));
    /// ```
    #[must_use]
    pub fn explore(roles: RoleSet, options: ProtocolOptions) -> Self {
        let start = roles.start_state();
        let mut graph: BTreeMap<ProtocolState, BTreeMap<Step, ProtocolState>> = BTreeMap::new();
        let mut queue = vec![start];
        graph.insert(start, BTreeMap::new());
        while let Some(state) = queue.pop() {
            let mut steps = BTreeMap::new();
            for message in MessageType::all() {
                if let Ok(sent) = send(message, state, roles, options)
                    && sent.state != state
                {
                    steps.insert(Step::Send(message), sent.state);
                }
                let got = receive(message, state, roles, options);
                if got.state != state {
                    steps.insert(Step::Receive(message), got.state);
                }
            }
            for &next in steps.values() {
                if let Entry::Vacant(slot) = graph.entry(next) {
                    slot.insert(BTreeMap::new());
                    queue.push(next);
                }
            }
            graph.insert(state, steps);
        }
        Self {
            roles,
            options,
            graph,
        }
    }

    /// The role set explored.
    #[must_use]
    pub const fn roles(&self) -> RoleSet {
        self.roles
    }

    /// The options used.
    #[must_use]
    pub const fn options(&self) -> ProtocolOptions {
        self.options
    }

    /// The reachable states, in `(RM, EM, CS)` order.
    pub fn states(&self) -> impl Iterator<Item = ProtocolState> + '_ {
        self.graph.keys().copied()
    }

    /// How many states are reachable.
    #[must_use]
    pub fn state_count(&self) -> usize {
        self.graph.len()
    }

    /// How many state-changing `(state, step)` pairs there are.
    #[must_use]
    pub fn transition_count(&self) -> usize {
        self.graph.values().map(BTreeMap::len).sum()
    }

    /// The state-changing steps from `state`.
    pub fn steps(&self, state: ProtocolState) -> impl Iterator<Item = (Step, ProtocolState)> + '_ {
        self.graph
            .get(&state)
            .into_iter()
            .flat_map(|m| m.iter().map(|(&s, &t)| (s, t)))
    }

    /// Whether `state` is reachable.
    #[must_use]
    pub fn contains(&self, state: ProtocolState) -> bool {
        self.graph.contains_key(&state)
    }

    /// How many classes of the formal protocol's count the reachable states fall
    /// into (see [`FormalClass`]): Vultron's `docs/reference/formal_protocol/states.md`
    /// publishes 128 (vendor+deployer), 100 (vendor), 100 (deployer), 72 (other,
    /// coordinator) and 29 (finder+reporter), counted with attacks leaving the
    /// embargo alone.
    #[must_use]
    pub fn class_count(&self) -> usize {
        self.states()
            .map(FormalClass::of)
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// The distinct RM states reached.
    #[must_use]
    pub fn rm_states(&self) -> BTreeSet<RmState> {
        self.states().map(ProtocolState::rm).collect()
    }

    /// The distinct EM states reached.
    #[must_use]
    pub fn em_states(&self) -> BTreeSet<EmState> {
        self.states().map(ProtocolState::em).collect()
    }

    /// The distinct case states reached.
    #[must_use]
    pub fn cs_states(&self) -> BTreeSet<CaseState> {
        self.states().map(ProtocolState::cs).collect()
    }

    /// A summary for reports and the CLI.
    #[must_use]
    pub fn summary(&self) -> SpaceSummary {
        SpaceSummary {
            roles: self.roles.iter().map(|r| r.to_string()).collect(),
            start: self.roles.start_state().to_string(),
            states: self.state_count(),
            transitions: self.transition_count(),
            rm: self
                .rm_states()
                .iter()
                .map(|s| s.symbol().to_string())
                .collect(),
            em: self
                .em_states()
                .iter()
                .map(|s| s.symbol().to_string())
                .collect(),
            cs: self.cs_states().len(),
            classes: self.class_count(),
            attacks_end_embargo: self.options.attacks_end_embargo,
        }
    }
}

/// Counts describing one participant's state space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpaceSummary {
    /// The roles, e.g. `["finder", "reporter"]`.
    pub roles: Vec<String>,
    /// The start state, e.g. `(A, N, vfdpxa)`.
    pub start: String,
    /// Reachable `(RM, EM, CS)` combinations.
    pub states: usize,
    /// State-changing `(state, send/receive)` steps.
    pub transitions: usize,
    /// RM states reached (symbols).
    pub rm: Vec<String>,
    /// EM states reached (symbols).
    pub em: Vec<String>,
    /// How many distinct case states are reached.
    pub cs: usize,
    /// How many classes of the formal protocol's count the states fall into
    /// ([`StateSpace::class_count`]).
    pub classes: usize,
    /// Whether attacks ended the embargo in this exploration.
    pub attacks_end_embargo: bool,
}

/// The class of a state in the formal protocol's count (Vultron,
/// `docs/reference/formal_protocol/states.md`, "Unreachable States"): "the RM
/// *Closed* state implies that the EM and CVD Case states do not matter", and so does
/// *Start*; "when a vulnerability becomes public, the EM state no longer matters".
/// Every other state is its own class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormalClass {
    /// `(S, *, *)`: the participant does not know of the case yet.
    Start,
    /// `(C, *, *)`: the report is closed.
    Closed,
    /// `(RM, *, CS)` with `P` in the case state: the embargo is irrelevant.
    Public(RmState, CaseState),
    /// `(RM, EM, CS)` before publication.
    Private(ProtocolState),
}

impl FormalClass {
    /// The class of `state`.
    #[must_use]
    pub fn of(state: ProtocolState) -> Self {
        match state.rm() {
            RmState::Start => Self::Start,
            RmState::Closed => Self::Closed,
            rm if state.cs().has(CsEvent::PublicAware) => Self::Public(rm, state.cs()),
            _ => Self::Private(state),
        }
    }
}

/// The six role sets reported by default: vendor, deployer, vendor+deployer,
/// finder+reporter, coordinator, other.
#[must_use]
pub fn standard_role_sets() -> [RoleSet; 6] {
    use crate::role::Role;
    [
        RoleSet::of(&[Role::Vendor]),
        RoleSet::of(&[Role::Deployer]),
        RoleSet::of(&[Role::Vendor, Role::Deployer]),
        RoleSet::of(&[Role::Finder, Role::Reporter]),
        RoleSet::of(&[Role::Coordinator]),
        RoleSet::of(&[Role::Other]),
    ]
}
