//! `mpcvd explore` and `mpcvd export`: the JSON object the issue specifies, the same
//! numbers as the library, counterexamples in the table, and errors with a
//! non-zero exit status.
#![cfg(feature = "cli")]

use std::process::{Command, Output};

use mpcvd::analysis::explore::{ExploreConfig, Guards, explore};
use mpcvd::role::RoleSet;
use serde_json::Value;

fn mpcvd(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mpcvd"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run mpcvd")
}

fn ok(args: &[&str]) -> String {
    let out = mpcvd(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Runs a command that must exit 1: a check found something (here an invariant
/// violated), with its findings on standard output.
fn found(args: &[&str]) -> String {
    let out = mpcvd(args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn parties(text: &str) -> Vec<RoleSet> {
    text.split(',').map(|p| p.parse().expect("roles")).collect()
}

#[test]
fn explore_json_matches_the_library() {
    let out = ok(&[
        "explore",
        "--participants",
        "finder+reporter,vendor",
        "--duties",
        "--channel-bound",
        "2",
        "--json",
    ]);
    let value: Value = serde_json::from_str(&out).expect("one JSON object");
    let config = ExploreConfig::new(parties("finder+reporter,vendor"))
        .and_then(|c| c.with_channel_bound(2))
        .expect("config")
        .with_duties();
    let native = explore(&config).expect("explore");
    assert_eq!(value["states"], native.states);
    assert_eq!(value["transitions"], native.transitions);
    assert_eq!(value["max_depth"], native.max_depth);
    assert_eq!(value["violations"], Value::Array(vec![]));
    assert_eq!(value["complete"], true);
}

#[test]
fn explore_prints_a_counterexample_without_guards() {
    // Publishing under an embargo also emits its ET (issue 21): channels of two.
    let args = [
        "explore",
        "--participants",
        "finder+reporter,vendor",
        "--no-guards",
        "--channel-bound",
        "2",
        "--budget",
        "50000",
    ];
    // A violation is a finding: exit 1 (the CLI's rule), in both forms.
    let out = found(&args);
    assert!(out.contains("VIOLATED publish-under-embargo"), "{out}");
    assert!(out.contains("p0 (finder+reporter) sends EP"), "{out}");
    let mut with_json = args.to_vec();
    with_json.push("--json");
    let json: Value = serde_json::from_str(&found(&with_json)).expect("json");
    let native = explore(
        &ExploreConfig::new(parties("finder+reporter,vendor"))
            .and_then(|c| c.with_channel_bound(2))
            .and_then(|c| c.with_budget(50_000))
            .expect("config")
            .with_guards(Guards::NONE),
    )
    .expect("explore");
    assert_eq!(
        json["violations"][0]["trace"].as_array().map(Vec::len),
        Some(native.violations[0].trace.len())
    );
}

#[test]
fn explore_reports_an_exhausted_budget() {
    let out = ok(&[
        "explore",
        "--participants",
        "finder+reporter,vendor",
        "--budget",
        "50",
        "--json",
    ]);
    let value: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(value["complete"], false);
    assert_eq!(value["states"], 50);
}

#[test]
fn export_formats_and_machines() {
    let promela = ok(&[
        "export",
        "--format",
        "promela",
        "--participants",
        "finder+reporter,coordinator,vendor",
        "--topology",
        "star",
        "--duties",
    ]);
    assert!(promela.contains("active proctype mpcvd_case()"));
    assert!(promela.contains("chan c_1_2 = [1] of { byte };"));
    // Star: the finder and the vendor do not talk directly.
    assert!(!promela.contains("chan c_0_2"));
    let dot = ok(&["export", "--format", "dot", "--machine", "rm"]);
    assert!(dot.starts_with("digraph rm {"));
    let mermaid = ok(&["export", "--format", "mermaid"]);
    assert!(
        mermaid.contains("VfdPxa --> VFdPxa : F"),
        "cs is the default machine"
    );
    let protocol = ok(&[
        "export",
        "--format",
        "json",
        "--machine",
        "protocol",
        "--role",
        "vendor",
    ]);
    let value: Value = serde_json::from_str(&protocol).expect("json");
    assert_eq!(value["initial"]["rm"], "start");
    assert!(
        value["transitions"]
            .as_array()
            .is_some_and(|t| t.len() > 100)
    );
    let dot = ok(&[
        "export",
        "--format",
        "dot",
        "--machine",
        "protocol",
        "--role",
        "vendor",
    ]);
    assert!(
        dot.contains(r#""(S, N, vfdpxa)" -> "(R, N, Vfdpxa)" [label="?RS"];"#),
        "{dot}"
    );
}

#[test]
fn bad_options_exit_non_zero_with_a_reason() {
    let cases: &[(&[&str], &str)] = &[
        (&["explore"], "required arguments were not provided"),
        (
            &["explore", "--participants", "vendor"],
            "2 to 6 participants",
        ),
        (
            &[
                "explore",
                "--participants",
                "vendor,vendor",
                "--channel-bound",
                "9",
            ],
            "channel bound",
        ),
        (
            &["explore", "--participants", "vendor,wizard"],
            "not a role set",
        ),
        (
            &[
                "explore",
                "--participants",
                "vendor,vendor",
                "--topology",
                "ring",
            ],
            "topology",
        ),
        (&["export", "--format", "xml"], "not a format"),
        (
            &["export", "--format", "dot", "--machine", "xyz"],
            "not a machine",
        ),
        (
            &["export", "--format", "dot", "--machine", "protocol"],
            "needs --role",
        ),
        (
            &["export", "--format", "promela", "--machine", "rm"],
            "multi-party",
        ),
    ];
    for (args, reason) in cases {
        let out = mpcvd(args);
        // Bad options exit 2 (the CLI's rule).
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(reason), "{args:?}: {stderr}");
    }
}

#[test]
fn explore_exit_codes_follow_the_cli_rule() {
    // 0: explored, no invariant violated.
    let out = mpcvd(&["explore", "--participants", "finder+reporter,vendor"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("VIOLATED"));
    // 1: an invariant violated (without the guards).
    let out = mpcvd(&[
        "explore",
        "--participants",
        "finder+reporter,vendor",
        "--no-guards",
        "--channel-bound",
        "2",
        "--budget",
        "50000",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(!json["violations"].as_array().expect("list").is_empty());
    // 2: bad options: no participants, a bad role, a channel bound out of range.
    for args in [
        &["explore"][..],
        &["explore", "--participants", "vendor+ninja,vendor"],
        &[
            "explore",
            "--participants",
            "vendor,vendor",
            "--channel-bound",
            "9",
        ],
    ] {
        let out = mpcvd(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // --help shows --participants as required (not inside [OPTIONS]).
    let help = ok(&["explore", "--help"]);
    assert!(
        help.contains("Usage: mpcvd explore [OPTIONS] --participants <ROLES,ROLES,…>"),
        "{help}"
    );
}

#[test]
fn explore_draws_counterexamples_as_sequence_diagrams() {
    let args = [
        "explore",
        "--participants",
        "finder+reporter,vendor",
        "--no-guards",
        "--channel-bound",
        "2",
        "--budget",
        "50000",
        "--diagram",
    ];
    let out = found(&args);
    assert!(
        out.starts_with("sequenceDiagram\n    %% VIOLATED publish-under-embargo\n"),
        "{out}"
    );
    assert!(
        out.contains("participant p0 as p0 (finder+reporter)"),
        "{out}"
    );
    assert!(out.contains("Note over p0: 1. sends EP"), "{out}");
    assert!(out.contains("rect rgb(255, 215, 215)"), "{out}");
}

#[test]
fn explore_reductions_print_reduced_and_unreduced_counts() {
    let args = [
        "explore",
        "--participants",
        "finder+reporter,coordinator,vendor,vendor",
        "--topology",
        "star",
        "--duties",
    ];
    let config = ExploreConfig::new(parties("finder+reporter,coordinator,vendor,vendor"))
        .unwrap()
        .with_topology(mpcvd::analysis::explore::Topology::Star)
        .with_duties();
    let plain = explore(&config).unwrap();
    let reduced = explore(&config.clone().with_symmetry(true)).unwrap();
    let mut with = args.to_vec();
    with.extend(["--symmetry", "--compare", "--json"]);
    let v: Value = serde_json::from_str(&ok(&with)).unwrap();
    assert_eq!(v["states"], reduced.states);
    assert_eq!(v["unreduced"]["states"], plain.states);
    assert_eq!(
        v["reduction"]["interchangeable"],
        serde_json::json!([[2, 3]])
    );
    assert_eq!(v["unreduced"]["violations"], serde_json::json!([]));
    let mut text = args.to_vec();
    text.extend(["--symmetry", "--por", "--compare"]);
    let t = ok(&text);
    assert!(t.contains("symmetry (p2~p3); partial order ("), "{t}");
    assert!(t.contains(&plain.states.to_string()), "{t}");
    // Without a reduction the JSON has no "reduction" and --compare is refused.
    let v: Value = serde_json::from_str(&ok(&[
        "explore",
        "--participants",
        "finder+reporter,vendor",
        "--json",
    ]))
    .unwrap();
    assert!(v.get("reduction").is_none());
    let out = mpcvd(&[
        "explore",
        "--participants",
        "finder+reporter,vendor",
        "--compare",
    ]);
    assert_eq!(out.status.code(), Some(2));
}
