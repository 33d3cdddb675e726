//! Benchmarks of the case engine: inputs handled per second on a 10-participant case
//! with a mix of local actions and peer messages, the same mix on a case that also
//! lists 1,990 vendors not yet reached (2,000 participants: the cost per input
//! should not grow with participants the input does not touch), and the replay of a
//! 10,000-entry timeline, borrowed (`Case::replay`) and taken (`Case::replay_owned`,
//! as loading a saved case replays).
//!
//! `cargo bench --bench case` (add `-- --quick` for a short run). Criterion reports
//! time per batch and, as throughput, inputs (or entries) per second.
//!
//! The inputs are copied with the base case in set-up (a caller hands each input
//! over; building it is not handling it), as is the timeline a replay takes, and
//! the replayed case is dropped outside the measurement. Instruction counts
//! (load-independent; below): 2,994 per input at 10 participants, 3,400 at 2,000
//! (1.14×), 3,744 per entry replayed borrowed and 3,361 taken. Wall-clock figures
//! vary with the shared development machine and its load: see docs/DESIGN.md,
//! "What does an input cost?".
//!
//! With `MPCVD_BENCH_ONCE=1` in the environment the binary instead runs each
//! workload once, without criterion, in functions named `once_handle_10`,
//! `once_handle_2000`, `once_replay_borrowed` and `once_replay_taken`: a driver for
//! instruction counts, which do not depend on the machine's load, e.g.
//! `MPCVD_BENCH_ONCE=1 valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*once_handle_10*' target/release/deps/case-…`.
//! It then handles the 10-participant script once more through one driver per
//! kind of input (`kind_tick`, `kind_inquire`, `kind_gi`, …) and prints how many
//! inputs of each kind it ran: a whole-program callgrind run
//! (`callgrind_annotate --inclusive=yes --threshold=100`) then gives each kind's
//! cost per input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "bench set-up: a panic is a broken fixture, not a library crash"
)]

use std::hint::black_box;

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{BatchSize, Criterion, Throughput};
use mpcvd::case::{Action, Case, EmbargoTerms, Input, Message, Payload, ReportSummary};
use mpcvd::id::CaseId;
use mpcvd::message::MessageType;
use mpcvd::participant::{NewParticipant, ParticipantId};
use mpcvd::policy::Policy;
use mpcvd::role::{Role, RoleSet};

/// Inputs in the measured sequence.
const INPUTS: usize = 10_000;
/// Entries in the replayed timeline.
const ENTRIES: usize = 10_000;

const PARTICIPANTS: [(&str, &[Role]); 10] = [
    ("fay", &[Role::Finder, Role::Reporter]),
    ("cert", &[Role::Coordinator]),
    ("v1", &[Role::Vendor]),
    ("v2", &[Role::Vendor]),
    ("v3", &[Role::Vendor]),
    ("v4", &[Role::Vendor]),
    ("v5", &[Role::Vendor]),
    ("v6", &[Role::Vendor]),
    ("dep", &[Role::Deployer]),
    ("obs", &[Role::Other]),
];

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

fn id(s: &str) -> ParticipantId {
    ParticipantId::new(s).unwrap()
}

fn act(actor: &str, action: Action) -> Input {
    Input::Act {
        actor: id(actor),
        action,
    }
}

fn msg(kind: MessageType, from: &str, to: &[&str], payload: Payload) -> Input {
    Input::Message {
        message: Message {
            kind,
            from: id(from),
            to: to.iter().map(|s| id(s)).collect(),
            payload,
        },
    }
}

