//! Authority over the case (issue 12 item 4): the policy's powers, the case owner,
//! ownership offers, and refusals that leave the case unchanged.

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

use mpcvd::case::{Action, Case, CaseError, ErrorClass, Input, Payload, Rule};
use mpcvd::message::MessageType as M;
use mpcvd::participant::NewParticipant;
use mpcvd::policy::{Authority, Holder, Policy, Power};
use mpcvd::rm::RmState;
use mpcvd::role::{Role, RoleSet};
use strum::IntoEnumIterator;

/// cert-cc: the coordinator opened the case (and owns it); fay reported to it;
/// acme and bolt are vendors it reached.
fn cert_cc() -> Case {
    let mut case = case_with_policy(
        Policy::preset("cert-cc").unwrap(),
        &[
            ("cert", COORDINATOR),
            ("fay", REPORTER),
            ("acme", VENDOR),
            ("bolt", VENDOR),
        ],
    );
    ok(
        &mut case,
        act("fay", Action::submit(id("cert"), report())),
        t(1),
    );
    ok(&mut case, act("cert", Action::Validate), t(1));
    ok(&mut case, act("cert", Action::Accept), t(1));
    for vendor in ["acme", "bolt"] {
        ok(
            &mut case,
            act("cert", Action::submit(id(vendor), report())),
            t(2),
        );
    }
    case
}

fn change_policy(by: &str, policy: Policy) -> Input {
    Input::ChangePolicy {
        policy: Box::new(policy),
        by: Some(id(by)),
    }
}

fn remove(by: &str, who: &str) -> Input {
    Input::RemoveParticipant {
        participant: id(who),
        by: Some(id(by)),
    }
}

fn add(by: &str, who: &str, roles: &[Role]) -> Input {
    Input::AddParticipant {
        participant: Box::new(NewParticipant::new(id(who), who, RoleSet::of(roles))),
        by: Some(id(by)),
    }
}

fn offer(by: &str, to: &str) -> Input {
    Input::OfferOwnership {
        to: id(to),
        by: id(by),
    }
}

fn accept(by: &str) -> Input {
    Input::AcceptOwnership { by: id(by) }
}

fn reject(by: &str) -> Input {
    Input::RejectOwnership { by: id(by) }
}

