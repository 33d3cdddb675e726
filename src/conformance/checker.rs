//! The checker: replays a trace through [`Case`] and compares every claim.

use chrono::{DateTime, Utc};

use super::claims::{EmbargoClaim, Expect, Sent, WarningsClaim};
use super::knowledge::Knowledge;
use super::trace::{Format, MAX_STEPS, Step, Trace, TraceError};
use super::verdict::{Deviation, DeviationKind, Report};
use crate::case::{Case, CaseError, Deadline, Effect, Embargo, Input, Origin, Payload};
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
            participant: participant.clone(),
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

/// Sends, warnings and deadlines.
fn check_effects(format: Format, expect: &Expect, effects: &[Effect], out: &mut Findings<'_>) {
    if let Some(claimed) = &expect.sends {
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
                    payload: Some(outgoing.payload.clone()),
                    in_reply_to: outgoing.in_reply_to,
                }),
                _ => None,
            })
            .collect();
        let same = actual.len() == claimed.len()
            && actual
                .iter()
                .zip(claimed)
                .all(|(a, c)| same_message(format, a, c));
        if !same {
            out.contradiction(
                None,
                "sends",
                format!("messages due: {}", describe(&actual)),
                format!("the trace says: {}", describe(claimed)),
            );
        }
    }
    if let Some(claim) = &expect.warnings {
        let mut actual: Vec<Rule> = effects
            .iter()
            .filter_map(|effect| match effect {
                Effect::Warning(w) => Some(w.rule),
                _ => None,
            })
            .collect();
        actual.sort_unstable();
        let holds = match claim {
            WarningsClaim::Exactly(rules) => {
                let mut rules = rules.clone();
                rules.sort_unstable();
                rules == actual
            }
            WarningsClaim::AtLeast(rules) => {
                let mut left = actual.clone();
                rules.iter().all(|r| {
                    left.iter()
                        .position(|a| a == r)
                        .map(|i| left.remove(i))
                        .is_some()
                })
            }
        };
        if !holds {
            let (how, rules) = match claim {
                WarningsClaim::Exactly(r) => ("exactly", r),
                WarningsClaim::AtLeast(r) => ("at least", r),
            };
            out.contradiction(
                None,
                "warnings",
                format!("warnings: {}", rules_list(&actual)),
                format!("the trace says {how}: {}", rules_list(rules)),
            );
        }
    }
    if let Some(claimed) = &expect.deadlines {
        let actual: Vec<&Deadline> = effects
            .iter()
            .filter_map(|effect| match effect {
                Effect::Deadline(d) => Some(d),
                _ => None,
            })
            .collect();
        let same = actual.len() == claimed.len() && claimed.iter().all(|c| actual.contains(&c));
        if !same {
            let show = |list: &[&Deadline]| -> String {
                if list.is_empty() {
                    return "none".to_owned();
                }
                list.iter()
                    .map(|d| format!("{:?} at {}", d.kind, d.at.to_rfc3339()))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.contradiction(
                None,
                "deadlines",
                format!("deadlines: {}", show(&actual)),
                format!(
                    "the trace says: {}",
                    show(&claimed.iter().collect::<Vec<_>>())
                ),
            );
        }
    }
}

/// Whether the message due `actual` is the one `claimed` (format 2: recipients
/// as a set; payload and `in_reply_to` where claimed).
fn same_message(format: Format, actual: &Sent, claimed: &Sent) -> bool {
    let recipients = if format == Format::Two {
        let (mut a, mut c) = (actual.to.clone(), claimed.to.clone());
        a.sort_unstable();
        c.sort_unstable();
        a.dedup();
        c.dedup();
        a == c
    } else {
        actual.to == claimed.to
    };
    actual.kind == claimed.kind
        && actual.from == claimed.from
        && recipients
        && claimed
            .payload
            .as_ref()
            .is_none_or(|p| actual.payload.as_ref().unwrap_or(&Payload::None) == p)
        && claimed
            .in_reply_to
            .is_none_or(|r| actual.in_reply_to == Some(r))
}

