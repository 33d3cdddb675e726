//! Receive rules of reference §5 through the case API (`Input::Message`), for every
//! relevant receiver state, with each step's effects asserted exactly.
//!
//! Each test builds a case, drives participants to the states under test with local
//! actions, then hands the case one peer message and checks the complete list of
//! effects (the recipients' replies, in recipient order), every participant's state
//! and the embargo.

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

use mpcvd::case::{Action, Case, Deadline, DeadlineKind, Effect, Origin, Outgoing, Payload, Rule};
use mpcvd::message::MessageType;
use mpcvd::policy::Policy;
use mpcvd::rm::RmState;
use mpcvd::role::Role;

const OTHER: &[Role] = &[Role::Other];

use MessageType as M;
use mpcvd::case::{Embargo, EmbargoEnd, EmbargoRecord};
use mpcvd::cs::{Pxa, Vfd};
use mpcvd::em::EmState;
use mpcvd::pec::PecState;
use mpcvd::policy::Requirement;

const ALL_RM: [RmState; 7] = [
    RmState::Start,
    RmState::Received,
    RmState::Invalid,
    RmState::Valid,
    RmState::Accepted,
    RmState::Deferred,
    RmState::Closed,
];

fn symbol(rm: RmState) -> char {
    match rm {
        RmState::Start => 'S',
        RmState::Received => 'R',
        RmState::Invalid => 'I',
        RmState::Valid => 'V',
        RmState::Accepted => 'A',
        RmState::Deferred => 'D',
        RmState::Closed => 'C',
    }
}

fn unexpected(kind: MessageType, who: &str, state: &str) -> Effect {
    warning(
        Rule::ReceiveUnexpected,
        who,
        &format!("`{kind}` was unexpected for a recipient in {state}"),
    )
}

// ----- RS -----------------------------------------------------------------------

/// RS: the only RM message whose receipt changes the receiver: `S → R`; a vendor
/// also becomes aware (`vfd → Vfd`) and says so with `CV` after `RK`.
#[test]
fn rs_moves_start_to_received_and_makes_a_vendor_aware() {
    let mut case = case_with(&[
        ("fay", REPORTER),
        ("acme", VENDOR),
        ("cert", COORDINATOR),
        ("dep", DEPLOYER),
        ("obs", OTHER),
    ]);
    let rs = msg_with(
        M::RS,
        "fay",
        &["acme", "cert", "dep", "obs"],
        Payload::Report(Box::new(report())),
    );
    let fx = ok(&mut case, rs, t(2));
    assert_eq!(
        fx,
        vec![
            reply(M::RK, "acme", "fay", M::RS),
            reply(M::CV, "acme", "fay", M::RS),
            reply(M::RK, "cert", "fay", M::RS),
            reply(M::RK, "dep", "fay", M::RS),
            reply(M::RK, "obs", "fay", M::RS),
        ]
    );
    for (who, vfd) in [
        ("acme", Vfd::Aware),
        ("cert", Vfd::Unaware),
        ("dep", Vfd::Unaware),
        ("obs", Vfd::Unaware),
    ] {
        let p = case.participant(&id(who)).unwrap();
        assert_eq!((p.rm(), p.vfd()), (RmState::Received, vfd), "{who}");
        assert_eq!(p.status().reached_at, Some(t(2)), "{who}");
        assert_eq!(p.status().last_heard, None, "{who}");
    }
    assert_eq!(
        case.participant(&id("fay")).unwrap().status().last_heard,
        Some(t(2))
    );
    assert_eq!(
        case.case_state_of(&id("acme")).unwrap().to_string(),
        "Vfdpxa"
    );
}

/// RS to a receiver already past `Start`: no RM change, `RK`; a closed receiver
/// ignores it.
#[test]
fn rs_to_a_reached_receiver_only_acknowledges() {
    for rm in ALL_RM.into_iter().skip(1) {
        let mut case = case_with(&[("fay", REPORTER), ("acme", VENDOR)]);
        reach(&mut case, "acme", rm);
        let before = case.participant(&id("acme")).unwrap().clone();
        let rs = msg_with(M::RS, "fay", &["acme"], Payload::Report(Box::new(report())));
        let fx = ok(&mut case, rs, t(2));
        let expected = if rm == RmState::Closed {
            vec![]
        } else {
            vec![reply(M::RK, "acme", "fay", M::RS)]
        };
        assert_eq!(fx, expected, "receiver in {rm}");
        assert_eq!(
            case.participant(&id("acme")).unwrap(),
            &before,
            "receiver in {rm}"
        );
    }
}

