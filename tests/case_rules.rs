//! Send preconditions of reference §5 for every local action, and the cross-model
//! rules of reference §2 and §6, through the case API (`Input::Act` and
//! `Input::Message`), with each step's effects asserted exactly.

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

use mpcvd::case::{Action, Case, CaseError, Effect, Input, Origin, Outgoing, Payload, Rule};
use mpcvd::message::MessageType;
use mpcvd::policy::Policy;
use mpcvd::rm::RmState;
use mpcvd::role::Role;

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
use mpcvd::case::{Embargo, EmbargoEnd, ErrorClass};
use mpcvd::cs::Vfd;
use mpcvd::em::EmState;
use mpcvd::pec::PecState;
use mpcvd::policy::{Level, Requirement};

fn should_policy() -> Policy {
    Policy {
        attacks_end_embargo: Requirement::Should,
        ..Policy::default()
    }
}

/// An action, the message announcing it, and the RM edges `(from, to)` it takes.
type RmRow = (Action, MessageType, &'static [(RmState, RmState)]);
/// An action and the EM edges `(from, message, to)` it takes.
type EmRow = (Action, &'static [(EmState, MessageType, EmState)]);

/// fay (reporter, `A`), acme (vendor, `R`), cert (coordinator, `R`), bolt (vendor,
/// unreached).
fn base(policy: Policy) -> Case {
    let mut case = case_with_policy(
        policy,
        &[
            ("fay", REPORTER),
            ("acme", VENDOR),
            ("cert", COORDINATOR),
            ("bolt", VENDOR),
        ],
    );
    reach(&mut case, "acme", RmState::Received);
    reach(&mut case, "cert", RmState::Received);
    case
}

fn propose(case: &mut Case) {
    ok(
        case,
        act(
            "fay",
            Action::ProposeEmbargo {
                terms: terms(1, 30),
            },
        ),
        t(1),
    );
}

fn activate(case: &mut Case) {
    propose(case);
    ok(case, act("acme", Action::AcceptEmbargo), t(1));
}

fn start_revision(case: &mut Case) {
    activate(case);
    ok(
        case,
        act(
            "fay",
            Action::ReviseEmbargo {
                terms: terms(1, 40),
            },
        ),
        t(1),
    );
}

fn exit(case: &mut Case) {
    activate(case);
    ok(case, act("fay", Action::TerminateEmbargo), t(1));
}

fn refusal_rule(case: &mut Case, actor: &str, action: Action) -> Rule {
    let err = refused(case, act(actor, action), t(2));
    assert_eq!(err.class(), ErrorClass::Refused, "{err}");
    let refusal = err.refusal().unwrap();
    assert_eq!(refusal.participant, id(actor));
    assert_eq!(refusal.reply, None, "local refusals prescribe no reply");
    assert_eq!(refusal.allowed, case.allowed_actions(&id(actor)).unwrap());
    err.rule()
}

// ----- report management ------------------------------------------------------------

/// RV, RI, RA, RD, RC from every RM state: allowed exactly on the RM table's edges
/// (reference §1; RI only from `R`, decision 2; never from `C`), announced to the
/// other reached members; refused with `send.report-state` elsewhere.
#[test]
fn report_actions_follow_the_rm_table() {
    use RmState::{
        Accepted as A, Closed as C, Deferred as D, Invalid as I, Received as R, Start as S,
        Valid as V,
    };
    let table: [RmRow; 5] = [
        (Action::Validate, M::RV, &[(R, V), (I, V)]),
        (Action::Invalidate, M::RI, &[(R, I)]),
        (Action::Accept, M::RA, &[(V, A), (D, A)]),
        (Action::Defer, M::RD, &[(V, D), (A, D)]),
        (Action::Close, M::RC, &[(I, C), (D, C), (A, C)]),
    ];
    for (action, kind, edges) in table {
        for from in [S, R, I, V, A, D, C] {
            let mut case = case_with(&[("fay", REPORTER), ("tx", COORDINATOR), ("bolt", VENDOR)]);
            reach(&mut case, "tx", from);
            match edges.iter().find(|(f, _)| *f == from) {
                Some(&(_, to)) => {
                    let fx = ok(&mut case, act("tx", action.clone()), t(2));
                    assert_eq!(fx, vec![out(kind, "tx", &["fay"])], "{kind} from {from}");
                    assert_eq!(case.participant(&id("tx")).unwrap().rm(), to);
                    assert_eq!(case.participant(&id("fay")).unwrap().rm(), A);
                }
                None => {
                    let rule = refusal_rule(&mut case, "tx", action.clone());
                    assert_eq!(rule, Rule::SendReportState, "{kind} from {from}");
                }
            }
        }
    }
}

/// RS: only from `Accepted` (reference §1: "initiating CVD with others MUST be done
/// from Accepted"); it moves the recipient `S → R`, and a vendor to `V`.
#[test]
fn submit_needs_accepted_and_moves_the_recipient() {
    let mut case = base(Policy::default());
    // acme is in R: it may not pass the report on yet.
    let rule = refusal_rule(&mut case, "acme", Action::submit(id("bolt"), report()));
    assert_eq!(rule, Rule::SendReportState);
    let fx = ok(
        &mut case,
        act("fay", Action::submit(id("bolt"), report())),
        t(2),
    );
    assert_eq!(
        fx,
        vec![out_with(
            M::RS,
            "fay",
            &["bolt"],
            Payload::Report(Box::new(report()))
        )]
    );
    let bolt = case.participant(&id("bolt")).unwrap();
    assert_eq!((bolt.rm(), bolt.vfd()), (RmState::Received, Vfd::Aware));
    assert_eq!(bolt.status().reached_at, Some(t(2)));
    assert_eq!(
        case.case_state_of(&id("bolt")).unwrap().to_string(),
        "Vfdpxa"
    );
    // A coordinator reached the same way stays `vfd`: V is the vendor's own letter.
    assert_eq!(
        case.case_state_of(&id("cert")).unwrap().to_string(),
        "vfdpxa"
    );
    // Once accepted, the coordinator may submit too.
    ok(&mut case, act("cert", Action::Validate), t(3));
    ok(&mut case, act("cert", Action::Accept), t(3));
    let mut case2 = case.clone();
    let fx = ok(
        &mut case2,
        act("cert", Action::submit(id("acme"), report())),
        t(3),
    );
    assert_eq!(
        fx,
        vec![out_with(
            M::RS,
            "cert",
            &["acme"],
            Payload::Report(Box::new(report()))
        )]
    );
    assert_eq!(
        case2.participant(&id("acme")).unwrap().rm(),
        RmState::Received
    );
}

// ----- embargo management -------------------------------------------------------------

type Setup = fn(&mut Case);

fn em_setups() -> [(EmState, Setup); 5] {
    [
        (EmState::None, |_| {}),
        (EmState::Proposed, propose),
        (EmState::Active, activate),
        (EmState::Revise, start_revision),
        (EmState::Exited, exit),
    ]
}

/// Each embargo action in each EM state: allowed exactly where the EM table has the
/// edge (reference §2), announced with the matching message (decision 4: EV/EJ/EC
/// in `A`/`R`), refused with `send.embargo-state` elsewhere.
#[test]
fn embargo_actions_follow_the_em_table() {
    use EmState::{Active as A, Exited as X, None as N, Proposed as P, Revise as R};
    let table: [EmRow; 5] = [
        (
            Action::ProposeEmbargo {
                terms: terms(2, 20),
            },
            &[(N, M::EP, P), (P, M::EP, P)],
        ),
        (
            Action::ReviseEmbargo {
                terms: terms(2, 20),
            },
            &[(A, M::EV, R), (R, M::EV, R)],
        ),
        (Action::AcceptEmbargo, &[(P, M::EA, A), (R, M::EC, A)]),
        (Action::RejectEmbargo, &[(P, M::ER, N), (R, M::EJ, A)]),
        (Action::TerminateEmbargo, &[(A, M::ET, X), (R, M::ET, X)]),
    ];
    for (action, edges) in table {
        for (em, setup) in em_setups() {
            let mut case = base(Policy::default());
            setup(&mut case);
            assert_eq!(case.em(), em);
            match edges.iter().find(|(from, ..)| *from == em) {
                Some(&(_, kind, to)) => {
                    let fx = ok(&mut case, act("cert", action.clone()), t(2));
                    let payload = match &action {
                        Action::ProposeEmbargo { terms } | Action::ReviseEmbargo { terms } => {
                            Payload::Embargo(*terms)
                        }
                        _ => Payload::None,
                    };
                    let mut expected = vec![];
                    if matches!(kind, M::EA | M::EC) {
                        expected.push(deadline(if kind == M::EA { t(30) } else { t(40) }));
                    }
                    expected.push(out_with(kind, "cert", &["fay", "acme"], payload));
                    assert_eq!(fx, expected, "{kind} in {em}");
                    assert_eq!(case.em(), to, "{kind} in {em}");
                }
                None => {
                    // In `A` a participant that has not signed may still join or
                    // decline (see below); a signatory (fay proposed) may not.
                    let actor = if em == A { "fay" } else { "cert" };
                    let rule = refusal_rule(&mut case, actor, action.clone());
                    assert_eq!(rule, Rule::SendEmbargoState, "{action:?} in {em}");
                }
            }
        }
    }
}

/// While an embargo is in force, a participant that has not signed it may join it
/// (accept) or decline it: its consent changes (PEC, reference §2), the case's EM
/// state does not, and nothing is announced.
#[test]
fn joining_an_embargo_in_force_is_consent_only() {
    for (action, consent) in [
        (Action::AcceptEmbargo, PecState::Signatory),
        (Action::RejectEmbargo, PecState::Declined),
    ] {
        let mut case = base(Policy::default());
        activate(&mut case);
        assert_eq!(
            case.participant(&id("cert")).unwrap().consent(),
            PecState::Invited
        );
        let embargo = case.embargo().clone();
        assert_eq!(ok(&mut case, act("cert", action.clone()), t(2)), vec![]);
        assert_eq!(case.participant(&id("cert")).unwrap().consent(), consent);
        assert_eq!(case.embargo(), &embargo);
    }
}

/// A closed participant takes no part in embargo negotiation (RM ≠ C): refused with
/// `send.report-state`.
#[test]
fn closed_participants_may_not_negotiate() {
    let mut case = base(Policy::default());
    ok(&mut case, act("cert", Action::Invalidate), t(1));
    ok(&mut case, act("cert", Action::Close), t(1));
    assert_eq!(
        refusal_rule(
            &mut case,
            "cert",
            Action::ProposeEmbargo {
                terms: terms(2, 20)
            }
        ),
        Rule::SendReportState
    );
    propose(&mut case);
    assert_eq!(
        refusal_rule(&mut case, "cert", Action::AcceptEmbargo),
        Rule::SendReportState
    );
    assert_eq!(
        refusal_rule(&mut case, "cert", Action::RejectEmbargo),
        Rule::SendReportState
    );
    ok(&mut case, act("acme", Action::AcceptEmbargo), t(1));
    assert_eq!(
        refusal_rule(&mut case, "cert", Action::TerminateEmbargo),
        Rule::SendReportState
    );
    assert_eq!(
        refusal_rule(
            &mut case,
            "cert",
            Action::ReviseEmbargo {
                terms: terms(2, 20)
            }
        ),
        Rule::SendReportState
    );
    // GI "any time": a closed participant may still ask.
    let fx = ok(
        &mut case,
        act(
            "cert",
            Action::Inquire {
                text: "anyone?".into(),
            },
        ),
        t(2),
    );
    assert_eq!(
        fx,
        vec![out_with(
            M::GI,
            "cert",
            &["fay", "acme"],
            Payload::Text {
                text: "anyone?".into()
            }
        )]
    );
}

/// No embargo is proposed (EP, EV), nor a revision decided (EJ, EC), unless the
/// case is `···pxa` (reference §2 EMB-01/02). ER and ET may be sent in any case
/// state. Uses the "should" policy so that an embargo can outlive observed attacks.
#[test]
fn embargo_negotiation_needs_pxa() {
    // EP once the public knows (EM stays N; publication does not touch it).
    for event in [
        Action::Publish,
        Action::ExploitPublished,
        Action::AttacksObserved,
    ] {
        let mut case = base(Policy::default());
        ok(&mut case, act("fay", event.clone()), t(1));
        assert_eq!(case.em(), EmState::None);
        let rule = refusal_rule(
            &mut case,
            "cert",
            Action::ProposeEmbargo {
                terms: terms(2, 20),
            },
        );
        assert_eq!(rule, Rule::SendCaseState, "EP after {event:?}");
    }
    // A pending proposal after attacks (should-policy): no counter-proposal and no
    // acceptance, but it may be rejected.
    let mut case = base(should_policy());
    propose(&mut case);
    ok(&mut case, act("acme", Action::AttacksObserved), t(1));
    assert_eq!(case.em(), EmState::Proposed);
    assert_eq!(
        refusal_rule(
            &mut case,
            "cert",
            Action::ProposeEmbargo {
                terms: terms(2, 20)
            }
        ),
        Rule::SendCaseState
    );
    assert_eq!(
        refusal_rule(&mut case, "cert", Action::AcceptEmbargo),
        Rule::SendCaseState
    );
    assert_eq!(
        ok(&mut case, act("cert", Action::RejectEmbargo), t(2)),
        vec![out(M::ER, "cert", &["fay", "acme"])]
    );
    assert_eq!(case.em(), EmState::None);
    // An embargo in force after attacks: no revision, no decision on one; ET allowed.
    let mut case = base(should_policy());
    start_revision(&mut case);
    ok(&mut case, act("acme", Action::AttacksObserved), t(1));
    assert_eq!(case.em(), EmState::Revise);
    assert_eq!(
        refusal_rule(
            &mut case,
            "cert",
            Action::ReviseEmbargo {
                terms: terms(2, 20)
            }
        ),
        Rule::SendCaseState
    );
    assert_eq!(
        refusal_rule(&mut case, "cert", Action::AcceptEmbargo),
        Rule::SendCaseState
    );
    assert_eq!(
        refusal_rule(&mut case, "cert", Action::RejectEmbargo),
        Rule::SendCaseState
    );
    assert_eq!(
        ok(&mut case, act("cert", Action::TerminateEmbargo), t(2)),
        vec![out(M::ET, "cert", &["fay", "acme"])]
    );
    assert_eq!(case.em(), EmState::Exited);
}

/// EA needs only `···pxa`, as the formal EM send table says (issue 12 item 2): a
/// vendor whose fix is deployed (`VFDpxa`) may accept, with the SHOULD-level warning
/// `embargo.after-fix` ("F: pending proposals SHOULD be rejected"; "D: new
/// embargoes SHOULD NOT be sought", reference §2), the same in every input form.
/// Proposing after a fix is ready is allowed with a warning too ("F: new
/// negotiations SHOULD NOT start"). The case judges the caution against what it
/// knows: another member's fix counts.
#[test]
fn embargo_after_a_fix_is_cautioned_not_refused() {
    let setup = || {
        let mut case = case_with_policy(
            Policy::default(),
            &[
                ("fay", REPORTER),
                ("acme", &[Role::Vendor, Role::Deployer]),
                ("cert", COORDINATOR),
                ("bolt", VENDOR),
            ],
        );
        reach(&mut case, "acme", RmState::Received);
        reach(&mut case, "cert", RmState::Received);
        for step in [
            Action::Validate,
            Action::Accept,
            Action::FixReady,
            Action::FixDeployed,
        ] {
            ok(&mut case, act("acme", step), t(1));
        }
        assert_eq!(
            case.case_state_of(&id("acme")).unwrap().to_string(),
            "VFDpxa"
        );
        let fx = ok(
            &mut case,
            act(
                "fay",
                Action::ProposeEmbargo {
                    terms: terms(2, 20),
                },
            ),
            t(2),
        );
        assert_eq!(
            fx,
            vec![
                warning(
                    Rule::EmbargoAfterFix,
                    "fay",
                    "`EP`: a fix is ready, new embargo negotiations should not start"
                ),
                out_with(
                    M::EP,
                    "fay",
                    &["acme", "cert"],
                    Payload::Embargo(terms(2, 20))
                ),
            ]
        );
        case
    };
    let caution = |who| {
        warning(
            Rule::EmbargoAfterFix,
            who,
            "`EA`: a fix is ready, a pending proposal should be rejected rather than accepted",
        )
    };
    // As an act.
    let mut case = setup();
    let fx = ok(&mut case, act("acme", Action::AcceptEmbargo), t(2));
    assert_eq!(
        fx,
        vec![
            caution("acme"),
            deadline(t(20)),
            out(M::EA, "acme", &["fay", "cert"])
        ]
    );
    assert_eq!(case.em(), EmState::Active);
    // As a peer message: the same verdict and the same warning.
    let mut case = setup();
    let fx = ok(&mut case, msg(M::EA, "acme", &["fay", "cert"]), t(2));
    assert_eq!(
        fx,
        vec![
            caution("acme"),
            deadline(t(20)),
            reply(M::EK, "fay", "acme", M::EA),
            reply(M::EK, "cert", "acme", M::EA),
        ]
    );
    assert_eq!(case.em(), EmState::Active);
    // cert's own view is `vfdpxa`, but the case knows acme's fix is ready.
    let mut case = setup();
    let fx = ok(&mut case, act("cert", Action::AcceptEmbargo), t(2));
    assert_eq!(
        fx,
        vec![
            caution("cert"),
            deadline(t(20)),
            out(M::EA, "cert", &["fay", "acme"])
        ]
    );
}

/// Embargo messages from a peer once the case is no longer `···pxa` are answered
/// with ER (a proposal; a pending one is dropped) or ET (a revision; the embargo in
/// force ends), as reference §5 prescribes, with a warning naming the rule.
#[test]
fn embargo_messages_after_disclosure_are_answered_with_er_or_et() {
    // EP in N after publication: no change, ER from each recipient.
    let mut case = base(Policy::default());
    ok(&mut case, act("fay", Action::Publish), t(1));
    let fx = ok(
        &mut case,
        msg_with(
            M::EP,
            "acme",
            &["fay", "cert"],
            Payload::Embargo(terms(2, 20)),
        ),
        t(2),
    );
    assert_eq!(
        fx,
        vec![
            warning(
                Rule::EmbargoAfterDisclosure,
                "acme",
                "`EP` arrived while the case is `VfdPxa`: answered with `ER`"
            ),
            reply(M::ER, "fay", "acme", M::EP),
            reply(M::ER, "cert", "acme", M::EP),
        ]
    );
    assert_eq!(case.em(), EmState::None);
    assert_eq!(
        case.participant(&id("acme")).unwrap().status().last_heard,
        Some(t(2))
    );

    // EP and EA in P after attacks (should-policy): the proposal is dropped.
    for kind in [M::EP, M::EA] {
        let mut case = base(should_policy());
        propose(&mut case);
        ok(&mut case, act("fay", Action::AttacksObserved), t(1));
        let payload = if kind == M::EP {
            Payload::Embargo(terms(2, 20))
        } else {
            Payload::None
        };
        let fx = ok(
            &mut case,
            msg_with(kind, "acme", &["fay", "cert"], payload),
            t(2),
        );
        assert_eq!(
            fx,
            vec![
                warning(
                    Rule::EmbargoAfterDisclosure,
                    "acme",
                    &format!("`{kind}` arrived while the case is `VfdpxA`: answered with `ER`"),
                ),
                reply(M::ER, "fay", "acme", kind),
                reply(M::ER, "cert", "acme", kind),
            ]
        );
        assert_eq!(case.embargo(), &Embargo::None);
        assert!(
            case.participants()
                .iter()
                .all(|p| p.consent() == PecState::NoEmbargo)
        );
    }

    // EV in A, EV/EJ/EC in R after attacks (should-policy): the embargo ends.
    for (kind, setup) in [
        (M::EV, activate as Setup),
        (M::EV, start_revision),
        (M::EJ, start_revision),
        (M::EC, start_revision),
    ] {
        let mut case = base(should_policy());
        setup(&mut case);
        ok(&mut case, act("fay", Action::AttacksObserved), t(1));
        let payload = if kind == M::EV {
            Payload::Embargo(terms(2, 20))
        } else {
            Payload::None
        };
        let fx = ok(
            &mut case,
            msg_with(kind, "acme", &["fay", "cert"], payload),
            t(2),
        );
        assert_eq!(
            fx,
            vec![
                warning(
                    Rule::EmbargoAfterDisclosure,
                    "acme",
                    &format!("`{kind}` arrived while the case is `VfdpxA`: answered with `ET`"),
                ),
                reply(M::ET, "fay", "acme", kind),
                reply(M::ET, "cert", "acme", kind),
            ]
        );
        assert_eq!(
            case.embargo(),
            &Embargo::Exited {
                terms: terms(1, 30),
                at: t(2),
                reason: EmbargoEnd::AttacksObserved
            }
        );
    }
}

// ----- case state -------------------------------------------------------------------------

/// CF from vendors, CD from deployers (a vendor that deploys holds both roles;
/// reference §6: "Vendors without deployment capability never reach VFD"), only in
/// `Accepted`, along `V ≺ F ≺ D` (reference §1, §3).
#[test]
fn fix_actions_need_the_role_acceptance_and_order() {
    let mut case = case_with(&[
        ("fay", REPORTER),
        ("acme", &[Role::Vendor, Role::Deployer]),
        ("dep", DEPLOYER),
        ("cert", COORDINATOR),
        ("bolt", VENDOR),
    ]);
    for who in ["acme", "dep", "cert", "bolt"] {
        reach(&mut case, who, RmState::Received);
    }
    // A vendor without the deployer role tops out at VF: CD is refused by role.
    ok(&mut case, act("bolt", Action::Validate), t(1));
    ok(&mut case, act("bolt", Action::Accept), t(1));
    ok(&mut case, act("bolt", Action::FixReady), t(1));
    assert_eq!(
        refusal_rule(&mut case, "bolt", Action::FixDeployed),
        Rule::SendRole
    );
    assert_eq!(
        refusal_rule(&mut case, "cert", Action::FixReady),
        Rule::SendRole
    );
    assert_eq!(
        refusal_rule(&mut case, "cert", Action::FixDeployed),
        Rule::SendRole
    );
    assert_eq!(
        refusal_rule(&mut case, "dep", Action::FixReady),
        Rule::SendRole
    );
    assert_eq!(
        refusal_rule(&mut case, "fay", Action::FixReady),
        Rule::SendRole
    );
    for rm_step in [None, Some(Action::Validate), Some(Action::Defer)] {
        if let Some(step) = rm_step {
            ok(&mut case, act("acme", step), t(1));
        }
        assert_eq!(
            refusal_rule(&mut case, "acme", Action::FixReady),
            Rule::SendReportState
        );
    }
    ok(&mut case, act("acme", Action::Accept), t(1));
    // D before F breaks V ≺ F ≺ D.
    assert_eq!(
        refusal_rule(&mut case, "acme", Action::FixDeployed),
        Rule::SendEvent
    );
    let fx = ok(&mut case, act("acme", Action::FixReady), t(2));
    assert_eq!(
        fx,
        vec![out(M::CF, "acme", &["fay", "dep", "cert", "bolt"])]
    );
    assert_eq!(
        refusal_rule(&mut case, "acme", Action::FixReady),
        Rule::SendEvent
    );
    let fx = ok(&mut case, act("acme", Action::FixDeployed), t(2));
    assert_eq!(
        fx,
        vec![out(M::CD, "acme", &["fay", "dep", "cert", "bolt"])]
    );
    assert_eq!(
        case.participant(&id("acme")).unwrap().vfd(),
        Vfd::FixDeployed
    );
    // A deployer deploys only in Accepted; deploying records the whole fix path.
    assert_eq!(
        refusal_rule(&mut case, "dep", Action::FixDeployed),
        Rule::SendReportState
    );
    ok(&mut case, act("dep", Action::Validate), t(3));
    ok(&mut case, act("dep", Action::Accept), t(3));
    let fx = ok(&mut case, act("dep", Action::FixDeployed), t(3));
    assert_eq!(
        fx,
        vec![out(M::CD, "dep", &["fay", "acme", "cert", "bolt"])]
    );
    assert_eq!(
        case.participant(&id("dep")).unwrap().vfd(),
        Vfd::FixDeployed
    );
    // Others' fix status never moves.
    assert_eq!(case.participant(&id("cert")).unwrap().vfd(), Vfd::Unaware);
    assert_eq!(case.participant(&id("fay")).unwrap().vfd(), Vfd::Unaware);
}

/// P, X and A each happen once, may be announced by anyone not closed, and are
/// global (reference §3): everyone's case state shows them.
#[test]
fn public_events_happen_once_and_are_global() {
    for (action, pxa) in [
        (Action::Publish, "Pxa"),
        (Action::ExploitPublished, "PXa"),
        (Action::AttacksObserved, "pxA"),
    ] {
        let mut case = base(Policy::default());
        ok(&mut case, act("cert", action.clone()), t(1));
        assert_eq!(case.pxa().to_string(), pxa);
        assert_eq!(
            case.case_state_of(&id("bolt")).unwrap().to_string(),
            format!("vfd{pxa}")
        );
        assert_eq!(
            refusal_rule(&mut case, "acme", action.clone()),
            Rule::SendEvent
        );
    }
    let mut case = base(Policy::default());
    ok(&mut case, act("cert", Action::Invalidate), t(1));
    ok(&mut case, act("cert", Action::Close), t(1));
    assert_eq!(
        refusal_rule(&mut case, "cert", Action::Publish),
        Rule::SendReportState
    );
}

// ----- cross-model rules --------------------------------------------------------------------

/// P tears a proposal down (`P → N`) and an embargo in force down (`A/R → X`) in the
/// same step (reference §2: "P: existing SHALL terminate"). The unaware vendor
/// bolt is named in a warning: the public knows, it does not.
#[test]
fn publication_tears_the_embargo_down() {
    let expected: [(EmState, Embargo); 3] = [
        (EmState::Proposed, Embargo::None),
        (
            EmState::Active,
            Embargo::Exited {
                terms: terms(1, 30),
                at: t(2),
                reason: EmbargoEnd::PublicAware,
            },
        ),
        (
            EmState::Revise,
            Embargo::Exited {
                terms: terms(1, 30),
                at: t(2),
                reason: EmbargoEnd::PublicAware,
            },
        ),
    ];
    for (em, after) in expected {
        let mut case = base(Policy::default());
        let setup = em_setups().into_iter().find(|(e, _)| *e == em).unwrap().1;
        setup(&mut case);
        let fx = ok(&mut case, act("acme", Action::Publish), t(2));
        // The teardown is announced by the publisher (issue 21): ER before CP for a
        // proposal, ET after it for an embargo in force. acme signed the embargo in
        // force: publishing under it is warned under every policy (issue 12 item 3).
        let mut expected = Vec::new();
        if em.is_in_force() {
            expected.push(warning(
                Rule::PublishDuringEmbargo,
                "acme",
                "publication: an embargo is in force until 2026-01-31 00:00:00 UTC",
            ));
        }
        expected.push(warning(
            Rule::VendorUnawareAtPublication,
            "bolt",
            "the public is aware but this vendor is not: notify it now",
        ));
        if em == EmState::Proposed {
            expected.push(out(M::ER, "acme", &["fay", "cert"]));
        }
        expected.push(out(M::CP, "acme", &["fay", "cert"]));
        if em.is_in_force() {
            expected.push(out(M::ET, "acme", &["fay", "cert"]));
        }
        assert_eq!(fx, expected, "publication in {em}");
        assert_eq!(case.embargo(), &after);
        assert!(
            case.participants()
                .iter()
                .all(|p| p.consent() == PecState::NoEmbargo)
        );
        assert_eq!(case.next_deadline(), None);
        case.check_invariants().unwrap();
    }
}

/// X without P also sets P; the sender announces CX then CP; an embargo in force
/// ends (and the release during the embargo is flagged). With P already set, X alone.
#[test]
fn exploit_publication_implies_public_awareness() {
    for (em, setup) in em_setups() {
        let mut case = base(Policy::default());
        reach(&mut case, "bolt", RmState::Received);
        setup(&mut case);
        let fx = ok(&mut case, act("cert", Action::ExploitPublished), t(2));
        let mut expected = vec![];
        if em.is_in_force() {
            expected.push(warning(
                Rule::ExploitDuringEmbargo,
                "cert",
                "an exploit was released while the embargo was in force",
            ));
        }
        // The teardown is announced by the sender (issue 21).
        if em == EmState::Proposed {
            expected.push(out(M::ER, "cert", &["fay", "acme", "bolt"]));
        }
        expected.push(out(M::CX, "cert", &["fay", "acme", "bolt"]));
        expected.push(out(M::CP, "cert", &["fay", "acme", "bolt"]));
        if em.is_in_force() {
            expected.push(out(M::ET, "cert", &["fay", "acme", "bolt"]));
        }
        assert_eq!(fx, expected, "CX in {em}");
        assert_eq!(case.pxa().to_string(), "PXa");
        let after = match em {
            EmState::None | EmState::Proposed => Embargo::None,
            EmState::Active | EmState::Revise => Embargo::Exited {
                terms: terms(1, 30),
                at: t(2),
                reason: EmbargoEnd::ExploitPublic,
            },
            _ => Embargo::Exited {
                terms: terms(1, 30),
                at: t(1),
                reason: EmbargoEnd::Terminated,
            },
        };
        assert_eq!(case.embargo(), &after, "CX in {em}");
    }
    let mut case = base(Policy::default());
    ok(&mut case, act("fay", Action::Publish), t(1));
    let fx = ok(&mut case, act("cert", Action::ExploitPublished), t(2));
    assert_eq!(fx, vec![out(M::CX, "cert", &["fay", "acme"])]);
}

/// A ends the embargo under the default "must" policy (`P → N`, `A/R → X`), and only
/// warns under "should" (reference §2: "A: existing SHOULD terminate").
#[test]
fn attacks_end_the_embargo_only_under_must() {
    for (em, setup) in em_setups() {
        let mut case = base(Policy::default());
        setup(&mut case);
        let fx = ok(&mut case, act("acme", Action::AttacksObserved), t(2));
        let mut sends = vec![out(M::CA, "acme", &["fay", "cert"])];
        if em == EmState::Proposed {
            sends.insert(0, out(M::ER, "acme", &["fay", "cert"]));
        }
        if em.is_in_force() {
            sends.push(out(M::ET, "acme", &["fay", "cert"]));
        }
        assert_eq!(fx, sends, "CA in {em}");
        assert_eq!(case.pxa().to_string(), "pxA");
        let expected = match em {
            EmState::Proposed => EmState::None,
            EmState::Active | EmState::Revise => EmState::Exited,
            other => other,
        };
        assert_eq!(case.em(), expected, "CA in {em} (must)");
        if em.is_in_force() {
            assert!(matches!(
                case.embargo(),
                Embargo::Exited {
                    reason: EmbargoEnd::AttacksObserved,
                    ..
                }
            ));
        }

        let mut case = base(should_policy());
        setup(&mut case);
        let fx = ok(&mut case, act("acme", Action::AttacksObserved), t(2));
        let mut expected = vec![];
        if em.is_in_force() {
            expected.push(warning(
                Rule::EmbargoShouldEnd,
                "acme",
                "attacks observed: the embargo should end",
            ));
        }
        expected.push(out(M::CA, "acme", &["fay", "cert"]));
        assert_eq!(fx, expected, "CA in {em} (should)");
        assert_eq!(case.em(), em, "CA in {em} (should)");
        case.check_invariants().unwrap();
    }
}

/// A deployed fix while an embargo is in force: the embargo SHOULD end (a warning;
/// reference §2 "D: existing SHOULD terminate").
#[test]
fn deployment_during_an_embargo_warns() {
    // acme deploys, so it holds the deployer role too (reference §6).
    let mut case = case_with_policy(
        Policy::default(),
        &[
            ("fay", REPORTER),
            ("acme", &[Role::Vendor, Role::Deployer]),
            ("cert", COORDINATOR),
            ("bolt", VENDOR),
        ],
    );
    reach(&mut case, "acme", RmState::Received);
    reach(&mut case, "cert", RmState::Received);
    ok(&mut case, act("acme", Action::Validate), t(1));
    ok(&mut case, act("acme", Action::Accept), t(1));
    ok(&mut case, act("acme", Action::FixReady), t(1));
    activate(&mut case);
    let fx = ok(&mut case, act("acme", Action::FixDeployed), t(2));
    assert_eq!(
        fx,
        vec![
            warning(
                Rule::EmbargoShouldEnd,
                "acme",
                "a fix is deployed: the embargo should end"
            ),
            out(M::CD, "acme", &["fay", "cert"]),
        ]
    );
    assert_eq!(case.em(), EmState::Active);
}

/// Closing while an embargo is in force is a SHOULD NOT (reference §2: "SHOULD NOT
/// close while EM∈{A,R}"): a warning under the default policy, a refusal where a
/// policy raises `close.embargo-in-force` to deny; `CloseDespiteEmbargo` closes with
/// a warning saying why under every policy. Closing leaves the embargo in force
/// (closing SHALL NOT terminate it). Issue 12 item 2 changed this from a refusal of
/// the act alone (the message and status forms were accepted silently).
#[test]
fn closing_during_an_embargo_is_warned_and_the_override_says_why() {
    let detail = |em: EmState| {
        format!(
            "`cert` closes its report while the embargo is `{em}` (reference §2: participants SHOULD NOT close while EM ∈ {{A, R}}); use the explicit override `close_despite_embargo`, or hold the report in deferred or invalid"
        )
    };
    for em_setup in [activate as Setup, start_revision] {
        // Default policy: a warning, and the report closes.
        let mut case = base(Policy::default());
        ok(&mut case, act("cert", Action::Invalidate), t(1));
        em_setup(&mut case);
        let em = case.em();
        let fx = ok(&mut case, act("cert", Action::Close), t(2));
        assert_eq!(
            fx,
            vec![
                warning(Rule::CloseDuringEmbargo, "cert", &detail(em)),
                out(M::RC, "cert", &["fay", "acme"]),
            ]
        );
        assert_eq!(case.participant(&id("cert")).unwrap().rm(), RmState::Closed);
        assert_eq!(case.em(), em);
        // A policy that denies it refuses the close; the override still closes.
        let deny = Policy::default().with(Rule::CloseDuringEmbargo, Level::Deny);
        let mut case = base(deny);
        ok(&mut case, act("cert", Action::Invalidate), t(1));
        em_setup(&mut case);
        let err = refused(&mut case, act("cert", Action::Close), t(2));
        assert_eq!(
            (err.rule(), err.class()),
            (Rule::CloseDuringEmbargo, ErrorClass::Refused)
        );
        assert!(err.to_string().contains("close_despite_embargo"), "{err}");
        let fx = ok(
            &mut case,
            act(
                "cert",
                Action::CloseDespiteEmbargo {
                    reason: "out of scope".into(),
                },
            ),
            t(2),
        );
        assert_eq!(
            fx,
            vec![
                warning(
                    Rule::CloseDuringEmbargo,
                    "cert",
                    "report closed while the embargo is in force: out of scope",
                ),
                out(M::RC, "cert", &["fay", "acme"]),
            ]
        );
        assert_eq!(case.participant(&id("cert")).unwrap().rm(), RmState::Closed);
        assert_eq!(case.em(), em);
    }
    // The level cannot go below a warning: the protocol's SHOULD.
    assert_eq!(
        Policy::default()
            .with(Rule::CloseDuringEmbargo, Level::Off)
            .level(Rule::CloseDuringEmbargo),
        Level::Warn
    );
    // Without an embargo in force, the override closes without a warning.
    let mut case = base(Policy::default());
    ok(&mut case, act("cert", Action::Invalidate), t(1));
    propose(&mut case);
    let fx = ok(
        &mut case,
        act(
            "cert",
            Action::CloseDespiteEmbargo {
                reason: "none".into(),
            },
        ),
        t(2),
    );
    assert_eq!(fx, vec![out(M::RC, "cert", &["fay", "acme"])]);
    // The override does not bypass the RM table: no close from Received.
    assert_eq!(
        refusal_rule(
            &mut case,
            "acme",
            Action::CloseDespiteEmbargo {
                reason: String::new()
            }
        ),
        Rule::SendReportState
    );
}

/// A closed participant ignores everything: it is left out of every announcement,
/// answers no message, and its state never changes again.
#[test]
fn a_closed_participant_ignores_everything() {
    let mut case = base(Policy::default());
    ok(&mut case, act("cert", Action::Invalidate), t(1));
    ok(&mut case, act("cert", Action::Close), t(1));
    let frozen = case.participant(&id("cert")).unwrap().clone();
    let steps: Vec<(Input, Vec<Effect>)> = vec![
        (
            act(
                "fay",
                Action::ProposeEmbargo {
                    terms: terms(2, 20),
                },
            ),
            vec![out_with(
                M::EP,
                "fay",
                &["acme"],
                Payload::Embargo(terms(2, 20)),
            )],
        ),
        (
            msg(M::EA, "acme", &["fay", "cert"]),
            vec![deadline(t(20)), reply(M::EK, "fay", "acme", M::EA)],
        ),
        (msg(M::RV, "acme", &["cert"]), vec![]),
        (
            msg_with(M::RS, "fay", &["cert"], Payload::Report(Box::new(report()))),
            vec![],
        ),
        (
            msg_with(M::GI, "fay", &["cert"], Payload::Text { text: "?".into() }),
            vec![],
        ),
        (
            act("fay", Action::Publish),
            vec![
                // fay proposed the embargo in force, so signed it (issue 12 item 3).
                warning(
                    Rule::PublishDuringEmbargo,
                    "fay",
                    "publication: an embargo is in force until 2026-01-21 00:00:00 UTC",
                ),
                warning(
                    Rule::VendorUnawareAtPublication,
                    "bolt",
                    "the public is aware but this vendor is not: notify it now",
                ),
                out(M::CP, "fay", &["acme"]),
                out(M::ET, "fay", &["acme"]),
            ],
        ),
        (msg(M::CA, "acme", &["cert"]), vec![]),
    ];
    for (input, effects) in steps {
        assert_eq!(ok(&mut case, input.clone(), t(2)), effects, "{input:?}");
        assert_eq!(
            case.participant(&id("cert")).unwrap(),
            &frozen,
            "after {input:?}"
        );
    }
}

/// An input at or after the end of the embargo in force first ends it (ET from the
/// case to every reached, open member), then is applied.
#[test]
fn expiry_comes_before_the_input() {
    let mut case = base(Policy::default());
    activate(&mut case);
    let fx = ok(&mut case, act("acme", Action::Publish), t(30));
    assert_eq!(
        fx,
        vec![
            Effect::Send(Outgoing {
                kind: M::ET,
                from: Origin::Case,
                to: ids(&["fay", "acme", "cert"]).into(),
                payload: Payload::None,
                in_reply_to: None,
            }),
            warning(
                Rule::VendorUnawareAtPublication,
                "bolt",
                "the public is aware but this vendor is not: notify it now"
            ),
            out(M::CP, "acme", &["fay", "cert"]),
        ]
    );
    assert_eq!(
        case.embargo(),
        &Embargo::Exited {
            terms: terms(1, 30),
            at: t(30),
            reason: EmbargoEnd::Expired
        }
    );
}

/// Terms that ended while they were pending cannot be accepted: the embargo would be
/// in force past its end (and its deadline already gone). Refused like any terms in
/// the past, for a proposal (EA) and for a revision (EC).
#[test]
fn terms_that_ended_while_pending_cannot_be_accepted() {
    let mut case = base(Policy::default());
    ok(
        &mut case,
        act(
            "fay",
            Action::ProposeEmbargo {
                terms: terms(1, 10),
            },
        ),
        t(1),
    );
    for input in [
        act("acme", Action::AcceptEmbargo),
        msg(M::EA, "acme", &["fay"]),
    ] {
        let err = refused(&mut case, input, t(10));
        assert_eq!(
            err,
            CaseError::InvalidTerms {
                terms: terms(1, 10),
                reason: "has already ended"
            }
        );
        assert_eq!(err.rule(), Rule::EmbargoTerms);
    }
    let mut case = base(Policy::default());
    activate(&mut case);
    ok(
        &mut case,
        act("fay", Action::ReviseEmbargo { terms: terms(1, 5) }),
        t(1),
    );
    let err = refused(&mut case, act("acme", Action::AcceptEmbargo), t(6));
    assert_eq!(
        err,
        CaseError::InvalidTerms {
            terms: terms(1, 5),
            reason: "has already ended"
        }
    );
    // The revision can still be rejected; the terms in force stay.
    assert_eq!(
        ok(&mut case, act("acme", Action::RejectEmbargo), t(6)),
        vec![out(M::EJ, "acme", &["fay", "cert"])]
    );
    assert_eq!(case.next_deadline().unwrap().at, t(30));
}
