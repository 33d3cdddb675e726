//! Variant models as data: the standard model agrees edge for edge with the typed
//! `CaseState` machine, JSON round-trips, and bad model files get clear errors.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    reason = "test code: a panic is a failed assertion"
)]

use mpcvd::analysis::{ModelError, ModelGraph, ProcessModel};
use mpcvd::cs::{CaseState, TRANSITIONS};

#[test]
fn data_model_and_typed_machine_agree_edge_for_edge() {
    let model = ProcessModel::standard();
    let graph = ModelGraph::new(&model);
    // Same states, same order (by bits).
    let typed_states: Vec<String> = CaseState::all().map(|s| s.to_string()).collect();
    let data_states: Vec<String> = graph
        .states()
        .iter()
        .map(|&s| model.state_text(s))
        .collect();
    assert_eq!(data_states, typed_states);
    // Same edges, same order (source state, then event).
    let typed: Vec<(String, char, String)> = TRANSITIONS
        .iter()
        .map(|t| (t.from.to_string(), t.action.letter(), t.to.to_string()))
        .collect();
    let data: Vec<(String, char, String)> = graph
        .edges()
        .iter()
        .map(|e| {
            (
                model.state_text(e.from),
                model.letter(e.event),
                model.state_text(e.to),
            )
        })
        .collect();
    assert_eq!(data, typed);
    // And the successor function agrees on every state, including the bits.
    for state in CaseState::all() {
        let set = mpcvd::analysis::EventSet::from_bits(u16::from(state.bits()));
        let allowed: String = model.allowed(set).iter().map(|e| model.letter(e)).collect();
        let typed: String = state.allowed_events().iter().map(|e| e.letter()).collect();
        assert_eq!(allowed, typed, "successors of {state}");
    }
}

#[test]
fn histories_agree_with_the_typed_history_list() {
    let model = ProcessModel::standard();
    let graph = ModelGraph::new(&model);
    let typed: Vec<String> = mpcvd::cs::History::all()
        .iter()
        .map(|h| h.to_string())
        .collect();
    let data: Vec<String> = graph
        .histories()
        .map(|h| model.sequence_text(&h.events))
        .collect();
    assert_eq!(data, typed);
}

#[test]
fn json_round_trip() {
    let model = ProcessModel::standard();
    let again = ProcessModel::from_json(&model.to_json()).unwrap();
    assert_eq!(again, model);
    // Serde on the type itself goes through the same validation.
    let value = serde_json::to_value(&model).unwrap();
    assert_eq!(value["forcing"][0]["pattern"], "v..P..");
    assert_eq!(value["desiderata"][8], "D<A");
    let back: ProcessModel = serde_json::from_value(value).unwrap();
    assert_eq!(back, model);
}

