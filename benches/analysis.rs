//! Benchmarks of model analysis: building a model's graph, enumerating every history
//! with its exact f_h, the desiderata baselines and pair table, and a participant's
//! state space. Run with `cargo bench --bench analysis`.

use std::hint::black_box;

use criterion::Criterion;
use mpcvd::analysis::space::StateSpace;
use mpcvd::analysis::{ModelGraph, ProcessModel};
use mpcvd::protocol::ProtocolOptions;
use mpcvd::role::{Role, RoleSet};

fn mitigation() -> Option<ProcessModel> {
    ProcessModel::from_json(include_str!("../examples/models/mitigation.json")).ok()
}

/// Twelve events and no rules: 4,096 states, 12! histories (too many to list, but
/// the baselines come from the states, not the histories).
fn free_model(n: u8) -> Option<ProcessModel> {
    let events: Vec<String> = (0..n)
        .map(|i| {
            let letter = char::from(b'A'.saturating_add(i));
            format!(r#"{{"letter": "{letter}", "name": "event {letter}"}}"#)
        })
        .collect();
    let json = format!(
        r#"{{"name": "free", "events": [{}], "desiderata": ["A<B", "B<C", "C<A"]}}"#,
        events.join(",")
    );
    ProcessModel::from_json(&json).ok()
}

fn models(c: &mut Criterion) {
    let standard = ProcessModel::standard();
    let mut group = c.benchmark_group("standard");
    group.bench_function("graph", |b| {
        b.iter(|| ModelGraph::new(black_box(&standard)))
    });
    let graph = ModelGraph::new(&standard);
    group.bench_function("histories_with_f_h", |b| {
        b.iter(|| black_box(&graph).histories().collect::<Vec<_>>())
    });
    group.bench_function("total_frequency", |b| {
        b.iter(|| black_box(&graph).total_frequency())
    });
    group.bench_function("most_likely", |b| {
        b.iter(|| black_box(&graph).most_likely())
    });
    // A fresh graph each time, so that the state probabilities are recomputed.
    group.bench_function("baselines_from_scratch", |b| {
        b.iter(|| ModelGraph::new(black_box(&standard)).baselines())
    });
    group.bench_function("pair_table_from_scratch", |b| {
        b.iter(|| ModelGraph::new(black_box(&standard)).pair_table())
    });
    group.bench_function("load_json", |b| {
        b.iter(|| {
            ProcessModel::from_json(black_box(include_str!("../examples/models/standard.json")))
        })
    });
    group.finish();

    let mut group = c.benchmark_group("variants");
    if let Some(model) = mitigation() {
        let graph = ModelGraph::new(&model);
        group.bench_function("mitigation_histories_with_f_h", |b| {
            b.iter(|| black_box(&graph).histories().collect::<Vec<_>>())
        });
        group.bench_function("mitigation_baselines_from_scratch", |b| {
            b.iter(|| ModelGraph::new(black_box(&model)).baselines())
        });
    }
    if let Some(model) = free_model(12) {
        group.sample_size(10);
        group.bench_function("free12_baselines_from_scratch", |b| {
            b.iter(|| ModelGraph::new(black_box(&model)).baselines())
        });
    }
    group.finish();
}

fn spaces(c: &mut Criterion) {
    let mut group = c.benchmark_group("space");
    group.sample_size(20);
    for (name, roles) in [
        ("vendor", RoleSet::of(&[Role::Vendor])),
        (
            "finder_reporter",
            RoleSet::of(&[Role::Finder, Role::Reporter]),
        ),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| StateSpace::explore(black_box(roles), ProtocolOptions::default()))
        });
    }
    group.finish();
}

// `criterion_group!` would define an undocumented public function, which the
// crate's `missing_docs = "deny"` refuses; this is what the two macros expand to.
fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    models(&mut criterion);
    spaces(&mut criterion);
    criterion.final_summary();
}
