//! CSAF, OpenVEX and CVE mappings, value by value against those vocabularies.
#![cfg(feature = "mappings")]

use chrono::{DateTime, Duration, TimeZone, Utc};
use mpcvd::case::{Action, Advisory, Case, DisputeCause, DisputeOutcome, Input, ReportSummary};
use mpcvd::id::CaseId;
use mpcvd::mapping::{
    CsafInvolvement, CsafParty, CveIdState, CveRecord, CveRecordState, MappingError, NotAffected,
    VexJustification, VexStatus, csaf_involvement, cve_record, vex_statement,
};
use mpcvd::participant::{Affectedness, NewParticipant, ParticipantId};
use mpcvd::policy::Policy;
use mpcvd::role::{Role, RoleSet};
use strum::IntoEnumIterator;

fn t(day: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap() + Duration::days(day)
}
fn id(s: &str) -> ParticipantId {
    ParticipantId::new(s).unwrap()
}
fn act(case: &mut Case, actor: &str, action: Action) {
    let now = case.now();
    case.handle(
        Input::Act {
            actor: id(actor),
            action,
        },
        now,
    )
    .unwrap();
}

fn setup() -> Case {
    let mut case = Case::new(CaseId::new("VU#9").unwrap(), Policy::default(), t(0));
    for (who, roles) in [
        ("fay", &[Role::Finder, Role::Reporter][..]),
        ("cert", &[Role::Coordinator][..]),
        ("acme", &[Role::Vendor][..]),
        ("bolt", &[Role::Vendor][..]),
        ("ops", &[Role::Deployer][..]),
        ("obs", &[Role::Other][..]),
    ] {
        let p = NewParticipant::new(id(who), who, RoleSet::of(roles));
        case.handle(
            Input::AddParticipant {
                participant: Box::new(p),
                by: case.owner().cloned(),
            },
            t(0),
        )
        .unwrap();
    }
    act(
        &mut case,
        "fay",
        Action::submit(id("cert"), ReportSummary::new("bug", "")),
    );
    case
}

#[test]
fn the_vocabularies_are_the_published_ones() {
    let names = |it: Vec<String>| it;
    assert_eq!(
        names(CsafInvolvement::iter().map(|v| v.to_string()).collect()),
        [
            "completed",
            "contact_attempted",
            "disputed",
            "in_progress",
            "not_contacted",
            "open"
        ]
    );
    assert_eq!(
        names(CsafParty::iter().map(|v| v.to_string()).collect()),
        ["coordinator", "discoverer", "other", "user", "vendor"]
    );
    assert_eq!(
        names(VexStatus::iter().map(|v| v.to_string()).collect()),
        ["not_affected", "affected", "fixed", "under_investigation"]
    );
    assert_eq!(
        names(VexJustification::iter().map(|v| v.to_string()).collect()),
        [
            "component_not_present",
            "vulnerable_code_not_present",
            "vulnerable_code_not_in_execute_path",
            "vulnerable_code_cannot_be_controlled_by_adversary",
            "inline_mitigations_already_exist"
        ]
    );
    // CVE JSON 5 record states: exactly these two; RESERVED is a CVE Services ID state.
    assert_eq!(
        names(CveRecordState::iter().map(|v| v.to_string()).collect()),
        ["PUBLISHED", "REJECTED"]
    );
    assert_eq!(
        names(CveIdState::iter().map(|v| v.to_string()).collect()),
        ["RESERVED", "PUBLISHED", "REJECTED"]
    );
    assert_eq!(
        serde_json::to_string(&CveRecordState::Published).unwrap(),
        "\"PUBLISHED\""
    );
    assert_eq!(
        serde_json::to_string(&CsafInvolvement::ContactAttempted).unwrap(),
        "\"contact_attempted\""
    );
}

