//! The reachable states and edges of a model, and how likely each state is.

use std::sync::OnceLock;

use super::variant::{EventId, EventSet, ProcessModel};
use super::{AnalysisError, Ratio};

/// One edge of a model's graph: `event` takes `from` to `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Edge {
    /// The source state.
    pub from: EventSet,
    /// The event.
    pub event: EventId,
    /// The target state (`from` plus `event`).
    pub to: EventSet,
}

/// The states reachable from the initial state of a [`ProcessModel`] and the edges
/// between them.
///
/// States are ordered by their bits (event `i` = bit `i`), which is also a
/// topological order, since every edge adds a bit. Edges are ordered by source state,
/// then event, like [`crate::cs::TRANSITIONS`].
///
/// # Example
/// ```
/// use mpcvd::analysis::{ModelGraph, ProcessModel};
/// let model = ProcessModel::standard();
/// let graph = ModelGraph::new(&model);
/// let first: Vec<String> = graph.states().iter().take(3).map(|&s| model.state_text(s)).collect();
/// assert_eq!(first, ["vfdpxa", "Vfdpxa", "VFdpxa"]);
/// ```
#[derive(Debug)]
pub struct ModelGraph {
    model: ProcessModel,
    states: Vec<EventSet>,
    /// Position of each state by its bits; `u32::MAX` for unreachable sets.
    position: Vec<u32>,
    /// `edges[offsets[i]..offsets[i + 1]]` leave `states[i]`.
    offsets: Vec<usize>,
    edges: Vec<Edge>,
    reach: OnceLock<Result<Vec<Ratio>, AnalysisError>>,
}

const UNREACHED: u32 = u32::MAX;

impl ModelGraph {
    /// Explores every state reachable from the initial one.
    #[must_use]
    pub fn new(model: &ProcessModel) -> Self {
        let n = u32::try_from(model.event_count()).unwrap_or(0);
        let size = 1usize.checked_shl(n).unwrap_or(0);
        let mut reached = vec![false; size];
        let mut stack = vec![model.initial()];
        if let Some(slot) = reached.get_mut(0) {
            *slot = true;
        }
        while let Some(state) = stack.pop() {
            for e in model.allowed(state).iter() {
                let next = state.with(e);
                if let Some(slot) = reached.get_mut(usize::from(next.bits()))
                    && !*slot
                {
                    *slot = true;
                    stack.push(next);
                }
            }
        }
        let states: Vec<EventSet> = reached
            .iter()
            .zip(0u16..=u16::MAX)
            .filter(|(r, _)| **r)
            .map(|(_, bits)| EventSet::from_bits(bits))
            .collect();
        let mut position = vec![UNREACHED; size];
        for (i, s) in states.iter().enumerate() {
            if let (Some(slot), Ok(i)) = (position.get_mut(usize::from(s.bits())), u32::try_from(i))
            {
                *slot = i;
            }
        }
        let mut offsets = Vec::with_capacity(states.len().saturating_add(1));
        let mut edges = Vec::new();
        for &from in &states {
            offsets.push(edges.len());
            for event in model.allowed(from).iter() {
                edges.push(Edge {
                    from,
                    event,
                    to: from.with(event),
                });
            }
        }
        offsets.push(edges.len());
        Self {
            model: model.clone(),
            states,
            position,
            offsets,
            edges,
            reach: OnceLock::new(),
        }
    }

    /// The model.
    #[must_use]
    pub const fn model(&self) -> &ProcessModel {
        &self.model
    }

    /// The reachable states, in order of their bits.
    #[must_use]
    pub fn states(&self) -> &[EventSet] {
        &self.states
    }

    /// How many states are reachable.
    #[must_use]
    pub fn state_count(&self) -> usize {
        self.states.len()
    }

    /// Every edge, by source state then event.
    #[must_use]
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// How many edges there are.
    #[must_use]
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// The index of `state` in [`ModelGraph::states`], if reachable.
    #[must_use]
    pub fn position(&self, state: EventSet) -> Option<usize> {
        self.position
            .get(usize::from(state.bits()))
            .filter(|&&p| p != UNREACHED)
            .and_then(|&p| usize::try_from(p).ok())
    }

    /// The edges leaving `state` (empty for the final or an unreachable state).
    #[must_use]
    pub fn successors(&self, state: EventSet) -> &[Edge] {
        self.position(state)
            .and_then(|i| {
                let start = *self.offsets.get(i)?;
                let end = *self.offsets.get(i.checked_add(1)?)?;
                self.edges.get(start..end)
            })
            .unwrap_or(&[])
    }

    /// How many events may follow `state`.
    #[must_use]
    pub fn out_degree(&self, state: EventSet) -> usize {
        self.successors(state).len()
    }

    /// The probability of passing through each state (indexed like
    /// [`ModelGraph::states`]) when, in every state, each allowed event is equally
    /// likely ([reference §4](crate::reference), principle of indifference). The initial and final
    /// states have probability 1. Computed once, then cached.
    ///
    /// # Errors
    /// [`AnalysisError::Arithmetic`] if an exact value does not fit 128 bits.
    pub fn reach_probabilities(&self) -> Result<&[Ratio], AnalysisError> {
        self.reach
            .get_or_init(|| self.compute_reach())
            .as_ref()
            .map(Vec::as_slice)
            .map_err(Clone::clone)
    }

    /// The probability of taking `edge`: reaching its source, then choosing it.
    ///
    /// # Errors
    /// [`AnalysisError::Arithmetic`] on overflow.
    pub fn edge_probability(&self, edge: &Edge) -> Result<Ratio, AnalysisError> {
        let reach = self.reach_probabilities()?;
        let at = self
            .position(edge.from)
            .and_then(|i| reach.get(i))
            .copied()
            .unwrap_or(Ratio::ZERO);
        let degree = u128::try_from(self.out_degree(edge.from)).unwrap_or(0);
        let choice = Ratio::unit(degree).map_err(AnalysisError::arithmetic("an edge weight"))?;
        at.checked_mul(choice)
            .map_err(AnalysisError::arithmetic("an edge probability"))
    }

    fn compute_reach(&self) -> Result<Vec<Ratio>, AnalysisError> {
        let what = "state probabilities";
        let mut reach = vec![Ratio::ZERO; self.states.len()];
        if let Some(first) = reach.first_mut() {
            *first = Ratio::ONE;
        }
        // States are in topological order: each one is complete before it is used.
        for (i, &state) in self.states.iter().enumerate() {
            let here = reach.get(i).copied().unwrap_or(Ratio::ZERO);
            let successors = self.successors(state);
            let Ok(degree) = u128::try_from(successors.len()) else {
                continue;
            };
            if degree == 0 {
                continue;
            }
            let share = here
                .checked_mul(Ratio::unit(degree).map_err(AnalysisError::arithmetic(what))?)
                .map_err(AnalysisError::arithmetic(what))?;
            for edge in successors {
                if let Some(slot) = self.position(edge.to).and_then(|j| reach.get_mut(j)) {
                    *slot = slot
                        .checked_add(share)
                        .map_err(AnalysisError::arithmetic(what))?;
                }
            }
        }
        Ok(reach)
    }
}
