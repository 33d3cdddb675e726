//! The trace document: its format, participants, policy and steps, and how it is
//! read (with the step index and field path of anything malformed).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use super::claims::Expect;
use super::verdict::Verdict;
use crate::case::{CaseError, Input};
use crate::decode::join;
use crate::id::CaseId;
use crate::participant::{NewParticipant, ParticipantId};
use crate::policy::Policy;
use crate::rule::Rule;

/// The most steps a trace may have.
pub const MAX_STEPS: usize = 100_000;

/// A recorded exchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trace {
    /// The format: 1 (absent) or 2 (see [`Format`]).
    #[serde(default, skip_serializing_if = "Format::is_first")]
    pub format: Format,
    /// What the trace exercises.
    #[serde(default)]
    pub description: String,
    /// The verdict a corpus expects of it (`mpcvd check` and
    /// [`verify`](super::verify) compare; [`check`](super::check) does not read it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Verdict>,
    /// The case's id.
    pub case: CaseId,
    /// When the case was opened.
    pub start: DateTime<Utc>,
    /// The policy: a preset's name, or a policy inline.
    #[serde(default)]
    pub policy: PolicyRef,
    /// The participants at the start (later ones join through steps). The first
    /// opens the case and owns it, and adds the others.
    pub participants: Vec<NewParticipant>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// The trace format's version.
///
/// - `1`: every claim as in the first kit: `sends` compared in order, recipients
///   in order; claims on a refused step other than `refused` are not read.
/// - `2`: recipients compared as sets; a refused step's `sends` are checked (a
///   refused input makes nothing due); a message step may say when it was `sent`
///   and any step when the messages it made due were `delivered`, and a message
///   is then judged against what its sender knew when it sent it.
///
/// The claims added with format 2 ([`Expect`]) may be written in either format.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "u8", into = "u8")]
pub enum Format {
    /// Format 1 (no `format` field).
    #[default]
    One,
    /// Format 2.
    Two,
}

impl Format {
    /// Whether this is format 1.
    #[must_use]
    pub fn is_first(&self) -> bool {
        *self == Self::One
    }
}

impl TryFrom<u8> for Format {
    type Error = String;

    fn try_from(n: u8) -> Result<Self, String> {
        match n {
            1 => Ok(Self::One),
            2 => Ok(Self::Two),
            _ => Err(format!("format {n}: this checker reads formats 1 and 2")),
        }
    }
}

impl From<Format> for u8 {
    fn from(format: Format) -> Self {
        match format {
            Format::One => 1,
            Format::Two => 2,
        }
    }
}

/// A policy by preset name or inline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PolicyRef {
    /// A preset's name (see [`Policy::preset`]).
    Preset(String),
    /// A policy written out.
    Inline(Box<Policy>),
}

impl Default for PolicyRef {
    fn default() -> Self {
        Self::Preset("vultron".to_owned())
    }
}

impl PolicyRef {
    /// The policy named or written out.
    ///
    /// # Errors
    /// [`TraceError::UnknownPreset`] if no preset has the name.
    pub fn resolve(&self) -> Result<Policy, TraceError> {
        match self {
            Self::Preset(name) => Policy::preset(name).ok_or_else(|| TraceError::UnknownPreset {
                step: None,
                name: name.clone(),
            }),
            Self::Inline(policy) => Ok((**policy).clone()),
        }
    }
}

/// One step: an engine input at a time, and what the trace claims it did.
///
/// For a message, `at` is when it reached the case (was *delivered* to the hub);
/// `sent` (format 2) is when its sender sent it. `delivered` (format 2) says when
/// the messages this step made due reached each recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// When it happened (for a message: when it reached the case).
    pub at: DateTime<Utc>,
    /// The input (`"input": "act" | "message" | "add_participant" | …`).
    #[serde(flatten)]
    pub input: Input,
    /// Format 2, messages: when the sender sent it (at or before `at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent: Option<DateTime<Utc>>,
    /// Format 2: when the messages this step made due reached each recipient.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub delivered: BTreeMap<ParticipantId, DateTime<Utc>>,
    /// What the trace claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
}

impl Step {
    /// A step with no timing record and no claims.
    #[must_use]
    pub const fn new(at: DateTime<Utc>, input: Input) -> Self {
        Self {
            at,
            input,
            sent: None,
            delivered: BTreeMap::new(),
            expect: None,
        }
    }
}

/// Why a document is not a checkable trace, by class (what a corpus's
/// `{"refused_document": {"class": …}}` names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TraceErrorClass {
    /// Not a trace document (JSON, a field, a value).
    Parse,
    /// A policy preset that does not exist.
    UnknownPreset,
    /// Too many steps.
    TooLong,
    /// A starting participant the case refuses (e.g. a duplicate id).
    Participant,
}

/// A trace that cannot be checked at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TraceError {
    /// Not a trace document.
    #[error("not a trace: {}{message}", location(*step, path))]
    Parse {
        /// The step, if the fault is inside one.
        step: Option<usize>,
        /// The JSON field path (`steps[3].message.type`), empty for the document.
        path: String,
        /// What is wrong (serde's message).
        message: String,
    },
    /// The policy preset does not exist.
    #[error("{}no preset named `{name}`", match step { Some(i) => format!("step {i}, at `steps[{i}].policy`: "), None => "policy: ".to_owned() })]
    UnknownPreset {
        /// The step changing to it, or `None` for the trace's own policy.
        step: Option<usize>,
        /// The name.
        name: String,
    },
    /// Too many steps.
    #[error("steps: {found} steps exceed the limit of {MAX_STEPS}")]
    TooLong {
        /// How many.
        found: usize,
    },
    /// A starting participant is refused.
    #[error("participants: {0}")]
    Participant(CaseError),
}

