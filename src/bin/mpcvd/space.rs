//! `mpcvd space`: the reachable (RM, EM, CS) states of one participant (reference
//! §6); see `mpcvd::analysis::space` for the definition.

use std::fmt::Write as _;

use mpcvd::analysis::space::{StateSpace, standard_role_sets};
use mpcvd::protocol::ProtocolOptions;
use mpcvd::role::RoleSet;
use serde_json::{Value, json};

use crate::common::{CliError, Rendered, table};

/// Arguments of `mpcvd space`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The participant's roles joined by `+` (finder, reporter, vendor, coordinator,
    /// deployer, other), e.g. `vendor+deployer`. Without it: the six usual sets.
    #[arg(long, value_name = "ROLE[+ROLE…]", value_parser = parse_roles)]
    role: Option<RoleSet>,
    /// Also list every reachable state (with --role).
    #[arg(long, requires = "role")]
    list: bool,
    /// Attacks leave ending the embargo to the participants (the "SHOULD" reading)
    /// instead of ending it in the same step.
    #[arg(long)]
    attacks_keep_embargo: bool,
}

fn parse_roles(text: &str) -> Result<RoleSet, String> {
    text.parse::<RoleSet>().map_err(|e| e.to_string())
}

pub(crate) fn run(args: &Args) -> Result<Rendered, CliError> {
    let options = ProtocolOptions {
        attacks_end_embargo: !args.attacks_keep_embargo,
    };
    let sets: Vec<RoleSet> = match args.role {
        Some(roles) => vec![roles],
        None => standard_role_sets().to_vec(),
    };
    let spaces: Vec<StateSpace> = sets
        .iter()
        .map(|&roles| StateSpace::explore(roles, options))
        .collect();
    let rows: Vec<Vec<String>> = spaces
        .iter()
        .map(|s| {
            let sum = s.summary();
            vec![
                s.roles().to_string(),
                sum.start,
                sum.states.to_string(),
                sum.transitions.to_string(),
                sum.rm.join(""),
                sum.em.join(""),
                sum.cs.to_string(),
            ]
        })
        .collect();
    let mut text = table(
        &[
            "roles",
            "start",
            ">states",
            ">transitions",
            "RM",
            "EM",
            ">CS",
        ],
        &rows,
    );
    text.push_str(
        "\nstates: reachable (RM, EM, CS) combinations from the role's start, by its own sends\n\
         and any message received; transitions: state-changing (state, send/receive) pairs;\n\
         RM/EM: states reached; CS: distinct case states reached.\n",
    );
    let json = match (args.role, spaces.as_slice()) {
        (Some(_), [space]) => {
            let mut value = serde_json::to_value(space.summary()).unwrap_or(Value::Null);
            if args.list {
                let list: Vec<String> = space.states().map(|q| q.to_string()).collect();
                for q in &list {
                    let _ = writeln!(text, "{q}");
                }
                if let Some(map) = value.as_object_mut() {
                    map.insert("list".to_owned(), json!(list));
                }
            }
            value
        }
        _ => json!({ "spaces": spaces.iter().map(StateSpace::summary).collect::<Vec<_>>() }),
    };
    Ok(Rendered { json, text })
}
