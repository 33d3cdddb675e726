//! Policies are plain values that read and write as TOML as well as JSON.

use mpcvd::policy::{PRESETS, Policy};

#[test]
fn every_preset_round_trips_through_toml() {
    for (name, make) in PRESETS {
        let policy = make();
        let text = toml::to_string(&policy).unwrap_or_else(|e| panic!("{name}: {e}"));
        let back: Policy = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
        assert_eq!(back, policy, "{name}");
    }
}

#[test]
fn a_hand_written_toml_policy_loads_and_bad_ones_are_refused() {
    let text = r#"
        name = "our-psirt"
        version = "2026.1"
        attacks_end_embargo = "should"
        downstream_window_days = 21
        required_advisory_fields = ["title", "remediation"]

        [rules]
        "publish.embargo-in-force" = "deny"
        "publish.vendors-unreached" = "warn"

        [deadline]
        anchor = "first_contact_attempt"
        base = { days = 60 }
    "#;
    let policy: Policy = toml::from_str(text).unwrap();
    assert_eq!(policy.name, "our-psirt");
    assert_eq!(policy.downstream_window_days, 21);
    assert_eq!(
        policy.level(mpcvd::rule::Rule::PublishVendorsUnreached),
        mpcvd::policy::Level::Warn
    );
    assert!(policy.deadline.is_some());

    let unknown_rule = "name = \"x\"\nversion = \"1\"\n[rules]\n\"publish.whenever\" = \"deny\"\n";
    assert!(
        toml::from_str::<Policy>(unknown_rule)
            .unwrap_err()
            .to_string()
            .contains("unknown variant")
    );
    let protocol_rule = "name = \"x\"\nversion = \"1\"\n[rules]\n\"send.role\" = \"off\"\n";
    assert!(
        toml::from_str::<Policy>(protocol_rule)
            .unwrap_err()
            .to_string()
            .contains("protocol rule")
    );
}

#[test]
fn every_preset_round_trips_through_json_with_its_authority() {
    use mpcvd::policy::{Authority, Holder, Power};
    for (name, make) in PRESETS {
        let policy = make();
        let text = serde_json::to_string(&policy).unwrap();
        let back: Policy = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, policy, "{name}");
        // Every preset gives every power to the owner (by name, or as a member).
        for power in <Power as strum::IntoEnumIterator>::iter() {
            let holders = policy.authority.holders(power);
            assert!(
                holders.contains(Holder::Owner) || holders.contains(Holder::Members),
                "{name}: {power}"
            );
        }
        let expected = if *name == "vultron" || *name == "vultron-live" {
            Authority::default()
        } else {
            Authority::coordinated()
        };
        assert_eq!(policy.authority, expected, "{name}");
    }
    // A preset written before powers existed still loads, with the default's.
    let old = "name = \"cert-cc\"\nversion = \"1\"\n";
    let policy: Policy = toml::from_str(old).unwrap();
    assert_eq!(policy.authority, Authority::default());
}
