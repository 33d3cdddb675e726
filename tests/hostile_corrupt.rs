//! Hand-made corrupt case documents: each breaks one thing in a valid case's JSON,
//! and loading must refuse it with an error naming the field or the rule. No
//! corrupted document may yield a case (validated loading replays the timeline).

use chrono::{DateTime, Duration, TimeZone, Utc};
use mpcvd::case::{Action, Case, DisputeCause, EmbargoTerms, Input, ReportSummary};
use mpcvd::id::CaseId;
use mpcvd::participant::{NewParticipant, ParticipantId};
use mpcvd::policy::Policy;
use mpcvd::role::{Role, RoleSet};
use serde_json::{Value, json};

fn t(day: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap() + Duration::days(day)
}
fn id(s: &str) -> ParticipantId {
    ParticipantId::new(s).unwrap()
}

/// A case with an embargo in force, a fix, a dispute and four participants.
fn valid() -> Value {
    let mut case = Case::new(CaseId::new("VU#corrupt").unwrap(), Policy::default(), t(0));
    for (who, roles) in [
        ("fay", &[Role::Finder, Role::Reporter][..]),
        ("cert", &[Role::Coordinator][..]),
        ("acme", &[Role::Vendor][..]),
        ("bolt", &[Role::Vendor][..]),
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
    let act = |actor: &str, action: Action| Input::Act {
        actor: id(actor),
        action,
    };
    for (day, input) in [
        (
            1,
            act(
                "fay",
                Action::submit(id("acme"), ReportSummary::new("bug", "")),
            ),
        ),
        (
            1,
            act(
                "fay",
                Action::ProposeEmbargo {
                    terms: EmbargoTerms {
                        start: t(1),
                        end: t(60),
                    },
                },
            ),
        ),
        (2, act("acme", Action::AcceptEmbargo)),
        (3, act("acme", Action::Validate)),
        (3, act("acme", Action::Accept)),
        (9, act("acme", Action::FixReady)),
        (
            10,
            act(
                "fay",
                Action::OpenDispute {
                    cause: DisputeCause::Timing,
                    detail: "too long".into(),
                },
            ),
        ),
    ] {
        case.handle(input, t(day)).unwrap();
    }
    serde_json::to_value(&case).unwrap()
}

/// Index of a participant in the document.
fn at(doc: &Value, who: &str) -> usize {
    doc["data"]["participants"]
        .as_array()
        .unwrap()
        .iter()
        .position(|p| p["id"] == who)
        .unwrap()
}

/// Loads `doc` with the path-aware loader: it must be refused with a message
/// containing `needle`, at the field `path`, about `participant`; the serde
/// `Deserialize` impl must refuse it too.
fn refused(name: &str, doc: &Value, needle: &str, path: &str, participant: Option<&str>) {
    let text = serde_json::to_string(doc).unwrap();
    assert!(
        serde_json::from_str::<Case>(&text).is_err(),
        "{name}: serde loaded a corrupt document"
    );
    match Case::from_json(&text) {
        Ok(_) => panic!("{name}: a corrupt document loaded"),
        Err(error) => {
            let message = error.to_string();
            assert!(
                message.contains(needle),
                "{name}: expected an error mentioning {needle:?}, got {message:?}"
            );
            assert_eq!(error.path, path, "{name}: {message}");
            assert!(
                message.contains(&format!("at `{path}`")),
                "{name}: the message names the path: {message}"
            );
            assert_eq!(
                error.participant.as_ref().map(|p| p.as_str()),
                participant,
                "{name}: {message}"
            );
            if let Some(who) = participant {
                assert!(
                    message.contains(&format!("(participant `{who}`)")),
                    "{name}: the message names the participant: {message}"
                );
            }
        }
    }
}

#[test]
fn the_valid_document_loads() {
    let doc = valid();
    let case: Case = serde_json::from_value(doc.clone()).unwrap();
    assert_eq!(serde_json::to_value(&case).unwrap(), doc);
    let text = serde_json::to_string(&doc).unwrap();
    assert_eq!(Case::from_json(&text).unwrap(), case);
}

#[test]
fn a_corrupt_fix_status_names_the_field_the_participant_and_the_position() {
    let mut doc = valid();
    let i = at(&doc, "acme");
    doc["data"]["participants"][i]["status"]["vfd"] = json!("vFd");
    let text = serde_json::to_string(&doc).unwrap();
    let error = Case::from_json(&text).unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "case document: at `data.participants[{i}].status.vfd` (participant `acme`): \
             unknown variant `vFd`, expected one of `vfd`, `Vfd`, `VFd`, `VFD` (line 1, column "
        )),
        "{message}"
    );
    // The column is where the value ends in the text.
    let end = text.find("\"vFd\"").unwrap() + "\"vFd\"".len();
    assert_eq!((error.line, error.column), (1, end));
    assert!(
        error.invalid.is_none(),
        "a malformed document, not an invalid case"
    );
}

