//! The CLI's resource bounds (docs/DESIGN.md, "What are the limits?"): every file a
//! command reads is refused above `--max-input-bytes` (exit 2, the message naming
//! the limit and the option) without being read; a stream is read only up to the
//! bound; `as2 read` keeps the exchange reader's bounds; `simulate --runs` is
//! bounded. Bounds tested elsewhere: `model histories --max-histories`
//! (tests/cli.rs), `explore --budget` (tests/cli_explore.rs).
#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed assertion"
)]

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs the binary: exit status, standard output and standard error together.
fn mpcvd(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mpcvd"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// A file removed when dropped.
struct Temp(PathBuf);

impl Temp {
    fn new(name: &str) -> Self {
        Self(std::env::temp_dir().join(format!("mpcvd-cli-limits-{}-{name}", std::process::id())))
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A sparse 10 GiB file: costs no disk and no time to make, and would take 10 GiB
/// of memory to read.
fn ten_gib(name: &str) -> Temp {
    let temp = Temp::new(name);
    File::create(&temp.0).unwrap().set_len(10 << 30).unwrap();
    temp
}

fn write(name: &str, text: &str) -> Temp {
    let temp = Temp::new(name);
    std::fs::write(&temp.0, text).unwrap();
    temp
}

fn refused_as_too_large(args: &[&str], path: &str) {
    let (code, text) = mpcvd(args);
    assert_eq!(code, 2, "{args:?}: {text}");
    assert!(
        text.contains(&format!("`{path}` has 10737418240 bytes"))
            && text.contains("more than the input limit of 268435456 bytes")
            && text.contains("raise --max-input-bytes"),
        "{args:?}: {text}"
    );
}

#[test]
fn every_file_a_command_reads_is_refused_above_the_input_limit_unread() {
    let big = ten_gib("big.json");
    let p = big.path();
    let commands: Vec<Vec<&str>> = vec![
        vec!["model", "--model", p, "states"],
        vec!["model", "--model", p, "histories"],
        vec!["skill", "--observed", p],
        vec!["skill", "--histories", p],
        vec!["skill", "--model", p, "--count", "V<P=1/2"],
        vec!["simulate", "--model", p, "--policy", "cert-cc"],
        vec!["check", p],
        vec!["check", "--diagram", p],
        vec!["vex", "--format", "csaf", "--case", p],
        vec!["vex", "--format", "openvex", "--trace", p],
        vec![
            "vex",
            "--format",
            "csaf",
            "--trace",
            "tests/vectors/e2e-horizontal.json",
            "--products",
            p,
        ],
        vec![
            "vex",
            "--format",
            "csaf",
            "--trace",
            "tests/vectors/e2e-horizontal.json",
            "--metadata",
            p,
        ],
        #[cfg(feature = "as2")]
        vec!["as2", "read", p],
        #[cfg(feature = "as2")]
        vec!["check", "--as2", p],
    ];
    for args in commands {
        refused_as_too_large(&args, p);
    }
}

#[test]
fn the_input_limit_is_an_option_and_holds_for_files_of_unknown_size() {
    let model = write(
        "model.json",
        r#"{"name": "one", "events": [{"letter": "A", "name": "a"}]}"#,
    );
    let (code, text) = mpcvd(&["model", "--model", model.path(), "states"]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = mpcvd(&[
        "--max-input-bytes",
        "10",
        "model",
        "--model",
        model.path(),
        "states",
    ]);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("more than the input limit of 10 bytes"),
        "{text}"
    );
    // A device has no size to check first: it is read up to the bound and refused
    // there (an endless one included), not read to its end.
    if Path::new("/dev/zero").exists() {
        let (code, text) = mpcvd(&[
            "--max-input-bytes",
            "4096",
            "model",
            "--model",
            "/dev/zero",
            "states",
        ]);
        assert_eq!(code, 2, "{text}");
        assert!(
            text.contains("`/dev/zero` has more than the input limit of 4096 bytes"),
            "{text}"
        );
    }
}

#[cfg(feature = "as2")]
#[test]
fn as2_read_keeps_the_exchange_readers_line_and_document_bounds() {
    use mpcvd::as2::MAX_DOCUMENT;
    use mpcvd::as2::exchange::MAX_LINES;

    let lines = write("lines.jsonl", &"\n".repeat(MAX_LINES + 1));
    let (code, text) = mpcvd(&["as2", "read", lines.path()]);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("more than 100000 lines (as2::exchange::MAX_LINES)"),
        "{text}"
    );

    let long = write(
        "long.jsonl",
        &format!(
            "{{\"type\": \"Offer\", \"x\": \"{}\"}}\n",
            "x".repeat(MAX_DOCUMENT)
        ),
    );
    let (code, text) = mpcvd(&["as2", "read", long.path()]);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("line 1:")
            && text.contains("exceed the limit of 1048576 (as2::MAX_DOCUMENT)"),
        "{text}"
    );
}

#[test]
fn simulate_runs_are_bounded() {
    let (code, text) = mpcvd(&[
        "simulate",
        "--model",
        "examples/behaviour/five-vendors-one-silent.json",
        "--policy",
        "cert-cc",
        "--runs",
        "10000001",
    ]);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("--runs must be between 1 and 10000000"),
        "{text}"
    );
}
