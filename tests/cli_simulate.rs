//! `mpcvd simulate`: one JSON object with the policies side by side, the same
//! bytes for the same seed, an SVG plot, and exit status 2 for a bad model or an
//! unknown policy.
#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    reason = "test code: a panic is a failed assertion"
)]

use std::process::{Command, Output};

use serde_json::Value;

const MODEL: &str = "examples/behaviour/five-vendors-one-silent.json";

fn mpcvd(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mpcvd"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn simulate(seed: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "simulate", "--model", MODEL, "--policy", "cert-cc", "--policy", "zdi", "--runs", "50",
        "--seed", seed,
    ];
    args.extend_from_slice(extra);
    mpcvd(&args)
}

#[test]
fn json_has_every_policy_and_is_the_same_for_the_same_seed() {
    let a = simulate("3", &["--json"]);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!(a.stdout, simulate("3", &["--json"]).stdout);
    assert_ne!(a.stdout, simulate("4", &["--json"]).stdout);
    let v: Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["runs"], 50);
    let policies = v["policies"].as_array().unwrap();
    assert_eq!(policies.len(), 2);
    assert_eq!(policies[0]["policy"], "cert-cc");
    assert_eq!(policies[1]["policy"], "zdi");
    for p in policies {
        assert_eq!(p["desiderata"].as_array().unwrap().len(), 12);
        assert_eq!(p["desiderata"][0]["name"], "V<P");
        assert!(p["failures"]["embargo_broken"]["rate"].is_number());
        assert!(p["days"]["p50"].as_f64().unwrap() > 0.0);
    }
}

#[test]
fn text_table_and_plot() {
    let dir = std::env::temp_dir().join(format!("mpcvd-sim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let svg = dir.join("plot.svg");
    let out = simulate("1", &["--plot", svg.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("desideratum"), "{text}");
    assert!(text.contains("days to publication"), "{text}");
    let plot = std::fs::read_to_string(&svg).unwrap();
    assert!(plot.starts_with("<svg"), "{plot}");
    assert!(plot.contains("cert-cc") && plot.contains("zdi"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_model_and_unknown_policy_exit_2() {
    let dir = std::env::temp_dir().join(format!("mpcvd-sim-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"shape":{"vendors":2},"hazards":{"leak":1.5}}"#).unwrap();
    let out = mpcvd(&[
        "simulate",
        "--model",
        bad.to_str().unwrap(),
        "--policy",
        "cert-cc",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("hazards.leak"), "{err}");
    let out = mpcvd(&["simulate", "--model", MODEL, "--policy", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown policy"));
    std::fs::remove_dir_all(&dir).unwrap();
}
