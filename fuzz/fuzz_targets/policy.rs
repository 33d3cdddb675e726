//! Arbitrary text into the policy loaders, JSON (`serde_json`) and TOML (`toml`,
//! as `tests/policy_toml.rs` reads policies): no input may panic; a loaded policy
//! validates, answers a level for every rule, and writes back in both formats to
//! text that loads as the same policy (so a policy read from either format can
//! be kept in the other).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpcvd::policy::Policy;
use mpcvd::rule::Rule;

fn check(policy: &Policy) {
    policy.validate().expect("a loaded policy is valid");
    for rule in <Rule as strum::IntoEnumIterator>::iter() {
        let _ = policy.level(rule);
    }
    let _ = policy.protocol_options();
    let json = serde_json::to_string(policy).expect("a policy writes as JSON");
    let from_json: Policy = serde_json::from_str(&json).expect("a written JSON policy loads");
    assert_eq!(&from_json, policy, "JSON round trip\n{json}");
    let toml = toml::to_string(policy).expect("a policy writes as TOML");
    let from_toml: Policy = toml::from_str(&toml).expect("a written TOML policy loads");
    assert_eq!(&from_toml, policy, "TOML round trip\n{toml}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(policy) = serde_json::from_str::<Policy>(text) {
        check(&policy);
    }
    if let Ok(policy) = toml::from_str::<Policy>(text) {
        check(&policy);
    }
});
