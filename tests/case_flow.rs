//! End-to-end flows through the case engine: report, embargo, fix, publication,
//! expiry, refusals that change nothing, replay and JSON round trips.

use chrono::{DateTime, Duration, TimeZone, Utc};
use mpcvd::case::{
    Action, Case, CaseError, Effect, Embargo, EmbargoEnd, EmbargoTerms, Input, Message, Payload,
    ReportSummary, Rule,
};
use mpcvd::em::EmState;
use mpcvd::id::CaseId;
use mpcvd::message::MessageType;
use mpcvd::participant::{NewParticipant, ParticipantId};
use mpcvd::pec::PecState;
use mpcvd::policy::Policy;
use mpcvd::rm::RmState;
use mpcvd::role::{Role, RoleSet};

fn t(day: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::days(day)
}

fn id(s: &str) -> ParticipantId {
    ParticipantId::new(s).unwrap()
}

fn act(actor: &str, action: Action) -> Input {
    Input::Act {
        actor: id(actor),
        action,
    }
}

fn add(case: &mut Case, who: &str, roles: &[Role]) {
    let p = NewParticipant::new(id(who), who, RoleSet::of(roles));
    case.handle(
        Input::AddParticipant {
            participant: Box::new(p),
            by: case.owner().cloned(),
        },
        case.now(),
    )
    .unwrap();
}

fn report() -> ReportSummary {
    ReportSummary::new("overflow", "details")
}

/// finder-reporter, coordinator, two vendors.
fn three_party() -> Case {
    let mut case = Case::new(CaseId::new("VU#1").unwrap(), Policy::default(), t(0));
    add(&mut case, "fay", &[Role::Finder, Role::Reporter]);
    add(&mut case, "cert", &[Role::Coordinator]);
    add(&mut case, "acme", &[Role::Vendor]);
    add(&mut case, "bolt", &[Role::Vendor]);
    case
}

/// The three-party case after the reporter submitted the report to `acme` on day 1.
fn reported() -> Case {
    let mut case = three_party();
    let submit = Action::submit(id("acme"), report());
    case.handle(act("fay", submit), t(1)).unwrap();
    case
}

fn sends(effects: &[Effect]) -> Vec<(MessageType, Vec<String>)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send(o) => Some((o.kind, o.to.iter().map(|p| p.to_string()).collect())),
            _ => None,
        })
        .collect()
}