#[test]
fn csaf_involvement_per_participant_state() {
    let mut case = setup();
    let of = |case: &Case, who: &str| csaf_involvement(case, case.participant(&id(who)).unwrap());
    assert_eq!(of(&case, "fay").party, CsafParty::Discoverer);
    assert_eq!(of(&case, "cert").party, CsafParty::Coordinator);
    assert_eq!(of(&case, "ops").party, CsafParty::User);
    assert_eq!(of(&case, "obs").party, CsafParty::Other);
    assert_eq!(
        of(&case, "acme"),
        mpcvd::mapping::Involvement {
            party: CsafParty::Vendor,
            status: CsafInvolvement::NotContacted
        }
    );
    // Reached but silent: contact attempted, never "not affected".
    act(&mut case, "cert", Action::Validate);
    act(&mut case, "cert", Action::Accept);
    act(
        &mut case,
        "cert",
        Action::submit(id("acme"), ReportSummary::new("bug", "")),
    );
    act(
        &mut case,
        "cert",
        Action::submit(id("bolt"), ReportSummary::new("bug", "")),
    );
    assert_eq!(of(&case, "acme").status, CsafInvolvement::ContactAttempted);
    assert_eq!(of(&case, "cert").status, CsafInvolvement::InProgress);
    act(&mut case, "acme", Action::Invalidate);
    assert_eq!(of(&case, "acme").status, CsafInvolvement::Open);
    act(
        &mut case,
        "acme",
        Action::OpenDispute {
            cause: DisputeCause::SecurityImplications,
            detail: String::new(),
        },
    );
    assert_eq!(of(&case, "acme").status, CsafInvolvement::Disputed);
    act(&mut case, "bolt", Action::Validate);
    assert_eq!(of(&case, "bolt").status, CsafInvolvement::InProgress);
    // Deferred is CSAF `open` (§3.2.3.5: acknowledged, nothing said about the
    // remediation effort), not `in_progress`.
    let mut deferred = case.clone();
    act(&mut deferred, "bolt", Action::Defer);
    assert_eq!(of(&deferred, "bolt").status, CsafInvolvement::Open);
    act(&mut case, "bolt", Action::Accept);
    assert_eq!(of(&case, "bolt").status, CsafInvolvement::InProgress);
    act(&mut case, "bolt", Action::Close);
    assert_eq!(of(&case, "bolt").status, CsafInvolvement::Completed);
}

