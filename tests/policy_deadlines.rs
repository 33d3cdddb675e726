//! Deadline policies applied to cases: publication allowed at the deadline, after
//! the fix where the policy says so, grace, the in-the-wild clock, and ZDI-style
//! contact escalation, all with times passed in.

use chrono::{DateTime, Duration, TimeZone, Utc};
use mpcvd::case::{
    Action, Advisory, AffectedProduct, Case, CaseError, DeadlineKind, Effect, Input, Missing,
    ReportSummary, Rule,
};
use mpcvd::deadline::EscalationStep;
use mpcvd::id::CaseId;
use mpcvd::participant::{NewParticipant, ParticipantId};
use mpcvd::policy::Policy;
use mpcvd::role::{Role, RoleSet};

/// Day 0 is Monday 2 March 2026, noon UTC.
fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap() + Duration::days(n)
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

/// Finder-reporter reports straight to the vendor on day 0 under `preset`.
fn reported(preset: &str) -> (Case, Vec<Effect>) {
    let mut case = Case::new(
        CaseId::new("PZ-1").unwrap(),
        Policy::preset(preset).unwrap(),
        day(0),
    );
    for (who, roles) in [
        ("fay", &[Role::Finder, Role::Reporter][..]),
        ("acme", &[Role::Vendor][..]),
    ] {
        let p = NewParticipant::new(id(who), who, RoleSet::of(roles));
        case.handle(
            Input::AddParticipant {
                participant: Box::new(p),
                by: case.owner().cloned(),
            },
            day(0),
        )
        .unwrap();
    }
    // Presets that require advisory content get it, so only the clocks decide here.
    let advisory = Advisory {
        title: Some("Overflow".into()),
        affected: vec![AffectedProduct {
            vendor: Some(id("acme")),
            product: "acme-httpd".into(),
            versions: vec!["< 2.4".into()],
        }],
        fixes: vec!["2.4".into()],
        ..Advisory::default()
    };
    case.handle(
        act(
            "fay",
            Action::UpdateAdvisory {
                advisory: Box::new(advisory),
            },
        ),
        day(0),
    )
    .unwrap();
    let submit = act(
        "fay",
        Action::submit(id("acme"), ReportSummary::new("bug", "")),
    );
    let effects = case.handle(submit, day(0)).unwrap().to_vec();
    (case, effects)
}

fn publish_allowed_at(effects: &[Effect]) -> Vec<DateTime<Utc>> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Deadline(d) if matches!(d.kind, DeadlineKind::PublishAllowed { .. }) => {
                Some(d.at)
            }
            _ => None,
        })
        .collect()
}

fn publish(case: &Case, at: DateTime<Utc>) -> Result<(), CaseError> {
    case.dry_run(&act("fay", Action::Publish), at).map(|_| ())
}

fn accept(case: &mut Case, at: DateTime<Utc>) {
    case.handle(act("acme", Action::Validate), at).unwrap();
    case.handle(act("acme", Action::Accept), at).unwrap();
}

#[test]
fn cert_cc_45_days_from_first_contact_with_or_without_a_fix() {
    let (case, effects) = reported("cert-cc");
    assert_eq!(publish_allowed_at(&effects), vec![day(45)]);
    assert_eq!(case.next_deadline().unwrap().at, day(45));
    let err = publish(&case, day(44)).unwrap_err();
    assert_eq!(err.rule(), Rule::PublishBeforeDeadline);
    let missing: Vec<Missing> = {
        let mut c = case.clone();
        c.handle(Input::Tick, day(44)).unwrap();
        c.publication_readiness(Some(&id("fay")))
            .blocking()
            .map(|u| u.missing.clone())
            .collect()
    };
    assert_eq!(
        missing,
        vec![Missing::DeadlineNotReached {
            vendor: id("acme"),
            at: day(45)
        }]
    );
    assert!(publish(&case, day(45)).is_ok());
    // A vendor with a fix may be published about earlier (no after-fix period).
    let mut fixed = case.clone();
    accept(&mut fixed, day(10));
    fixed
        .handle(act("acme", Action::FixReady), day(20))
        .unwrap();
    assert!(publish(&fixed, day(21)).is_ok());
}

#[test]
fn project_zero_fixed_on_day_47_is_public_on_day_77() {
    let (mut case, effects) = reported("project-zero");
    assert_eq!(publish_allowed_at(&effects), vec![day(90)]);
    accept(&mut case, day(3));
    let effects = case
        .handle(act("acme", Action::FixReady), day(47))
        .unwrap()
        .to_vec();
    assert_eq!(publish_allowed_at(&effects), vec![day(77)]);
    assert_eq!(
        publish(&case, day(76)).unwrap_err().rule(),
        Rule::PublishBeforeDeadline
    );
    assert!(publish(&case, day(77)).is_ok());
}