#[test]
fn report_embargo_fix_publication() {
    let mut case = three_party();
    let fx = case
        .handle(act("fay", Action::submit(id("cert"), report())), t(1))
        .unwrap();
    assert_eq!(sends(fx), vec![(MessageType::RS, vec!["cert".into()])]);
    assert_eq!(
        case.participant(&id("cert")).unwrap().rm(),
        RmState::Received
    );

    case.handle(act("cert", Action::Validate), t(1)).unwrap();
    case.handle(act("cert", Action::Accept), t(1)).unwrap();
    for v in ["acme", "bolt"] {
        case.handle(act("cert", Action::submit(id(v), report())), t(2))
            .unwrap();
        assert_eq!(case.case_state_of(&id(v)).unwrap().to_string(), "Vfdpxa");
    }
    let terms = EmbargoTerms {
        start: t(2),
        end: t(47),
    };
    let fx = case
        .handle(act("cert", Action::ProposeEmbargo { terms }), t(2))
        .unwrap()
        .to_vec();
    assert_eq!(
        sends(&fx),
        vec![(
            MessageType::EP,
            vec!["fay".into(), "acme".into(), "bolt".into()]
        )]
    );
    assert_eq!(
        case.participant(&id("acme")).unwrap().consent(),
        PecState::Invited
    );
    assert_eq!(
        case.participant(&id("cert")).unwrap().consent(),
        PecState::Signatory
    );

    let fx = case.handle(act("acme", Action::AcceptEmbargo), t(3));
    // acme is in Received: accepting an embargo is allowed from R.
    let fx = fx.unwrap().to_vec();
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Deadline(d) if d.at == t(47)))
    );
    assert_eq!(case.em(), EmState::Active);
    assert_eq!(case.next_deadline().unwrap().at, t(47));

    // Closing while the embargo is in force is a SHOULD NOT: warned (issue 12 item
    // 2; it was refused as an act alone). Tried as a dry run, which changes nothing.
    case.handle(act("bolt", Action::Validate), t(4)).unwrap();
    case.handle(act("bolt", Action::Accept), t(4)).unwrap();
    let before = case.clone();
    let fx = case.dry_run(&act("bolt", Action::Close), t(4)).unwrap();
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Warning(w)
            if w.rule == Rule::CloseDuringEmbargo && w.participant == Some(id("bolt")))),
        "{fx:?}"
    );
    assert_eq!(case, before);

    // Fix before acceptance is refused; after, allowed.
    let err = case
        .handle(act("acme", Action::FixReady), t(5))
        .unwrap_err();
    assert_eq!(err.rule(), Rule::SendReportState);
    case.handle(act("acme", Action::Validate), t(5)).unwrap();
    case.handle(act("acme", Action::Accept), t(5)).unwrap();
    case.handle(act("acme", Action::FixReady), t(6)).unwrap();
    assert_eq!(
        case.case_state_of(&id("acme")).unwrap().to_string(),
        "VFdpxa"
    );

    // Publication tears the embargo down in the same step.
    case.handle(act("acme", Action::Publish), t(7)).unwrap();
    assert!(matches!(
        case.embargo(),
        Embargo::Exited {
            reason: EmbargoEnd::PublicAware,
            ..
        }
    ));
    assert_eq!(
        case.case_state_of(&id("bolt")).unwrap().to_string(),
        "VfdPxa"
    );
    assert!(
        case.participants()
            .iter()
            .all(|p| p.consent() == PecState::NoEmbargo)
    );

    // Embargo proposals are now refused (EM is eXited; and the case is not ···pxa).
    let err = case
        .handle(
            act(
                "cert",
                Action::ProposeEmbargo {
                    terms: EmbargoTerms {
                        start: t(7),
                        end: t(20),
                    },
                },
            ),
            t(7),
        )
        .unwrap_err();
    assert_eq!(err.rule(), Rule::SendEmbargoState);

    let replayed = Case::replay(case.timeline()).unwrap();
    assert_eq!(replayed, case);
    let json = serde_json::to_string(&case).unwrap();
    let back: Case = serde_json::from_str(&json).unwrap();
    assert_eq!(back, case);
    case.check_invariants().unwrap();
}

#[test]
fn embargo_expires_with_time() {
    let mut case = reported();
    case.handle(
        act(
            "fay",
            Action::ProposeEmbargo {
                terms: EmbargoTerms {
                    start: t(1),
                    end: t(10),
                },
            },
        ),
        t(1),
    )
    .unwrap();
    case.handle(act("acme", Action::AcceptEmbargo), t(2))
        .unwrap();
    let fx = case.handle(Input::Tick, t(9)).unwrap();
    assert!(fx.is_empty());
    let fx = case.handle(Input::Tick, t(10)).unwrap().to_vec();
    assert_eq!(
        sends(&fx),
        vec![(MessageType::ET, vec!["fay".into(), "acme".into()])]
    );
    assert!(
        matches!(case.embargo(), Embargo::Exited { reason: EmbargoEnd::Expired, at, .. } if *at == t(10))
    );
    let err = case.handle(Input::Tick, t(9)).unwrap_err();
    assert!(matches!(err, CaseError::TimeWentBackwards { .. }));
}

#[test]
fn peer_messages_get_replies_and_violations_are_refused() {
    let mut case = three_party();
    let rs = Message {
        kind: MessageType::RS,
        from: id("fay"),
        to: vec![id("acme")],
        payload: Payload::Report(Box::new(report())),
    };
    let fx = case.handle(Input::Message { message: rs }, t(1)).unwrap();
    assert_eq!(
        sends(fx),
        vec![
            (MessageType::RK, vec!["fay".into()]),
            (MessageType::CV, vec!["fay".into()])
        ]
    );
    // A vendor in Received cannot announce a fix.
    let cf = Message {
        kind: MessageType::CF,
        from: id("acme"),
        to: vec![id("fay")],
        payload: Payload::None,
    };
    let before = case.clone();
    let err = case
        .handle(Input::Message { message: cf }, t(2))
        .unwrap_err();
    assert_eq!(err.refusal().unwrap().reply, Some(MessageType::CE));
    assert_eq!(case, before);
    // Wrong payload.
    let ep = Message {
        kind: MessageType::EP,
        from: id("fay"),
        to: vec![id("acme")],
        payload: Payload::None,
    };
    assert!(matches!(
        case.handle(Input::Message { message: ep }, t(2)),
        Err(CaseError::Payload { .. })
    ));
    // Unknown sender.
    let gi = Message {
        kind: MessageType::GI,
        from: id("eve"),
        to: vec![id("acme")],
        payload: Payload::None,
    };
    assert!(matches!(
        case.handle(Input::Message { message: gi }, t(2)),
        Err(CaseError::UnknownParticipant { .. })
    ));
}

