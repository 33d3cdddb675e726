//! Synchronous runs of the explored model, to replay elsewhere ([`walk`], [`runs`]).

use std::collections::VecDeque;

use serde::Serialize;

use super::local::{LocalTable, SendMove, tabulate_all};
use super::{ExploreConfig, ExploreError, StepFunctions};
use crate::message::MessageType;
use crate::participant::Affectedness;
use crate::protocol::ProtocolState;

/// One move of a synchronous run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "move", rename_all = "snake_case")]
pub enum Move {
    /// `participant` decided to send `message`: `emits` went on the channel to
    /// each participant in `to` (every participant it is linked to).
    Send {
        /// The sender (index from 0).
        participant: usize,
        /// The statement sent.
        message: MessageType,
        /// What went on each outgoing channel, in order (the statement, where it
        /// travels).
        emits: Vec<MessageType>,
        /// The recipients, in index order.
        to: Vec<usize>,
    },
    /// `participant` took `message` from the head of the channel from `from`, and
    /// put `replies` on the channel back.
    Receive {
        /// The receiver.
        participant: usize,
        /// The message received.
        message: MessageType,
        /// Who sent it.
        from: usize,
        /// Its replies to `from`, in order (those that travel under the
        /// configuration: acknowledgements only with
        /// [`ExploreConfig::with_acknowledgements`]).
        replies: Vec<MessageType>,
    },
}

/// A move and every participant's local state after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunStep {
    /// The move.
    pub step: Move,
    /// Each participant's `(RM, EM, CS)` after the move, by index.
    pub states: Vec<ProtocolState>,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunEnd {
    /// No participant may send, and every channel is empty: the case has run its
    /// course.
    Quiet,
    /// The run made as many sends as it was allowed.
    Limit,
    /// Messages are in flight but none can be received (every pending receipt would
    /// reply into a full channel: an artefact of the bound).
    Deadlock,
}

/// A synchronous run: its moves, in order, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    /// The participants' start states, by index.
    pub start: Vec<ProtocolState>,
    /// The moves.
    pub steps: Vec<RunStep>,
    /// How it ended.
    pub end: RunEnd,
}

/// A seeded, deterministic random synchronous run of at most `max_sends` sends:
/// at each point every enabled send is equally likely.
///
/// # Synchronous runs
///
/// A *synchronous run* takes the explorer's own step tables, topology, channel
/// bound and guards (the ones [`explore`](super::explore) searches) and restricts
/// the interleaving: after each send, every message in flight is delivered (and
/// every reply it causes, and so on) before anyone sends again. Deliveries go in
/// the order the messages were put on their channels (a send puts its first
/// message on every outgoing channel, then the next one it emits, …); a receipt
/// whose replies do not fit on the channel back waits for a later one. So the
/// only choice left is which send comes next:
///
/// - `walk` makes that choice with a seeded pseudo-random generator: the same
///   configuration and seed give the same run;
/// - [`runs`] enumerates every run of up to a given number of sends, depth first.
///
/// Each [`Run`] lists its moves (who sent what to whom, who received what from
/// whom and what it replied) with every participant's local [`ProtocolState`]
/// after each move, which is what `tests/explore_vs_case.rs` replays through the
/// [`Case`](crate::case::Case) engine.
///
/// # Example
/// ```
/// use mpcvd::analysis::explore::{walk, ExploreConfig, Move};
/// use mpcvd::message::MessageType;
/// use mpcvd::role::{Role, RoleSet};
/// let config = ExploreConfig::new(vec![
///     RoleSet::of(&[Role::Finder, Role::Reporter]),
///     RoleSet::of(&[Role::Vendor]),
/// ])?;
/// let run = walk(&config, 7, 20)?;
/// assert_eq!(run, walk(&config, 7, 20)?); // deterministic
/// // Every send is followed by its receipts before the next send.
/// for pair in run.steps.windows(2) {
///     if let Move::Send { .. } = pair[0].step {
///         assert!(matches!(pair[1].step, Move::Receive { .. }));
///     }
/// }
/// // The vendor (participant 1) is reached only by receiving the report.
/// use mpcvd::rm::RmState;
/// let reached = run.steps.iter().position(|s| s.states[1].rm() != RmState::Start);
/// let at = reached.expect("this run reaches the vendor");
/// assert!(matches!(
///     run.steps[at].step,
///     Move::Receive { participant: 1, message: MessageType::RS, .. }
/// ));
/// # Ok::<(), mpcvd::analysis::explore::ExploreError>(())
/// ```
///
/// # Errors
/// [`ExploreError`] only when a participant's local states cannot be encoded,
/// which the engine's step functions never cause.
pub fn walk(config: &ExploreConfig, seed: u64, max_sends: usize) -> Result<Run, ExploreError> {
    let tables = tabulate_all(config, StepFunctions::default())?;
    let mut state = Sync::new(config, &tables);
    let mut rng = SplitMix(seed);
    let mut run = state.empty_run();
    for _ in 0..max_sends {
        let enabled = state.enabled();
        if enabled.is_empty() {
            run.end = state.end();
            return Ok(run);
        }
        let len = u64::try_from(enabled.len()).unwrap_or(u64::MAX);
        let pick = usize::try_from(rng.next().checked_rem(len).unwrap_or(0)).unwrap_or(0);
        let Some(&(i, mv)) = enabled.get(pick) else {
            break;
        };
        if !state.send(i, mv, &mut run.steps) {
            run.end = RunEnd::Deadlock;
            return Ok(run);
        }
    }
    run.end = if state.enabled().is_empty() {
        state.end()
    } else {
        RunEnd::Limit
    };
    Ok(run)
}