/// A small deterministic generator (xorshift64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The 10-participant case after the report reached everyone, everyone accepted it
/// and an embargo of ten years is in force; and the time of its last input. With
/// `extra` > 0, that many more vendors are listed in the case but not yet reached
/// (a large case's long tail), added before the report is submitted.
fn base(extra: usize) -> (Case, DateTime<Utc>) {
    let mut case = Case::new(CaseId::new("VU#bench").unwrap(), Policy::default(), t0());
    let mut now = t0();
    let mut run = |case: &mut Case, input: Input| {
        now += Duration::minutes(1);
        case.handle(input, now).unwrap();
    };
    // The first participant opens the case (and owns it); it adds the others.
    for (who, roles) in PARTICIPANTS {
        let participant = NewParticipant::new(id(who), who, RoleSet::of(roles));
        let by = case.owner().cloned();
        run(
            &mut case,
            Input::AddParticipant {
                participant: Box::new(participant),
                by,
            },
        );
    }
    for i in 0..extra {
        let who = format!("tail{i}");
        let participant = NewParticipant::new(id(&who), &who, RoleSet::of(&[Role::Vendor]));
        let by = case.owner().cloned();
        run(
            &mut case,
            Input::AddParticipant {
                participant: Box::new(participant),
                by,
            },
        );
    }
    let report = || ReportSummary::new("overflow in parser", "crafted header");
    run(&mut case, act("fay", Action::submit(id("cert"), report())));
    run(&mut case, act("cert", Action::Validate));
    run(&mut case, act("cert", Action::Accept));
    for (who, _) in &PARTICIPANTS[2..] {
        run(&mut case, act("cert", Action::submit(id(who), report())));
        run(&mut case, act(who, Action::Validate));
        run(&mut case, act(who, Action::Accept));
    }
    let terms = EmbargoTerms {
        start: t0(),
        end: t0() + Duration::days(3650),
    };
    run(&mut case, act("cert", Action::ProposeEmbargo { terms }));
    run(
        &mut case,
        msg(MessageType::EA, "v1", &["cert", "fay"], Payload::None),
    );
    for (who, _) in &PARTICIPANTS[2..] {
        if *who != "v1" {
            run(&mut case, act(who, Action::AcceptEmbargo));
        }
    }
    (case, now)
}

/// A long sequence of inputs the case accepts from `base`, one minute apart: about
/// half local actions and half peer messages — questions and answers, revisions of
/// the embargo proposed and decided, re-submissions, acknowledgements and errors.
fn script(case: &Case, start: DateTime<Utc>, count: usize) -> Script {
    let mut case = case.clone();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let names: Vec<&str> = PARTICIPANTS.iter().map(|(n, _)| *n).collect();
    let mut now = start;
    let mut out = Vec::with_capacity(count);
    let mut revision = 0i64;
    while out.len() < count {
        let a = names[rng.below(names.len())];
        let b = names[(names.iter().position(|n| *n == a).unwrap() + 1 + rng.below(9)) % 10];
        let c = names[(names.iter().position(|n| *n == b).unwrap() + 1 + rng.below(8)) % 10];
        let to: Vec<&str> = if c == a { vec![b] } else { vec![b, c] };
        let text = || Payload::Text {
            text: "status?".into(),
        };
        let input = match rng.below(12) {
            0 | 1 => act(
                a,
                Action::Inquire {
                    text: "status?".into(),
                },
            ),
            2 | 3 => msg(MessageType::GI, a, &to, text()),
            4 => {
                revision += 1;
                let terms = EmbargoTerms {
                    start: t0(),
                    end: t0() + Duration::days(3650) + Duration::minutes(revision),
                };
                if case.em() == mpcvd::em::EmState::Revise {
                    act(a, Action::ReviseEmbargo { terms })
                } else {
                    msg(MessageType::EV, a, &to, Payload::Embargo(terms))
                }
            }
            5 => match (case.em(), rng.below(2)) {
                (mpcvd::em::EmState::Revise, 0) => act(a, Action::AcceptEmbargo),
                (mpcvd::em::EmState::Revise, _) => msg(MessageType::EJ, a, &to, Payload::None),
                _ => act(
                    a,
                    Action::Inquire {
                        text: mpcvd::case::Text::new(),
                    },
                ),
            },
            6 => msg(
                MessageType::RS,
                "fay",
                &[names[2 + rng.below(8)]],
                Payload::Report(Box::new(ReportSummary::new("overflow in parser", ""))),
            ),
            7 => msg(MessageType::RK, a, &to, Payload::None),
            8 => msg(MessageType::EK, a, &to, Payload::None),
            9 => msg(MessageType::CE, a, &to, Payload::None),
            10 => msg(MessageType::RE, a, &to, Payload::None),
            _ => Input::Tick,
        };
        now += Duration::minutes(1);
        if case.handle(input.clone(), now).is_ok() {
            out.push((input, now));
        }
    }
    out
}