// ----- RI RV RD RA RC -------------------------------------------------------------

/// RI/RV/RD/RA/RC from every sender state the RM table allows, to a receiver in each
/// RM state: the sender moves; the receiver keeps its state and answers `RK` if
/// reached, `RE` + `GI` (and the case warns) if still in `Start`, nothing if closed.
#[test]
fn rm_statements_to_every_receiver_state() {
    use RmState::{Accepted, Closed, Deferred, Invalid, Received, Valid};
    // (message, sender before, sender after): the RM table of reference §1.
    let senders = [
        (M::RI, Received, Invalid),
        (M::RV, Received, Valid),
        (M::RV, Invalid, Valid),
        (M::RD, Valid, Deferred),
        (M::RD, Accepted, Deferred),
        (M::RA, Valid, Accepted),
        (M::RA, Deferred, Accepted),
        (M::RC, Invalid, Closed),
        (M::RC, Deferred, Closed),
        (M::RC, Accepted, Closed),
    ];
    for (kind, from, to) in senders {
        for rx in ALL_RM {
            let mut case =
                case_with(&[("fay", REPORTER), ("tx", COORDINATOR), ("rx", COORDINATOR)]);
            reach(&mut case, "tx", from);
            reach(&mut case, "rx", rx);
            let before = case.participant(&id("rx")).unwrap().clone();
            let fx = ok(&mut case, msg(kind, "tx", &["rx"]), t(2));
            let expected = match rx {
                RmState::Start => vec![
                    unexpected(kind, "rx", "(S, N, vfdpxa)"),
                    reply(M::RE, "rx", "tx", kind),
                    reply(M::GI, "rx", "tx", kind),
                ],
                RmState::Closed => vec![],
                _ => vec![reply(M::RK, "rx", "tx", kind)],
            };
            assert_eq!(fx, expected, "{kind} from {from} to a receiver in {rx}");
            assert_eq!(
                case.participant(&id("rx")).unwrap(),
                &before,
                "{kind} to {rx}"
            );
            let tx = case.participant(&id("tx")).unwrap();
            assert_eq!(tx.rm(), to, "{kind} from {from}");
            assert_eq!(tx.status().last_heard, Some(t(2)));
        }
    }
}

/// RE → `RK` + `GI`; RK → nothing; neither changes any state, in any receiver state.
#[test]
fn rm_error_and_ack_change_nothing() {
    for rx in ALL_RM {
        let mut case = case_with(&[("fay", REPORTER), ("rx", VENDOR)]);
        reach(&mut case, "rx", rx);
        let before = case.participant(&id("rx")).unwrap().clone();
        let fx = ok(&mut case, msg(M::RE, "fay", &["rx"]), t(2));
        let expected = if rx == RmState::Closed {
            vec![]
        } else {
            vec![
                reply(M::RK, "rx", "fay", M::RE),
                reply(M::GI, "rx", "fay", M::RE),
            ]
        };
        assert_eq!(fx, expected, "RE to {}", symbol(rx));
        assert_eq!(
            ok(&mut case, msg(M::RK, "fay", &["rx"]), t(2)),
            vec![],
            "RK to {rx}"
        );
        assert_eq!(case.participant(&id("rx")).unwrap(), &before);
    }
}

// ----- embargo messages -------------------------------------------------------------

/// fay (reporter, `A`), acme (vendor, `R`), cert (coordinator, `S`), bolt (vendor,
/// closed). Embargo messages may reach a receiver still in `Start` (reference §2:
/// "EM MAY start before the report is sent").
fn em_case() -> Case {
    let mut case = case_with(&[
        ("fay", REPORTER),
        ("acme", VENDOR),
        ("cert", COORDINATOR),
        ("bolt", VENDOR),
    ]);
    reach(&mut case, "acme", RmState::Received);
    reach(&mut case, "bolt", RmState::Closed);
    case
}

/// Puts a case in the state under test.
type Setup = fn(&mut Case);

fn consents(case: &Case) -> Vec<(String, PecState)> {
    case.participants()
        .iter()
        .map(|p| (p.id().to_string(), p.consent()))
        .collect()
}