fn model_with(events: &str, orderings: &str, forcing: &str, desiderata: &str) -> String {
    let events: Vec<String> = events
        .chars()
        .map(|c| format!(r#"{{"letter": "{c}", "name": "event {c}"}}"#))
        .collect();
    format!(
        r#"{{"name": "t", "events": [{}], "orderings": [{orderings}], "forcing": [{forcing}], "desiderata": [{desiderata}]}}"#,
        events.join(",")
    )
}

fn error(json: &str) -> ModelError {
    ProcessModel::from_json(json).unwrap_err()
}

#[test]
fn refuses_unknown_letters() {
    let e = error(&model_with("VFD", r#""V<Q""#, "", ""));
    assert!(
        matches!(e, ModelError::UnknownEvent { letter: 'Q', .. }),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "ordering `V<Q` names unknown event `Q`; the events are VFD"
    );
    let e = error(&model_with("VFD", "", "", r#""V<Z""#));
    assert!(matches!(
        e,
        ModelError::UnknownEvent {
            context: "desideratum",
            ..
        }
    ));
    let e = error(&model_with(
        "VFD",
        "",
        r#"{"pattern": "vf.", "only": "Z"}"#,
        "",
    ));
    assert!(
        matches!(e, ModelError::UnknownEvent { letter: 'Z', .. }),
        "{e:?}"
    );
}

#[test]
fn refuses_too_many_or_no_events() {
    let e = error(&model_with("ABCDEFGHIJKLMNOPQ", "", "", ""));
    assert_eq!(e, ModelError::EventCount { count: 17 });
    assert!(e.to_string().contains("1 to 16 events"));
    assert_eq!(
        error(&model_with("", "", "", "")),
        ModelError::EventCount { count: 0 }
    );
    // Sixteen is fine.
    assert!(ProcessModel::from_json(&model_with("ABCDEFGHIJKLMNOP", "", "", "")).is_ok());
}

#[test]
fn refuses_cyclic_orderings() {
    let e = error(&model_with("VFD", r#""V<F", "F<D", "D<V""#, "", ""));
    assert_eq!(
        e,
        ModelError::CyclicOrderings {
            cycle: "V<F<D<V".to_owned()
        }
    );
    assert!(e.to_string().contains("no complete history exists"));
}

#[test]
fn refuses_bad_letters_and_duplicates() {
    assert_eq!(
        error(&model_with("VFv", "", "", "")),
        ModelError::BadLetter { letter: 'v' }
    );
    assert_eq!(
        error(&model_with("VFV", "", "", "")),
        ModelError::DuplicateLetter { letter: 'V' }
    );
    assert!(matches!(
        error(&model_with("VF", r#""V<V""#, "", "")),
        ModelError::SelfPrecedence { .. }
    ));
    assert!(matches!(
        error(&model_with("VF", "", "", r#""V<F", "V < F""#)),
        ModelError::Duplicate { .. }
    ));
    assert!(matches!(
        error(&model_with("VF", r#""VF""#, "", "")),
        ModelError::BadPrecedence { .. }
    ));
}

#[test]
fn refuses_bad_patterns() {
    let e = error(&model_with(
        "VFD",
        "",
        r#"{"pattern": "v..P", "only": "V"}"#,
        "",
    ));
    assert!(e.to_string().contains("has 4 positions; expected 3"), "{e}");
    let e = error(&model_with(
        "VFD",
        "",
        r#"{"pattern": "vQ.", "only": "V"}"#,
        "",
    ));
    assert!(
        e.to_string().contains("position 2 must be `f`, `F` or `.`"),
        "{e}"
    );
    let e = error(&model_with(
        "VFD",
        "",
        r#"{"pattern": "V..", "only": "V"}"#,
        "",
    ));
    assert!(e.to_string().contains("must be lower-case"), "{e}");
}

#[test]
fn refuses_contradictory_rules_as_dead_ends() {
    // F may happen first (nothing orders it), and then the rule allows only D, but D
    // needs V: the reachable state `vFd` is a dead end.
    let e = error(&model_with(
        "VFD",
        r#""V<D""#,
        r#"{"pattern": "vFd", "only": "D"}"#,
        "",
    ));
    assert_eq!(
        e,
        ModelError::DeadEnd {
            state: "vFd".to_owned()
        }
    );
}

#[test]
fn refuses_malformed_json_and_unknown_fields() {
    assert!(matches!(error("{"), ModelError::Json { .. }));
    let e = error(r#"{"name": "t", "events": [], "extra": 1}"#);
    assert!(e.to_string().contains("unknown field `extra`"), "{e}");
}

#[test]
fn shipped_examples_load() {
    for name in ["standard", "mitigation", "no-public-forces-vendor"] {
        let path = format!("{}/examples/models/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let model = ProcessModel::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(model.name(), name);
        let graph = ModelGraph::new(&model);
        assert_eq!(
            graph.total_frequency().unwrap(),
            mpcvd::analysis::Ratio::ONE
        );
    }
}

/// A loose 16-event variant: two orderings (`A<B`, `C<D`), no forcing rule, so
/// 16!/4 complete histories: far too many to list, all computed without listing.
fn loose16() -> ProcessModel {
    ProcessModel::from_json(&model_with(
        "ABCDEFGHIJKLMNOP",
        r#""A<B", "C<D""#,
        "",
        r#""A<P", "P<A", "B<C""#,
    ))
    .unwrap()
}

#[test]
fn a_loose_sixteen_event_variant_is_counted_not_listed() {
    let model = loose16();
    let graph = ModelGraph::new(&model);
    // Every subset closed under the two orderings: 2^12 · 3 · 3.
    assert_eq!(graph.state_count(), 4096 * 9);
    let factorial16: u128 = (1..=16u128).product();
    assert_eq!(graph.history_count(), Some(factorial16 / 4));
    assert_eq!(
        graph.total_frequency().unwrap(),
        mpcvd::analysis::Ratio::ONE
    );
    let baselines: Vec<String> = graph
        .baselines()
        .unwrap()
        .iter()
        .map(|b| format!("{} {}", b.name, b.baseline))
        .collect();
    // A and P are symmetric (P is free, A only gates B); B<C needs A, B before C.
    assert_eq!(baselines, ["A<P 1/2", "P<A 1/2", "B<C 1/4"]);
    // The most likely histories are counted in full and listed only up to the limit.
    let best = graph.most_likely_at_most(10);
    assert_eq!(best.histories.len(), 10);
    assert!(best.count > 10);
    for h in &best.histories {
        assert_eq!(graph.history_frequency(h), Some(best.frequency));
    }
    // Lazily: the first history is the model order, with the smallest f_h.
    let first = graph.histories().next().unwrap();
    assert_eq!(model.sequence_text(&first.events), "ABCDEFGHIJKLMNOP");
}
