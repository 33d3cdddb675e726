//! The conformance corpus: every document in `tests/vectors/` is read and checked,
//! and the outcome must be the verdict the document states: conforms; the first
//! deviation a given violation or contradiction (format 1's verdicts); exactly a
//! list of deviations; or the document refused with a given error class.

use std::fs;
use std::path::Path;

use mpcvd::conformance::{DeviationKind, Trace, Verdict, check, verify};

#[path = "support/schema.rs"]
mod schema;
use schema::{conforms_to, validator};

/// Every document of the corpus: its name and text.
fn documents() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut out: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&path).unwrap())
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every readable trace of the corpus (the documents it expects to be refused left
/// out).
fn vectors() -> Vec<(String, Trace)> {
    documents()
        .into_iter()
        .filter(|(_, text)| {
            !matches!(
                Trace::expect_of(text),
                Some(Verdict::RefusedDocument { .. })
            )
        })
        .map(|(name, text)| {
            let trace = Trace::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, trace)
        })
        .collect()
}

#[test]
fn every_vector_gets_the_verdict_it_states() {
    let documents = documents();
    assert!(documents.len() >= 160, "only {} vectors", documents.len());
    let mut failures = Vec::new();
    for (name, text) in &documents {
        let verification = verify(text);
        match verification.passes() {
            Some(true) => {}
            Some(false) => failures.push(format!(
                "{name}: expected {:?}, got {:#?}",
                verification.expect, verification.outcome
            )),
            None => failures.push(format!("{name} states no expectation")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Format 1's verdict (the first deviation) is unchanged for every format-1 trace:
/// each states a format-1 verdict and gets it.
#[test]
fn every_format_1_trace_keeps_its_first_deviation_verdict() {
    let mut checked = 0;
    for (name, trace) in vectors() {
        if trace.format != mpcvd::conformance::Format::One {
            continue;
        }
        let expected = trace.expect.clone().unwrap();
        assert!(
            matches!(
                expected,
                Verdict::Conforms | Verdict::Violation { .. } | Verdict::Contradiction { .. }
            ),
            "{name}"
        );
        assert_eq!(check(&trace).unwrap().verdict(), expected, "{name}");
        checked += 1;
    }
    assert!(checked >= 148, "{checked}");
}

#[test]
fn the_corpus_has_refused_documents_and_several_deviations() {
    let documents = documents();
    let count = |f: fn(&Verdict) -> bool| {
        documents
            .iter()
            .filter(|(_, text)| Trace::expect_of(text).as_ref().is_some_and(f))
            .count()
    };
    assert!(count(|v| matches!(v, Verdict::RefusedDocument { .. })) >= 5);
    assert!(count(|v| matches!(v, Verdict::Deviations(list) if list.len() >= 2)) >= 3);
}

#[test]
fn the_corpus_has_positive_negative_and_contradicting_vectors() {
    let vectors = vectors();
    let count = |f: fn(&Verdict) -> bool| {
        vectors
            .iter()
            .filter(|(_, t)| t.expect.as_ref().is_some_and(f))
            .count()
    };
    assert!(count(|v| *v == Verdict::Conforms) >= 20);
    assert!(count(|v| matches!(v, Verdict::Violation { .. })) >= 15);
    assert!(count(|v| matches!(v, Verdict::Contradiction { .. })) >= 3);
}

#[test]
fn a_violation_names_step_participant_rule_and_both_sides() {
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/neg-close-from-valid.json"),
    )
    .unwrap();
    let report = check(&Trace::from_json(&text).unwrap()).unwrap();
    let first = &report.deviations[0];
    assert_eq!(first.kind, DeviationKind::Violation);
    assert_eq!(first.step, 2);
    assert_eq!(
        first
            .participant
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("acme")
    );
    assert!(
        first.expected.contains("send.report-state"),
        "{}",
        first.expected
    );
    assert!(!report.conforms());
}

#[test]
fn unreadable_traces_are_errors_not_panics() {
    for text in [
        "",
        "{",
        "[]",
        "{\"case\": 3}",
        "{\"case\":\"x\",\"start\":\"not a date\",\"participants\":[],\"steps\":[]}",
    ] {
        assert!(Trace::from_json(text).is_err(), "{text}");
    }
    let unknown_preset = r#"{"case":"x","start":"2026-01-01T00:00:00Z","policy":"nonsense","participants":[],"steps":[]}"#;
    assert!(check(&Trace::from_json(unknown_preset).unwrap()).is_err());
}

/// A malformed document is reported with the step and the field path, wherever
/// the fault is: the input (read through serde's buffering), a claim, the timing.
#[test]
fn parse_errors_name_the_step_and_the_field_path() {
    use mpcvd::conformance::TraceError;
    let doc = |step: &str| {
        format!(
            r#"{{"format": 2, "case": "x", "start": "2026-01-01T00:00:00Z",
               "participants": [{{"id": "fay", "name": "fay", "roles": ["reporter"]}}, {{"id": "acme", "name": "acme", "roles": ["vendor"]}}],
               "steps": [{{"at": "2026-01-01T00:00:00Z", "input": "tick"}}, {step}]}}"#
        )
    };
    let at = r#""at": "2026-01-02T00:00:00Z""#;
    for (step, path) in [
        (
            format!(
                r#"{{{at}, "input": "message", "message": {{"type": "ZZ", "from": "fay", "to": ["acme"]}}}}"#
            ),
            "steps[1].message.type",
        ),
        (
            format!(r#"{{{at}, "input": "act", "actor": "fay", "action": {{"action": "dance"}}}}"#),
            "steps[1].action.action",
        ),
        (
            format!(r#"{{{at}, "input": "tick", "expect": {{"embargo": {{"end": "soon"}}}}}}"#),
            "steps[1].expect.embargo.end",
        ),
        (
            format!(r#"{{{at}, "input": "tick", "expect": {{"warnings": {{"most": []}}}}}}"#),
            "steps[1].expect.warnings",
        ),
        (
            format!(r#"{{{at}, "input": "tick", "delivered": {{"fay": "yesterday"}}}}"#),
            "steps[1].delivered.fay",
        ),
        (
            r#"{"at": "never", "input": "tick"}"#.to_owned(),
            "steps[1].at",
        ),
    ] {
        match Trace::from_json(&doc(&step)) {
            Err(TraceError::Parse {
                step: Some(1),
                path: found,
                ..
            }) => {
                assert!(found.starts_with(path), "{found} vs {path}");
            }
            other => panic!("{step}: {other:?}"),
        }
    }
    let unknown = doc(&format!(
        r#"{{{at}, "input": "change_policy", "policy": "nonsense", "by": "fay"}}"#
    ));
    assert!(matches!(
        Trace::from_json(&unknown),
        Err(TraceError::UnknownPreset { step: Some(1), .. })
    ));
    let preset = doc(&format!(
        r#"{{{at}, "input": "change_policy", "policy": "cert-cc", "by": "fay"}}"#
    ));
    assert!(
        check(&Trace::from_json(&preset).unwrap())
            .unwrap()
            .conforms()
    );
}

/// A document that must be refused passes only when refused with its class.
#[test]
fn refused_documents_are_verdicts() {
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/doc-duplicate-participant.json"),
    )
    .unwrap();
    let verification = verify(&text);
    assert_eq!(verification.passes(), Some(true));
    assert_eq!(
        verification.outcome.unwrap_err().rule(),
        Some(mpcvd::rule::Rule::DuplicateParticipant)
    );
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["expect"] = serde_json::json!({"refused_document": {"class": "parse"}});
    assert_eq!(verify(&value.to_string()).passes(), Some(false));
    value["expect"] = serde_json::json!("conforms");
    assert_eq!(verify(&value.to_string()).passes(), Some(false));
}

/// Every document fits `schema/trace.schema.json`, except those the corpus expects
/// to be refused as unreadable (class `parse`), which the schema must refuse too.
#[test]
fn every_vector_fits_the_published_schema() {
    let schema = validator("trace.schema.json");
    let mut checked = 0;
    for (name, text) in documents() {
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let unreadable = matches!(
            Trace::expect_of(&text),
            Some(Verdict::RefusedDocument {
                class: mpcvd::conformance::TraceErrorClass::Parse,
                ..
            })
        );
        match conforms_to(&schema, &value) {
            Ok(()) if unreadable => panic!("{name}: the schema accepts an unreadable trace"),
            Err(e) if !unreadable => panic!("{name}: {e}"),
            _ => checked += 1,
        }
    }
    assert!(checked >= 160, "{checked}");
    // And the schema catches what it should.
    let bad = serde_json::json!({"case": "x", "start": "2026-01-01T00:00:00Z", "participants": [], "steps": [], "colour": 1});
    assert!(conforms_to(&schema, &bad).is_err());
    let bad_step = serde_json::json!({"case": "x", "start": "t", "participants": [], "steps": [{"at": "t", "input": "shout"}]});
    assert!(conforms_to(&schema, &bad_step).is_err());
    let timing_in_format_1 = serde_json::json!({"case": "x", "start": "2026-01-01T00:00:00Z", "participants": [],
        "steps": [{"at": "2026-01-01T00:00:00Z", "input": "tick", "sent": "2026-01-01T00:00:00Z"}]});
    assert!(conforms_to(&schema, &timing_in_format_1).is_err());
    let mut format_2 = timing_in_format_1.clone();
    format_2["format"] = serde_json::json!(2);
    conforms_to(&schema, &format_2).unwrap();
}

#[test]
fn policies_and_messages_fit_their_published_schemas() {
    use mpcvd::case::{Effect, Input};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let policy_schema = validator("policy.schema.json");
    for (name, make) in mpcvd::policy::PRESETS {
        let value = serde_json::to_value(make()).unwrap();
        conforms_to(&policy_schema, &value).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let bad = serde_json::json!({"name": "x", "version": "1", "rules": {"publish.embargo-in-force": "sometimes"}});
    assert!(conforms_to(&policy_schema, &bad).is_err());

    // Every message a vector sends, and every message the engine makes due.
    let message_schema = validator("message.schema.json");
    let mut checked = 0;
    for (name, trace) in vectors() {
        for step in &trace.steps {
            let wrong_payload = matches!(
                trace.expect,
                Some(Verdict::Violation {
                    rule: mpcvd::rule::Rule::MessagePayload,
                    ..
                })
            );
            if let Input::Message { message } = &step.input
                && !wrong_payload
            {
                let value = serde_json::to_value(message).unwrap();
                conforms_to(&message_schema, &value).unwrap_or_else(|e| panic!("{name}: {e}"));
                checked += 1;
            }
        }
    }
    let text = fs::read_to_string(dir.join("tests/vectors/e2e-horizontal.json")).unwrap();
    let trace = Trace::from_json(&text).unwrap();
    let mut case = mpcvd::case::Case::new(
        trace.case.clone(),
        mpcvd::policy::Policy::default(),
        trace.start,
    );
    for p in &trace.participants {
        case.handle(
            Input::AddParticipant {
                participant: Box::new(p.clone()),
                by: case.owner().cloned(),
            },
            trace.start,
        )
        .unwrap();
    }
    for step in &trace.steps {
        for effect in case.handle(step.input.clone(), step.at).unwrap() {
            if let Effect::Send(outgoing) = effect {
                let value = serde_json::to_value(outgoing).unwrap();
                conforms_to(&message_schema, &value).unwrap_or_else(|e| panic!("{e}: {value}"));
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "{checked}");
}

#[test]
fn cases_fit_their_published_schema() {
    let schema = validator("case.schema.json");
    let mut checked = 0;
    for (name, trace) in vectors() {
        let case = schema::case_of(&trace);
        let value = serde_json::to_value(&case).unwrap();
        conforms_to(&schema, &value).unwrap_or_else(|e| panic!("{name}: {e}"));
        checked += 1;
    }
    assert!(checked >= 100);
    let mut bad: serde_json::Value = serde_json::to_value(mpcvd::case::Case::new(
        mpcvd::id::CaseId::new("x").unwrap(),
        mpcvd::policy::Policy::default(),
        chrono::DateTime::UNIX_EPOCH,
    ))
    .unwrap();
    bad["data"]["embargo"] = serde_json::json!({"state": "active"});
    assert!(conforms_to(&schema, &bad).is_err());
}

/// The documents the docs show: every JSON block that is a trace, case, policy or
/// message fits its schema (and is read by the crate), and every TOML policy block
/// (a whole policy, or a part of one completed with a name and version) fits the
/// policy schema. Other JSON blocks (variant and behaviour models) have no schema.
#[test]
fn the_documents_in_the_docs_fit_their_schemas() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut docs: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| format!("docs/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    docs.push("README.md".to_owned());
    docs.sort();
    let traces = validator("trace.schema.json");
    let policies = validator("policy.schema.json");
    let (mut checked_traces, mut checked_policies) = (0, 0);
    for doc in &docs {
        for block in schema::json_blocks(doc) {
            let has = |k: &str| block.get(k).is_some();
            if has("steps") && has("participants") {
                conforms_to(&traces, &block).unwrap_or_else(|e| panic!("{doc}: {e}"));
                Trace::from_json(&block.to_string()).unwrap_or_else(|e| panic!("{doc}: {e}"));
                checked_traces += 1;
            } else {
                assert!(
                    !(has("timeline") || has("version") || (has("type") && has("to"))),
                    "{doc}: a case, message or policy block the test does not check"
                );
            }
        }
        for block in schema::toml_blocks(doc) {
            let serde_json::Value::Object(mut policy) = block else {
                continue;
            };
            if !["authority", "rules", "deadline", "name"]
                .iter()
                .any(|k| policy.contains_key(*k))
            {
                continue; // not a policy (e.g. Cargo.toml lines)
            }
            policy.entry("name").or_insert("docs".into());
            policy.entry("version").or_insert("1".into());
            let policy = serde_json::Value::Object(policy);
            conforms_to(&policies, &policy).unwrap_or_else(|e| panic!("{doc}: {e}"));
            serde_json::from_value::<mpcvd::policy::Policy>(policy)
                .unwrap_or_else(|e| panic!("{doc}: {e}"));
            checked_policies += 1;
        }
    }
    assert!(
        checked_traces >= 1 && checked_policies >= 1,
        "{checked_traces} {checked_policies}"
    );
}