fn expect_consents(case: &Case, expected: &[(&str, PecState)]) {
    let expected: Vec<_> = expected
        .iter()
        .map(|(w, c)| ((*w).to_owned(), *c))
        .collect();
    assert_eq!(consents(case), expected);
}

/// Puts `em_case` in EM `A` under terms 1..30 proposed by fay, accepted by acme.
fn active(case: &mut Case) {
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
    ok(case, act("acme", Action::AcceptEmbargo), t(1));
    assert_eq!(case.em(), EmState::Active);
}

/// … and then in `R` with fay's revision to 1..40 pending.
fn revise(case: &mut Case) {
    active(case);
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
    assert_eq!(case.em(), EmState::Revise);
}

const EVERYONE_ELSE: [&str; 3] = ["fay", "cert", "bolt"];

fn acks(kind: MessageType, from: &[&str], to: &str) -> Vec<Effect> {
    from.iter().map(|r| reply(M::EK, r, to, kind)).collect()
}

/// EP in `N` → `P` (EK from each recipient); the proposer is a signatory, the others
/// invited; a closed participant neither answers nor changes.
#[test]
fn ep_in_none_proposes() {
    let mut case = em_case();
    let bolt = case.participant(&id("bolt")).unwrap().clone();
    let ep = msg_with(
        M::EP,
        "fay",
        &["acme", "cert", "bolt"],
        Payload::Embargo(terms(2, 30)),
    );
    assert_eq!(
        ok(&mut case, ep, t(2)),
        acks(M::EP, &["acme", "cert"], "fay")
    );
    assert_eq!(
        case.embargo(),
        &Embargo::Proposed {
            terms: terms(2, 30),
            proposed_by: id("fay")
        }
    );
    expect_consents(
        &case,
        &[
            ("fay", PecState::Signatory),
            ("acme", PecState::Invited),
            ("cert", PecState::Invited),
            ("bolt", PecState::NoEmbargo),
        ],
    );
    assert_eq!(case.participant(&id("bolt")).unwrap(), &bolt);
}

/// EP in `P`: EM stays `P` (EK); the counter-proposal's terms replace the pending
/// ones and its sender becomes the proposer.
#[test]
fn ep_in_proposed_counter_proposes() {
    let mut case = em_case();
    ok(
        &mut case,
        act(
            "fay",
            Action::ProposeEmbargo {
                terms: terms(1, 30),
            },
        ),
        t(1),
    );
    let ep = msg_with(
        M::EP,
        "acme",
        &["fay", "cert", "bolt"],
        Payload::Embargo(terms(2, 60)),
    );
    assert_eq!(
        ok(&mut case, ep, t(2)),
        acks(M::EP, &["fay", "cert"], "acme")
    );
    assert_eq!(
        case.embargo(),
        &Embargo::Proposed {
            terms: terms(2, 60),
            proposed_by: id("acme")
        }
    );
    expect_consents(
        &case,
        &[
            ("fay", PecState::Invited),
            ("acme", PecState::Signatory),
            ("cert", PecState::Invited),
            ("bolt", PecState::NoEmbargo),
        ],
    );
    assert!(case.embargo_history().is_empty());
}

/// EA in `P` → `A` (EK); the end of the terms comes back as a deadline.
#[test]
fn ea_in_proposed_starts_the_embargo() {
    let mut case = em_case();
    ok(
        &mut case,
        act(
            "fay",
            Action::ProposeEmbargo {
                terms: terms(1, 30),
            },
        ),
        t(1),
    );
    let mut expected = vec![deadline(t(30))];
    expected.extend(acks(M::EA, &["fay", "cert"], "acme"));
    assert_eq!(
        ok(&mut case, msg(M::EA, "acme", &EVERYONE_ELSE), t(2)),
        expected
    );
    assert_eq!(
        case.embargo(),
        &Embargo::Active {
            terms: terms(1, 30),
            proposed_by: id("fay")
        }
    );
    assert_eq!(
        case.embargo_history(),
        &[EmbargoRecord {
            terms: terms(1, 30),
            proposed_by: id("fay"),
            decided_by: id("acme"),
            at: t(2),
            accepted: true,
            revision: false,
        }]
    );
    expect_consents(
        &case,
        &[
            ("fay", PecState::Signatory),
            ("acme", PecState::Signatory),
            ("cert", PecState::Invited),
            ("bolt", PecState::NoEmbargo),
        ],
    );
    assert_eq!(
        case.next_deadline(),
        Some(Deadline {
            at: t(30),
            kind: DeadlineKind::EmbargoEnds
        })
    );
}

