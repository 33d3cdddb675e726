//! Desiderata and their baselines `f_d` ([reference §4](crate::reference)).
//!
//! A desideratum `a ≺ b` holds in a history when `a` happens before `b`. Its baseline
//! `f_d` is `Σ f_h` over the histories where it holds. Computed here without listing
//! histories: every complete history takes exactly one `a`-edge, so
//! `P(a ≺ b)` is the total probability of the `a`-edges leaving states where `b` has
//! not happened (state probabilities from [`ModelGraph::reach_probabilities`]).
//! Tests check this against the sum over enumerated histories.

use serde::Serialize;

use super::graph::ModelGraph;
use super::variant::{EventId, Precedence};
use super::{AnalysisError, Ratio};

pub use super::variant::STANDARD_DESIDERATA;

/// One desideratum of a model and its exact baseline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Baseline {
    /// `"V<P"`.
    pub name: String,
    /// The desideratum.
    #[serde(skip)]
    pub desideratum: Precedence,
    /// `f_d`: the probability that it holds under the principle of indifference.
    pub baseline: Ratio,
}

/// `P(a ≺ b)` for every ordered pair of a model's events (the reference's "expected
/// frequency of row ≺ column" table); the diagonal is 0. For `a ≠ b`,
/// `P(a ≺ b) + P(b ≺ a) = 1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairTable {
    size: usize,
    cells: Vec<Ratio>,
}

impl PairTable {
    /// How many events (rows, and columns).
    #[must_use]
    pub const fn size(&self) -> usize {
        self.size
    }

    /// `P(before ≺ after)`, or `None` for an event outside the model.
    #[must_use]
    pub fn get(&self, before: EventId, after: EventId) -> Option<Ratio> {
        if before.index() >= self.size || after.index() >= self.size {
            return None;
        }
        let i = before
            .index()
            .checked_mul(self.size)?
            .checked_add(after.index())?;
        self.cells.get(i).copied()
    }

    /// The rows, `row[a][b] = P(a ≺ b)`.
    pub fn rows(&self) -> impl Iterator<Item = &[Ratio]> {
        self.cells.chunks(self.size.max(1))
    }
}

/// Whether `p` holds in a sequence of events: `before` occurs, and earlier than
/// `after` if `after` occurs at all.
#[must_use]
pub fn holds(events: &[EventId], p: Precedence) -> bool {
    let at = |e| events.iter().position(|&x| x == e);
    match (at(p.before), at(p.after)) {
        (Some(a), Some(b)) => a < b,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

impl ModelGraph {
    /// `P(p.before ≺ p.after)`: the probability that `before` happens first.
    ///
    /// # Errors
    /// [`AnalysisError::Arithmetic`] on overflow.
    pub fn precedence_probability(&self, p: Precedence) -> Result<Ratio, AnalysisError> {
        let what = "a precedence probability";
        self.edges()
            .iter()
            .filter(|e| e.event == p.before && !e.from.contains(p.after))
            .try_fold(Ratio::ZERO, |sum, edge| {
                sum.checked_add(self.edge_probability(edge)?)
                    .map_err(AnalysisError::arithmetic(what))
            })
    }

    /// The baseline `f_d` of each of the model's desiderata, in the model's order.
    ///
    /// # Errors
    /// [`AnalysisError::Arithmetic`] on overflow.
    pub fn baselines(&self) -> Result<Vec<Baseline>, AnalysisError> {
        self.model()
            .desiderata()
            .iter()
            .map(|&d| {
                Ok(Baseline {
                    name: self.model().precedence_text(d),
                    desideratum: d,
                    baseline: self.precedence_probability(d)?,
                })
            })
            .collect()
    }

    /// The full table of `P(a ≺ b)`, in one pass over the edges: an `a`-edge leaving
    /// state `s` counts towards `a ≺ b` for every `b` not yet in `s`.
    ///
    /// # Errors
    /// [`AnalysisError::Arithmetic`] on overflow.
    pub fn pair_table(&self) -> Result<PairTable, AnalysisError> {
        let what = "the pairwise ordering table";
        let size = self.model().event_count();
        let mut cells = vec![Ratio::ZERO; size.saturating_mul(size)];
        for edge in self.edges() {
            let w = self.edge_probability(edge)?;
            for b in self.model().event_ids() {
                if b == edge.event || edge.from.contains(b) {
                    continue;
                }
                let i = edge
                    .event
                    .index()
                    .checked_mul(size)
                    .and_then(|r| r.checked_add(b.index()));
                if let Some(cell) = i.and_then(|i| cells.get_mut(i)) {
                    *cell = cell
                        .checked_add(w)
                        .map_err(AnalysisError::arithmetic(what))?;
                }
            }
        }
        Ok(PairTable { size, cells })
    }
}
