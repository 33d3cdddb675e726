//! Arbitrary bytes into every JSON decoder of a state-bearing type (case, policy,
//! input, protocol state) and every text parser (case state, pattern, vfd, pxa, role
//! set): no panic, and whatever is accepted is valid and round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpcvd::case::{Case, Input};
use mpcvd::cs::{CaseState, Pxa, StatePattern, Vfd};
use mpcvd::policy::Policy;
use mpcvd::protocol::ProtocolState;
use mpcvd::role::RoleSet;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(case) = serde_json::from_str::<Case>(text) {
        case.check_invariants().expect("a loaded case holds its invariants");
        let again: Case = serde_json::from_str(&serde_json::to_string(&case).expect("ser")).expect("reload");
        assert_eq!(again, case);
    }
    if let Ok(policy) = serde_json::from_str::<Policy>(text) {
        policy.validate().expect("a loaded policy is valid");
    }
    let _ = serde_json::from_str::<Input>(text);
    if let Ok(state) = serde_json::from_str::<ProtocolState>(text) {
        assert!(ProtocolState::new(state.rm(), state.em(), state.cs()).is_ok());
    }
    if let Ok(s) = text.parse::<CaseState>() {
        assert_eq!(s.to_string(), text);
    }
    if let Ok(p) = text.parse::<StatePattern>() {
        assert_eq!(p.to_string().parse::<StatePattern>().ok(), Some(p));
    }
    if let Ok(v) = text.parse::<Vfd>() {
        assert_eq!(v.to_string(), text);
    }
    if let Ok(p) = text.parse::<Pxa>() {
        assert_eq!(p.to_string(), text);
    }
    if let Ok(r) = text.parse::<RoleSet>() {
        assert_eq!(r.to_string().parse::<RoleSet>().ok(), Some(r));
    }
});
