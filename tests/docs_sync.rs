//! Keeps the generated parts of `docs/protocol.md` in step with the code.
//!
//! Every block between `<!-- generated:NAME -->` and `<!-- /generated -->` is
//! regenerated from the machines' tables and the message send rules; the test fails
//! when the file differs. To rewrite the file after changing a table, run
//!
//! ```text
//! MPCVD_BLESS=1 cargo test --test docs_sync
//! ```
//!
//! and review the diff.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is a failed assertion"
)]

use std::path::PathBuf;

use mpcvd::cs::Cs;
use mpcvd::em::{Em, EmState};
use mpcvd::export::mermaid;
use mpcvd::machine::Machine;
use mpcvd::message::{Announces, CaseRequirement, MessageType};
use mpcvd::pec::Pec;
use mpcvd::rm::{Rm, RmState};
use mpcvd::set::Set;

const START: &str = "<!-- generated:";
const END: &str = "<!-- /generated -->";

/// Every block the document must hold.
const BLOCKS: [&str; 5] = [
    "rm:mermaid",
    "em:mermaid",
    "pec:mermaid",
    "cs:mermaid",
    "messages:table",
];

fn generate(name: &str) -> Option<String> {
    let diagram = |text: String| format!("```mermaid\n{text}```\n");
    Some(match name {
        "rm:mermaid" => diagram(mermaid::<Rm>()),
        "em:mermaid" => diagram(mermaid::<Em>()),
        "pec:mermaid" => diagram(mermaid::<Pec>()),
        "cs:mermaid" => diagram(mermaid::<Cs>()),
        "messages:table" => message_table(),
        _ => return None,
    })
}

/// `{R, I}` from a set of RM states, by their reference letters.
fn rm_letters(states: Set<RmState>) -> String {
    let letters: Vec<String> = states.iter().map(|s| s.symbol().to_string()).collect();
    format!("{{{}}}", letters.join(", "))
}

fn em_letters(states: Set<EmState>) -> String {
    let letters: Vec<String> = states.iter().map(|s| s.symbol().to_string()).collect();
    format!("{{{}}}", letters.join(", "))
}

/// The table of all message types, from `MessageType::send_rule()`.
fn message_table() -> String {
    let mut out = String::from(
        "| type | name | model | sender transition | sender RM | sender EM | case state | roles |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for message in MessageType::all() {
        let rule = message.send_rule();
        let rm = rule.rm_states();
        let em = rule.em_states();
        let transition = match rule.announces {
            Announces::Rm(action) => {
                let to = rm.iter().find_map(|s| Rm::next(s, action)).unwrap();
                format!("RM {} →{} {}", rm_letters(rm), action.symbol(), to.symbol())
            }
            Announces::Em(action, _) => {
                let to = em.iter().find_map(|s| Em::next(s, action)).unwrap();
                format!("EM {} →{} {}", em_letters(em), action.symbol(), to.symbol())
            }
            Announces::Cs(event) => format!("CS event {event}"),
            Announces::Reply => "none (a reply)".to_owned(),
            Announces::Nothing => "none".to_owned(),
        };
        let rm_text = if rm == Set::all() {
            "any".to_owned()
        } else if rm == Set::all().without(RmState::Closed) {
            "not C".to_owned()
        } else {
            rm_letters(rm)
        };
        let em_text = if em == Set::all() {
            "any".to_owned()
        } else {
            em_letters(em)
        };
        let case = match rule.case {
            CaseRequirement::Any => "any",
            CaseRequirement::EmbargoViable => "`···pxa`",
        };
        let mut roles = if rule.roles.is_empty() {
            "anyone".to_owned()
        } else {
            let names: Vec<String> = rule.roles.iter().map(ToString::to_string).collect();
            names.join(", ")
        };
        if let Some(behalf) = rule.on_behalf {
            let states: Set<RmState> = Set::from_slice(behalf);
            roles.push_str(&format!(
                "; or anyone in RM {} (notifier)",
                rm_letters(states)
            ));
        }
        out.push_str(&format!(
            "| `{}` | {} | {} | {transition} | {rm_text} | {em_text} | {case} | {roles} |\n",
            message.code(),
            message.name(),
            message.model(),
        ));
    }
    out
}

