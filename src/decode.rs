//! Path-aware decoding: a refused document's error names the field path of the
//! fault (`policy.rules.publish`, `steps[3].message.type`), with the line and
//! column where the text is JSON.
//!
//! Every document reader of the crate goes through here (cases through
//! [`Case::from_json`](crate::case::Case::from_json), which adds the participant):
//! [`json`] for JSON text, [`value`] for parsed JSON, [`from_deserializer`] for
//! any other serde format (the Python bindings read TOML policies with it).
//!
//! serde reads an internally tagged enum (a case's `input`, a step's `action`) by
//! buffering it, which loses the path inside it; where the error's path ends at
//! such an object, the field is found by the token serde's message quotes
//! (``unknown variant `x` ``, ``unknown field `x` ``, ``invalid value: string "x"``).
//!
//! ```
//! use mpcvd::policy::Policy;
//!
//! let error = Policy::from_json(r#"{"name": "p", "rules": {"publish.whenever": "deny"}}"#)
//!     .unwrap_err();
//! assert_eq!(error.path, "rules.publish.whenever");
//! assert!(error.to_string().starts_with("policy: at `rules.publish.whenever`: unknown variant"));
//! ```

use std::fmt::Display;

use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde_json::Value;
use thiserror::Error;

/// A document a decoder refused: which document, where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{what}: {}{message}{}", at(path), position(*line, *column))]
#[non_exhaustive]
pub struct DecodeError {
    /// The document (`policy`, `input`, `protocol state`, …).
    pub what: &'static str,
    /// The field path of the fault (`rules.publish.whenever`,
    /// `steps[3].message.type`); empty when the document as a whole is wrong
    /// (not JSON, trailing characters, the wrong type at the top).
    pub path: String,
    /// The line of the fault (1-based), 0 when the format gives none.
    pub line: usize,
    /// The column of the fault (1-based), 0 when the format gives none.
    pub column: usize,
    /// What is wrong there (serde's message, without its position).
    pub message: String,
}

/// ``at `path`: ``, or nothing for the document as a whole (an empty path): how
/// every decoder's message places its fault.
pub(crate) fn at(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("at `{path}`: ")
    }
}

pub(crate) fn position(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" (line {line}, column {column})")
    }
}

/// Decodes JSON text, naming the field path of the first fault.
///
/// # Errors
/// [`DecodeError`] with the path, the line and column, and serde's message.
pub fn json<T: DeserializeOwned>(what: &'static str, text: &str) -> Result<T, DecodeError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let decoded: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = path_text(e.path());
        let (message, line, column) = without_position(e.inner());
        // Only on the error path: the document, to find a field serde lost.
        let path = match serde_json::from_str::<Value>(text) {
            Ok(doc) => refine(&doc, &path, &message, &retry::<T>),
            _ => path,
        };
        DecodeError {
            what,
            path,
            line,
            column,
            message,
        }
    })?;
    de.end().map_err(|e| {
        let (message, line, column) = without_position(&e);
        DecodeError {
            what,
            path: String::new(),
            line,
            column,
            message,
        }
    })?;
    Ok(decoded)
}

/// Decodes parsed JSON, naming the field path of the first fault.
///
/// # Errors
/// [`DecodeError`] with the path and serde's message (no line: there is no text).
pub fn value<T: DeserializeOwned>(what: &'static str, value: &Value) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = path_text(e.path());
        let message = e.inner().to_string();
        DecodeError {
            what,
            path: refine(value, &path, &message, &retry::<T>),
            line: 0,
            column: 0,
            message,
        }
    })
}

/// Decodes from any serde deserializer (TOML, a Python object converted to JSON…),
/// naming the field path of the first fault.
///
/// # Errors
/// [`DecodeError`] with the path and the format's message (which may carry its
/// own position).
pub fn from_deserializer<'de, D, T>(what: &'static str, deserializer: D) -> Result<T, DecodeError>
where
    D: Deserializer<'de>,
    D::Error: Display,
    T: Deserialize<'de>,
{
    serde_path_to_error::deserialize(deserializer).map_err(|e| DecodeError {
        what,
        path: path_text(e.path()),
        line: 0,
        column: 0,
        message: e.inner().to_string(),
    })
}