/// ER in `P` → `N` (EK); the rejecter declined, everyone else is back to no embargo.
#[test]
fn er_in_proposed_rejects() {
    let mut case = em_case();
    ok(
        &mut case,
        act(
            "fay",
            Action::ProposeEmbargo {
                terms: terms(1, 30),
            },
        ),
        t(1),
    );
    assert_eq!(
        ok(&mut case, msg(M::ER, "acme", &EVERYONE_ELSE), t(2)),
        acks(M::ER, &["fay", "cert"], "acme")
    );
    assert_eq!(case.embargo(), &Embargo::None);
    assert_eq!(case.embargo_history().len(), 1);
    assert!(!case.embargo_history()[0].accepted);
    expect_consents(
        &case,
        &[
            ("fay", PecState::NoEmbargo),
            ("acme", PecState::Declined),
            ("cert", PecState::NoEmbargo),
            ("bolt", PecState::NoEmbargo),
        ],
    );
    assert_eq!(case.next_deadline(), None);
}

/// EV in `A` → `R` (EK): the terms in force stay, the revision is pending.
#[test]
fn ev_in_active_proposes_a_revision() {
    let mut case = em_case();
    active(&mut case);
    let ev = msg_with(
        M::EV,
        "cert",
        &["fay", "acme", "bolt"],
        Payload::Embargo(terms(2, 45)),
    );
    assert_eq!(
        ok(&mut case, ev, t(2)),
        acks(M::EV, &["fay", "acme"], "cert")
    );
    assert_eq!(
        case.embargo(),
        &Embargo::Revise {
            terms: terms(1, 30),
            proposed_by: id("fay"),
            pending: terms(2, 45),
            revision_by: id("cert"),
        }
    );
    // The terms in force still bind: the deadline is unchanged.
    assert_eq!(case.next_deadline().unwrap().at, t(30));
}

/// EV in `R`: EM stays `R` (EK); the newer revision replaces the pending one.
#[test]
fn ev_in_revise_replaces_the_pending_revision() {
    let mut case = em_case();
    revise(&mut case);
    let ev = msg_with(
        M::EV,
        "acme",
        &["fay", "cert", "bolt"],
        Payload::Embargo(terms(2, 50)),
    );
    assert_eq!(
        ok(&mut case, ev, t(2)),
        acks(M::EV, &["fay", "cert"], "acme")
    );
    assert_eq!(
        case.embargo(),
        &Embargo::Revise {
            terms: terms(1, 30),
            proposed_by: id("fay"),
            pending: terms(2, 50),
            revision_by: id("acme"),
        }
    );
}

/// EJ in `R` → `A` with the old terms (EK).
#[test]
fn ej_in_revise_keeps_the_old_terms() {
    let mut case = em_case();
    revise(&mut case);
    assert_eq!(
        ok(&mut case, msg(M::EJ, "acme", &EVERYONE_ELSE), t(2)),
        acks(M::EJ, &["fay", "cert"], "acme")
    );
    assert_eq!(
        case.embargo(),
        &Embargo::Active {
            terms: terms(1, 30),
            proposed_by: id("fay")
        }
    );
    let last = case.embargo_history().last().unwrap();
    assert_eq!(
        (last.terms, last.accepted, last.revision),
        (terms(1, 40), false, true)
    );
}

/// EC in `R` → `A` with the revised terms (EK), and a deadline at their end; other
/// signatories' consent lapses until they agree to the new terms.
#[test]
fn ec_in_revise_adopts_the_revision() {
    let mut case = em_case();
    revise(&mut case);
    let mut expected = vec![deadline(t(40))];
    expected.extend(acks(M::EC, &["fay", "cert"], "acme"));
    assert_eq!(
        ok(&mut case, msg(M::EC, "acme", &EVERYONE_ELSE), t(2)),
        expected
    );
    assert_eq!(
        case.embargo(),
        &Embargo::Active {
            terms: terms(1, 40),
            proposed_by: id("fay")
        }
    );
    let last = case.embargo_history().last().unwrap();
    assert_eq!(
        (last.terms, last.accepted, last.revision),
        (terms(1, 40), true, true)
    );
    expect_consents(
        &case,
        &[
            ("fay", PecState::Signatory),
            ("acme", PecState::Signatory),
            ("cert", PecState::Invited),
            ("bolt", PecState::NoEmbargo),
        ],
    );
    assert_eq!(case.next_deadline().unwrap().at, t(40));
}