#[test]
fn corrupt_documents_are_refused_with_the_right_error() {
    type Corruption = fn(&mut Value);
    let cases: Vec<(&str, Corruption, &str, &str, Option<&str>)> = vec![
        (
            "pxa letter",
            |d| d["data"]["pxa"] = json!("pxz"),
            "position 2",
            "data.pxa",
            None,
        ),
        (
            "pxa length",
            |d| d["data"]["pxa"] = json!("pxaa"),
            "characters",
            "data.pxa",
            None,
        ),
        (
            "embargo in force while public",
            |d| d["data"]["pxa"] = json!("Pxa"),
            "in force while the case is",
            "data.participants[0].status",
            Some("fay"),
        ),
        (
            "exploit without public",
            |d| d["data"]["pxa"] = json!("pXa"),
            "`vfdpXa`",
            "data.participants[0].status",
            Some("fay"),
        ),
        (
            "vfd impossible",
            |d| {
                let i = at(d, "acme");
                d["data"]["participants"][i]["status"]["vfd"] = json!("vFd")
            },
            "unknown variant `vFd`",
            "data.participants[2].status.vfd",
            Some("acme"),
        ),
        (
            "vendor fixed without acceptance",
            |d| {
                let i = at(d, "bolt");
                d["data"]["participants"][i]["status"]["vfd"] = json!("VFD")
            },
            "needs the report accepted",
            "data.participants[3].status",
            Some("bolt"),
        ),
        (
            "observer with a fix status",
            |d| {
                let i = at(d, "cert");
                d["data"]["participants"][i]["status"]["vfd"] = json!("Vfd")
            },
            "impossible for its roles",
            "data.participants[1].status.vfd",
            Some("cert"),
        ),
        (
            "rm unknown",
            |d| {
                let i = at(d, "acme");
                d["data"]["participants"][i]["status"]["rm"] = json!("maybe")
            },
            "unknown variant `maybe`",
            "data.participants[2].status.rm",
            Some("acme"),
        ),
        (
            "consent unknown",
            |d| {
                let i = at(d, "acme");
                d["data"]["participants"][i]["status"]["consent"] = json!("perhaps")
            },
            "unknown variant `perhaps`",
            "data.participants[2].status.consent",
            Some("acme"),
        ),
        (
            "role unknown",
            |d| d["data"]["participants"][0]["roles"] = json!(["hacker"]),
            "unknown variant `hacker`",
            "data.participants[0].roles[0]",
            Some("fay"),
        ),
        (
            "no roles",
            |d| d["data"]["participants"][0]["roles"] = json!([]),
            "has no role",
            "data.participants[0].roles",
            Some("fay"),
        ),
        (
            "duplicate role",
            |d| d["data"]["participants"][0]["roles"] = json!(["finder", "finder"]),
            "duplicate",
            "data.participants[0].roles",
            Some("fay"),
        ),
        (
            "duplicate participant",
            |d| {
                let p = d["data"]["participants"][0].clone();
                d["data"]["participants"].as_array_mut().unwrap().push(p)
            },
            "appears twice",
            "data.participants[4].id",
            Some("fay"),
        ),
        (
            "empty id",
            |d| d["data"]["participants"][0]["id"] = json!(""),
            "it is empty",
            "data.participants[0].id",
            None,
        ),
        (
            "control character in id",
            |d| d["data"]["participants"][0]["id"] = json!("fa\u{7}y"),
            "control characters",
            "data.participants[0].id",
            None,
        ),
        (
            "unknown participant in the timeline",
            |d| d["timeline"]["entries"][6]["input"]["actor"] = json!("ghost"),
            "`ghost` is not a participant",
            "timeline.entries[6].input.actor",
            None,
        ),
        (
            "unknown proposer",
            |d| d["data"]["embargo"]["proposed_by"] = json!("ghost"),
            "embargo: `ghost`",
            "data.embargo.proposed_by",
            None,
        ),
        (
            "unknown dispute opener",
            |d| d["data"]["disputes"][0]["opened_by"] = json!("ghost"),
            "disputes: `ghost`",
            "data.disputes[0].opened_by",
            None,
        ),
        (
            "unknown parent organisation",
            |d| d["data"]["participants"][2]["organisation"] = json!({"parent": "ghost"}),
            "organisation.parent: `ghost`",
            "data.participants[2].organisation.parent",
            Some("acme"),
        ),
        (
            "case closed by nobody",
            |d| {
                d["data"]["status"] =
                    json!({"state": "closed", "at": "2026-05-20T00:00:00Z", "by": "ghost"})
            },
            "status: `ghost`",
            "data.status.by",
            None,
        ),
        (
            "date out of range",
            |d| d["now"] = json!("+275000-01-01T00:00:00Z"),
            "out of range",
            "now",
            None,
        ),
        (
            "date not a date",
            |d| d["now"] = json!("yesterday"),
            "invalid",
            "now",
            None,
        ),
        (
            "embargo ends before it starts",
            |d| d["data"]["embargo"]["terms"]["end"] = json!("2026-04-01T00:00:00Z"),
            "ends before it starts",
            "data.embargo.terms.end",
            None,
        ),
        (
            "active embargo without terms",
            |d| d["data"]["embargo"] = json!({"state": "active", "proposed_by": "fay"}),
            "missing field `terms`",
            "data.embargo",
            None,
        ),
        (
            "revision without pending terms",
            |d| d["data"]["embargo"]["state"] = json!("revise"),
            "missing field `pending`",
            "data.embargo",
            None,
        ),
        (
            "unknown top-level field",
            |d| d["colour"] = json!("red"),
            "unknown field `colour`",
            "colour",
            None,
        ),
        (
            "missing field",
            |d| {
                d["data"].as_object_mut().unwrap().remove("pxa");
            },
            "missing field `pxa`",
            "data",
            None,
        ),
        (
            "unknown input kind",
            |d| d["timeline"]["entries"][5]["input"]["input"] = json!("teleport"),
            "unknown variant `teleport`",
            "timeline.entries[5].input.input",
            None,
        ),
        (
            "protocol rule in the policy",
            |d| d["data"]["policy"]["rules"] = json!({"send.role": "off"}),
            "protocol rule",
            "data.policy.rules.send.role",
            None,
        ),
        (
            "unknown rule id",
            |d| d["data"]["policy"]["rules"] = json!({"publish.whenever": "deny"}),
            "unknown variant",
            "data.policy.rules.publish.whenever",
            None,
        ),
        (
            "now before the last entry",
            |d| d["now"] = json!("2026-05-05T00:00:00Z"),
            "out of order",
            "now",
            None,
        ),
        (
            "entries out of order",
            |d| d["timeline"]["entries"][4]["at"] = json!("2026-05-30T00:00:00Z"),
            "out of order",
            "now",
            None,
        ),
        (
            "effects rewritten",
            |d| d["timeline"]["entries"][6]["effects"] = json!([]),
            "records effects its input does not produce",
            "timeline.entries[6].effects",
            None,
        ),
        (
            "state not produced by the timeline",
            |d| {
                let i = at(d, "acme");
                d["data"]["participants"][i]["status"]["rm"] = json!("deferred")
            },
            "`participants` differs",
            "data.participants[2].status.rm",
            Some("acme"),
        ),
        (
            "embargo history rewritten",
            |d| d["data"]["embargo_history"] = json!([]),
            "`embargo_history` differs",
            "data.embargo_history",
            None,
        ),
        (
            "attack time invented",
            |d| d["data"]["attacks_observed_at"] = json!("2026-05-03T00:00:00Z"),
            "`attacks_observed_at` differs",
            "data.attacks_observed_at",
            None,
        ),
        (
            "dispute removed",
            |d| d["data"]["disputes"] = json!([]),
            "`disputes` differs",
            "data.disputes",
            None,
        ),
    ];
    assert!(cases.len() >= 30);
    for (name, corrupt, needle, path, participant) in cases {
        let mut doc = valid();
        corrupt(&mut doc);
        refused(name, &doc, needle, path, participant);
    }
}

