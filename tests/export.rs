//! Exports (DOT, Mermaid, JSON): every table row is an edge in every format, the
//! JSON round-trips to the tables, and the diagrams match the reference's graphs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed assertion"
)]

use std::collections::BTreeSet;
use std::fmt::Display;
use std::str::FromStr;

use mpcvd::cs::{CaseState, Cs, CsEvent};
use mpcvd::em::{Em, EmAction, EmState};
use mpcvd::export::{Format, Table, dot, export, json, mermaid, table};
use mpcvd::machine::{Machine, MachineKind, Transition};
use mpcvd::pec::{Pec, PecAction, PecState};
use mpcvd::rm::{Rm, RmAction, RmState};
use serde::de::DeserializeOwned;

const KINDS: [MachineKind; 4] = [
    MachineKind::Rm,
    MachineKind::Em,
    MachineKind::Cs,
    MachineKind::Pec,
];
const FORMATS: [Format; 3] = [Format::Dot, Format::Mermaid, Format::Json];

/// The edges of a DOT export as (from, action, to), read back from its text.
fn dot_edges(text: &str) -> Vec<(String, String, String)> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim().strip_suffix("];")?;
            let (ends, label) = line.split_once(" [label=")?;
            let (from, to) = ends.split_once(" -> ")?;
            Some((unquote(from), unquote(label), unquote(to)))
        })
        .collect()
}

/// The edges of a Mermaid export as (from, action, to), one per listed action.
fn mermaid_edges(text: &str) -> Vec<(String, String, String)> {
    let mut edges = Vec::new();
    for line in text.lines() {
        let Some((ends, labels)) = line.trim().split_once(" : ") else {
            continue;
        };
        let (from, to) = ends.split_once(" --> ").expect("an arrow");
        for action in labels.split(", ") {
            edges.push((from.to_owned(), action.to_owned(), to.to_owned()));
        }
    }
    edges
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches('"').to_owned()
}

fn rows<M: Machine>() -> Vec<(String, String, String)> {
    M::TRANSITIONS
        .iter()
        .map(|r| (r.from.to_string(), r.action.to_string(), r.to.to_string()))
        .collect()
}

fn check_every_row_is_an_edge<M: Machine>() {
    let expected = rows::<M>();
    assert_eq!(dot_edges(&dot::<M>()), expected, "{} dot", M::KIND);
    let mut from_mermaid = mermaid_edges(&mermaid::<M>());
    let mut sorted = expected.clone();
    from_mermaid.sort();
    sorted.sort();
    assert_eq!(from_mermaid, sorted, "{} mermaid", M::KIND);
    let t = table::<M>();
    let from_json: Vec<_> = t
        .transitions
        .iter()
        .map(|r| (r.from.clone(), r.action.clone(), r.to.clone()))
        .collect();
    assert_eq!(from_json, expected, "{} json", M::KIND);
}

#[test]
fn every_table_row_is_an_edge_in_every_format() {
    check_every_row_is_an_edge::<Rm>();
    check_every_row_is_an_edge::<Em>();
    check_every_row_is_an_edge::<Cs>();
    check_every_row_is_an_edge::<Pec>();
}

/// Parses the JSON export back into typed rows, with serde and with `FromStr`.
fn round_trip<M>() -> Vec<Transition<M::State, M::Action>>
where
    M: Machine,
    M::State: DeserializeOwned + FromStr,
    M::Action: DeserializeOwned + FromStr,
    <M::State as FromStr>::Err: std::fmt::Debug,
    <M::Action as FromStr>::Err: std::fmt::Debug,
{
    let back: Table = serde_json::from_str(&json::<M>()).expect("valid JSON");
    assert_eq!(back.machine, M::KIND);
    let initial: M::State = serde_json::from_value(back.initial.clone().into()).unwrap();
    assert_eq!(initial, M::INITIAL);
    back.transitions
        .iter()
        .map(|row| {
            let from: M::State = serde_json::from_value(row.from.clone().into()).unwrap();
            let action: M::Action = serde_json::from_value(row.action.clone().into()).unwrap();
            let to: M::State = serde_json::from_value(row.to.clone().into()).unwrap();
            assert_eq!(from, row.from.parse().unwrap());
            assert_eq!(action, row.action.parse().unwrap());
            assert_eq!(to, row.to.parse().unwrap());
            Transition::new(from, action, to)
        })
        .collect()
}

#[test]
fn json_round_trips_to_the_tables() {
    assert_eq!(round_trip::<Rm>(), Rm::TRANSITIONS);
    assert_eq!(round_trip::<Em>(), Em::TRANSITIONS);
    assert_eq!(round_trip::<Cs>(), Cs::TRANSITIONS);
    assert_eq!(round_trip::<Pec>(), Pec::TRANSITIONS);
}

