//! Property tests of coordinator policies: under random policies and random input
//! sequences, a refused input leaves the case unchanged, and "ready to publish"
//! agrees with what the publication guard decides.

use chrono::{DateTime, Duration, TimeZone, Utc};
use mpcvd::case::{
    Action, ActionKind, Advisory, Case, CaseError, Credit, DisputeCause, DisputeOutcome,
    EmbargoTerms, Input, ReportSummary,
};
use mpcvd::id::CaseId;
use mpcvd::participant::{Affectedness, NewParticipant, Organisation, ParticipantId, Registration};
use mpcvd::policy::{AdvisoryField, Level, Policy};
use mpcvd::role::{Role, RoleSet};
use mpcvd::rule::Rule;
use proptest::prelude::*;
use strum::IntoEnumIterator;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, 8, 0, 0).unwrap()
}
fn id(s: &str) -> ParticipantId {
    ParticipantId::new(s).unwrap()
}

const NAMES: [&str; 5] = ["fay", "cert", "acme", "bolt", "hq"];

fn policy_strategy() -> impl Strategy<Value = Policy> {
    let rules: Vec<Rule> = Rule::iter().filter(|r| r.is_configurable()).collect();
    let n = rules.len();
    (
        proptest::collection::vec(0u8..3, n),
        0u32..30,
        proptest::option::of(0usize..5),
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(0usize..6, 0..3),
    )
        .prop_map(move |(levels, window, max, early, individual, fields)| {
            let mut policy = Policy::protocol_only("random", "1");
            for (rule, level) in rules.iter().zip(levels) {
                let level = [Level::Off, Level::Warn, Level::Deny][usize::from(level)];
                policy = policy.with(*rule, level);
            }
            policy.downstream_window_days = window;
            policy.deadline = max.map(|i| {
                [
                    mpcvd::deadline::DeadlineRule::cert_cc(),
                    mpcvd::deadline::DeadlineRule::project_zero(),
                    mpcvd::deadline::DeadlineRule::zdi(),
                    mpcvd::deadline::DeadlineRule::linux_distros(),
                    mpcvd::deadline::DeadlineRule::capped_150(),
                ][i]
                    .clone()
            });
            policy.escalation = max
                .filter(|i| *i == 2)
                .map(|_| mpcvd::deadline::EscalationRule::zdi());
            policy.allow_early_release = early;
            policy.allow_individual_in_multi_vendor = individual;
            let all: Vec<AdvisoryField> = AdvisoryField::iter().collect();
            for f in fields {
                if !policy.required_advisory_fields.contains(&all[f]) {
                    policy.required_advisory_fields.push(all[f]);
                }
            }
            policy
        })
}

/// A small random choice of what to do next.
#[derive(Debug, Clone)]
enum Step {
    /// Take the `k`-th allowed action of participant `who`.
    Allowed { who: usize, k: usize },
    /// Try an arbitrary action (often refused).
    Any {
        who: usize,
        kind: usize,
        target: usize,
        days: i64,
    },
    /// Let time pass.
    Wait { hours: i64 },
}

fn step_strategy() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0usize..5, 0usize..40).prop_map(|(who, k)| Step::Allowed { who, k }),
        3 => (0usize..5, 0usize..40, 0usize..5, 1i64..80).prop_map(|(who, kind, target, days)| Step::Any { who, kind, target, days }),
        1 => (1i64..24 * 20).prop_map(|hours| Step::Wait { hours }),
    ]
}

fn setup(policy: Policy) -> Case {
    let mut case = Case::new(CaseId::new("VU#p").unwrap(), Policy::default(), t0());
    let mut people = vec![
        NewParticipant::new(
            id("fay"),
            "Fay",
            RoleSet::of(&[Role::Finder, Role::Reporter]),
        ),
        NewParticipant::new(id("cert"), "CERT", RoleSet::of(&[Role::Coordinator])),
        NewParticipant::new(id("hq"), "HQ", RoleSet::of(&[Role::Vendor])),
        NewParticipant::new(id("acme"), "Acme", RoleSet::of(&[Role::Vendor])),
        NewParticipant::new(
            id("bolt"),
            "Bolt",
            RoleSet::of(&[Role::Vendor, Role::Deployer]),
        ),
    ];
    people[3].organisation = Some(Organisation {
        parent: Some(id("hq")),
        ..Organisation::default()
    });
    people[4].upstream = vec![id("acme")];
    people[4].registration = Registration::General;
    for p in people {
        case.handle(
            Input::AddParticipant {
                participant: Box::new(p),
                by: case.owner().cloned(),
            },
            t0(),
        )
        .unwrap();
    }
    case.handle(
        Input::ChangePolicy {
            policy: Box::new(policy),
            by: case.owner().cloned(),
        },
        t0(),
    )
    .unwrap();
    case
}

