//! A checked trace as a Mermaid sequence diagram (notation: [`crate::export::sequence`]).

use super::checker::{Outcome, actor, run};
use super::trace::{Trace, TraceError};
use super::verdict::{Deviation, DeviationKind};
use crate::case::{Effect, Input, Origin};
use crate::export::sequence::Sequence;

/// The hub's name in a diagram: the case itself (ticks, `ET` at an embargo's end).
const CASE: &str = "case";

/// `trace` replayed and drawn as a Mermaid `sequenceDiagram`: each step numbered
/// by its index, messages received as solid arrows, messages made due dashed,
/// warnings as notes, and every deviation on a red band over the participant
/// concerned.
///
/// # Errors
/// As [`check`](super::check).
///
/// # Example
/// ```
/// let text = r#"{"format": 2, "case": "x", "start": "2026-01-01T00:00:00Z",
///   "participants": [{"id": "fay", "name": "Fay", "roles": ["finder", "reporter"]},
///                    {"id": "acme", "name": "Acme", "roles": ["vendor"]}],
///   "steps": [{"at": "2026-01-02T00:00:00Z", "input": "act", "actor": "acme", "action": {"action": "close"}}]}"#;
/// let trace = mpcvd::conformance::Trace::from_json(text)?;
/// let mermaid = mpcvd::conformance::diagram(&trace)?;
/// assert!(mermaid.starts_with("sequenceDiagram\n"));
/// assert!(mermaid.contains("rect rgb(255, 215, 215)"));
/// # Ok::<(), mpcvd::conformance::TraceError>(())
/// ```
pub fn diagram(trace: &Trace) -> Result<String, TraceError> {
    let mut seq = Sequence::new();
    for p in &trace.participants {
        seq.participant(p.id.as_str());
    }
    let mut draw = |index: usize, outcome: Outcome<'_>, found: &[Deviation]| {
        let Some(step) = trace.steps.get(index) else {
            return;
        };
        let author = actor(&step.input).map_or(CASE.to_owned(), |a| a.to_string());
        match &step.input {
            Input::Message { message } => {
                for to in &message.to {
                    let sent = step.sent.map_or(String::new(), |t| {
                        format!(" (sent {})", t.format("%Y-%m-%d %H:%M"))
                    });
                    seq.message(
                        &author,
                        to.as_str(),
                        &format!("{index}. {}{sent}", message.kind),
                        false,
                    );
                }
            }
            Input::Act { action, .. } => {
                let name = serde_json::to_value(action)
                    .ok()
                    .and_then(|v| v.get("action").and_then(|a| a.as_str().map(str::to_owned)))
                    .unwrap_or_default();
                seq.note(&author, &format!("{index}. {name}"));
            }
            Input::AddParticipant { participant, .. } => {
                seq.note(&author, &format!("{index}. adds {}", participant.id));
                seq.participant(participant.id.as_str());
            }
            other => {
                let name = serde_json::to_value(other)
                    .ok()
                    .and_then(|v| v.get("input").and_then(|a| a.as_str().map(str::to_owned)))
                    .unwrap_or_default();
                seq.note(&author, &format!("{index}. {}", name.replace('_', " ")));
            }
        }
        match outcome {
            Ok(effects) => {
                for effect in effects {
                    match effect {
                        Effect::Send(m) => {
                            let from = match &m.from {
                                Origin::Participant(p) => p.to_string(),
                                Origin::Case => CASE.to_owned(),
                            };
                            for to in &m.to {
                                seq.message(&from, to.as_str(), &m.kind.to_string(), true);
                            }
                        }
                        Effect::Warning(w) => {
                            let over = w
                                .participant
                                .as_ref()
                                .map_or(author.clone(), ToString::to_string);
                            seq.note(&over, &format!("warning {}", w.rule));
                        }
                        Effect::Deadline(_) => {}
                    }
                }
            }
            Err(error) => seq.note(&author, &format!("refused: {}", error.rule())),
        }
        for d in found {
            let over = d
                .participant
                .as_ref()
                .map_or(author.clone(), ToString::to_string);
            let rule = d.rule.map_or(String::new(), |r| format!(" {r}"));
            let what = match d.kind {
                DeviationKind::Violation => "violation",
                DeviationKind::Contradiction => "contradiction",
            };
            seq.mark(
                &over,
                &format!(
                    "✗ {index}. {what}{rule} ({}): protocol: {}, trace: {}",
                    d.claim, d.expected, d.found
                ),
            );
        }
    };
    run(trace, &mut draw)?;
    Ok(seq.render())
}
