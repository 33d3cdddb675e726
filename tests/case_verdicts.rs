//! One verdict per decision (issue 12 items 2 and 3): the same decision gets the
//! same verdict and the same effects whether it arrives as an act, a peer's message
//! or a status report. The decisions are in docs/DESIGN.md ("Decisions on the
//! engine's verdicts").
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

use mpcvd::case::{Action, Case, CaseError, Effect, ErrorClass, Input, Payload, Rule};
use mpcvd::cs::Vfd;
use mpcvd::em::EmState;
use mpcvd::message::MessageType as M;
use mpcvd::policy::{Level, Policy, presets};
use mpcvd::rm::RmState;
use mpcvd::role::Role;

fn status(who: &str, rm: Option<RmState>, vfd: Option<Vfd>) -> Input {
    Input::Status {
        participant: id(who),
        rm,
        vfd,
    }
}

fn warned(effects: &[Effect], rule: Rule, who: &str) -> bool {
    effects.iter().any(
        |e| matches!(e, Effect::Warning(w) if w.rule == rule && w.participant == Some(id(who))),
    )
}

fn participant(case: &Case, who: &str) -> (RmState, Vfd) {
    let p = case.participant(&id(who)).unwrap();
    (p.rm(), p.vfd())
}

// ----- closing during an embargo ------------------------------------------------

/// fay proposes, acme accepts (so acme's view is the embargo in force), acme
/// invalidates: acme may now close.
fn embargo_then_invalid(policy: Policy) -> Case {
    let mut case = case_with_policy(policy, &[("fay", REPORTER), ("acme", VENDOR)]);
    reach(&mut case, "acme", RmState::Received);
    ok(&mut case, propose("fay", 1, 30), t(1));
    ok(&mut case, act("acme", Action::AcceptEmbargo), t(2));
    ok(&mut case, act("acme", Action::Invalidate), t(3));
    assert_eq!(case.em(), EmState::Active);
    case
}

