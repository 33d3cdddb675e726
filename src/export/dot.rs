//! Graphviz DOT.

use super::{is_final, levels, values};
use crate::machine::Machine;

/// The machine as a Graphviz `digraph` named after it (`digraph rm { … }`).
///
/// One node per state, rounded boxes, final states with a double border; a point
/// node `__initial` points at the initial state; one edge per table row, labelled
/// with the action. When every row leads one step further from the initial state
/// (the case-state graph), states at the same distance share a rank, so the 32 case
/// states line up in seven columns by how many events have happened.
///
/// # Example
/// ```
/// use mpcvd::em::Em;
/// let dot = mpcvd::export::dot::<Em>();
/// assert!(dot.contains(r#"__initial -> "none";"#));
/// assert!(dot.contains(r#""revise" -> "active" [label="reject"];"#));
/// assert!(dot.contains(r#""exited" [peripheries=2];"#));
/// ```
#[must_use]
pub fn dot<M: Machine>() -> String {
    let mut lines = vec![
        format!("digraph {} {{", M::KIND),
        "    rankdir=LR;".to_owned(),
        "    node [shape=box, style=rounded];".to_owned(),
        "    __initial [shape=point, label=\"\"];".to_owned(),
    ];
    for state in values::<M::State>() {
        let name = quote(&state.to_string());
        if is_final::<M>(state) {
            lines.push(format!("    {name} [peripheries=2];"));
        } else {
            lines.push(format!("    {name};"));
        }
    }
    if let Some(levels) = levels::<M>() {
        for level in levels {
            let names: Vec<String> = level.iter().map(|s| quote(&s.to_string())).collect();
            lines.push(format!("    {{ rank=same; {}; }}", names.join("; ")));
        }
    }
    lines.push(format!(
        "    __initial -> {};",
        quote(&M::INITIAL.to_string())
    ));
    for row in M::TRANSITIONS {
        lines.push(format!(
            "    {} -> {} [label={}];",
            quote(&row.from.to_string()),
            quote(&row.to.to_string()),
            quote(&row.action.to_string()),
        ));
    }
    lines.push("}".to_owned());
    lines.push(String::new());
    lines.join("\n")
}

/// A DOT double-quoted string.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}
