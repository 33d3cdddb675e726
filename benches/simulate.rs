//! Simulated cases per second: the five-vendor case of docs/simulation.md (one
//! vendor never answers; a coordinator; leaks, exploits and attacks as daily
//! hazards) under cert-cc, one whole run per iteration, on one core.
//!
//! `cargo bench --features simulate --bench simulate` (add `-- --quick` for a
//! short run). Criterion reports, as throughput, runs per second.
//!
//! Figures on the shared 2-core development machine (load about 1.5), after the
//! engine recomputes deadlines only for the vendors an input touched: criterion
//! 16.4k runs/s under cert-cc, 13.5k under project-zero, 11.2k under zdi.
//! Instructions (callgrind on `mpcvd simulate --runs 1000 --seed 7`, whole
//! process): 0.56M per run under cert-cc (37 inputs a run) and 0.75M under zdi
//! (51 inputs); before that change 0.78M and 1.93M, most of zdi's in deadline
//! arithmetic repeated for every vendor on every input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "bench set-up: a panic is a broken fixture, not a library crash"
)]

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use mpcvd::policy::Policy;
use mpcvd::simulate::{BehaviourModel, Simulation, run_seed};

const MODEL: &str = include_str!("../examples/behaviour/five-vendors-one-silent.json");
/// Runs per measured batch.
const BATCH: u64 = 100;

fn bench(c: &mut Criterion) {
    let model = BehaviourModel::from_json(MODEL).unwrap();
    let mut group = c.benchmark_group("simulate");
    group.throughput(Throughput::Elements(BATCH));
    for policy in ["cert-cc", "project-zero", "zdi"] {
        let sim = Simulation::new(&model, Policy::preset(policy).unwrap()).unwrap();
        let mut next = 0_u64;
        group.bench_function(format!("five-vendor/{policy}"), |b| {
            b.iter(|| {
                for _ in 0..BATCH {
                    next = next.wrapping_add(1);
                    black_box(sim.run(run_seed(1, next)));
                }
            });
        });
    }
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
