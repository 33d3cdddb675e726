//! Bad input gets a clear error and changes nothing: unknown and removed
//! participants, wrong payloads, time going backwards, duplicate ids, oversized
//! inputs, bad recipients, bad embargo terms, tampered case documents. Each test
//! asserts the error variant, its `rule()` id and `class()`, and that the case is
//! unchanged by value and byte for byte as JSON.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a failed assertion, not a library crash"
)]

mod support;
#[allow(unused_imports, reason = "not every file uses every helper")]
use support::*;

use mpcvd::case::{
    Action, Case, CaseError, Effect, Input, Origin, Outgoing, Payload, ReportSummary, Rule,
};
use mpcvd::id::CaseId;
use mpcvd::message::MessageType;
use mpcvd::participant::{NewParticipant, ParticipantId};
use mpcvd::rm::RmState;
use mpcvd::role::{Role, RoleSet};

/// A message the actor of an `Input::Act` must send.
fn out(kind: MessageType, from: &str, to: &[&str]) -> Effect {
    out_with(kind, from, to, Payload::None)
}

fn out_with(kind: MessageType, from: &str, to: &[&str], payload: Payload) -> Effect {
    Effect::Send(Outgoing {
        kind,
        from: Origin::Participant(id(from)),
        to: ids(to).into(),
        payload,
        in_reply_to: None,
    })
}

use MessageType as M;
use mpcvd::case::{ErrorClass, Limit, MAX_PARTICIPANTS, PayloadKind};
use mpcvd::id::MAX_ID_LEN;
use mpcvd::participant::{MAX_TEXT_LEN, Organisation};

/// fay (reporter), acme (vendor, `R`), cert (coordinator), gone (removed).
fn base() -> Case {
    let mut case = case_with(&[
        ("fay", REPORTER),
        ("acme", VENDOR),
        ("cert", COORDINATOR),
        ("gone", VENDOR),
    ]);
    reach(&mut case, "acme", RmState::Received);
    ok(
        &mut case,
        Input::RemoveParticipant {
            participant: id("gone"),
            by: Some(id("cert")),
        },
        t(1),
    );
    case
}

fn misuse(err: &CaseError, rule: &str) {
    assert_eq!(err.rule().to_string(), rule, "{err}");
    assert_eq!(err.class(), ErrorClass::Misuse, "{err}");
    assert!(err.refusal().is_none());
    assert!(err.to_string().starts_with(&format!("[{rule}]")), "{err}");
    assert!(err.to_string().ends_with("(case unchanged)"), "{err}");
}

fn joining(who: &str, roles: &[Role]) -> Input {
    Input::AddParticipant {
        participant: Box::new(NewParticipant::new(id(who), who, RoleSet::of(roles))),
        by: Some(id("fay")),
    }
}

#[test]
fn unknown_participants() {
    let mut case = base();
    let inputs = [
        act("eve", Action::Validate),
        act("fay", Action::submit(id("eve"), report())),
        msg(M::GI, "eve", &["acme"]),
        msg(M::GI, "fay", &["acme", "eve"]),
        Input::RemoveParticipant {
            participant: id("eve"),
            by: Some(id("fay")),
        },
        Input::RemoveParticipant {
            participant: id("acme"),
            by: Some(id("eve")),
        },
        Input::AddParticipant {
            participant: Box::new(NewParticipant::new(id("x"), "x", RoleSet::of(VENDOR))),
            by: Some(id("eve")),
        },
    ];
    for input in inputs {
        let err = refused(&mut case, input, t(2));
        assert_eq!(err, CaseError::UnknownParticipant { id: id("eve") });
        misuse(&err, "participant.unknown");
    }
    // An organisation whose parent is not in the case.
    let mut p = NewParticipant::new(id("sub"), "Acme EU", RoleSet::of(VENDOR));
    p.organisation = Some(Organisation {
        parent: Some(id("hq")),
        ..Organisation::default()
    });
    let err = refused(
        &mut case,
        Input::AddParticipant {
            participant: Box::new(p),
            by: Some(id("fay")),
        },
        t(2),
    );
    assert_eq!(err, CaseError::UnknownParticipant { id: id("hq") });
    // Queries name the problem the same way.
    assert_eq!(
        case.allowed_actions(&id("eve")),
        Err(CaseError::UnknownParticipant { id: id("eve") })
    );
}