/// ET in `A` or `R` → `X` (EK); everyone's consent is reset.
#[test]
fn et_in_force_ends_the_embargo() {
    for pending in [false, true] {
        let mut case = em_case();
        if pending {
            revise(&mut case);
        } else {
            active(&mut case);
        }
        assert_eq!(
            ok(&mut case, msg(M::ET, "acme", &EVERYONE_ELSE), t(2)),
            acks(M::ET, &["fay", "cert"], "acme")
        );
        assert_eq!(
            case.embargo(),
            &Embargo::Exited {
                terms: terms(1, 30),
                at: t(2),
                reason: EmbargoEnd::Terminated
            }
        );
        assert!(
            case.participants()
                .iter()
                .all(|p| p.consent() == PecState::NoEmbargo)
        );
        assert_eq!(case.next_deadline(), None);
    }
}

/// ET in `X`: no change, EK (a termination that crossed another, or arrived after
/// the embargo expired).
#[test]
fn et_in_exited_is_acknowledged() {
    let mut case = em_case();
    active(&mut case);
    ok(&mut case, act("fay", Action::TerminateEmbargo), t(2));
    let before = case.embargo().clone();
    assert_eq!(
        ok(&mut case, msg(M::ET, "acme", &EVERYONE_ELSE), t(3)),
        acks(M::ET, &["fay", "cert"], "acme")
    );
    assert_eq!(case.embargo(), &before);
    // After expiry too.
    let mut case = em_case();
    active(&mut case);
    let fx = ok(&mut case, msg(M::ET, "acme", &["fay"]), t(30));
    assert_eq!(
        fx,
        vec![
            Effect::Send(Outgoing {
                kind: M::ET,
                from: Origin::Case,
                to: ids(&["fay", "acme"]).into(),
                payload: Payload::None,
                in_reply_to: None,
            }),
            reply(M::EK, "fay", "acme", M::ET),
        ]
    );
    assert!(matches!(
        case.embargo(),
        Embargo::Exited {
            reason: EmbargoEnd::Expired,
            ..
        }
    ));
}

/// EE → EK + GI; EK → nothing; in every EM state, no change.
#[test]
fn embargo_error_and_ack_change_nothing() {
    for setup in [|_: &mut Case| {}, active as fn(&mut Case), revise] {
        let mut case = em_case();
        setup(&mut case);
        let embargo = case.embargo().clone();
        assert_eq!(
            ok(&mut case, msg(M::EE, "acme", &EVERYONE_ELSE), t(2)),
            vec![
                reply(M::EK, "fay", "acme", M::EE),
                reply(M::GI, "fay", "acme", M::EE),
                reply(M::EK, "cert", "acme", M::EE),
                reply(M::GI, "cert", "acme", M::EE),
            ]
        );
        assert_eq!(
            ok(&mut case, msg(M::EK, "acme", &EVERYONE_ELSE), t(2)),
            vec![]
        );
        assert_eq!(case.embargo(), &embargo);
    }
}

/// Any other embargo message in an EM state that does not take it is the sender's
/// protocol violation: refused, the prescribed reply is `EE`, nothing changes.
#[test]
fn embargo_messages_in_the_wrong_em_state_get_ee() {
    let none = |_: &mut Case| {};
    let proposed = |c: &mut Case| {
        ok(
            c,
            act(
                "fay",
                Action::ProposeEmbargo {
                    terms: terms(1, 30),
                },
            ),
            t(1),
        );
    };
    let exited = |c: &mut Case| {
        active(c);
        ok(c, act("fay", Action::TerminateEmbargo), t(1));
    };
    let setups: [(&str, Setup); 5] = [
        ("N", none),
        ("P", proposed),
        ("A", active),
        ("R", revise),
        ("X", exited),
    ];
    // Which EM states take each message (reference §2 EM table; EV/EJ/EC are the
    // revision uses of propose/reject/accept, decision 4).
    let takes: [(MessageType, &str); 7] = [
        (M::EP, "NP"),
        (M::ER, "P"),
        (M::EA, "P"),
        (M::EV, "AR"),
        (M::EJ, "R"),
        (M::EC, "R"),
        (M::ET, "ARX"),
    ];
    for (kind, states) in takes {
        for (name, setup) in setups {
            if states.contains(name) {
                continue;
            }
            let mut case = em_case();
            setup(&mut case);
            // The sender has seen every notice: no view of it allows the message.
            settle(&mut case, "acme", "fay", t(2));
            let payload = if matches!(kind, M::EP | M::EV) {
                Payload::Embargo(terms(2, 30))
            } else {
                Payload::None
            };
            let err = refused(&mut case, msg_with(kind, "acme", &["fay"], payload), t(2));
            assert_eq!(err.rule(), Rule::SendEmbargoState, "{kind} in {name}");
            assert_eq!(err.class(), mpcvd::case::ErrorClass::PeerMisbehaviour);
            assert_eq!(
                err.refusal().unwrap().reply,
                Some(M::EE),
                "{kind} in {name}"
            );
        }
    }
}