/// Inputs with the time each is handled at.
type Script = Vec<(Input, DateTime<Utc>)>;

/// The measured workloads' fixtures: the base case and its scripted inputs, at 10
/// and 2,000 participants, and the 10,000-entry timeline to replay.
struct Fixtures {
    handle: Vec<(Case, Script)>,
    timeline: mpcvd::case::Timeline,
}

fn fixtures() -> Fixtures {
    let handle = [0, 1990]
        .into_iter()
        .map(|extra| {
            let (base, now) = base(extra);
            let inputs = script(&base, now, INPUTS);
            (base, inputs)
        })
        .collect();
    let (base, now) = base(0);
    let mut full = base.clone();
    for (input, at) in script(&base, now, ENTRIES - base.timeline().entries.len()) {
        full.handle(input, at).unwrap();
    }
    let timeline = full.timeline().clone();
    assert_eq!(timeline.entries.len(), ENTRIES);
    Fixtures { handle, timeline }
}

/// Handles every scripted input on `case` (a fresh copy of the base case). The
/// inputs are handed over as a caller builds them: copying the base case and the
/// inputs is set-up, outside the measured part.
fn run_inputs(mut case: Case, inputs: Script) -> Case {
    for (input, at) in inputs {
        let effects = case.handle(input, at);
        black_box(effects.is_ok());
    }
    case
}

// The `black_box`ed constants keep the two bodies distinct, so that the linker
// does not fold them into one symbol.
#[inline(never)]
fn once_handle_10(case: Case, inputs: Script) -> Case {
    black_box(10);
    run_inputs(case, inputs)
}

#[inline(never)]
fn once_handle_2000(case: Case, inputs: Script) -> Case {
    black_box(2000);
    run_inputs(case, inputs)
}

#[inline(never)]
fn once_replay_borrowed(timeline: &mpcvd::case::Timeline) -> Case {
    Case::replay(timeline).unwrap()
}

#[inline(never)]
fn once_replay_taken(timeline: mpcvd::case::Timeline) -> Case {
    Case::replay_owned(timeline).unwrap()
}

/// Defines one `#[inline(never)]` driver per kind of input, each `Case::handle`
/// with a distinct `black_box`ed name, so that callgrind counts each kind apart.
macro_rules! per_kind {
    ($($name:ident),* $(,)?) => {
        $(
            #[inline(never)]
            fn $name(case: &mut Case, input: Input, at: DateTime<Utc>) -> bool {
                black_box(stringify!($name));
                case.handle(input, at).is_ok()
            }
        )*
    };
}

per_kind!(
    kind_tick,
    kind_inquire,
    kind_revise_embargo,
    kind_accept_embargo,
    kind_gi,
    kind_rs,
    kind_ce,
    kind_re,
    kind_ev,
    kind_ek,
    kind_rk,
    kind_ej,
    kind_other,
);

