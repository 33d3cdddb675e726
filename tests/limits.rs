//! One test per library bound of docs/DESIGN.md's limits table ("What are the
//! limits?") that no other test file exceeds: an input just past the bound is
//! refused with an error naming it (or, for the caps that truncate, is cut there).
//!
//! Bounds exceeded elsewhere, not repeated here:
//! - `case::MAX_PARTICIPANTS` (members, recipients), `participant::MAX_TEXT_LEN`,
//!   `id::MAX_ID_LEN`: tests/case_errors.rs (`too_many_participants`,
//!   `too_many_recipients`, `oversized_text`, `overlong_ids_…`); a loaded case of
//!   4,100 participants and JSON nested 100,000 deep: tests/hostile_corrupt.rs.
//! - `view::MAX_TOLD`: tests/case_model.rs and `view::tests`.
//! - `analysis::MAX_EVENTS`: tests/analysis_variants.rs (`refuses_too_many_or_no_events`).
//! - `analysis::explore::{MAX_PARTICIPANTS, MAX_CHANNEL_BOUND}` and the budget:
//!   tests/explore.rs (`the_budget_stops_the_search_and_says_so`, the config errors).
//! - `calendar::MAX_SEARCH_DAYS`: tests/deadline.rs.
//!
//! The CLI's bounds (input size, `as2 read` lines, `--runs`): tests/cli_limits.rs.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a failed assertion"
)]

mod support;

use mpcvd::analysis::{MAX_FORCING, ModelError, ProcessModel};
use mpcvd::case::{
    Action, Case, CaseError, DisputeCause, DisputeOutcome, Limit, MAX_RECORDS, MAX_TIMELINE,
    ReplayError,
};
use mpcvd::conformance::{MAX_STEPS, Trace, TraceError, check};
use mpcvd::policy::{MAX_POLICY_DAYS, MAX_POLICY_NAME, Policy};
use support::{COORDINATOR, REPORTER, VENDOR, act, case_with, id, ok, refused, t};

fn policy(fields: &str) -> Result<Policy, String> {
    serde_json::from_str::<Policy>(&format!(r#"{{"name": "p", "version": "1"{fields}}}"#))
        .map_err(|e| e.to_string())
}

#[test]
fn a_timeline_longer_than_max_timeline_is_refused() {
    let mut case = case_with(&[("fay", REPORTER), ("acme", VENDOR)]);
    ok(&mut case, act("fay", Action::AgreeToRules), t(1));
    let mut timeline = case.timeline().clone();
    let entry = timeline.entries.last().unwrap().clone();
    let more = MAX_TIMELINE + 1 - timeline.entries.len();
    timeline.entries.extend(std::iter::repeat_n(entry, more));
    let err = Case::replay(&timeline).unwrap_err();
    assert_eq!(
        err,
        ReplayError::Refused {
            index: MAX_TIMELINE,
            error: CaseError::TooLarge {
                what: Limit::Timeline,
                limit: MAX_TIMELINE,
                found: MAX_TIMELINE + 1,
            },
        }
    );
    assert!(err.to_string().contains("limit"), "{err}");
}

#[test]
fn one_input_listing_more_than_max_records_items_is_refused() {
    let mut case = case_with(&[("cert", COORDINATOR), ("fay", REPORTER), ("acme", VENDOR)]);
    ok(
        &mut case,
        act(
            "fay",
            Action::OpenDispute {
                cause: DisputeCause::Timing,
                detail: "too long".into(),
            },
        ),
        t(1),
    );
    let agreed_by = vec![id("acme"); MAX_RECORDS + 1];
    let err = refused(
        &mut case,
        act(
            "cert",
            Action::ResolveDispute {
                dispute: 1,
                outcome: DisputeOutcome::Vulnerability,
                agreed_by,
            },
        ),
        t(2),
    );
    assert_eq!(
        err,
        CaseError::TooLarge {
            what: Limit::Records,
            limit: MAX_RECORDS,
            found: MAX_RECORDS + 1,
        }
    );
}

#[test]
fn a_case_holds_at_most_max_records_disputes() {
    let mut case = case_with(&[("fay", REPORTER), ("acme", VENDOR)]);
    let open = || {
        act(
            "fay",
            Action::OpenDispute {
                cause: DisputeCause::Timing,
                detail: String::new(),
            },
        )
    };
    for _ in 0..MAX_RECORDS {
        ok(&mut case, open(), t(1));
    }
    let err = refused(&mut case, open(), t(1));
    assert_eq!(
        err,
        CaseError::TooLarge {
            what: Limit::Records,
            limit: MAX_RECORDS,
            found: MAX_RECORDS + 1,
        }
    );
}

#[test]
fn a_trace_longer_than_max_steps_is_refused_before_any_step() {
    let step = r#"{"at": "2026-01-02T00:00:00Z", "input": "tick"}"#;
    let steps = vec![step; MAX_STEPS + 1].join(",");
    let text = format!(
        r#"{{"case": "VU#1", "start": "2026-01-01T00:00:00Z", "policy": "vultron",
            "participants": [{{"id": "fay", "name": "fay", "roles": ["finder", "reporter"]}}],
            "steps": [{steps}]}}"#
    );
    let trace = Trace::from_json(&text).unwrap();
    let err = check(&trace).unwrap_err();
    assert_eq!(
        err,
        TraceError::TooLong {
            found: MAX_STEPS + 1
        }
    );
    assert!(err.to_string().contains("limit of 100000"), "{err}");
}

