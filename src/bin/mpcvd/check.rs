//! `mpcvd check FILE…`: does each recorded exchange obey the protocol?
//!
//! A trace with its own `expect` is compared with it (`PASS`/`FAIL`); one without
//! passes when it conforms. The last line counts them: `N passed, M failed`.
//! Exit status: 0 when every file passes, 1 when any fails, 2 when a file cannot
//! be read or is not a trace it does not expect to be refused (see
//! `docs/conformance.md`). `--diagram` prints each trace as a Mermaid sequence
//! diagram instead, deviations marked.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use mpcvd::conformance::{Report, Trace, Verification, diagram, verify};
use serde_json::{Value, json};

use crate::common::{CliError, Rendered, print_error, read};

/// Arguments of `mpcvd check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Trace files (JSON; schema/trace.schema.json), or with `--as2` recorded AS2
    /// exchanges (JSON Lines).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Print each trace as a Mermaid sequence diagram (deviations on red bands)
    /// instead of the verdicts; with `--json`, under each file's `diagram`.
    #[arg(long)]
    diagram: bool,
    /// The files are recorded ActivityStreams exchanges (JSON Lines, one activity a
    /// line or the activity under `body`), checked directly (feature `as2`).
    #[cfg(feature = "as2")]
    #[arg(long)]
    as2: bool,
    /// With `--as2`: the policy preset (`vultron`, strict; `vultron-live`,
    /// Vultron's implementation choices, docs/interop.md).
    #[cfg(feature = "as2")]
    #[arg(long, default_value = "vultron")]
    policy: String,
    /// With `--as2`: an actor's roles, `ACTOR=finder+reporter` (repeatable);
    /// otherwise read from the activities.
    #[cfg(feature = "as2")]
    #[arg(long = "role", value_name = "ACTOR=ROLES")]
    roles: Vec<String>,
}

/// The checked files and whether any was unreadable.
pub(crate) struct Outcome {
    pub(crate) rendered: Rendered,
    pub(crate) unreadable: bool,
    pub(crate) deviations: bool,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, CliError> {
    #[cfg(feature = "as2")]
    if args.as2 {
        return crate::as2::check(&args.files, &args.policy, &args.roles);
    }
    let mut files = Vec::new();
    let mut text = String::new();
    let (mut unreadable, mut failed, mut passed) = (false, 0usize, 0usize);
    let mut all_conform = true;
    for path in &args.files {
        let shown = path.display().to_string();
        let body = match read(path) {
            Ok(body) => body,
            Err(error) => {
                unreadable = true;
                all_conform = false;
                let _ = writeln!(text, "ERR  {shown}: {error}");
                files.push(json!({"file": shown, "error": error.to_string()}));
                continue;
            }
        };
        let verification = verify(&body);
        let picture = if args.diagram {
            Some(
                Trace::from_json(&body)
                    .and_then(|t| diagram(&t))
                    .map_err(|e| e.to_string()),
            )
        } else {
            None
        };
        let mut entry = json!({"file": shown});
        if let Some(expect) = &verification.expect {
            entry["expect"] = serde_json::to_value(expect).unwrap_or(Value::Null);
        }
        let pass = verification.passes();
        match &verification.outcome {
            Ok(report) => {
                all_conform &= report.conforms();
                entry["conforms"] = json!(report.conforms());
                entry["steps"] = json!(report.steps);
                entry["deviations"] =
                    serde_json::to_value(&report.deviations).unwrap_or(Value::Null);
            }
            Err(error) => {
                all_conform = false;
                entry["error"] = json!(error.to_string());
                entry["error_class"] = json!(error.class());
            }
        }
        let ok = match (pass, &verification.outcome) {
            (Some(true), _) => true,
            (Some(false), Ok(_)) => false,
            (None, Ok(report)) => report.conforms(),
            // Not a trace, and not expected to be refused.
            (_, Err(_)) => {
                unreadable = true;
                false
            }
        };
        entry["pass"] = json!(ok);
        if ok {
            passed = passed.saturating_add(1);
        } else {
            failed = failed.saturating_add(1);
        }
        match picture {
            Some(Ok(picture)) => {
                // The file's name as a comment inside the diagram (Mermaid reads
                // comments only after the diagram's type).
                let picture = picture.replacen(
                    "sequenceDiagram\n",
                    &format!("sequenceDiagram\n    %% {shown}\n"),
                    1,
                );
                text.push_str(&picture);
                entry["diagram"] = json!(picture);
            }
            Some(Err(error)) => {
                let _ = writeln!(text, "%% {shown}: {error}");
            }
            None => line(&shown, ok, &verification, &mut text),
        }
        files.push(entry);
    }
    if !args.diagram {
        let _ = writeln!(text, "{passed} passed, {failed} failed");
    }
    let json: Value = json!({
        "passed": passed,
        "failed": failed,
        "conforms": all_conform,
        "files": files,
    });
    Ok(Outcome {
        rendered: Rendered { json, text },
        unreadable,
        deviations: failed > 0,
    })
}

/// One file's verdict line and, unless it passes against its own `expect`, its
/// deviations.
fn line(shown: &str, ok: bool, v: &Verification, text: &mut String) {
    let mark = if ok { "PASS" } else { "FAIL" };
    match &v.outcome {
        Ok(report) => {
            let _ = writeln!(text, "{mark} {shown} ({} steps)", report.steps);
            if !(ok && v.expect.is_some()) {
                describe(report, text);
            }
        }
        Err(error) if ok => {
            let _ = writeln!(text, "{mark} {shown} (refused as expected: {error})");
        }
        Err(error) if v.expect.is_some() => {
            let _ = writeln!(text, "{mark} {shown}: {error}");
        }
        Err(error) => {
            let _ = writeln!(text, "ERR  {shown}: {error}");
        }
    }
    if !ok && let Some(expect) = &v.expect {
        let _ = writeln!(
            text,
            "     expected: {}",
            serde_json::to_string(expect).unwrap_or_default()
        );
    }
}

fn describe(report: &Report, text: &mut String) {
    for d in &report.deviations {
        let who = d
            .participant
            .as_ref()
            .map_or(String::new(), |p| format!(" {p}"));
        let rule = d.rule.map_or(String::new(), |r| format!(" [{r}]"));
        let _ = writeln!(
            text,
            "     step {}{who}{rule} {} ({}): protocol: {}; trace: {}",
            d.step, d.kind, d.claim, d.expected, d.found
        );
    }
}

/// Runs the command and maps the findings to the exit status.
pub(crate) fn main(args: &Args, json: bool) -> ExitCode {
    match run(args) {
        Ok(outcome) => {
            let printed = outcome.rendered.print(json);
            if outcome.unreadable {
                ExitCode::from(2)
            } else if outcome.deviations {
                ExitCode::from(1)
            } else {
                printed
            }
        }
        Err(error) => {
            print_error(&error);
            ExitCode::from(2)
        }
    }
}
