//! The simulator: determinism, a degenerate model worked out by hand, the
//! cross-check against the exact analysis, and bad behaviour files refused with
//! the field path.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss,
    reason = "tests: a panic is a failed assertion"
)]

use std::collections::HashMap;

use mpcvd::analysis::desiderata::holds;
use mpcvd::analysis::{ModelGraph, ProcessModel};
use mpcvd::cs::CsEvent::{FixDeployed as D, FixReady as F, PublicAware as P, VendorAware as V};
use mpcvd::policy::Policy;
use mpcvd::simulate::indifference::Walk;
use mpcvd::simulate::summary::{Rate, Z99};
use mpcvd::simulate::{BehaviourModel, EmbargoFate, Simulation, Tally, run_seed};

const FIVE_ONE_SILENT: &str = include_str!("../examples/behaviour/five-vendors-one-silent.json");

fn summary_json(policy: &str, seed: u64, runs: u64) -> String {
    let model = BehaviourModel::from_json(FIVE_ONE_SILENT).unwrap();
    let sim = Simulation::new(&model, Policy::preset(policy).unwrap()).unwrap();
    let mut tally = Tally::default();
    for i in 0..runs {
        tally.add(&sim.run(run_seed(seed, i)));
    }
    serde_json::to_string(&tally.summary(policy)).unwrap()
}

#[test]
fn same_seed_same_output_different_seeds_differ() {
    for policy in ["cert-cc", "project-zero", "zdi"] {
        let a = summary_json(policy, 7, 200);
        assert_eq!(
            a,
            summary_json(policy, 7, 200),
            "{policy}: same seed, same bytes"
        );
        assert_ne!(
            a,
            summary_json(policy, 8, 200),
            "{policy}: another seed differs"
        );
    }
}

/// One vendor, a coordinator, fixed delays, no hazards, the protocol-only policy:
/// - day 0: the finder reports to the coordinator;
/// - day 2: the coordinator validates; day 3 it accepts, proposes a 90-day
///   embargo (no policy deadline) and sends the report to `v1` (V at 3);
/// - day 4: the finder (accept delay 1) accepts the embargo: in force;
/// - day 5: `v1` validates, day 6 accepts; its fix is ready at 6 + 10 = 16 (F);
/// - day 16: every vendor has a fix, so the coordinator ends the embargo (ET)
///   and publishes (P at 16);
/// - day 21: `v1` deploys (D at 16 + 5).
#[test]
fn degenerate_model_worked_out_by_hand() {
    let model = BehaviourModel::from_json(
        r#"{
          "shape": { "vendors": 1, "coordinator": true },
          "defaults": {
            "acknowledge": { "fixed": 1 }, "validate": { "fixed": 2 }, "accept": { "fixed": 1 },
            "fix": { "fixed": 10 }, "deploy": { "fixed": 5 }
          }
        }"#,
    )
    .unwrap();
    let sim = Simulation::new(&model, Policy::default()).unwrap();
    for seed in [0, 1, 99] {
        let o = sim.run(seed);
        let got: Vec<(char, f64)> = o
            .history
            .iter()
            .map(|h| (h.event.letter(), h.day))
            .collect();
        assert_eq!(
            got,
            [('V', 3.0), ('F', 16.0), ('P', 16.0), ('D', 21.0)],
            "seed {seed}"
        );
        assert_eq!(o.vendors[0].events, [V, F, P, D]);
        assert_eq!(o.days_to_publication, Some(16.0));
        assert!(o.every_vendor_reached);
        assert_eq!(o.embargo, EmbargoFate::Terminated);
        // V<P V<X V<A F<P F<X F<A D<P D<X D<A P<X P<A X<A
        let expected = [
            Some(true),
            Some(true),
            Some(true),
            Some(true),
            Some(true),
            Some(true),
            Some(false),
            Some(true),
            Some(true),
            Some(true),
            Some(true),
            None,
        ];
        assert_eq!(o.vendors[0].desiderata, expected);
        assert!(o.refusals.is_empty(), "{:?}", o.refusals);
    }
}

