//! The breadth-first search.

use crate::cs::{CsEvent, Vfd};
use crate::message::MessageType;
use crate::participant::Affectedness;

use super::local::{LocalTable, ReceiveMove, SendMove, tabulate_all};
use super::pack::{Found, Global, Layout, StateStore};
use super::report::Reduction;
use super::symmetry::{IDENTITY, Perm, Symmetry};
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
/// # Reductions
/// Both optional, both off by default:
/// - **symmetry** ([`ExploreConfig::with_symmetry`]): interchangeable participants
///   (identical step tables, links invariant under swapping them) are stored in a
///   canonical order. Verdicts and shortest counterexamples are kept; traces are
///   replayed with the participants renamed, so they are runs of the full model;
///   the counts are of orbits (`Exploration::reduction` lists the classes).
/// - **partial order** ([`ExploreConfig::with_por`]): in a state, only one
///   participant's steps are expanded when they are all it could take, none is
///   visible to an invariant, and all lead to states not yet expanded (ample sets,
///   conditions C0–C3). Verdicts, terminal and deadlock counts are kept;
///   counterexamples are runs of the full model but may be longer than shortest.
///   Not applied (and said so) when a substituted step function takes a vendor
///   back to unreached, which the independence argument excludes.
///
/// The soundness arguments are in `docs/research.md` ("Reductions") and the
/// module sources; `tests/explore_reduced.rs` checks both against the unreduced
/// search.
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

/// `step` with its participants renamed: canonical position `k` is `rename[k]`.
fn rename_move(step: Move, rename: &Perm) -> Move {
    let to = |k: usize| usize::from(rename.get(k).copied().unwrap_or(0));
    let Some(message) = step.message() else {
        return step;
    };
    match step.from() {
        None => Move::send(to(step.participant()), message),
        Some(from) => Move::receive(to(step.participant()), message, to(from)),
    }
}

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

/// A step found while expanding a state.
#[derive(Debug, Clone, Copy)]
struct Successor {
    step: Move,
    next: Global,
    under_embargo: bool,
    reopens: bool,
    /// The step changes a fact the state invariants read.
    visible: bool,
}

impl Successor {
    /// Neither visible to the invariants nor breaking a step invariant.
    const fn invisible(&self) -> bool {
        !self.visible && !self.under_embargo && !self.reopens
    }
}

/// Per local state: facts the state invariants need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Facts {
    /// A vendor publication must wait for (`rules::vendor_unreached`).
    pub(crate) unreached_vendor: bool,
    /// The view holds an embargo in force with `P`, `X` or `A`.
    pub(crate) embargo_after_disclosure: bool,
    /// The view is `VF·P··` (a fix ready, or deployed, and public).
    pub(crate) fixed_public: bool,
}

impl Facts {
    /// The facts of local state `local` of a participant holding `roles`.
    pub(crate) fn of(roles: crate::role::RoleSet, local: &super::local::Local) -> Self {
        let (em, cs) = (local.state.em(), local.state.cs());
        let disclosed = cs.has(CsEvent::PublicAware)
            || cs.has(CsEvent::ExploitPublic)
            || cs.has(CsEvent::AttacksObserved);
        Self {
            unreached_vendor: crate::rules::vendor_unreached(
                roles,
                Affectedness::Unknown,
                local.state.rm(),
            ),
            embargo_after_disclosure: em.is_in_force() && disclosed,
            // A fix ready (or deployed) and public: a vendor without the deployer
            // role tops out at `VF`.
            fixed_public: cs.vfd() >= Vfd::FixReady && cs.has(CsEvent::PublicAware),
        }
    }
}