#[test]
fn json_lists_states_and_actions_from_the_reference() {
    let rm = table::<Rm>();
    assert_eq!(rm.machine, MachineKind::Rm);
    assert_eq!(rm.initial, "start");
    assert_eq!(
        rm.states,
        [
            "start", "received", "invalid", "valid", "accepted", "deferred", "closed"
        ]
    );
    assert_eq!(
        rm.actions,
        [
            "receive",
            "validate",
            "invalidate",
            "accept",
            "defer",
            "close"
        ]
    );
    let em = table::<Em>();
    assert_eq!(
        em.states,
        ["none", "proposed", "active", "revise", "exited"]
    );
    assert_eq!(em.actions, ["propose", "reject", "accept", "terminate"]);
    let pec = table::<Pec>();
    assert_eq!(
        pec.states,
        ["no_embargo", "invited", "signatory", "declined", "lapsed"]
    );
    let cs = table::<Cs>();
    assert_eq!(cs.initial, "vfdpxa");
    assert_eq!(cs.states.len(), 32, "4 vendor prefixes x 8 public suffixes");
    assert!(
        !cs.states
            .iter()
            .any(|s| s.starts_with("vF") || &s[1..3] == "fD")
    );
    assert_eq!(cs.transitions.len(), 58, "reference §3: 58 edges");
}

#[test]
fn json_has_the_documented_shape() {
    let value: serde_json::Value = serde_json::from_str(&json::<Rm>()).unwrap();
    let keys: BTreeSet<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["machine", "initial", "states", "actions", "transitions"])
    );
    assert_eq!(value["machine"], "rm");
    assert_eq!(
        value["transitions"][0],
        serde_json::json!({"from": "start", "action": "receive", "to": "received"})
    );
    // Field order is the documented one in the text form.
    let text = json::<Rm>();
    let at = |k: &str| text.find(&format!("\"{k}\"")).unwrap();
    assert!(at("machine") < at("initial") && at("initial") < at("states"));
    assert!(at("states") < at("actions") && at("actions") < at("transitions"));
    assert!(text.ends_with("}\n"));
}

/// Reference §1, written independently of the code's table.
const RM_EDGES: [(&str, &str, &str); 11] = [
    ("start", "receive", "received"),
    ("received", "validate", "valid"),
    ("received", "invalidate", "invalid"),
    ("invalid", "validate", "valid"),
    ("invalid", "close", "closed"),
    ("valid", "accept", "accepted"),
    ("valid", "defer", "deferred"),
    ("accepted", "defer", "deferred"),
    ("accepted", "close", "closed"),
    ("deferred", "accept", "accepted"),
    ("deferred", "close", "closed"),
];

/// Reference §2, written independently of the code's table.
const EM_EDGES: [(&str, &str, &str); 10] = [
    ("none", "propose", "proposed"),
    ("proposed", "propose", "proposed"),
    ("proposed", "reject", "none"),
    ("proposed", "accept", "active"),
    ("active", "propose", "revise"),
    ("revise", "propose", "revise"),
    ("revise", "accept", "active"),
    ("revise", "reject", "active"),
    ("active", "terminate", "exited"),
    ("revise", "terminate", "exited"),
];

