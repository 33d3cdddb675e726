//! The checker: replays a trace through [`Case`] and compares every claim.

use chrono::{DateTime, Utc};

use super::claims::Expect;
use super::compare::{check_effects, check_states};
use super::knowledge::Knowledge;
use super::trace::{Format, MAX_STEPS, Step, Trace, TraceError};
use super::verdict::{Deviation, DeviationKind, Report};
use crate::case::{Case, CaseError, Effect, Input};
use crate::message::MessageType;
use crate::participant::ParticipantId;
use crate::rule::Rule;

/// Replays `trace` through the case engine and reports every deviation.
///
/// # Errors
/// [`TraceError`] if the trace cannot be set up (unknown preset, bad starting
/// participants, too many steps); deviations in the steps are findings, not errors.
pub fn check(trace: &Trace) -> Result<Report, TraceError> {
    replay(trace).map(|(_, report)| report)
}

/// Replays `trace` as [`check`] does and returns the case it leads to with the
/// report: every accepted step applied, every refused one left out (a refused
/// input changes nothing). What `mpcvd vex --trace` publishes from.
///
/// # Errors
/// As [`check`].
pub fn replay(trace: &Trace) -> Result<(Case, Report), TraceError> {
    run(trace, &mut |_, _, _| {})
}

/// What one step did: the effects, or why it was refused.
pub(super) type Outcome<'a> = Result<&'a [Effect], &'a CaseError>;

/// [`replay`], calling `observe` with each step's outcome and the deviations found
/// at it.
pub(super) fn run(
    trace: &Trace,
    observe: &mut dyn FnMut(usize, Outcome<'_>, &[Deviation]),
) -> Result<(Case, Report), TraceError> {
    if trace.steps.len() > MAX_STEPS {
        return Err(TraceError::TooLong {
            found: trace.steps.len(),
        });
    }
    let mut case = Case::new(trace.case.clone(), trace.policy.resolve()?, trace.start);
    // The first starting participant opens the case and owns it; it adds the rest.
    for participant in &trace.participants {
        let input = Input::AddParticipant {
            participant: Box::new(participant.clone()),
            by: case.owner().cloned(),
        };
        case.handle(input, trace.start)
            .map_err(TraceError::Participant)?;
    }
    let mut knowledge = Knowledge::new(&case, trace.start);
    let mut deviations = Vec::new();
    for (index, step) in trace.steps.iter().enumerate() {
        let first = deviations.len();
        let mut out = Findings {
            step: index,
            list: &mut deviations,
        };
        let expect = step.expect.clone().unwrap_or_default();
        let sender = knowledge.sender(&case, step);
        let result = case
            .handle(step.input.clone(), step.at)
            .map(<[Effect]>::to_vec);
        match &result {
            Ok(effects) => {
                if let Some(rule) = expect.refused {
                    out.push(
                        DeviationKind::Contradiction,
                        actor(&step.input),
                        Some(rule),
                        "refused",
                        "the step is accepted".to_owned(),
                        format!("the trace says it was refused under `{rule}`"),
                    );
                }
                if let Some(reply) = expect.error_reply {
                    out.contradiction(
                        None,
                        "error_reply",
                        "the step is accepted: no error reply is due".to_owned(),
                        format!("the trace says `{reply}`"),
                    );
                }
                check_effects(trace.format, &expect, effects, &mut out);
                if let Some(sender) = sender {
                    knowledge.judge_sent(&case, step, &sender, &mut out);
                }
                knowledge.record(&case, step, effects, &mut out);
            }
            Err(error) => {
                refusal(step, &expect, error, &mut out);
                // A refused input makes nothing due. Format 1 did not read the
                // `sends` of a refused step; it keeps that meaning.
                let sends = if trace.format == Format::Two {
                    expect.sends.clone()
                } else {
                    None
                };
                check_effects(
                    trace.format,
                    &Expect {
                        sends,
                        ..expect.clone()
                    },
                    &[],
                    &mut out,
                );
            }
        }
        check_states(&expect, &case, &mut out);
        observe(index, result.as_ref().map(Vec::as_slice), out.since(first));
    }
    let report = Report {
        steps: trace.steps.len(),
        deviations,
    };
    Ok((case, report))
}

/// The deviations found at one step.
pub(super) struct Findings<'a> {
    step: usize,
    list: &'a mut Vec<Deviation>,
}

impl Findings<'_> {
    pub(super) fn push(
        &mut self,
        kind: DeviationKind,
        participant: Option<ParticipantId>,
        rule: Option<Rule>,
        claim: &'static str,
        expected: String,
        found: String,
    ) {
        self.list.push(Deviation {
            step: self.step,
            kind,
            participant,
            rule,
            claim,
            expected,
            found,
        });
    }

    pub(super) fn contradiction(
        &mut self,
        participant: Option<&ParticipantId>,
        claim: &'static str,
        expected: String,
        found: String,
    ) {
        self.push(
            DeviationKind::Contradiction,
            participant.cloned(),
            None,
            claim,
            expected,
            found,
        );
    }

    fn since(&self, first: usize) -> &[Deviation] {
        self.list.get(first..).unwrap_or(&[])
    }
}

/// Who an input is by.
pub(super) fn actor(input: &Input) -> Option<ParticipantId> {
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

/// The engine refused the step: compare with the claimed refusal and error reply.
fn refusal(step: &Step, expect: &Expect, error: &CaseError, out: &mut Findings<'_>) {
    let rule = error.rule();
    let participant = error
        .refusal()
        .map(|r| r.participant.clone())
        .or_else(|| actor(&step.input));
    match expect.refused {
        Some(claimed) if claimed == rule => {}
        Some(claimed) => out.push(
            DeviationKind::Contradiction,
            participant.clone(),
            Some(rule),
            "refused",
            format!("refused under `{rule}`: {error}"),
            format!("the trace says refused under `{claimed}`"),
        ),
        None => out.push(
            DeviationKind::Violation,
            participant.clone(),
            Some(rule),
            "input",
            error.to_string(),
            "the trace takes the step as done".to_owned(),
        ),
    }
    if let Some(claimed) = expect.error_reply {
        let due = error_reply(error);
        if due != Some(claimed) {
            out.contradiction(
                participant.as_ref(),
                "error_reply",
                due.map_or("no error reply is due".to_owned(), |r| {
                    format!("error reply `{r}`")
                }),
                format!("the trace says `{claimed}`"),
            );
        }
    }
}

/// The error reply the protocol prescribes to the sender of a refused message.
pub(super) fn error_reply(error: &CaseError) -> Option<MessageType> {
    match error {
        CaseError::Unauthorised { reply, .. } => *reply,
        other => other.refusal().and_then(|r| r.reply),
    }
}

/// A time for people.
pub(super) fn when(at: DateTime<Utc>) -> String {
    at.to_rfc3339()
}

impl Findings<'_> {
    /// `i + 1` for step `i` (0 is the case's setup).
    pub(super) fn step_seq(&self) -> Option<usize> {
        self.step.checked_add(1)
    }
}
