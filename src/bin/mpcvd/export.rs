//! `mpcvd export`: a machine as Graphviz DOT, Mermaid or JSON; one participant's
//! protocol state space (`--machine protocol --role …`); or a multi-party case as
//! Promela for SPIN (`--format promela --participants …`).

use std::fmt::Write as _;

use mpcvd::analysis::explore::DEFAULT_BUDGET;
use mpcvd::analysis::space::{StateSpace, Step};
use mpcvd::export::{Format, export, promela, promela_processes};
use mpcvd::machine::MachineKind;
use mpcvd::protocol::ProtocolOptions;
use mpcvd::role::RoleSet;
use serde_json::{Value, json};

use crate::common::{CliError, Rendered};
use crate::explore::ConfigArgs;

/// Arguments of `mpcvd export`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The output format: dot, mermaid, json, or promela (the multi-party case).
    #[arg(long, value_name = "dot|mermaid|json|promela")]
    format: String,
    /// The machine: rm, em, cs, pec, or protocol (one participant's reachable
    /// (RM, EM, CS) states; needs --role). Not used with promela.
    #[arg(long, value_name = "rm|em|cs|pec|protocol")]
    machine: Option<String>,
    /// The participant's roles for `--machine protocol`, e.g. `vendor`.
    #[arg(long, value_name = "ROLE[+ROLE…]")]
    role: Option<String>,
    /// With promela: one process per participant (so that SPIN's partial-order
    /// reduction can act), the invariants as assertions.
    #[arg(long)]
    per_process: bool,
    #[command(flatten)]
    config: ConfigArgs,
}

pub(crate) fn run(args: &Args) -> Result<Rendered, CliError> {
    let text = if args.format == "promela" {
        if args.machine.is_some() || args.role.is_some() {
            return Err(CliError::Usage(
                "--format promela exports a multi-party case: give --participants, not --machine or --role"
                    .into(),
            ));
        }
        let config = args.config.config(DEFAULT_BUDGET)?;
        let write = if args.per_process {
            promela_processes
        } else {
            promela
        };
        write(&config).map_err(|e| CliError::Usage(e.to_string()))?
    } else {
        if args.config.has_participants() || args.per_process {
            return Err(CliError::Usage(
                "--participants and --per-process go with --format promela".into(),
            ));
        }
        let format: Format = args.format.parse().map_err(|_| {
            CliError::Usage(format!(
                "`{}` is not a format: expected dot, mermaid, json or promela",
                args.format
            ))
        })?;
        let machine = args.machine.as_deref().unwrap_or("cs");
        if machine == "protocol" {
            let Some(role) = &args.role else {
                return Err(CliError::Usage(
                    "--machine protocol needs --role, e.g. --role vendor".into(),
                ));
            };
            let roles: RoleSet = role.parse().map_err(|e| CliError::Usage(format!("{e}")))?;
            protocol(
                format,
                &StateSpace::explore(roles, ProtocolOptions::default()),
            )
        } else {
            let kind: MachineKind = machine.parse().map_err(|_| {
                CliError::Usage(format!(
                    "`{machine}` is not a machine: expected rm, em, cs, pec or protocol"
                ))
            })?;
            export(format, kind)
        }
    };
    // The export is the output in both modes; `--json` wraps it in an object.
    Ok(Rendered {
        json: json!({ "format": args.format, "text": text }),
        text,
    })
}

fn label(step: Step) -> String {
    match step {
        Step::Send(m) => format!("!{m}"),
        Step::Receive(m) => format!("?{m}"),
    }
}

/// One participant's state space: `!M` sends M, `?M` receives M.
fn protocol(format: Format, space: &StateSpace) -> String {
    let start = space.roles().start_state();
    let mut out = String::new();
    match format {
        Format::Dot => {
            let _ = writeln!(out, "digraph protocol {{");
            let _ = writeln!(out, "  // {} (!M sends M, ?M receives M)", space.roles());
            let _ = writeln!(out, "  \"start\" [shape=point];");
            let _ = writeln!(out, "  \"start\" -> \"{start}\";");
            for state in space.states() {
                for (step, next) in space.steps(state) {
                    let _ = writeln!(
                        out,
                        "  \"{state}\" -> \"{next}\" [label=\"{}\"];",
                        label(step)
                    );
                }
            }
            let _ = writeln!(out, "}}");
        }
        Format::Mermaid => {
            let id = |s: mpcvd::protocol::ProtocolState| {
                format!("{}_{}_{}", s.rm().symbol(), s.em().symbol(), s.cs())
            };
            let _ = writeln!(out, "stateDiagram-v2");
            let _ = writeln!(out, "  [*] --> {}", id(start));
            for state in space.states() {
                for (step, next) in space.steps(state) {
                    let _ = writeln!(out, "  {} --> {} : {}", id(state), id(next), label(step));
                }
            }
        }
        _ => {
            let transitions: Vec<Value> = space
                .states()
                .flat_map(|state| {
                    space.steps(state).map(move |(step, next)| {
                        let (action, message) = match step {
                            Step::Send(m) => ("send", m),
                            Step::Receive(m) => ("receive", m),
                        };
                        json!({"from": state, "action": action, "message": message, "to": next})
                    })
                })
                .collect();
            let value = json!({
                "machine": "protocol",
                "roles": space.roles(),
                "initial": start,
                "states": space.states().collect::<Vec<_>>(),
                "transitions": transitions,
            });
            out = serde_json::to_string_pretty(&value).unwrap_or_default();
            out.push('\n');
        }
    }
    out
}