fn as_set(edges: &[(&str, &str, &str)]) -> BTreeSet<(String, String, String)> {
    edges
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn rm_and_em_diagrams_draw_the_reference_graphs() {
    for text in [dot::<Rm>(), mermaid::<Rm>()] {
        let edges = if text.starts_with("digraph") {
            dot_edges(&text)
        } else {
            mermaid_edges(&text)
        };
        assert_eq!(
            edges.into_iter().collect::<BTreeSet<_>>(),
            as_set(&RM_EDGES)
        );
    }
    for text in [dot::<Em>(), mermaid::<Em>()] {
        let edges = if text.starts_with("digraph") {
            dot_edges(&text)
        } else {
            mermaid_edges(&text)
        };
        assert_eq!(
            edges.into_iter().collect::<BTreeSet<_>>(),
            as_set(&EM_EDGES)
        );
    }
    // Closing straight from Valid is not drawn (reference §1 prohibition).
    assert!(!dot::<Rm>().contains(r#""valid" -> "closed""#));
}

#[test]
fn initial_and_final_states_are_marked() {
    let cases = [
        (MachineKind::Rm, "start", vec!["closed"]),
        (MachineKind::Em, "none", vec!["exited"]),
        (MachineKind::Cs, "vfdpxa", vec!["VFDPXA"]),
        (MachineKind::Pec, "no_embargo", vec![]),
    ];
    for (kind, initial, finals) in cases {
        let d = export(Format::Dot, kind);
        assert!(
            d.contains(&format!("__initial -> \"{initial}\";")),
            "{kind}"
        );
        assert_eq!(d.matches("[peripheries=2]").count(), finals.len(), "{kind}");
        let m = export(Format::Mermaid, kind);
        assert_eq!(m.matches("[*] -->").count(), 1, "{kind}");
        assert!(m.contains(&format!("    [*] --> {initial}\n")), "{kind}");
        assert_eq!(m.matches("--> [*]").count(), finals.len(), "{kind}");
        for f in finals {
            assert!(d.contains(&format!("\"{f}\" [peripheries=2];")), "{kind}");
            assert!(m.contains(&format!("    {f} --> [*]\n")), "{kind}");
        }
    }
}

#[test]
fn case_state_graph_is_readable() {
    let m = mermaid::<Cs>();
    // Edges are labelled with the event letter; decision 1: VFdPxA takes X to VFdPXA.
    assert!(m.contains("    VFdPxA --> VFdPXA : X\n"));
    assert!(!m.contains("VFdPxA --> VFDPXA"));
    // Forcing rules: `pX` states only take P; `v··P··` only takes V.
    assert!(m.contains("    vfdpXa --> vfdPXa : P\n"));
    assert_eq!(m.matches("    vfdpXa --> ").count(), 1);
    assert_eq!(m.matches("    vfdPxa --> ").count(), 1);
    // The DOT output lines states up by how many events happened: 7 ranks.
    let d = dot::<Cs>();
    let ranks: Vec<&str> = d.lines().filter(|l| l.contains("rank=same")).collect();
    assert_eq!(ranks.len(), 7);
    assert_eq!(ranks[0].trim(), r#"{ rank=same; "vfdpxa"; }"#);
    assert_eq!(ranks[6].trim(), r#"{ rank=same; "VFDPXA"; }"#);
    for (events, line) in ranks.iter().enumerate() {
        let states: Vec<CaseState> = line
            .split('"')
            .skip(1)
            .step_by(2)
            .map(|s| s.parse().unwrap())
            .collect();
        assert!(
            states
                .iter()
                .all(|s| s.bits().count_ones() as usize == events)
        );
    }
    // Machines with loops get no ranks.
    assert!(!dot::<Rm>().contains("rank=same"));
    assert!(!dot::<Em>().contains("rank=same"));
}

#[test]
fn mermaid_merges_parallel_rows_into_one_arrow() {
    let m = mermaid::<Em>();
    assert!(m.contains("    revise --> active : accept, reject\n"));
    assert_eq!(m.matches("revise --> active").count(), 1);
    // DOT keeps one edge per row.
    assert_eq!(dot::<Em>().matches(r#""revise" -> "active""#).count(), 2);
}

#[test]
fn export_by_name_matches_the_typed_exporters() {
    assert_eq!(export(Format::Dot, MachineKind::Rm), dot::<Rm>());
    assert_eq!(export(Format::Mermaid, MachineKind::Em), mermaid::<Em>());
    assert_eq!(export(Format::Json, MachineKind::Cs), json::<Cs>());
    assert_eq!(export(Format::Json, MachineKind::Pec), json::<Pec>());
    for kind in KINDS {
        for format in FORMATS {
            let a = export(format, kind);
            assert_eq!(a, export(format, kind), "deterministic");
            assert!(a.ends_with('\n'));
        }
    }
}

#[test]
fn cli_names_parse() {
    for (text, format) in [
        ("dot", Format::Dot),
        ("mermaid", Format::Mermaid),
        ("json", Format::Json),
    ] {
        assert_eq!(text.parse::<Format>().unwrap(), format);
        assert_eq!(format.to_string(), text);
    }
    for (text, kind) in ["rm", "em", "cs", "pec"].into_iter().zip(KINDS) {
        assert_eq!(text.parse::<MachineKind>().unwrap(), kind);
    }
    assert!("svg".parse::<Format>().is_err());
}

/// The text form of every value is its serde form, which the exports rely on.
fn text_is_serde_form<T: Display + serde::Serialize>(values: impl IntoIterator<Item = T>) {
    for v in values {
        assert_eq!(serde_json::to_value(&v).unwrap(), v.to_string());
    }
}

#[test]
fn text_forms_are_serde_forms() {
    use strum::IntoEnumIterator;
    text_is_serde_form(RmState::iter());
    text_is_serde_form(RmAction::iter());
    text_is_serde_form(EmState::iter());
    text_is_serde_form(EmAction::iter());
    text_is_serde_form(PecState::iter());
    text_is_serde_form(PecAction::iter());
    text_is_serde_form(CsEvent::ALL);
    text_is_serde_form(CaseState::all());
}
