//! The published JSON Schemas (`schema/*.schema.json`) compiled by a real validator
//! (the `jsonschema` crate, draft 2020-12, formats asserted, every schema registered
//! under its `$id` so that the schemas' references to each other resolve offline),
//! and the repository's instances of them.
//!
//! Included with `#[path = "support/schema.rs"] mod schema;` by the test files that
//! validate documents (`conformance.rs`, `schema_types.rs`).

#![allow(
    dead_code,
    reason = "each test file uses a different subset of the helpers"
)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed assertion, not a library crash"
)]

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The published schemas, by file name.
pub(crate) const SCHEMAS: [&str; 4] = [
    "case.schema.json",
    "message.schema.json",
    "policy.schema.json",
    "trace.schema.json",
];

/// The repository's root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The schema `schema/NAME` as JSON.
pub(crate) fn schema(name: &str) -> Value {
    let path = root().join("schema").join(name);
    serde_json::from_str(&fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The published schema `schema/NAME`, compiled by the validator with the other
/// schemas registered (the metaschema checks every one of them first).
pub(crate) fn validator(name: &str) -> jsonschema::Validator {
    build(&schema(name))
}

/// Any schema (e.g. `{"$ref": "https://mpcvd.invalid/schema/trace.schema.json#/$defs/step"}`),
/// compiled with the published schemas registered under their `$id`s.
pub(crate) fn build(value: &Value) -> jsonschema::Validator {
    let mut registry = jsonschema::Registry::new();
    for other in SCHEMAS {
        let value = schema(other);
        jsonschema::meta::validate(&value).unwrap_or_else(|e| panic!("{other}: {e}"));
        let id = value["$id"].as_str().unwrap().to_owned();
        registry = registry.add(id, value).unwrap();
    }
    let registry = registry.prepare().unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_registry(&registry)
        .should_validate_formats(true)
        .build(value)
        .unwrap_or_else(|e| panic!("{value}: {e}"))
}

/// The `$id` of `schema/NAME`.
pub(crate) fn id_of(name: &str) -> String {
    format!("https://mpcvd.invalid/schema/{name}")
}

/// `value` against `validator`: every error with where it is.
pub(crate) fn conforms_to(validator: &jsonschema::Validator, value: &Value) -> Result<(), String> {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// The JSON files directly in `dir` (relative to the root): name and value.
pub(crate) fn json_files(dir: &str) -> Vec<(String, Value)> {
    let dir = root().join(dir);
    let mut out: Vec<(String, Value)> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(&path).unwrap();
            (name, serde_json::from_str(&text).unwrap())
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The fenced blocks of a Markdown file (relative to the root) in `language`.
fn blocks(doc: &str, language: &str) -> Vec<String> {
    let text = fs::read_to_string(root().join(doc)).unwrap();
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for line in text.lines() {
        match &mut block {
            None if line.trim_start().strip_prefix("```") == Some(language) => {
                block = Some(String::new());
            }
            Some(body) if line.trim_start().starts_with("```") => {
                out.push(std::mem::take(body));
                block = None;
            }
            Some(body) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    out
}

/// The fenced ```` ```json ```` blocks of a Markdown file that are JSON (a block
/// eliding parts with `…` is a sketch, not a document).
pub(crate) fn json_blocks(doc: &str) -> Vec<Value> {
    blocks(doc, "json")
        .iter()
        .filter(|b| !b.contains('…'))
        .map(|b| serde_json::from_str(b).unwrap_or_else(|e| panic!("{doc}: {e}\n{b}")))
        .collect()
}

/// The fenced ```` ```toml ```` blocks of a Markdown file, as JSON.
pub(crate) fn toml_blocks(doc: &str) -> Vec<Value> {
    blocks(doc, "toml")
        .iter()
        .map(|b| {
            let table: toml::Table =
                toml::from_str(b).unwrap_or_else(|e| panic!("{doc}: {e}\n{b}"));
            serde_json::to_value(table).unwrap()
        })
        .collect()
}

/// Whether `path` (relative to the root) exists.
pub(crate) fn exists(path: &str) -> bool {
    Path::new(&root().join(path)).exists()
}

/// The case a trace leads to (its refused steps skipped).
pub(crate) fn case_of(trace: &mpcvd::conformance::Trace) -> mpcvd::case::Case {
    let policy = trace.policy.resolve().unwrap();
    let mut case = mpcvd::case::Case::new(trace.case.clone(), policy, trace.start);
    for p in &trace.participants {
        let _ = case.handle(
            mpcvd::case::Input::AddParticipant {
                participant: Box::new(p.clone()),
                by: case.owner().cloned(),
            },
            trace.start,
        );
    }
    for step in &trace.steps {
        let _ = case.handle(step.input.clone(), step.at);
    }
    case
}
