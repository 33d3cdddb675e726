//! Benchmarks of the multi-party explorer: whole explorations of the three- and
//! four-party configurations, unreduced and with each reduction (states per second
//! = states ÷ time per iteration; criterion reports it as throughput), and the
//! Promela export. Then one timed run each of the large star cases (finder+reporter,
//! coordinator and three or four vendors, duties, bound 1) with symmetry
//! reduction, printing states, time, peak memory and whether the search completed
//! within the default state budget. Run with `cargo bench --bench explore`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use mpcvd::analysis::explore::{DEFAULT_BUDGET, ExploreConfig, Topology, explore};
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
        let c = c.with_topology(Topology::Star).with_duties();
        out.push(("four_party_star_duties", c.clone()));
        out.push((
            "four_party_star_duties_symmetry",
            c.clone().with_symmetry(true),
        ));
        out.push(("four_party_star_duties_por", c.clone().with_por(true)));
        out.push((
            "four_party_star_duties_symmetry_por",
            c.with_symmetry(true).with_por(true),
        ));
    }
    out
}

/// The process's peak resident set so far (Linux: `VmHWM` in /proc/self/status).
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// One timed run each of the large star cases, with symmetry reduction.
fn large() {
    let coordinator = RoleSet::of(&[Role::Coordinator]);
    let vendor = RoleSet::of(&[Role::Vendor]);
    for vendors in [3usize, 4] {
        let mut parties = vec![reporter(), coordinator];
        parties.extend(std::iter::repeat_n(vendor, vendors));
        let Ok(config) = ExploreConfig::new(parties) else {
            continue;
        };
        // Three vendors: 5,646,283 orbits, just above the default budget.
        let budget = if vendors == 3 {
            6_000_000
        } else {
            DEFAULT_BUDGET
        };
        let Ok(config) = config.with_budget(budget) else {
            continue;
        };
        let config = config
            .with_topology(Topology::Star)
            .with_duties()
            .with_symmetry(true);
        let started = Instant::now();
        let Ok(found) = explore(&config) else {
            continue;
        };
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "explore/large: finder+reporter, coordinator, {vendors} vendors (star, duties, bound 1, symmetry): {} states, {} in {seconds:.1} s, peak memory so far {}",
            found.states,
            if found.complete {
                "complete".to_owned()
            } else {
                format!("stopped at the {}-state budget", config.budget())
            },
            peak_memory()
        );
    }
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
    for (name, config) in configurations()
        .into_iter()
        .filter(|(_, c)| !c.symmetry() && !c.por())
    {
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
    large();
}
