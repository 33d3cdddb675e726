//! The hand-written schemas (`schema/*.schema.json`) kept in step with the Rust
//! types they describe:
//!
//! - every enumeration reachable in a wire format: the schema's `enum`/`const` list
//!   equals the names serde writes for the Rust variants (strum iterators, or every
//!   variant built by hand behind an exhaustive `match`, so that a new variant does
//!   not compile until it is listed);
//! - every object the schemas describe: its `properties` are exactly the keys serde
//!   writes there over the repository's instances and fully populated values
//!   (a property no instance writes is stale or misspelt), each reached by some
//!   instance, and each closed (`additionalProperties: false`, or the step's and
//!   the timeline entry's `unevaluatedProperties: false` over an input's branch),
//!   as the Rust types deny unknown fields;
//! - agreement: mutated valid instances (a field dropped, an unknown one added, an
//!   enumerated value replaced by a near miss, a value of the wrong type) are
//!   accepted by the schema exactly when the Rust decoder accepts them (traces,
//!   messages, policies; for cases, whose loader also replays the timeline, the
//!   schema refuses what the decoder refuses for its form).
//!
//! The schemas are hand-written rather than generated (docs/conformance.md,
//! "Schemas"): the wire forms go through validating raw forms and custom
//! `Deserialize` impls, and the schemas carry formats and patterns.

#[path = "schema_types/instances.rs"]
mod instances;
#[path = "support/schema.rs"]
mod schema;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use mpcvd::cs::{Pxa, Vfd};
use mpcvd::em::EmState;
use mpcvd::message::MessageType;
use mpcvd::pec::PecState;
use mpcvd::rm::RmState;
use mpcvd::role::Role;
use mpcvd::rule::Rule;
use proptest::prelude::*;
use serde::Serialize;
use serde_json::Value;
use strum::IntoEnumIterator;

use schema::{build, conforms_to, id_of, schema};

/// The names serde writes for `values`.
fn names<T: Serialize>(values: impl IntoIterator<Item = T>) -> BTreeSet<String> {
    values
        .into_iter()
        .map(|v| match serde_json::to_value(v).unwrap() {
            Value::String(s) => s,
            other => panic!("not a name: {other}"),
        })
        .collect()
}