/// The three forms of acme closing its report.
fn close_forms() -> [(&'static str, Input); 3] {
    [
        ("act", act("acme", Action::Close)),
        ("message", msg(M::RC, "acme", &["fay"])),
        ("status", status("acme", Some(RmState::Closed), None)),
    ]
}

#[test]
fn closing_during_an_embargo_is_warned_in_every_form() {
    for (form, input) in close_forms() {
        let mut case = embargo_then_invalid(Policy::default());
        let fx = ok(&mut case, input, t(4));
        assert!(
            warned(&fx, Rule::CloseDuringEmbargo, "acme"),
            "{form}: {fx:?}"
        );
        assert_eq!(
            fx.iter()
                .filter(|e| matches!(e, Effect::Warning(w) if w.rule == Rule::CloseDuringEmbargo))
                .count(),
            1,
            "{form}: {fx:?}"
        );
        assert_eq!(participant(&case, "acme").0, RmState::Closed, "{form}");
        // Closing SHALL NOT terminate the embargo.
        assert_eq!(case.em(), EmState::Active, "{form}");
    }
}

#[test]
fn closing_during_an_embargo_is_refused_in_every_form_where_the_policy_denies_it() {
    let deny = Policy::default().with(Rule::CloseDuringEmbargo, Level::Deny);
    for (form, input) in close_forms() {
        let mut case = embargo_then_invalid(deny.clone());
        let err = refused(&mut case, input, t(4));
        assert_eq!(err.rule(), Rule::CloseDuringEmbargo, "{form}: {err}");
        assert_eq!(err.class(), ErrorClass::Refused, "{form}");
        assert!(matches!(err, CaseError::PolicyDenied(_)), "{form}: {err}");
    }
    // The explicit override closes anyway, with its reason.
    let mut case = embargo_then_invalid(deny);
    let fx = ok(
        &mut case,
        act(
            "acme",
            Action::CloseDespiteEmbargo {
                reason: "withdrawn".into(),
            },
        ),
        t(4),
    );
    assert_eq!(
        fx,
        vec![
            warning(
                Rule::CloseDuringEmbargo,
                "acme",
                "report closed while the embargo is in force: withdrawn",
            ),
            out_rc("acme", &["fay"]),
        ]
    );
}

fn out_rc(from: &str, to: &[&str]) -> Effect {
    Effect::Send(mpcvd::case::Outgoing {
        kind: M::RC,
        from: mpcvd::case::Origin::Participant(id(from)),
        to: ids(to).into(),
        payload: Payload::None,
        in_reply_to: None,
    })
}

/// A peer that may not yet have heard that the embargo is in force (its view still
/// holds the proposal) is not flagged for closing, even under deny; once it has
/// acknowledged the activation (`EK`), it is.
#[test]
fn a_peer_that_could_not_know_of_the_embargo_is_not_flagged_for_closing() {
    let deny = Policy::default().with(Rule::CloseDuringEmbargo, Level::Deny);
    let setup = |policy: Policy| {
        let mut case = case_with_policy(policy, &[("fay", REPORTER), ("acme", VENDOR)]);
        reach(&mut case, "acme", RmState::Received);
        ok(&mut case, propose("fay", 1, 30), t(1));
        ok(&mut case, act("acme", Action::AcceptEmbargo), t(2));
        case
    };
    // fay was sent acme's EA but has not acknowledged it.
    let mut case = setup(deny.clone());
    let fx = ok(&mut case, msg(M::RC, "fay", &["acme"]), t(3));
    assert!(!warned(&fx, Rule::CloseDuringEmbargo, "fay"), "{fx:?}");
    assert_eq!(participant(&case, "fay").0, RmState::Closed);
    // After its EK, fay knows: refused.
    let mut case = setup(deny);
    settle(&mut case, "fay", "acme", t(3));
    let err = refused(&mut case, msg(M::RC, "fay", &["acme"]), t(3));
    assert_eq!(err.rule(), Rule::CloseDuringEmbargo);
}

// ----- EA from VFDpxa ------------------------------------------------------------

fn deployed_then_proposed() -> Case {
    let mut case = case_with(&[("fay", REPORTER), ("acme", &[Role::Vendor, Role::Deployer])]);
    reach(&mut case, "acme", RmState::Accepted);
    ok(&mut case, act("acme", Action::FixReady), t(1));
    ok(&mut case, act("acme", Action::FixDeployed), t(1));
    assert_eq!(participant(&case, "acme").1, Vfd::FixDeployed);
    ok(&mut case, propose("fay", 2, 30), t(2));
    case
}

#[test]
fn ea_from_vfdpxa_is_warned_as_an_act_and_as_a_message() {
    for (form, input) in [
        ("act", act("acme", Action::AcceptEmbargo)),
        ("message", msg(M::EA, "acme", &["fay"])),
    ] {
        let mut case = deployed_then_proposed();
        let fx = ok(&mut case, input, t(3));
        assert!(warned(&fx, Rule::EmbargoAfterFix, "acme"), "{form}: {fx:?}");
        assert_eq!(case.em(), EmState::Active, "{form}");
    }
}

// ----- CV from the notifier ------------------------------------------------------

fn coordinator_in_accepted() -> Case {
    let mut case = case_with(&[
        ("fay", REPORTER),
        ("cert", COORDINATOR),
        ("acme", VENDOR),
        ("bolt", VENDOR),
    ]);
    reach(&mut case, "cert", RmState::Accepted);
    case
}

fn cv_naming(from: &str, to: &[&str], named: &str) -> Input {
    msg_with(
        M::CV,
        from,
        to,
        Payload::Participant {
            participant: id(named),
        },
    )
}

#[test]
fn cv_from_a_coordinator_names_the_vendor_made_aware() {
    let mut case = coordinator_in_accepted();
    let cert_before = participant(&case, "cert");
    let fx = ok(&mut case, cv_naming("cert", &["fay"], "acme"), t(2));
    assert_eq!(fx, vec![reply(M::CK, "fay", "cert", M::CV)]);
    // The vendor is aware; its RM state is its own; the notifier is unchanged.
    assert_eq!(participant(&case, "acme"), (RmState::Start, Vfd::Aware));
    assert_eq!(participant(&case, "cert"), cert_before);
    assert_eq!(participant(&case, "bolt").1, Vfd::Unaware);
    // Again: the vendor stays aware (nothing moves backwards).
    ok(&mut case, cv_naming("cert", &["fay"], "acme"), t(2));
    assert_eq!(participant(&case, "acme").1, Vfd::Aware);
}

#[test]
fn cv_naming_no_vendor_is_refused_with_a_clear_error() {
    let cases: [(Input, &str); 4] = [
        (msg(M::CV, "cert", &["fay"]), "must name the vendor"),
        (
            cv_naming("cert", &["acme"], "fay"),
            "`fay`, who is not a vendor",
        ),
        (
            cv_naming("cert", &["fay"], "mallory"),
            "`mallory`, who is not a participant",
        ),
        (
            cv_naming("cert", &["fay"], "cert"),
            "its sender `cert`, who is not a vendor",
        ),
    ];
    for (input, says) in cases {
        let mut case = coordinator_in_accepted();
        let err = refused(&mut case, input.clone(), t(2));
        assert_eq!(err.rule(), Rule::MessagePayload, "{input:?}: {err}");
        assert_eq!(err.class(), ErrorClass::PeerMisbehaviour, "{input:?}");
        assert!(err.to_string().contains(says), "{input:?}: {err}");
        assert_eq!(err.refusal().unwrap().reply, Some(M::CE));
    }
    // A payload CV does not accept.
    let mut case = coordinator_in_accepted();
    let err = refused(
        &mut case,
        msg_with(M::CV, "cert", &["fay"], Payload::Text { text: "x".into() }),
        t(2),
    );
    assert_eq!(err.rule(), Rule::MessagePayload);
}

/// A vendor that notified another vendor reports that one's awareness as the
/// notifier (the send table's notifier row); naming itself is its own `CV`.
#[test]
fn a_vendor_may_report_another_vendors_awareness_or_its_own() {
    let mut case = coordinator_in_accepted();
    reach(&mut case, "acme", RmState::Accepted);
    ok(&mut case, cv_naming("acme", &["cert"], "bolt"), t(2));
    assert_eq!(participant(&case, "bolt").1, Vfd::Aware);
    // bolt, aware and in Start, announces its own awareness again: refused as a
    // repeated event, as a CV without payload is.
    let err = refused(&mut case, cv_naming("bolt", &["cert"], "bolt"), t(2));
    assert_eq!(err.rule(), Rule::SendEvent);
    let err = refused(&mut case, msg(M::CV, "bolt", &["cert"]), t(2));
    assert_eq!(err.rule(), Rule::SendEvent);
}

// ----- D only for deployers --------------------------------------------------------

#[test]
fn deployment_is_refused_to_a_vendor_without_the_deployer_role_in_every_form() {
    let fixed = |roles: &'static [Role]| {
        let mut case = case_with(&[("fay", REPORTER), ("acme", roles)]);
        reach(&mut case, "acme", RmState::Accepted);
        ok(&mut case, act("acme", Action::FixReady), t(2));
        case
    };
    let forms = || {
        [
            ("act", act("acme", Action::FixDeployed)),
            ("message", msg(M::CD, "acme", &["fay"])),
            ("status", status("acme", None, Some(Vfd::FixDeployed))),
        ]
    };
    for (form, input) in forms() {
        let mut case = fixed(VENDOR);
        let err = refused(&mut case, input, t(3));
        assert_eq!(err.rule(), Rule::SendRole, "{form}: {err}");
        assert_eq!(participant(&case, "acme").1, Vfd::FixReady);
    }
    for (form, input) in forms() {
        let mut case = fixed(&[Role::Vendor, Role::Deployer]);
        ok(&mut case, input, t(3));
        assert_eq!(participant(&case, "acme").1, Vfd::FixDeployed, "{form}");
    }
}

