//! The stable wire names, spelled out: snake_case state and action names, event
//! letters, `vfd` halves, case-state strings, role names, sets as arrays (duplicates
//! refused), and `ProtocolState` as `{rm, em, cs}` with unknown fields and impossible
//! combinations refused. A change here breaks stored cases and peers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a failed assertion"
)]

use std::fmt::{Debug, Display};
use std::str::FromStr;

use mpcvd::cs::{CaseState, CsEvent, History, Pxa, StatePattern, Vfd};
use mpcvd::em::{EmAction, EmState};
use mpcvd::machine::{MachineKind, Transition};
use mpcvd::message::{MessageKind, MessageModel, MessageType, Outcome};
use mpcvd::pec::{PecAction, PecState};
use mpcvd::protocol::{CsScope, ProtocolOptions, ProtocolState, StateInvariantError};
use mpcvd::rm::{RmAction, RmState};
use mpcvd::role::{Role, RoleSet};
use mpcvd::set::Set;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use strum::IntoEnumIterator;

/// `values` serialise, print and parse as `names`, in order, and nothing else parses.
fn names<T>(values: impl IntoIterator<Item = T>, names: &[&str])
where
    T: Serialize + DeserializeOwned + Display + FromStr + PartialEq + Debug + Copy,
    <T as FromStr>::Err: Debug,
{
    let values: Vec<T> = values.into_iter().collect();
    assert_eq!(values.len(), names.len(), "{values:?}");
    for (v, name) in values.iter().zip(names) {
        assert_eq!(serde_json::to_value(v).unwrap(), json!(name), "{v:?}");
        assert_eq!(serde_json::from_value::<T>(json!(name)).unwrap(), *v);
        assert_eq!(v.to_string(), *name);
        assert_eq!(name.parse::<T>().unwrap(), *v);
        // Other spellings are refused.
        let shouted = name.to_uppercase();
        if !names.contains(&shouted.as_str()) {
            assert!(
                serde_json::from_value::<T>(json!(shouted)).is_err(),
                "{shouted}"
            );
        }
        let padded = format!(" {name}");
        assert!(
            serde_json::from_value::<T>(json!(padded)).is_err(),
            "{padded}"
        );
    }
    for bad in ["", "unknown", "0"] {
        assert!(serde_json::from_value::<T>(json!(bad)).is_err(), "{bad:?}");
    }
    assert!(serde_json::from_value::<T>(json!(0)).is_err());
    assert!(serde_json::from_value::<T>(json!(null)).is_err());
}

#[test]
fn rm_names() {
    names(
        RmState::iter(),
        &[
            "start", "received", "invalid", "valid", "accepted", "deferred", "closed",
        ],
    );
    names(
        RmAction::iter(),
        &[
            "receive",
            "validate",
            "invalidate",
            "accept",
            "defer",
            "close",
        ],
    );
    // Vultron's wire aliases are not ours.
    assert!(serde_json::from_value::<RmState>(json!("REPORT_MANAGEMENT_START")).is_err());
}

#[test]
fn em_names() {
    names(
        EmState::iter(),
        &["none", "proposed", "active", "revise", "exited"],
    );
    names(
        EmAction::iter(),
        &["propose", "reject", "accept", "terminate"],
    );
}

#[test]
fn pec_names() {
    names(
        PecState::iter(),
        &["no_embargo", "invited", "signatory", "declined", "lapsed"],
    );
    names(
        PecAction::iter(),
        &["invite", "accept", "decline", "revise", "reset"],
    );
}

#[test]
fn machine_and_role_names() {
    names(MachineKind::iter(), &["rm", "em", "cs", "pec"]);
    names(
        Role::iter(),
        &[
            "finder",
            "reporter",
            "vendor",
            "coordinator",
            "deployer",
            "other",
        ],
    );
}

