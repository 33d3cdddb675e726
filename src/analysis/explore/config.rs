//! What to explore: participants, channels, topology, guards, statement sets.

use serde::Serialize;
use strum::{Display, EnumString};
use thiserror::Error;

use super::{DEFAULT_BUDGET, MAX_CHANNEL_BOUND, MAX_PARTICIPANTS};
use crate::message::{MessageKind, MessageType};
use crate::protocol::ProtocolOptions;
use crate::role::{Role, RoleSet};
use crate::set::Set;

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
            // Only deployers deploy (reference §6); a vendor that deploys holds both.
            Role::Vendor => &[RV, RA, EA, CF, CP],
            Role::Deployer => &[RV, RA, CD],
            Role::Other => &[RV, RA],
        };
        for &m in add {
            set.insert(m);
        }
    }
    set
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
    symmetry: bool,
    por: bool,
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
            symmetry: false,
            por: false,
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

    /// Whether to apply symmetry reduction: participants with the same roles, the
    /// same statement sets and the same links are interchangeable, and each global
    /// state is stored once, in a canonical order of those participants (see
    /// [`explore`](super::explore) for what it preserves). Off by default.
    #[must_use]
    pub const fn with_symmetry(mut self, on: bool) -> Self {
        self.symmetry = on;
        self
    }

    /// Whether to apply the partial-order reduction (see [`explore`](super::explore)
    /// for the reduction, when it applies and what it preserves). Off by default.
    #[must_use]
    pub const fn with_por(mut self, on: bool) -> Self {
        self.por = on;
        self
    }

    /// Whether symmetry reduction is asked for.
    #[must_use]
    pub const fn symmetry(&self) -> bool {
        self.symmetry
    }

    /// Whether the partial-order reduction is asked for.
    #[must_use]
    pub const fn por(&self) -> bool {
        self.por
    }

    /// The same configuration with every reduction off: the search the reductions
    /// are checked against.
    #[must_use]
    pub fn unreduced(&self) -> Self {
        let mut plain = self.clone();
        plain.symmetry = false;
        plain.por = false;
        plain
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