/// Refused under `rule`, the case unchanged, with a message that names who
/// may.
fn unauthorised(case: &mut Case, input: Input, rule: Rule, names: &str) -> CaseError {
    let now = case.now();
    let err = refused(case, input, now);
    assert_eq!(err.rule(), rule, "{err}");
    assert!(matches!(err, CaseError::Unauthorised { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.starts_with(&format!("[{rule}]")), "{text}");
    assert!(text.contains(names), "{text}");
    assert!(text.ends_with("(case unchanged)"), "{text}");
    err
}

#[test]
fn the_first_participant_opens_the_case_and_owns_it() {
    let case = cert_cc();
    assert_eq!(case.owner(), Some(&id("cert")));
    assert_eq!(case.ownership_offer(), None);
    let empty = case_with(&[]);
    assert_eq!(empty.owner(), None);
    for power in Power::iter() {
        assert!(case.holds(&id("cert"), power), "{power}");
        assert!(!case.holds(&id("acme"), power), "{power}");
    }
}

#[test]
fn under_cert_cc_a_vendor_may_not_change_the_policy() {
    let mut case = cert_cc();
    let err = unauthorised(
        &mut case,
        change_policy("acme", Policy::default()),
        Rule::AuthorityChangePolicy,
        "only the case owner `cert` may change the policy, not `acme`",
    );
    assert_eq!(err.class(), ErrorClass::Refused);
    assert_eq!(case.policy().name, "cert-cc");
}

#[test]
fn under_cert_cc_a_vendor_may_not_remove_the_coordinator() {
    let mut case = cert_cc();
    unauthorised(
        &mut case,
        remove("acme", "cert"),
        Rule::AuthorityRemoveParticipant,
        "only the case owner `cert` or a coordinator may remove participants",
    );
    // Nor another vendor, nor itself (subject is not a holder under cert-cc).
    unauthorised(
        &mut case,
        remove("acme", "bolt"),
        Rule::AuthorityRemoveParticipant,
        "not `acme`",
    );
    unauthorised(
        &mut case,
        remove("acme", "acme"),
        Rule::AuthorityRemoveParticipant,
        "not `acme`",
    );
}

#[test]
fn under_cert_cc_a_vendor_may_not_add_an_outsider() {
    let mut case = cert_cc();
    ok(
        &mut case,
        act(
            "cert",
            Action::ProposeEmbargo {
                terms: terms(2, 40),
            },
        ),
        t(2),
    );
    unauthorised(
        &mut case,
        add("acme", "eve", VENDOR),
        Rule::AuthorityAddParticipant,
        "only the case owner `cert` or a coordinator may add participants, not `acme`",
    );
    assert!(case.participant(&id("eve")).is_none());
}

#[test]
fn under_cert_cc_only_the_owner_or_a_coordinator_proposes_or_ends_the_embargo() {
    let mut case = cert_cc();
    let propose = |who: &str| {
        act(
            who,
            Action::ProposeEmbargo {
                terms: terms(2, 40),
            },
        )
    };
    unauthorised(
        &mut case,
        propose("acme"),
        Rule::AuthorityProposeEmbargo,
        "propose embargo terms",
    );
    // The same decision as a peer's message: the same rule, an EE due.
    let message = msg_with(M::EP, "acme", &["cert"], Payload::Embargo(terms(2, 40)));
    let err = unauthorised(&mut case, message, Rule::AuthorityProposeEmbargo, "`acme`");
    assert_eq!(err.class(), ErrorClass::PeerMisbehaviour);
    assert!(matches!(
        err,
        CaseError::Unauthorised {
            reply: Some(M::EE),
            ..
        }
    ));
    ok(&mut case, propose("cert"), t(3));
    ok(&mut case, act("acme", Action::AcceptEmbargo), t(3));
    // Accepting is each participant's own consent, not a power.
    ok(&mut case, act("bolt", Action::AcceptEmbargo), t(3));
    unauthorised(
        &mut case,
        act("acme", Action::TerminateEmbargo),
        Rule::AuthorityTerminateEmbargo,
        "terminate the embargo",
    );
    unauthorised(
        &mut case,
        msg(M::ET, "acme", &["cert"]),
        Rule::AuthorityTerminateEmbargo,
        "`acme`",
    );
    unauthorised(
        &mut case,
        act(
            "acme",
            Action::ReviseEmbargo {
                terms: terms(2, 60),
            },
        ),
        Rule::AuthorityProposeEmbargo,
        "`acme`",
    );
    ok(&mut case, act("cert", Action::TerminateEmbargo), t(4));
}

#[test]
fn under_cert_cc_the_owner_does_each() {
    let mut case = cert_cc();
    ok(&mut case, add("cert", "eve", VENDOR), t(3));
    assert!(case.participant(&id("eve")).unwrap().is_member());
    ok(&mut case, remove("cert", "eve"), t(3));
    assert!(!case.participant(&id("eve")).unwrap().is_member());
    let mut stricter = Policy::preset("cert-cc").unwrap();
    stricter.name = "cert-cc-strict".into();
    ok(&mut case, change_policy("cert", stricter), t(3));
    assert_eq!(case.policy().name, "cert-cc-strict");
    ok(&mut case, act("cert", Action::CloseCase), t(4));
    ok(
        &mut case,
        act(
            "cert",
            Action::ReopenCase {
                reason: "a variant".into(),
            },
        ),
        t(5),
    );
    assert_eq!(Case::replay(case.timeline()).unwrap(), case);
}

#[test]
fn closing_and_reopening_are_powers() {
    let mut case = cert_cc();
    unauthorised(
        &mut case,
        act("acme", Action::CloseCase),
        Rule::AuthorityCloseCase,
        "close the case",
    );
    ok(&mut case, act("cert", Action::CloseCase), t(3));
    unauthorised(
        &mut case,
        act("fay", Action::ReopenCase { reason: "r".into() }),
        Rule::AuthorityReopenCase,
        "reopen the case",
    );
    // The vendor may not close the case: it is not among its allowed actions.
    let mut open = cert_cc();
    assert!(
        !open
            .allowed_actions(&id("acme"))
            .unwrap()
            .contains(&mpcvd::case::ActionKind::CloseCase)
    );
    assert!(
        open.allowed_actions(&id("cert"))
            .unwrap()
            .contains(&mpcvd::case::ActionKind::CloseCase)
    );
    ok(&mut open, act("cert", Action::CloseCase), t(3));
}

#[test]
fn the_owner_cannot_be_removed() {
    let mut case = case_with(&[("fay", REPORTER), ("cert", COORDINATOR), ("acme", VENDOR)]);
    unauthorised(
        &mut case,
        remove("cert", "fay"),
        Rule::AuthorityRemoveParticipant,
        "`fay` owns the case",
    );
    unauthorised(
        &mut case,
        remove("fay", "fay"),
        Rule::AuthorityRemoveParticipant,
        "ownership must be transferred first",
    );
}

#[test]
fn ownership_offered_and_accepted_moves_the_powers() {
    let mut case = cert_cc();
    ok(&mut case, offer("cert", "fay"), t(3));
    let pending = case.ownership_offer().unwrap();
    assert_eq!((&pending.to, &pending.by), (&id("fay"), &id("cert")));
    assert_eq!(pending.at, t(3));
    assert_eq!(case.owner(), Some(&id("cert")), "not yet transferred");
    ok(&mut case, accept("fay"), t(4));
    assert_eq!(case.owner(), Some(&id("fay")));
    assert_eq!(case.ownership_offer(), None);
    // The new owner holds the owner's powers; the old one only its
    // coordinator's under cert-cc (membership, embargo, closing), not the
    // owner's own (the policy, the ownership).
    assert!(case.holds(&id("fay"), Power::ChangePolicy));
    assert!(!case.holds(&id("cert"), Power::ChangePolicy));
    assert!(!case.holds(&id("cert"), Power::TransferOwnership));
    unauthorised(
        &mut case,
        change_policy("cert", Policy::default()),
        Rule::AuthorityChangePolicy,
        "only the case owner `fay` may change the policy, not `cert`",
    );
    unauthorised(
        &mut case,
        offer("cert", "acme"),
        Rule::AuthorityTransferOwnership,
        "only the case owner `fay` may offer the case's ownership",
    );
    ok(&mut case, change_policy("fay", Policy::default()), t(5));
    // Persisted and replayed.
    assert_eq!(Case::replay(case.timeline()).unwrap(), case);
    let json = serde_json::to_string(&case).unwrap();
    assert_eq!(serde_json::from_str::<Case>(&json).unwrap(), case);
}

#[test]
fn the_old_owner_loses_every_power_it_held_as_owner() {
    // Under an all-owner policy nothing is left to the old owner.
    let policy = Policy {
        authority: Power::iter().fold(Authority::default(), |a, p| a.with(p, &[Holder::Owner])),
        ..Policy::default()
    };
    let mut case = case_with_policy(policy, &[("fay", REPORTER), ("acme", VENDOR)]);
    ok(&mut case, offer("fay", "acme"), t(1));
    ok(&mut case, accept("acme"), t(1));
    for power in Power::iter() {
        assert!(case.holds(&id("acme"), power), "{power}");
        assert!(!case.holds(&id("fay"), power), "{power}");
    }
    unauthorised(
        &mut case,
        add("fay", "eve", VENDOR),
        Rule::AuthorityAddParticipant,
        "only the case owner `acme` may add participants, not `fay`",
    );
    ok(&mut case, add("acme", "eve", VENDOR), t(2));
}

#[test]
fn ownership_offered_and_rejected_changes_nothing_else() {
    let mut case = cert_cc();
    ok(&mut case, offer("cert", "fay"), t(3));
    ok(&mut case, reject("fay"), t(3));
    assert_eq!(case.owner(), Some(&id("cert")));
    assert_eq!(case.ownership_offer(), None);
    assert!(!case.holds(&id("fay"), Power::ChangePolicy));
    // The rejected offer cannot be accepted afterwards.
    unauthorised(
        &mut case,
        accept("fay"),
        Rule::AuthorityOwnershipOffer,
        "no ownership offer is pending",
    );
    // A new offer replaces a pending one.
    ok(&mut case, offer("cert", "acme"), t(4));
    ok(&mut case, offer("cert", "fay"), t(4));
    unauthorised(
        &mut case,
        accept("acme"),
        Rule::AuthorityOwnershipOffer,
        "the pending ownership offer is to `fay`",
    );
    ok(&mut case, accept("fay"), t(5));
    assert_eq!(case.owner(), Some(&id("fay")));
}

#[test]
fn ownership_offers_are_checked() {
    let mut case = cert_cc();
    // Only a holder of `transfer_ownership` offers.
    unauthorised(
        &mut case,
        offer("acme", "fay"),
        Rule::AuthorityTransferOwnership,
        "only the case owner `cert` may offer the case's ownership, not `acme`",
    );
    // Not to a non-member, nor to a removed one, nor to the owner itself.
    let err = refused(&mut case, offer("cert", "eve"), t(3));
    assert_eq!(err, CaseError::UnknownParticipant { id: id("eve") });
    ok(&mut case, remove("cert", "bolt"), t(3));
    let err = refused(&mut case, offer("cert", "bolt"), t(3));
    assert_eq!(err, CaseError::RemovedParticipant { id: id("bolt") });
    unauthorised(
        &mut case,
        offer("cert", "cert"),
        Rule::AuthorityOwnershipOffer,
        "`cert` already owns the case",
    );
    // Accept and reject only by the offeree.
    ok(&mut case, offer("cert", "fay"), t(3));
    for input in [accept("acme"), reject("acme"), accept("cert")] {
        unauthorised(
            &mut case,
            input,
            Rule::AuthorityOwnershipOffer,
            "only it may accept or reject it",
        );
    }
    // Removing the offeree withdraws the offer.
    ok(&mut case, remove("cert", "fay"), t(4));
    assert_eq!(case.ownership_offer(), None);
    assert_eq!(case.owner(), Some(&id("cert")));
}

#[test]
fn ownership_moves_while_the_case_is_closed() {
    let mut case = cert_cc();
    ok(&mut case, act("cert", Action::CloseCase), t(3));
    ok(&mut case, offer("cert", "fay"), t(4));
    ok(&mut case, accept("fay"), t(4));
    ok(
        &mut case,
        act(
            "fay",
            Action::ReopenCase {
                reason: "new owner".into(),
            },
        ),
        t(5),
    );
}

#[test]
fn inputs_where_authority_matters_must_say_who() {
    let mut case = cert_cc();
    let inputs = [
        Input::AddParticipant {
            participant: Box::new(NewParticipant::new(id("eve"), "eve", RoleSet::of(VENDOR))),
            by: None,
        },
        Input::RemoveParticipant {
            participant: id("bolt"),
            by: None,
        },
        Input::ChangePolicy {
            policy: Box::new(Policy::default()),
            by: None,
        },
    ];
    for input in inputs {
        let err = unauthorised(&mut case, input, Rule::AuthorityMissingActor, "(`by`)");
        assert!(err.to_string().contains("the case owner `cert`"), "{err}");
    }
}

#[test]
fn the_bootstrap_opens_an_empty_case() {
    let mut case = case_with(&[]);
    // The tracker may set the policy of a case nobody has opened yet.
    ok(
        &mut case,
        Input::ChangePolicy {
            policy: Box::new(Policy::preset("cert-cc").unwrap()),
            by: None,
        },
        t(0),
    );
    // The first participant opens it, by itself or unnamed...
    ok(
        &mut case,
        Input::AddParticipant {
            participant: Box::new(NewParticipant::new(
                id("cert"),
                "cert",
                RoleSet::of(COORDINATOR),
            )),
            by: Some(id("cert")),
        },
        t(0),
    );
    assert_eq!(case.owner(), Some(&id("cert")));
    // ...and from then on every addition names a holder.
    let err = refused(
        &mut case,
        Input::AddParticipant {
            participant: Box::new(NewParticipant::new(id("fay"), "fay", RoleSet::of(REPORTER))),
            by: None,
        },
        t(0),
    );
    assert_eq!(err.rule(), Rule::AuthorityMissingActor);
    // Naming someone not yet in an empty case is misuse, as before.
    let mut empty = case_with(&[]);
    let err = refused(&mut empty, add("ghost", "fay", REPORTER), t(0));
    assert_eq!(err, CaseError::UnknownParticipant { id: id("ghost") });
}

#[test]
fn under_vultron_the_owner_manages_and_any_member_negotiates_the_embargo() {
    let mut case = case_with(&[("fay", REPORTER), ("cert", COORDINATOR), ("acme", VENDOR)]);
    reach(&mut case, "acme", RmState::Accepted);
    // Coordinators manage membership and close the case with the owner...
    ok(&mut case, add("cert", "bolt", VENDOR), t(2));
    ok(&mut case, remove("cert", "bolt"), t(2));
    // ...but only the owner changes the policy or offers the ownership.
    unauthorised(
        &mut case,
        change_policy("cert", Policy::preset("cert-cc").unwrap()),
        Rule::AuthorityChangePolicy,
        "only the case owner `fay` may change the policy",
    );
    unauthorised(
        &mut case,
        offer("cert", "acme"),
        Rule::AuthorityTransferOwnership,
        "`fay`",
    );
    // A vendor manages nothing.
    unauthorised(
        &mut case,
        add("acme", "eve", VENDOR),
        Rule::AuthorityAddParticipant,
        "only the case owner `fay` or a coordinator may add participants",
    );
    unauthorised(
        &mut case,
        act("acme", Action::CloseCase),
        Rule::AuthorityCloseCase,
        "`acme`",
    );
    // Any member proposes and terminates the embargo as the protocol allows.
    ok(
        &mut case,
        act(
            "acme",
            Action::ProposeEmbargo {
                terms: terms(2, 30),
            },
        ),
        t(2),
    );
    ok(&mut case, act("fay", Action::AcceptEmbargo), t(2));
    ok(&mut case, act("acme", Action::TerminateEmbargo), t(3));
}

#[test]
fn powers_load_from_json_and_toml_with_defaults_and_validation() {
    // Left out: the default's holders.
    let policy: Policy = toml::from_str("name = \"x\"\nversion = \"1\"\n").unwrap();
    assert_eq!(policy.authority, Authority::default());
    let text = "name = \"x\"\nversion = \"1\"\n[authority]\nchange_policy = [\"owner\", \"coordinators\"]\nremove_participant = [\"owner\", \"subject\"]\n";
    let policy: Policy = toml::from_str(text).unwrap();
    assert_eq!(
        policy.authority.holders(Power::ChangePolicy),
        mpcvd::set::Set::from_slice(&[Holder::Owner, Holder::Coordinators])
    );
    assert_eq!(
        policy.authority.holders(Power::RemoveParticipant),
        mpcvd::set::Set::from_slice(&[Holder::Owner, Holder::Subject])
    );
    assert_eq!(
        policy.authority.holders(Power::CloseCase),
        Authority::default().holders(Power::CloseCase)
    );
    let bad = [
        (
            "[authority]\nclose_case = [\"owner\", \"owner\"]\n",
            "duplicate member in set",
        ),
        (
            "[authority]\nclose_case = [\"subject\"]\n",
            "only applies to remove_participant",
        ),
        (
            "[authority]\nclose_case = [\"anyone\"]\n",
            "unknown variant",
        ),
        (
            "[authority]\nrule_the_world = [\"owner\"]\n",
            "unknown field",
        ),
    ];
    for (table, message) in bad {
        let text = format!("name = \"x\"\nversion = \"1\"\n{table}");
        let err = toml::from_str::<Policy>(&text).unwrap_err().to_string();
        assert!(err.contains(message), "{table}: {err}");
    }
    let json =
        serde_json::json!({"name": "x", "version": "1", "authority": {"add_participant": []}});
    let policy: Policy = serde_json::from_value(json).unwrap();
    assert!(policy.authority.holders(Power::AddParticipant).is_empty());
    // A policy built in code is validated too.
    let policy = Policy {
        authority: Authority::default().with(Power::ChangePolicy, &[Holder::Subject]),
        ..Policy::default()
    };
    assert!(policy.validate().is_err());
}

#[test]
fn a_leaving_participant_where_the_policy_lets_it() {
    let policy = Policy {
        authority: Authority::default()
            .with(Power::RemoveParticipant, &[Holder::Owner, Holder::Subject]),
        ..Policy::default()
    };
    let mut case = case_with_policy(
        policy,
        &[("fay", REPORTER), ("acme", VENDOR), ("bolt", VENDOR)],
    );
    unauthorised(
        &mut case,
        remove("acme", "bolt"),
        Rule::AuthorityRemoveParticipant,
        "the case owner `fay` or the participant itself",
    );
    ok(&mut case, remove("acme", "acme"), t(1));
}

#[test]
fn nobody_holds_a_power_with_no_holders() {
    let policy = Policy {
        authority: Authority::default().with(Power::ChangePolicy, &[]),
        ..Policy::default()
    };
    let mut case = case_with_policy(policy, &[("fay", REPORTER)]);
    unauthorised(
        &mut case,
        change_policy("fay", Policy::default()),
        Rule::AuthorityChangePolicy,
        "no one may change the policy (policy `vultron`)",
    );
}
