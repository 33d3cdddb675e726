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
                participant: p,
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
                Action::Submit {
                    to: id("acme"),
                    report: ReportSummary::new("bug", ""),
                },
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

fn refused(name: &str, doc: &Value, needle: &str) {
    let text = serde_json::to_string(doc).unwrap();
    match serde_json::from_str::<Case>(&text) {
        Ok(_) => panic!("{name}: a corrupt document loaded"),
        Err(error) => {
            let message = error.to_string();
            assert!(
                message.contains(needle),
                "{name}: expected an error mentioning {needle:?}, got {message:?}"
            );
        }
    }
}

#[test]
fn the_valid_document_loads() {
    let doc = valid();
    let case: Case = serde_json::from_value(doc.clone()).unwrap();
    assert_eq!(serde_json::to_value(&case).unwrap(), doc);
}

#[test]
fn corrupt_documents_are_refused_with_the_right_error() {
    type Corruption = fn(&mut Value);
    let cases: Vec<(&str, Corruption, &str)> = vec![
        (
            "pxa letter",
            |d| d["data"]["pxa"] = json!("pxz"),
            "position 2",
        ),
        (
            "pxa length",
            |d| d["data"]["pxa"] = json!("pxaa"),
            "characters",
        ),
        (
            "embargo in force while public",
            |d| d["data"]["pxa"] = json!("Pxa"),
            "in force while the case is",
        ),
        (
            "exploit without public",
            |d| d["data"]["pxa"] = json!("pXa"),
            "`vfdpXa`",
        ),
        (
            "vfd impossible",
            |d| {
                let i = at(d, "acme");
                d["data"]["participants"][i]["status"]["vfd"] = json!("vFd")
            },
            "unknown variant `vFd`",
        ),
        (
            "vendor fixed without acceptance",
            |d| {
                let i = at(d, "bolt");
                d["data"]["participants"][i]["status"]["vfd"] = json!("VFD")
            },
            "needs the report accepted",
        ),
        (
            "observer with a fix status",
            |d| {
                let i = at(d, "cert");
                d["data"]["participants"][i]["status"]["vfd"] = json!("Vfd")
            },
            "impossible for its roles",
        ),
        (
            "rm unknown",
            |d| {
                let i = at(d, "acme");
                d["data"]["participants"][i]["status"]["rm"] = json!("maybe")
            },
            "unknown variant `maybe`",
        ),
        (
            "consent unknown",
            |d| {
                let i = at(d, "acme");
                d["data"]["participants"][i]["status"]["consent"] = json!("perhaps")
            },
            "unknown variant `perhaps`",
        ),
        (
            "role unknown",
            |d| d["data"]["participants"][0]["roles"] = json!(["hacker"]),
            "unknown variant `hacker`",
        ),
        (
            "no roles",
            |d| d["data"]["participants"][0]["roles"] = json!([]),
            "has no role",
        ),
        (
            "duplicate role",
            |d| d["data"]["participants"][0]["roles"] = json!(["finder", "finder"]),
            "duplicate",
        ),
        (
            "duplicate participant",
            |d| {
                let p = d["data"]["participants"][0].clone();
                d["data"]["participants"].as_array_mut().unwrap().push(p)
            },
            "appears twice",
        ),
        (
            "empty id",
            |d| d["data"]["participants"][0]["id"] = json!(""),
            "it is empty",
        ),
        (
            "control character in id",
            |d| d["data"]["participants"][0]["id"] = json!("fa\u{7}y"),
            "control characters",
        ),
        (
            "unknown participant in the timeline",
            |d| d["timeline"]["entries"][6]["input"]["actor"] = json!("ghost"),
            "`ghost` is not a participant",
        ),
        (
            "unknown proposer",
            |d| d["data"]["embargo"]["proposed_by"] = json!("ghost"),
            "embargo: `ghost`",
        ),
        (
            "unknown dispute opener",
            |d| d["data"]["disputes"][0]["opened_by"] = json!("ghost"),
            "disputes: `ghost`",
        ),
        (
            "unknown parent organisation",
            |d| d["data"]["participants"][2]["organisation"] = json!({"parent": "ghost"}),
            "organisation.parent: `ghost`",
        ),
        (
            "case closed by nobody",
            |d| {
                d["data"]["status"] =
                    json!({"state": "closed", "at": "2026-05-20T00:00:00Z", "by": "ghost"})
            },
            "status: `ghost`",
        ),
        (
            "date out of range",
            |d| d["now"] = json!("+275000-01-01T00:00:00Z"),
            "out of range",
        ),
        (
            "date not a date",
            |d| d["now"] = json!("yesterday"),
            "invalid",
        ),
        (
            "embargo ends before it starts",
            |d| d["data"]["embargo"]["terms"]["end"] = json!("2026-04-01T00:00:00Z"),
            "ends before it starts",
        ),
        (
            "active embargo without terms",
            |d| d["data"]["embargo"] = json!({"state": "active", "proposed_by": "fay"}),
            "missing field `terms`",
        ),
        (
            "revision without pending terms",
            |d| d["data"]["embargo"]["state"] = json!("revise"),
            "missing field `pending`",
        ),
        (
            "unknown top-level field",
            |d| d["colour"] = json!("red"),
            "unknown field `colour`",
        ),
        (
            "missing field",
            |d| {
                d["data"].as_object_mut().unwrap().remove("pxa");
            },
            "missing field `pxa`",
        ),
        (
            "unknown input kind",
            |d| d["timeline"]["entries"][5]["input"]["input"] = json!("teleport"),
            "unknown variant `teleport`",
        ),
        (
            "protocol rule in the policy",
            |d| d["data"]["policy"]["rules"] = json!({"send.role": "off"}),
            "protocol rule",
        ),
        (
            "unknown rule id",
            |d| d["data"]["policy"]["rules"] = json!({"publish.whenever": "deny"}),
            "unknown variant",
        ),
        (
            "now before the last entry",
            |d| d["now"] = json!("2026-05-05T00:00:00Z"),
            "out of order",
        ),
        (
            "entries out of order",
            |d| d["timeline"]["entries"][4]["at"] = json!("2026-05-30T00:00:00Z"),
            "out of order",
        ),
        (
            "effects rewritten",
            |d| d["timeline"]["entries"][6]["effects"] = json!([]),
            "records effects its input does not produce",
        ),
        (
            "state not produced by the timeline",
            |d| {
                let i = at(d, "acme");
                d["data"]["participants"][i]["status"]["rm"] = json!("deferred")
            },
            "`participants` differs",
        ),
        (
            "embargo history rewritten",
            |d| d["data"]["embargo_history"] = json!([]),
            "`embargo_history` differs",
        ),
        (
            "attack time invented",
            |d| d["data"]["attacks_observed_at"] = json!("2026-05-03T00:00:00Z"),
            "`attacks_observed_at` differs",
        ),
        (
            "dispute removed",
            |d| d["data"]["disputes"] = json!([]),
            "`disputes` differs",
        ),
    ];
    assert!(cases.len() >= 30);
    for (name, corrupt, needle) in cases {
        let mut doc = valid();
        corrupt(&mut doc);
        refused(name, &doc, needle);
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
    refused("4,100 participants", &doc, "limit 4096");
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