#[test]
fn case_state_event_letters_and_halves() {
    names(CsEvent::ALL, &["V", "F", "D", "P", "X", "A"]);
    // Long names are not wire names.
    assert!(serde_json::from_value::<CsEvent>(json!("VendorAware")).is_err());
    assert!(serde_json::from_value::<CsEvent>(json!("v")).is_err());
    names(
        [Vfd::Unaware, Vfd::Aware, Vfd::FixReady, Vfd::FixDeployed],
        &["vfd", "Vfd", "VFd", "VFD"],
    );
    assert!(serde_json::from_value::<Vfd>(json!("vFd")).is_err());
    assert!(serde_json::from_value::<Vfd>(json!("Unaware")).is_err());
    let pxa: Vec<Pxa> = ["pxa", "Pxa", "pXa", "PXa", "pxA", "PxA", "pXA", "PXA"]
        .iter()
        .map(|s| serde_json::from_value(json!(s)).unwrap())
        .collect();
    for (p, s) in pxa
        .iter()
        .zip(["pxa", "Pxa", "pXa", "PXa", "pxA", "PxA", "pXA", "PXA"])
    {
        assert_eq!(serde_json::to_value(p).unwrap(), json!(s));
    }
    assert!(serde_json::from_value::<Pxa>(json!("pxaa")).is_err());
}

#[test]
fn case_states_are_their_six_letter_strings() {
    for (text, bits) in [
        ("vfdpxa", 0b000000),
        ("Vfdpxa", 0b000001),
        ("VFdpxa", 0b000011),
        ("VFDpxa", 0b000111),
        ("VFdPxa", 0b001011),
        ("vfdPXA", 0b111000),
        ("VFDPXA", 0b111111),
    ] {
        let state = CaseState::from_bits(bits).unwrap();
        assert_eq!(serde_json::to_value(state).unwrap(), json!(text));
        assert_eq!(
            serde_json::from_value::<CaseState>(json!(text)).unwrap(),
            state
        );
    }
    for bad in [
        "vFdpxa", "vfDpxa", "VfDpxa", "VFDPX", "VFDPXAA", "vfd·xa", "VFDPXa ",
    ] {
        assert!(
            serde_json::from_value::<CaseState>(json!(bad)).is_err(),
            "{bad}"
        );
    }
    assert!(serde_json::from_value::<CaseState>(json!(0)).is_err());
    let err = serde_json::from_value::<CaseState>(json!("vFdpxa")).unwrap_err();
    assert!(err.to_string().contains("impossible"), "{err}");
}

#[test]
fn scopes_options_and_message_groupings() {
    for (scope, name) in [
        (CsScope::Vendor, "vendor"),
        (CsScope::Deployer, "deployer"),
        (CsScope::Observer, "observer"),
    ] {
        assert_eq!(serde_json::to_value(scope).unwrap(), json!(name));
        assert_eq!(
            serde_json::from_value::<CsScope>(json!(name)).unwrap(),
            scope
        );
    }
    assert_eq!(
        serde_json::to_value(ProtocolOptions::default()).unwrap(),
        json!({ "attacks_end_embargo": true })
    );
    assert_eq!(
        serde_json::from_value::<ProtocolOptions>(json!({ "attacks_end_embargo": false })).unwrap(),
        ProtocolOptions {
            attacks_end_embargo: false
        }
    );
    assert!(
        serde_json::from_value::<ProtocolOptions>(
            json!({ "attacks_end_embargo": true, "extra": 1 })
        )
        .is_err()
    );
    let models: Vec<_> = MessageModel::iter()
        .map(|m| serde_json::to_value(m).unwrap())
        .collect();
    assert_eq!(
        models,
        vec![
            json!("report"),
            json!("embargo"),
            json!("case_state"),
            json!("general")
        ]
    );
    for (kind, name) in [
        (MessageKind::Statement, "statement"),
        (MessageKind::Ack, "ack"),
        (MessageKind::Error, "error"),
    ] {
        assert_eq!(serde_json::to_value(kind).unwrap(), json!(name));
    }
    for (outcome, name) in [
        (Outcome::Applied, "applied"),
        (Outcome::Unchanged, "unchanged"),
        (Outcome::Ignored, "ignored"),
        (Outcome::Unexpected, "unexpected"),
        (Outcome::EmbargoRefused, "embargo_refused"),
    ] {
        assert_eq!(serde_json::to_value(outcome).unwrap(), json!(name));
    }
    assert_eq!(serde_json::to_value(MessageType::EV).unwrap(), json!("EV"));
}