#[test]
fn embargo_message_after_disclosure_is_answered_with_er_or_et() {
    let mut policy = Policy::default();
    policy.attacks_end_embargo = mpcvd::policy::Requirement::Should;
    let mut case = Case::new(CaseId::new("VU#2").unwrap(), policy, t(0));
    add(&mut case, "fay", &[Role::Finder, Role::Reporter]);
    add(&mut case, "acme", &[Role::Vendor]);
    case.handle(act("fay", Action::submit(id("acme"), report())), t(1))
        .unwrap();
    case.handle(
        act(
            "fay",
            Action::ProposeEmbargo {
                terms: EmbargoTerms {
                    start: t(1),
                    end: t(30),
                },
            },
        ),
        t(1),
    )
    .unwrap();
    case.handle(act("acme", Action::AcceptEmbargo), t(1))
        .unwrap();
    let fx = case
        .handle(act("acme", Action::AttacksObserved), t(2))
        .unwrap()
        .to_vec();
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Warning(w) if w.rule == Rule::EmbargoShouldEnd))
    );
    assert_eq!(case.em(), EmState::Active);
    let ev = Message {
        kind: MessageType::EV,
        from: id("fay"),
        to: vec![id("acme")],
        payload: Payload::Embargo(EmbargoTerms {
            start: t(1),
            end: t(40),
        }),
    };
    let fx = case
        .handle(Input::Message { message: ev }, t(3))
        .unwrap()
        .to_vec();
    assert_eq!(sends(&fx), vec![(MessageType::ET, vec!["fay".into()])]);
    assert_eq!(case.em(), EmState::Exited);
}

#[test]
fn allowed_actions_and_why_refused() {
    let case = reported();
    let allowed = case.allowed_actions(&id("acme")).unwrap();
    use mpcvd::case::ActionKind as K;
    assert!(allowed.contains(&K::Validate));
    assert!(allowed.contains(&K::Invalidate));
    assert!(!allowed.contains(&K::Close));
    assert!(!allowed.contains(&K::FixReady));
    let why = case.why_refused(&id("acme"), &Action::Close).unwrap();
    let refusal = why.refusal().unwrap();
    assert_eq!(refusal.rule, Rule::SendReportState);
    assert_eq!(refusal.allowed, allowed);
    let unreached: Vec<_> = case.unreached().map(|p| p.id().to_string()).collect();
    assert_eq!(unreached, vec!["cert", "bolt"]);
    let silent: Vec<_> = case.silent().map(|p| p.id().to_string()).collect();
    assert_eq!(silent, vec!["acme"]);
}

#[test]
fn an_embargo_needs_someone_other_than_its_proposer_to_accept() {
    let mut case = reported();
    let terms = EmbargoTerms {
        start: t(1),
        end: t(30),
    };
    case.handle(act("fay", Action::ProposeEmbargo { terms }), t(1))
        .unwrap();
    let before = case.clone();
    let err = case
        .handle(act("fay", Action::AcceptEmbargo), t(1))
        .unwrap_err();
    assert_eq!(err.rule(), Rule::EmbargoSelfAccept);
    assert_eq!(case, before);
    case.handle(act("acme", Action::AcceptEmbargo), t(2))
        .unwrap();
    assert_eq!(case.em(), EmState::Active);
}

