//! Loading a case document with an error that says where it is wrong: the field
//! path, the participant the field belongs to, the line and column.
//!
//! [`Case::from_json`] reads the document's raw form (serde, its path tracked),
//! then validates it as `Deserialize` does (invariants, then replay); a
//! validation error is placed on the field it is about. The document is parsed a
//! second time only when it is refused, to find that field and participant.

use serde::{Deserialize, Deserializer};
use serde_json::Value;
use thiserror::Error;

use super::Case;
use super::check::{InvariantViolation, LoadError};
use super::error::Limit;
use super::timeline::ReplayError;
use crate::decode::{self, DecodeError};
use crate::participant::ParticipantId;

/// Why a case document was refused, and where.
///
/// ```
/// use mpcvd::case::Case;
///
/// let error = Case::from_json(r#"{"timeline": 1}"#).unwrap_err();
/// assert_eq!(error.path, "timeline");
/// assert!(error.to_string().starts_with("case document: at `timeline`: invalid type"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("case document: {}{message}{}", location(path, participant.as_ref()), decode::position(*line, *column))]
#[non_exhaustive]
pub struct CaseLoadError {
    /// The field path of the fault (`data.participants[2].status.vfd`,
    /// `timeline.entries[6].input.actor`); empty for the document as a whole.
    pub path: String,
    /// The participant the faulty field belongs to (the path is under
    /// `data.participants[i]`, or the check is about that participant).
    pub participant: Option<ParticipantId>,
    /// The line of the fault (1-based), 0 for a validation error.
    pub line: usize,
    /// The column of the fault (1-based), 0 for a validation error.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// The validation error, when the document is well-formed but not a case the
    /// engine can reach (`None` for a malformed document).
    pub invalid: Option<Box<LoadError>>,
}

/// `at `path` (participant `id`): `, the parts known.
fn location(path: &str, participant: Option<&ParticipantId>) -> String {
    match (path.is_empty(), participant) {
        (true, Some(p)) => format!("participant `{p}`: "),
        (false, Some(p)) => format!("at `{path}` (participant `{p}`): "),
        (_, None) => crate::decode::at(path),
    }
}

/// The case's raw form (no validation), for path tracking.
struct Raw(Case);

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Case::deserialize(deserializer).map(Raw)
    }
}

impl Case {
    /// Loads a case from JSON (as `Case` serialises) and validates it as
    /// deserialising does: every invariant, and that replaying its timeline
    /// yields exactly its data and time.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use mpcvd::case::Case;
    /// use mpcvd::id::CaseId;
    /// use mpcvd::policy::Policy;
    ///
    /// let t0 = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
    /// let case = Case::new(CaseId::new("VU#1")?, Policy::default(), t0);
    /// let text = serde_json::to_string(&case)?;
    /// assert_eq!(Case::from_json(&text)?, case);
    ///
    /// let wrong = text.replace(r#""pxa":"pxa""#, r#""pxa":"pxz""#);
    /// let error = Case::from_json(&wrong).unwrap_err();
    /// assert_eq!(error.path, "data.pxa");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`CaseLoadError`] naming the field path, the participant where the field
    /// is under one, the position for malformed JSON, and what is wrong.
    pub fn from_json(text: &str) -> Result<Self, CaseLoadError> {
        let Raw(case) = decode::json("case document", text).map_err(|e| malformed(text, e))?;
        case.validated().map_err(|error| {
            // Validation took the case; the document, read again, gives it back
            // to place the error in.
            match decode::json("case document", text) {
                Ok(Raw(case)) => invalid(&case, text, error),
                Err(e) => malformed(text, e),
            }
        })
    }
}

/// A document serde refused.
fn malformed(text: &str, e: DecodeError) -> CaseLoadError {
    let participant = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|doc| participant_at(&doc, &e.path));
    CaseLoadError {
        path: e.path,
        participant,
        line: e.line,
        column: e.column,
        message: e.message,
        invalid: None,
    }
}

/// A well-formed document that is not a reachable case: the field the check is
/// about.
fn invalid(case: &Case, text: &str, error: LoadError) -> CaseLoadError {
    let doc = serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
    let (path, named) = place(case, &doc, &error);
    let participant = named.or_else(|| participant_at(&doc, &path));
    let message = error.to_string();
    let message = message.strip_prefix("invalid case: ").unwrap_or(&message);
    // The participant is named once, in the location.
    let named = participant
        .as_ref()
        .map(|p| format!("participant `{p}`: "))
        .unwrap_or_default();
    let message = message.strip_prefix(&named).unwrap_or(message).to_owned();
    CaseLoadError {
        path,
        participant,
        line: 0,
        column: 0,
        message,
        invalid: Some(Box::new(error)),
    }
}

