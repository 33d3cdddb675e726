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
    // The other reading of attacks, so that both counts are always side by side.
    let other = ProtocolOptions {
        attacks_end_embargo: args.attacks_keep_embargo,
    };
    let others: Vec<StateSpace> = sets
        .iter()
        .map(|&roles| StateSpace::explore(roles, other))
        .collect();
    let rows: Vec<Vec<String>> = spaces
        .iter()
        .zip(&others)
        .map(|(s, o)| {
            let sum = s.summary();
            vec![
                s.roles().to_string(),
                sum.start,
                sum.states.to_string(),
                sum.classes.to_string(),
                format!("{}/{}", o.state_count(), o.class_count()),
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
            ">classes",
            if args.attacks_keep_embargo {
                ">if attacks end it"
            } else {
                ">if attacks keep it"
            },
            ">transitions",
            "RM",
            "EM",
            ">CS",
        ],
        &rows,
    );
    text.push_str(
        "\nstates: reachable (RM, EM, CS) combinations from the role's start, by its own sends\n\
         and any message received; classes: the formal protocol's count (Vultron\n\
         docs/reference/formal_protocol/states.md): (S,*,*) and (C,*,*) one state each, EM\n\
         irrelevant once P holds (published with attacks leaving the embargo alone:\n\
         --attacks-keep-embargo); the next column gives states/classes under the other\n\
         reading of attacks; transitions: state-changing (state, send/receive) pairs;\n\
         RM/EM: states reached; CS: distinct case states reached.\n",
    );
    let summary = |s: &StateSpace, o: &StateSpace| {
        let mut value = serde_json::to_value(s.summary()).unwrap_or(Value::Null);
        if let Some(map) = value.as_object_mut() {
            map.insert(
                "other_reading".to_owned(),
                json!({
                    "attacks_end_embargo": o.options().attacks_end_embargo,
                    "states": o.state_count(),
                    "classes": o.class_count(),
                }),
            );
        }
        value
    };
    let json = match (args.role, spaces.as_slice(), others.as_slice()) {
        (Some(_), [space], [o]) => {
            let mut value = summary(space, o);
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
        _ => json!({
            "spaces": spaces.iter().zip(&others).map(|(s, o)| summary(s, o)).collect::<Vec<_>>()
        }),
    };
    Ok(Rendered { json, text })
}
