//! The explorer's model and the `Case` engine agree (issue 12 item 5): synchronous
//! runs of the explorer (`mpcvd::analysis::explore::{walk, runs}`: star topology,
//! channel bound 1, guards on, every message delivered before the next send) are
//! replayed through `Case::handle`, and after every step the case must accept the
//! input, each participant's `(RM, EM, CS)` in the case
//! (`Case::protocol_state_of`) must be the explorer's local state of that
//! participant, and the replies the case asks for must be the replies the
//! explorer put on the channels.
//!
//! # How a run is replayed
//! - The participants are added in index order, the hub first: it opens (and
//!   owns) the case and adds the others. Policy: the default `vultron`.
//! - A send of `m` by `i` to its peers is `Input::Message { m, from: i, to:
//!   peers }` (with a report for `RS`, 30-day terms for `EP`/`EV`); the receipts
//!   of that message by each peer, which follow it in the run, are the case's
//!   handling of the same input. The explorer's replies of those receipts must be
//!   the case's `Effect::Send` replies (`in_reply_to: m`), restricted to what
//!   travels in the configuration (acknowledgements only with
//!   `with_acknowledgements`).
//! - The same decision is also replayed, on a copy of the case, as the
//!   participant's own act (`Input::Act` with the action that announces `m`,
//!   where there is one and it reaches the same recipients): the case must accept
//!   it with the same per-participant states (one verdict per decision), and ask
//!   for `m` to be sent.
//! - A reply's receipt is its own `Input::Message` from the replier to the
//!   original sender.
//!
//! # Where the two models coincide, and why these configurations
//! The case holds *one* embargo and one set of public facts (`pxa`), which
//! `protocol_state_of` gives every participant with its own RM and fix status; the
//! explorer gives each participant its own view, moved only by the messages it
//! receives. The two coincide exactly when every statement that changes the
//! embargo or the public facts reaches every participant before the next send:
//! - with two participants (finder+reporter and a vendor), where the star is the
//!   complete graph, for every statement (all 17, or the `duties` preset);
//! - with a hub (a coordinator) and two leaves, only if the leaves' statements
//!   change nothing shared: a leaf's `EA`, `ET` or `CP` reaches the hub alone
//!   (the explorer's hub does not relay), so the other leaf's view would lag the
//!   case's single embargo. In those configurations the leaves initiate only
//!   statements about their own report and fix (`RS`, `RV`, `RI`, `RA`, `RD`,
//!   `RC`, `CF`, `CD`) and the hub everything (or its `duties`).
//!
//! A participant that has closed its report takes part no more: the explorer
//! freezes its view (it ignores everything, reference §5), while the case goes on
//! reporting the case's embargo and public facts for it. For a closed
//! participant the test compares RM and fix status, and its EM and `pxa` as they
//! were when it closed.
//!
//! Any other difference fails the test with the run, the step and both states.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code"
)]

mod support;
#[allow(unused_imports, reason = "not every file uses every helper")]
use support::*;

use chrono::{DateTime, Duration, Utc};
use mpcvd::analysis::explore::{ExploreConfig, Move, Run, RunEnd, Topology, duties, runs, walk};
use mpcvd::case::{Action, Case, Effect, EmbargoTerms, Input, Message, Origin, Payload};
use mpcvd::em::EmState;
use mpcvd::id::CaseId;
use mpcvd::message::{MessageKind, MessageType as M};
use mpcvd::participant::{NewParticipant, ParticipantId};
use mpcvd::policy::Policy;
use mpcvd::protocol::ProtocolState;
use mpcvd::rm::RmState;
use mpcvd::role::{Role, RoleSet};
use mpcvd::set::Set;

/// Statements that change only the sender's own report or fix status.
const OWN: &[M] = &[M::RS, M::RV, M::RI, M::RA, M::RD, M::RC, M::CF, M::CD];

fn own() -> Set<M> {
    OWN.iter().copied().collect()
}