// ----- case-state messages -------------------------------------------------------------

/// CV, CF, CD describe the sender: receivers' states do not change; each answers CK.
#[test]
fn cv_cf_cd_are_acknowledged_without_change() {
    let mut case = case_with(&[
        ("fay", REPORTER),
        ("acme", VENDOR),
        // A vendor that deploys: only deployers send CD (reference §6).
        ("bolt", &[Role::Vendor, Role::Deployer]),
        ("cert", COORDINATOR),
    ]);
    reach(&mut case, "bolt", RmState::Accepted);
    reach(&mut case, "cert", RmState::Closed);
    let others = |case: &Case| -> Vec<_> {
        ["fay", "bolt", "cert"]
            .iter()
            .map(|w| *case.participant(&id(w)).unwrap().status())
            .collect()
    };
    let before = others(&case);
    // acme learned of the vulnerability elsewhere: CV from a vendor still in Start.
    assert_eq!(
        ok(
            &mut case,
            msg(M::CV, "acme", &["fay", "bolt", "cert"]),
            t(2)
        ),
        vec![
            reply(M::CK, "fay", "acme", M::CV),
            reply(M::CK, "bolt", "acme", M::CV)
        ]
    );
    let acme = case.participant(&id("acme")).unwrap();
    assert_eq!((acme.rm(), acme.vfd()), (RmState::Start, Vfd::Aware));
    for (kind, vfd) in [(M::CF, Vfd::FixReady), (M::CD, Vfd::FixDeployed)] {
        assert_eq!(
            ok(&mut case, msg(kind, "bolt", &["fay", "acme", "cert"]), t(3)),
            vec![
                reply(M::CK, "fay", "bolt", kind),
                reply(M::CK, "acme", "bolt", kind)
            ]
        );
        assert_eq!(case.participant(&id("bolt")).unwrap().vfd(), vfd);
        assert_eq!(case.participant(&id("acme")).unwrap().vfd(), Vfd::Aware);
    }
    let mut after = others(&case);
    after[1].vfd = Vfd::Aware;
    let mut expected = before;
    expected[0].last_heard = after[0].last_heard;
    expected[1].last_heard = after[1].last_heard;
    expected[1].fix_ready_at = Some(t(3));
    assert_eq!(after, expected);
    assert_eq!(case.pxa(), Pxa::NONE);
}

/// CP when `···p··`: `P` for everyone, and the embargo is torn down in the same
/// step: `P → N`, `A/R → X` (reference §2: "P: existing SHALL terminate").
#[test]
fn cp_makes_the_public_aware_and_tears_the_embargo_down() {
    let proposed = |c: &mut Case| {
        ok(
            c,
            act(
                "fay",
                Action::ProposeEmbargo {
                    terms: terms(1, 30),
                },
            ),
            t(1),
        );
    };
    let setups: [(Setup, Embargo); 4] = [
        (|_| {}, Embargo::None),
        (proposed, Embargo::None),
        (
            active,
            Embargo::Exited {
                terms: terms(1, 30),
                at: t(2),
                reason: EmbargoEnd::PublicAware,
            },
        ),
        (
            revise,
            Embargo::Exited {
                terms: terms(1, 30),
                at: t(2),
                reason: EmbargoEnd::PublicAware,
            },
        ),
    ];
    for (setup, after) in setups {
        let mut case = em_case();
        setup(&mut case);
        let signed = case.embargo().in_force().is_some();
        let fx = ok(&mut case, msg(M::CP, "acme", &EVERYONE_ELSE), t(2));
        // acme signed the embargo in force: publishing under it is warned under
        // every policy, the default included (issue 12 item 3).
        let mut expected = Vec::new();
        if signed {
            expected.push(warning(
                Rule::PublishDuringEmbargo,
                "acme",
                "publication: an embargo is in force until 2026-01-31 00:00:00 UTC",
            ));
        }
        expected.extend([
            reply(M::CK, "fay", "acme", M::CP),
            reply(M::CK, "cert", "acme", M::CP),
        ]);
        assert_eq!(fx, expected);
        assert_eq!(case.pxa().to_string(), "Pxa");
        assert_eq!(case.embargo(), &after);
        assert!(
            case.participants()
                .iter()
                .all(|p| p.consent() == PecState::NoEmbargo)
        );
        assert_eq!(
            case.case_state_of(&id("acme")).unwrap().to_string(),
            "VfdPxa"
        );
        case.check_invariants().unwrap();
    }
}

