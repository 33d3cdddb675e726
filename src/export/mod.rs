//! Exports of the machines' transition tables to Graphviz DOT, Mermaid and JSON,
//! and of a multi-party exploration to Promela for SPIN ([`promela`]).
//!
//! Every exporter is generic over [`Machine`] and reads [`Machine::TRANSITIONS`], the
//! same `const` table the machine itself runs on, so a diagram cannot drift from the
//! code. [`export`] is the entry point by name (`--format dot --machine rm`); [`dot`],
//! [`mermaid`], [`json`] and [`table`] are the typed ones.
//!
//! Output is deterministic: states in declaration order (case states in order of
//! their bits), edges in table order, no timestamps or hash-map iteration.
//!
//! Conventions shared by the diagram formats:
//! - states and actions are written in their text form (`Display`), which is also
//!   their serde and `FromStr` form: `received`, `no_embargo`, `VFdPxa`, `V`;
//! - an arrow from a start marker points at [`Machine::INITIAL`];
//! - a state with no outgoing row (`closed`, `exited`, `VFDPXA`) is drawn as final.
//!
//! # Example
//! ```
//! use mpcvd::export::{export, Format};
//! use mpcvd::machine::MachineKind;
//!
//! let dot = export(Format::Dot, MachineKind::Rm);
//! assert!(dot.starts_with("digraph rm {"));
//! assert!(dot.contains(r#""start" -> "received" [label="receive"];"#));
//!
//! let mermaid = export(Format::Mermaid, MachineKind::Cs);
//! assert!(mermaid.contains("VfdPxa --> VFdPxa : F"));
//!
//! let json: serde_json::Value = serde_json::from_str(&export(Format::Json, MachineKind::Em))?;
//! assert_eq!(json["initial"], "none");
//! assert_eq!(json["transitions"].as_array().map(Vec::len), Some(10));
//! # Ok::<(), serde_json::Error>(())
//! ```

mod dot;
mod json;
mod mermaid;
mod promela;
mod promela_processes;
pub mod sequence;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr};

use crate::cs::Cs;
use crate::em::Em;
use crate::machine::{Machine, MachineKind};
use crate::pec::Pec;
use crate::rm::Rm;
use crate::set::Indexed;

pub use dot::dot;
pub use json::{Row, Table, json, table};
pub use mermaid::mermaid;
pub use promela::promela;
pub use promela_processes::promela_processes;

/// An export format; its text form (`dot`, `mermaid`, `json`) is what a command line
/// takes.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Format {
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// Mermaid `stateDiagram-v2`, as rendered by GitHub and most Markdown tools.
    Mermaid,
    /// The transition table as JSON; see [`Table`].
    Json,
}

/// Exports `machine` in `format`: the entry point for
/// `mpcvd export --format dot|mermaid|json --machine rm|em|cs|pec`.
///
/// # Example
/// ```
/// use mpcvd::export::{export, Format};
/// use mpcvd::machine::MachineKind;
///
/// let format: Format = "mermaid".parse()?;
/// let machine: MachineKind = "pec".parse()?;
/// let text = export(format, machine);
/// assert!(text.starts_with("stateDiagram-v2\n"));
/// assert!(text.contains("[*] --> no_embargo"));
/// # Ok::<(), strum::ParseError>(())
/// ```
#[must_use]
pub fn export(format: Format, machine: MachineKind) -> String {
    match machine {
        MachineKind::Rm => export_machine::<Rm>(format),
        MachineKind::Em => export_machine::<Em>(format),
        MachineKind::Cs => export_machine::<Cs>(format),
        MachineKind::Pec => export_machine::<Pec>(format),
    }
}

fn export_machine<M: Machine>(format: Format) -> String {
    match format {
        Format::Dot => dot::<M>(),
        Format::Mermaid => mermaid::<M>(),
        Format::Json => json::<M>(),
    }
}

/// Every value of an [`Indexed`] type, in index order (for case states: the 32 valid
/// states in order of their bits).
fn values<T: Indexed>() -> impl Iterator<Item = T> {
    (0..T::COUNT)
        .filter_map(|i| u8::try_from(i).ok())
        .filter_map(T::from_index)
}

/// Whether the table has no row leaving `state`.
fn is_final<M: Machine>(state: M::State) -> bool {
    !M::TRANSITIONS.iter().any(|row| row.from == state)
}

/// The states grouped by distance from the initial state, when every row leads
/// exactly one step further from it (the case-state graph, where each event adds a
/// letter); `None` for machines with loops or back edges. Diagrams use the levels to
/// line states up in columns.
fn levels<M: Machine>() -> Option<Vec<Vec<M::State>>> {
    let mut depth: Vec<Option<usize>> = vec![None; M::State::COUNT];
    *depth.get_mut(usize::from(M::INITIAL.index()))? = Some(0);
    // Breadth-first search; each round settles the states one step further out.
    let mut frontier = vec![M::INITIAL];
    let mut level: usize = 0;
    while !frontier.is_empty() {
        let next_level = level.checked_add(1)?;
        let mut next = Vec::new();
        for row in M::TRANSITIONS
            .iter()
            .filter(|row| frontier.contains(&row.from))
        {
            let entry = depth.get_mut(usize::from(row.to.index()))?;
            if entry.is_none() {
                *entry = Some(next_level);
                next.push(row.to);
            }
        }
        frontier = next;
        level = next_level;
    }
    let depth_of = |state: M::State| depth.get(usize::from(state.index())).copied().flatten();
    let layered = M::TRANSITIONS.iter().all(|row| {
        matches!((depth_of(row.from), depth_of(row.to)),
            (Some(a), Some(b)) if a.checked_add(1) == Some(b))
    });
    if !layered {
        return None;
    }
    let mut groups: Vec<Vec<M::State>> = Vec::new();
    for state in values::<M::State>() {
        let d = depth_of(state)?;
        while groups.len() <= d {
            groups.push(Vec::new());
        }
        groups.get_mut(d)?.push(state);
    }
    Some(groups)
}
