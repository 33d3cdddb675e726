//! `mpcvd check`: exit status 0 when every trace conforms, 1 on a deviation, 2 on an
//! unreadable file; `--json` gives one object with every file's deviations.
#![cfg(feature = "cli")]

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

#[test]
fn exit_status_follows_the_findings() {
    assert_eq!(
        mpcvd(&["check", "tests/vectors/e2e-single-vendor.json"]).0,
        0
    );
    assert_eq!(
        mpcvd(&[
            "check",
            "tests/vectors/e2e-single-vendor.json",
            "tests/vectors/neg-close-from-valid.json"
        ])
        .0,
        1
    );
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
}

#[test]
fn json_names_step_rule_and_participant() {
    let (code, out) = mpcvd(&["--json", "check", "tests/vectors/neg-close-from-valid.json"]);
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["conforms"], false);
    let deviation = &value["files"][0]["deviations"][0];
    assert_eq!(deviation["step"], 2);
    assert_eq!(deviation["rule"], "send.report-state");
    assert_eq!(deviation["participant"], "acme");
    assert_eq!(deviation["kind"], "violation");
}
