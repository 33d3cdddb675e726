//! Conformance: does a recorded exchange obey the protocol?
//!
//! A [`Trace`] is a recorded case: its participants, the policy it ran under (a
//! preset's name or inline), and the ordered steps, each an [`Input`] of the case
//! engine at a time, optionally with what the trace claims happened (states after
//! the step, a refusal, the messages the step made due). [`check`] replays the trace
//! through [`Case`] and reports every deviation, telling apart
//! - a **violation**: a party did something the protocol or policy refuses (the
//!   engine refused a step the trace does not mark as refused), and
//! - a **contradiction**: the trace contradicts itself (it claims a state, refusal
//!   or message that its own steps do not produce).
//!
//! In the engine's hub model a message *received* is an input and a message *sent*
//! is an effect of the input before it: a trace records received messages as steps
//! and sent ones as the `sends` a step expects. `docs/conformance.md` has the format
//! and its JSON Schema (`schema/trace.schema.json`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::case::{Case, CaseError, Effect, Input, Origin};
use crate::cs::{Pxa, Vfd};
use crate::em::EmState;
use crate::id::CaseId;
use crate::message::MessageType;
use crate::participant::{NewParticipant, ParticipantId};
use crate::pec::PecState;
use crate::policy::Policy;
use crate::rm::RmState;
use crate::rule::Rule;

/// The most steps a trace may have.
pub const MAX_STEPS: usize = 100_000;

/// A recorded exchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trace {
    /// What the trace exercises.
    #[serde(default)]
    pub description: String,
    /// Whether it must conform (for test corpora; the checker does not read it).
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

/// What a corpus expects of a trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No deviation.
    Conforms,
    /// A violation of `rule` at step `step` (zero-based).
    Violation {
        /// The step.
        step: usize,
        /// The rule's stable id.
        rule: Rule,
    },
    /// The trace contradicts itself first at step `step`.
    Contradiction {
        /// The step.
        step: usize,
    },
}

/// One step: an engine input at a time, and what the trace claims it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The input (`"input": "act" | "message" | "add_participant" | …`).
    #[serde(flatten)]
    pub input: Input,
    /// What the trace claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
}

/// What a trace claims about one step.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The step was refused under this rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<Rule>,
    /// The case's owner after the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<ParticipantId>,
    /// Participants' states after the step.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub participants: BTreeMap<ParticipantId, ParticipantExpect>,
    /// The EM state after the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub em: Option<EmState>,
    /// The public facts after the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pxa: Option<Pxa>,
    /// Exactly the messages the step made due, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sends: Option<Vec<Sent>>,
}

/// A participant's claimed state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantExpect {
    /// Report management state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rm: Option<RmState>,
    /// Fix status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vfd: Option<Vfd>,
    /// Embargo consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<PecState>,
}

/// A message a step made due: its type, sender (absent: the case itself) and
/// recipients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sent {
    /// The message type.
    #[serde(rename = "type")]
    pub kind: MessageType,
    /// The sender; absent when the case itself sends (an expiring embargo's `ET`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<ParticipantId>,
    /// The recipients.
    pub to: Vec<ParticipantId>,
}

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
    /// The participant concerned, if one.
    pub participant: Option<ParticipantId>,
    /// The rule broken, by stable id, where one applies.
    pub rule: Option<Rule>,
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

    /// The first deviation, as a corpus verdict.
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

/// A trace that cannot be checked at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TraceError {
    /// Not a trace document.
    #[error("not a trace: {0}")]
    Parse(String),
    /// The policy preset does not exist.
    #[error("policy: no preset named `{0}`")]
    UnknownPreset(String),
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

impl Trace {
    /// Reads a trace from JSON.
    ///
    /// # Errors
    /// [`TraceError::Parse`] with serde's message (line and column).
    pub fn from_json(text: &str) -> Result<Self, TraceError> {
        serde_json::from_str(text).map_err(|e| TraceError::Parse(e.to_string()))
    }
}