#[test]
fn sets_are_arrays_of_distinct_members() {
    let set = Set::from_slice(&[RmState::Valid, RmState::Start, RmState::Closed]);
    // Members in declaration order, whatever the insertion order.
    assert_eq!(
        serde_json::to_value(set).unwrap(),
        json!(["start", "valid", "closed"])
    );
    assert_eq!(
        serde_json::from_value::<Set<RmState>>(json!(["closed", "start", "valid"])).unwrap(),
        set
    );
    assert_eq!(
        serde_json::to_value(Set::<EmAction>::EMPTY).unwrap(),
        json!([])
    );
    assert!(serde_json::from_value::<Set<RmState>>(json!(["start", "start"])).is_err());
    let dup =
        serde_json::from_value::<Set<RmState>>(json!(["valid", "start", "valid"])).unwrap_err();
    assert!(dup.to_string().contains("duplicate"), "{dup}");
    assert!(serde_json::from_value::<Set<RmState>>(json!(["nope"])).is_err());
    assert!(serde_json::from_value::<Set<RmState>>(json!("start")).is_err());
    assert!(serde_json::from_value::<Set<RmState>>(json!({ "start": true })).is_err());
    let events = Set::from_slice(&[CsEvent::AttacksObserved, CsEvent::VendorAware]);
    assert_eq!(serde_json::to_value(events).unwrap(), json!(["V", "A"]));
}

#[test]
fn role_sets_are_arrays_and_plus_joined_text() {
    let roles = RoleSet::of(&[Role::Reporter, Role::Finder]);
    assert_eq!(
        serde_json::to_value(roles).unwrap(),
        json!(["finder", "reporter"])
    );
    assert_eq!(roles.to_string(), "finder+reporter");
    assert_eq!("reporter+finder".parse::<RoleSet>().unwrap(), roles);
    assert_eq!(
        serde_json::from_value::<RoleSet>(json!(["reporter", "finder"])).unwrap(),
        roles
    );
    assert!(serde_json::from_value::<RoleSet>(json!(["vendor", "vendor"])).is_err());
    assert!(serde_json::from_value::<RoleSet>(json!(["owner"])).is_err());
    assert!("vendor+vendor".parse::<RoleSet>().is_err());
    assert!("".parse::<RoleSet>().is_err());
    assert!("case_owner".parse::<RoleSet>().is_err());
    assert_eq!(RoleSet::EMPTY.to_string(), "none");
}