fn roles(list: &[Role]) -> RoleSet {
    RoleSet::of(list)
}

/// With acknowledgements on the channels, and room for two messages on each: a
/// vendor's receipt of the report answers `RK` and `CV`, which a channel of one
/// message cannot hold (the run would deadlock at once).
fn acknowledged(config: ExploreConfig) -> ExploreConfig {
    config
        .with_acknowledgements(true)
        .with_channel_bound(2)
        .unwrap()
}

/// The configurations replayed, with a name for failure messages.
fn configurations() -> Vec<(&'static str, ExploreConfig)> {
    let pair = || {
        ExploreConfig::new(vec![roles(REPORTER), roles(VENDOR)])
            .unwrap()
            .with_topology(Topology::Star)
    };
    let hub = |duty: bool, acks: bool| {
        let parts = vec![roles(REPORTER), roles(COORDINATOR), roles(VENDOR)];
        let mut config = ExploreConfig::new(parts.clone())
            .unwrap()
            .with_topology(Topology::Star)
            .with_acknowledgements(acks)
            .with_channel_bound(if acks { 2 } else { 1 })
            .unwrap();
        if duty {
            config = config.with_duties();
        }
        for (i, &r) in parts.iter().enumerate() {
            if i != config.hub() {
                let mine = if duty {
                    duties(r)
                } else {
                    mpcvd::analysis::explore::all_statements()
                };
                config = config
                    .with_participant_statements(i, mine.intersection(own()))
                    .unwrap();
            }
        }
        config
    };
    vec![
        ("finder+reporter, vendor", pair()),
        ("finder+reporter, vendor; duties", pair().with_duties()),
        (
            "finder+reporter, vendor; acknowledgements",
            acknowledged(pair()),
        ),
        (
            "finder+reporter, vendor; duties, acknowledgements",
            acknowledged(pair().with_duties()),
        ),
        (
            "finder+reporter, coordinator hub, vendor",
            hub(false, false),
        ),
        (
            "finder+reporter, coordinator hub, vendor; duties",
            hub(true, false),
        ),
        (
            "finder+reporter, coordinator hub, vendor; acknowledgements",
            hub(false, true),
        ),
        (
            "finder+reporter, coordinator hub, vendor; duties, acknowledgements",
            hub(true, true),
        ),
    ]
}

fn pid(i: usize) -> ParticipantId {
    id(&format!("p{i}"))
}

/// Whether `kind` goes on the explorer's channels under `config`.
fn travels(config: &ExploreConfig, kind: M) -> bool {
    match kind.kind() {
        MessageKind::Ack => config.acknowledgements(),
        _ if kind == M::GI => config.inquiries(),
        _ => true,
    }
}

/// A case with the configuration's participants: the hub opens it.
fn open(config: &ExploreConfig) -> Case {
    let mut case = Case::new(CaseId::new("VU#512").unwrap(), Policy::default(), t(0));
    let hub = config.hub();
    let order = std::iter::once(hub).chain((0..config.participants().len()).filter(|&i| i != hub));
    for i in order {
        let participant = NewParticipant::new(pid(i), &format!("p{i}"), config.participants()[i]);
        let by = case.owner().cloned();
        ok(
            &mut case,
            Input::AddParticipant {
                participant: Box::new(participant),
                by,
            },
            t(0),
        );
    }
    case
}

fn payload(kind: M, now: DateTime<Utc>) -> Payload {
    match kind {
        M::RS => Payload::Report(Box::new(report())),
        M::EP | M::EV => Payload::Embargo(terms_at(now)),
        _ => Payload::None,
    }
}

fn terms_at(now: DateTime<Utc>) -> EmbargoTerms {
    EmbargoTerms {
        start: now,
        end: now + Duration::days(30),
    }
}

