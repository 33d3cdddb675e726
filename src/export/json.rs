//! The transition table as JSON.

use serde::{Deserialize, Serialize};

use super::values;
use crate::machine::{Machine, MachineKind};

/// A machine's transition table in text form, as [`json`] writes it:
/// `{"machine": "rm", "initial": "start", "states": [...], "actions": [...],
/// "transitions": [{"from": ..., "action": ..., "to": ...}, ...]}`.
///
/// Names are the text forms of the states and actions, which are also their serde
/// and `FromStr` forms, so each parses back into the machine's own types.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Which machine (`rm`, `em`, `cs`, `pec`).
    pub machine: MachineKind,
    /// The initial state.
    pub initial: String,
    /// Every state, in declaration order (case states in order of their bits).
    pub states: Vec<String>,
    /// Every action, in declaration order.
    pub actions: Vec<String>,
    /// Every row of the table, in table order.
    pub transitions: Vec<Row>,
}

/// One row of a [`Table`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The state the action is taken in.
    pub from: String,
    /// The action.
    pub action: String,
    /// The state it leads to.
    pub to: String,
}

/// The transition table of `M` in text form.
///
/// # Example
/// ```
/// use mpcvd::export::{table, Row};
/// use mpcvd::pec::Pec;
/// let t = table::<Pec>();
/// assert_eq!(t.initial, "no_embargo");
/// assert_eq!(t.transitions.len(), 15);
/// assert_eq!(t.transitions[0], Row {
///     from: "no_embargo".into(), action: "invite".into(), to: "invited".into(),
/// });
/// ```
#[must_use]
pub fn table<M: Machine>() -> Table {
    Table {
        machine: M::KIND,
        initial: M::INITIAL.to_string(),
        states: values::<M::State>().map(|s| s.to_string()).collect(),
        actions: values::<M::Action>().map(|a| a.to_string()).collect(),
        transitions: M::TRANSITIONS
            .iter()
            .map(|row| Row {
                from: row.from.to_string(),
                action: row.action.to_string(),
                to: row.to.to_string(),
            })
            .collect(),
    }
}

/// The transition table of `M` as pretty-printed JSON (two-space indent, keys in
/// the order of [`Table`]'s fields, trailing newline).
///
/// # Example
/// ```
/// use mpcvd::cs::Cs;
/// use mpcvd::export::Table;
/// let text = mpcvd::export::json::<Cs>();
/// let back: Table = serde_json::from_str(&text)?;
/// assert_eq!(back.states.len(), 32);
/// assert_eq!(back.transitions.len(), 58);
/// assert_eq!(back.actions, ["V", "F", "D", "P", "X", "A"]);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[must_use]
pub fn json<M: Machine>() -> String {
    // A table of strings always serialises; an empty string would mean a serde bug.
    let mut text = serde_json::to_string_pretty(&table::<M>()).unwrap_or_default();
    text.push('\n');
    text
}
