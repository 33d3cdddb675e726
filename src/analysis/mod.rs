//! Model analysis for researchers: histories, desiderata, skill, variants and
//! per-participant state spaces ([reference §3](crate::reference), §4 and §6).
//!
//! - [`Ratio`]: exact fractions; every probability here is one.
//! - [`ProcessModel`]: a case-state model as data — events, hard orderings, forcing
//!   rules and the desiderata to score. [`ProcessModel::standard`] is Vultron's
//!   six-event model built from [`crate::cs`]'s own rule tables; variants load from
//!   JSON (`examples/models/*.json`).
//! - [`ModelGraph`]: a model's reachable states and edges, and the probability of
//!   reaching each state when every allowed next event is equally likely (the
//!   principle of indifference of [reference §4](crate::reference)).
//! - [`histories`]: every complete history with its exact frequency `f_h`, and the
//!   most likely one.
//! - [`desiderata`]: the baseline `f_d` of each desideratum and the full table of
//!   `P(a ≺ b)` for every ordered pair of events.
//! - [`skill`] and [`observed`]: observed frequencies from histories or dated rows,
//!   and the skill `α_d` against the baseline.
//! - [`space`]: the reachable `(RM, EM, CS)` combinations of one participant.
//! - [`explore`]: the global states of a multi-party case over bounded FIFO
//!   channels, with invariants and shortest counterexamples.
//!
//! # Example
//! ```
//! use mpcvd::analysis::{ModelGraph, ProcessModel, Ratio};
//! let graph = ModelGraph::new(&ProcessModel::standard());
//! assert_eq!(graph.state_count(), 32);
//! assert_eq!(graph.edge_count(), 58);
//! let baselines = graph.baselines()?;
//! let d_before_a = baselines.iter().find(|b| b.name == "D<A").map(|b| b.baseline);
//! assert_eq!(d_before_a, Some(Ratio::new(3, 16)?)); // [reference §4](crate::reference) (printed 0.187)
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod admissible;
pub mod desiderata;
pub mod explore;
mod graph;
pub mod histories;
pub mod observed;
mod rational;
pub mod skill;
pub mod space;
mod spec;
mod variant;

use thiserror::Error;

pub use desiderata::{Baseline, PairTable};
pub use graph::{Edge, ModelGraph};
pub use histories::{MostLikely, WeightedHistory};
pub use rational::{ParseRatioError, Ratio, RatioError};
pub use spec::{ForcingSpec, ModelError, ModelSpec};
pub use variant::{
    EventId, EventSet, EventSpec, ForcingRule, MAX_EVENTS, MAX_FORCING, Precedence, ProcessModel,
};

/// Why an analysis has no exact answer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AnalysisError {
    /// An exact quantity does not fit 128-bit fractions (only very large variants).
    #[error("exact arithmetic overflowed while computing {what}: {source}")]
    Arithmetic {
        /// What was being computed.
        what: &'static str,
        /// The arithmetic failure.
        source: RatioError,
    },
}

impl AnalysisError {
    pub(crate) fn arithmetic(what: &'static str) -> impl FnOnce(RatioError) -> Self {
        move |source| Self::Arithmetic { what, source }
    }
}