/// The action that announces `kind` when the case's embargo is `em`, if one does.
fn action_for(kind: M, em: EmState, to: &[usize], now: DateTime<Utc>) -> Option<Action> {
    let action = match kind {
        M::RV => Action::Validate,
        M::RI => Action::Invalidate,
        M::RA => Action::Accept,
        M::RD => Action::Defer,
        M::RC if em.is_in_force() => Action::CloseDespiteEmbargo {
            reason: "replayed".to_owned(),
        },
        M::RC => Action::Close,
        M::RS => match to {
            [only] => Action::submit(pid(*only), report()),
            _ => return None,
        },
        M::EP => Action::ProposeEmbargo {
            terms: terms_at(now),
        },
        M::EV => Action::ReviseEmbargo {
            terms: terms_at(now),
        },
        M::EA | M::EC => Action::AcceptEmbargo,
        M::ER | M::EJ => Action::RejectEmbargo,
        M::ET => Action::TerminateEmbargo,
        M::CF => Action::FixReady,
        M::CD => Action::FixDeployed,
        M::CP => Action::Publish,
        M::CX => Action::ExploitPublished,
        M::CA => Action::AttacksObserved,
        _ => return None,
    };
    // The act must announce exactly `kind` (e.g. accepting in `R` is `EC`).
    (action.announces(em).map(|(k, _)| k) == Some(kind)).then_some(action)
}

/// The replies among `effects`, as `(replier, kind, to)`, that travel under `config`.
fn replies(config: &ExploreConfig, effects: &[Effect], answering: M) -> Vec<(String, M, String)> {
    let mut out: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send(o) if o.in_reply_to == Some(answering) && travels(config, o.kind) => {
                let Origin::Participant(from) = &o.from else {
                    return None;
                };
                Some((
                    from.to_string(),
                    o.kind,
                    o.to.iter().map(ToString::to_string).collect(),
                ))
            }
            _ => None,
        })
        .collect();
    out.sort();
    out
}

/// One replay in progress.
struct Replay<'a> {
    name: &'a str,
    config: &'a ExploreConfig,
    case: Case,
    now: DateTime<Utc>,
    /// Each participant's explorer state when it closed its report.
    closed_at: Vec<Option<ProtocolState>>,
    steps: usize,
    acts: usize,
    /// Runs that ended deadlocked on a send's receipts.
    deadlocks: usize,
    /// Replies in flight that the case applied with the receipt that caused them:
    /// `(from, to, kind)`.
    applied: Vec<(usize, usize, M)>,
}

impl<'a> Replay<'a> {
    fn new(name: &'a str, config: &'a ExploreConfig) -> Self {
        Self {
            name,
            config,
            case: open(config),
            now: t(1),
            closed_at: vec![None; config.participants().len()],
            steps: 0,
            acts: 0,
            deadlocks: 0,
            applied: Vec::new(),
        }
    }

    fn fail(&self, run: &Run, at: usize, what: &str) -> ! {
        let trace: Vec<String> = run.steps[..=at.min(run.steps.len() - 1)]
            .iter()
            .map(|s| format!("{:?} -> {}", s.step, states(&s.states)))
            .collect();
        panic!(
            "{}: step {at}: {what}\nrun:\n  {}",
            self.name,
            trace.join("\n  ")
        );
    }

    fn handle(&mut self, run: &Run, at: usize, input: Input) -> Vec<Effect> {
        self.now += Duration::minutes(1);
        match self.case.handle(input.clone(), self.now) {
            Ok(effects) => effects.to_vec(),
            Err(e) => self.fail(run, at, &format!("the case refused {input:?}: {e}")),
        }
    }

