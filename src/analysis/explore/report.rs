//! What an exploration reports: counts, invariant violations and traces.

use core::fmt;

use serde::Serialize;
use strum::{Display, EnumIter, IntoStaticStr};

use crate::message::MessageType;

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
    /// participant's view is `VF·P··` (a fix ready, or deployed, and public; a vendor
    /// without the deployer role never reaches `VFD`, [reference §6](crate::reference)).
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
            Self::VendorsReachedBeforeEnd => "every vendor is reached before any view is VF·P",
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
    /// The reductions applied (left out of the JSON when none was asked for).
    #[serde(skip_serializing_if = "Reduction::is_none")]
    pub reduction: Reduction,
}

/// Which reductions an exploration applied ([`ExploreConfig::with_symmetry`],
/// [`ExploreConfig::with_por`]); the counts of a reduced exploration are of the
/// states it stored, not of the full model.
///
/// [`ExploreConfig::with_symmetry`]: super::ExploreConfig::with_symmetry
/// [`ExploreConfig::with_por`]: super::ExploreConfig::with_por
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Reduction {
    /// Symmetry reduction was asked for.
    pub symmetry: bool,
    /// The classes of interchangeable participants it used (by index; empty when
    /// no two participants are interchangeable, or symmetry is off).
    pub interchangeable: Vec<Vec<usize>>,
    /// Partial-order reduction was asked for.
    pub partial_order: bool,
    /// Whether it could be applied (see `ExploreConfig::with_por`: not when a
    /// substituted step function takes a vendor back to unreached).
    pub partial_order_applied: bool,
    /// States expanded with an ample set rather than every enabled step.
    pub reduced_expansions: usize,
}

impl Reduction {
    /// No reduction asked for.
    #[must_use]
    pub const fn is_none(&self) -> bool {
        !self.symmetry && !self.partial_order
    }
}
