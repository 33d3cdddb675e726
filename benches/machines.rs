//! Benchmarks of the protocol core: one transition of each machine, the allowed-action
//! look-up, one message send and receive, and enumerating the 70 case-state histories.
//!
//! `cargo bench --bench machines` (add `-- --quick` for a short run).

use std::hint::black_box;

use criterion::{Criterion, criterion_main};
use mpcvd::cs::{CaseState, CsEvent, History};
use mpcvd::em::{EmAction, EmState};
use mpcvd::message::{MessageType, receive, send};
use mpcvd::pec::{PecAction, PecState};
use mpcvd::protocol::{ProtocolOptions, ProtocolState};
use mpcvd::rm::{RmAction, RmState};
use mpcvd::role::{Role, RoleSet};

fn transitions(c: &mut Criterion) {
    let mut group = c.benchmark_group("transition");
    // The last row of each table: the worst case of the linear look-up.
    group.bench_function("rm deferred -close->", |b| {
        b.iter(|| black_box(RmState::Deferred).apply(black_box(RmAction::Close)))
    });
    group.bench_function("em revise -terminate->", |b| {
        b.iter(|| black_box(EmState::Revise).apply(black_box(EmAction::Terminate)))
    });
    group.bench_function("pec lapsed -reset->", |b| {
        b.iter(|| black_box(PecState::Lapsed).apply(black_box(PecAction::Reset)))
    });
    let vfdpxa = CaseState::INITIAL;
    group.bench_function("cs vfdpxa -P->", |b| {
        b.iter(|| black_box(vfdpxa).apply(black_box(CsEvent::PublicAware)))
    });
    group.bench_function("rm refused (error built)", |b| {
        b.iter(|| black_box(RmState::Valid).apply(black_box(RmAction::Close)))
    });
    group.finish();
}

fn allowed(c: &mut Criterion) {
    let mut group = c.benchmark_group("allowed_actions");
    group.bench_function("rm accepted", |b| {
        b.iter(|| black_box(RmState::Accepted).allowed_actions())
    });
    let vfd_pxa: CaseState = "VfdPxa".parse().unwrap_or(CaseState::INITIAL);
    group.bench_function("cs VfdPxa", |b| {
        b.iter(|| black_box(vfd_pxa).allowed_events())
    });
    group.finish();
}

fn messages(c: &mut Criterion) {
    let options = ProtocolOptions::default();
    let reporter = RoleSet::of(&[Role::Finder, Role::Reporter]);
    let vendor = RoleSet::of(&[Role::Vendor]);
    let start = reporter.start_state();
    let mut group = c.benchmark_group("message");
    group.bench_function("send RS", |b| {
        b.iter(|| {
            send(
                black_box(MessageType::RS),
                black_box(start),
                reporter,
                options,
            )
        })
    });
    group.bench_function("receive RS (vendor)", |b| {
        b.iter(|| {
            receive(
                black_box(MessageType::RS),
                black_box(ProtocolState::START),
                vendor,
                options,
            )
        })
    });
    group.finish();
}

fn histories(c: &mut Criterion) {
    c.bench_function("History::all (70)", |b| b.iter(History::all));
}

/// The benchmark group. `criterion_group!` defines a public function without docs;
/// inside this private module it is not part of any public surface, so the crate's
/// `missing_docs = "deny"` accepts it.
mod group {
    criterion::criterion_group!(
        benches,
        super::transitions,
        super::allowed,
        super::messages,
        super::histories
    );
}

criterion_main!(group::benches);