/// `z` for 99% intervals held jointly by up to 100 comparisons (Bonferroni:
/// two-sided 1 − 0.01/100). The standard model has 70 histories and 12
/// desiderata; at a plain 99% per comparison about 0.8 of the 82 would fall
/// outside by chance alone (seed 2026: 2 do), so the family-wise level is used.
const Z99_FAMILY: f64 = 3.890_591_886_413_094;

/// Under indifference, the engine-driven walk's history frequencies and
/// desiderata rates match the exact `f_h` and `f_d`: each exact value inside the
/// 99% Wilson interval (family-wise, see [`Z99_FAMILY`]) of its simulated count,
/// at N = 100,000, and the histories together pass a χ² goodness-of-fit test at
/// the 1% level.
fn cross_check(path: &str, seed: u64) {
    const N: u64 = 100_000;
    let model = ProcessModel::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let graph = ModelGraph::new(&model);
    let walk = Walk::new(&model).unwrap();
    let mut counts: HashMap<Vec<_>, u64> = HashMap::new();
    let mut held = vec![0_u64; model.desiderata().len()];
    for i in 0..N {
        let history = walk.run(run_seed(seed, i)).unwrap();
        for (cell, &d) in held.iter_mut().zip(model.desiderata()) {
            *cell += u64::from(holds(&history, d));
        }
        *counts.entry(history).or_insert(0) += 1;
    }
    let mut outside = Vec::new();
    let mut total = 0.0;
    let (mut chi2, mut cells) = (0.0, 0_u32);
    for h in graph.histories() {
        let f = h.frequency.to_f64();
        total += f;
        let n = counts.remove(&h.events).unwrap_or(0);
        let expected = f * N as f64;
        chi2 += (n as f64 - expected).powi(2) / expected;
        cells += 1;
        let r = Rate::wilson(n, N, Z99_FAMILY);
        if !(r.low..=r.high).contains(&f) {
            outside.push(format!(
                "{} f_h={f:.5} sim={:.5}",
                model.sequence_text(&h.events),
                r.rate
            ));
        }
    }
    assert!((total - 1.0).abs() < 1e-9);
    assert!(
        counts.is_empty(),
        "{path}: histories the model does not have: {counts:?}"
    );
    for (b, &n) in graph.baselines().unwrap().iter().zip(&held) {
        let r = Rate::wilson(n, N, Z99_FAMILY);
        let f = b.baseline.to_f64();
        if !(r.low..=r.high).contains(&f) {
            outside.push(format!("{} f_d={f:.5} sim={:.5}", b.name, r.rate));
        }
    }
    assert!(
        outside.is_empty(),
        "{path}: outside the 99% interval: {outside:?}"
    );
    // χ² with cells − 1 degrees of freedom; its 99th percentile by the
    // Wilson–Hilferty approximation.
    let k = f64::from(cells - 1);
    let critical = k * (1.0 - 2.0 / (9.0 * k) + Z99 * (2.0 / (9.0 * k)).sqrt()).powi(3);
    assert!(
        chi2 < critical,
        "{path}: χ² = {chi2:.1} ≥ {critical:.1} ({cells} histories)"
    );
}

#[test]
fn indifference_matches_exact_standard_model() {
    cross_check("examples/models/standard.json", 2026);
}

#[test]
fn indifference_matches_exact_variant_model() {
    cross_check("examples/models/no-public-forces-vendor.json", 2026);
}

fn refused(json: &str) -> (String, String) {
    let e = BehaviourModel::from_json(json).unwrap_err();
    (e.path, e.message)
}

