//! The multi-party model as Promela with one process per participant, so that
//! SPIN's partial-order reduction can act, and with the explorer's invariants as
//! assertions, so that SPIN gives a verdict as well as a state count.
//!
//! The transition relation is [`promela`](super::promela)'s (the explorer's step
//! tables), laid out for SPIN's reduction:
//! - participant `i` is `active proctype p<i>()`, its local state id a *local*
//!   variable `q`; each step is one `d_step` of its `do` loop;
//! - the channel `c_<i>_<j>` is declared `xs` (exclusive send) by `p<i>` and `xr`
//!   (exclusive receive) by `p<j>`;
//! - the publication guard "every vendor reached" reads one global `bool r<v>` per
//!   vendor, set by the vendor's own receipt that reaches it (only those steps and
//!   the publications touch a global);
//! - the invariants are `assert`s in the step that would break them:
//!   `embargo-after-disclosure` in a step into a local state with an embargo in
//!   force after disclosure; `vendors-reached-before-end` in a step into a fixed
//!   and public view (every `r<v>` must hold; vendors are never unreached again);
//!   `publish-under-embargo` and `closed-stays-closed` on the steps that break
//!   them. A state invariant can only start to fail in a step of the participant
//!   whose view it reads, so checking those steps is checking every state.
//!
//! With `-DNOREDUCE` SPIN stores exactly the native explorer's state count (the
//! flags `r<v>` are functions of the local states); with its default reduction it
//! stores fewer. `assert` failures are reported as errors (`pan -E` ignores only
//! invalid end states, i.e. the explorer's terminal states and deadlocks).
//!
//! ```text
//! mpcvd export --format promela --per-process --participants … > case.pml
//! spin -a case.pml && cc -O2 -DSAFETY -o pan pan.c && ./pan -E -m100000000
//! ```

use std::fmt::Write as _;

use crate::analysis::explore::local::{LocalTable, alphabet, tabulate_all};
use crate::analysis::explore::search::Facts;
use crate::analysis::explore::{ExploreConfig, ExploreError, StepFunctions};
use crate::message::MessageType;
use crate::role::Role;

