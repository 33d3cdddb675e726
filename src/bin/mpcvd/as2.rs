//! `mpcvd as2 read FILE`, `mpcvd as2 examples`, and `mpcvd check --as2 FILE…`.
//!
//! `read` and `examples` print JSON Lines (one object a line) whatever `--json`
//! says; `check --as2` prints a verdict per exchange and each deviation with the
//! line of the activity that caused it (exit 0 / 1 / 2 as `check`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use mpcvd::as2::exchange::{Exchange, ExchangeError, MAX_LINES, Options, json_lines, to_trace};
use mpcvd::as2::{MAX_DOCUMENT, examples, read};
use mpcvd::conformance::check as check_trace;
use mpcvd::role::RoleSet;
use serde_json::{Value, json};

use crate::check::Outcome;
use crate::common::{CliError, Rendered, print_error};

/// Arguments of `mpcvd as2`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// mpcvd's reading of each line of a JSON Lines file (an activity, or an object
    /// with the activity under `body`), one JSON object a line.
    Read {
        /// The file.
        file: PathBuf,
    },
    /// One line per document mpcvd can write for a sample case:
    /// `{"message": CODE, "em": STATE, "body": DOCUMENT}`.
    Examples,
}

fn read_file(path: &Path) -> Result<String, CliError> {
    crate::common::read(path)
}

fn lines(args: &Args) -> Result<Vec<Value>, CliError> {
    match &args.command {
        Command::Examples => Ok(examples()
            .into_iter()
            .map(|(message, em, body)| json!({"message": message.code(), "em": em, "body": body}))
            .collect()),
        Command::Read { file } => {
            let text = read_file(file)?;
            let mut store = std::collections::HashMap::new();
            let mut docs = Vec::new();
            for line in json_lines(&text) {
                let (number, value) = line.map_err(|e| match e {
                    ExchangeError::TooLong { .. } => CliError::Limit(format!(
                        "`{}`: more than {MAX_LINES} lines (as2::exchange::MAX_LINES)",
                        file.display()
                    )),
                    ExchangeError::LineTooLarge { line, bytes } => CliError::Limit(format!(
                        "`{}`: line {line}: {bytes} bytes exceed the limit of {MAX_DOCUMENT} \
                         (as2::MAX_DOCUMENT)",
                        file.display()
                    )),
                    other => CliError::Input {
                        path: file.clone(),
                        message: other.to_string(),
                    },
                })?;
                let body = if value.get("type").is_some() {
                    Some(value)
                } else {
                    value.get("body").cloned()
                };
                if let Some(body) = body {
                    if let Some(id) = body.get("id").and_then(Value::as_str) {
                        store.entry(id.to_owned()).or_insert_with(|| body.clone());
                    }
                    docs.push((number, body));
                }
            }
            Ok(docs
                .into_iter()
                .map(|(line, body)| match read(&body, &store) {
                    Ok(reading) => json!({"line": line, "reading": reading}),
                    Err(e) => json!({"line": line, "error": e.to_string()}),
                })
                .collect())
        }
    }
}

pub(crate) fn run(args: &Args) -> Result<Rendered, CliError> {
    let lines = lines(args)?;
    let text = lines.iter().map(|l| format!("{l}\n")).collect();
    Ok(Rendered {
        json: Value::Array(lines),
        text,
    })
}

pub(crate) fn main(args: &Args) -> ExitCode {
    match lines(args) {
        Ok(lines) => {
            let mut out = std::io::stdout().lock();
            for line in lines {
                if writeln!(out, "{line}").is_err() {
                    return ExitCode::from(crate::common::BAD_INPUT);
                }
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            print_error(&error);
            error.exit_code()
        }
    }
}

fn parse_roles(roles: &[String]) -> Result<BTreeMap<String, RoleSet>, CliError> {
    roles
        .iter()
        .map(|spec| {
            let (actor, set) = spec
                .rsplit_once('=')
                .ok_or_else(|| CliError::Usage(format!("--role `{spec}`: expected ACTOR=ROLES")))?;
            let set: RoleSet = set
                .parse()
                .map_err(|e| CliError::Usage(format!("--role `{spec}`: {e}")))?;
            Ok((actor.to_owned(), set))
        })
        .collect()
}

/// `mpcvd check --as2`: each exchange of each file (one per `test` field).
pub(crate) fn check(
    files: &[PathBuf],
    policy: &str,
    roles: &[String],
) -> Result<Outcome, CliError> {
    let options = Options {
        policy: Some(policy.to_owned()),
        roles: parse_roles(roles)?,
    };
    let (mut unreadable, mut deviations) = (false, false);
    let mut text = String::new();
    let mut out = Vec::new();
    for path in files {
        let shown = path.display().to_string();
        let exchanges = read_file(path).and_then(|body| {
            Exchange::from_jsonl(&body).map_err(|e| CliError::Input {
                path: path.clone(),
                message: e.to_string(),
            })
        });
        let exchanges = match exchanges {
            Ok(exchanges) => exchanges,
            Err(error) => {
                unreadable = true;
                let _ = writeln!(text, "ERR  {shown}: {error}");
                out.push(json!({"file": shown, "error": error.to_string()}));
                continue;
            }
        };
        for exchange in &exchanges {
            let name = if exchange.name.is_empty() {
                shown.clone()
            } else {
                format!("{shown} {}", exchange.name)
            };
            let checked = to_trace(exchange, &options)
                .map_err(|e| e.to_string())
                .and_then(|converted| {
                    check_trace(&converted.trace)
                        .map(|report| (converted, report))
                        .map_err(|e| e.to_string())
                });
            match checked {
                Ok((converted, report)) => {
                    deviations |= !report.conforms();
                    let _ = writeln!(
                        text,
                        "{} {name} ({} activities, {} steps)",
                        if report.conforms() { "ok  " } else { "FAIL" },
                        exchange.entries.len(),
                        report.steps
                    );
                    let mut listed = Vec::new();
                    for d in &report.deviations {
                        let line = converted.lines.get(d.step).copied().unwrap_or_default();
                        let who = d
                            .participant
                            .as_ref()
                            .map_or(String::new(), |p| format!(" {p}"));
                        let rule = d.rule.map_or(String::new(), |r| format!(" [{r}]"));
                        let _ = writeln!(
                            text,
                            "     line {line}{who}{rule} {:?}: protocol: {}; exchange: {}",
                            d.kind, d.expected, d.found
                        );
                        listed.push(json!({"line": line, "deviation": d}));
                    }
                    out.push(json!({
                        "file": shown,
                        "exchange": exchange.name,
                        "conforms": report.conforms(),
                        "activities": exchange.entries.len(),
                        "steps": report.steps,
                        "deviations": listed,
                        "unstepped": converted.unstepped.len(),
                    }));
                }
                Err(error) => {
                    unreadable = true;
                    let _ = writeln!(text, "ERR  {name}: {error}");
                    out.push(json!({"file": shown, "exchange": exchange.name, "error": error}));
                }
            }
        }
    }
    let conforms = !unreadable && !deviations;
    Ok(Outcome {
        rendered: Rendered {
            json: json!({"conforms": conforms, "exchanges": out}),
            text,
        },
        unreadable,
        deviations,
    })
}