/// The 10-participant script once more, each input handled by the driver of its
/// kind (`kind_*`); prints how many inputs of each kind ran, to divide callgrind's
/// inclusive count of each driver by (`callgrind_annotate --inclusive=yes
/// --threshold=100`).
fn once_by_kind(case: &Case, inputs: &Script) {
    type Driver = fn(&mut Case, Input, DateTime<Utc>) -> bool;
    // A driver with its name, as the counts print it.
    macro_rules! named {
        ($driver:ident) => {
            (stringify!($driver), $driver as Driver)
        };
    }
    let mut case = case.clone();
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for (input, at) in inputs.iter().cloned() {
        let (name, driver) = match &input {
            Input::Tick => named!(kind_tick),
            Input::Act { action, .. } => match action {
                Action::Inquire { .. } => named!(kind_inquire),
                Action::ReviseEmbargo { .. } => named!(kind_revise_embargo),
                Action::AcceptEmbargo => named!(kind_accept_embargo),
                _ => named!(kind_other),
            },
            Input::Message { message } => match message.kind {
                MessageType::GI => named!(kind_gi),
                MessageType::RS => named!(kind_rs),
                MessageType::CE => named!(kind_ce),
                MessageType::RE => named!(kind_re),
                MessageType::EV => named!(kind_ev),
                MessageType::EK => named!(kind_ek),
                MessageType::RK => named!(kind_rk),
                MessageType::EJ => named!(kind_ej),
                _ => named!(kind_other),
            },
            _ => named!(kind_other),
        };
        assert!(
            driver(&mut case, input, at),
            "{name}: the script's input was refused"
        );
        *counts.entry(name).or_default() += 1;
    }
    for (name, count) in counts {
        eprintln!("{name}: {count} inputs");
    }
}

/// Each workload once (see the module docs).
fn once() {
    let f = fixtures();
    let (small, large) = (&f.handle[0], &f.handle[1]);
    let case = once_handle_10(small.0.clone(), small.1.clone());
    drop(black_box(case));
    let case = once_handle_2000(large.0.clone(), large.1.clone());
    drop(black_box(case));
    drop(black_box(once_replay_borrowed(&f.timeline)));
    drop(black_box(once_replay_taken(f.timeline.clone())));
    once_by_kind(&small.0, &small.1);
    eprintln!(
        "ran {} + {} inputs and a {}-entry replay once",
        small.1.len(),
        large.1.len(),
        f.timeline.entries.len()
    );
}

fn handle(c: &mut Criterion) {
    let mut group = c.benchmark_group("case");
    group.sample_size(20);
    let f = fixtures();
    for (base, inputs) in &f.handle {
        let messages = inputs
            .iter()
            .filter(|(i, _)| matches!(i, Input::Message { .. }))
            .count();
        let participants = base.participants().len();
        eprintln!(
            "case/handle: {} inputs ({messages} peer messages), {participants} participants",
            inputs.len()
        );
        group.throughput(Throughput::Elements(inputs.len() as u64));
        let name = format!("handle 10k mixed inputs, {participants} participants");
        group.bench_function(name, |b| {
            b.iter_batched(
                || (base.clone(), inputs.clone()),
                |(case, inputs)| run_inputs(case, inputs),
                BatchSize::LargeInput,
            )
        });
    }
    group.throughput(Throughput::Elements(ENTRIES as u64));
    // The replayed case is dropped outside the measured part (freeing it is not
    // replaying).
    group.bench_function("replay 10k-entry timeline", |b| {
        b.iter_with_large_drop(|| Case::replay(black_box(&f.timeline)).unwrap())
    });
    // As loading a saved case replays: the timeline is taken (its copy is set-up).
    group.bench_function("replay 10k-entry timeline, taken", |b| {
        b.iter_batched(
            || f.timeline.clone(),
            |timeline| Case::replay_owned(timeline).unwrap(),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// The benchmark group (`criterion_group!` defines an undocumented function; inside
/// a private module `missing_docs` accepts it).
mod group {
    criterion::criterion_group!(benches, super::handle);
}

fn main() {
    if std::env::var_os("MPCVD_BENCH_ONCE").is_some() {
        once();
        return;
    }
    group::benches();
    Criterion::default().configure_from_args().final_summary();
}
