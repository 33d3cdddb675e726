//! `mpcvd check`: each trace is compared with its own `expect` (PASS/FAIL, a last
//! line `N passed, M failed`); one without `expect` passes when it conforms. Exit
//! status 0 when every file passes, 1 when one fails, 2 on an unreadable file;
//! `--json` gives one object with every file's deviations; `--diagram` draws.
#![cfg(feature = "cli")]

use std::path::PathBuf;
use std::process::Command;

fn mpcvd(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mpcvd"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run mpcvd");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// `tests/vectors/NAME.json` with its `expect` removed (or replaced), written to a
/// temporary file.
fn variant(name: &str, expect: Option<serde_json::Value>) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(dir.join(format!("tests/vectors/{name}.json"))).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let object = value.as_object_mut().unwrap();
    object.remove("expect");
    if let Some(expect) = expect {
        object.insert("expect".to_owned(), expect);
    }
    // One file per call: tests run in parallel threads of one process, and two
    // of them writing the same path let a reader see a half-written file.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!(
        "mpcvd-cli-check-{}-{name}-{call}.json",
        std::process::id(),
    ));
    std::fs::write(&path, serde_json::to_string(&value).unwrap()).unwrap();
    path
}

#[test]
fn exit_status_follows_the_verdicts() {
    assert_eq!(
        mpcvd(&["check", "tests/vectors/e2e-single-vendor.json"]).0,
        0
    );
    // A violation the vector expects passes (it used to exit 1: `mpcvd check`
    // ignored each trace's own `expect`; issue 14).
    assert_eq!(
        mpcvd(&[
            "check",
            "tests/vectors/e2e-single-vendor.json",
            "tests/vectors/neg-close-from-valid.json"
        ])
        .0,
        0
    );
    // Without its `expect`, the same trace fails on its deviation.
    let bare = variant("neg-close-from-valid", None);
    let (code, out) = mpcvd(&[
        "check",
        "tests/vectors/e2e-single-vendor.json",
        bare.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("step 2 acme [send.report-state] violation"),
        "{out}"
    );
    assert!(out.ends_with("1 passed, 1 failed\n"), "{out}");
    // With a wrong `expect`, it fails.
    let wrong = variant("neg-close-from-valid", Some(serde_json::json!("conforms")));
    let (code, out) = mpcvd(&["check", wrong.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("FAIL "), "{out}");
    assert!(out.contains("expected: \"conforms\""), "{out}");
    assert_eq!(
        mpcvd(&[
            "check",
            "tests/vectors/e2e-single-vendor.json",
            "no/such/file.json"
        ])
        .0,
        2
    );
    assert_eq!(mpcvd(&["check", "Cargo.toml"]).0, 2);
    // A document that is not a trace, expecting to conform: unreadable (2), a FAIL.
    let path = std::env::temp_dir().join(format!(
        "mpcvd-cli-check-unreadable-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, r#"{"expect": "conforms", "case": 3}"#).unwrap();
    let (code, out) = mpcvd(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(out.starts_with("FAIL "), "{out}");
    // One expected to be refused passes.
    let (code, out) = mpcvd(&["check", "tests/vectors/doc-duplicate-participant.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("refused as expected"), "{out}");
}

#[test]
fn json_names_step_rule_and_participant() {
    let bare = variant("neg-close-from-valid", None);
    let (code, out) = mpcvd(&["--json", "check", bare.to_str().unwrap()]);
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["conforms"], false);
    assert_eq!(value["failed"], 1);
    let deviation = &value["files"][0]["deviations"][0];
    assert_eq!(deviation["step"], 2);
    assert_eq!(deviation["rule"], "send.report-state");
    assert_eq!(deviation["participant"], "acme");
    assert_eq!(deviation["kind"], "violation");
    assert_eq!(deviation["claim"], "input");
}

#[test]
fn the_whole_corpus_passes_against_its_own_expectations() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let (code, out) = mpcvd(&args);
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), files.len() + 1, "{out}");
    assert!(
        lines[..files.len()].iter().all(|l| l.starts_with("PASS ")),
        "{out}"
    );
    assert_eq!(
        lines.last().copied(),
        Some(format!("{} passed, 0 failed", files.len()).as_str())
    );
}

#[test]
fn a_parse_error_names_the_step_and_the_field() {
    let path =
        std::env::temp_dir().join(format!("mpcvd-cli-check-parse-{}.json", std::process::id()));
    std::fs::write(
        &path,
        r#"{"case": "x", "start": "2026-01-01T00:00:00Z",
           "participants": [{"id": "fay", "name": "fay", "roles": ["reporter"]}],
           "steps": [{"at": "2026-01-01T00:00:00Z", "input": "tick"},
                     {"at": "2026-01-02T00:00:00Z", "input": "tick", "expect": {"participants": {"fay": {"rm": "sleeping"}}}}]}"#,
    )
    .unwrap();
    let (code, out) = mpcvd(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        out.contains("step 1, at `steps[1].expect.participants.fay.rm`"),
        "{out}"
    );
}

#[test]
fn diagram_draws_messages_and_marks_deviations() {
    let bare = variant("neg-close-from-valid", None);
    let (code, out) = mpcvd(&["check", "--diagram", bare.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("sequenceDiagram\n"), "{out}");
    assert!(out.contains("participant p0 as fay"), "{out}");
    assert!(out.contains("rect rgb(255, 215, 215)"), "{out}");
    assert!(out.contains("send.report-state"), "{out}");
    let (code, out) = mpcvd(&["check", "--diagram", "tests/vectors/recv-gi.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("p1->>p0: 1. GI"), "{out}");
    assert!(out.contains("p0-->>p1: GK"), "{out}");
    assert!(!out.contains("rect"), "{out}");
}

/// The `n`-th ```` ```mermaid ```` block of docs/conformance.md.
fn doc_diagram(n: usize) -> String {
    let doc = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/conformance.md"),
    )
    .unwrap();
    let block = doc.split("```mermaid\n").nth(n + 1).unwrap();
    block.split("```").next().unwrap().to_owned()
}

#[test]
fn the_guide_shows_what_the_checker_draws_and_counts() {
    let (_, out) = mpcvd(&[
        "check",
        "--diagram",
        "tests/vectors/race-neg-ep-sent-after-publication.json",
    ]);
    assert_eq!(doc_diagram(0), out);
    let (_, out) = mpcvd(&[
        "explore",
        "--participants",
        "finder+reporter,vendor",
        "--no-guards",
        "--channel-bound",
        "2",
        "--budget",
        "50000",
        "--diagram",
    ]);
    let first = out.split("\n\n").next().unwrap();
    assert_eq!(doc_diagram(1).trim_end(), first.trim_end());
    let doc = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/conformance.md"),
    )
    .unwrap();
    let count = std::fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert!(
        doc.contains(&format!("`{count} passed, 0 failed`")),
        "docs/conformance.md: {count}"
    );
    assert!(
        doc.contains(&format!("{count} vectors")),
        "docs/conformance.md: {count}"
    );
}