/// serde_path_to_error's path as text (`products[0].vendor`, empty for the
/// document itself), with a key that would not read as one segment (empty, or holding a
/// separator, a quote or white space) quoted in brackets: `[""]`, `["a.b"]`.
/// serde_path_to_error writes such keys as they are, so an empty key gave an
/// empty path.
pub(crate) fn path_text(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path {
        let name = match segment {
            Segment::Seq { index } => {
                out.push_str(&format!("[{index}]"));
                continue;
            }
            Segment::Map { key } | Segment::Enum { variant: key } => key.as_str(),
            Segment::Unknown => "?",
        };
        let plain = !name.is_empty()
            && !name.chars().any(|c| {
                matches!(c, '.' | '[' | ']' | '"' | '\\') || c.is_whitespace() || c.is_control()
            });
        if plain {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(name);
        } else {
            out.push_str(&format!("[{name:?}]"));
        }
    }
    out
}

/// `path`, or `.` for the document as a whole: the form of the error types whose
/// `path` field is never empty (behaviour models, VEX inputs).
#[cfg(any(feature = "vex", feature = "simulate"))]
pub(crate) fn path_or_document(path: String) -> String {
    if path.is_empty() {
        ".".to_owned()
    } else {
        path
    }
}

/// serde_json's message without its ` at line L column C`, and the position.
pub(crate) fn without_position(e: &serde_json::Error) -> (String, usize, usize) {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text).to_owned();
    (message, e.line(), e.column())
}

/// The parts of a path: keys and array indices.
enum Part<'p> {
    Key(&'p str),
    Index(usize),
}

fn parts(path: &str) -> Option<Vec<Part<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indices) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            out.push(Part::Key(key));
        }
        for index in indices.split('[').filter(|i| !i.is_empty()) {
            out.push(Part::Index(index.trim_end_matches(']').parse().ok()?));
        }
    }
    Some(out)
}

/// The value at `path` (`a.b[2].c`) in `doc`.
pub(crate) fn get<'v>(doc: &'v Value, path: &str) -> Option<&'v Value> {
    parts(path)?
        .into_iter()
        .try_fold(doc, |here, part| match part {
            Part::Key(k) => here.get(k),
            Part::Index(n) => here.get(n),
        })
}

fn get_mut<'v>(doc: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    parts(path)?
        .into_iter()
        .try_fold(doc, |here, part| match part {
            Part::Key(k) => here.get_mut(k),
            Part::Index(n) => here.get_mut(n),
        })
}

/// Decodes a (changed) document again: its error's path and message, or `None`.
type Retry<'a> = &'a dyn Fn(&Value) -> Option<(String, String)>;

fn retry<T: DeserializeOwned>(doc: &Value) -> Option<(String, String)> {
    serde_path_to_error::deserialize::<_, T>(doc)
        .err()
        .map(|e| (path_text(e.path()), e.inner().to_string()))
}

/// The tags of the crate's internally tagged enums (a string under one of these
/// keys names a variant, and removing it changes any error).
const TAGS: [&str; 11] = [
    "action", "change", "deadline", "effect", "input", "kind", "missing", "move", "outcome",
    "state", "status",
];

/// The most documents decoded again to narrow one error down.
const MAX_RETRIES: u8 = 64;

/// `path`, made more precise when it ends at an object or array serde buffered
/// (an internally tagged enum, a type read through a raw form), or at a map key
/// serde could not name (`rules.?`): the field inside that serde's message
/// quotes, else the field whose removal changes the error (`retry` decodes the
/// document again; only on the error path, at most [`MAX_RETRIES`] times).
pub(crate) fn refine(doc: &Value, path: &str, message: &str, retry: Retry<'_>) -> String {
    let (path, key) = match path.split_once(".?") {
        Some((map, _)) => (map, true),
        None => (path, false),
    };
    let Some(v @ (Value::Object(_) | Value::Array(_))) = get(doc, path) else {
        return if key {
            format!("{path}.?")
        } else {
            path.to_owned()
        };
    };
    let quoted_place = locate(v, message).or_else(|| {
        // A raw form's own check (`try_from`) quotes the offending key or value
        // first; a missing field is not in the document to find.
        let token = quoted(message, "`", '`')?;
        (!message.starts_with("missing field"))
            .then(|| {
                // Numbers and booleans are quoted as their JSON text (`` `7` ``).
                find(v, "", &|k, v| {
                    k == token
                        || v.as_str() == Some(&token)
                        || ((v.is_number() || v.is_boolean())
                            && serde_json::from_str::<Value>(&token).ok().as_ref() == Some(v))
                })
            })
            .flatten()
    });
    if let Some(inner) = quoted_place {
        return join(path, &inner);
    }
    if key {
        return format!("{path}.?");
    }
    if message.starts_with("missing field") {
        return path.to_owned();
    }
    let mut budget = MAX_RETRIES;
    retry(doc)
        .and_then(|baseline| narrow(doc, path, &baseline, retry, &mut budget))
        .unwrap_or_else(|| path.to_owned())
}

