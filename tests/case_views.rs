//! What each participant has been told (issue 12 item 1, reference §6): a peer's
//! message is judged against every view its sender could hold, at the level of
//! `Case::handle`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

mod support;
#[allow(unused_imports, reason = "not every file uses every helper")]
use support::*;

use mpcvd::case::{Action, Case, Effect, Input, Payload, Rule};
use mpcvd::cs::Pxa;
use mpcvd::em::EmState;
use mpcvd::message::MessageType as M;
use mpcvd::participant::NewParticipant;
use mpcvd::pec::PecState;
use mpcvd::role::RoleSet;
use mpcvd::view::Told;

const N: Told = Told::START;
const P: Told = Told {
    em: EmState::Proposed,
    pxa: Pxa::NONE,
};
const A: Told = Told {
    em: EmState::Active,
    pxa: Pxa::NONE,
};
const R: Told = Told {
    em: EmState::Revise,
    pxa: Pxa::NONE,
};

fn submit(case: &mut Case, from: &str, to: &str, day: i64) {
    let action = Action::submit(id(to), report());
    ok(case, act(from, action), t(day));
}

fn view(case: &Case, who: &str) -> Vec<Told> {
    case.view_of(&id(who)).unwrap().entries().to_vec()
}

fn consent(case: &Case, who: &str) -> PecState {
    case.participant(&id(who)).unwrap().consent()
}

fn warned(effects: &[Effect], rule: Rule) -> bool {
    effects
        .iter()
        .any(|e| matches!(e, Effect::Warning(w) if w.rule == rule))
}

/// A coordinator reaches two vendors and proposes an embargo to everyone (an act:
/// the EP goes to fay, acme and bolt); acme's EA (to everyone) activates it. bolt
/// was told of the proposal, then of the activation: its view is `[N, P, A]`.
fn proposed_then_accepted_by_acme() -> Case {
    let mut case = case_with(&[
        ("fay", REPORTER),
        ("cert", COORDINATOR),
        ("acme", VENDOR),
        ("bolt", VENDOR),
    ]);
    submit(&mut case, "fay", "cert", 1);
    ok(&mut case, act("cert", Action::Validate), t(1));
    ok(&mut case, act("cert", Action::Accept), t(1));
    submit(&mut case, "cert", "acme", 2);
    submit(&mut case, "cert", "bolt", 2);
    assert_eq!(view(&case, "bolt"), [N]);
    let propose = Action::ProposeEmbargo {
        terms: terms(2, 40),
    };
    ok(&mut case, act("cert", propose), t(2));
    assert_eq!(view(&case, "bolt"), [N, P]);
    ok(
        &mut case,
        msg(M::EA, "acme", &["fay", "cert", "bolt"]),
        t(3),
    );
    assert_eq!(case.em(), EmState::Active);
    assert_eq!(view(&case, "bolt"), [N, P, A]);
    assert_eq!(view(&case, "acme"), [A]);
    case
}

#[test]
fn a_late_acceptance_makes_its_sender_a_signatory() {
    let mut case = proposed_then_accepted_by_acme();
    let effects = ok(&mut case, msg(M::EA, "bolt", &["cert"]), t(4));
    assert_eq!(effects, [reply(M::EK, "cert", "bolt", M::EA)]);
    assert_eq!(case.em(), EmState::Active);
    assert_eq!(consent(&case, "bolt"), PecState::Signatory);
    let last = case.embargo_history().last().unwrap();
    assert_eq!(
        (&last.decided_by, last.accepted, last.terms),
        (&id("bolt"), true, terms(2, 40))
    );
    // Its own message shows it has moved past the proposal.
    assert_eq!(view(&case, "bolt"), [A]);
}