fn location(step: Option<usize>, path: &str) -> String {
    match (step, path.is_empty()) {
        (Some(i), false) => format!("step {i}, {}", crate::decode::at(path)),
        _ => crate::decode::at(path),
    }
}

impl TraceError {
    /// The error's class.
    #[must_use]
    pub const fn class(&self) -> TraceErrorClass {
        match self {
            Self::Parse { .. } => TraceErrorClass::Parse,
            Self::UnknownPreset { .. } => TraceErrorClass::UnknownPreset,
            Self::TooLong { .. } => TraceErrorClass::TooLong,
            Self::Participant(_) => TraceErrorClass::Participant,
        }
    }

    /// The rule, by stable id, for a refused starting participant.
    #[must_use]
    pub fn rule(&self) -> Option<Rule> {
        match self {
            Self::Participant(e) => Some(e.rule()),
            _ => None,
        }
    }
}

/// The keys of a step that are not the input's.
const STEP_KEYS: [&str; 4] = ["at", "sent", "delivered", "expect"];

impl Trace {
    /// Reads a trace from JSON (format 1 or 2).
    ///
    /// A step's `policy` (a `change_policy` input) may be a preset's name.
    ///
    /// # Errors
    /// [`TraceError::Parse`] naming the step and the field path where the
    /// document is malformed (line and column when it is not JSON);
    /// [`TraceError::UnknownPreset`] for a step's unknown preset.
    pub fn from_json(text: &str) -> Result<Self, TraceError> {
        let mut value: Value = serde_json::from_str(text).map_err(|e| TraceError::Parse {
            step: None,
            path: String::new(),
            message: e.to_string(),
        })?;
        if let Some(Value::Array(steps)) = value.get_mut("steps") {
            for (i, step) in steps.iter_mut().enumerate() {
                expand_policy(i, step)?;
            }
        }
        let trace: Self = serde_path_to_error::deserialize(&value).map_err(|e| {
            let path = crate::decode::path_text(e.path());
            let message = e.inner().to_string();
            diagnose(&value, &path).unwrap_or(TraceError::Parse {
                step: step_of(&path),
                path,
                message,
            })
        })?;
        if trace.format == Format::One
            && let Some((i, step)) = trace
                .steps
                .iter()
                .enumerate()
                .find(|(_, s)| s.sent.is_some() || !s.delivered.is_empty())
        {
            let key = if step.sent.is_some() {
                "sent"
            } else {
                "delivered"
            };
            return Err(TraceError::Parse {
                step: Some(i),
                path: format!("steps[{i}].{key}"),
                message: format!("`{key}` is a format-2 field: the trace needs `\"format\": 2`"),
            });
        }
        Ok(trace)
    }

    /// The `expect` of a document that may not be a readable trace (to compare a
    /// refused document with what a corpus expects of it).
    #[must_use]
    pub fn expect_of(text: &str) -> Option<Verdict> {
        let value: Value = serde_json::from_str(text).ok()?;
        serde_json::from_value(value.get("expect")?.clone()).ok()
    }
}

/// A `change_policy` step's preset name, replaced by the preset.
fn expand_policy(i: usize, step: &mut Value) -> Result<(), TraceError> {
    if step.get("input").and_then(Value::as_str) != Some("change_policy") {
        return Ok(());
    }
    let Some(Value::String(name)) = step.get("policy") else {
        return Ok(());
    };
    let policy = Policy::preset(name).ok_or_else(|| TraceError::UnknownPreset {
        step: Some(i),
        name: name.clone(),
    })?;
    let value = serde_json::to_value(policy).map_err(|e| TraceError::Parse {
        step: Some(i),
        path: format!("steps[{i}].policy"),
        message: e.to_string(),
    })?;
    if let Some(slot) = step.get_mut("policy") {
        *slot = value;
    }
    Ok(())
}

/// The step index at the start of a path `steps[3]…`.
fn step_of(path: &str) -> Option<usize> {
    path.strip_prefix("steps[")?.split(']').next()?.parse().ok()
}

/// A step's input is read through serde's buffering (it is flattened into the
/// step and tagged by `input`), which loses the path inside it: the step's parts
/// are read one by one to find the field.
fn diagnose(value: &Value, path: &str) -> Option<TraceError> {
    let i = step_of(path)?;
    let step = value.get("steps")?.get(i)?;
    let map = step.as_object()?;
    let parse = |path: String, message: String| TraceError::Parse {
        step: Some(i),
        path,
        message,
    };
    if let Some(expect) = map.get("expect")
        && let Err(e) = serde_path_to_error::deserialize::<_, Expect>(expect)
    {
        return Some(parse(
            join(
                &format!("steps[{i}].expect"),
                &crate::decode::path_text(e.path()),
            ),
            e.inner().to_string(),
        ));
    }
    for key in ["at", "sent"] {
        if let Some(v) = map.get(key)
            && let Err(e) = serde_json::from_value::<DateTime<Utc>>(v.clone())
        {
            return Some(parse(format!("steps[{i}].{key}"), e.to_string()));
        }
    }
    if let Some(v) = map.get("delivered")
        && let Err(e) =
            serde_path_to_error::deserialize::<_, BTreeMap<ParticipantId, DateTime<Utc>>>(v)
    {
        return Some(parse(
            join(
                &format!("steps[{i}].delivered"),
                &crate::decode::path_text(e.path()),
            ),
            e.inner().to_string(),
        ));
    }
    let input: serde_json::Map<String, Value> = map
        .iter()
        .filter(|(k, _)| !STEP_KEYS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let input = Value::Object(input);
    let e = crate::decode::value::<Input>("input", &input).err()?;
    Some(parse(join(&format!("steps[{i}]"), &e.path), e.message))
}
