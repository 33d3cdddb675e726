//! Benchmarks of the multi-party explorer: whole explorations of the three- and
//! four-party configurations (states per second = states ÷ time per iteration;
//! criterion reports it as throughput), and the Promela export. Run with
//! `cargo bench --bench explore`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use mpcvd::analysis::explore::{ExploreConfig, Topology, explore};
use mpcvd::export::promela;
use mpcvd::role::{Role, RoleSet};

fn reporter() -> RoleSet {
    RoleSet::of(&[Role::Finder, Role::Reporter])
}

fn configurations() -> Vec<(&'static str, ExploreConfig)> {
    let coordinator = RoleSet::of(&[Role::Coordinator]);
    let vendor = RoleSet::of(&[Role::Vendor]);
    let mut out = Vec::new();
    if let Ok(c) = ExploreConfig::new(vec![reporter(), vendor]) {
        out.push(("two_party_all_statements", c));
    }
    if let Ok(c) = ExploreConfig::new(vec![reporter(), coordinator, vendor]) {
        out.push(("three_party_duties", c.with_duties()));
    }
    if let Ok(c) = ExploreConfig::new(vec![reporter(), coordinator, vendor, vendor]) {
        out.push((
            "four_party_star_duties",
            c.with_topology(Topology::Star).with_duties(),
        ));
    }
    out
}

fn explorations(c: &mut Criterion) {
    let mut group = c.benchmark_group("explore");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for (name, config) in configurations() {
        let states = explore(&config).map_or(0, |e| e.states);
        // Throughput in "elements" = states found per exploration.
        group.throughput(Throughput::Elements(u64::try_from(states).unwrap_or(0)));
        group.bench_function(name, |b| b.iter(|| explore(black_box(&config))));
    }
    group.finish();
    let mut group = c.benchmark_group("promela");
    for (name, config) in configurations() {
        group.bench_function(name, |b| b.iter(|| promela(black_box(&config))));
    }
    group.finish();
}

// `criterion_group!` would define an undocumented public function, which the
// crate's `missing_docs = "deny"` refuses; this is what the two macros expand to.
fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    explorations(&mut criterion);
    criterion.final_summary();
}
