//! Every public decoder, fed a corrupt document, names the field path of the
//! fault in its error (and, for a case, the participant). One test per decoder;
//! each corrupts one field of a valid document.

use chrono::{TimeZone, Utc};
use mpcvd::analysis::{ModelError, ProcessModel};
use mpcvd::case::{Case, Input};
use mpcvd::conformance::{Trace, TraceError};
use mpcvd::decode::{self, DecodeError};
use mpcvd::id::CaseId;
use mpcvd::participant::{NewParticipant, ParticipantId};
use mpcvd::policy::Policy;
use mpcvd::protocol::ProtocolState;
use mpcvd::role::{Role, RoleSet};
use serde_json::{Value, json};

/// `error` is at `path` and its message says so.
fn at(error: &DecodeError, path: &str, needle: &str) {
    let message = error.to_string();
    assert_eq!(error.path, path, "{message}");
    assert!(message.contains(&format!("at `{path}`: ")), "{message}");
    assert!(message.contains(needle), "{needle:?} in {message}");
}

/// The parse error of the vector `auth-owner-manages.json` after `corrupt` changed
/// it: its step, path and message.
fn corrupt_trace(corrupt: impl FnOnce(&mut Value)) -> (Option<usize>, String, String) {
    let text = include_str!("vectors/auth-owner-manages.json");
    let mut doc: Value = serde_json::from_str(text).unwrap();
    corrupt(&mut doc);
    match Trace::from_json(&doc.to_string()) {
        Err(TraceError::Parse {
            step,
            path,
            message,
        }) => (step, path, message),
        other => panic!("a corrupt trace was read: {other:?}"),
    }
}

#[test]
fn case_names_the_field_and_the_participant() {
    let t0 = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
    let mut case = Case::new(CaseId::new("VU#paths").unwrap(), Policy::default(), t0);
    for (who, role) in [("fay", Role::Finder), ("acme", Role::Vendor)] {
        let p = NewParticipant::new(ParticipantId::new(who).unwrap(), who, RoleSet::of(&[role]));
        let by = case.owner().cloned();
        case.handle(
            Input::AddParticipant {
                participant: Box::new(p),
                by,
            },
            t0,
        )
        .unwrap();
    }
    let mut doc = serde_json::to_value(&case).unwrap();
    doc["data"]["participants"][1]["status"]["consent"] = json!("perhaps");
    let error = Case::from_json(&doc.to_string()).unwrap_err();
    assert_eq!(error.path, "data.participants[1].status.consent");
    assert_eq!(error.participant.as_ref().map(|p| p.as_str()), Some("acme"));
    assert!(error.line == 1 && error.column > 0);
    let message = error.to_string();
    assert!(
        message.starts_with(
            "case document: at `data.participants[1].status.consent` (participant `acme`): \
             unknown variant `perhaps`"
        ),
        "{message}"
    );
    // The serde impl still refuses it (without the path).
    assert!(serde_json::from_value::<Case>(doc.clone()).is_err());

    // A message quoting nothing, inside a timeline entry's (tagged) input.
    let mut doc = serde_json::to_value(&case).unwrap();
    doc["timeline"]["entries"][1]["input"]["participant"]["name"] = json!({});
    let error = Case::from_json(&doc.to_string()).unwrap_err();
    assert_eq!(
        error.path, "timeline.entries[1].input.participant.name",
        "{error}"
    );
    assert!(error.message.contains("invalid type: map"), "{error}");
}

#[test]
fn policy_json_names_the_rule() {
    let mut doc = serde_json::to_value(Policy::preset("cert-cc").unwrap()).unwrap();
    doc["rules"]["publish.whenever"] = json!("deny");
    let error = Policy::from_json(&doc.to_string()).unwrap_err();
    at(
        &error,
        "rules.publish.whenever",
        "unknown variant `publish.whenever`",
    );
    assert!(error.to_string().starts_with("policy: "));
    assert!(error.line == 1 && error.column > 0);

    let mut doc = serde_json::to_value(Policy::default()).unwrap();
    doc["attacks_end_embargo"] = json!("sometimes");
    let error = Policy::from_json(&doc.to_string()).unwrap_err();
    at(&error, "attacks_end_embargo", "unknown variant `sometimes`");
}