/// A vendor still unaware that is told the public knows becomes aware at once
/// (`v··P··` may only take `V`, reference §3) and says so: CK then CV.
#[test]
fn cp_to_an_unaware_vendor_makes_it_aware() {
    let mut case = case_with(&[("fay", REPORTER), ("acme", VENDOR)]);
    let fx = ok(&mut case, msg(M::CP, "fay", &["acme"]), t(2));
    assert_eq!(
        fx,
        vec![
            reply(M::CK, "acme", "fay", M::CP),
            reply(M::CV, "acme", "fay", M::CP)
        ]
    );
    let acme = case.participant(&id("acme")).unwrap();
    assert_eq!((acme.rm(), acme.vfd()), (RmState::Start, Vfd::Aware));
    assert_eq!(
        case.case_state_of(&id("acme")).unwrap().to_string(),
        "VfdPxa"
    );
}

/// CX when `···px·`: `X` and, since a public exploit makes the public aware, `P`;
/// the embargo ends (reason: the exploit). When `···Px·`: `X` only.
#[test]
fn cx_makes_the_exploit_and_the_vulnerability_public() {
    let mut case = em_case();
    active(&mut case);
    let fx = ok(
        &mut case,
        msg(M::CX, "fay", &["acme", "cert", "bolt"]),
        t(2),
    );
    assert_eq!(
        fx,
        vec![
            warning(
                Rule::ExploitDuringEmbargo,
                "fay",
                "an exploit was released while the embargo was in force"
            ),
            reply(M::CK, "acme", "fay", M::CX),
            reply(M::CK, "cert", "fay", M::CX),
        ]
    );
    assert_eq!(case.pxa().to_string(), "PXa");
    assert_eq!(
        case.embargo(),
        &Embargo::Exited {
            terms: terms(1, 30),
            at: t(2),
            reason: EmbargoEnd::ExploitPublic
        }
    );

    let mut case = em_case();
    ok(&mut case, act("fay", Action::Publish), t(1));
    let fx = ok(&mut case, msg(M::CX, "acme", &["fay", "cert"]), t(2));
    assert_eq!(
        fx,
        vec![
            reply(M::CK, "fay", "acme", M::CX),
            reply(M::CK, "cert", "acme", M::CX)
        ]
    );
    assert_eq!(case.pxa().to_string(), "PXa");
}

/// CA when `·····a`: `A` only — attacks never force public awareness (decision 3).
/// Under the default "must" policy the embargo ends; under "should" it stays and the
/// case warns that it should end.
#[test]
fn ca_records_attacks_only() {
    let mut case = em_case();
    active(&mut case);
    let fx = ok(&mut case, msg(M::CA, "acme", &EVERYONE_ELSE), t(2));
    assert_eq!(
        fx,
        vec![
            reply(M::CK, "fay", "acme", M::CA),
            reply(M::CK, "cert", "acme", M::CA)
        ]
    );
    assert_eq!(case.pxa().to_string(), "pxA");
    assert_eq!(
        case.embargo(),
        &Embargo::Exited {
            terms: terms(1, 30),
            at: t(2),
            reason: EmbargoEnd::AttacksObserved
        }
    );

    let policy = Policy {
        attacks_end_embargo: Requirement::Should,
        ..Policy::default()
    };
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
    reach(&mut case, "bolt", RmState::Closed);
    active(&mut case);
    let fx = ok(&mut case, msg(M::CA, "acme", &EVERYONE_ELSE), t(2));
    assert_eq!(
        fx,
        vec![
            warning(
                Rule::EmbargoShouldEnd,
                "acme",
                "attacks observed: the embargo should end"
            ),
            reply(M::CK, "fay", "acme", M::CA),
            reply(M::CK, "cert", "acme", M::CA),
        ]
    );
    assert_eq!(case.pxa().to_string(), "pxA");
    assert_eq!(case.em(), EmState::Active);
}

