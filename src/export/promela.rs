//! A Promela model of a multi-party exploration, for the SPIN model checker.
//!
//! The model is the explorer's own: the same participants, channels, bound,
//! guards and topology ([`ExploreConfig`]), and each participant's local steps
//! written out as guarded commands from the tables the native explorer runs on
//! (every send of every local state; every receipt of every message type). SPIN
//! does the composition — interleaving, channel semantics, state storage — on its
//! own, so the state count it reports is an independent check of the native search:
//! with partial-order reduction off (`-DNOREDUCE`) the two agree exactly.
//!
//! Layout of the model:
//! - one `byte q<i>` (`short` past 256 states) per participant: its local state id (0 is the start state;
//!   the comment table at the top says which `(RM, EM, CS)` each id is);
//! - one `chan c_<i>_<j> = [K] of { byte }` per linked ordered pair;
//! - one process whose `do` loop offers every step as a `d_step`, so every step is
//!   one transition and no intermediate state is stored.
//!
//! # Example
//! ```
//! use mpcvd::analysis::explore::ExploreConfig;
//! use mpcvd::export::promela;
//! use mpcvd::role::{Role, RoleSet};
//! let config = ExploreConfig::new(vec![
//!     RoleSet::of(&[Role::Finder, Role::Reporter]),
//!     RoleSet::of(&[Role::Vendor]),
//! ])?;
//! let model = promela(&config)?;
//! assert!(model.contains("chan c_0_1 = [1] of { byte };"));
//! assert!(model.contains("active proctype mpcvd_case()"));
//! # Ok::<(), mpcvd::analysis::explore::ExploreError>(())
//! ```
//!
//! Check it with:
//! ```text
//! spin -a model.pml && cc -O2 -DNOREDUCE -DSAFETY -o pan pan.c && ./pan -E -m100000000
//! ```

use std::fmt::Write as _;

use crate::analysis::explore::local::{LocalTable, alphabet, tabulate_all};
use crate::analysis::explore::{ExploreConfig, ExploreError, Guards, StepFunctions};
use crate::message::MessageType;
use crate::role::Role;

/// The Promela model of `config` (see the module docs).
///
/// # Errors
/// [`ExploreError::LocalStates`] when a participant's local state set cannot be
/// encoded (not with the engine's step functions).
pub fn promela(config: &ExploreConfig) -> Result<String, ExploreError> {
    let tables = tabulate_all(config, StepFunctions::default())?;
    Ok(Writer::new(config, &tables).write())
}

/// The Promela constant of a message type (its code plus one; 0 is unused).
fn code(message: MessageType) -> u8 {
    (message as u8).saturating_add(1)
}

struct Writer<'a> {
    config: &'a ExploreConfig,
    tables: &'a [LocalTable],
    out: String,
}

impl<'a> Writer<'a> {
    fn new(config: &'a ExploreConfig, tables: &'a [LocalTable]) -> Self {
        Self {
            config,
            tables,
            out: String::new(),
        }
    }