/// The document with every generated block regenerated, and the block names found.
///
/// A block starts with a line that is exactly `<!-- generated:NAME -->` and ends with
/// the next line that is exactly `<!-- /generated -->`; markers quoted inside other
/// lines are text.
fn regenerate(text: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut names = Vec::new();
    let mut lines = text.split_inclusive('\n');
    while let Some(line) = lines.next() {
        out.push_str(line);
        let Some(name) = line
            .trim_end()
            .strip_prefix(START)
            .and_then(|rest| rest.strip_suffix(" -->"))
        else {
            continue;
        };
        let body = generate(name).unwrap_or_else(|| panic!("unknown block `{name}`"));
        if !line.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&body);
        let end = lines
            .by_ref()
            .find(|l| l.trim_end() == END)
            .unwrap_or_else(|| panic!("block `{name}` has no `{END}` line"));
        out.push_str(end);
        names.push(name.to_owned());
    }
    (out, names)
}

fn doc_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/protocol.md")
}

#[test]
fn protocol_md_is_in_sync_with_the_code() {
    let path = doc_path();
    let text = std::fs::read_to_string(&path).expect("docs/protocol.md exists");
    let (fresh, names) = regenerate(&text);
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        sorted.len(),
        names.len(),
        "a block appears twice: {names:?}"
    );
    for block in BLOCKS {
        assert!(names.iter().any(|n| n == block), "block `{block}` missing");
    }
    if fresh == text {
        return;
    }
    if std::env::var("MPCVD_BLESS").as_deref() == Ok("1") {
        // Write beside it and rename, so a test reading the file never sees it half written.
        let staged = path.with_extension("md.blessing");
        std::fs::write(&staged, fresh).expect("docs/ is writable");
        std::fs::rename(&staged, &path).expect("docs/protocol.md is replaceable");
        return;
    }
    let line = text
        .lines()
        .zip(fresh.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| text.lines().count().min(fresh.lines().count()))
        + 1;
    panic!(
        "docs/protocol.md is out of date (first difference at line {line}); \
         run `MPCVD_BLESS=1 cargo test --test docs_sync` and review the diff"
    );
}

#[test]
fn regenerating_is_idempotent_and_detects_edits() {
    let text = std::fs::read_to_string(doc_path()).unwrap();
    let (fresh, _) = regenerate(&text);
    assert_eq!(regenerate(&fresh).0, fresh);
    // A hand edit inside a block is undone by regeneration, so the sync test sees it.
    let edited = fresh.replacen(
        "start --> received : receive",
        "start --> closed : close",
        1,
    );
    assert_ne!(edited, fresh, "the RM block holds the first RM row");
    assert_eq!(regenerate(&edited).0, fresh);
}

#[test]
fn message_table_lists_the_28_types_of_the_reference() {
    let table = message_table();
    let rows: Vec<&str> = table.lines().skip(2).collect();
    assert_eq!(rows.len(), 28, "reference §5: 28 message types");
    // Reference §5, written independently: sender rules for a few types.
    let row = |code: &str| {
        *rows
            .iter()
            .find(|r| r.starts_with(&format!("| `{code}` |")))
            .unwrap()
    };
    assert!(row("RS").contains("| none | {A} |"));
    assert!(row("RI").contains("RM {R} →i I"), "decision 2: only R → I");
    assert!(row("RV").contains("RM {R, I} →v V"));
    assert!(row("RC").contains("RM {I, A, D} →c C"));
    assert!(row("EP").contains("EM {N, P} →p P") && row("EP").contains("`···pxa`"));
    assert!(
        row("EV").contains("EM {A, R} →p R"),
        "decision 4: EV is its own type"
    );
    assert!(row("ET").contains("EM {A, R} →t X") && row("ET").contains("| any |"));
    assert!(row("CF").ends_with("| vendor |"));
    assert!(row("GI").contains("| any | any | any | anyone |"));
}