/// Every synchronous run of up to `max_sends` sends (a run ends earlier when no
/// send is enabled or it deadlocks), depth first in the order the step tables list
/// the sends, stopping after `limit` runs.
///
/// # Errors
/// As [`walk`].
pub fn runs(
    config: &ExploreConfig,
    max_sends: usize,
    limit: usize,
) -> Result<Vec<Run>, ExploreError> {
    let tables = tabulate_all(config, StepFunctions::default())?;
    let state = Sync::new(config, &tables);
    let mut out = Vec::new();
    let run = state.empty_run();
    enumerate(&state, run, max_sends, limit, &mut out);
    Ok(out)
}

fn enumerate(state: &Sync<'_>, run: Run, sends_left: usize, limit: usize, out: &mut Vec<Run>) {
    if out.len() >= limit {
        return;
    }
    let enabled = state.enabled();
    if enabled.is_empty() || sends_left == 0 {
        let mut run = run;
        run.end = if enabled.is_empty() {
            state.end()
        } else {
            RunEnd::Limit
        };
        out.push(run);
        return;
    }
    for (i, mv) in enabled {
        if out.len() >= limit {
            return;
        }
        let mut next = state.clone();
        let mut branch = run.clone();
        if next.send(i, mv, &mut branch.steps) {
            enumerate(&next, branch, sends_left.saturating_sub(1), limit, out);
        } else {
            branch.end = RunEnd::Deadlock;
            out.push(branch);
        }
    }
}

/// SplitMix64: a small, portable, seeded generator (the walk must not depend on a
/// platform's randomness).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The global state of a synchronous run: local state ids and channels.
#[derive(Clone)]
struct Sync<'a> {
    config: &'a ExploreConfig,
    tables: &'a [LocalTable],
    ids: Vec<u16>,
    /// `channels[from * n + to]`.
    channels: Vec<VecDeque<MessageType>>,
    /// The channels in the order messages were put on them (one entry a message).
    order: VecDeque<(usize, usize)>,
}

impl<'a> Sync<'a> {
    fn new(config: &'a ExploreConfig, tables: &'a [LocalTable]) -> Self {
        let n = tables.len();
        Self {
            config,
            tables,
            ids: vec![0; n],
            channels: vec![VecDeque::new(); n.saturating_mul(n)],
            order: VecDeque::new(),
        }
    }

    fn n(&self) -> usize {
        self.tables.len()
    }

    fn empty_run(&self) -> Run {
        Run {
            start: self.states(),
            steps: Vec::new(),
            end: RunEnd::Quiet,
        }
    }

    fn end(&self) -> RunEnd {
        if self.order.is_empty() {
            RunEnd::Quiet
        } else {
            RunEnd::Deadlock
        }
    }

