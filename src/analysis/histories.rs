//! Complete histories and their frequencies `f_h` ([reference §3](crate::reference), §4).
//!
//! A history is a path from the initial state (nothing happened) to the final state
//! (everything happened). Under the principle of indifference every allowed next
//! event is equally likely, so `f_h` is the product of `1/outdegree` along the path:
//! always a unit fraction `1/k` with `k ≤ n!`, so it is exact and cannot overflow.

use super::graph::ModelGraph;
use super::variant::{EventId, EventSet};
use super::{AnalysisError, Ratio};

/// A complete history and its frequency.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WeightedHistory {
    /// The events, in the order they happened.
    pub events: Vec<EventId>,
    /// `f_h`: the product of `1/outdegree` along the path.
    pub frequency: Ratio,
}

/// The most likely complete histories (all of them, if several tie, up to the limit
/// asked for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MostLikely {
    /// Their common frequency.
    pub frequency: Ratio,
    /// How many histories have that frequency (counted, not listed; `u128::MAX` if
    /// the count does not fit, which it always does for ≤ 16 events).
    pub count: u128,
    /// The first histories with that frequency, in the order of
    /// [`ModelGraph::histories`] (all of them unless [`ModelGraph::most_likely_at_most`]
    /// cut the list).
    pub histories: Vec<Vec<EventId>>,
}

/// Iterator over every complete history of a graph, depth first, taking events in
/// model order at each state (so the standard model starts with `VFDPXA`).
#[derive(Debug)]
pub struct Histories<'g> {
    graph: &'g ModelGraph,
    frames: Vec<Frame>,
    path: Vec<EventId>,
}

#[derive(Debug, Clone, Copy)]
struct Frame {
    state: EventSet,
    next: usize,
    /// The product of the out-degrees of the states before this one on the path.
    weight: u128,
}

impl Iterator for Histories<'_> {
    type Item = WeightedHistory;

    fn next(&mut self) -> Option<WeightedHistory> {
        let final_state = self.graph.model().final_state();
        loop {
            let top = self.frames.last_mut()?;
            if top.state == final_state {
                let weight = top.weight;
                let events = self.path.clone();
                self.frames.pop();
                self.path.pop();
                if let Ok(frequency) = Ratio::unit(weight) {
                    return Some(WeightedHistory { events, frequency });
                }
                continue;
            }
            let successors = self.graph.successors(top.state);
            match successors.get(top.next) {
                Some(edge) => {
                    top.next = top.next.saturating_add(1);
                    let degree = u128::try_from(successors.len()).unwrap_or(u128::MAX);
                    let weight = top.weight.saturating_mul(degree);
                    self.path.push(edge.event);
                    self.frames.push(Frame {
                        state: edge.to,
                        next: 0,
                        weight,
                    });
                }
                None => {
                    self.frames.pop();
                    self.path.pop();
                }
            }
        }
    }
}

