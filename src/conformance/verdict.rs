//! Findings and verdicts: the deviations the checker reports, and what a corpus
//! expects of a trace (its `expect`), compared with what the checker found.

use serde::{Deserialize, Serialize};

use super::trace::{Trace, TraceError, TraceErrorClass};
use crate::participant::ParticipantId;
use crate::rule::Rule;

/// Whether a deviation is a party's fault or the trace's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DeviationKind {
    /// A party did what the protocol or policy refuses.
    Violation,
    /// The trace claims what its own steps do not produce.
    Contradiction,
}

/// One deviation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deviation {
    /// The step (zero-based).
    pub step: usize,
    /// A violation or a contradiction.
    pub kind: DeviationKind,
    /// The participant concerned (at fault, for a violation), if one.
    pub participant: Option<ParticipantId>,
    /// The rule broken, by stable id, where one applies.
    pub rule: Option<Rule>,
    /// The claim contradicted (`em`, `sends`, `warnings`, …), or for a violation
    /// `input` (the engine refused the step) or `sent` (the message was not
    /// allowed by what its sender knew when it sent it).
    pub claim: &'static str,
    /// What the protocol (the engine) says.
    pub expected: String,
    /// What the trace claims.
    pub found: String,
}

/// The checker's findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The steps checked.
    pub steps: usize,
    /// Every deviation, in step order.
    pub deviations: Vec<Deviation>,
}

impl Report {
    /// Whether the trace conforms: no deviation at all.
    #[must_use]
    pub fn conforms(&self) -> bool {
        self.deviations.is_empty()
    }

    /// The first deviation, as a format-1 corpus verdict.
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        match self.deviations.first() {
            None => Verdict::Conforms,
            Some(d) => match (d.kind, d.rule) {
                (DeviationKind::Violation, Some(rule)) => Verdict::Violation { step: d.step, rule },
                _ => Verdict::Contradiction { step: d.step },
            },
        }
    }
}

/// What a corpus expects of a trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No deviation.
    Conforms,
    /// The first deviation is a violation of `rule` at step `step` (zero-based).
    Violation {
        /// The step.
        step: usize,
        /// The rule's stable id.
        rule: Rule,
    },
    /// The first deviation is a contradiction at step `step`.
    Contradiction {
        /// The step.
        step: usize,
    },
    /// Exactly these deviations, in order.
    Deviations(Vec<ExpectedDeviation>),
    /// The document must be refused: it is not a checkable trace.
    RefusedDocument {
        /// Why, by class.
        class: TraceErrorClass,
        /// For a refused starting participant, the rule (e.g. `participant.duplicate`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rule: Option<Rule>,
    },
}

/// One deviation a corpus expects; the parts left out are not compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedDeviation {
    /// The step.
    pub step: usize,
    /// A violation or a contradiction.
    pub kind: DeviationKind,
    /// The rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// The participant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant: Option<ParticipantId>,
}

impl ExpectedDeviation {
    fn matches(&self, d: &Deviation) -> bool {
        self.step == d.step
            && self.kind == d.kind
            && self.rule.is_none_or(|r| d.rule == Some(r))
            && self
                .participant
                .as_ref()
                .is_none_or(|p| d.participant.as_ref() == Some(p))
    }
}

impl Verdict {
    /// Whether the checker's outcome on a document is this verdict.
    #[must_use]
    pub fn holds(&self, outcome: &Result<Report, TraceError>) -> bool {
        match (self, outcome) {
            (Self::RefusedDocument { class, rule }, Err(e)) => {
                e.class() == *class && rule.is_none_or(|r| e.rule() == Some(r))
            }
            (Self::RefusedDocument { .. }, Ok(_)) | (_, Err(_)) => false,
            (Self::Deviations(list), Ok(report)) => {
                list.len() == report.deviations.len()
                    && list
                        .iter()
                        .zip(&report.deviations)
                        .all(|(e, d)| e.matches(d))
            }
            (verdict, Ok(report)) => report.verdict() == *verdict,
        }
    }
}

/// A document checked against its own `expect`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// What the document expects of itself, if it says.
    pub expect: Option<Verdict>,
    /// The checker's findings, or why the document is not a checkable trace.
    pub outcome: Result<Report, TraceError>,
}

impl Verification {
    /// `Some(true)` if the outcome is the expected verdict, `Some(false)` if not,
    /// `None` if the document expects nothing.
    #[must_use]
    pub fn passes(&self) -> Option<bool> {
        self.expect.as_ref().map(|v| v.holds(&self.outcome))
    }
}

/// Reads and checks a document (JSON text) and compares the outcome with its own
/// `expect`, which may say the document must be refused.
#[must_use]
pub fn verify(text: &str) -> Verification {
    let outcome = Trace::from_json(text).and_then(|trace| super::check(&trace));
    Verification {
        expect: Trace::expect_of(text),
        outcome,
    }
}
