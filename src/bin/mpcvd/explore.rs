//! `mpcvd explore`: the global states of a multi-party case over bounded FIFO
//! channels, with invariants and shortest counterexamples; see
//! `mpcvd::analysis::explore` for the model.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use mpcvd::analysis::explore::{
    DEFAULT_BUDGET, Exploration, ExploreConfig, Guards, Progress, StepFunctions, Topology,
    explore_with,
};
use mpcvd::protocol::ProtocolOptions;
use mpcvd::role::RoleSet;
use serde_json::Value;

use crate::common::{CliError, FOUND, Rendered, print_error, table};

/// What configures an exploration; shared with `mpcvd export --format promela`.
#[derive(Debug, clap::Args)]
pub(crate) struct ConfigArgs {
    /// The participants' role sets, separated by commas; roles within a set joined
    /// by `+`, e.g. `finder+reporter,coordinator,vendor,vendor`.
    #[arg(long, value_name = "ROLES,ROLES,…", value_parser = parse_participants)]
    participants: Option<Participants>,
    /// The most messages a channel holds (1 to 4).
    #[arg(long, value_name = "K", default_value_t = 1)]
    channel_bound: usize,
    /// Who exchanges messages with whom.
    #[arg(long, value_name = "complete|star", default_value = "complete", value_parser = parse_topology)]
    topology: Topology,
    /// Each participant initiates only its roles' duties (see
    /// `mpcvd::analysis::explore::duties`) instead of every statement.
    #[arg(long)]
    duties: bool,
    /// Turn off the engine's guards (publication under embargo or before every
    /// vendor is reached, accepting one's own proposal).
    #[arg(long)]
    no_guards: bool,
    /// Attacks leave ending the embargo to the participants (the "SHOULD" reading).
    #[arg(long)]
    attacks_keep_embargo: bool,
    /// Put acknowledgements (RK, EK, CK, GK) on the channels too.
    #[arg(long)]
    acknowledgements: bool,
    /// Participants also send general inquiries (GI).
    #[arg(long)]
    inquiries: bool,
}

/// Role sets from the command line.
#[derive(Debug, Clone)]
pub(crate) struct Participants(Vec<RoleSet>);