#[test]
fn a_late_rejection_is_recorded_while_the_embargo_stays_in_force() {
    let mut case = proposed_then_accepted_by_acme();
    let effects = ok(&mut case, msg(M::ER, "bolt", &["cert"]), t(4));
    assert_eq!(effects, [reply(M::EK, "cert", "bolt", M::ER)]);
    assert_eq!(case.em(), EmState::Active);
    assert_eq!(consent(&case, "bolt"), PecState::Declined);
    assert_eq!(consent(&case, "acme"), PecState::Signatory);
    let last = case.embargo_history().last().unwrap();
    assert_eq!((&last.decided_by, last.accepted), (&id("bolt"), false));
}

/// The same decision as an act and as a late message: same verdict, same consent,
/// same embargo and history.
#[test]
fn a_late_decision_gets_the_same_verdict_as_the_act() {
    for (accept, kind) in [(true, M::EA), (false, M::ER)] {
        let mut by_message = proposed_then_accepted_by_acme();
        let mut by_act = by_message.clone();
        ok(&mut by_message, msg(kind, "bolt", &["cert"]), t(4));
        let action = if accept {
            Action::AcceptEmbargo
        } else {
            Action::RejectEmbargo
        };
        ok(&mut by_act, act("bolt", action), t(4));
        assert_eq!(consent(&by_message, "bolt"), consent(&by_act, "bolt"));
        assert_eq!(by_message.embargo(), by_act.embargo());
        assert_eq!(by_message.embargo_history(), by_act.embargo_history());
        // Only the views differ: an act is taken at the hub, seeing the case as it
        // is; the late ER's sender believes its rejection ended the proposal until
        // the pending notice of the activation reaches it.
        assert_eq!(view(&by_act, "bolt"), [A]);
        let expected = if accept { vec![A] } else { vec![N, A] };
        assert_eq!(view(&by_message, "bolt"), expected);
    }
}

/// A revision acceptance crossing the revision's rejection: nothing changes, the
/// crossing is noted, the recipient answers `EE` (which tells the sender), and the
/// sender is not flagged.
#[test]
fn a_revision_acceptance_crossing_its_rejection_changes_nothing() {
    let mut case = proposed_then_accepted_by_acme();
    ok(&mut case, act("bolt", Action::AcceptEmbargo), t(4));
    let revise = Action::ReviseEmbargo {
        terms: terms(2, 60),
    };
    ok(&mut case, act("cert", revise), t(5));
    ok(&mut case, act("acme", Action::RejectEmbargo), t(6));
    assert_eq!(case.em(), EmState::Active);
    assert_eq!(view(&case, "bolt"), [A, R, A]);
    let effects = ok(&mut case, msg(M::EC, "bolt", &["cert"]), t(7));
    assert!(warned(&effects, Rule::ViewCrossed));
    assert!(effects.contains(&reply(M::EE, "cert", "bolt", M::EC)));
    assert_eq!(case.em(), EmState::Active);
    assert_eq!(case.embargo().in_force(), Some(&terms(2, 40)));
}

/// bolt's EA crossed acme's termination: the embargo it accepted is over.
#[test]
fn an_acceptance_crossing_a_termination_changes_nothing() {
    let mut case = proposed_then_accepted_by_acme();
    ok(&mut case, act("acme", Action::TerminateEmbargo), t(4));
    assert_eq!(case.em(), EmState::Exited);
    let effects = ok(&mut case, msg(M::EA, "bolt", &["cert"]), t(5));
    assert!(warned(&effects, Rule::ViewCrossed));
    assert!(effects.contains(&reply(M::EE, "cert", "bolt", M::EA)));
    assert_eq!(case.em(), EmState::Exited);
    assert_eq!(consent(&case, "bolt"), PecState::NoEmbargo);
}

/// A proposal crossing the publication is answered `ER` by the receive rules; the
/// proposer is not flagged.
#[test]
fn a_proposal_crossing_a_publication_is_refused_by_the_receiver() {
    let mut case = case_with(&[("fay", REPORTER), ("acme", VENDOR)]);
    submit(&mut case, "fay", "acme", 1);
    ok(&mut case, act("acme", Action::Publish), t(2));
    let ep = msg_with(M::EP, "fay", &["acme"], Payload::Embargo(terms(2, 30)));
    let effects = ok(&mut case, ep, t(2));
    assert!(effects.contains(&reply(M::ER, "acme", "fay", M::EP)));
    assert_eq!(case.em(), EmState::None);
}