#[test]
fn removed_participants() {
    let mut case = base();
    let inputs = [
        act(
            "gone",
            Action::Inquire {
                text: "hello?".into(),
            },
        ),
        act("fay", Action::submit(id("gone"), report())),
        msg(M::GI, "gone", &["fay"]),
        msg(M::GI, "fay", &["gone"]),
        Input::RemoveParticipant {
            participant: id("gone"),
            by: Some(id("fay")),
        },
        Input::RemoveParticipant {
            participant: id("acme"),
            by: Some(id("gone")),
        },
    ];
    for input in inputs {
        let err = refused(&mut case, input.clone(), t(2));
        assert_eq!(
            err,
            CaseError::RemovedParticipant { id: id("gone") },
            "{input:?}"
        );
        misuse(&err, "participant.removed");
    }
    // The id stays taken: the timeline still names it.
    let err = refused(&mut case, joining("gone", VENDOR), t(2));
    assert_eq!(err, CaseError::DuplicateParticipant { id: id("gone") });
    assert_eq!(
        case.allowed_actions(&id("gone")),
        Err(CaseError::RemovedParticipant { id: id("gone") })
    );
    // Removed participants are left out of announcements.
    assert_eq!(
        ok(&mut case, act("acme", Action::Validate), t(2)),
        vec![out(M::RV, "acme", &["fay"])]
    );
}

#[test]
fn duplicate_ids_and_missing_roles() {
    let mut case = base();
    let err = refused(&mut case, joining("acme", COORDINATOR), t(2));
    assert_eq!(err, CaseError::DuplicateParticipant { id: id("acme") });
    misuse(&err, "participant.duplicate");
    let err = refused(&mut case, joining("nobody", &[]), t(2));
    assert_eq!(err, CaseError::NoRoles { id: id("nobody") });
    misuse(&err, "participant.roles");
}

#[test]
fn wrong_payload_for_the_type() {
    let mut case = base();
    let cases = [
        (M::RS, Payload::None, PayloadKind::None),
        (M::RS, Payload::Text { text: "x".into() }, PayloadKind::Text),
        (M::EP, Payload::None, PayloadKind::None),
        (
            M::EV,
            Payload::Report(Box::new(report())),
            PayloadKind::Report,
        ),
        (M::RV, Payload::Embargo(terms(2, 20)), PayloadKind::Embargo),
        (M::CP, Payload::Text { text: "x".into() }, PayloadKind::Text),
        (M::EA, Payload::Embargo(terms(2, 20)), PayloadKind::Embargo),
        (
            M::GI,
            Payload::Report(Box::new(report())),
            PayloadKind::Report,
        ),
        (M::RK, Payload::Embargo(terms(2, 20)), PayloadKind::Embargo),
    ];
    for (kind, payload, found) in cases {
        let err = refused(&mut case, msg_with(kind, "fay", &["acme"], payload), t(2));
        assert_eq!(
            err,
            CaseError::Payload {
                message: kind,
                found
            }
        );
        misuse(&err, "message.payload");
    }
}

#[test]
fn time_going_backwards() {
    let mut case = base();
    ok(&mut case, Input::Tick, t(5));
    for input in [
        Input::Tick,
        act("acme", Action::Validate),
        joining("late", VENDOR),
    ] {
        let err = refused(&mut case, input, t(4));
        assert_eq!(
            err,
            CaseError::TimeWentBackwards {
                now: t(4),
                last: t(5)
            }
        );
        misuse(&err, "time.monotonic");
    }
    // The same instant is fine.
    ok(&mut case, Input::Tick, t(5));
}

#[test]
fn bad_recipients() {
    let mut case = base();
    let cases: [(&[&str], &str); 4] = [
        (&[], "`RV` has no recipients"),
        (&["fay", "acme"], "`acme` is both sender and recipient"),
        (
            &["fay", "cert", "fay"],
            "`fay` is named twice among the recipients",
        ),
        (&["acme"], "`acme` is both sender and recipient"),
    ];
    for (to, reason) in cases {
        let err = refused(&mut case, msg(M::RV, "acme", to), t(2));
        assert_eq!(
            err,
            CaseError::Recipients {
                reason: reason.to_owned()
            }
        );
        misuse(&err, "message.recipients");
    }
    let err = refused(
        &mut case,
        act("fay", Action::submit(id("fay"), report())),
        t(2),
    );
    assert_eq!(
        err,
        CaseError::Recipients {
            reason: "`fay` cannot submit the report to itself".to_owned()
        }
    );
    misuse(&err, "message.recipients");
}