// ----- a signatory publishing under its embargo ------------------------------------

fn signed(policy: Policy) -> Case {
    let mut case = case_with_policy(policy, &[("fay", REPORTER), ("acme", VENDOR)]);
    // jpcert-cc shares the report only with those who agreed to the case's rules.
    ok(&mut case, act("acme", Action::AgreeToRules), t(1));
    reach(&mut case, "acme", RmState::Received);
    ok(&mut case, propose("fay", 1, 80), t(1));
    ok(&mut case, act("acme", Action::AcceptEmbargo), t(2));
    assert!(
        case.participant(&id("acme"))
            .unwrap()
            .consent()
            .is_signatory()
    );
    case
}

#[test]
fn a_signatory_publishing_under_its_embargo_is_warned_under_vultron() {
    let case = signed(Policy::default());
    let readiness = case.publication_readiness(Some(&id("acme")));
    assert!(readiness.is_ready());
    assert!(
        readiness
            .unmet
            .iter()
            .any(|u| u.rule == Rule::PublishDuringEmbargo && u.level == Level::Warn)
    );
    // Asked for no one in particular, the default policy lists nothing.
    assert!(case.publication_readiness(None).unmet.is_empty());
    for (form, input) in [
        ("act", act("acme", Action::Publish)),
        ("message", msg(M::CP, "acme", &["fay"])),
    ] {
        let mut case = case.clone();
        let fx = ok(&mut case, input, t(5));
        assert!(
            warned(&fx, Rule::PublishDuringEmbargo, "acme"),
            "{form}: {fx:?}"
        );
        assert_eq!(case.em(), EmState::Exited, "{form}");
    }
}