#[test]
fn protocol_state_is_rm_em_cs() {
    let state = ProtocolState::new(
        RmState::Accepted,
        EmState::Active,
        "VFdpxa".parse().unwrap(),
    )
    .unwrap();
    let text = serde_json::to_string(&state).unwrap();
    assert_eq!(text, r#"{"rm":"accepted","em":"active","cs":"VFdpxa"}"#);
    assert_eq!(serde_json::from_str::<ProtocolState>(&text).unwrap(), state);
    assert_eq!(
        serde_json::to_value(ProtocolState::START).unwrap(),
        json!({ "rm": "start", "em": "none", "cs": "vfdpxa" })
    );
    // Unknown and missing fields are refused.
    let unknown = json!({ "rm": "start", "em": "none", "cs": "vfdpxa", "pec": "invited" });
    assert!(serde_json::from_value::<ProtocolState>(unknown).is_err());
    for missing in [
        json!({ "em": "none", "cs": "vfdpxa" }),
        json!({ "rm": "start", "cs": "vfdpxa" }),
        json!({ "rm": "start", "em": "none" }),
    ] {
        assert!(serde_json::from_value::<ProtocolState>(missing).is_err());
    }
    // Bad parts are refused.
    assert!(
        serde_json::from_value::<ProtocolState>(
            json!({ "rm": "start", "em": "none", "cs": "vFdpxa" })
        )
        .is_err()
    );
    assert!(
        serde_json::from_value::<ProtocolState>(json!({ "rm": "S", "em": "none", "cs": "vfdpxa" }))
            .is_err()
    );
}

/// The cross-model invariants documented on `ProtocolState` (reference §6 and
/// `cross_machine_invariants.py`): no embargo in force once `P` or `X`; a fix (`F`)
/// only in A, D or C; never `···pX·`.
fn broken_invariants(rm: RmState, em: EmState, cs: &str) -> Vec<&'static str> {
    let c: Vec<char> = cs.chars().collect();
    let mut broken = Vec::new();
    if matches!(em, EmState::Active | EmState::Revise) && (c[3] == 'P' || c[4] == 'X') {
        broken.push("embargo");
    }
    if c[1] == 'F' && !matches!(rm, RmState::Accepted | RmState::Deferred | RmState::Closed) {
        broken.push("fix");
    }
    if c[3] == 'p' && c[4] == 'X' {
        broken.push("exploit");
    }
    broken
}

#[test]
fn impossible_protocol_states_are_refused() {
    let mut accepted = 0;
    for rm in RmState::iter() {
        for em in EmState::iter() {
            for cs in CaseState::all() {
                let text = cs.to_string();
                let raw = json!({ "rm": rm, "em": em, "cs": text });
                let parsed = serde_json::from_value::<ProtocolState>(raw.clone());
                let built = ProtocolState::new(rm, em, cs);
                let broken = broken_invariants(rm, em, &text);
                match broken.first() {
                    None => {
                        accepted += 1;
                        assert_eq!(parsed.unwrap(), built.unwrap(), "{raw}");
                    }
                    Some(_) => {
                        assert!(parsed.is_err(), "{raw} accepted");
                        let err = built.unwrap_err();
                        let kind = match err {
                            StateInvariantError::EmbargoAfterDisclosure { .. } => "embargo",
                            StateInvariantError::FixWithoutAcceptance { .. } => "fix",
                            StateInvariantError::ExploitWithoutPublic { .. } => "exploit",
                            other => panic!("{other:?}"),
                        };
                        assert!(
                            broken.contains(&kind),
                            "{raw}: {kind}, expected one of {broken:?}"
                        );
                    }
                }
            }
        }
    }
    // Of 7 × 5 × 32 = 1120 combinations: the 8 `···pX·` states are out; each of the
    // other 24 states allows EM N, P, X and, if `···px·` (4 of the 12 per fix
    // half), A and R: 3 × 12 + 2 × 4 = 44 (RM, EM) pairs per RM state; the 12
    // no-fix states allow all 7 RM states, the 12 fix states (`VF····`) only A,
    // D, C: 44 × 7 + 44 × 3 = 440.
    assert_eq!(accepted, 440);
}

#[test]
fn tables_patterns_and_histories_serialise_readably() {
    let row = Transition::new(RmState::Start, RmAction::Receive, RmState::Received);
    assert_eq!(
        serde_json::to_value(row).unwrap(),
        json!({ "from": "start", "action": "receive", "to": "received" })
    );
    let edge = CaseState::edges().next().unwrap();
    assert_eq!(
        serde_json::to_value(edge).unwrap(),
        json!({ "from": "vfdpxa", "action": "V", "to": "Vfdpxa" })
    );
    let pattern: StatePattern = "···pxa".parse().unwrap();
    assert_eq!(serde_json::to_value(pattern).unwrap(), json!("···pxa"));
    let first = History::all()[0];
    assert_eq!(
        serde_json::to_value(first).unwrap(),
        json!(first.to_string())
    );
    assert_eq!(first.to_string().len(), 6);
}
