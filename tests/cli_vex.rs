//! `mpcvd vex`: the document on standard output (exit 0), from a trace or a saved
//! case; exit 2 with one JSON error object under `--json` for unreadable input.
#![cfg(feature = "cli")]

use std::process::Command;

use mpcvd::conformance::{Trace, replay};
use serde_json::Value;

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

fn temp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("mpcvd-cli-vex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn a_trace_gives_both_documents() {
    let trace = "tests/vectors/e2e-horizontal.json";
    let (code, out) = mpcvd(&["vex", "--format", "csaf", "--trace", trace]);
    assert_eq!(code, 0, "{out}");
    let csaf: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(csaf["document"]["category"], "csaf_vex");
    let (code, out) = mpcvd(&["vex", "--format", "openvex", "--trace", trace]);
    assert_eq!(code, 0, "{out}");
    let openvex: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(openvex["statements"].as_array().unwrap().len(), 2);
    assert_eq!(
        mpcvd::vex::csaf::product_statuses(&csaf).len(),
        mpcvd::vex::openvex::product_statuses(&openvex).len()
    );
}

#[test]
fn a_saved_case_with_products_and_metadata() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/e2e-single-vendor.json"
    ))
    .unwrap();
    let case = replay(&Trace::from_json(&text).unwrap()).unwrap().0;
    let case = temp("case.json", &serde_json::to_string(&case).unwrap());
    let products = temp(
        "products.json",
        r#"{"products": [{"id": "router", "name": "Acme Router", "vendor": "acme", "version": "2.1"}]}"#,
    );
    let metadata = temp(
        "metadata.json",
        r#"{"publisher": {"name": "Acme PSIRT", "namespace": "https://acme.example", "category": "vendor"}}"#,
    );
    let (code, out) = mpcvd(&[
        "vex",
        "--format",
        "csaf",
        "--case",
        &case,
        "--products",
        &products,
        "--metadata",
        &metadata,
    ]);
    assert_eq!(code, 0, "{out}");
    let csaf: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(csaf["document"]["publisher"]["name"], "Acme PSIRT");
    assert_eq!(
        csaf["vulnerabilities"][0]["product_status"]["fixed"][0],
        "router"
    );
}

#[test]
fn bad_input_exits_2_with_one_json_error() {
    let (code, out) = mpcvd(&[
        "--json",
        "vex",
        "--format",
        "csaf",
        "--trace",
        "no/such/file.json",
    ]);
    assert_eq!(code, 2);
    let error: Value = serde_json::from_str(&out).unwrap();
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("no/such/file.json")
    );
    let products = temp(
        "bad-products.json",
        r#"{"products": [{"id": "x", "name": "X", "vendor": "fay"}]}"#,
    );
    let (code, out) = mpcvd(&[
        "--json",
        "vex",
        "--format",
        "openvex",
        "--trace",
        "tests/vectors/e2e-horizontal.json",
        "--products",
        &products,
    ]);
    assert_eq!(code, 2);
    let error: Value = serde_json::from_str(&out).unwrap();
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("products[0].vendor"),
        "{error}"
    );
    let not_a_case = temp("not-a-case.json", "{}");
    assert_eq!(
        mpcvd(&["vex", "--format", "csaf", "--case", &not_a_case]).0,
        2
    );
}