    fn states(&self) -> Vec<ProtocolState> {
        self.tables
            .iter()
            .zip(&self.ids)
            .map(|(t, &id)| t.state(id).map_or(ProtocolState::START, |l| l.state))
            .collect()
    }

    fn channel(&self, from: usize, to: usize) -> Option<&VecDeque<MessageType>> {
        self.channels
            .get(from.checked_mul(self.n())?.checked_add(to)?)
    }

    fn channel_mut(&mut self, from: usize, to: usize) -> Option<&mut VecDeque<MessageType>> {
        let at = from.checked_mul(self.n())?.checked_add(to)?;
        self.channels.get_mut(at)
    }

    fn room(&self, from: usize, to: usize, need: usize) -> bool {
        self.channel(from, to)
            .is_some_and(|c| c.len().saturating_add(need) <= self.config.channel_bound())
    }

    fn peers(&self, i: usize) -> Vec<usize> {
        (0..self.n())
            .filter(|&j| self.config.linked(i, j))
            .collect()
    }

    /// The "every vendor reached" guard (as [`explore`](super::explore) applies it).
    fn may_publish(&self) -> bool {
        !self.config.guards().publish_after_vendors_reached
            || self.tables.iter().zip(&self.ids).all(|(t, &id)| {
                t.state(id).is_none_or(|l| {
                    !crate::rules::vendor_unreached(t.roles, Affectedness::Unknown, l.state.rm())
                })
            })
    }

    /// The sends enabled now, participant by participant, in table order.
    fn enabled(&self) -> Vec<(usize, SendMove)> {
        let may_publish = self.may_publish();
        let mut out = Vec::new();
        for (i, (table, &id)) in self.tables.iter().zip(&self.ids).enumerate() {
            let peers = self.peers(i);
            for &mv in table.sends(id) {
                if mv.publishes && !may_publish {
                    continue;
                }
                if peers.iter().all(|&j| self.room(i, j, mv.emits.len())) {
                    out.push((i, mv));
                }
            }
        }
        out
    }

    /// Participant `i` sends `mv`, then everything in flight is delivered; the moves
    /// go to `steps`. `false` if the run deadlocked.
    fn send(&mut self, i: usize, mv: SendMove, steps: &mut Vec<RunStep>) -> bool {
        let to = self.peers(i);
        if let Some(id) = self.ids.get_mut(i) {
            *id = mv.next;
        }
        // Statement first: each message emitted reaches every recipient before the
        // next one emitted with it.
        for m in mv.emits.iter() {
            for &j in &to {
                if let Some(channel) = self.channel_mut(i, j) {
                    channel.push_back(m);
                }
                self.order.push_back((i, j));
            }
        }
        steps.push(RunStep {
            step: Move::Send {
                participant: i,
                message: mv.message,
                emits: mv.emits.iter().collect(),
                to,
            },
            states: self.states(),
        });
        self.deliver(steps)
    }

    /// Delivers every message in flight, oldest first among those receivable.
    fn deliver(&mut self, steps: &mut Vec<RunStep>) -> bool {
        while !self.order.is_empty() {
            let Some((at, from, to, rv, message)) =
                self.order.iter().enumerate().find_map(|(at, &(from, to))| {
                    let message = self.channel(from, to)?.front().copied()?;
                    let table = self.tables.get(to)?;
                    let rv = table.receive(*self.ids.get(to)?, message)?;
                    self.room(to, from, rv.replies.len())
                        .then_some((at, from, to, rv, message))
                })
            else {
                return false;
            };
            self.order.remove(at);
            if let Some(channel) = self.channel_mut(from, to) {
                channel.pop_front();
            }
            if let Some(id) = self.ids.get_mut(to) {
                *id = rv.next;
            }
            if let Some(channel) = self.channel_mut(to, from) {
                channel.extend(rv.replies.iter());
            }
            for _ in 0..rv.replies.len() {
                self.order.push_back((to, from));
            }
            steps.push(RunStep {
                step: Move::Receive {
                    participant: to,
                    message,
                    from,
                    replies: rv.replies.iter().collect(),
                },
                states: self.states(),
            });
        }
        true
    }
}