#[test]
fn oversized_text() {
    let mut case = base();
    let big = "x".repeat(MAX_TEXT_LEN + 1);
    let half = "x".repeat(MAX_TEXT_LEN / 2 + 1);
    let too_big = |found| CaseError::TooLarge {
        what: Limit::Text,
        limit: MAX_TEXT_LEN,
        found,
    };
    let inputs = [
        (
            act(
                "fay",
                Action::Inquire {
                    text: big.clone().into(),
                },
            ),
            MAX_TEXT_LEN + 1,
        ),
        (
            act(
                "cert",
                Action::CloseDespiteEmbargo {
                    reason: big.clone(),
                },
            ),
            MAX_TEXT_LEN + 1,
        ),
        (
            act(
                "fay",
                Action::submit(id("cert"), ReportSummary::new(&half, &half)),
            ),
            2 * half.len(),
        ),
        (
            msg_with(
                M::GI,
                "fay",
                &["acme"],
                Payload::Text {
                    text: big.clone().into(),
                },
            ),
            MAX_TEXT_LEN + 1,
        ),
        (
            msg_with(
                M::RS,
                "fay",
                &["cert"],
                Payload::Report(Box::new(ReportSummary::new(&big, ""))),
            ),
            MAX_TEXT_LEN + 1,
        ),
        (
            Input::AddParticipant {
                participant: Box::new(NewParticipant::new(id("big"), &big, RoleSet::of(VENDOR))),
                by: Some(id("fay")),
            },
            MAX_TEXT_LEN + 1,
        ),
    ];
    for (input, found) in inputs {
        let err = refused(&mut case, input, t(2));
        assert_eq!(err, too_big(found));
        misuse(&err, "limits");
    }
    let mut p = NewParticipant::new(id("org"), "Org", RoleSet::of(VENDOR));
    p.organisation = Some(Organisation {
        contact: Some(big.clone()),
        ..Organisation::default()
    });
    let err = refused(
        &mut case,
        Input::AddParticipant {
            participant: Box::new(p),
            by: Some(id("fay")),
        },
        t(2),
    );
    assert_eq!(err, too_big(MAX_TEXT_LEN + 4));
    // Exactly at the limit is accepted.
    ok(
        &mut case,
        act(
            "fay",
            Action::Inquire {
                text: "x".repeat(MAX_TEXT_LEN).into(),
            },
        ),
        t(2),
    );
}

#[test]
fn too_many_participants() {
    let mut case = case_with(&[("fay", REPORTER)]);
    for i in 1..MAX_PARTICIPANTS {
        ok(&mut case, joining(&format!("p{i}"), VENDOR), t(0));
    }
    assert_eq!(case.participants().len(), MAX_PARTICIPANTS);
    let err = refused(&mut case, joining("one-more", VENDOR), t(1));
    assert_eq!(
        err,
        CaseError::TooLarge {
            what: Limit::Participants,
            limit: MAX_PARTICIPANTS,
            found: MAX_PARTICIPANTS + 1
        }
    );
    misuse(&err, "limits");
    // Removing someone does not free a slot: removed participants stay on record.
    ok(
        &mut case,
        Input::RemoveParticipant {
            participant: id("p1"),
            by: Some(id("fay")),
        },
        t(1),
    );
    let err = refused(&mut case, joining("one-more", VENDOR), t(1));
    assert_eq!(err.rule(), Rule::Limits);
}

#[test]
fn too_many_recipients() {
    let mut case = base();
    let to: Vec<String> = (0..=MAX_PARTICIPANTS).map(|i| format!("r{i}")).collect();
    let to: Vec<&str> = to.iter().map(String::as_str).collect();
    let err = refused(&mut case, msg(M::GI, "fay", &to), t(2));
    assert_eq!(
        err,
        CaseError::TooLarge {
            what: Limit::Recipients,
            limit: MAX_PARTICIPANTS,
            found: MAX_PARTICIPANTS + 1
        }
    );
    misuse(&err, "limits");
}