fn parse_participants(text: &str) -> Result<Participants, String> {
    text.split(',')
        .map(|part| part.trim().parse::<RoleSet>().map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()
        .map(Participants)
}

fn parse_topology(text: &str) -> Result<Topology, String> {
    text.parse::<Topology>()
        .map_err(|_| format!("`{text}` is not a topology: expected `complete` or `star`"))
}

impl ConfigArgs {
    /// Whether participants were given.
    pub(crate) fn has_participants(&self) -> bool {
        self.participants.is_some()
    }

    /// The configuration, with `budget` states at most.
    pub(crate) fn config(&self, budget: usize) -> Result<ExploreConfig, CliError> {
        let Some(Participants(participants)) = &self.participants else {
            return Err(CliError::Usage(
                "--participants is required, e.g. --participants finder+reporter,vendor".into(),
            ));
        };
        let usage = |e: mpcvd::analysis::explore::ExploreError| CliError::Usage(e.to_string());
        let mut config = ExploreConfig::new(participants.clone())
            .map_err(usage)?
            .with_channel_bound(self.channel_bound)
            .map_err(usage)?
            .with_budget(budget)
            .map_err(usage)?
            .with_topology(self.topology)
            .with_options(ProtocolOptions {
                attacks_end_embargo: !self.attacks_keep_embargo,
            })
            .with_acknowledgements(self.acknowledgements)
            .with_inquiries(self.inquiries);
        if self.duties {
            config = config.with_duties();
        }
        if self.no_guards {
            config = config.with_guards(Guards::NONE);
        }
        Ok(config)
    }
}

/// Arguments of `mpcvd explore` (`--participants` is required here, optional for
/// `export`, which shares [`ConfigArgs`]).
#[derive(Debug, clap::Args)]
#[command(mut_arg("participants", |a| a.required(true)))]
pub(crate) struct Args {
    #[command(flatten)]
    config: ConfigArgs,
    /// Stop after this many states (the result then says `"complete": false`).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_BUDGET)]
    budget: usize,
    /// Print each counterexample (and the run to a deadlock) as a Mermaid sequence
    /// diagram instead of the table; with `--json`, under `diagrams`.
    #[arg(long)]
    diagram: bool,
    /// Symmetry reduction: store each state once, with interchangeable
    /// participants (same roles, statements and links) in a canonical order.
    #[arg(long)]
    symmetry: bool,
    /// Partial-order reduction (ample sets of one participant's steps; verdicts
    /// kept, counterexamples possibly longer than shortest).
    #[arg(long)]
    por: bool,
    /// With --symmetry or --por: also run the unreduced search (same budget) and
    /// print its counts beside the reduced ones.
    #[arg(long)]
    compare: bool,
}

/// Runs the exploration and prints it: exit 1 when an invariant is violated, 2 on a
/// bad configuration.
pub(crate) fn main(args: &Args, json: bool) -> ExitCode {
    match run(args) {
        Ok((rendered, violated)) => {
            let printed = rendered.print(json);
            if violated && printed == ExitCode::SUCCESS {
                ExitCode::from(FOUND)
            } else {
                printed
            }
        }
        Err(error) => {
            print_error(&error);
            error.exit_code()
        }
    }
}

/// The rendered exploration and whether an invariant was violated.
fn run(args: &Args) -> Result<(Rendered, bool), CliError> {
    let config = args
        .config
        .config(args.budget)?
        .with_symmetry(args.symmetry)
        .with_por(args.por);
    let reduced = args.symmetry || args.por;
    if args.compare && !reduced {
        return Err(CliError::Usage(
            "--compare needs --symmetry or --por: it compares a reduced search with the unreduced one".into(),
        ));
    }
    let (found, seconds) = search(&config)?;
    let unreduced = if args.compare {
        Some(search(&config.unreduced())?)
    } else {
        None
    };
    let mut json = serde_json::to_value(&found).unwrap_or(Value::Null);
    let mut text = render(&found, seconds);
    if let Some((plain, plain_seconds)) = &unreduced {
        if let Value::Object(map) = &mut json {
            map.insert(
                "unreduced".to_owned(),
                serde_json::json!({
                    "states": plain.states,
                    "transitions": plain.transitions,
                    "max_depth": plain.max_depth,
                    "terminal": plain.terminal,
                    "deadlocks": plain.deadlocks,
                    "complete": plain.complete,
                    "violations": plain.violations.iter().map(|v| v.invariant).collect::<Vec<_>>(),
                    "seconds": plain_seconds,
                }),
            );
        }
        text.push_str(&compare(&found, seconds, plain, *plain_seconds));
    }
    if args.diagram {
        let pictures = diagrams(&found);
        json["diagrams"] = serde_json::json!(pictures);
        text = pictures.join("\n");
    }
    Ok((Rendered { json, text }, !found.violations.is_empty()))
}

/// The exploration of `config`, with progress on standard error after a second,
/// and the time it took.
fn search(config: &ExploreConfig) -> Result<(Exploration, f64), CliError> {
    let started = Instant::now();
    let mut shown = false;
    let mut progress = |p: Progress| {
        if started.elapsed().as_secs() >= 1 {
            shown = true;
            let _ = write!(
                std::io::stderr(),
                "\rexplored {} of {} states, depth {}…",
                p.expanded,
                p.states,
                p.depth
            );
        }
    };
    let found = explore_with(config, StepFunctions::default(), &mut progress)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    if shown {
        let _ = writeln!(std::io::stderr());
    }
    Ok((found, started.elapsed().as_secs_f64()))
}

/// The reduced and unreduced counts side by side.
fn compare(reduced: &Exploration, seconds: f64, plain: &Exploration, plain_seconds: f64) -> String {
    let verdicts = |e: &Exploration| {
        if e.violations.is_empty() {
            "none violated".to_owned()
        } else {
            e.violations
                .iter()
                .map(|v| v.invariant.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let row = |name: &str, a: String, b: String| vec![name.to_owned(), a, b];
    let rows = vec![
        row(
            "states",
            reduced.states.to_string(),
            plain.states.to_string(),
        ),
        row(
            "transitions",
            reduced.transitions.to_string(),
            plain.transitions.to_string(),
        ),
        row(
            "terminal",
            reduced.terminal.to_string(),
            plain.terminal.to_string(),
        ),
        row(
            "deadlocks",
            reduced.deadlocks.to_string(),
            plain.deadlocks.to_string(),
        ),
        row(
            "complete",
            reduced.complete.to_string(),
            plain.complete.to_string(),
        ),
        row("invariants", verdicts(reduced), verdicts(plain)),
        row(
            "time",
            format!("{seconds:.2} s"),
            format!("{plain_seconds:.2} s"),
        ),
    ];
    format!("\n{}", table(&["", "reduced", "unreduced"], &rows))
}

/// Each counterexample, then the run to a deadlock, as a Mermaid sequence diagram
/// (a `%%` comment naming it after the diagram's type).
fn diagrams(found: &Exploration) -> Vec<String> {
    let mut out: Vec<String> = found
        .violations
        .iter()
        .map(|v| {
            let picture = mpcvd::export::sequence::counterexample(
                &found.participants,
                &v.trace,
                Some(&format!("{}: {}", v.invariant, v.description)),
            );
            picture.replacen(
                "sequenceDiagram\n",
                &format!("sequenceDiagram\n    %% VIOLATED {}\n", v.invariant),
                1,
            )
        })
        .collect();
    if let Some(trace) = &found.deadlock_trace {
        let picture = mpcvd::export::sequence::counterexample(
            &found.participants,
            trace,
            Some("deadlock: every pending receipt's reply would overflow a channel"),
        );
        out.push(picture.replacen(
            "sequenceDiagram\n",
            "sequenceDiagram\n    %% shortest run to a deadlock\n",
            1,
        ));
    }
    out
}

fn render(found: &Exploration, seconds: f64) -> String {
    let rows = vec![
        vec!["participants".to_owned(), found.participants.join(", ")],
        vec!["channel bound".to_owned(), found.channel_bound.to_string()],
        vec!["states".to_owned(), found.states.to_string()],
        vec!["transitions".to_owned(), found.transitions.to_string()],
        vec!["max depth".to_owned(), found.max_depth.to_string()],
        vec!["terminal".to_owned(), found.terminal.to_string()],
        vec!["deadlocks".to_owned(), found.deadlocks.to_string()],
        vec!["complete".to_owned(), found.complete.to_string()],
        vec![
            "local states".to_owned(),
            found
                .local_states
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ],
        vec!["time".to_owned(), format!("{seconds:.2} s")],
    ];
    let mut rows = rows;
    let r = &found.reduction;
    if !r.is_none() {
        let mut parts = Vec::new();
        if r.symmetry {
            let classes: Vec<String> = r
                .interchangeable
                .iter()
                .map(|c| {
                    c.iter()
                        .map(|p| format!("p{p}"))
                        .collect::<Vec<_>>()
                        .join("~")
                })
                .collect();
            parts.push(if classes.is_empty() {
                "symmetry (no interchangeable participants)".to_owned()
            } else {
                format!("symmetry ({})", classes.join(", "))
            });
        }
        if r.partial_order {
            parts.push(if r.partial_order_applied {
                format!(
                    "partial order ({} reduced expansions)",
                    r.reduced_expansions
                )
            } else {
                "partial order (not applicable to these step functions)".to_owned()
            });
        }
        rows.push(vec!["reduction".to_owned(), parts.join("; ")]);
    }
    let mut text = table(&["", ""], &rows);
    if found.violations.is_empty() {
        text.push_str("\nno invariant violated\n");
    }
    for v in &found.violations {
        let _ = writeln!(text, "\nVIOLATED {}: {}", v.invariant, v.description);
        for (n, step) in v.trace.iter().enumerate() {
            let _ = writeln!(text, "  {:>3}. {step}", n + 1);
        }
        let _ = writeln!(text, "  state reached: {}", v.states.join("  "));
    }
    if let Some(trace) = &found.deadlock_trace {
        let _ = writeln!(
            text,
            "\nshortest run to a deadlock (every pending receipt's reply would overflow a channel):"
        );
        for (n, step) in trace.iter().enumerate() {
            let _ = writeln!(text, "  {:>3}. {step}", n + 1);
        }
    }
    text
}