    fn replay(&mut self, run: &Run) {
        self.check_states(run, 0, &run.start);
        let mut at = 0;
        while at < run.steps.len() {
            let step = &run.steps[at];
            match &step.step {
                Move::Send {
                    participant,
                    message,
                    emits,
                    to,
                } => {
                    let (i, kind) = (*participant, *message);
                    if !emits.contains(&kind) {
                        self.fail(run, at, "a send did not emit its statement");
                    }
                    // Each message emitted reaches every recipient in turn (the
                    // walk's order): `emits.len() * to.len()` receipts follow the
                    // send, unless the run deadlocks on them (a reply that does
                    // not fit the channel back).
                    let direct = emits.len() * to.len();
                    let mut expected = Vec::new();
                    let mut received = 0;
                    for (n, r) in run.steps[at + 1..].iter().take(direct).enumerate() {
                        let (k, j) = (emits[n / to.len()], to[n % to.len()]);
                        match &r.step {
                            Move::Receive {
                                participant,
                                message,
                                from,
                                replies,
                            } if *participant == j && *message == k && *from == i => {
                                if k == kind {
                                    expected.extend(
                                        replies
                                            .iter()
                                            .map(|&r| (pid(j).to_string(), r, pid(i).to_string())),
                                    );
                                } else {
                                    // What the send table emits with the statement
                                    // (the `ER` of a proposal `CP` drops, `CP` with
                                    // `CX`) the case applies with the statement;
                                    // the answers to it are not handed back.
                                    self.applied.extend(replies.iter().map(|&r| (j, i, r)));
                                }
                                received += 1;
                            }
                            _ => break,
                        }
                    }
                    if received < direct {
                        // The case cannot take part of an input: the replay ends.
                        let tail = run.steps[at + 1..]
                            .iter()
                            .all(|s| matches!(s.step, Move::Receive { .. }));
                        if run.end == RunEnd::Deadlock && tail {
                            self.deadlocks += 1;
                            return;
                        }
                        self.fail(run, at, "a receipt of the send is missing");
                    }
                    expected.sort();
                    let last = at + direct;
                    let after = &run.steps[last].states;
                    self.act(run, last, i, kind, to, after);
                    let input = Input::Message {
                        message: Message {
                            kind,
                            from: pid(i),
                            to: to.iter().map(|&j| pid(j)).collect(),
                            payload: payload(kind, self.now + Duration::minutes(1)),
                        },
                    };
                    let effects = self.handle(run, at, input);
                    let got = replies(self.config, &effects, kind);
                    if got != expected {
                        self.fail(
                            run,
                            last,
                            &format!("replies to {kind}: explorer {expected:?}, case {got:?}"),
                        );
                    }
                    at = last;
                    self.check_states(run, at, after);
                }
                Move::Receive {
                    participant,
                    message,
                    from,
                    replies: theirs,
                } => {
                    // A reply's receipt.
                    let (i, kind, j) = (*participant, *message, *from);
                    let echo = self.applied.iter().position(|&e| e == (j, i, kind));
                    if kind.kind() == MessageKind::Statement || echo.is_some() {
                        // A statement a receipt prescribed (a vendor's `CV` on the
                        // report), or an answer to one: the case applied it with
                        // the receipt that prescribed it, and returned it as an
                        // effect; it is not handed back.
                        if let Some(e) = echo {
                            self.applied.remove(e);
                        }
                        self.applied.extend(theirs.iter().map(|&r| (i, j, r)));
                        self.check_states(run, at, &step.states);
                        self.steps += 1;
                        at += 1;
                        continue;
                    }
                    let input = Input::Message {
                        message: Message {
                            kind,
                            from: pid(j),
                            to: vec![pid(i)],
                            payload: Payload::None,
                        },
                    };
                    let effects = self.handle(run, at, input);
                    let got = replies(self.config, &effects, kind);
                    let mut expected: Vec<_> = theirs
                        .iter()
                        .map(|&k| (pid(i).to_string(), k, pid(j).to_string()))
                        .collect();
                    expected.sort();
                    if got != expected {
                        self.fail(
                            run,
                            at,
                            &format!("replies to {kind}: explorer {expected:?}, case {got:?}"),
                        );
                    }
                    self.check_states(run, at, &step.states);
                }
            }
            self.steps += 1;
            at += 1;
        }
    }