fn rules_list(rules: &[Rule]) -> String {
    if rules.is_empty() {
        "none".to_owned()
    } else {
        rules
            .iter()
            .map(|r| format!("`{r}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The messages, as `EP fay→acme+bolt`.
pub(super) fn describe(sent: &[Sent]) -> String {
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
            let reply = s
                .in_reply_to
                .map_or(String::new(), |r| format!(" (re {r})"));
            let payload = match &s.payload {
                None | Some(Payload::None) => String::new(),
                Some(p) => format!(" {}", serde_json::to_string(p).unwrap_or_default()),
            };
            format!("{} {from}→{}{reply}{payload}", s.kind, to.join("+"))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_states(expect: &Expect, case: &Case, out: &mut Findings<'_>) {
    if let Some(em) = expect.em
        && case.em() != em
    {
        out.contradiction(
            None,
            "em",
            format!("embargo `{}`", case.em()),
            format!("the trace says `{em}`"),
        );
    }
    if let Some(claim) = &expect.embargo {
        check_embargo(claim, case.embargo(), out);
    }
    if let Some(owner) = &expect.owner
        && case.owner() != Some(owner)
    {
        let actual = case
            .owner()
            .map_or("no owner".to_owned(), |o| format!("owner `{o}`"));
        out.contradiction(
            None,
            "owner",
            actual,
            format!("the trace says owner `{owner}`"),
        );
    }
    if let Some(pxa) = expect.pxa
        && case.pxa() != pxa
    {
        out.contradiction(
            None,
            "pxa",
            format!("public facts `{}`", case.pxa()),
            format!("the trace says `{pxa}`"),
        );
    }
    for (id, claim) in &expect.participants {
        let Some(p) = case.participant(id) else {
            out.contradiction(
                Some(id),
                "participants",
                "no such participant".to_owned(),
                "the trace names it".to_owned(),
            );
            continue;
        };
        if let Some(rm) = claim.rm
            && p.rm() != rm
        {
            out.contradiction(
                Some(id),
                "rm",
                format!("report `{}`", p.rm()),
                format!("the trace says `{rm}`"),
            );
        }
        if let Some(vfd) = claim.vfd
            && p.vfd() != vfd
        {
            out.contradiction(
                Some(id),
                "vfd",
                format!("fix status `{}`", p.vfd()),
                format!("the trace says `{vfd}`"),
            );
        }
        if let Some(consent) = claim.consent
            && p.consent() != consent
        {
            out.contradiction(
                Some(id),
                "consent",
                format!("consent `{}`", p.consent()),
                format!("the trace says `{consent}`"),
            );
        }
        if let Some(claimed) = &claim.embargo_view {
            let mut actual: Vec<crate::em::EmState> = case
                .view_of(id)
                .map(|v| v.entries().iter().map(|t| t.em).collect())
                .unwrap_or_default();
            actual.dedup();
            if &actual != claimed {
                let show = |l: &[crate::em::EmState]| {
                    l.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                out.contradiction(
                    Some(id),
                    "embargo_view",
                    format!("embargo view [{}]", show(&actual)),
                    format!("the trace says [{}]", show(claimed)),
                );
            }
        }
    }
}

fn check_embargo(claim: &EmbargoClaim, embargo: &Embargo, out: &mut Findings<'_>) {
    let (terms, pending, proposed_by, revision_by, end) = match embargo {
        Embargo::None => (None, None, None, None, None),
        Embargo::Proposed { terms, proposed_by } | Embargo::Active { terms, proposed_by } => {
            (Some(terms), None, Some(proposed_by), None, None)
        }
        Embargo::Revise {
            terms,
            proposed_by,
            pending,
            revision_by,
        } => (
            Some(terms),
            Some(pending),
            Some(proposed_by),
            Some(revision_by),
            None,
        ),
        Embargo::Exited { terms, reason, .. } => (Some(terms), None, None, None, Some(reason)),
    };
    let mut differ = |part: &'static str, actual: String, claimed: String| {
        out.contradiction(None, part, actual, format!("the trace says {claimed}"));
    };
    let show_terms = |t: Option<&crate::case::EmbargoTerms>| {
        t.map_or("none".to_owned(), |t| {
            format!("{} to {}", t.start.to_rfc3339(), t.end.to_rfc3339())
        })
    };
    if let Some(state) = claim.state
        && state != embargo.state()
    {
        differ(
            "embargo.state",
            format!("embargo `{}`", embargo.state()),
            format!("`{state}`"),
        );
    }
    if let Some(t) = &claim.terms
        && terms != Some(t)
    {
        differ(
            "embargo.terms",
            format!("terms {}", show_terms(terms)),
            show_terms(Some(t)),
        );
    }
    if let Some(t) = &claim.pending
        && pending != Some(t)
    {
        differ(
            "embargo.pending",
            format!("pending revision {}", show_terms(pending)),
            show_terms(Some(t)),
        );
    }
    let who = |p: Option<&ParticipantId>| p.map_or("no one".to_owned(), |p| format!("`{p}`"));
    if let Some(p) = &claim.proposed_by
        && proposed_by != Some(p)
    {
        differ(
            "embargo.proposed_by",
            format!("proposed by {}", who(proposed_by)),
            format!("proposed by `{p}`"),
        );
    }
    if let Some(p) = &claim.revision_by
        && revision_by != Some(p)
    {
        differ(
            "embargo.revision_by",
            format!("revision by {}", who(revision_by)),
            format!("revision by `{p}`"),
        );
    }
    if let Some(reason) = claim.end
        && end != Some(&reason)
    {
        differ(
            "embargo.end",
            end.map_or("not ended".to_owned(), |r| format!("ended: {r:?}")),
            format!("ended: {reason:?}"),
        );
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