/// The Promela model of `config` with one process per participant (see the
/// module docs).
///
/// # Errors
/// [`ExploreError::LocalStates`] when a participant's local state set cannot be
/// encoded (not with the engine's step functions).
pub fn promela_processes(config: &ExploreConfig) -> Result<String, ExploreError> {
    let tables = tabulate_all(config, StepFunctions::default())?;
    Ok(Writer {
        config,
        tables: &tables,
        out: String::new(),
    }
    .write())
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

impl Writer<'_> {
    fn peers(&self, i: usize) -> Vec<usize> {
        (0..self.tables.len())
            .filter(|&j| self.config.linked(i, j))
            .collect()
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Room for `need` more messages on `c_<i>_<j>`: `nfull` for one (which
    /// SPIN allows the sender on an `xr` channel, unlike `len`), `len` beyond.
    fn room(&self, i: usize, j: usize, need: usize) -> Option<String> {
        let k = self.config.channel_bound();
        match need {
            0 => None,
            1 => Some(format!("nfull(c_{i}_{j})")),
            _ if need > k => Some("false".to_owned()),
            _ => Some(format!("len(c_{i}_{j}) <= K - {need}")),
        }
    }

    fn vendors(&self) -> Vec<usize> {
        self.tables
            .iter()
            .enumerate()
            .filter(|(_, t)| t.roles.contains(Role::Vendor))
            .map(|(v, _)| v)
            .collect()
    }

    fn facts(&self, i: usize, id: u16) -> Facts {
        self.tables
            .get(i)
            .and_then(|t| t.state(id).map(|l| Facts::of(t.roles, &l)))
            .unwrap_or_default()
    }

    fn write(mut self) -> String {
        let config = self.config;
        let mut head = String::new();
        let _ = writeln!(
            head,
            "/* mpcvd multi-party model, one process per participant, generated from the\n   explorer's step tables (see `mpcvd export --format promela` for the local state\n   ids).\n   participants: {}\n   channel bound {}, topology {}. */",
            config
                .participants()
                .iter()
                .enumerate()
                .map(|(i, r)| format!("p{i} = {r}"))
                .collect::<Vec<_>>()
                .join(", "),
            config.channel_bound(),
            config.topology(),
        );
        self.out.push_str(&head);
        self.line(&format!("#define K {}", config.channel_bound()));
        for m in MessageType::all() {
            self.line(&format!("#define {m} {}", code(m)));
        }
        let n = self.tables.len();
        for i in 0..n {
            for j in self.peers(i) {
                self.line(&format!(
                    "chan c_{i}_{j} = [{}] of {{ byte }};",
                    config.channel_bound()
                ));
            }
        }
        for v in self.vendors() {
            self.line(&format!("bool r{v};"));
        }
        for i in 0..n {
            self.process(i);
        }
        self.out
    }

    /// The global flags a step into `next` sets, and the assertions it makes.
    fn effects(&self, i: usize, id: u16, next: u16) -> Vec<String> {
        let mut out = Vec::new();
        let (before, after) = (self.facts(i, id), self.facts(i, next));
        if before.unreached_vendor && !after.unreached_vendor {
            out.push(format!("r{i} = 1"));
        }
        if after.embargo_after_disclosure && !before.embargo_after_disclosure {
            out.push("assert(false) /* embargo-after-disclosure */".to_owned());
        }
        if after.fixed_public && !before.fixed_public {
            let all = self.all_reached();
            out.push(format!("assert({all}) /* vendors-reached-before-end */"));
        }
        out
    }

    fn all_reached(&self) -> String {
        let terms: Vec<String> = self.vendors().iter().map(|v| format!("r{v}")).collect();
        if terms.is_empty() {
            "true".to_owned()
        } else {
            terms.join(" && ")
        }
    }

    fn process(&mut self, i: usize) {
        let peers = self.peers(i);
        let Some(table) = self.tables.get(i) else {
            return;
        };
        let width = if table.states.len() <= 256 {
            "byte"
        } else {
            "short"
        };
        let mut text = String::new();
        let _ = writeln!(text, "active proctype p{i}() {{ /* {} */", table.roles);
        let _ = writeln!(text, "  {width} q = 0;\n  byte m;");
        for &j in &peers {
            let _ = writeln!(text, "  xr c_{j}_{i};");
        }
        text.push_str("  do\n");
        let guard_vendors = self.config.guards().publish_after_vendors_reached;
        for (id, moves) in table.sends.iter().enumerate() {
            let Ok(id16) = u16::try_from(id) else {
                continue;
            };
            for mv in moves {
                let need = mv.emits.len();
                let mut guard = vec![format!("q == {id}")];
                for &j in &peers {
                    if let Some(room) = self.room(i, j, need) {
                        guard.push(room);
                    }
                }
                if mv.publishes && guard_vendors {
                    guard.push(format!("({})", self.all_reached()));
                }
                let mut body = vec![format!("q = {}", mv.next)];
                for &j in &peers {
                    for m in mv.emits.iter() {
                        body.push(format!("c_{i}_{j}!{m}"));
                    }
                }
                body.extend(self.effects(i, id16, mv.next));
                if mv.under_embargo {
                    body.push("assert(false) /* publish-under-embargo */".to_owned());
                }
                if mv.reopens {
                    body.push("assert(false) /* closed-stays-closed */".to_owned());
                }
                let _ = writeln!(
                    text,
                    "  :: d_step {{ {} -> {} }} /* sends {} */",
                    guard.join(" && "),
                    body.join("; "),
                    mv.message
                );
            }
        }
        for &j in &peers {
            for m in alphabet(self.config).iter() {
                let mut guard = vec![format!("c_{j}_{i}?[{m}]")];
                for r in 1..=3usize {
                    let states: Vec<String> = (0..table.states.len())
                        .filter_map(|id| u16::try_from(id).ok())
                        .filter(|&id| table.receive(id, m).is_some_and(|rv| rv.replies.len() >= r))
                        .map(|id| format!("q == {id}"))
                        .collect();
                    if let (false, Some(room)) = (states.is_empty(), self.room(i, j, r)) {
                        guard.push(format!("({room} || !({}))", states.join(" || ")));
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
                        effect.push(format!("q = {}", rv.next));
                    }
                    for reply in rv.replies.iter() {
                        effect.push(format!("c_{i}_{j}!{reply}"));
                    }
                    effect.extend(self.effects(i, id, rv.next));
                    if rv.reopens {
                        effect.push("assert(false) /* closed-stays-closed */".to_owned());
                    }
                    let _ = writeln!(cases, "      :: q == {id} -> {}", effect.join("; "));
                }
                let _ = writeln!(
                    text,
                    "  :: d_step {{ {} ->\n      c_{j}_{i}?m; m = 0;\n      if\n{cases}      :: else -> skip\n      fi\n    }} /* receives {m} from p{j} */",
                    guard.join(" && "),
                );
            }
        }
        text.push_str("  od\n}\n");
        self.out.push_str(&text);
    }
}