#[test]
fn huge_and_deeply_nested_documents_are_refused_not_exhausting() {
    let mut doc = valid();
    let template = doc["data"]["participants"][3].clone();
    let participants = doc["data"]["participants"].as_array_mut().unwrap();
    for i in 0..4100 {
        let mut p = template.clone();
        p["id"] = json!(format!("v{i}"));
        participants.push(p);
    }
    refused(
        "4,100 participants",
        &doc,
        "limit 4096",
        "data.participants",
        None,
    );
    // Deep nesting: a case has no free-form field, so nesting is refused as the
    // wrong type at once; where free-form JSON is read (ActivityStreams documents),
    // serde_json's recursion limit stops it with an error, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(serde_json::from_str::<Case>(&deep).is_err());
    let nested = format!(
        "{{\"pxa\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(serde_json::from_str::<Case>(&nested).is_err());
    let error = serde_json::from_str::<Value>(&deep)
        .unwrap_err()
        .to_string();
    assert!(error.contains("recursion limit"), "{error}");
}

#[test]
fn a_failed_check_names_the_participant_once_and_keeps_the_load_error() {
    let mut doc = valid();
    let i = at(&doc, "cert");
    doc["data"]["participants"][i]["status"]["vfd"] = json!("Vfd");
    let error = Case::from_json(&serde_json::to_string(&doc).unwrap()).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "case document: at `data.participants[{i}].status.vfd` (participant `cert`): \
             fix status `Vfd` is impossible for its roles (scope Observer)"
        )
    );
    assert_eq!((error.line, error.column), (0, 0));
    let invalid = error.invalid.expect("a failed check");
    assert!(matches!(
        *invalid,
        mpcvd::case::LoadError::Invariant(
            mpcvd::case::InvariantViolation::FixStatusOutsideScope { .. }
        )
    ));
}