    fn peers(&self, i: usize) -> Vec<usize> {
        (0..self.tables.len())
            .filter(|&j| self.config.linked(i, j))
            .collect()
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn write(mut self) -> String {
        self.header();
        self.declarations();
        self.line("active proctype mpcvd_case() {");
        self.line("  do");
        for i in 0..self.tables.len() {
            self.sends(i);
            for j in self.peers(i) {
                self.receipt(i, j);
            }
        }
        self.line("  od");
        self.line("}");
        self.out
    }

    fn header(&mut self) {
        let config = self.config;
        let mut text = String::new();
        let _ = writeln!(
            text,
            "/* mpcvd multi-party model, generated from the explorer's step tables.\n   participants: {}\n   channel bound {}, topology {}, guards: {}; attacks end the embargo: {},\n   acknowledgements {}, inquiries {}.",
            config
                .participants()
                .iter()
                .enumerate()
                .map(|(i, r)| format!("q{i} = {r}"))
                .collect::<Vec<_>>()
                .join(", "),
            config.channel_bound(),
            config.topology(),
            guard_names(config.guards()),
            yes_no(config.options().attacks_end_embargo),
            config.acknowledgements(),
            config.inquiries(),
        );
        for (i, table) in self.tables.iter().enumerate() {
            let _ = writeln!(text, "   local states of q{i} ({}):", table.roles);
            for (id, local) in table.states.iter().enumerate() {
                let reported = if local.reported { " reported" } else { "" };
                let proposed = if local.proposed { " proposed" } else { "" };
                let _ = writeln!(text, "     {id:>4} {}{reported}{proposed}", local.state);
            }
        }
        text.push_str("*/\n");
        self.out.push_str(&text);
        let k = self.config.channel_bound();
        self.line(&format!("#define K {k}"));
        for m in MessageType::all() {
            self.line(&format!("#define {m} {}", code(m)));
        }
    }

    fn declarations(&mut self) {
        let n = self.tables.len();
        let k = self.config.channel_bound();
        for i in 0..n {
            for j in self.peers(i) {
                self.line(&format!("chan c_{i}_{j} = [{k}] of {{ byte }};"));
            }
        }
        let widths: Vec<&str> = self
            .tables
            .iter()
            .map(|t| {
                if t.states.len() <= 256 {
                    "byte"
                } else {
                    "short"
                }
            })
            .collect();
        for (i, width) in widths.into_iter().enumerate() {
            self.line(&format!("{width} q{i};"));
        }
        self.line("hidden byte m;");
    }

    /// `true` when every vendor has been reached, as a Promela expression.
    fn vendors_reached(&self) -> String {
        let mut terms = Vec::new();
        for (v, table) in self.tables.iter().enumerate() {
            if !table.roles.contains(Role::Vendor) {
                continue;
            }
            for id in 0..table.states.len() {
                let Ok(id) = u16::try_from(id) else { continue };
                if !table.is_reached(id) {
                    terms.push(format!("q{v} != {id}"));
                }
            }
        }
        if terms.is_empty() {
            "true".to_owned()
        } else {
            terms.join(" && ")
        }
    }

    fn sends(&mut self, i: usize) {
        let Some(table) = self.tables.get(i) else {
            return;
        };
        let peers = self.peers(i);
        let guard_vendors = self.config.guards().publish_after_vendors_reached;
        let vendors = self.vendors_reached();
        let mut lines = Vec::new();
        for (id, moves) in table.sends.iter().enumerate() {
            for mv in moves {
                let need = mv.emits.len();
                let mut guard = vec![format!("q{i} == {id}")];
                for &j in &peers {
                    guard.push(format!("len(c_{i}_{j}) <= K - {need}"));
                }
                if mv.publishes && guard_vendors {
                    guard.push(format!("({vendors})"));
                }
                let mut body = vec![format!("q{i} = {}", mv.next)];
                for &j in &peers {
                    for m in mv.emits.iter() {
                        body.push(format!("c_{i}_{j}!{m}"));
                    }
                }
                lines.push(format!(
                    "  :: d_step {{ {} -> {} }} /* q{i} sends {} */",
                    guard.join(" && "),
                    body.join("; "),
                    mv.message
                ));
            }
        }
        for line in lines {
            self.line(&line);
        }
    }

    /// Participant `i` takes the head of `c_j_i`: one `d_step` per message type
    /// (SPIN bounds the length of a `d_step`).
    fn receipt(&mut self, i: usize, j: usize) {
        let Some(table) = self.tables.get(i) else {
            return;
        };
        let mut text = String::new();
        for m in alphabet(self.config).iter() {
            // Room for the replies: for r = 1, 2, …, the receipt needs len ≤ K − r
            // in the states where this message gets at least r replies.
            let mut guard = vec![format!("c_{j}_{i}?[{m}]")];
            for r in 1..=3usize {
                let states: Vec<String> = (0..table.states.len())
                    .filter_map(|id| u16::try_from(id).ok())
                    .filter(|&id| table.receive(id, m).is_some_and(|rv| rv.replies.len() >= r))
                    .map(|id| format!("q{i} == {id}"))
                    .collect();
                if !states.is_empty() {
                    guard.push(format!(
                        "(len(c_{i}_{j}) <= K - {r} || !({}))",
                        states.join(" || ")
                    ));
                }
            }
            let mut cases = String::new();
            for id in 0..table.states.len() {
                let Ok(id) = u16::try_from(id) else { continue };
                let Some(rv) = table.receive(id, m) else {
                    continue;
                };
                if rv.next == id && rv.replies.len() == 0 {
                    continue;
                }
                let mut effect = Vec::new();
                if rv.next != id {
                    effect.push(format!("q{i} = {}", rv.next));
                }
                for reply in rv.replies.iter() {
                    effect.push(format!("c_{i}_{j}!{reply}"));
                }
                let _ = writeln!(cases, "      :: q{i} == {id} -> {}", effect.join("; "));
            }
            let _ = writeln!(
                text,
                "  :: d_step {{ {} ->
      c_{j}_{i}?m; m = 0;
      if
{cases}      :: else -> skip
      fi
    }} /* q{i} receives {m} from q{j} */",
                guard.join(" && "),
            );
        }
        self.out.push_str(&text);
    }
}

/// The guards switched on, by their rule ids (`none` when all are off).
fn guard_names(guards: Guards) -> String {
    let names: Vec<&str> = [
        (guards.no_publish_under_embargo, "publish.embargo-in-force"),
        (
            guards.publish_after_vendors_reached,
            "publish.vendors-unreached",
        ),
        (guards.no_self_accept, "embargo.self-accept"),
    ]
    .into_iter()
    .filter_map(|(on, name)| on.then_some(name))
    .collect();
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}