/// The tag `key` of each serialised value.
fn tags<T: Serialize>(values: impl IntoIterator<Item = T>, key: &str) -> BTreeSet<String> {
    values
        .into_iter()
        .map(|v| {
            serde_json::to_value(v).unwrap()[key]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// A location `file#pointer` (e.g. `trace.schema.json#/$defs/rule`).
fn lookup(location: &str) -> &'static Value {
    static SCHEMAS: std::sync::OnceLock<HashMap<&'static str, Value>> = std::sync::OnceLock::new();
    let schemas = SCHEMAS.get_or_init(|| schema::SCHEMAS.iter().map(|n| (*n, schema(n))).collect());
    let (file, pointer) = location.split_once('#').unwrap();
    schemas[file]
        .pointer(pointer)
        .unwrap_or_else(|| panic!("no {location}"))
}

/// The location a `$ref` found at `from` points to.
fn target(from: &str, reference: &str) -> String {
    let file = from.split_once('#').unwrap().0;
    match reference.strip_prefix("https://mpcvd.invalid/schema/") {
        Some(rest) if rest.contains('#') => rest.to_owned(),
        Some(rest) => format!("{rest}#"),
        None => format!("{file}{reference}"),
    }
}

/// The node at `location` with its `$ref`s followed.
fn resolved(location: &str) -> (String, Value) {
    let mut location = location.to_owned();
    loop {
        let node = lookup(&location);
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => location = target(&location, r),
            None => return (location, node.clone()),
        }
    }
}

/// The strings an enumeration at `location` admits (`enum` or `const`).
fn enum_at(location: &str) -> BTreeSet<String> {
    let (_, node) = resolved(location);
    let values: Vec<Value> = match (node.get("enum"), node.get("const")) {
        (Some(Value::Array(list)), _) => list.clone(),
        (_, Some(one)) => vec![one.clone()],
        _ => panic!("{location} is no enumeration: {node}"),
    };
    values
        .into_iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// The values of the tag `key` over the branches of the tagged union at `location`.
fn tags_at(location: &str, key: &str) -> BTreeSet<String> {
    let (location, node) = resolved(location);
    let branches = node
        .get("oneOf")
        .or_else(|| node.get("anyOf"))
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{location} is no union"));
    (0..branches.len())
        .flat_map(|i| enum_at(&format!("{location}/oneOf/{i}/properties/{key}")))
        .collect()
}

fn keys_at(location: &str) -> BTreeSet<String> {
    let (_, node) = resolved(location);
    node["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

/// Every enumeration of the wire formats, where each schema names it.
#[test]
fn every_enumeration_lists_exactly_the_rust_variants() {
    use mpcvd::conformance::{DeviationKind, TraceErrorClass};
    use mpcvd::deadline::{Anchor, EscalationStep, GraceFixWindow};
    use mpcvd::policy::{AdvisoryField, Holder, Level, Power, Requirement};

    let messages = names(MessageType::iter());
    let roles = names(Role::iter());
    let rm = names(RmState::iter());
    let vfd = names(Vfd::iter());
    let consent = names(PecState::iter());
    let em = names(EmState::iter());
    let tlp = names(instances::all_tlp());
    let registration = names(instances::all_registrations());
    let engaged = names(instances::all_engagement_reasons());
    let ends = names(instances::all_embargo_ends());
    let counting = names(instances::all_countings());
    let status = "case.schema.json#/$defs/participant/properties/status/properties";
    let checks: Vec<(String, BTreeSet<String>)> = vec![
        ("message.schema.json#/$defs/messageType".to_owned(), messages.clone()),
        ("message.schema.json#/properties/in_reply_to".to_owned(), messages.clone()),
        ("trace.schema.json#/$defs/messageType".to_owned(), messages.clone()),
        (
            "trace.schema.json#/$defs/expect/properties/error_reply".to_owned(),
            messages.clone(),
        ),
        (
            "case.schema.json#/$defs/participant/properties/roles/items".to_owned(),
            roles.clone(),
        ),
        (
            "trace.schema.json#/$defs/participant/properties/roles/items".to_owned(),
            roles,
        ),
        (format!("{status}/rm"), rm.clone()),
        ("trace.schema.json#/$defs/rm".to_owned(), rm),
        (format!("{status}/vfd"), vfd.clone()),
        ("trace.schema.json#/$defs/vfd".to_owned(), vfd),
        (format!("{status}/consent"), consent.clone()),
        (
            "trace.schema.json#/$defs/expect/properties/participants/additionalProperties/properties/consent".to_owned(),
            consent,
        ),
        (
            format!("{status}/view/items/properties/em"),
            em.clone(),
        ),
        ("trace.schema.json#/$defs/em".to_owned(), em.clone()),
        (
            format!("{status}/affected"),
            names(instances::all_affectedness()),
        ),
        ("trace.schema.json#/$defs/rule".to_owned(), names(Rule::iter())),
        (
            "policy.schema.json#/properties/rules/propertyNames".to_owned(),
            names(Rule::iter().filter(|r| r.is_configurable())),
        ),
        (
            "policy.schema.json#/properties/rules/additionalProperties".to_owned(),
            names([Level::Off, Level::Warn, Level::Deny]),
        ),
        (
            "policy.schema.json#/properties/attacks_end_embargo".to_owned(),
            names([Requirement::Must, Requirement::Should]),
        ),
        (
            "policy.schema.json#/properties/required_advisory_fields/items".to_owned(),
            names(AdvisoryField::iter()),
        ),
        ("policy.schema.json#/$defs/holders/items".to_owned(), names(Holder::iter())),
        (
            "policy.schema.json#/$defs/holdersNoSubject/items".to_owned(),
            names(Holder::iter().filter(|h| *h != Holder::Subject)),
        ),
        (
            "policy.schema.json#/$defs/span/properties/counting".to_owned(),
            counting.clone(),
        ),
        ("policy.schema.json#/$defs/grace/properties/counting".to_owned(), counting),
        (
            "policy.schema.json#/$defs/grace/properties/fix_window".to_owned(),
            names([GraceFixWindow::FromFix, GraceFixWindow::FromDeadline]),
        ),
        (
            "policy.schema.json#/$defs/deadline/properties/anchor".to_owned(),
            names([
                Anchor::ReportReceived,
                Anchor::FirstContactAttempt,
                Anchor::VendorAcknowledged,
                Anchor::FixAvailable,
            ]),
        ),
        ("message.schema.json#/$defs/tlp".to_owned(), tlp),
        (
            "case.schema.json#/$defs/participant/properties/registration".to_owned(),
            registration.clone(),
        ),
        (
            "trace.schema.json#/$defs/participant/properties/registration".to_owned(),
            registration,
        ),
        (
            "case.schema.json#/$defs/participant/properties/engaged_for".to_owned(),
            engaged.clone(),
        ),
        (
            "trace.schema.json#/$defs/participant/properties/engaged_for".to_owned(),
            engaged,
        ),
        (
            "case.schema.json#/$defs/embargo/oneOf/3/properties/reason".to_owned(),
            ends.clone(),
        ),
        (
            "trace.schema.json#/$defs/expect/properties/embargo/properties/end".to_owned(),
            ends,
        ),
        (
            "trace.schema.json#/$defs/expect/properties/embargo/properties/state".to_owned(),
            em.clone(),
        ),
        ("case.schema.json#/$defs/disputeCause".to_owned(), names(instances::all_dispute_causes())),
        (
            "trace.schema.json#/$defs/action/oneOf/20/properties/affected".to_owned(),
            names(instances::all_affectedness()),
        ),
        (
            "trace.schema.json#/properties/expect/oneOf/4/properties/refused_document/properties/class".to_owned(),
            names([
                TraceErrorClass::Parse,
                TraceErrorClass::UnknownPreset,
                TraceErrorClass::TooLong,
                TraceErrorClass::Participant,
            ]),
        ),
        (
            "trace.schema.json#/properties/expect/oneOf/3/properties/deviations/items/properties/kind".to_owned(),
            names([DeviationKind::Violation, DeviationKind::Contradiction]),
        ),
        (
            "case.schema.json#/$defs/deadline/properties/kind/oneOf/2/properties/step".to_owned(),
            names([
                EscalationStep::SecondContact,
                EscalationStep::ContactIntermediary,
                EscalationStep::PublishAdvisory,
            ]),
        ),
    ];
    let mut failures = Vec::new();
    for (location, rust) in &checks {
        let schema = enum_at(location);
        if schema != *rust {
            failures.push(format!(
                "{location}: the schema has {:?} that Rust lacks, Rust has {:?} that the schema lacks",
                schema.difference(rust).collect::<Vec<_>>(),
                rust.difference(&schema).collect::<Vec<_>>()
            ));
        }
    }

    // Tagged unions: each branch's tag, against the Rust variants.
    let unions: Vec<(&str, &str, BTreeSet<String>)> = vec![
        (
            "trace.schema.json#/$defs/action",
            "action",
            names(mpcvd::case::ActionKind::iter()),
        ),
        (
            "trace.schema.json#/$defs/action",
            "action",
            tags(instances::all_actions(), "action"),
        ),
        (
            "trace.schema.json#/$defs/input",
            "input",
            tags(instances::all_inputs(), "input"),
        ),
        (
            "message.schema.json#/$defs/payload",
            "kind",
            names(instances::all_payload_kinds()),
        ),
        (
            "case.schema.json#/$defs/effect",
            "effect",
            tags(instances::all_effects(), "effect"),
        ),
        ("case.schema.json#/$defs/embargo", "state", em),
        (
            "case.schema.json#/$defs/deadline/properties/kind",
            "deadline",
            tags(instances::all_deadline_kinds(), "deadline"),
        ),
        (
            "case.schema.json#/$defs/disputeOutcome",
            "outcome",
            tags(instances::all_dispute_outcomes(), "outcome"),
        ),
        (
            "case.schema.json#/properties/data/properties/status",
            "state",
            BTreeSet::from(["open".to_owned(), "closed".to_owned()]),
        ),
    ];
    for (location, key, rust) in &unions {
        let schema = tags_at(location, key);
        if schema != *rust {
            failures.push(format!(
                "{location} ({key}): the schema has {:?} that Rust lacks, Rust has {:?} that the schema lacks",
                schema.difference(rust).collect::<Vec<_>>(),
                rust.difference(&schema).collect::<Vec<_>>()
            ));
        }
    }
    let powers = names(Power::iter());
    if keys_at("policy.schema.json#/$defs/authority") != powers {
        failures.push(format!("authority: the powers are {powers:?}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The public facts are a pattern, not a list: it admits exactly the eight names
/// `Pxa` writes among every three-letter spelling near them.
#[test]
fn the_pxa_pattern_admits_exactly_the_rust_names() {
    let all: BTreeSet<String> =
        names((0..8u8).map(|b| Pxa::new(b & 4 != 0, b & 2 != 0, b & 1 != 0)));
    assert_eq!(all.len(), 8);
    for location in [
        "case.schema.json#/properties/data/properties/pxa",
        "case.schema.json#/$defs/participant/properties/status/properties/view/items/properties/pxa",
        "trace.schema.json#/$defs/expect/properties/pxa",
    ] {
        let validator =
            build(&serde_json::json!({"$ref": format!("https://mpcvd.invalid/schema/{location}")}));
        let letters = ['p', 'P', 'x', 'X', 'a', 'A', 'q'];
        let mut candidates: Vec<String> = Vec::new();
        for a in letters {
            for b in letters {
                for c in letters {
                    candidates.push([a, b, c].iter().collect());
                }
            }
        }
        candidates.extend(["pxaa".to_owned(), "px".to_owned(), "pxa\n".to_owned()]);
        for text in candidates {
            let rust = serde_json::from_value::<Pxa>(Value::String(text.clone())).is_ok();
            assert_eq!(rust, all.contains(&text), "{text}");
            assert_eq!(
                validator.is_valid(&Value::String(text.clone())),
                rust,
                "{location}: {text}"
            );
        }
    }
}

/// Walks instances through the schemas: for each object schema, which of its
/// properties the instances write.
struct Walker {
    validators: HashMap<String, jsonschema::Validator>,
    written: BTreeMap<String, BTreeSet<String>>,
}

impl Walker {
    fn new() -> Self {
        Self {
            validators: HashMap::new(),
            written: BTreeMap::new(),
        }
    }

    fn valid(&mut self, location: &str, instance: &Value) -> bool {
        self.validators
            .entry(location.to_owned())
            .or_insert_with(|| {
                build(&serde_json::json!({"$ref": format!("https://mpcvd.invalid/schema/{location}")}))
            })
            .is_valid(instance)
    }

    fn walk(&mut self, location: &str, instance: &Value) {
        let node = lookup(location);
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            self.walk(&target(location, r), instance);
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(branches)) = node.get(keyword) {
                for i in 0..branches.len() {
                    let branch = format!("{location}/{keyword}/{i}");
                    if self.valid(&branch, instance) {
                        self.walk(&branch, instance);
                    }
                }
            }
        }
        match instance {
            Value::Object(map) => {
                let props = node.get("properties").and_then(Value::as_object);
                if let Some(props) = props {
                    let written = self.written.entry(location.to_owned()).or_default();
                    written.extend(map.keys().filter(|k| props.contains_key(*k)).cloned());
                }
                for (k, v) in map {
                    if props.is_some_and(|p| p.contains_key(k)) {
                        self.walk(&format!("{location}/properties/{k}"), v);
                    } else if node
                        .get("additionalProperties")
                        .is_some_and(Value::is_object)
                    {
                        self.walk(&format!("{location}/additionalProperties"), v);
                    }
                }
            }
            Value::Array(items) if node.get("items").is_some() => {
                for item in items {
                    self.walk(&format!("{location}/items"), item);
                }
            }
            _ => {}
        }
    }
}

/// Every object schema (a node with `properties`) of `file`, outside `if`/`then`/
/// `else`/`not` (constraints on nodes described elsewhere).
fn object_schemas(file: &str) -> Vec<String> {
    fn visit(node: &Value, pointer: &str, out: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                if map.contains_key("properties") {
                    out.push(pointer.to_owned());
                }
                for (k, v) in map {
                    if ["if", "then", "else", "not"].contains(&k.as_str()) {
                        continue;
                    }
                    if matches!(k.as_str(), "properties" | "$defs") {
                        if let Value::Object(children) = v {
                            for (name, child) in children {
                                visit(child, &format!("{pointer}/{k}/{name}"), out);
                            }
                        }
                    } else {
                        visit(v, &format!("{pointer}/{k}"), out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    visit(v, &format!("{pointer}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    visit(&schema(file), "", &mut out);
    out.into_iter().map(|p| format!("{file}#{p}")).collect()
}

/// The branches that describe part of an object whose parent closes it with
/// `unevaluatedProperties: false` (a trace step, a timeline entry's input).
fn closed_by_parent(location: &str) -> bool {
    location.starts_with("trace.schema.json#/$defs/input/oneOf/")
        || location == "trace.schema.json#/$defs/step/anyOf/1"
        || location == "trace.schema.json#/$defs/step"
        // Narrows `$defs/span` (closed) to at least a day.
        || location == "policy.schema.json#/$defs/positiveSpan"
}

#[test]
fn every_object_schema_has_exactly_the_keys_serde_writes() {
    let mut walker = Walker::new();
    let validators: HashMap<&str, jsonschema::Validator> = schema::SCHEMAS
        .iter()
        .map(|n| (*n, schema::validator(n)))
        .collect();
    for (file, instance) in instances::all_documents() {
        conforms_to(&validators[file], instance)
            .unwrap_or_else(|e| panic!("{file}: {e}: {instance}"));
        walker.walk(&format!("{file}#"), instance);
    }
    let mut failures = Vec::new();
    for file in schema::SCHEMAS {
        for location in object_schemas(file) {
            let node = lookup(&location);
            let declared: BTreeSet<String> = node["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            let closed = node.get("additionalProperties") == Some(&Value::Bool(false))
                || node.get("unevaluatedProperties") == Some(&Value::Bool(false));
            if !closed && !closed_by_parent(&location) {
                failures.push(format!(
                    "{location} is open (the Rust type denies unknown fields)"
                ));
            }
            match walker.written.get(&location) {
                None => failures.push(format!("{location}: no instance reaches it")),
                Some(written) => {
                    let stale: Vec<_> = declared.difference(written).collect();
                    if !stale.is_empty() {
                        failures.push(format!("{location}: no instance writes {stale:?}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Cases per property: `MPCVD_PROPTEST_CASES` when set, else 512 (a mutated case
/// is replayed whole).
fn cases() -> u32 {
    std::env::var("MPCVD_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases())
    })]

    /// A mutated instance is accepted by the schema exactly when the decoder
    /// accepts it.
    #[test]
    fn schema_and_decoder_agree_on_mutated_instances(pick in any::<u64>(), seed in any::<u64>()) {
        instances::agree(pick, seed).map_err(TestCaseError::fail)?;
    }
}

/// Mutations the agreement property found once, kept as fixed cases: steps the
/// old trace schema accepted and `mpcvd check` refused as unreadable.
#[test]
fn the_trace_schema_refuses_the_steps_the_reader_refuses() {
    let step = |extra: Value| {
        let mut doc = serde_json::json!({"format": 2, "case": "x", "start": "2026-01-01T00:00:00Z",
            "participants": [{"id": "fay", "name": "fay", "roles": ["reporter"]}, {"id": "acme", "name": "acme", "roles": ["vendor"]}],
            "steps": [{"at": "2026-01-01T00:00:00Z"}]});
        for (k, v) in extra.as_object().unwrap() {
            doc["steps"][0][k] = v.clone();
        }
        doc
    };
    let validator = schema::validator("trace.schema.json");
    for extra in [
        serde_json::json!({"input": "message"}),
        serde_json::json!({"input": "act", "actor": "fay"}),
        serde_json::json!({"input": "act", "actor": "fay", "action": {"action": "dance"}}),
        serde_json::json!({"input": "message", "message": {"type": "RS", "from": "fay", "to": ["acme"], "payload": {"kind": "report"}}}),
        serde_json::json!({"input": "message", "message": {"type": "RK", "from": "fay", "to": ["acme"], "colour": 1}}),
        serde_json::json!({"input": "add_participant", "participant": "acme"}),
        serde_json::json!({"input": "remove_participant", "participant": {"id": "acme"}}),
        serde_json::json!({"input": "status", "participant": "acme", "rm": "done"}),
        serde_json::json!({"input": "change_policy", "policy": {"name": "x"}}),
        serde_json::json!({"input": "offer_ownership", "to": "acme"}),
        serde_json::json!({"input": "tick", "expect": {"deadlines": [{"at": "2026-01-01T00:00:00Z", "kind": {"deadline": "escalate", "vendor": "acme"}}]}}),
        serde_json::json!({"input": "tick", "expect": {"sends": [{"type": "RK", "to": ["acme"], "payload": {"kind": "nothing"}}]}}),
        serde_json::json!({"input": "tick", "expect": {"refused": "no.such-rule"}}),
        serde_json::json!({"input": "tick", "delivered": {"": "2026-01-01T00:00:00Z"}}),
    ] {
        let doc = step(extra.clone());
        let read = mpcvd::conformance::Trace::from_json(&doc.to_string());
        assert!(read.is_err(), "the reader accepts {extra}");
        assert!(
            conforms_to(&validator, &doc).is_err(),
            "the schema accepts {extra}"
        );
    }
}

/// The decoders' known leniencies (`instances::leniency`): the schema refuses these
/// and the reader still reads them. When a decoder is fixed, this fails: remove the
/// leniency from the list.
#[test]
fn the_decoders_known_leniencies_are_still_there() {
    let doc = |step: Value, expect: Value| {
        serde_json::json!({"format": 2, "case": "x", "start": "2026-01-01T00:00:00Z", "expect": expect,
            "participants": [{"id": "fay", "name": "fay", "roles": ["reporter"]}, {"id": "acme", "name": "acme", "roles": ["vendor"]}],
            "steps": [step]})
    };
    let at = "2026-01-01T00:00:00Z";
    let conforms = serde_json::json!("conforms");
    let validator = schema::validator("trace.schema.json");
    for (kind, original, pointer, mutated) in [
        (
            "unit-variant",
            doc(
                serde_json::json!({"at": at, "input": "tick"}),
                conforms.clone(),
            ),
            "/steps/0",
            doc(
                serde_json::json!({"at": at, "input": "tick", "colour": 1}),
                conforms.clone(),
            ),
        ),
        (
            "unit-variant",
            doc(
                serde_json::json!({"at": at, "input": "act", "actor": "fay", "action": {"action": "close"}}),
                conforms.clone(),
            ),
            "/steps/0/action",
            doc(
                serde_json::json!({"at": at, "input": "act", "actor": "fay", "action": {"action": "close", "reason": "x"}}),
                conforms.clone(),
            ),
        ),
        (
            "struct-as-array",
            doc(
                serde_json::json!({"at": at, "input": "tick", "expect": {}}),
                conforms.clone(),
            ),
            "/steps/0/expect",
            doc(
                serde_json::json!({"at": at, "input": "tick", "expect": []}),
                conforms.clone(),
            ),
        ),
        (
            "variant-index",
            doc(
                serde_json::json!({"at": at, "input": "act", "actor": "fay", "action": {"action": "accept"}}),
                conforms.clone(),
            ),
            "/steps/0/action/action",
            doc(
                serde_json::json!({"at": at, "input": "act", "actor": "fay", "action": {"action": 2}}),
                conforms.clone(),
            ),
        ),
        (
            "verdict-fields",
            doc(
                serde_json::json!({"at": at, "input": "tick"}),
                serde_json::json!({"contradiction": {"step": 0}}),
            ),
            "/expect/contradiction",
            doc(
                serde_json::json!({"at": at, "input": "tick"}),
                serde_json::json!({"contradiction": {"step": 0, "colour": 1}}),
            ),
        ),
    ] {
        conforms_to(&validator, &original).unwrap();
        assert!(conforms_to(&validator, &mutated).is_err(), "{mutated}");
        assert!(
            mpcvd::conformance::Trace::from_json(&mutated.to_string()).is_ok(),
            "{kind} is fixed: {mutated}"
        );
        assert_eq!(
            instances::leniency(&original, pointer, &mutated),
            Some(kind)
        );
    }
    let _ = id_of("trace.schema.json");
}
