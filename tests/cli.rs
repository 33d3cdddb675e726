//! The `mpcvd` binary: JSON shapes and values of `model`, `skill` and `space`,
//! `--model` variants, human tables, and errors with non-zero exit status.
#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    reason = "test code: a panic is a failed assertion"
)]

use std::process::{Command, Output};

use serde_json::Value;

fn mpcvd(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mpcvd"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = mpcvd(&all);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn text(args: &[&str]) -> String {
    let out = mpcvd(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `"p/q"` → (p, q), checking it is reduced.
fn frac(v: &Value) -> (u128, u128) {
    let (p, q) = v.as_str().unwrap().split_once('/').unwrap();
    let (p, q): (u128, u128) = (p.parse().unwrap(), q.parse().unwrap());
    assert_eq!(gcd(p, q), 1, "{p}/{q} is not reduced");
    (p, q)
}

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn approx(v: &Value) -> f64 {
    let (p, q) = frac(v);
    p as f64 / q as f64
}

#[test]
fn model_states() {
    let v = json(&["model", "states"]);
    let states = v["states"].as_array().unwrap();
    assert_eq!(states.len(), 32);
    assert_eq!(states[0], "vfdpxa");
    assert!(states.contains(&Value::from("VFDPXA")));
    // D ⇒ F ⇒ V (reference §3): no `vF` and no `fD`.
    for s in states {
        let s = s.as_str().unwrap();
        assert!(!s.starts_with("vF") && !s[1..].starts_with("fD"), "{s}");
    }
}

#[test]
fn model_edges() {
    let v = json(&["model", "edges"]);
    let edges = v["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 58);
    let first = serde_json::json!({"from": "vfdpxa", "event": "V", "to": "Vfdpxa"});
    assert!(edges.contains(&first));
    for e in edges {
        let (from, event, to) = (
            e["from"].as_str().unwrap(),
            e["event"].as_str().unwrap(),
            e["to"].as_str().unwrap(),
        );
        // `to` is `from` with the event's letter raised.
        let expected: String = from
            .chars()
            .map(|c| {
                if c.to_ascii_uppercase().to_string() == event {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect();
        assert_eq!(to, expected);
    }
}

#[test]
fn model_histories() {
    let v = json(&["model", "histories"]);
    let list = v["histories"].as_array().unwrap();
    assert_eq!(list.len(), 70);
    // Σ f_h = 1, summed here from the printed fractions.
    let (mut p, mut q) = (0u128, 1u128);
    for h in list {
        let events = h["events"].as_str().unwrap();
        let mut sorted: Vec<char> = events.chars().collect();
        sorted.sort();
        assert_eq!(sorted.iter().collect::<String>(), "ADFPVX");
        let (a, b) = frac(&h["frequency"]);
        (p, q) = (p * b + a * q, q * b);
        let g = gcd(p, q);
        (p, q) = (p / g, q / g);
    }
    assert_eq!((p, q), (1, 1));
    assert_eq!(v["total"], "1/1");
    assert_eq!(v["most_likely"]["histories"], serde_json::json!(["XPVAFD"]));
    assert_eq!(v["most_likely"]["frequency"], "1/8");
    let sorted = json(&["model", "histories", "--by-frequency"]);
    assert_eq!(sorted["histories"][0]["events"], "XPVAFD");
}

#[test]
fn model_desiderata() {
    let v = json(&["model", "desiderata"]);
    let list = v["desiderata"].as_array().unwrap();
    let names: Vec<&str> = list.iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "V<P", "V<X", "V<A", "F<P", "F<X", "F<A", "D<P", "D<X", "D<A", "P<X", "P<A", "X<A"
        ]
    );
    // Published to 3 places (reference §4); D<A exactly 3/16.
    let published = [
        0.333, 0.667, 0.750, 0.111, 0.333, 0.375, 0.037, 0.167, 0.187, 0.5, 0.667, 0.5,
    ];
    for (d, p) in list.iter().zip(published) {
        assert!((approx(&d["baseline"]) - p).abs() <= 0.0005 + 1e-12, "{d}");
    }
    assert_eq!(list[8]["baseline"], "3/16");
    let table = text(&["model", "desiderata"]);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("D<A") && l.contains("3/16") && l.contains("0.188"))
    );
}

#[test]
fn model_pairs_and_show() {
    let v = json(&["model", "pairs"]);
    assert_eq!(
        v["events"],
        serde_json::json!(["V", "F", "D", "P", "X", "A"])
    );
    // Row A, column D: 1 − 3/16.
    assert_eq!(v["table"][5][2], "13/16");
    let shown = json(&["model", "show"]);
    assert_eq!(shown["forcing"][0]["pattern"], "v..P..");
    // The human form of `show` is the same JSON, ready to save and edit.
    let parsed: Value = serde_json::from_str(&text(&["model", "show"])).unwrap();
    assert_eq!(parsed, shown);
}

#[test]
fn model_variants() {
    let m = "examples/models/mitigation.json";
    let states = json(&["model", "states", "--model", m]);
    assert!(
        states["states"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s.as_str().unwrap().len() == 7)
    );
    assert_eq!(states["model"], "mitigation");
    let d = json(&["model", "--model", m, "desiderata"]);
    let names: Vec<&str> = d["desiderata"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(&names[12..], ["M<P", "M<X", "M<A"]);
    let n = json(&[
        "model",
        "edges",
        "--model",
        "examples/models/no-public-forces-vendor.json",
    ]);
    let edges = n["edges"].as_array().unwrap();
    // Without the rule, `vfdPxa` allows V, X and A.
    let from_public: Vec<&str> = edges
        .iter()
        .filter(|e| e["from"] == "vfdPxa")
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(from_public, ["V", "X", "A"]);
}

#[test]
fn skill_from_dated_rows() {
    let v = json(&["skill", "--observed", "examples/data/observed.csv"]);
    assert_eq!(v["source"]["cases"], 8);
    assert_eq!(v["ignored_columns"], serde_json::json!(["notes"]));
    let fp = v["desiderata"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "F<P")
        .unwrap();
    // Counted by hand in tests/analysis_skill.rs: 5 of 6; α = 13/16.
    assert_eq!(fp["satisfied"], 5);
    assert_eq!(fp["decided"], 6);
    assert_eq!(fp["observed"], "5/6");
    assert_eq!(fp["alpha"], "13/16");
    let holds = json(&[
        "skill",
        "--observed",
        "examples/data/observed.csv",
        "--ties",
        "holds",
    ]);
    assert_eq!(holds["desiderata"][3]["satisfied"], 6);
    assert_eq!(holds["rules"]["ties"], "holds");
    let unknown = json(&[
        "skill",
        "--observed",
        "examples/data/observed.csv",
        "--missing",
        "unknown",
    ]);
    assert_eq!(unknown["desiderata"][3]["decided"], 5);
}

#[test]
fn skill_from_counts_and_histories() {
    // Microsoft 2017–2020 (reference §4): (2610 − 2694/9) / (8/9 · 2694) = 1733/1796.
    let v = json(&["skill", "--count", "F<P=2610/2694"]);
    assert_eq!(v["desiderata"][0]["alpha"], "1733/1796");
    assert_eq!(v["desiderata"][0]["baseline"], "1/9");
    let dir = std::env::temp_dir().join(format!("mpcvd-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("histories.txt");
    std::fs::write(&file, "VFDPXA\nXPVAFD\n").unwrap();
    let h = json(&["skill", "--histories", file.to_str().unwrap()]);
    let dp = &h["desiderata"][6];
    assert_eq!(dp["name"], "D<P");
    assert_eq!(
        (dp["satisfied"].as_u64(), dp["decided"].as_u64()),
        (Some(1), Some(2))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn space_per_role() {
    let v = json(&["space", "--role", "vendor"]);
    assert_eq!(v["roles"], serde_json::json!(["vendor"]));
    let states = v["states"].as_u64().unwrap();
    let expected = mpcvd::analysis::space::StateSpace::explore(
        "vendor".parse().unwrap(),
        mpcvd::protocol::ProtocolOptions::default(),
    )
    .state_count();
    assert_eq!(states, expected as u64);
    let other = json(&["space", "--role", "other", "--list"]);
    let list = other["list"].as_array().unwrap();
    assert_eq!(list.len() as u64, other["states"].as_u64().unwrap());
    assert!(list.iter().all(|q| q.as_str().unwrap().contains("vfd")));
    let all = json(&["space"]);
    assert_eq!(all["spaces"].as_array().unwrap().len(), 6);
    assert_eq!(
        all["spaces"][3]["roles"],
        serde_json::json!(["finder", "reporter"])
    );
}

#[test]
fn errors_exit_non_zero_with_a_message() {
    let out = mpcvd(&["skill", "--observed", "no/such/file.csv", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read `no/such/file.csv`"));

    let dir = std::env::temp_dir().join(format!("mpcvd-cli-err-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("cyclic.json");
    std::fs::write(
        &bad,
        r#"{"name": "c", "events": [{"letter": "A", "name": "a"}, {"letter": "B", "name": "b"}],
            "orderings": ["A<B", "B<A"]}"#,
    )
    .unwrap();
    let out = mpcvd(&["model", "states", "--model", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the orderings are cyclic: A<B<A"));

    let csv = dir.join("bad.csv");
    std::fs::write(&csv, "V,P\n2020-01-01,soon\n").unwrap();
    let out = mpcvd(&["skill", "--observed", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("line 2: column `P`: `soon` is not a date")
    );
    std::fs::remove_dir_all(&dir).unwrap();

    let out = mpcvd(&["space", "--role", "vendor+ninja"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a role set"));
    let out = mpcvd(&["skill", "--count", "F<Q=1/2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown event `Q`"));
    let out = mpcvd(&[
        "skill",
        "--count",
        "F<P=1/2",
        "--observed",
        "examples/data/observed.csv",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn model_histories_counts_first_and_refuses_above_the_limit() {
    // The standard model has 70 histories: 69 is refused (exit 2, naming the option
    // that raises the limit), 70 is listed.
    let out = mpcvd(&["model", "histories", "--max-histories", "69"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("70 complete histories") && err.contains("--max-histories"),
        "{err}"
    );
    let v = json(&["model", "histories", "--max-histories", "70"]);
    assert_eq!(v["count"], 70);
    assert_eq!(v["histories"].as_array().unwrap().len(), 70);
    // The count comes first in the text form too.
    let t = text(&["model", "histories"]);
    assert!(
        t.lines()
            .nth(2)
            .unwrap()
            .starts_with("70 histories; Σ f_h = 1/1"),
        "{t}"
    );

    // A loose 16-event variant: 16!/4 histories, refused at the default limit in
    // well under a second; its baselines are computed without listing.
    let dir = std::env::temp_dir().join(format!("mpcvd-loose16-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("loose16.json");
    let events: Vec<String> = "ABCDEFGHIJKLMNOP"
        .chars()
        .map(|c| format!(r#"{{"letter": "{c}", "name": "event {c}"}}"#))
        .collect();
    std::fs::write(
        &file,
        format!(
            r#"{{"name": "loose16", "events": [{}], "orderings": ["A<B", "C<D"], "forcing": [], "desiderata": ["A<P", "B<C"]}}"#,
            events.join(", ")
        ),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let out = mpcvd(&["model", "--model", path, "histories"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("5230697472000 complete histories"));
    let d = json(&["model", "--model", path, "desiderata"]);
    assert_eq!(d["desiderata"][1]["baseline"], "1/4");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn skill_reads_excel_csv_and_reports_forbidden_rows() {
    let dir = std::env::temp_dir().join(format!("mpcvd-cli-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("excel.csv");
    std::fs::write(
        &file,
        "\u{feff}V,F,P,id,note\r\n\
         2021-01-01,2021-01-05,2021-01-10,c1,\"two\nlines\"\r\n\
         2021-02-05,2021-02-01,2021-02-10,c2,fix before vendor\r\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    // The byte-order mark does not hide the first column (V): V<P is decided by both.
    let v = json(&["skill", "--observed", path]);
    assert_eq!(v["source"]["cases"], 2);
    let vp = v["desiderata"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "V<P")
        .unwrap();
    assert_eq!(vp["decided"], 2);
    let warnings = v["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .as_str()
            .unwrap()
            .contains("c2: `F` cannot happen in state `vfdpxa`")
    );
    let out = mpcvd(&["skill", "--observed", path]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("mpcvd: warning:"));
    // --strict refuses: a check found something (exit 1), nothing on stdout.
    let out = mpcvd(&["skill", "--observed", path, "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--strict: 1 observation(s)"));
    std::fs::remove_dir_all(&dir).unwrap();
}