/// CE → CK + GI; CK → nothing; no change.
#[test]
fn case_state_error_and_ack_change_nothing() {
    let mut case = em_case();
    let before = case.participants().to_vec();
    assert_eq!(
        ok(
            &mut case,
            msg(M::CE, "fay", &["acme", "cert", "bolt"]),
            t(2)
        ),
        vec![
            reply(M::CK, "acme", "fay", M::CE),
            reply(M::GI, "acme", "fay", M::CE),
            reply(M::CK, "cert", "fay", M::CE),
            reply(M::GI, "cert", "fay", M::CE),
        ]
    );
    assert_eq!(
        ok(
            &mut case,
            msg(M::CK, "fay", &["acme", "cert", "bolt"]),
            t(2)
        ),
        vec![]
    );
    let mut after = case.participants().to_vec();
    after[0] = before[0].clone(); // fay was heard from
    assert_eq!(after, before);
    assert_eq!(case.pxa(), Pxa::NONE);
}

/// Case-state messages the sender may not send are refused with `CE` as the reply.
#[test]
fn case_state_messages_the_sender_may_not_send_get_ce() {
    let mut case = em_case();
    // CF: vendors only (reference §1: vendors create fixes), and only in Accepted.
    let err = refused(&mut case, msg(M::CF, "fay", &["acme"]), t(2));
    assert_eq!(
        (err.rule(), err.refusal().unwrap().reply),
        (Rule::SendRole, Some(M::CE))
    );
    let err = refused(&mut case, msg(M::CF, "acme", &["fay"]), t(2));
    assert_eq!(
        (err.rule(), err.refusal().unwrap().reply),
        (Rule::SendReportState, Some(M::CE))
    );
    // CV from a vendor already aware; CP once the public knows: events happen once.
    let err = refused(&mut case, msg(M::CV, "acme", &["fay"]), t(2));
    assert_eq!(
        (err.rule(), err.refusal().unwrap().reply),
        (Rule::SendEvent, Some(M::CE))
    );
    ok(&mut case, act("fay", Action::Publish), t(2));
    // Once acme has acknowledged the publication (before, its CP crossed fay's).
    settle(&mut case, "acme", "fay", t(2));
    let err = refused(&mut case, msg(M::CP, "acme", &["fay"]), t(2));
    assert_eq!(
        (err.rule(), err.refusal().unwrap().reply),
        (Rule::SendEvent, Some(M::CE))
    );
}

// ----- general messages ------------------------------------------------------------------

/// GI → GK; GE → GI; GK → nothing; never a state change. A closed participant may
/// still ask (GI "any time"), but does not answer.
#[test]
fn general_messages() {
    let mut case = em_case();
    let before = case.participants().to_vec();
    assert_eq!(
        ok(
            &mut case,
            msg_with(
                M::GI,
                "fay",
                &["acme", "cert", "bolt"],
                Payload::Text {
                    text: "status?".into()
                }
            ),
            t(2)
        ),
        vec![
            reply(M::GK, "acme", "fay", M::GI),
            reply(M::GK, "cert", "fay", M::GI)
        ]
    );
    assert_eq!(
        ok(&mut case, msg(M::GE, "fay", &["acme", "bolt"]), t(2)),
        vec![reply(M::GI, "acme", "fay", M::GE)]
    );
    assert_eq!(
        ok(&mut case, msg(M::GK, "fay", &["acme", "bolt"]), t(2)),
        vec![]
    );
    assert_eq!(
        ok(&mut case, msg(M::GI, "bolt", &["fay"]), t(2)),
        vec![reply(M::GK, "fay", "bolt", M::GI)]
    );
    for (p, q) in case.participants().iter().zip(&before) {
        assert_eq!(
            (p.rm(), p.vfd(), p.consent()),
            (q.rm(), q.vfd(), q.consent())
        );
    }
}