#[test]
fn overlong_ids_are_refused_before_they_reach_a_case() {
    assert!(ParticipantId::new(&"p".repeat(MAX_ID_LEN)).is_ok());
    assert!(ParticipantId::new(&"p".repeat(MAX_ID_LEN + 1)).is_err());
    assert!(ParticipantId::new("").is_err());
    assert!(ParticipantId::new("a\nb").is_err());
    assert!(CaseId::new(&"c".repeat(MAX_ID_LEN + 1)).is_err());
    // Nor can one be smuggled in through JSON.
    let json = format!(
        r#"{{"input":"act","actor":"{}","action":{{"action":"validate"}}}}"#,
        "p".repeat(MAX_ID_LEN + 1)
    );
    assert!(serde_json::from_str::<Input>(&json).is_err());
}

#[test]
fn bad_embargo_terms() {
    let mut case = base();
    ok(&mut case, Input::Tick, t(10));
    let cases = [
        (terms(20, 15), "ends before it starts"),
        (terms(20, 20), "ends before it starts"),
        (terms(1, 5), "has already ended"),
        (terms(1, 10), "has already ended"),
    ];
    for (bad, reason) in cases {
        for input in [
            act("fay", Action::ProposeEmbargo { terms: bad }),
            msg_with(M::EP, "fay", &["acme"], Payload::Embargo(bad)),
        ] {
            let err = refused(&mut case, input, t(10));
            assert_eq!(err, CaseError::InvalidTerms { terms: bad, reason });
            assert_eq!(err.rule(), Rule::EmbargoTerms);
            assert_eq!(err.rule().to_string(), "embargo.terms");
            assert_eq!(err.class(), ErrorClass::Misuse);
        }
    }
    // A start in the past is fine as long as the end is ahead.
    ok(
        &mut case,
        act(
            "fay",
            Action::ProposeEmbargo {
                terms: terms(1, 11),
            },
        ),
        t(10),
    );
    ok(&mut case, act("acme", Action::AcceptEmbargo), t(10));
    // Revisions are checked the same way.
    let err = refused(
        &mut case,
        act(
            "fay",
            Action::ReviseEmbargo {
                terms: terms(12, 11),
            },
        ),
        t(10),
    );
    assert_eq!(
        err,
        CaseError::InvalidTerms {
            terms: terms(12, 11),
            reason: "ends before it starts"
        }
    );
}

/// Protocol refusals carry the rule, the participant, its state and what it may do
/// instead; a peer's violation also names the error reply to send back.
#[test]
fn refusals_explain_themselves() {
    let mut case = base();
    let err = refused(&mut case, act("acme", Action::Close), t(2));
    assert_eq!(err.class(), ErrorClass::Refused);
    assert_eq!(err.rule().to_string(), "send.report-state");
    let refusal = err.refusal().unwrap();
    assert_eq!(refusal.participant, id("acme"));
    assert_eq!(refusal.state.to_string(), "(R, N, Vfdpxa)");
    assert_eq!(refusal.reply, None);
    assert!(refusal.allowed.contains(&mpcvd::case::ActionKind::Validate));
    assert_eq!(refusal.allowed, case.allowed_actions(&id("acme")).unwrap());
    assert!(err.to_string().contains("(case unchanged)"), "{err}");

    let err = refused(&mut case, msg(M::RA, "acme", &["fay"]), t(2));
    assert_eq!(err.class(), ErrorClass::PeerMisbehaviour);
    assert_eq!(err.rule().to_string(), "send.report-state");
    assert_eq!(err.refusal().unwrap().reply, Some(M::RE));
}

/// A case document that its own timeline does not produce is refused on load.
#[test]
fn tampered_case_documents_are_refused() {
    let mut case = base();
    ok(&mut case, act("acme", Action::Validate), t(2));
    let json = serde_json::to_string(&case).unwrap();
    assert_eq!(serde_json::from_str::<Case>(&json).unwrap(), case);
    let tampered = [
        // acme claims to have accepted the report.
        json.replacen(r#""rm":"valid""#, r#""rm":"accepted""#, 1),
        // The public supposedly knows.
        json.replacen(r#""pxa":"pxa""#, r#""pxa":"Pxa""#, 1),
        // A recorded effect was dropped.
        json.replacen(
            r#"{"effect":"send","type":"RV","from":{"participant":"acme"},"to":["fay"]}"#,
            "",
            1,
        ),
        // An unknown field.
        json.replacen(r#""pxa":"pxa""#, r#""pxa":"pxa","extra":1"#, 1),
    ];
    for doc in tampered {
        assert_ne!(doc, json);
        let err = serde_json::from_str::<Case>(&doc).unwrap_err();
        assert!(
            err.to_string().contains("invalid case") || err.to_string().contains("unknown field"),
            "{err}"
        );
    }
}
