//! Each claim of a step compared with what the engine did: the messages,
//! warnings and deadlines the step made due, and the states, embargo and views
//! after it.

use super::checker::Findings;
use super::claims::{EmbargoClaim, Expect, Sent, WarningsClaim};
use super::trace::Format;
use crate::case::{Case, Deadline, Effect, Embargo, Origin, Payload};
use crate::participant::ParticipantId;
use crate::rule::Rule;

/// Sends, warnings and deadlines.
pub(super) fn check_effects(
    format: Format,
    expect: &Expect,
    effects: &[Effect],
    out: &mut Findings<'_>,
) {
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
                    to: outgoing.to.to_vec(),
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
                    .map(|d| {
                        let kind = serde_json::to_string(&d.kind).unwrap_or_default();
                        format!("{kind} at {}", d.at.to_rfc3339())
                    })
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

pub(super) fn check_states(expect: &Expect, case: &Case, out: &mut Findings<'_>) {
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
