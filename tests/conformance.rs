//! The conformance corpus: every trace in `tests/vectors/` is checked, and the
//! checker's verdict must be the one the vector states (conforms; a violation of a
//! given rule at a given step; or a trace contradicting itself at a given step).

use std::fs;
use std::path::Path;

use mpcvd::conformance::{DeviationKind, Trace, Verdict, check};

fn vectors() -> Vec<(String, Trace)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut out: Vec<(String, Trace)> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(&path).unwrap();
            let trace = Trace::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, trace)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_vector_gets_the_verdict_it_states() {
    let vectors = vectors();
    assert!(vectors.len() >= 40, "only {} vectors", vectors.len());
    let mut failures = Vec::new();
    for (name, trace) in &vectors {
        let report = check(trace).unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected = trace
            .expect
            .clone()
            .unwrap_or_else(|| panic!("{name} states no expectation"));
        if report.verdict() != expected {
            failures.push(format!(
                "{name}: expected {expected:?}, got {:?}\n  {:#?}",
                report.verdict(),
                report.deviations
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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

/// A structural check of a JSON value against the subset of JSON Schema used by
/// `schema/trace.schema.json`: `type` object/array/string/integer, `required`,
/// `properties`, `additionalProperties: false`, `items`, `enum`, `const`, `oneOf`,
/// `$ref` to `#/$defs/…`, `minItems`, `pattern` anchors are not evaluated.
fn conforms_to(
    value: &serde_json::Value,
    schema: &serde_json::Value,
    root: &serde_json::Value,
    path: &str,
) -> Result<(), String> {
    use serde_json::Value;
    if let Some(Value::String(r)) = schema.get("$ref") {
        let name = r.trim_start_matches("#/$defs/");
        return conforms_to(value, &root["$defs"][name], root, path);
    }
    if let Some(Value::Array(options)) = schema.get("oneOf") {
        return if options
            .iter()
            .any(|o| conforms_to(value, o, root, path).is_ok())
        {
            Ok(())
        } else {
            Err(format!("{path}: matches none of oneOf"))
        };
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        return Err(format!("{path}: expected {c}"));
    }
    if let Some(Value::Array(options)) = schema.get("enum")
        && !options.contains(value)
    {
        return Err(format!("{path}: {value} not in enum"));
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") if !value.is_object() => return Err(format!("{path}: not an object")),
        Some("array") if !value.is_array() => return Err(format!("{path}: not an array")),
        Some("string") if !value.is_string() => return Err(format!("{path}: not a string")),
        Some("integer") if !value.is_u64() && !value.is_i64() => {
            return Err(format!("{path}: not an integer"));
        }
        _ => {}
    }
    if let Value::Object(map) = value {
        if let Some(Value::Array(required)) = schema.get("required") {
            for key in required.iter().filter_map(Value::as_str) {
                if !map.contains_key(key) {
                    return Err(format!("{path}: missing `{key}`"));
                }
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (key, item) in map {
            match properties.and_then(|p| p.get(key)) {
                Some(sub) => conforms_to(item, sub, root, &format!("{path}.{key}"))?,
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{path}: unexpected `{key}`"));
                }
                None => {
                    if let Some(extra) =
                        schema.get("additionalProperties").filter(|v| v.is_object())
                    {
                        conforms_to(item, extra, root, &format!("{path}.{key}"))?;
                    }
                }
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && (items.len() as u64) < min
        {
            return Err(format!("{path}: fewer than {min} items"));
        }
        for (i, item) in items.iter().enumerate() {
            conforms_to(item, item_schema, root, &format!("{path}[{i}]"))?;
        }
    }
    Ok(())
}

#[test]
fn every_vector_fits_the_published_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("schema/trace.schema.json")).unwrap())
            .unwrap();
    for entry in fs::read_dir(dir.join("tests/vectors")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let value: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            conforms_to(&value, &schema, &schema, "$")
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
    // And the schema catches what it should.
    let bad = serde_json::json!({"case": "x", "start": "2026-01-01T00:00:00Z", "participants": [], "steps": [], "colour": 1});
    assert!(conforms_to(&bad, &schema, &schema, "$").is_err());
    let bad_step = serde_json::json!({"case": "x", "start": "t", "participants": [], "steps": [{"at": "t", "input": "shout"}]});
    assert!(conforms_to(&bad_step, &schema, &schema, "$").is_err());
}

#[test]
fn policies_and_messages_fit_their_published_schemas() {
    use mpcvd::case::{Effect, Input};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema = |name: &str| -> serde_json::Value {
        serde_json::from_str(&fs::read_to_string(dir.join("schema").join(name)).unwrap()).unwrap()
    };
    let policy_schema = schema("policy.schema.json");
    for (name, make) in mpcvd::policy::PRESETS {
        let value = serde_json::to_value(make()).unwrap();
        conforms_to(&value, &policy_schema, &policy_schema, "$")
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let bad = serde_json::json!({"name": "x", "version": "1", "rules": {"publish.embargo-in-force": "sometimes"}});
    assert!(conforms_to(&bad, &policy_schema, &policy_schema, "$").is_err());

    // Every message a vector sends, and every message the engine makes due.
    let message_schema = schema("message.schema.json");
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
                conforms_to(&value, &message_schema, &message_schema, "$")
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
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
                participant: p.clone(),
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
                conforms_to(&value, &message_schema, &message_schema, "$")
                    .unwrap_or_else(|e| panic!("{e}: {value}"));
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "{checked}");
}

#[test]
fn cases_fit_their_published_schema() {
    use mpcvd::case::Input;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("schema/case.schema.json")).unwrap())
            .unwrap();
    let mut checked = 0;
    for (name, trace) in vectors() {
        let policy = match &trace.policy {
            mpcvd::conformance::PolicyRef::Preset(p) => mpcvd::policy::Policy::preset(p).unwrap(),
            mpcvd::conformance::PolicyRef::Inline(p) => (**p).clone(),
        };
        let mut case = mpcvd::case::Case::new(trace.case.clone(), policy, trace.start);
        for p in &trace.participants {
            let _ = case.handle(
                Input::AddParticipant {
                    participant: p.clone(),
                    by: case.owner().cloned(),
                },
                trace.start,
            );
        }
        for step in &trace.steps {
            let _ = case.handle(step.input.clone(), step.at);
        }
        let value = serde_json::to_value(&case).unwrap();
        conforms_to(&value, &schema, &schema, "$").unwrap_or_else(|e| panic!("{name}: {e}"));
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
    assert!(conforms_to(&bad, &schema, &schema, "$").is_err());
}