#[test]
fn openvex_status_per_vendor_state() {
    let mut case = setup();
    let vex = |case: &Case, who: &str, j: Option<VexJustification>| {
        let reason = j.map(NotAffected::justified).unwrap_or_default();
        vex_statement(case, case.participant(&id(who)).unwrap(), &reason)
    };
    assert_eq!(
        vex(&case, "acme", None).unwrap().status,
        VexStatus::UnderInvestigation
    );
    assert!(matches!(
        vex(&case, "fay", None),
        Err(MappingError::NotAVendor(_))
    ));
    act(&mut case, "cert", Action::Validate);
    act(&mut case, "cert", Action::Accept);
    act(
        &mut case,
        "cert",
        Action::submit(id("acme"), ReportSummary::new("bug", "")),
    );
    // Silent vendor: still under investigation.
    assert_eq!(
        vex(&case, "acme", None).unwrap().status,
        VexStatus::UnderInvestigation
    );
    act(&mut case, "acme", Action::Validate);
    let affected = vex(&case, "acme", None).unwrap();
    assert_eq!(affected.status, VexStatus::Affected);
    assert!(affected.action_statement.is_some());
    act(
        &mut case,
        "cert",
        Action::UpdateAdvisory {
            advisory: Box::new(Advisory {
                mitigations: vec!["disable the parser".into()],
                ..Advisory::default()
            }),
        },
    );
    assert_eq!(
        vex(&case, "acme", None)
            .unwrap()
            .action_statement
            .as_deref(),
        Some("disable the parser")
    );
    act(&mut case, "acme", Action::Accept);
    act(&mut case, "acme", Action::FixReady);
    assert_eq!(vex(&case, "acme", None).unwrap().status, VexStatus::Fixed);
    act(
        &mut case,
        "cert",
        Action::MarkAffected {
            vendor: id("bolt"),
            affected: Affectedness::NotAffected,
        },
    );
    assert!(matches!(
        vex(&case, "bolt", None),
        Err(MappingError::JustificationRequired(_))
    ));
    let not = vex(&case, "bolt", Some(VexJustification::ComponentNotPresent)).unwrap();
    assert_eq!(
        (not.status, not.justification, not.impact_statement),
        (
            VexStatus::NotAffected,
            Some(VexJustification::ComponentNotPresent),
            None
        )
    );
    // The impact statement is the other way OpenVEX accepts.
    let bolt = case.participant(&id("bolt")).unwrap();
    let stated = vex_statement(
        &case,
        bolt,
        &NotAffected::stated("only the server is affected"),
    )
    .unwrap();
    assert_eq!(
        (
            stated.status,
            stated.justification,
            stated.impact_statement.as_deref()
        ),
        (
            VexStatus::NotAffected,
            None,
            Some("only the server is affected")
        )
    );
    // A blank statement is no statement.
    assert!(matches!(
        vex_statement(&case, bolt, &NotAffected::stated("  ")),
        Err(MappingError::JustificationRequired(_))
    ));
    // Both together are kept.
    let both = NotAffected {
        justification: Some(VexJustification::VulnerableCodeNotPresent),
        impact_statement: Some("the parser is not compiled in".into()),
    };
    let both = vex_statement(&case, bolt, &both).unwrap();
    assert_eq!(
        (both.justification, both.impact_statement.as_deref()),
        (
            Some(VexJustification::VulnerableCodeNotPresent),
            Some("the parser is not compiled in")
        )
    );
}

#[test]
fn cve_record_state() {
    let mut case = setup();
    assert_eq!(cve_record(&case), None);
    act(
        &mut case,
        "cert",
        Action::UpdateAdvisory {
            advisory: Box::new(Advisory {
                identifiers: vec!["VU#9".into(), "CVE-2026-0001".into()],
                ..Advisory::default()
            }),
        },
    );
    let reserved = CveRecord {
        id: "CVE-2026-0001".into(),
        state: None,
    };
    assert_eq!(cve_record(&case), Some(reserved.clone()));
    assert_eq!(reserved.id_state(), CveIdState::Reserved);
    // Public awareness alone (an exploit leaks) publishes no record.
    let mut leaked = case.clone();
    act(&mut leaked, "cert", Action::ExploitPublished);
    assert!(leaked.pxa().has(mpcvd::cs::CsEvent::PublicAware));
    assert_eq!(cve_record(&leaked).unwrap().state, None);
    assert_eq!(
        cve_record(&leaked).unwrap().id_state(),
        CveIdState::Reserved
    );
    // Publishing the case's advisory is what publishes the record.
    let mut published = case.clone();
    act(&mut published, "cert", Action::Publish);
    let record = cve_record(&published).unwrap();
    assert_eq!(record.state, Some(CveRecordState::Published));
    assert_eq!(record.id_state(), CveIdState::Published);
    act(
        &mut case,
        "cert",
        Action::OpenDispute {
            cause: DisputeCause::SecurityImplications,
            detail: String::new(),
        },
    );
    act(
        &mut case,
        "cert",
        Action::ResolveDispute {
            dispute: 1,
            outcome: DisputeOutcome::NotAVulnerability,
            agreed_by: vec![id("cert")],
        },
    );
    // Not settled until the reporter agrees.
    assert_eq!(cve_record(&case).unwrap().state, None);
    act(&mut case, "fay", Action::AgreeToConclusion { dispute: 1 });
    let record = cve_record(&case).unwrap();
    assert_eq!(record.state, Some(CveRecordState::Rejected));
    assert_eq!(record.id_state(), CveIdState::Rejected);
}
