//! The breadth-first search.

use crate::cs::{CsEvent, Vfd};
use crate::message::MessageType;
use crate::participant::Affectedness;

use super::local::{LocalTable, tabulate_all};
use super::pack::{Found, Global, Layout, StateStore};
use super::{
    Exploration, ExploreConfig, ExploreError, Invariant, StepFunctions, TraceStep, Violation,
};

/// How far a running exploration has got, reported every 65,536 states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// States found so far.
    pub states: usize,
    /// States whose steps have been generated.
    pub expanded: usize,
    /// The breadth-first layer being expanded.
    pub depth: usize,
}

/// Explores `config` with the engine's own step functions.
///
/// # Errors
/// [`ExploreError`] only when a participant's local states cannot be encoded,
/// which the engine's functions never cause.
pub fn explore(config: &ExploreConfig) -> Result<Exploration, ExploreError> {
    explore_with(config, StepFunctions::default(), &mut |_| {})
}

/// Explores `config` with the given step functions, calling `progress` every
/// 65,536 states.
///
/// # Errors
/// [`ExploreError::LocalStates`] when substituted step functions make a
/// participant's local state set too large to encode.
pub fn explore_with(
    config: &ExploreConfig,
    steps: StepFunctions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Exploration, ExploreError> {
    let tables = tabulate_all(config, steps)?;
    let mut search = Search::new(config, &tables);
    search.run(progress);
    Ok(search.finish())
}

/// A step, packed: participant (4 bits), receive flag, message (5 bits), sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Move(u32);

impl Move {
    fn send(participant: usize, message: MessageType) -> Self {
        Self((participant as u32 & 0xf) | (u32::from(message as u8) << 5))
    }

    fn receive(participant: usize, message: MessageType, from: usize) -> Self {
        Self(
            (participant as u32 & 0xf)
                | 0x10
                | (u32::from(message as u8) << 5)
                | ((from as u32 & 0xf) << 10),
        )
    }

    fn participant(self) -> usize {
        (self.0 & 0xf) as usize
    }

    fn message(self) -> Option<MessageType> {
        u8::try_from((self.0 >> 5) & 0x1f)
            .ok()
            .and_then(MessageType::from_repr)
    }

    fn from(self) -> Option<usize> {
        (self.0 & 0x10 != 0).then_some(((self.0 >> 10) & 0xf) as usize)
    }
}

/// Per local state: facts the state invariants need.
#[derive(Debug, Clone, Copy, Default)]
struct Facts {
    /// A vendor publication must wait for (`rules::vendor_unreached`).
    unreached_vendor: bool,
    embargo_after_disclosure: bool,
    fixed_public: bool,
}

struct Search<'a> {
    config: &'a ExploreConfig,
    tables: &'a [LocalTable],
    facts: Vec<Vec<Facts>>,
    links: Vec<u8>,
    layout: Layout,
    store: StateStore,
    parents: Vec<u32>,
    moves: Vec<Move>,
    scratch: Vec<u64>,
    transitions: usize,
    max_depth: usize,
    terminal: usize,
    deadlocks: usize,
    complete: bool,
    violations: Vec<Violation>,
    deadlock_trace: Option<Vec<TraceStep>>,
}

impl<'a> Search<'a> {
    fn new(config: &'a ExploreConfig, tables: &'a [LocalTable]) -> Self {
        let facts = tables
            .iter()
            .map(|t| {
                t.states
                    .iter()
                    .map(|l| {
                        let (em, cs) = (l.state.em(), l.state.cs());
                        let disclosed = cs.has(CsEvent::PublicAware)
                            || cs.has(CsEvent::ExploitPublic)
                            || cs.has(CsEvent::AttacksObserved);
                        Facts {
                            unreached_vendor: crate::rules::vendor_unreached(
                                t.roles,
                                Affectedness::Unknown,
                                l.state.rm(),
                            ),
                            embargo_after_disclosure: em.is_in_force() && disclosed,
                            // A fix ready (or deployed) and public: a vendor
                            // without the deployer role tops out at `VF`.
                            fixed_public: cs.vfd() >= Vfd::FixReady && cs.has(CsEvent::PublicAware),
                        }
                    })
                    .collect()
            })
            .collect();
        let layout = Layout::new(tables.len(), config.channel_bound());
        let links = config.links();
        Self {
            links,
            config,
            tables,
            facts,
            layout,
            store: StateStore::new(layout.words),
            parents: Vec::new(),
            moves: Vec::new(),
            scratch: Vec::with_capacity(layout.words),
            transitions: 0,
            max_depth: 0,
            terminal: 0,
            deadlocks: 0,
            complete: true,
            violations: Vec::new(),
            deadlock_trace: None,
        }
    }