/// The path a validation error is about, and its participant when it names one.
fn place(case: &Case, doc: &Value, error: &LoadError) -> (String, Option<ParticipantId>) {
    let member = |id: &ParticipantId, field: &str| {
        let path = index_of(doc, id, false).map_or_else(
            || "data.participants".to_owned(),
            |i| decode::join(&format!("data.participants[{i}]"), field),
        );
        (path, Some(id.clone()))
    };
    match error {
        LoadError::Invariant(v) => match v {
            InvariantViolation::DuplicateParticipant { id } => {
                let path = index_of(doc, id, true).map_or_else(
                    || "data.participants".to_owned(),
                    |i| format!("data.participants[{i}].id"),
                );
                (path, Some(id.clone()))
            }
            InvariantViolation::NoRoles { id } => member(id, "roles"),
            InvariantViolation::State { participant, .. } => member(participant, "status"),
            InvariantViolation::FixStatusOutsideScope { participant, .. } => {
                member(participant, "status.vfd")
            }
            InvariantViolation::EmbargoDespiteAttacks { .. } => ("data.embargo".to_owned(), None),
            InvariantViolation::EmbargoTerms { field, terms } => {
                let prefix = prefix_of(field);
                let end = serde_json::to_value(terms.end).unwrap_or(Value::Null);
                let path = decode::get(doc, &prefix)
                    .and_then(|v| decode::find(v, &prefix, &|k, v| k == "end" && *v == end))
                    .unwrap_or(prefix);
                (path, None)
            }
            InvariantViolation::UnknownReference { field, id } => {
                let prefix = prefix_of(field);
                let path = decode::get(doc, &prefix)
                    .and_then(|v| decode::find(v, &prefix, &|_, v| v.as_str() == Some(id.as_str())))
                    .unwrap_or(prefix);
                (path, None)
            }
            // An entry later than the case's own time: `now` is what is wrong.
            InvariantViolation::TimeOrder { at, .. } if *at > case.now => ("now".to_owned(), None),
            InvariantViolation::TimeOrder { index, .. } => {
                (format!("timeline.entries[{index}].at"), None)
            }
            InvariantViolation::TooLarge { what, .. } => match what {
                Limit::Participants => ("data.participants".to_owned(), None),
                _ => ("timeline.entries".to_owned(), None),
            },
        },
        LoadError::Replay(ReplayError::Refused { index, error }) => (
            format!("timeline.entries[{index}].input"),
            error.refusal().map(|r| r.participant.clone()),
        ),
        LoadError::Replay(ReplayError::Diverged { index }) => {
            (format!("timeline.entries[{index}].effects"), None)
        }
        LoadError::Mismatch { field } => (mismatch(case, field), None),
    }
}

/// The document path of a check's field name (`embargo`, `timeline`,
/// `participants.organisation.parent`, `ownership.offer.by`).
fn prefix_of(field: &str) -> String {
    let field = field.split(' ').next().unwrap_or_default();
    let head = field.split('.').next().unwrap_or_default();
    if head == "timeline" {
        "timeline.entries".to_owned()
    } else {
        format!("data.{head}")
    }
}

/// Where the case differs from what its timeline produces: the first differing
/// value under `data.<field>` (or `now`).
fn mismatch(case: &Case, field: &str) -> String {
    let top = if field == "now" {
        "now".to_owned()
    } else {
        format!("data.{field}")
    };
    let Ok(replayed) = Case::replay(&case.timeline) else {
        return top;
    };
    let (Ok(ours), Ok(theirs)) = (serde_json::to_value(case), serde_json::to_value(&replayed))
    else {
        return top;
    };
    match (decode::get(&ours, &top), decode::get(&theirs, &top)) {
        (Some(a), Some(b)) => decode::first_difference(a, b, &top).unwrap_or(top),
        _ => top,
    }
}

/// The position in the document of the participant `id` (the last one with that
/// id when `last`).
fn index_of(doc: &Value, id: &ParticipantId, last: bool) -> Option<usize> {
    let all = doc.get("data")?.get("participants")?.as_array()?;
    let hit = |p: &Value| p.get("id").and_then(Value::as_str) == Some(id.as_str());
    if last {
        all.iter().rposition(hit)
    } else {
        all.iter().position(hit)
    }
}

/// The participant whose entry holds `path` (`data.participants[2]…`), by the id
/// the document gives it (when that id is valid).
fn participant_at(doc: &Value, path: &str) -> Option<ParticipantId> {
    let rest = path.strip_prefix("data.participants[")?;
    let index: usize = rest.split(']').next()?.parse().ok()?;
    let id = doc
        .get("data")?
        .get("participants")?
        .get(index)?
        .get("id")?
        .as_str()?;
    ParticipantId::new(id).ok()
}