#[test]
fn a_model_with_more_than_max_forcing_rules_is_refused() {
    let model = |rules: usize| {
        let rule = r#"{"pattern": "a", "only": "A"}"#;
        format!(
            r#"{{"name": "one", "events": [{{"letter": "A", "name": "a"}}], "forcing": [{}]}}"#,
            vec![rule; rules].join(",")
        )
    };
    assert!(ProcessModel::from_json(&model(MAX_FORCING)).is_ok());
    let err = ProcessModel::from_json(&model(MAX_FORCING + 1)).unwrap_err();
    assert_eq!(
        err,
        ModelError::ForcingCount {
            count: MAX_FORCING + 1
        }
    );
    assert!(err.to_string().contains("at most 1024"), "{err}");
}

#[test]
fn policy_windows_periods_and_names_beyond_their_bounds_are_refused() {
    let days = MAX_POLICY_DAYS + 1;
    let err = policy(&format!(r#", "downstream_window_days": {days}"#)).unwrap_err();
    assert!(
        err.contains("downstream_window_days: 3651 days is out of range"),
        "{err}"
    );
    assert!(policy(&format!(r#", "downstream_window_days": {MAX_POLICY_DAYS}"#)).is_ok());

    let period = mpcvd::deadline::MAX_PERIOD_DAYS + 1;
    let deadline = format!(
        r#", "deadline": {{"anchor": "first_contact_attempt", "base": {{"days": {period}}}}}"#
    );
    let err = policy(&deadline).unwrap_err();
    assert!(
        err.contains("base.days") && err.contains("at most 36525"),
        "{err}"
    );

    let long = "n".repeat(MAX_POLICY_NAME + 1);
    let err = serde_json::from_str::<Policy>(&format!(r#"{{"name": "{long}", "version": "1"}}"#))
        .unwrap_err()
        .to_string();
    assert!(err.contains("name: must be 1 to 128 characters"), "{err}");
}

#[test]
fn a_diagram_label_is_cut_at_max_label() {
    use mpcvd::export::sequence::{MAX_LABEL, Sequence};
    let mut diagram = Sequence::new();
    diagram.message("a", "b", &"x".repeat(10 * MAX_LABEL), false);
    diagram.note("a", &"y".repeat(MAX_LABEL + 1));
    let text = diagram.render();
    let kept = format!("{}…", "x".repeat(MAX_LABEL));
    assert!(text.contains(&format!("p0->>p1: {kept}\n")), "{text}");
    assert!(
        text.contains(&format!("Note over p0: {}…\n", "y".repeat(MAX_LABEL))),
        "{text}"
    );
}

#[test]
fn a_deeply_nested_toml_policy_is_refused_not_a_stack_overflow() {
    // The library reads no TOML itself; the `toml` crate a caller uses stops deep
    // nesting with an error, as serde_json does for JSON (tests/hostile_corrupt.rs).
    let deep = format!(
        "name = \"p\"\nversion = \"1\"\nrules = {}{}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let err = toml::from_str::<Policy>(&deep).unwrap_err().to_string();
    assert!(
        err.contains("max recursion depth"),
        "{}",
        &err[err.len().saturating_sub(200)..]
    );
}

#[cfg(feature = "as2")]
mod as2 {
    use mpcvd::as2::exchange::{Exchange, ExchangeError, MAX_LINES};
    use mpcvd::as2::{Activity, MAX_DOCUMENT};

    #[test]
    fn a_document_over_max_document_is_refused_unparsed() {
        let padding = " ".repeat(MAX_DOCUMENT);
        let text = format!(r#"{{"type": "Offer"}}{padding}"#);
        let err = Activity::from_json(&text).unwrap_err().to_string();
        assert!(err.contains("exceed the limit of 1048576"), "{err}");
    }

    /// A ledger entry announcing a ledger entry … `levels` deep, around an empty
    /// payload.
    fn nested(levels: usize) -> serde_json::Value {
        let mut doc = serde_json::json!({});
        for i in 0..levels {
            doc = serde_json::json!({
                "type": "Announce",
                "id": format!("urn:a{i}"),
                "actor": "urn:cert",
                "object": {"type": "CaseLedgerEntry", "logIndex": i, "payloadSnapshot": doc},
            });
        }
        doc
    }

    #[test]
    fn ledger_entries_nested_beyond_max_depth_are_refused() {
        use mpcvd::as2::{MAX_DEPTH, NoResolve, read};
        let depth = usize::from(MAX_DEPTH);
        // Within the bound, the innermost (empty) payload is what is wrong.
        let err = read(&nested(depth), &NoResolve).unwrap_err().to_string();
        assert!(err.contains("no `type` string"), "{err}");
        let err = read(&nested(depth + 1), &NoResolve)
            .unwrap_err()
            .to_string();
        assert!(err.contains("nested too deeply"), "{err}");
    }

    #[test]
    fn an_exchange_of_more_than_max_lines_is_refused() {
        let text = "\n".repeat(MAX_LINES + 1);
        assert_eq!(
            Exchange::from_jsonl(&text).unwrap_err(),
            ExchangeError::TooLong {
                found: MAX_LINES + 1
            }
        );
        let long = format!(
            "{{\"type\": \"Offer\", \"x\": \"{}\"}}",
            "x".repeat(MAX_DOCUMENT)
        );
        let err = Exchange::from_jsonl(&long).unwrap_err().to_string();
        assert!(err.contains("longer than 1048576 bytes"), "{err}");
    }
}

#[cfg(feature = "simulate")]
mod simulate {
    use mpcvd::policy::{MAX_POLICY_DAYS, Policy};
    use mpcvd::simulate::model::{MAX_HORIZON_DAYS, MAX_VENDORS};
    use mpcvd::simulate::{BehaviourModel, Simulation};

    fn model(vendors: u32, extra: &str) -> String {
        format!(
            r#"{{"name": "m", "shape": {{"vendors": {vendors}, "coordinator": true,
                "supply_chain": false, "deployer": false}}{extra}}}"#
        )
    }

    #[test]
    fn more_than_max_vendors_is_refused_on_load_and_by_the_simulation() {
        let err = BehaviourModel::from_json(&model(MAX_VENDORS + 1, ""))
            .unwrap_err()
            .to_string();
        assert!(err.contains("shape.vendors") && err.contains("64"), "{err}");
        // A model built in code is checked when the simulation is prepared.
        let mut built = BehaviourModel::from_json(&model(1, "")).unwrap();
        built.shape.vendors = MAX_VENDORS + 1;
        let err = Simulation::new(&built, Policy::default())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("shape.vendors"), "{err}");
    }

    #[test]
    fn a_horizon_or_embargo_beyond_its_bound_is_refused() {
        let over = MAX_HORIZON_DAYS + 1.0;
        let err = BehaviourModel::from_json(&model(1, &format!(r#", "horizon_days": {over}"#)))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("horizon_days") && err.contains("36525"),
            "{err}"
        );
        let days = MAX_POLICY_DAYS + 1;
        let err = BehaviourModel::from_json(&model(1, &format!(r#", "embargo_days": {days}"#)))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("embargo_days") && err.contains("3650"),
            "{err}"
        );
    }
}

#[cfg(feature = "vex")]
mod vex {
    use mpcvd::vex::metadata::MAX_METADATA_ITEMS;
    use mpcvd::vex::products::MAX_PRODUCTS;
    use mpcvd::vex::{self, Metadata, Products};

    use super::support::{REPORTER, VENDOR, case_with};

    #[test]
    fn more_than_max_products_is_refused() {
        let case = case_with(&[("fay", REPORTER), ("acme", VENDOR)]);
        let products: Vec<String> = (0..=MAX_PRODUCTS)
            .map(|i| format!(r#"{{"id": "p{i}", "name": "P{i}", "vendor": "acme"}}"#))
            .collect();
        let products =
            Products::from_json(&format!(r#"{{"products": [{}]}}"#, products.join(","))).unwrap();
        let err = vex::csaf::document(&case, &products, &Metadata::default()).unwrap_err();
        assert_eq!(err.path(), "products");
        assert!(
            err.to_string()
                .contains("4097 products exceed the limit of 4096"),
            "{err}"
        );
    }

    #[test]
    fn more_than_max_metadata_items_is_refused() {
        let case = case_with(&[("fay", REPORTER), ("acme", VENDOR)]);
        let reference = r#"{"url": "https://example.com/a", "summary": "A"}"#;
        let metadata = Metadata::from_json(&format!(
            r#"{{"references": [{}]}}"#,
            vec![reference; MAX_METADATA_ITEMS + 1].join(",")
        ))
        .unwrap();
        let err = vex::openvex::document(&case, &Products::default(), &metadata).unwrap_err();
        assert_eq!(err.path(), "metadata.references");
        assert!(
            err.to_string()
                .contains("1025 items exceed the limit of 1024"),
            "{err}"
        );
    }
}