#[test]
fn a_signatory_publishing_under_its_embargo_is_refused_under_cert_cc_and_jpcert_cc() {
    for policy in [presets::cert_cc(), presets::jpcert_cc()] {
        let mut case = signed(policy.clone());
        let err = refused(&mut case, act("acme", Action::Publish), t(5));
        assert_eq!(err.rule(), Rule::PublishDuringEmbargo, "{}", policy.name);
        // A peer's CP is a fact of the world: the deny becomes a warning.
        let fx = ok(&mut case, msg(M::CP, "acme", &["fay"]), t(5));
        assert!(warned(&fx, Rule::PublishDuringEmbargo, "acme"), "{fx:?}");
        assert_eq!(case.em(), EmState::Exited);
    }
}

// ----- status reports carry the same warnings ----------------------------------

/// A deployment during an embargo: "the embargo should end", as an act, a message
/// and a status report alike.
#[test]
fn a_deployment_during_an_embargo_is_warned_in_every_form() {
    let setup = || {
        let mut case = case_with(&[("fay", REPORTER), ("acme", &[Role::Vendor, Role::Deployer])]);
        reach(&mut case, "acme", RmState::Accepted);
        ok(&mut case, propose("fay", 1, 30), t(1));
        ok(&mut case, act("acme", Action::AcceptEmbargo), t(1));
        ok(&mut case, act("acme", Action::FixReady), t(2));
        case
    };
    for (form, input) in [
        ("act", act("acme", Action::FixDeployed)),
        ("message", msg(M::CD, "acme", &["fay"])),
        ("status", status("acme", None, Some(Vfd::FixDeployed))),
    ] {
        let mut case = setup();
        let fx = ok(&mut case, input, t(3));
        assert!(
            warned(&fx, Rule::EmbargoShouldEnd, "acme"),
            "{form}: {fx:?}"
        );
    }
}
