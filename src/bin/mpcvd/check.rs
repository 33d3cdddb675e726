//! `mpcvd check FILE…`: does each recorded exchange obey the protocol?
//!
//! Exit status: 0 when every trace conforms, 1 when any has a deviation, 2 when a
//! file cannot be read or is not a trace (see `docs/conformance.md`).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use mpcvd::conformance::{Report, Trace, check};
use serde_json::{Value, json};

use crate::common::{CliError, Rendered, print_error, read};

/// Arguments of `mpcvd check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Trace files (JSON; schema/trace.schema.json), or with `--as2` recorded AS2
    /// exchanges (JSON Lines).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
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
    let (mut unreadable, mut deviations) = (false, false);
    for path in &args.files {
        let shown = path.display().to_string();
        let report = read(path).and_then(|body| {
            let trace = Trace::from_json(&body).map_err(|e| CliError::Input {
                path: path.clone(),
                message: e.to_string(),
            })?;
            check(&trace).map_err(|e| CliError::Input {
                path: path.clone(),
                message: e.to_string(),
            })
        });
        match report {
            Ok(report) => {
                deviations |= !report.conforms();
                let _ = writeln!(
                    text,
                    "{} {shown} ({} steps)",
                    if report.conforms() { "ok  " } else { "FAIL" },
                    report.steps
                );
                describe(&report, &mut text);
                files.push(json!({"file": shown, "conforms": report.conforms(), "steps": report.steps, "deviations": report.deviations}));
            }
            Err(error) => {
                unreadable = true;
                let _ = writeln!(text, "ERR  {shown}: {error}");
                files.push(json!({"file": shown, "error": error.to_string()}));
            }
        }
    }
    let conforms = !unreadable && !deviations;
    let json: Value = json!({"conforms": conforms, "files": files});
    Ok(Outcome {
        rendered: Rendered { json, text },
        unreadable,
        deviations,
    })
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
            "     step {}{who}{rule} {:?}: protocol: {}; trace: {}",
            d.step, d.kind, d.expected, d.found
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