impl ModelGraph {
    /// Every complete history with its exact frequency, lazily (a 16-event model with
    /// few rules has up to 16! histories; count them first with
    /// [`ModelGraph::history_count`]).
    ///
    /// # Example
    /// ```
    /// use mpcvd::analysis::{ModelGraph, ProcessModel, Ratio};
    /// let model = ProcessModel::standard();
    /// let graph = ModelGraph::new(&model);
    /// let first = graph.histories().next().ok_or("no history")?;
    /// assert_eq!(model.sequence_text(&first.events), "VFDPXA");
    /// assert_eq!(first.frequency, Ratio::new(1, 384)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn histories(&self) -> Histories<'_> {
        Histories {
            graph: self,
            frames: vec![Frame {
                state: self.model().initial(),
                next: 0,
                weight: 1,
            }],
            path: Vec::new(),
        }
    }

    /// How many complete histories there are, by counting paths per state (no
    /// enumeration). `None` only if the count exceeds `u128` (it cannot: at most 16!).
    #[must_use]
    pub fn history_count(&self) -> Option<u128> {
        let mut paths = vec![0u128; self.state_count()];
        let final_state = self.model().final_state();
        for (i, &state) in self.states().iter().enumerate().rev() {
            let count = if state == final_state {
                1
            } else {
                self.successors(state).iter().try_fold(0u128, |sum, e| {
                    let j = self.position(e.to)?;
                    sum.checked_add(*paths.get(j)?)
                })?
            };
            *paths.get_mut(i)? = count;
        }
        paths.first().copied()
    }

    /// `Σ f_h` over every history; 1 for every valid model (a check of the
    /// computation, since each state's outgoing choices sum to 1). Computed by dynamic
    /// programming over the states (the mass that reaches the end from each state),
    /// without listing histories, so it is fast and small for any model of ≤ 16 events.
    ///
    /// # Errors
    /// [`AnalysisError::Arithmetic`] if the exact sum does not fit 128 bits.
    pub fn total_frequency(&self) -> Result<Ratio, AnalysisError> {
        let overflow = || AnalysisError::arithmetic("the sum of history frequencies");
        let final_state = self.model().final_state();
        let mut mass = vec![Ratio::ZERO; self.state_count()];
        for (i, &state) in self.states().iter().enumerate().rev() {
            let value = if state == final_state {
                Ratio::ONE
            } else {
                let successors = self.successors(state);
                let share = Ratio::unit(u128::try_from(successors.len()).unwrap_or(u128::MAX))
                    .map_err(overflow())?;
                let mut sum = Ratio::ZERO;
                for edge in successors {
                    let next = self
                        .position(edge.to)
                        .and_then(|j| mass.get(j))
                        .copied()
                        .unwrap_or(Ratio::ZERO);
                    let part = next.checked_mul(share).map_err(overflow())?;
                    sum = sum.checked_add(part).map_err(overflow())?;
                }
                sum
            };
            if let Some(slot) = mass.get_mut(i) {
                *slot = value;
            }
        }
        Ok(mass.first().copied().unwrap_or(Ratio::ZERO))
    }

    /// The frequency of one complete history, or `None` if `events` is not a path
    /// from the initial to the final state.
    #[must_use]
    pub fn history_frequency(&self, events: &[EventId]) -> Option<Ratio> {
        let mut state = self.model().initial();
        let mut weight = 1u128;
        for &event in events {
            let successors = self.successors(state);
            let edge = successors.iter().find(|e| e.event == event)?;
            weight = weight.checked_mul(u128::try_from(successors.len()).ok()?)?;
            state = edge.to;
        }
        if state != self.model().final_state() {
            return None;
        }
        Ratio::unit(weight).ok()
    }

    /// The most likely complete histories: those minimising the product of
    /// out-degrees along the path (dynamic programming from the final state back).
    /// Lists every tie; a loose model can have millions of them (16! for 16
    /// unconstrained events), so bounded callers use
    /// [`ModelGraph::most_likely_at_most`].
    #[must_use]
    pub fn most_likely(&self) -> MostLikely {
        self.most_likely_at_most(usize::MAX)
    }

    /// [`ModelGraph::most_likely`], listing at most `limit` of the tied histories
    /// (their number is always counted in full).
    #[must_use]
    pub fn most_likely_at_most(&self, limit: usize) -> MostLikely {
        let final_state = self.model().final_state();
        // cost[i]: the smallest product of out-degrees from states[i] to the end.
        let mut cost = vec![u128::MAX; self.state_count()];
        for (i, &state) in self.states().iter().enumerate().rev() {
            let successors = self.successors(state);
            let value = if state == final_state {
                1
            } else {
                let best = successors
                    .iter()
                    .filter_map(|e| self.position(e.to).and_then(|j| cost.get(j)))
                    .min()
                    .copied()
                    .unwrap_or(u128::MAX);
                best.saturating_mul(u128::try_from(successors.len()).unwrap_or(u128::MAX))
            };
            if let Some(slot) = cost.get_mut(i) {
                *slot = value;
            }
        }
        let cost_of = |s: EventSet| {
            self.position(s)
                .and_then(|j| cost.get(j))
                .copied()
                .unwrap_or(u128::MAX)
        };
        let best = cost_of(self.model().initial());
        // ties[i]: how many best paths lead from states[i] to the end.
        let mut ties = vec![0u128; self.state_count()];
        for (i, &state) in self.states().iter().enumerate().rev() {
            let value = if state == final_state {
                1
            } else {
                let successors = self.successors(state);
                let least = successors.iter().map(|e| cost_of(e.to)).min();
                successors
                    .iter()
                    .filter(|e| Some(cost_of(e.to)) == least)
                    .filter_map(|e| self.position(e.to).and_then(|j| ties.get(j)))
                    .fold(0u128, |sum, &n| sum.saturating_add(n))
            };
            if let Some(slot) = ties.get_mut(i) {
                *slot = value;
            }
        }
        let mut histories = Vec::new();
        let mut path = Vec::new();
        self.collect_best(
            self.model().initial(),
            &cost_of,
            limit,
            &mut path,
            &mut histories,
        );
        MostLikely {
            frequency: Ratio::unit(best).unwrap_or(Ratio::ZERO),
            count: ties.first().copied().unwrap_or(0),
            histories,
        }
    }

    fn collect_best(
        &self,
        state: EventSet,
        cost_of: &dyn Fn(EventSet) -> u128,
        limit: usize,
        path: &mut Vec<EventId>,
        out: &mut Vec<Vec<EventId>>,
    ) {
        if out.len() >= limit {
            return;
        }
        let successors = self.successors(state);
        if successors.is_empty() {
            out.push(path.clone());
            return;
        }
        let best = successors.iter().map(|e| cost_of(e.to)).min();
        for edge in successors {
            if Some(cost_of(edge.to)) == best {
                path.push(edge.event);
                self.collect_best(edge.to, cost_of, limit, path, out);
                path.pop();
            }
        }
    }
}