    /// The same decision as an act, on a copy of the case: the same states.
    fn act(
        &mut self,
        run: &Run,
        at: usize,
        i: usize,
        kind: M,
        to: &[usize],
        after: &[ProtocolState],
    ) {
        let em = self.case.protocol_state_of(&pid(i)).unwrap().em();
        let now = self.now + Duration::minutes(1);
        let Some(action) = action_for(kind, em, to, now) else {
            return;
        };
        // Submitting is an act towards one participant that takes part; a report
        // sent to a closed participant is only a message.
        if let Action::Submit { to, .. } = &action
            && self.case.participant(to).unwrap().rm() == RmState::Closed
        {
            return;
        }
        let mut copy = self.case.clone();
        let input = Input::Act {
            actor: pid(i),
            action,
        };
        let effects = match copy.handle(input.clone(), now) {
            Ok(effects) => effects.to_vec(),
            Err(e) => self.fail(run, at, &format!("the case refused the act {input:?}: {e}")),
        };
        let sent = effects
            .iter()
            .any(|e| matches!(e, Effect::Send(o) if o.kind == kind && o.in_reply_to.is_none()));
        let audience = effects.iter().any(|e| matches!(e, Effect::Send(_)));
        if audience && !sent {
            self.fail(
                run,
                at,
                &format!("the act {input:?} did not announce {kind}: {effects:?}"),
            );
        }
        let saved = core::mem::replace(&mut self.case, copy);
        self.check_states(run, at, after);
        self.case = saved;
        self.acts += 1;
    }

    fn check_states(&mut self, run: &Run, at: usize, explorer: &[ProtocolState]) {
        for (k, &local) in explorer.iter().enumerate() {
            let case = self.case.protocol_state_of(&pid(k)).unwrap();
            let expect = if local.rm() == RmState::Closed {
                let frozen = *self.closed_at[k].get_or_insert(local);
                // The case reports its own embargo and public facts for a closed
                // participant; compare the rest.
                (case.rm(), case.cs().vfd()) == (local.rm(), local.cs().vfd()) && frozen == local
            } else {
                case == local
            };
            if !expect {
                self.fail(
                    run,
                    at,
                    &format!("participant {k}: explorer {local}, case {case}"),
                );
            }
        }
    }
}

fn states(list: &[ProtocolState]) -> String {
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Seeded random runs of every configuration.
#[test]
fn random_runs_replay_through_the_case() {
    let seeds: u64 = std::env::var("MPCVD_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64);
    for (name, config) in configurations() {
        let mut total = 0;
        let mut ends = [0usize; 3];
        for seed in 0..seeds {
            let run = walk(&config, seed, 40).unwrap();
            let mut replay = Replay::new(name, &config);
            replay.replay(&run);
            total += replay.steps;
            ends[run.end as usize] += 1;
        }
        eprintln!("{name}: {seeds} runs, {total} steps, ends quiet/limit/deadlock {ends:?}");
    }
}

/// Every run of the two-party configurations, up to a depth.
#[test]
fn every_short_run_replays_through_the_case() {
    for (name, config) in configurations() {
        let all = runs(&config, 6, 2_000).unwrap();
        let mut acts = 0;
        for run in &all {
            let mut replay = Replay::new(name, &config);
            replay.replay(run);
            acts += replay.acts;
        }
        eprintln!("{name}: {} runs of up to 6 sends, {acts} acts", all.len());
    }
}

/// The replay detects a divergence: with a hub and leaves that may change the
/// embargo (a leaf's `EA`, `ET` or `CP` reaches only the hub), some run leaves a
/// leaf's view behind the case's single embargo, and the replay fails on it.
#[test]
fn a_leaf_changing_the_embargo_is_caught() {
    let config = ExploreConfig::new(vec![roles(REPORTER), roles(COORDINATOR), roles(VENDOR)])
        .unwrap()
        .with_topology(Topology::Star)
        .with_duties();
    let diverged = (0..64).any(|seed| {
        let run = walk(&config, seed, 40).unwrap();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Replay::new("leaves with duties", &config).replay(&run);
        }))
        .is_err()
    });
    assert!(diverged, "no run showed the leaves' lagging views");
}