#[test]
fn peers_acknowledge_by_any_message_and_closed_peers_send_nothing() {
    let mut case = reported();
    assert!(case.participant(&id("acme")).unwrap().is_silent());
    let rk = Message {
        kind: MessageType::RK,
        from: id("acme"),
        to: vec![id("fay")],
        payload: Payload::None,
    };
    case.handle(
        Input::Message {
            message: rk.clone(),
        },
        t(2),
    )
    .unwrap();
    let acme = case.participant(&id("acme")).unwrap();
    assert!(!acme.is_silent());
    assert_eq!(acme.status().acknowledged_at, Some(t(2)));
    // acme closes; it may still acknowledge (the formal RM send table allows RK
    // from `*,*,*`, issue 21), but nothing can be submitted to it.
    case.handle(act("acme", Action::Invalidate), t(3)).unwrap();
    case.handle(act("acme", Action::Close), t(3)).unwrap();
    case.handle(Input::Message { message: rk }, t(4)).unwrap();
    let before = case.clone();
    let err = case
        .handle(act("cert", Action::submit(id("acme"), report())), t(4))
        .unwrap_err();
    assert_eq!(err.rule(), Rule::MessageRecipients);
    assert_eq!(case, before);
}

#[test]
fn an_expiring_embargo_with_nobody_left_to_tell_sends_nothing() {
    let mut case = Case::new(CaseId::new("VU#3").unwrap(), Policy::default(), t(0));
    // The tracker's desk opens the case (and owns it, so it cannot be removed); the
    // report never reaches it, so it is told nothing either.
    add(&mut case, "desk", &[Role::Coordinator]);
    add(&mut case, "fay", &[Role::Finder, Role::Reporter]);
    add(&mut case, "acme", &[Role::Vendor]);
    case.handle(act("fay", Action::submit(id("acme"), report())), t(0))
        .unwrap();
    case.handle(
        act(
            "fay",
            Action::ProposeEmbargo {
                terms: EmbargoTerms {
                    start: t(0),
                    end: t(5),
                },
            },
        ),
        t(0),
    )
    .unwrap();
    case.handle(act("acme", Action::AcceptEmbargo), t(0))
        .unwrap();
    for who in ["fay", "acme"] {
        case.handle(
            Input::RemoveParticipant {
                participant: id(who),
                by: case.owner().cloned(),
            },
            t(1),
        )
        .unwrap();
    }
    let fx = case.handle(Input::Tick, t(6)).unwrap();
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(case.em(), EmState::Exited);
}

#[test]
fn reported_status_moves_one_step_unless_the_policy_accepts_jumps() {
    use mpcvd::cs::Vfd;
    let status = |rm: Option<RmState>, vfd: Option<Vfd>| Input::Status {
        participant: id("acme"),
        rm,
        vfd,
    };
    let mut case = reported();
    // One step: processed as the RV message it announces; the reporter acks it.
    let fx = case
        .handle(status(Some(RmState::Valid), None), t(2))
        .unwrap()
        .to_vec();
    assert_eq!(sends(&fx), vec![(MessageType::RK, vec!["acme".into()])]);
    assert_eq!(case.participant(&id("acme")).unwrap().rm(), RmState::Valid);

    // Valid → Accepted → fix ready is three steps (RA, then CF needs Accepted): a
    // jump, refused by the strict protocol with the case unchanged.
    let before = case.clone();
    let err = case
        .handle(status(Some(RmState::Accepted), Some(Vfd::FixReady)), t(3))
        .unwrap_err();
    assert_eq!(err.rule(), Rule::StatusJump);
    assert!(err.to_string().contains("RA CF"), "{err}");
    assert_eq!(case, before);
    // Backwards is never possible.
    let err = case
        .handle(status(Some(RmState::Received), None), t(3))
        .unwrap_err();
    assert_eq!(err.rule(), Rule::StatusUnreachable);

    // Opt in: the same report is accepted, step by step.
    let policy = Policy {
        accept_status_jumps: true,
        ..Policy::default()
    };
    case.handle(
        Input::ChangePolicy {
            policy: Box::new(policy),
            by: case.owner().cloned(),
        },
        t(3),
    )
    .unwrap();
    case.handle(status(Some(RmState::Accepted), Some(Vfd::FixReady)), t(3))
        .unwrap();
    assert_eq!(
        case.case_state_of(&id("acme")).unwrap().to_string(),
        "VFdpxa"
    );
    assert_eq!(
        case.participant(&id("acme")).unwrap().rm(),
        RmState::Accepted
    );
    assert_eq!(Case::replay(case.timeline()).unwrap(), case);
}
