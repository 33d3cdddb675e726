//! The typestate layer costs nothing at run time. Each benchmark takes a report
//! from `Start` to `Closed` along the same path (receive, validate, accept, defer,
//! accept, close): once through the typed API and once through the runtime table
//! look-ups, and the vendor fix path likewise.
//!
//! The typed wrappers are zero-sized and their methods only change a type
//! parameter, so a typed chain compiles to the constant it ends in; the runtime
//! chain performs one table look-up per step. `cargo bench --bench typed` (add
//! `-- --quick` for a short run).

use std::hint::black_box;

use criterion::{Criterion, criterion_main};
use mpcvd::cs::{CsEvent, Vfd};
use mpcvd::em::{EmAction, EmState};
use mpcvd::rm::{RmAction, RmState};
use mpcvd::typed::{Embargo, FixStatus, Report};

/// The typed chain; `#[inline(never)]` keeps it a real function to call.
#[inline(never)]
fn typed_report() -> RmState {
    let report = Report::new().receive().validate().accept().defer().accept();
    RmState::from(black_box(report).close())
}

#[inline(never)]
fn runtime_report(start: RmState) -> Result<RmState, mpcvd::rm::RmError> {
    start
        .apply(RmAction::Receive)?
        .apply(RmAction::Validate)?
        .apply(RmAction::Accept)?
        .apply(RmAction::Defer)?
        .apply(RmAction::Accept)?
        .apply(RmAction::Close)
}

#[inline(never)]
fn typed_fix() -> Vfd {
    let report = Report::new().receive().validate().accept();
    Vfd::from(FixStatus::new().become_aware().fix(&report).deploy(&report))
}

#[inline(never)]
fn runtime_fix(start: Vfd) -> Option<Vfd> {
    start
        .after(CsEvent::VendorAware)?
        .after(CsEvent::FixReady)?
        .after(CsEvent::FixDeployed)
}

#[inline(never)]
fn typed_embargo() -> EmState {
    let embargo = Embargo::new().propose().accept().propose_revision();
    EmState::from(black_box(embargo).accept_revision().terminate())
}

#[inline(never)]
fn runtime_embargo(start: EmState) -> Result<EmState, mpcvd::em::EmError> {
    start
        .apply(EmAction::Propose)?
        .apply(EmAction::Accept)?
        .apply(EmAction::Propose)?
        .apply(EmAction::Accept)?
        .apply(EmAction::Terminate)
}

fn chains(c: &mut Criterion) {
    assert_eq!(core::mem::size_of::<Report<mpcvd::typed::Accepted>>(), 0);
    assert_eq!(
        typed_report(),
        runtime_report(RmState::Start)
            .ok()
            .unwrap_or(RmState::Start)
    );
    let mut group = c.benchmark_group("rm start→closed (6 steps)");
    group.bench_function("typed", |b| b.iter(typed_report));
    group.bench_function("runtime", |b| {
        b.iter(|| runtime_report(black_box(RmState::Start)))
    });
    group.finish();
    let mut group = c.benchmark_group("fix vfd→VFD (3 steps)");
    group.bench_function("typed", |b| b.iter(typed_fix));
    group.bench_function("runtime", |b| {
        b.iter(|| runtime_fix(black_box(Vfd::Unaware)))
    });
    group.finish();
    let mut group = c.benchmark_group("em none→exited (5 steps)");
    group.bench_function("typed", |b| b.iter(typed_embargo));
    group.bench_function("runtime", |b| {
        b.iter(|| runtime_embargo(black_box(EmState::None)))
    });
    group.finish();
}

/// The benchmark group. `criterion_group!` defines a public function without docs;
/// inside this private module it is not part of any public surface.
mod group {
    criterion::criterion_group!(benches, super::chains);
}

criterion_main!(group::benches);