    fn fact(&self, participant: usize, id: u16) -> Facts {
        self.facts
            .get(participant)
            .and_then(|f| f.get(usize::from(id)))
            .copied()
            .unwrap_or_default()
    }

    fn vendors_reached(&self, global: &Global) -> bool {
        (0..self.tables.len()).all(|v| !self.fact(v, global.id(v)).unreached_vendor)
    }

    fn run(&mut self, progress: &mut dyn FnMut(Progress)) {
        let initial = Global::default();
        self.layout.encode(&initial, &mut self.scratch);
        let scratch = core::mem::take(&mut self.scratch);
        let _ = self.store.insert(&scratch);
        self.scratch = scratch;
        self.parents.push(u32::MAX);
        self.moves.push(Move(0));
        self.check_state(0, &initial);
        let mut cursor: u32 = 0;
        let mut layer_end: usize = 1;
        let mut depth = 0usize;
        while (cursor as usize) < self.store.len() {
            if cursor as usize >= layer_end {
                depth = depth.saturating_add(1);
                layer_end = self.store.len();
            }
            self.max_depth = depth;
            if cursor & 0xffff == 0 && cursor > 0 {
                progress(Progress {
                    states: self.store.len(),
                    expanded: cursor as usize,
                    depth,
                });
            }
            let global = self.layout.decode(self.store.get(cursor));
            self.expand(cursor, &global);
            cursor = cursor.saturating_add(1);
            if cursor == u32::MAX {
                self.complete = false;
                break;
            }
        }
    }

    fn expand(&mut self, at: u32, global: &Global) {
        let n = self.tables.len();
        let bound = self.config.channel_bound();
        let mut enabled = 0usize;
        // The "every vendor reached" guard depends on the whole state, not the move.
        let may_publish =
            !self.config.guards().publish_after_vendors_reached || self.vendors_reached(global);
        for i in 0..n {
            let Some(table) = self.tables.get(i) else {
                continue;
            };
            let id = global.id(i);
            let row = self.links.get(i).copied().unwrap_or(0);
            let peers = (0..n).filter(move |&j| j != i && row & (1 << j) != 0);
            for mv in table.sends(id) {
                if mv.publishes && !may_publish {
                    continue;
                }
                let need = mv.emits.len();
                let fits = peers.clone().all(|j| {
                    let len = global.channel(self.layout.channel_index(i, j)).len();
                    len.saturating_add(need) <= bound
                });
                if !fits {
                    continue;
                }
                let mut next = *global;
                next.set_id(i, mv.next);
                for j in peers.clone() {
                    if let Some(channel) = next.channel_mut(self.layout.channel_index(i, j)) {
                        for m in mv.emits.iter() {
                            channel.push(m as u8);
                        }
                    }
                }
                enabled = enabled.saturating_add(1);
                let step = Move::send(i, mv.message);
                if mv.under_embargo {
                    self.step_violation(Invariant::PublishUnderEmbargo, at, step, &next);
                }
                if mv.reopens {
                    self.step_violation(Invariant::ClosedStaysClosed, at, step, &next);
                }
                self.visit(at, step, &next);
            }
            for j in peers.clone() {
                let inbound = self.layout.channel_index(j, i);
                let Some(message) = global
                    .channel(inbound)
                    .head()
                    .and_then(MessageType::from_repr)
                else {
                    continue;
                };
                let Some(rv) = table.receive(id, message) else {
                    continue;
                };
                let back = self.layout.channel_index(i, j);
                if global.channel(back).len().saturating_add(rv.replies.len()) > bound {
                    continue;
                }
                let mut next = *global;
                next.set_id(i, rv.next);
                if let Some(channel) = next.channel_mut(inbound) {
                    channel.pop();
                }
                if let Some(channel) = next.channel_mut(back) {
                    for m in rv.replies.iter() {
                        channel.push(m as u8);
                    }
                }
                enabled = enabled.saturating_add(1);
                let step = Move::receive(i, message, j);
                if rv.reopens {
                    self.step_violation(Invariant::ClosedStaysClosed, at, step, &next);
                }
                self.visit(at, step, &next);
            }
        }
        self.transitions = self.transitions.saturating_add(enabled);
        if enabled == 0 {
            let quiet = (0..self.layout.channels()).all(|c| global.channel(c).is_empty());
            if quiet {
                self.terminal = self.terminal.saturating_add(1);
            } else {
                self.deadlocks = self.deadlocks.saturating_add(1);
                if self.deadlock_trace.is_none() {
                    self.deadlock_trace = Some(self.trace(at, None));
                }
            }
        }
    }

