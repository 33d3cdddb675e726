//! The `mpcvd` command-line tool (feature `cli`): research commands over the case
//! state model and the protocol.
//!
//! Every subcommand prints a human-readable table, or with `--json` one JSON object
//! on standard output. One exit-status rule holds for every subcommand: 0 when all
//! is well, 1 when a check found something (an `explore` invariant violated, a
//! `check` deviation, `skill --strict` data the model forbids), 2 for an unreadable
//! or invalid input, a bad option or a limit exceeded (errors on standard error).
//!
//! Each subcommand lives in its own module under `src/bin/mpcvd/`; to add one
//! (as `explore`, `export`, `check` and `vex` are), add a module with an `Args` struct and a
//! `run(&Args) -> Result<Rendered, CliError>` function, and a variant to
//! [`Command`].

// A crate root resolves `mod x;` next to itself, so the subcommand modules under
// `src/bin/mpcvd/` are named by path.
#[cfg(feature = "as2")]
#[path = "mpcvd/as2.rs"]
mod as2;
#[path = "mpcvd/check.rs"]
mod check;
#[path = "mpcvd/common.rs"]
mod common;
#[path = "mpcvd/explore.rs"]
mod explore;
#[path = "mpcvd/export.rs"]
mod export;
#[path = "mpcvd/model.rs"]
mod model;
#[path = "mpcvd/plot.rs"]
mod plot;
#[path = "mpcvd/simulate.rs"]
mod simulate;
#[path = "mpcvd/skill.rs"]
mod skill;
#[path = "mpcvd/space.rs"]
mod space;
#[path = "mpcvd/vex.rs"]
mod vex;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use common::{CliError, Rendered};

/// Research tools for Coordinated Vulnerability Disclosure models (Vultron).
#[derive(Debug, Parser)]
#[command(name = "mpcvd", version, about, long_about = None)]
struct Cli {
    /// Print one JSON object on standard output instead of tables.
    #[arg(long, global = true)]
    json: bool,
    /// The largest input file read, in bytes; a larger one is refused (exit 2)
    /// before it is read.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = common::MAX_INPUT_BYTES)]
    max_input_bytes: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The case-state model or a variant: states, edges, histories, desiderata.
    Model(model::Args),
    /// Skill of observed cases against the model's baselines (α_d).
    Skill(skill::Args),
    /// Many seeded cases with stochastic participants under each policy, side by
    /// side: desiderata rates, failures, α_d, days to publication, rules fired.
    Simulate(simulate::Args),
    /// Reachable (RM, EM, CS) states of one participant, per role set.
    Space(space::Args),
    /// Global states of a multi-party case over bounded FIFO channels: counts,
    /// deadlocks and invariant violations with shortest traces; exit 1 when an
    /// invariant is violated.
    Explore(explore::Args),
    /// A machine as DOT, Mermaid or JSON, or a multi-party case as Promela.
    Export(export::Args),
    /// Whether recorded exchanges (trace files) obey the protocol; exit 0 when all
    /// conform, 1 on any deviation, 2 on an unreadable file.
    Check(check::Args),
    /// The case's advisory as a whole CSAF 2.0 VEX or OpenVEX document on standard
    /// output; exit 0, or 2 on an unreadable or invalid input.
    Vex(vex::Args),
    /// Vultron's ActivityStreams wire form: read a recorded exchange, or print the
    /// documents mpcvd writes (feature `as2`).
    #[cfg(feature = "as2")]
    As2(as2::Args),
}

fn run(command: &Command) -> Result<Rendered, CliError> {
    match command {
        Command::Model(args) => model::run(args),
        Command::Skill(args) => skill::run(args),
        Command::Space(args) => space::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Explore(_) => Err(CliError::Usage(
            "explore prints its result itself".to_owned(),
        )),
        Command::Export(args) => export::run(args),
        Command::Check(args) => check::run(args).map(|outcome| outcome.rendered),
        Command::Vex(_) => Err(CliError::Usage("vex writes its document itself".to_owned())),
        #[cfg(feature = "as2")]
        Command::As2(args) => as2::run(args),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    common::set_max_input(cli.max_input_bytes);
    if let Command::Check(args) = &cli.command {
        return check::main(args, cli.json);
    }
    if let Command::Model(args) = &cli.command
        && let Some(code) = model::stream(args, cli.json)
    {
        return code;
    }
    if let Command::Vex(args) = &cli.command {
        return vex::main(args, cli.json);
    }
    #[cfg(feature = "as2")]
    if let Command::As2(args) = &cli.command {
        return as2::main(args);
    }
    if let Command::Explore(args) = &cli.command {
        return explore::main(args, cli.json);
    }
    match run(&cli.command) {
        Ok(rendered) => rendered.print(cli.json),
        Err(error) => {
            common::print_error(&error);
            error.exit_code()
        }
    }
}