struct Search<'a> {
    config: &'a ExploreConfig,
    tables: &'a [LocalTable],
    facts: Vec<Vec<Facts>>,
    links: Vec<u8>,
    layout: Layout,
    symmetry: Symmetry,
    /// Partial-order reduction on, and sound for these tables (`por::applies`).
    por: bool,
    reduced_expansions: usize,
    successors: Vec<Successor>,
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
            .map(|t| t.states.iter().map(|l| Facts::of(t.roles, l)).collect())
            .collect();
        let layout = Layout::new(tables.len(), config.channel_bound());
        let links = config.links();
        let symmetry = Symmetry::new(config, tables, layout);
        let por = config.por() && super::por::applies(tables);
        Self {
            links,
            symmetry,
            por,
            reduced_expansions: 0,
            successors: Vec::new(),
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
        let mut successors = core::mem::take(&mut self.successors);
        successors.clear();
        let n = self.tables.len();
        let bound = self.config.channel_bound();
        // The "every vendor reached" guard depends on the whole state, not the move.
        let may_publish =
            !self.config.guards().publish_after_vendors_reached || self.vendors_reached(global);
        // With partial-order reduction: the participants whose steps form an ample
        // set (see `por`), as ranges of `successors`.
        let mut candidates = [(0usize, 0usize); super::MAX_PARTICIPANTS];
        let mut found = 0usize;
        for i in 0..n {
            let Some(table) = self.tables.get(i) else {
                continue;
            };
            let first = successors.len();
            // Every step participant `i` could take from its local state is enabled.
            let mut all_enabled = true;
            let id = global.id(i);
            let before = self.fact(i, id);
            let row = self.links.get(i).copied().unwrap_or(0);
            let peers = (0..n).filter(move |&j| j != i && row & (1 << j) != 0);
            for mv in table.sends(id) {
                if mv.publishes && !may_publish {
                    all_enabled = false;
                    continue;
                }
                let need = mv.emits.len();
                let fits = peers.clone().all(|j| {
                    let len = global.channel(self.layout.channel_index(i, j)).len();
                    len.saturating_add(need) <= bound
                });
                if !fits {
                    all_enabled = false;
                    continue;
                }
                successors.push(Successor {
                    step: Move::send(i, mv.message),
                    next: self.apply_send(global, i, mv),
                    under_embargo: mv.under_embargo,
                    reopens: mv.reopens,
                    visible: before != self.fact(i, mv.next),
                });
            }
            for j in peers.clone() {
                let inbound = self.layout.channel_index(j, i);
                let Some(message) = global
                    .channel(inbound)
                    .head()
                    .and_then(MessageType::from_repr)
                else {
                    all_enabled = false;
                    continue;
                };
                let Some(rv) = table.receive(id, message) else {
                    all_enabled = false;
                    continue;
                };
                let back = self.layout.channel_index(i, j);
                if global.channel(back).len().saturating_add(rv.replies.len()) > bound {
                    all_enabled = false;
                    continue;
                }
                successors.push(Successor {
                    step: Move::receive(i, message, j),
                    next: self.apply_receive(global, i, j, rv),
                    under_embargo: false,
                    reopens: rv.reopens,
                    visible: before != self.fact(i, rv.next),
                });
            }
            let last = successors.len();
            if self.por
                && all_enabled
                && last > first
                && successors
                    .get(first..last)
                    .is_some_and(|s| s.iter().all(Successor::invisible))
                && let Some(slot) = candidates.get_mut(found)
            {
                *slot = (first, last);
                found = found.saturating_add(1);
            }
        }
        let enabled = successors.len();
        // The cycle proviso: a reduced expansion only if every ample successor is
        // new or stored after this state (not expanded yet).
        let chosen = candidates.into_iter().take(found).find(|&(first, last)| {
            successors.get(first..last).is_some_and(|s| {
                s.iter()
                    .all(|s| self.stored_at(&s.next).is_none_or(|k| k > at))
            })
        });
        let (first, last) = chosen.unwrap_or((0, enabled));
        if chosen.is_some() {
            self.reduced_expansions = self.reduced_expansions.saturating_add(1);
        }
        for successor in successors.get(first..last).unwrap_or(&[]) {
            if successor.under_embargo {
                self.step_violation(Invariant::PublishUnderEmbargo, at, successor.step);
            }
            if successor.reopens {
                self.step_violation(Invariant::ClosedStaysClosed, at, successor.step);
            }
            self.visit(at, successor.step, &successor.next);
        }
        self.transitions = self.transitions.saturating_add(last.saturating_sub(first));
        self.successors = successors;
        if enabled == 0 {
            let quiet = (0..self.layout.channels()).all(|c| global.channel(c).is_empty());
            if quiet {
                self.terminal = self.terminal.saturating_add(1);
            } else {
                self.deadlocks = self.deadlocks.saturating_add(1);
                if self.deadlock_trace.is_none() {
                    self.deadlock_trace = Some(self.trace(at, None).0);
                }
            }
        }
    }

    /// Where `global` (canonicalised first) is stored, if it is.
    fn stored_at(&mut self, global: &Global) -> Option<u32> {
        let (canonical, _) = self.symmetry.canonical(global);
        let mut scratch = core::mem::take(&mut self.scratch);
        self.layout.encode(&canonical, &mut scratch);
        let found = self.store.find(&scratch);
        self.scratch = scratch;
        found
    }

    /// `global` after participant `i` sends `mv` to every peer.
    fn apply_send(&self, global: &Global, i: usize, mv: &SendMove) -> Global {
        let n = self.tables.len();
        let row = self.links.get(i).copied().unwrap_or(0);
        let mut next = *global;
        next.set_id(i, mv.next);
        for j in (0..n).filter(|&j| j != i && row & (1 << j) != 0) {
            if let Some(channel) = next.channel_mut(self.layout.channel_index(i, j)) {
                for m in mv.emits.iter() {
                    channel.push(m as u8);
                }
            }
        }
        next
    }

    /// `global` after participant `i` takes the head of the channel from `j`.
    fn apply_receive(&self, global: &Global, i: usize, j: usize, rv: ReceiveMove) -> Global {
        let mut next = *global;
        next.set_id(i, rv.next);
        if let Some(channel) = next.channel_mut(self.layout.channel_index(j, i)) {
            channel.pop();
        }
        if let Some(channel) = next.channel_mut(self.layout.channel_index(i, j)) {
            for m in rv.replies.iter() {
                channel.push(m as u8);
            }
        }
        next
    }

    /// `global` after `step` (a step the search took from it), for replaying traces.
    fn successor(&self, global: &Global, step: Move) -> Option<Global> {
        let i = step.participant();
        let table = self.tables.get(i)?;
        let message = step.message()?;
        let id = global.id(i);
        match step.from() {
            None => {
                let mv = table.sends(id).iter().find(|mv| mv.message == message)?;
                Some(self.apply_send(global, i, mv))
            }
            Some(j) => {
                let rv = table.receive(id, message)?;
                Some(self.apply_receive(global, i, j, rv))
            }
        }
    }

    fn visit(&mut self, parent: u32, step: Move, next: &Global) {
        let (canonical, _) = self.symmetry.canonical(next);
        let next = &canonical;
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
            let (trace, reached) = self.trace(index, None);
            self.record(Invariant::EmbargoAfterDisclosure, trace, &reached);
        }
        if !self.has_violation(Invariant::VendorsReachedBeforeEnd)
            && (0..n).any(|i| self.fact(i, global.id(i)).fixed_public)
            && !self.vendors_reached(global)
        {
            let (trace, reached) = self.trace(index, None);
            self.record(Invariant::VendorsReachedBeforeEnd, trace, &reached);
        }
    }

    fn step_violation(&mut self, invariant: Invariant, at: u32, step: Move) {
        if self.has_violation(invariant) {
            return;
        }
        let (trace, reached) = self.trace(at, Some(step));
        self.record(invariant, trace, &reached);
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

    /// The steps from the initial state to state `index`, then `extra` (a step from
    /// state `index`), and the state reached.
    ///
    /// The stored states are canonical forms when symmetry reduction is on, and each
    /// stored step was taken from the canonical parent. The trace is replayed from
    /// the initial state with the participants renamed as it goes (`rename`: the
    /// participant at canonical position `k` is participant `rename[k]` of the
    /// replayed run), so it is a run of the unreduced model, of the same length.
    fn trace(&self, index: u32, extra: Option<Move>) -> (Vec<TraceStep>, Global) {
        let mut path = Vec::new();
        let mut at = index;
        while at != 0 && at != u32::MAX {
            path.push(at);
            at = self.parents.get(at as usize).copied().unwrap_or(u32::MAX);
        }
        path.reverse();
        let mut concrete = Global::default();
        let mut rename: Perm = IDENTITY;
        let mut steps = Vec::new();
        let stored: Vec<(u32, Move)> = path
            .into_iter()
            .filter_map(|state| {
                let parent = self.parents.get(state as usize).copied()?;
                Some((parent, self.moves.get(state as usize).copied()?))
            })
            .collect();
        let last = extra.map(|step| (index, step));
        for (parent, step) in stored.into_iter().chain(last) {
            let from = self.layout.decode(self.store.get(parent));
            let Some(after) = self.successor(&from, step) else {
                break;
            };
            let real = rename_move(step, &rename);
            let Some(next) = self.successor(&concrete, real) else {
                break;
            };
            concrete = next;
            if let Some(shown) = self.trace_step(real, &concrete) {
                steps.push(shown);
            }
            let (_, sigma) = self.symmetry.canonical(&after);
            let mut composed = IDENTITY;
            for (slot, &s) in composed.iter_mut().zip(sigma.iter()) {
                *slot = rename.get(usize::from(s)).copied().unwrap_or(0);
            }
            rename = composed;
        }
        (steps, concrete)
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
            reduction: Reduction {
                symmetry: self.config.symmetry(),
                interchangeable: self.symmetry.classes().to_vec(),
                partial_order: self.config.por(),
                partial_order_applied: self.por,
                reduced_expansions: self.reduced_expansions,
            },
        }
    }
}