    fn visit(&mut self, parent: u32, step: Move, next: &Global) {
        let mut scratch = core::mem::take(&mut self.scratch);
        self.layout.encode(next, &mut scratch);
        if self.store.len() >= self.config.budget() {
            // Out of budget: only states already found are counted.
            if !self.store.contains(&scratch) {
                self.complete = false;
            }
            self.scratch = scratch;
            return;
        }
        let found = self.store.insert(&scratch);
        self.scratch = scratch;
        match found {
            Some(Found::New(index)) => {
                self.parents.push(parent);
                self.moves.push(step);
                self.check_state(index, next);
            }
            Some(Found::Seen) => {}
            None => self.complete = false,
        }
    }

    fn check_state(&mut self, index: u32, global: &Global) {
        let n = self.tables.len();
        if !self.has_violation(Invariant::EmbargoAfterDisclosure)
            && (0..n).any(|i| self.fact(i, global.id(i)).embargo_after_disclosure)
        {
            self.record(
                Invariant::EmbargoAfterDisclosure,
                self.trace(index, None),
                global,
            );
        }
        if !self.has_violation(Invariant::VendorsReachedBeforeEnd)
            && (0..n).any(|i| self.fact(i, global.id(i)).fixed_public)
            && !self.vendors_reached(global)
        {
            self.record(
                Invariant::VendorsReachedBeforeEnd,
                self.trace(index, None),
                global,
            );
        }
    }

    fn step_violation(&mut self, invariant: Invariant, at: u32, step: Move, next: &Global) {
        if self.has_violation(invariant) {
            return;
        }
        let trace = self.trace(at, Some((step, next)));
        self.record(invariant, trace, next);
    }

    fn has_violation(&self, invariant: Invariant) -> bool {
        self.violations.iter().any(|v| v.invariant == invariant)
    }

    fn record(&mut self, invariant: Invariant, trace: Vec<TraceStep>, global: &Global) {
        let states = (0..self.tables.len())
            .map(|i| self.describe(i, global.id(i)))
            .collect();
        self.violations.push(Violation {
            invariant,
            description: invariant.describe(),
            trace,
            states,
        });
    }

    fn describe(&self, participant: usize, id: u16) -> String {
        self.tables
            .get(participant)
            .and_then(|t| t.state(id))
            .map_or_else(|| "?".to_owned(), |l| l.state.to_string())
    }

    /// The steps from the initial state to state `index`, then `extra`.
    fn trace(&self, index: u32, extra: Option<(Move, &Global)>) -> Vec<TraceStep> {
        let mut path = Vec::new();
        let mut at = index;
        while at != 0 && at != u32::MAX {
            path.push(at);
            at = self.parents.get(at as usize).copied().unwrap_or(u32::MAX);
        }
        path.reverse();
        let mut steps: Vec<TraceStep> = path
            .into_iter()
            .filter_map(|state| {
                let step = self.moves.get(state as usize).copied()?;
                let global = self.layout.decode(self.store.get(state));
                self.trace_step(step, &global)
            })
            .collect();
        if let Some((step, global)) = extra
            && let Some(last) = self.trace_step(step, global)
        {
            steps.push(last);
        }
        steps
    }

    fn trace_step(&self, step: Move, after: &Global) -> Option<TraceStep> {
        let participant = step.participant();
        let table = self.tables.get(participant)?;
        let from = step.from();
        Some(TraceStep {
            participant,
            roles: table.roles.to_string(),
            action: if from.is_some() { "receive" } else { "send" },
            message: step.message()?,
            from,
            state: self.describe(participant, after.id(participant)),
        })
    }

    fn finish(mut self) -> Exploration {
        self.violations.sort_by_key(|v| v.invariant);
        Exploration {
            participants: self.tables.iter().map(|t| t.roles.to_string()).collect(),
            channel_bound: self.config.channel_bound(),
            states: self.store.len(),
            transitions: self.transitions,
            max_depth: self.max_depth,
            terminal: self.terminal,
            deadlocks: self.deadlocks,
            complete: self.complete,
            local_states: self.tables.iter().map(|t| t.states.len()).collect(),
            violations: self.violations,
            deadlock_trace: self.deadlock_trace,
        }
    }
}