/// The field of the object at `path` whose removal changes the error
/// (the faulty field: the others are read, or found missing, only after it),
/// narrowed down the same way inside it.
fn narrow(
    doc: &Value,
    path: &str,
    baseline: &(String, String),
    retry: Retry<'_>,
    budget: &mut u8,
) -> Option<String> {
    let children: Vec<String> = match get(doc, path)? {
        Value::Object(map) => map
            .iter()
            .filter(|(k, v)| !(v.is_string() && TAGS.contains(&k.as_str())))
            .map(|(k, _)| join(path, k))
            .collect(),
        // An error at an array is about the whole list (a duplicate, a length).
        _ => return None,
    };
    for child in children {
        *budget = budget.checked_sub(1)?;
        let mut trial = doc.clone();
        remove(&mut trial, &child);
        if retry(&trial).as_ref() != Some(baseline) {
            return Some(narrow(doc, &child, baseline, retry, budget).unwrap_or(child));
        }
    }
    None
}

/// Removes the key at `path` from its object.
fn remove(doc: &mut Value, path: &str) {
    let (parent, last) = path.rsplit_once('.').unwrap_or(("", path));
    if let Some(Value::Object(map)) = get_mut(doc, parent) {
        map.remove(last);
    }
}

/// The text between the first `open` and the next `close` in `message`.
fn quoted(message: &str, open: &str, close: char) -> Option<String> {
    let rest = message.split_once(open)?.1;
    Some(rest.split(close).next()?.to_owned())
}

/// `prefix` and a path inside it.
pub(crate) fn join(prefix: &str, rest: &str) -> String {
    match rest {
        "" | "." => prefix.to_owned(),
        r if prefix.is_empty() => r.to_owned(),
        r if r.starts_with('[') => format!("{prefix}{r}"),
        r => format!("{prefix}.{r}"),
    }
}

/// Where in `value` the token serde's `message` quotes sits: a value for
/// ``unknown variant `x` `` and ``invalid value: string "x"``, a key for
/// ``unknown field `x` `` (a missing field is reported at its object: serde's
/// message names it).
pub(crate) fn locate(value: &Value, message: &str) -> Option<String> {
    if let Some(key) = quoted(message, "unknown field `", '`') {
        return find(value, "", &|k, _| k == key);
    }
    let token =
        quoted(message, "unknown variant `", '`').or_else(|| quoted(message, "string \"", '"'))?;
    // A map key (a rule id) or a value.
    find(value, "", &|k, v| {
        v.as_str() == Some(token.as_str()) || k == token
    })
}

/// The path (below `path`) of the first entry of `value` that `hit` accepts
/// (given its key, or the array's name for an item, and its value).
pub(crate) fn find(
    value: &Value,
    path: &str,
    hit: &dyn Fn(&str, &Value) -> bool,
) -> Option<String> {
    match value {
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let here = join(path, k);
            if hit(k, v) {
                Some(here)
            } else {
                find(v, &here, hit)
            }
        }),
        Value::Array(items) => items.iter().enumerate().find_map(|(n, v)| {
            let here = format!("{path}[{n}]");
            if hit("", v) {
                Some(here)
            } else {
                find(v, &here, hit)
            }
        }),
        _ => None,
    }
}

/// The path (below `path`) of the first place where `a` and `b` differ: a leaf,
/// a key only one has, or an array whose lengths differ.
pub(crate) fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        _ if a == b => None,
        (Value::Object(x), Value::Object(y)) => {
            let keys = x.keys().chain(y.keys().filter(|k| !x.contains_key(*k)));
            for k in keys {
                let here = join(path, k);
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => {
                        if let Some(found) = first_difference(p, q, &here) {
                            return Some(found);
                        }
                    }
                    _ => return Some(here),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(n, (p, q))| first_difference(p, q, &format!("{path}[{n}]"))),
        _ => Some(path.to_owned()),
    }
}