fn arbitrary_action(case: &Case, kind: usize, target: usize, days: i64) -> Action {
    let kinds: Vec<ActionKind> = ActionKind::iter().collect();
    let kind = kinds[kind % kinds.len()];
    let target = id(NAMES[target % NAMES.len()]);
    let terms = EmbargoTerms {
        start: case.now(),
        end: case.now() + Duration::days(days),
    };
    match kind {
        ActionKind::Validate => Action::Validate,
        ActionKind::Invalidate => Action::Invalidate,
        ActionKind::Accept => Action::Accept,
        ActionKind::Defer => Action::Defer,
        ActionKind::Close => Action::Close,
        ActionKind::CloseDespiteEmbargo => Action::CloseDespiteEmbargo { reason: "r".into() },
        ActionKind::Submit => Action::submit(target, ReportSummary::new("t", "s")),
        ActionKind::ProposeEmbargo => Action::ProposeEmbargo { terms },
        ActionKind::AcceptEmbargo => Action::AcceptEmbargo,
        ActionKind::RejectEmbargo => Action::RejectEmbargo,
        ActionKind::ReviseEmbargo => Action::ReviseEmbargo { terms },
        ActionKind::TerminateEmbargo => Action::TerminateEmbargo,
        ActionKind::FixReady => Action::FixReady,
        ActionKind::FixDeployed => Action::FixDeployed,
        ActionKind::Publish => Action::Publish,
        ActionKind::ExploitPublished => Action::ExploitPublished,
        ActionKind::AttacksObserved => Action::AttacksObserved,
        ActionKind::Inquire => Action::Inquire { text: "?".into() },
        ActionKind::PublishEarly => Action::PublishEarly {
            reason: "leak".into(),
        },
        ActionKind::AgreeToRules => Action::AgreeToRules,
        ActionKind::MarkAffected => Action::MarkAffected {
            vendor: target,
            affected: if days % 2 == 0 {
                Affectedness::Affected
            } else {
                Affectedness::NotAffected
            },
        },
        ActionKind::OpenDispute => Action::OpenDispute {
            cause: DisputeCause::Timing,
            detail: "d".into(),
        },
        ActionKind::ResolveDispute => Action::ResolveDispute {
            dispute: 1,
            outcome: if days % 2 == 0 {
                DisputeOutcome::NotAVulnerability
            } else {
                DisputeOutcome::Vulnerability
            },
            agreed_by: vec![target],
        },
        ActionKind::AgreeToConclusion => Action::AgreeToConclusion { dispute: 1 },
        ActionKind::UpdateAdvisory => Action::UpdateAdvisory {
            advisory: Box::new(Advisory {
                title: Some("t".into()),
                fixes: vec!["1.0.1".into()],
                credits: vec![Credit {
                    name: "Fay".into(),
                    consent: days % 3 != 0,
                }],
                ..Advisory::default()
            }),
        },
        ActionKind::RequestGrace => Action::RequestGrace {
            fix_expected: days % 2 == 0,
        },
        ActionKind::CloseCase => Action::CloseCase,
        ActionKind::ReopenCase => Action::ReopenCase { reason: "r".into() },
    }
}

fn cases() -> u32 {
    std::env::var("MPCVD_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(128)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn refusals_change_nothing_and_readiness_matches_the_guard(
        policy in policy_strategy(),
        steps in proptest::collection::vec(step_strategy(), 1..40),
    ) {
        let mut case = setup(policy);
        for step in steps {
            let (input, now) = match step {
                Step::Wait { hours } => (Input::Tick, case.now() + Duration::hours(hours)),
                Step::Allowed { who, k } => {
                    let actor = id(NAMES[who]);
                    let allowed = case.allowed_actions(&actor).unwrap_or_default();
                    if allowed.is_empty() { continue; }
                    let kind = allowed[k % allowed.len()];
                    let kinds: Vec<ActionKind> = ActionKind::iter().collect();
                    let index = kinds.iter().position(|&x| x == kind).unwrap();
                    (Input::Act { actor, action: arbitrary_action(&case, index, k, 30) }, case.now())
                }
                Step::Any { who, kind, target, days } => {
                    let action = arbitrary_action(&case, kind, target, days);
                    (Input::Act { actor: id(NAMES[who]), action }, case.now())
                }
            };
            // Readiness and the guard agree, for every would-be publisher: a closed
            // case refuses on its own rule; otherwise the guard denies exactly when
            // a rule at deny level is unmet, naming one of those rules.
            for name in NAMES {
                let who = id(name);
                let readiness = case.publication_readiness(Some(&who));
                let blocking: Vec<Rule> = readiness.blocking().map(|u| u.rule).collect();
                let publish = Input::Act { actor: who.clone(), action: Action::Publish };
                match case.dry_run(&publish, case.now()) {
                    Err(CaseError::CaseClosed { .. }) => prop_assert!(blocking.contains(&Rule::CaseClosed)),
                    Err(CaseError::PolicyDenied(verdict)) => {
                        prop_assert!(blocking.contains(&verdict.rule), "{name}: denied by {} not in {:?}", verdict.rule, blocking)
                    }
                    _ => prop_assert!(blocking.is_empty(), "{name}: unmet {:?} but the guard let publication through", blocking),
                }
                prop_assert_eq!(readiness.is_ready(), readiness.token().is_some());
            }
            let before = case.clone();
            let json = serde_json::to_string(&case).unwrap();
            if case.handle(input, now).is_err() {
                prop_assert_eq!(&case, &before);
                prop_assert_eq!(serde_json::to_string(&case).unwrap(), json);
            }
            prop_assert!(case.check_invariants().is_ok(), "{:?}", case.check_invariants());
        }
        prop_assert_eq!(Case::replay(case.timeline()).unwrap(), case);
    }
}