#[test]
fn policy_toml_names_the_field() {
    let mut doc = serde_json::to_value(Policy::preset("cert-cc").unwrap()).unwrap();
    doc["attacks_end_embargo"] = json!("sometimes");
    let text = toml::to_string(&doc).unwrap();
    let de = toml::Deserializer::parse(&text).unwrap();
    let error = decode::from_deserializer::<_, Policy>("policy", de).unwrap_err();
    at(&error, "attacks_end_embargo", "unknown variant `sometimes`");
}

#[test]
fn input_names_the_field_inside_its_tagged_parts() {
    let act = json!({"input": "act", "actor": "fay", "action": {"action": "teleport"}});
    let error = Input::from_json(&act.to_string()).unwrap_err();
    at(&error, "action.action", "unknown variant `teleport`");
    assert!(error.to_string().starts_with("input: "));

    let message = json!({"input": "message", "message": {"type": "RS", "from": "fay", "to": ["acme"], "colour": 1}});
    let error = Input::from_json(&message.to_string()).unwrap_err();
    at(&error, "message.colour", "unknown field `colour`");

    // A message quoting nothing (chrono's): the field whose removal changes the
    // error, found inside the tagged input and its tagged action.
    let propose = json!({"input": "act", "actor": "fay", "action": {"action": "propose_embargo",
        "terms": {"start": "2026-01-05T00:00:00Z", "end": "next spring"}}});
    let error = Input::from_json(&propose.to_string()).unwrap_err();
    at(
        &error,
        "action.terms.end",
        "input contains invalid characters",
    );

    // A number serde quotes (`7`) is found by its value.
    let submit = json!({"input": "act", "actor": "fay", "action": {"action": "submit",
        "to": "acme", "report": {"title": 7}}});
    let error = Input::from_json(&submit.to_string()).unwrap_err();
    at(&error, "action.report.title", "invalid type: integer `7`");

    let error = Input::from_json(r#"{"input": "tick"} ,"#).unwrap_err();
    assert_eq!(
        error.path, "",
        "trailing characters concern the whole document"
    );
    assert!(error.to_string().contains("trailing characters"), "{error}");
}

#[test]
fn protocol_state_names_the_field() {
    let error =
        ProtocolState::from_json(r#"{"rm": "maybe", "em": "none", "cs": "vfdpxa"}"#).unwrap_err();
    at(&error, "rm", "unknown variant `maybe`");
    let error =
        ProtocolState::from_json(r#"{"rm": "start", "em": "none", "cs": "vfdpxz"}"#).unwrap_err();
    at(&error, "cs", "position 5");
    let ok: ProtocolState =
        serde_json::from_value(serde_json::to_value(ProtocolState::START).unwrap()).unwrap();
    assert_eq!(ok, ProtocolState::START);
}

#[test]
fn trace_names_the_step_and_the_field() {
    let (step, path, message) =
        corrupt_trace(|doc| doc["steps"][1]["action"]["action"] = json!("teleport"));
    assert_eq!(step, Some(1));
    assert_eq!(path, "steps[1].action.action");
    assert!(message.contains("unknown variant `teleport`"), "{message}");
}

#[test]
fn process_model_names_the_field() {
    let text = include_str!("../examples/models/mitigation.json");
    let mut doc: Value = serde_json::from_str(text).unwrap();
    doc["forcing"][1]["only"] = json!(7);
    let error = ProcessModel::from_json(&doc.to_string()).unwrap_err();
    let ModelError::Json { path, message } = &error else {
        panic!("{error}");
    };
    assert_eq!(path, "forcing[1].only");
    assert!(message.contains("invalid type"), "{message}");
    assert!(
        error.to_string().contains("at `forcing[1].only`: "),
        "{error}"
    );
}

#[cfg(feature = "simulate")]
#[test]
fn behaviour_model_names_the_field() {
    use mpcvd::simulate::BehaviourModel;
    let text = include_str!("../examples/behaviour/five-vendors-one-silent.json");
    let mut doc: Value = serde_json::from_str(text).unwrap();
    doc["roles"]["vendor"]["fix"]["log_normal"]["sigma"] = json!("wide");
    let error = BehaviourModel::from_json(&doc.to_string()).unwrap_err();
    assert_eq!(error.path, "roles.vendor.fix.log_normal.sigma", "{error}");
    assert!(
        error
            .to_string()
            .contains("`roles.vendor.fix.log_normal.sigma`"),
        "{error}"
    );
}

#[cfg(feature = "vex")]
#[test]
fn vex_products_and_metadata_name_the_field() {
    use mpcvd::vex::{Metadata, Products};
    let products = json!({"products": [
        {"id": "p1", "name": "Widget", "vendor": "acme"},
        {"id": "p2", "name": "Gadget", "vendor": "acme", "purl": 7},
    ]});
    let error = Products::from_json(&products.to_string()).unwrap_err();
    assert_eq!(error.path(), "products[1].purl", "{error}");
    let error = Metadata::from_json(r#"{"tlp": "PURPLE"}"#).unwrap_err();
    assert_eq!(error.path(), "tlp", "{error}");
    assert!(error.to_string().contains("`tlp`"), "{error}");
}

#[cfg(feature = "as2")]
#[test]
fn as2_activity_names_the_field() {
    use mpcvd::as2::{Activity, As2Error};
    let doc = json!({"type": "ParticipantStatus", "rmState": "RM.MAYBE"});
    let error = Activity::from_json(&doc.to_string())
        .unwrap()
        .map()
        .unwrap_err();
    assert!(
        matches!(
            error,
            As2Error::State {
                field: "rmState",
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().starts_with("`rmState`: "), "{error}");
    // A status added to a participant: the path from the activity.
    let doc =
        json!({"type": "Add", "object": {"type": "ParticipantStatus", "vfdState": "CS_SOMETIMES"}});
    let error = Activity::from_json(&doc.to_string())
        .unwrap()
        .map()
        .unwrap_err();
    assert!(
        matches!(
            error,
            As2Error::State {
                field: "object.vfdState",
                ..
            }
        ),
        "{error}"
    );
    // Not JSON at all: the position.
    let error = Activity::from_json(r#"{"type": "Offer","#).unwrap_err();
    assert!(error.to_string().contains("line 1"), "{error}");
}

#[cfg(feature = "as2")]
#[test]
fn as2_exchange_names_the_line_and_the_field() {
    use mpcvd::as2::exchange::{Exchange, ExchangeError};
    let lines = [
        json!({"test": "t", "body": {"type": "Offer", "id": "a1", "actor": "fay", "object": {"type": "VulnerabilityReport", "id": "r1"}}}),
        json!({"test": "t", "body": {"type": "Create", "id": "a2", "actor": "acme", "object": {"type": "ParticipantStatus", "id": "s1", "rmState": "RM.MAYBE"}}}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let error = Exchange::from_jsonl(&text).unwrap_err();
    assert!(
        matches!(error, ExchangeError::Read { line: 2, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("`object.rmState`"), "{error}");
}

#[cfg(feature = "cli")]
#[test]
fn the_cli_names_the_path_and_the_participant_of_a_corrupt_case() {
    use mpcvd::conformance::replay;
    let text = include_str!("vectors/e2e-single-vendor.json");
    let case = replay(&Trace::from_json(text).unwrap()).unwrap().0;
    let mut doc = serde_json::to_value(&case).unwrap();
    let participants = doc["data"]["participants"].as_array().unwrap();
    let i = participants.iter().position(|p| p["id"] == "acme").unwrap();
    doc["data"]["participants"][i]["status"]["vfd"] = json!("vFd");
    let dir = std::env::temp_dir().join(format!("mpcvd-decoder-paths-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("case.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mpcvd"))
        .args(["vex", "--json", "--format", "csaf", "--case"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let error: Value = serde_json::from_slice(&out.stdout).unwrap();
    let message = error["error"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "case document: at `data.participants[{i}].status.vfd` (participant `acme`): unknown variant `vFd`"
        )),
        "{message}"
    );
}

#[test]
fn a_trace_step_quoting_nothing_is_narrowed_to_the_field() {
    let (_, path, message) = corrupt_trace(|doc| {
        doc["steps"][0]["action"]["report"]["title"] = json!(["not", "a", "title"]);
    });
    assert_eq!(path, "steps[0].action.report.title", "{message}");
}

#[test]
fn a_trace_key_that_is_not_a_plain_name_is_quoted_in_the_path() {
    let (step, path, message) =
        corrupt_trace(|doc| doc["steps"][1]["delivered"] = json!({ "cert.org": "yesterday" }));
    assert_eq!(step, Some(1));
    assert_eq!(path, r#"steps[1].delivered["cert.org"]"#, "{message}");
}