/// Replays `trace` through the case engine and reports every deviation.
///
/// # Errors
/// [`TraceError`] if the trace cannot be set up (unknown preset, bad starting
/// participants, too many steps); deviations in the steps are findings, not errors.
pub fn check(trace: &Trace) -> Result<Report, TraceError> {
    if trace.steps.len() > MAX_STEPS {
        return Err(TraceError::TooLong {
            found: trace.steps.len(),
        });
    }
    let policy = match &trace.policy {
        PolicyRef::Preset(name) => {
            Policy::preset(name).ok_or_else(|| TraceError::UnknownPreset(name.clone()))?
        }
        PolicyRef::Inline(policy) => (**policy).clone(),
    };
    let mut case = Case::new(trace.case.clone(), policy, trace.start);
    // The first starting participant opens the case and owns it; it adds the rest.
    for participant in &trace.participants {
        let input = Input::AddParticipant {
            participant: participant.clone(),
            by: case.owner().cloned(),
        };
        case.handle(input, trace.start)
            .map_err(TraceError::Participant)?;
    }
    let mut deviations = Vec::new();
    for (index, step) in trace.steps.iter().enumerate() {
        let expect = step.expect.clone().unwrap_or_default();
        match case.handle(step.input.clone(), step.at) {
            Ok(effects) => {
                let effects = effects.to_vec();
                if let Some(rule) = expect.refused {
                    deviations.push(Deviation {
                        step: index,
                        kind: DeviationKind::Contradiction,
                        participant: actor(&step.input),
                        rule: Some(rule),
                        expected: "the step is accepted".to_owned(),
                        found: format!("the trace says it was refused under `{rule}`"),
                    });
                }
                check_sends(index, &expect, &effects, &mut deviations);
            }
            Err(error) => {
                let rule = error.rule();
                let participant = error
                    .refusal()
                    .map(|r| r.participant.clone())
                    .or_else(|| actor(&step.input));
                match expect.refused {
                    Some(claimed) if claimed == rule => {}
                    Some(claimed) => deviations.push(Deviation {
                        step: index,
                        kind: DeviationKind::Contradiction,
                        participant,
                        rule: Some(rule),
                        expected: format!("refused under `{rule}`: {error}"),
                        found: format!("the trace says refused under `{claimed}`"),
                    }),
                    None => deviations.push(Deviation {
                        step: index,
                        kind: DeviationKind::Violation,
                        participant,
                        rule: Some(rule),
                        expected: error.to_string(),
                        found: "the trace takes the step as done".to_owned(),
                    }),
                }
            }
        }
        check_states(index, &expect, &case, &mut deviations);
    }
    Ok(Report {
        steps: trace.steps.len(),
        deviations,
    })
}

/// Who an input is by.
fn actor(input: &Input) -> Option<ParticipantId> {
    match input {
        Input::Act { actor, .. } => Some(actor.clone()),
        Input::Message { message } => Some(message.from.clone()),
        Input::Status { participant, .. } => Some(participant.clone()),
        Input::AddParticipant { by, .. }
        | Input::RemoveParticipant { by, .. }
        | Input::ChangePolicy { by, .. } => by.clone(),
        Input::OfferOwnership { by, .. }
        | Input::AcceptOwnership { by }
        | Input::RejectOwnership { by } => Some(by.clone()),
        Input::Tick => None,
    }
}

fn check_sends(index: usize, expect: &Expect, effects: &[Effect], out: &mut Vec<Deviation>) {
    let Some(claimed) = &expect.sends else {
        return;
    };
    let actual: Vec<Sent> = effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Send(outgoing) => Some(Sent {
                kind: outgoing.kind,
                from: match &outgoing.from {
                    Origin::Participant(id) => Some(id.clone()),
                    Origin::Case => None,
                },
                to: outgoing.to.clone(),
            }),
            _ => None,
        })
        .collect();
    if &actual != claimed {
        out.push(Deviation {
            step: index,
            kind: DeviationKind::Contradiction,
            participant: None,
            rule: None,
            expected: format!("messages due: {}", describe(&actual)),
            found: format!("the trace says: {}", describe(claimed)),
        });
    }
}

fn describe(sent: &[Sent]) -> String {
    if sent.is_empty() {
        return "none".to_owned();
    }
    sent.iter()
        .map(|s| {
            let from = s
                .from
                .as_ref()
                .map_or("case".to_owned(), ToString::to_string);
            let to: Vec<String> = s.to.iter().map(ToString::to_string).collect();
            format!("{} {from}→{}", s.kind, to.join("+"))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_states(index: usize, expect: &Expect, case: &Case, out: &mut Vec<Deviation>) {
    let mut contradiction =
        |participant: Option<&ParticipantId>, expected: String, found: String| {
            out.push(Deviation {
                step: index,
                kind: DeviationKind::Contradiction,
                participant: participant.cloned(),
                rule: None,
                expected,
                found,
            });
        };
    if let Some(em) = expect.em
        && case.em() != em
    {
        contradiction(
            None,
            format!("embargo `{}`", case.em()),
            format!("the trace says `{em}`"),
        );
    }
    if let Some(owner) = &expect.owner
        && case.owner() != Some(owner)
    {
        let actual = case
            .owner()
            .map_or("no owner".to_owned(), |o| format!("owner `{o}`"));
        contradiction(None, actual, format!("the trace says owner `{owner}`"));
    }
    if let Some(pxa) = expect.pxa
        && case.pxa() != pxa
    {
        contradiction(
            None,
            format!("public facts `{}`", case.pxa()),
            format!("the trace says `{pxa}`"),
        );
    }
    for (id, claim) in &expect.participants {
        let Some(p) = case.participant(id) else {
            contradiction(
                Some(id),
                "no such participant".to_owned(),
                "the trace names it".to_owned(),
            );
            continue;
        };
        if let Some(rm) = claim.rm
            && p.rm() != rm
        {
            contradiction(
                Some(id),
                format!("report `{}`", p.rm()),
                format!("the trace says `{rm}`"),
            );
        }
        if let Some(vfd) = claim.vfd
            && p.vfd() != vfd
        {
            contradiction(
                Some(id),
                format!("fix status `{}`", p.vfd()),
                format!("the trace says `{vfd}`"),
            );
        }
        if let Some(consent) = claim.consent
            && p.consent() != consent
        {
            contradiction(
                Some(id),
                format!("consent `{}`", p.consent()),
                format!("the trace says `{consent}`"),
            );
        }
    }
}