/// EA from a participant that joined once the embargo was in force: no view of it
/// ever held the proposal.
#[test]
fn an_acceptance_from_someone_never_invited_is_a_violation() {
    let mut case = proposed_then_accepted_by_acme();
    let dave = NewParticipant::new(id("dave"), "dave", RoleSet::of(VENDOR));
    ok(
        &mut case,
        Input::AddParticipant {
            participant: Box::new(dave),
            by: Some(id("cert")),
        },
        t(4),
    );
    submit(&mut case, "cert", "dave", 4);
    assert_eq!(view(&case, "dave"), [A]);
    let err = refused(&mut case, msg(M::EA, "dave", &["cert"]), t(5));
    assert_eq!(err.rule(), Rule::SendEmbargoState);
    assert_eq!(err.class(), mpcvd::case::ErrorClass::PeerMisbehaviour);
}

/// ET from a participant that was never told of any embargo in force.
#[test]
fn a_termination_from_someone_never_told_is_a_violation() {
    let mut case = case_with(&[("fay", REPORTER), ("acme", VENDOR), ("bolt", VENDOR)]);
    submit(&mut case, "fay", "acme", 1);
    submit(&mut case, "fay", "bolt", 1);
    let ep = msg_with(M::EP, "fay", &["acme"], Payload::Embargo(terms(1, 30)));
    ok(&mut case, ep, t(1));
    assert_eq!(view(&case, "bolt"), [N]);
    let err = refused(&mut case, msg(M::ET, "bolt", &["fay"]), t(2));
    assert_eq!(err.rule(), Rule::SendEmbargoState);
}

/// Acknowledgements narrow the view: once bolt has acknowledged both notices, a
/// stale EA is its violation again.
#[test]
fn acknowledgements_narrow_the_view() {
    let mut case = proposed_then_accepted_by_acme();
    ok(&mut case, msg(M::EK, "bolt", &["cert"]), t(4));
    assert_eq!(view(&case, "bolt"), [P, A]);
    assert!(case.dry_run(&msg(M::EA, "bolt", &["cert"]), t(4)).is_ok());
    ok(&mut case, msg(M::EK, "bolt", &["cert"]), t(4));
    assert_eq!(view(&case, "bolt"), [A]);
    let err = refused(&mut case, msg(M::EA, "bolt", &["cert"]), t(5));
    assert_eq!(err.rule(), Rule::SendEmbargoState);
}

/// A message that does not move the shared state confirms nothing: a GI does not
/// narrow the view.
#[test]
fn a_general_inquiry_confirms_nothing() {
    let mut case = proposed_then_accepted_by_acme();
    let gi = msg_with(
        M::GI,
        "bolt",
        &["cert"],
        Payload::Text {
            text: "status?".into(),
        },
    );
    ok(&mut case, gi, t(4));
    assert_eq!(view(&case, "bolt"), [N, P, A]);
}

/// The view is part of the serialised case and checked by the load-time replay.
#[test]
fn the_view_is_serialised_and_replayed() {
    let mut case = proposed_then_accepted_by_acme();
    ok(&mut case, msg(M::EA, "bolt", &["cert"]), t(4));
    let json = serde_json::to_value(&case).unwrap();
    let back: Case = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, case);
    assert_eq!(Case::replay(case.timeline()).unwrap(), case);
    let mut tampered = json;
    let participants = tampered["data"]["participants"].as_array_mut().unwrap();
    let bolt = participants.iter_mut().find(|p| p["id"] == "bolt").unwrap();
    bolt["status"]["view"] =
        serde_json::json!([{"em": "proposed", "pxa": "pxa"}, {"em": "active", "pxa": "pxa"}]);
    let err = serde_json::from_value::<Case>(tampered).unwrap_err();
    assert!(err.to_string().contains("participants"), "{err}");
}
