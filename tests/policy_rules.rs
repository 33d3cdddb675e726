//! Coordinator rules as policy: every rule at off, warn and deny, its interaction
//! with embargo teardown, readiness, presets and policy validation.

use chrono::{DateTime, Duration, TimeZone, Utc};
use mpcvd::case::{
    Action, Advisory, Case, CaseError, Credit, DisputeCause, DisputeOutcome, Effect, EmbargoTerms,
    Input, Message, Missing, Payload, ReportSummary, Rule,
};
use mpcvd::id::CaseId;
use mpcvd::message::MessageType;
use mpcvd::participant::{
    Affectedness, NewParticipant, Organisation, ParticipantId, Registration, Tlp,
};
use mpcvd::policy::{AdvisoryField, Level, Policy};
use mpcvd::role::{Role, RoleSet};

fn t(day: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap() + Duration::days(day)
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
fn join(case: &mut Case, p: NewParticipant) {
    case.handle(
        Input::AddParticipant {
            participant: Box::new(p),
            by: case.owner().cloned(),
        },
        case.now(),
    )
    .unwrap();
}
fn person(who: &str, roles: &[Role]) -> NewParticipant {
    NewParticipant::new(id(who), who, RoleSet::of(roles))
}
fn ok(case: &mut Case, input: Input) -> Vec<Effect> {
    let now = case.now();
    case.handle(input, now).unwrap().to_vec()
}
fn submit(from: &str, to: &str) -> Input {
    act(from, Action::submit(id(to), ReportSummary::new("bug", "")))
}
fn warned(effects: &[Effect], rule: Rule) -> bool {
    effects
        .iter()
        .any(|e| matches!(e, Effect::Warning(w) if w.rule == rule))
}
fn set(case: &mut Case, rule: Rule, level: Level) {
    let policy = case.policy().clone().with(rule, level);
    ok(
        case,
        Input::ChangePolicy {
            policy: Box::new(policy),
            by: case.owner().cloned(),
        },
    );
}

/// Reporter, coordinator, vendor; the report reached everyone.
fn base() -> Case {
    let mut case = Case::new(CaseId::new("VU#7").unwrap(), Policy::default(), t(0));
    join(&mut case, person("fay", &[Role::Finder, Role::Reporter]));
    join(&mut case, person("cert", &[Role::Coordinator]));
    join(&mut case, person("acme", &[Role::Vendor]));
    ok(&mut case, submit("fay", "cert"));
    ok(&mut case, act("cert", Action::Validate));
    ok(&mut case, act("cert", Action::Accept));
    ok(&mut case, submit("cert", "acme"));
    case
}

fn with_embargo(mut case: Case) -> Case {
    let terms = EmbargoTerms {
        start: t(0),
        end: t(45),
    };
    ok(&mut case, act("cert", Action::ProposeEmbargo { terms }));
    ok(&mut case, act("acme", Action::AcceptEmbargo));
    case
}

/// Runs `input` on the case from `setup` with `rule` at each level and checks:
/// off → accepted without warning; warn → accepted with a warning naming the rule;
/// deny → refused naming the rule and its responsibility, the case unchanged.
fn check_levels(rule: Rule, setup: impl Fn() -> Case, input: Input) {
    for level in [Level::Off, Level::Warn, Level::Deny] {
        let mut case = setup();
        set(&mut case, rule, level);
        let before = case.clone();
        let now = case.now();
        let result = case.handle(input.clone(), now).map(<[Effect]>::to_vec);
        match level {
            Level::Off => {
                let fx = result.unwrap_or_else(|e| panic!("{rule} off: {e}"));
                assert!(!warned(&fx, rule), "{rule} off warned");
            }
            Level::Warn => {
                let fx = result.unwrap_or_else(|e| panic!("{rule} warn: {e}"));
                assert!(warned(&fx, rule), "{rule} warn did not warn: {fx:?}");
            }
            Level::Deny => {
                let err = result.expect_err("deny accepted");
                let CaseError::PolicyDenied(verdict) = &err else {
                    panic!("{rule}: {err}")
                };
                assert_eq!(verdict.rule, rule);
                assert_eq!(Some(verdict.responsibility), rule.responsibility());
                assert!(err.to_string().contains(&rule.to_string()), "{err}");
                assert_eq!(case, before, "{rule} deny changed the case");
            }
        }
    }
}

#[test]
fn publication_during_embargo() {
    // fay was invited to the embargo but never signed it: the policy's level alone.
    check_levels(
        Rule::PublishDuringEmbargo,
        || with_embargo(base()),
        act("fay", Action::Publish),
    );
    // cert proposed the embargo in force, so signed it: warned even where the rule
    // is off (issue 12 item 3), refused under deny.
    for level in [Level::Off, Level::Warn] {
        let mut case = with_embargo(base());
        set(&mut case, Rule::PublishDuringEmbargo, level);
        let fx = ok(&mut case, act("cert", Action::Publish));
        assert!(warned(&fx, Rule::PublishDuringEmbargo), "{level}: {fx:?}");
    }
    let mut case = with_embargo(base());
    set(&mut case, Rule::PublishDuringEmbargo, Level::Deny);
    let err = case.handle(act("cert", Action::Publish), t(1)).unwrap_err();
    assert_eq!(err.rule(), Rule::PublishDuringEmbargo);
}

#[test]
fn early_release_needs_policy_and_warns() {
    let mut case = with_embargo(base());
    set(&mut case, Rule::PublishDuringEmbargo, Level::Deny);
    let early = act(
        "cert",
        Action::PublishEarly {
            reason: "exploited in the wild".into(),
        },
    );
    assert_eq!(
        case.clone().handle(early.clone(), t(1)).unwrap_err().rule(),
        Rule::PublishDuringEmbargo
    );
    let mut policy = case.policy().clone();
    policy.allow_early_release = true;
    ok(
        &mut case,
        Input::ChangePolicy {
            policy: Box::new(policy),
            by: Some(id("fay")),
        },
    );
    let fx = ok(&mut case, early);
    assert!(warned(&fx, Rule::PublishDuringEmbargo));
    assert_eq!(case.em(), mpcvd::em::EmState::Exited);
}

#[test]
fn teardown_by_exploit_lifts_the_publication_guard() {
    let mut case = with_embargo(base());
    set(&mut case, Rule::PublishDuringEmbargo, Level::Deny);
    ok(&mut case, act("acme", Action::ExploitPublished));
    assert_eq!(case.em(), mpcvd::em::EmState::Exited);
    // The public is now aware (X implies P); nothing left to guard.
    assert!(case.publication_readiness(None).is_ready());
}

#[test]
fn peer_publication_is_recorded_with_a_warning_even_under_deny() {
    let mut case = with_embargo(base());
    set(&mut case, Rule::PublishDuringEmbargo, Level::Deny);
    let cp = Message {
        kind: MessageType::CP,
        from: id("fay"),
        to: vec![id("cert")],
        payload: Payload::None,
    };
    let fx = ok(&mut case, Input::Message { message: cp });
    assert!(warned(&fx, Rule::PublishDuringEmbargo));
    assert_eq!(case.em(), mpcvd::em::EmState::Exited);
}

fn with_unreached_vendor() -> Case {
    let mut case = base();
    join(&mut case, person("bolt", &[Role::Vendor]));
    case
}

#[test]
fn vendors_unreached() {
    check_levels(
        Rule::PublishVendorsUnreached,
        with_unreached_vendor,
        act("cert", Action::Publish),
    );
    // A vendor marked unaffected is exempt; one reached but silent counts as reached.
    let mut case = with_unreached_vendor();
    set(&mut case, Rule::PublishVendorsUnreached, Level::Deny);
    ok(
        &mut case,
        act(
            "cert",
            Action::MarkAffected {
                vendor: id("bolt"),
                affected: Affectedness::NotAffected,
            },
        ),
    );
    assert!(case.publication_readiness(Some(&id("cert"))).is_ready());
    let mut case = with_unreached_vendor();
    set(&mut case, Rule::PublishVendorsUnreached, Level::Deny);
    ok(&mut case, submit("cert", "bolt"));
    assert_eq!(
        case.silent()
            .map(|p| p.id().to_string())
            .collect::<Vec<_>>(),
        vec!["acme", "bolt"]
    );
    ok(&mut case, act("cert", Action::Publish));
}

fn with_branch_of_unreached_hq() -> Case {
    let mut case = base();
    join(&mut case, person("hq", &[Role::Vendor]));
    let mut branch = person("branch", &[Role::Vendor]);
    branch.organisation = Some(Organisation {
        parent: Some(id("hq")),
        ..Organisation::default()
    });
    join(&mut case, branch);
    ok(&mut case, submit("cert", "branch"));
    ok(
        &mut case,
        act(
            "cert",
            Action::MarkAffected {
                vendor: id("hq"),
                affected: Affectedness::NotAffected,
            },
        ),
    );
    case
}

#[test]
fn headquarters_never_told() {
    check_levels(
        Rule::PublishParentUnreached,
        with_branch_of_unreached_hq,
        act("cert", Action::Publish),
    );
    let mut case = with_branch_of_unreached_hq();
    set(&mut case, Rule::PublishParentUnreached, Level::Deny);
    let missing: Vec<Missing> = case
        .publication_readiness(None)
        .unmet
        .into_iter()
        .map(|u| u.missing)
        .collect();
    assert_eq!(
        missing,
        vec![Missing::ParentNotReached {
            vendor: id("branch"),
            parent: id("hq")
        }]
    );
    ok(&mut case, submit("cert", "hq"));
    ok(&mut case, act("cert", Action::Publish));
}

fn supply_chain() -> Case {
    let mut case = base();
    let mut down = person("app", &[Role::Vendor]);
    down.upstream = vec![id("acme")];
    join(&mut case, down);
    ok(&mut case, submit("cert", "app"));
    ok(&mut case, act("acme", Action::Validate));
    ok(&mut case, act("acme", Action::Accept));
    let mut policy = case.policy().clone();
    policy.downstream_window_days = 14;
    ok(
        &mut case,
        Input::ChangePolicy {
            policy: Box::new(policy),
            by: Some(id("fay")),
        },
    );
    case.handle(act("acme", Action::FixReady), t(5)).unwrap();
    case.handle(Input::Tick, t(10)).unwrap();
    case
}

#[test]
fn downstream_window() {
    check_levels(
        Rule::PublishDownstreamWindow,
        supply_chain,
        act("cert", Action::Publish),
    );
    let mut case = supply_chain();
    set(&mut case, Rule::PublishDownstreamWindow, Level::Deny);
    let unmet = case.publication_readiness(None).unmet;
    assert_eq!(
        unmet.into_iter().map(|u| u.missing).collect::<Vec<_>>(),
        vec![Missing::DownstreamWindow {
            vendor: id("app"),
            upstream: id("acme"),
            until: t(19)
        }]
    );
    case.handle(act("cert", Action::Publish), t(19)).unwrap();
}

#[test]
fn downstream_told_and_unreached_downstream_only_warned() {
    let mut case = base();
    let mut down = person("app", &[Role::Vendor]);
    down.upstream = vec![id("acme")];
    join(&mut case, down);
    ok(&mut case, act("acme", Action::Validate));
    ok(&mut case, act("acme", Action::Accept));
    set(&mut case, Rule::DownstreamUnreached, Level::Deny);
    let fx = ok(&mut case, act("acme", Action::FixReady));
    assert!(warned(&fx, Rule::DownstreamUnreached));
    // Once reached, the downstream vendor is in CF's audience.
    let mut case = supply_chain();
    let fx = case
        .handle(
            act(
                "cert",
                Action::Inquire {
                    text: "status?".into(),
                },
            ),
            t(11),
        )
        .unwrap()
        .to_vec();
    assert!(!warned(&fx, Rule::DownstreamUnreached));
}

fn with_open_dispute() -> Case {
    let mut case = base();
    ok(
        &mut case,
        act(
            "acme",
            Action::OpenDispute {
                cause: DisputeCause::SecurityImplications,
                detail: "works as designed".into(),
            },
        ),
    );
    case
}

#[test]
fn open_dispute_blocks_publication_and_closing() {
    check_levels(
        Rule::PublishOpenDispute,
        with_open_dispute,
        act("cert", Action::Publish),
    );
    let closable = || {
        let mut case = with_open_dispute();
        ok(&mut case, act("acme", Action::Invalidate));
        case
    };
    check_levels(Rule::CloseOpenDispute, closable, act("acme", Action::Close));
}

#[test]
fn not_a_vulnerability_needs_the_reporter() {
    let mut case = with_open_dispute();
    set(&mut case, Rule::PublishOpenDispute, Level::Deny);
    let resolve = Action::ResolveDispute {
        dispute: 1,
        outcome: DisputeOutcome::NotAVulnerability,
        agreed_by: vec![id("acme"), id("cert")],
    };
    ok(&mut case, act("cert", resolve));
    assert_eq!(
        case.publication_readiness(None)
            .unmet
            .into_iter()
            .map(|u| u.missing)
            .collect::<Vec<_>>(),
        vec![Missing::DisputeOpen { dispute: 1 }]
    );
    ok(
        &mut case,
        act("fay", Action::AgreeToConclusion { dispute: 1 }),
    );
    assert!(case.publication_readiness(None).is_ready());
    // Resolving twice, or an unknown dispute, is refused.
    let again = Action::ResolveDispute {
        dispute: 1,
        outcome: DisputeOutcome::Vulnerability,
        agreed_by: vec![id("fay")],
    };
    assert_eq!(
        case.clone()
            .handle(act("cert", again), t(0))
            .unwrap_err()
            .rule(),
        Rule::UnknownRecord
    );
    let unknown = Action::AgreeToConclusion { dispute: 9 };
    assert_eq!(
        case.clone()
            .handle(act("cert", unknown), t(0))
            .unwrap_err()
            .rule(),
        Rule::UnknownRecord
    );
}

fn with_required_fields() -> Case {
    let mut case = base();
    let mut policy = case.policy().clone();
    policy.required_advisory_fields = vec![AdvisoryField::Title, AdvisoryField::Remediation];
    ok(
        &mut case,
        Input::ChangePolicy {
            policy: Box::new(policy),
            by: Some(id("fay")),
        },
    );
    case
}

#[test]
fn advisory_fields_and_credit_consent() {
    check_levels(
        Rule::PublishAdvisoryIncomplete,
        with_required_fields,
        act("cert", Action::Publish),
    );
    let mut case = with_required_fields();
    set(&mut case, Rule::PublishAdvisoryIncomplete, Level::Deny);
    let mut advisory = Advisory {
        title: Some("Overflow".into()),
        fixes: vec!["1.2.4".into()],
        ..Advisory::default()
    };
    advisory.credits = vec![Credit {
        name: "Fay".into(),
        consent: false,
    }];
    ok(
        &mut case,
        act(
            "cert",
            Action::UpdateAdvisory {
                advisory: Box::new(advisory.clone()),
            },
        ),
    );
    assert_eq!(
        case.publication_readiness(None)
            .unmet
            .into_iter()
            .map(|u| u.missing)
            .collect::<Vec<_>>(),
        vec![Missing::CreditWithoutConsent { name: "Fay".into() }]
    );
    advisory.credits[0].consent = true;
    ok(
        &mut case,
        act(
            "cert",
            Action::UpdateAdvisory {
                advisory: Box::new(advisory),
            },
        ),
    );
    let readiness = case.publication_readiness(Some(&id("cert")));
    assert!(readiness.token().is_some());
    ok(&mut case, act("cert", Action::Publish));
}

fn sharing_case(clearance: Tlp, registration: Registration) -> Case {
    let mut case = base();
    let mut v = person("bolt", &[Role::Vendor]);
    v.clearance = clearance;
    v.registration = registration;
    join(&mut case, v);
    case
}

#[test]
fn clearance_other_vendors_and_agreement() {
    let mut red = ReportSummary::new("bug", "");
    red.tlp = Tlp::Red;
    let input = act("cert", Action::submit(id("bolt"), red));
    check_levels(
        Rule::ShareAboveClearance,
        || sharing_case(Tlp::Amber, Registration::General),
        input,
    );

    let mut about_acme = ReportSummary::new("bug", "");
    about_acme.vendors = vec![id("acme"), id("bolt")];
    let input = act("cert", Action::submit(id("bolt"), about_acme.clone()));
    // Individual registration is refused in multi-vendor cases unless allowed.
    let individual = || {
        let mut case = base();
        let mut policy = case.policy().clone();
        policy.allow_individual_in_multi_vendor = true;
        ok(
            &mut case,
            Input::ChangePolicy {
                policy: Box::new(policy),
                by: Some(id("fay")),
            },
        );
        let mut v = person("bolt", &[Role::Vendor]);
        v.registration = Registration::Individual;
        join(&mut case, v);
        case
    };
    check_levels(Rule::ShareOtherVendors, individual, input);

    check_levels(
        Rule::ShareWithoutAgreement,
        || sharing_case(Tlp::Red, Registration::General),
        submit("cert", "bolt"),
    );
    let mut case = sharing_case(Tlp::Red, Registration::General);
    set(&mut case, Rule::ShareWithoutAgreement, Level::Deny);
    ok(&mut case, act("bolt", Action::AgreeToRules));
    ok(&mut case, submit("cert", "bolt"));
}

#[test]
fn agreement_covers_the_embargo_in_force() {
    let mut case = with_embargo(base());
    join(&mut case, person("bolt", &[Role::Vendor]));
    set(&mut case, Rule::ShareWithoutAgreement, Level::Deny);
    ok(&mut case, act("bolt", Action::AgreeToRules));
    let err = case
        .clone()
        .handle(submit("cert", "bolt"), t(0))
        .unwrap_err();
    assert!(err.to_string().contains("embargo"), "{err}");
    ok(&mut case, act("bolt", Action::AcceptEmbargo));
    assert!(
        case.participant(&id("bolt"))
            .unwrap()
            .consent()
            .is_signatory()
    );
    assert_eq!(case.em(), mpcvd::em::EmState::Active);
    ok(&mut case, submit("cert", "bolt"));
}

#[test]
fn individual_vendor_in_multi_vendor_case() {
    let mut v = person("bolt", &[Role::Vendor]);
    v.registration = Registration::Individual;
    check_levels(
        Rule::IndividualInMultiVendor,
        base,
        Input::AddParticipant {
            participant: Box::new(v),
            by: Some(id("cert")),
        },
    );
}

#[test]
fn closed_case_and_reopening() {
    let closed = || {
        let mut case = base();
        ok(&mut case, act("cert", Action::CloseCase));
        case
    };
    let mut case = closed();
    let err = case
        .clone()
        .handle(submit("fay", "acme"), t(0))
        .unwrap_err();
    assert_eq!(err.rule(), Rule::CaseClosed);
    // Only the owner (fay) or a coordinator closes or reopens, under the default
    // policy's authority: not the vendor.
    assert_eq!(
        case.clone()
            .handle(act("acme", Action::ReopenCase { reason: "x".into() }), t(0))
            .unwrap_err()
            .rule(),
        Rule::AuthorityReopenCase
    );
    check_levels(
        Rule::ReopenCase,
        closed,
        act(
            "cert",
            Action::ReopenCase {
                reason: "new variant found".into(),
            },
        ),
    );
    ok(
        &mut case,
        act(
            "cert",
            Action::ReopenCase {
                reason: "new variant".into(),
            },
        ),
    );
    assert_eq!(*case.status(), mpcvd::case::CaseStatus::Open);
}

#[test]
fn embargo_length() {
    let long = EmbargoTerms {
        start: t(0),
        end: t(20),
    };
    check_levels(
        Rule::EmbargoTooLong,
        || {
            let mut case = base();
            let mut policy = case.policy().clone();
            policy.deadline = Some(mpcvd::deadline::DeadlineRule::linux_distros());
            ok(
                &mut case,
                Input::ChangePolicy {
                    policy: Box::new(policy),
                    by: Some(id("fay")),
                },
            );
            case
        },
        act("cert", Action::ProposeEmbargo { terms: long }),
    );
    let mut case = base();
    ok(
        &mut case,
        Input::ChangePolicy {
            policy: Box::new(Policy::preset("linux-distros").unwrap()),
            by: Some(id("fay")),
        },
    );
    ok(
        &mut case,
        act(
            "cert",
            Action::ProposeEmbargo {
                terms: EmbargoTerms {
                    start: t(0),
                    end: t(14),
                },
            },
        ),
    );
}

#[test]
fn presets_round_trip_and_invalid_policies_are_refused() {
    for (name, make) in mpcvd::policy::PRESETS {
        let policy = make();
        assert_eq!(policy.name, *name);
        let json = serde_json::to_string(&policy).unwrap();
        assert_eq!(serde_json::from_str::<Policy>(&json).unwrap(), policy);
        policy.validate().unwrap();
    }
    let bad = [
        (
            r#"{"name":"x","version":"1","rules":{"publish.nonsense":"deny"}}"#,
            "unknown variant",
        ),
        (
            r#"{"name":"x","version":"1","rules":{"send.role":"warn"}}"#,
            "protocol rule",
        ),
        (
            r#"{"name":"x","version":"1","max_embargo_days":0}"#,
            "max_embargo_days",
        ),
        (
            r#"{"name":"x","version":"1","downstream_window_days":-3}"#,
            "invalid value",
        ),
        (r#"{"name":"","version":"1"}"#, "name"),
        (
            r#"{"name":"x","version":"1","colour":"red"}"#,
            "unknown field",
        ),
        (
            r#"{"name":"x","version":"1","required_advisory_fields":["title","title"]}"#,
            "twice",
        ),
    ];
    for (json, needle) in bad {
        let err = serde_json::from_str::<Policy>(json)
            .unwrap_err()
            .to_string();
        assert!(err.contains(needle), "{json}: {err}");
    }
}

#[test]
fn policy_changes_are_logged_and_replayed() {
    let mut case = base();
    ok(
        &mut case,
        Input::ChangePolicy {
            policy: Box::new(Policy::preset("cert-cc").unwrap()),
            by: Some(id("fay")),
        },
    );
    assert_eq!(case.policy().name, "cert-cc");
    assert!(matches!(
        case.timeline().entries.last().unwrap().input,
        Input::ChangePolicy { .. }
    ));
    assert_eq!(Case::replay(case.timeline()).unwrap(), case);
    let json = serde_json::to_string(&case).unwrap();
    assert_eq!(serde_json::from_str::<Case>(&json).unwrap(), case);
}
