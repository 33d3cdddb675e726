//! Mermaid `stateDiagram-v2`.

use super::{is_final, values};
use crate::machine::Machine;

/// The machine as a Mermaid `stateDiagram-v2`, left to right.
///
/// `[*] --> initial`; one arrow per pair of states that a row connects, labelled
/// with the action, e.g. `start --> received : receive`; `final --> [*]` for each
/// state with no outgoing row. Rows joining the same two states share one arrow
/// whose label lists their actions in table order (`revise --> active : accept, reject`),
/// because Mermaid draws parallel arrows on top of each other.
///
/// State identifiers are the states' text forms (`VFdPxa`, `no_embargo`); a name
/// with characters Mermaid does not accept in an identifier would be declared as
/// `state "name" as id` with the other characters replaced by `_`.
///
/// # Example
/// ```
/// use mpcvd::rm::Rm;
/// let text = mpcvd::export::mermaid::<Rm>();
/// assert!(text.starts_with("stateDiagram-v2\n    direction LR\n"));
/// assert!(text.contains("    [*] --> start\n"));
/// assert!(text.contains("    deferred --> accepted : accept\n"));
/// assert!(text.contains("    closed --> [*]\n"));
/// ```
#[must_use]
pub fn mermaid<M: Machine>() -> String {
    let mut lines = vec!["stateDiagram-v2".to_owned(), "    direction LR".to_owned()];
    for state in values::<M::State>() {
        let name = state.to_string();
        let id = identifier(&name);
        if id != name {
            lines.push(format!("    state \"{}\" as {id}", name.replace('"', "'")));
        }
    }
    lines.push(format!(
        "    [*] --> {}",
        identifier(&M::INITIAL.to_string())
    ));
    // Arrows in order of their first row; parallel rows merge into one label.
    let mut arrows: Vec<(M::State, M::State, Vec<String>)> = Vec::new();
    for row in M::TRANSITIONS {
        let action = row.action.to_string();
        match arrows
            .iter_mut()
            .find(|(from, to, _)| *from == row.from && *to == row.to)
        {
            Some((_, _, actions)) => actions.push(action),
            None => arrows.push((row.from, row.to, vec![action])),
        }
    }
    for (from, to, actions) in arrows {
        lines.push(format!(
            "    {} --> {} : {}",
            identifier(&from.to_string()),
            identifier(&to.to_string()),
            actions.join(", "),
        ));
    }
    for state in values::<M::State>().filter(|&s| is_final::<M>(s)) {
        lines.push(format!("    {} --> [*]", identifier(&state.to_string())));
    }
    lines.push(String::new());
    lines.join("\n")
}

/// `name` with every character outside `[A-Za-z0-9_]` replaced by `_`.
fn identifier(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