#[test]
fn project_zero_unfixed_is_public_on_day_90_and_grace_needs_asking_first() {
    let (case, _) = reported("project-zero");
    assert!(publish(&case, day(89)).is_err());
    assert!(publish(&case, day(90)).is_ok());

    // Grace asked before the deadline, fix expected within it: day 90 + 14 for the
    // fix; a fix inside the grace goes public 30 days after day 90 (Project Zero).
    let mut asked = case.clone();
    let fx = asked
        .handle(
            act("acme", Action::RequestGrace { fix_expected: true }),
            day(80),
        )
        .unwrap()
        .to_vec();
    assert_eq!(publish_allowed_at(&fx), vec![day(104)]);
    accept(&mut asked, day(81));
    asked
        .handle(act("acme", Action::FixReady), day(100))
        .unwrap();
    assert!(publish(&asked, day(119)).is_err());
    assert!(publish(&asked, day(120)).is_ok());

    // Asked after the deadline: not granted.
    let mut late = case.clone();
    late.handle(
        act("acme", Action::RequestGrace { fix_expected: true }),
        day(91),
    )
    .unwrap();
    assert!(publish(&late, day(91)).is_ok());
}

#[test]
fn attacks_in_the_wild_switch_to_the_seven_day_clock() {
    let (mut case, _) = reported("project-zero");
    let fx = case
        .handle(act("fay", Action::AttacksObserved), day(10))
        .unwrap()
        .to_vec();
    assert_eq!(publish_allowed_at(&fx), vec![day(17)]);
    assert!(publish(&case, day(16)).is_err());
    assert!(publish(&case, day(17)).is_ok());
}

#[test]
fn zdi_escalates_contact_until_the_vendor_answers() {
    // Reported on Friday (day 4); weekends do not count.
    let mut case = Case::new(
        CaseId::new("ZDI-1").unwrap(),
        Policy::preset("zdi").unwrap(),
        day(4),
    );
    for (who, roles) in [
        (
            "zdi",
            &[Role::Finder, Role::Reporter, Role::Coordinator][..],
        ),
        ("acme", &[Role::Vendor][..]),
    ] {
        let p = NewParticipant::new(id(who), who, RoleSet::of(roles));
        case.handle(
            Input::AddParticipant {
                participant: Box::new(p),
                by: case.owner().cloned(),
            },
            day(4),
        )
        .unwrap();
    }
    let submit = act(
        "zdi",
        Action::submit(id("acme"), ReportSummary::new("bug", "")),
    );
    let fx = case.handle(submit, day(4)).unwrap().to_vec();
    let escalations: Vec<(EscalationStep, DateTime<Utc>)> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Deadline(d) => match &d.kind {
                DeadlineKind::Escalate { step, .. } => Some((*step, d.at)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(
        escalations,
        vec![
            (EscalationStep::SecondContact, day(11)),
            (EscalationStep::ContactIntermediary, day(18)),
            (EscalationStep::PublishAdvisory, day(25)),
        ]
    );
    assert_eq!(
        case.next_deadline().unwrap().kind,
        DeadlineKind::Escalate {
            vendor: id("acme"),
            step: EscalationStep::SecondContact
        }
    );
    // The vendor answers: no escalation is pending any more, and the 120-day clock
    // (from the vendor's acknowledgement) starts.
    let fx = case
        .handle(act("acme", Action::Validate), day(7))
        .unwrap()
        .to_vec();
    assert_eq!(publish_allowed_at(&fx), vec![day(127)]);
    assert!(
        case.policy_deadlines()
            .iter()
            .all(|d| !matches!(d.kind, DeadlineKind::Escalate { .. }))
    );
}

/// A policy that brings clocks to a case that had none announces the deadline it
/// makes due from the case as it stands (first contact on day 0, not the day of the
/// change); a second change announces the new policy's date, and a change to a
/// policy without clocks announces none.
#[test]
fn a_policy_change_announces_the_deadlines_the_new_policy_makes_due() {
    let (mut case, effects) = reported("vultron");
    assert!(publish_allowed_at(&effects).is_empty());
    assert!(case.next_deadline().is_none());
    let change = |preset: &str| Input::ChangePolicy {
        policy: Box::new(Policy::preset(preset).unwrap()),
        by: Some(id("fay")),
    };
    let effects = case.handle(change("cert-cc"), day(1)).unwrap().to_vec();
    assert_eq!(publish_allowed_at(&effects), vec![day(45)]);
    assert_eq!(case.next_deadline().unwrap().at, day(45));
    let effects = case
        .handle(change("project-zero"), day(2))
        .unwrap()
        .to_vec();
    assert_eq!(publish_allowed_at(&effects), vec![day(90)]);
    let effects = case.handle(change("vultron"), day(3)).unwrap().to_vec();
    assert!(publish_allowed_at(&effects).is_empty());
    assert!(case.next_deadline().is_none());
}