#[test]
fn bad_behaviour_files_are_refused_with_the_field_path() {
    let cases = [
        (
            r#"{"shape":{"vendors":2},"roles":{"vendor":{"fix":{"fixed":-3}}}}"#,
            "roles.vendor.fix",
            "≥ 0",
        ),
        (
            r#"{"shape":{"vendors":2},"defaults":{"validate":{"exponential":{"mean":-1}}}}"#,
            "defaults.validate",
            "`mean`",
        ),
        (
            r#"{"shape":{"vendors":2},"participants":{"v2":{"never_answers":1.5}}}"#,
            "participants.v2.never_answers",
            "[0, 1]",
        ),
        (
            r#"{"shape":{"vendors":2},"hazards":{"leak":2}}"#,
            "hazards.leak",
            "[0, 1]",
        ),
        (
            r#"{"shape":{"vendors":2},"roles":{"vendr":{}}}"#,
            "roles.vendr",
            "unknown role `vendr`",
        ),
        (
            r#"{"shape":{"vendors":2},"participants":{"v9":{}}}"#,
            "participants.v9",
            "no participant `v9`",
        ),
        (
            r#"{"shape":{"vendors":2},"roles":{"vendor":{"deploy":{"uniform":{"low":5,"high":1}}}}}"#,
            "roles.vendor.deploy",
            "above `high`",
        ),
        (
            r#"{"shape":{"vendors":2},"defaults":{"fix":{"empirical":[]}}}"#,
            "defaults.fix",
            "at least one value",
        ),
        (r#"{"shape":{"vendors":0}}"#, "shape.vendors", "between 1"),
        (
            r#"{"shape":{"vendors":2},"speed":1}"#,
            "speed",
            "unknown field",
        ),
    ];
    for (json, path, says) in cases {
        let (got_path, message) = refused(json);
        assert!(
            got_path == path || got_path.starts_with(&format!("{path}.")),
            "{json}: path `{got_path}`, expected `{path}` ({message})"
        );
        assert!(
            message.contains(says),
            "{json}: `{message}` should mention `{says}`"
        );
    }
}

/// A supply chain: the coordinator tells only `v1` first; `v2` and `v3` hear once
/// `v1` accepts (fixed delays: coordinator accepts at day 3, `v1` validates at 5
/// and accepts at 6). The coordinator publishes once every fix is ready.
#[test]
fn supply_chain_and_deployer_shape() {
    let model = BehaviourModel::from_json(
        r#"{
          "shape": { "vendors": 3, "coordinator": true, "supply_chain": true, "deployer": true },
          "defaults": {
            "acknowledge": { "fixed": 1 }, "validate": { "fixed": 2 }, "accept": { "fixed": 1 },
            "fix": { "fixed": 10 }, "deploy": { "fixed": 5 }
          }
        }"#,
    )
    .unwrap();
    let sim = Simulation::new(&model, Policy::default()).unwrap();
    let o = sim.run(5);
    let v: Vec<(String, f64)> = o
        .history
        .iter()
        .filter(|h| h.event == V)
        .map(|h| (h.vendor.clone().unwrap(), h.day))
        .collect();
    assert_eq!(
        v,
        [
            ("v1".to_owned(), 3.0),
            ("v2".to_owned(), 6.0),
            ("v3".to_owned(), 6.0)
        ]
    );
    // Fixes: v1 at 6 + 10, v2 and v3 at 9 + 10; publication when the last is ready.
    assert_eq!(o.days_to_publication, Some(19.0));
    assert!(o.every_vendor_reached);
}

/// With a coordinator that never answers, the report never reaches a vendor and
/// nothing is published: the run stops at the horizon with no V at all.
#[test]
fn a_silent_coordinator_reaches_no_one() {
    let model = BehaviourModel::from_json(
        r#"{ "shape": { "vendors": 2 }, "roles": { "coordinator": { "never_answers": 1 } },
             "horizon_days": 100 }"#,
    )
    .unwrap();
    let o = Simulation::new(&model, Policy::preset("cert-cc").unwrap())
        .unwrap()
        .run(1);
    assert!(o.history.is_empty(), "{:?}", o.history);
    assert_eq!(o.days_to_publication, None);
    assert_eq!(o.embargo, EmbargoFate::Never);
}
