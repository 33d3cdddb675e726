//! Whole CSAF 2.0 VEX and OpenVEX documents from the corpus's end-to-end cases,
//! validated against the official schemas (tests/fixtures/standards/, draft 2020-12,
//! offline), and read back to the same product statuses.
//!
//! With `MPCVD_CSAF_OUT=DIR` set, every generated CSAF document is also written to
//! DIR, where `.ci/run` runs the BSI's csaf-validator-lib (mandatory tests) on them.
#![cfg(feature = "vex")]

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use chrono::{DateTime, Utc};
use mpcvd::case::{Action, Case, Input};
use mpcvd::conformance::{Trace, replay};
use mpcvd::em::EmState;
use mpcvd::mapping::{NotAffected, VexJustification, VexStatus};
use mpcvd::participant::{Affectedness, ParticipantId};
use mpcvd::vex::{self, Metadata, Product, Products, VexError};
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/standards")
        .join(name);
    serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap()
}

struct Schemas {
    csaf: jsonschema::Validator,
    openvex: jsonschema::Validator,
}

fn schemas() -> Schemas {
    let registry = jsonschema::Registry::new()
        .add(
            "https://www.first.org/cvss/cvss-v2.0.json",
            fixture("cvss-v2.0.json"),
        )
        .unwrap()
        .add(
            "https://www.first.org/cvss/cvss-v3.0.json",
            fixture("cvss-v3.0.json"),
        )
        .unwrap()
        .add(
            "https://www.first.org/cvss/cvss-v3.1.json",
            fixture("cvss-v3.1.json"),
        )
        .unwrap()
        .prepare()
        .unwrap();
    let build = |schema: &Value| {
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .with_registry(&registry)
            .should_validate_formats(true)
            .build(schema)
            .unwrap()
    };
    Schemas {
        csaf: build(&fixture("csaf_json_schema.json")),
        openvex: build(&fixture("openvex_json_schema.json")),
    }
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn id(s: &str) -> ParticipantId {
    ParticipantId::new(s).unwrap()
}

fn trace(name: &str) -> Trace {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/vectors/{name}.json"));
    Trace::from_json(&fs::read_to_string(path).unwrap()).unwrap()
}

fn case_of(trace: &Trace) -> Case {
    replay(trace).unwrap().0
}

/// The trace's case after its first `steps` steps.
fn prefix(name: &str, steps: usize) -> Case {
    let mut t = trace(name);
    t.steps.truncate(steps);
    case_of(&t)
}

fn act(case: &mut Case, actor: &str, action: Action, at: DateTime<Utc>) {
    case.handle(
        Input::Act {
            actor: id(actor),
            action,
        },
        at,
    )
    .unwrap();
}

/// The named end-to-end cases: every e2e trace of the corpus, and the states the
/// corpus passes through but does not end in (embargoed, not affected).
fn cases() -> Vec<(String, Case, Products)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("e2e-") && n.ends_with(".json"))
        .map(|n| n.trim_end_matches(".json").to_owned())
        .collect();
    names.sort();
    let mut out: Vec<(String, Case, Products)> = names
        .iter()
        .map(|n| (n.clone(), case_of(&trace(n)), Products::default()))
        .collect();
    // Embargoed: the horizontal case under its embargo, acme fixed, bolt working on it.
    out.push((
        "embargoed".into(),
        prefix("e2e-horizontal", 13),
        Products::default(),
    ));
    // Not affected: one vendor of the horizontal case marked not affected, without a
    // justification (the default impact statement), with one, and with a statement.
    let mut not_affected = prefix("e2e-horizontal", 5);
    let at = not_affected.now();
    act(
        &mut not_affected,
        "cert",
        Action::MarkAffected {
            vendor: id("bolt"),
            affected: Affectedness::NotAffected,
        },
        at,
    );
    out.push((
        "not-affected".into(),
        not_affected.clone(),
        Products::default(),
    ));
    let products = |reason: NotAffected| Products {
        products: vec![
            Product {
                id: "acme-router-2.1".into(),
                name: "Acme Router 2.1".into(),
                vendor: id("acme"),
                version: Some("2.1".into()),
                purl: Some("pkg:generic/acme/router@2.1".into()),
                cpe: None,
                not_affected: NotAffected::default(),
            },
            Product {
                id: "bolt-switch".into(),
                name: "Bolt Switch".into(),
                vendor: id("bolt"),
                version: None,
                purl: None,
                cpe: Some("cpe:2.3:h:bolt:switch:-:*:*:*:*:*:*:*".into()),
                not_affected: reason,
            },
        ],
    };
    out.push((
        "not-affected-justified".into(),
        not_affected.clone(),
        products(NotAffected::justified(
            VexJustification::ComponentNotPresent,
        )),
    ));
    out.push((
        "not-affected-stated".into(),
        not_affected,
        products(NotAffected::stated("Bolt Switch does not ship the parser.")),
    ));
    out
}

/// OpenVEX names products by IRI; map them back to the CSAF product ids.
fn openvex_by_product_id(products: &Products, doc: &Value) -> BTreeMap<String, VexStatus> {
    let by_iri = vex::openvex::product_statuses(doc);
    products
        .products
        .iter()
        .filter_map(|p| {
            by_iri
                .get(&vex::openvex::product_iri(p))
                .map(|s| (p.id.clone(), *s))
        })
        .collect()
}

#[test]
fn the_validator_setup_accepts_the_tcs_examples_and_rejects_a_defect() {
    let schemas = schemas();
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/standards/csaf_vex_examples");
    let mut checked = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let doc: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            errors(&schemas.csaf, &doc),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
        // Two identical involvements: the schema's uniqueItems refuses them.
        let mut broken = doc.clone();
        broken["vulnerabilities"][0]["involvements"] = json!([
            {"party": "vendor", "status": "open"},
            {"party": "vendor", "status": "open"}
        ]);
        assert!(!schemas.csaf.is_valid(&broken), "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} examples");
    // OpenVEX: a statement without `vulnerability` fails.
    let bad = json!({
        "@context": "https://openvex.dev/ns/v0.2.0", "@id": "urn:x:1", "author": "a",
        "timestamp": "2026-01-01T00:00:00Z", "version": 1,
        "statements": [{"products": [{"@id": "urn:p"}], "status": "fixed"}]
    });
    assert!(!schemas.openvex.is_valid(&bad));
    // A CVSS reference resolves offline: a bad CVSS 3.1 vector fails.
    let mut scored: Value = fixture("csaf_vex_examples/2022-evd-uc-01-a-001.json");
    scored["vulnerabilities"][0]["scores"] = json!([{
        "products": ["CSAFPID-0001"],
        "cvss_v3": {"version": "3.1", "vectorString": "nonsense", "baseScore": 11.0, "baseSeverity": "CRITICAL"}
    }]);
    assert!(!schemas.csaf.is_valid(&scored));
}

#[test]
fn every_end_to_end_case_gives_valid_documents_with_the_same_statuses() {
    let schemas = schemas();
    let out_dir = std::env::var_os("MPCVD_CSAF_OUT");
    let cases = cases();
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for (name, case, products) in &cases {
        let csaf = vex::csaf::document(case, products, &Metadata::default()).unwrap();
        let openvex = vex::openvex::document(case, products, &Metadata::default()).unwrap();
        for (format, validator, doc) in [
            ("csaf", &schemas.csaf, &csaf),
            ("openvex", &schemas.openvex, &openvex),
        ] {
            let errs = errors(validator, doc);
            if !errs.is_empty() {
                failures.push(format!("{name} ({format}): {errs:#?}"));
            }
        }
        let used = products.or_vendors(case);
        let from_csaf = vex::csaf::product_statuses(&csaf);
        let from_openvex = openvex_by_product_id(&used, &openvex);
        assert_eq!(from_csaf.len(), used.products.len(), "{name}");
        assert_eq!(from_csaf, from_openvex, "{name}: CSAF and OpenVEX disagree");
        let expected: BTreeMap<String, VexStatus> = used
            .statements(case)
            .unwrap()
            .iter()
            .map(|s| (s.product.id.clone(), s.status))
            .collect();
        assert_eq!(from_csaf, expected, "{name}");
        if let Some(dir) = &out_dir {
            let path = Path::new(dir).join(format!("{name}.json"));
            fs::write(path, serde_json::to_string_pretty(&csaf).unwrap()).unwrap();
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn statuses(case: &Case) -> BTreeMap<String, VexStatus> {
    vex::csaf::product_statuses(
        &vex::csaf::document(case, &Products::default(), &Metadata::default()).unwrap(),
    )
}

fn by_name(name: &str) -> (Case, Products) {
    cases()
        .into_iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, c, p)| (c, p))
        .unwrap()
}

#[test]
fn each_named_case_has_the_statuses_its_story_says() {
    use VexStatus::*;
    let s = |name: &str| statuses(&by_name(name).0);
    let map = |pairs: &[(&str, VexStatus)]| -> BTreeMap<String, VexStatus> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
    };
    // Single vendor, fixed and published.
    assert_eq!(s("e2e-single-vendor"), map(&[("CSAFPID-acme", Fixed)]));
    // Horizontal: two vendors, both fixed.
    assert_eq!(
        s("e2e-horizontal"),
        map(&[("CSAFPID-acme", Fixed), ("CSAFPID-bolt", Fixed)])
    );
    // Vertical supply chain: library and product vendor, both fixed.
    assert_eq!(
        s("e2e-vertical-supply-chain"),
        map(&[("CSAFPID-lib", Fixed), ("CSAFPID-app", Fixed)])
    );
    // Silent vendor: under investigation, never "not affected".
    assert_eq!(
        s("e2e-vendor-never-answers"),
        map(&[("CSAFPID-acme", UnderInvestigation)])
    );
    // Dispute ("not a vulnerability", the vendor invalidated): under investigation.
    assert_eq!(
        s("e2e-dispute-not-a-vulnerability"),
        map(&[("CSAFPID-acme", UnderInvestigation)])
    );
    // Embargoed: acme fixed, bolt accepted the report (affected, no fix yet).
    assert_eq!(
        s("embargoed"),
        map(&[("CSAFPID-acme", Fixed), ("CSAFPID-bolt", Affected)])
    );
    // Not affected: bolt; acme is still silent.
    assert_eq!(
        s("not-affected"),
        map(&[
            ("CSAFPID-acme", UnderInvestigation),
            ("CSAFPID-bolt", NotAffected)
        ])
    );
}

#[test]
fn an_embargoed_case_is_red_draft_and_says_why() {
    let (case, products) = by_name("embargoed");
    assert_eq!(case.em(), EmState::Active);
    let csaf = vex::csaf::document(&case, &products, &Metadata::default()).unwrap();
    assert_eq!(csaf["document"]["distribution"]["tlp"]["label"], "RED");
    assert_eq!(csaf["document"]["tracking"]["status"], "draft");
    let notes = csaf["document"]["notes"].to_string();
    assert!(notes.contains("Not for publication"), "{notes}");
    assert!(
        notes.contains("publish.during-embargo") || notes.contains("embargo is in force"),
        "{notes}"
    );
    let openvex = vex::openvex::document(&case, &products, &Metadata::default()).unwrap();
    for st in openvex["statements"].as_array().unwrap() {
        assert!(st["status_notes"].as_str().unwrap().contains("TLP:RED"));
    }
    // A published case is not marked so.
    let (published, products) = by_name("e2e-single-vendor");
    let csaf = vex::csaf::document(&published, &products, &Metadata::default()).unwrap();
    assert_eq!(csaf["document"]["distribution"]["tlp"]["label"], "WHITE");
    assert_eq!(csaf["document"]["tracking"]["status"], "interim"); // the case is still open
    assert!(
        !csaf["document"]["notes"]
            .to_string()
            .contains("Not for publication")
    );
}

#[test]
fn involvements_are_unique_and_name_their_participants() {
    let (case, products) = by_name("e2e-horizontal");
    let csaf = vex::csaf::document(&case, &products, &Metadata::default()).unwrap();
    let involvements = csaf["vulnerabilities"][0]["involvements"]
        .as_array()
        .unwrap();
    assert_eq!(involvements.len(), case.participants().len());
    for p in case.participants() {
        assert!(
            involvements.iter().any(|i| i["summary"]
                .as_str()
                .unwrap()
                .contains(&format!("({})", p.id()))),
            "{}",
            p.id()
        );
    }
    // §6.1.24: no (party, date) pair twice.
    let mut pairs = std::collections::BTreeSet::new();
    for i in involvements.iter().filter(|i| i.get("date").is_some()) {
        assert!(
            pairs.insert((i["party"].to_string(), i["date"].to_string())),
            "{i}"
        );
    }
    // Silent vendor: contact attempted.
    let (silent, products) = by_name("e2e-vendor-never-answers");
    let csaf = vex::csaf::document(&silent, &products, &Metadata::default()).unwrap();
    let acme = csaf["vulnerabilities"][0]["involvements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["party"] == "vendor")
        .unwrap()
        .clone();
    assert_eq!(acme["status"], "contact_attempted");
}

#[test]
fn not_affected_carries_a_justification_or_an_impact_statement() {
    let (case, products) = by_name("not-affected-justified");
    let csaf = vex::csaf::document(&case, &products, &Metadata::default()).unwrap();
    assert_eq!(
        csaf["vulnerabilities"][0]["flags"],
        json!([{"label": "component_not_present", "product_ids": ["bolt-switch"]}])
    );
    let openvex = vex::openvex::document(&case, &products, &Metadata::default()).unwrap();
    let bolt = openvex["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["status"] == "not_affected")
        .unwrap();
    assert_eq!(bolt["justification"], "component_not_present");
    let (case, products) = by_name("not-affected-stated");
    let csaf = vex::csaf::document(&case, &products, &Metadata::default()).unwrap();
    let threats = csaf["vulnerabilities"][0]["threats"].as_array().unwrap();
    assert!(threats.contains(&json!({
        "category": "impact",
        "details": "Bolt Switch does not ship the parser.",
        "product_ids": ["bolt-switch"]
    })));
    let openvex = vex::openvex::document(&case, &products, &Metadata::default()).unwrap();
    let bolt = openvex["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["status"] == "not_affected")
        .unwrap();
    assert_eq!(
        bolt["impact_statement"],
        "Bolt Switch does not ship the parser."
    );
    assert!(bolt.get("justification").is_none());
    // Affected products carry an action statement and a remediation.
    let (case, products) = by_name("embargoed");
    let csaf = vex::csaf::document(&case, &products, &Metadata::default()).unwrap();
    assert_eq!(
        csaf["vulnerabilities"][0]["remediations"],
        json!([
            {"category": "vendor_fix", "details": "A fix is available from the vendor.",
             "product_ids": ["CSAFPID-acme"], "date": "2026-01-21T00:00:00Z"},
            {"category": "none_available",
             "details": "No fix is available yet; follow the vendor's advisory for updates.",
             "product_ids": ["CSAFPID-bolt"]}
        ])
    );
    let openvex = vex::openvex::document(&case, &products, &Metadata::default()).unwrap();
    let bolt = openvex["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["status"] == "affected")
        .unwrap();
    assert!(bolt["action_statement"].is_string());
}

#[test]
fn caller_metadata_is_used_and_checked_with_field_paths() {
    let (case, _) = by_name("e2e-horizontal");
    let metadata = Metadata::from_json(
        r#"{"publisher": {"name": "CERT Example", "namespace": "https://cert.example.com", "category": "coordinator"},
            "tracking_id": "EX-2026-0001", "title": "Parser overflow",
            "revision_history": [
              {"number": 1, "date": "2026-04-20T00:00:00Z", "summary": "Initial."},
              {"number": 2, "date": "2026-04-21T00:00:00Z", "summary": "Fixes."}],
            "references": [{"url": "https://cert.example.com/EX-2026-0001", "summary": "Advisory"}]}"#,
    )
    .unwrap();
    let schemas = schemas();
    let csaf = vex::csaf::document(&case, &Products::default(), &metadata).unwrap();
    assert_eq!(errors(&schemas.csaf, &csaf), Vec::<String>::new());
    assert_eq!(csaf["document"]["tracking"]["version"], "2");
    assert_eq!(
        csaf["document"]["publisher"]["namespace"],
        "https://cert.example.com"
    );
    let openvex = vex::openvex::document(&case, &Products::default(), &metadata).unwrap();
    assert_eq!(errors(&schemas.openvex, &openvex), Vec::<String>::new());
    assert_eq!(openvex["@id"], "https://cert.example.com/vex/EX-2026-0001");
    assert_eq!(openvex["version"], 2);
    if let Some(dir) = std::env::var_os("MPCVD_CSAF_OUT") {
        fs::write(
            Path::new(&dir).join("caller-metadata.json"),
            csaf.to_string(),
        )
        .unwrap();
    }

    let err = Metadata::from_json(
        r#"{"publisher": {"name": "X", "namespace": "https://x", "category": "boss"}}"#,
    )
    .unwrap_err();
    assert_eq!(err.path(), "publisher.category", "{err}");
    let err = Metadata::from_json(r#"{"titel": "x"}"#).unwrap_err();
    assert!(matches!(err, VexError::Parse { .. }), "{err}");
    let bad = Metadata::from_json(
        r#"{"publisher": {"name": "X", "namespace": "not a uri", "category": "other"}}"#,
    )
    .unwrap();
    let err = vex::csaf::document(&case, &Products::default(), &bad).unwrap_err();
    assert_eq!(err.path(), "metadata.publisher.namespace");
    let bad = Metadata::from_json(
        r#"{"revision_history": [{"number": 2, "date": "2026-04-20T00:00:00Z", "summary": "x"}]}"#,
    )
    .unwrap();
    let err = vex::openvex::document(&case, &Products::default(), &bad).unwrap_err();
    assert_eq!(err.path(), "metadata.revision_history[0].number");
}

/// Found by the `vex_builders` fuzz target: an unknown key with no name (`{"": …}`)
/// gave an empty path, and a key holding a dot read as two segments.
#[test]
fn keys_that_are_not_plain_names_are_quoted_in_the_path() {
    let err = Products::from_json(r#"{"": [], "products": []}"#).unwrap_err();
    assert_eq!(err.path(), r#"[""]"#, "{err}");
    let err = Products::from_json(
        r#"{"products": [{"id": "a", "name": "A", "vendor": "acme", "a.b": 1}]}"#,
    )
    .unwrap_err();
    assert_eq!(err.path(), r#"products[0]["a.b"]"#, "{err}");
    let err = Metadata::from_json(r#"{"publisher": {"": 1}}"#).unwrap_err();
    assert_eq!(err.path(), r#"publisher[""]"#, "{err}");
    // Plain keys and the document itself as before.
    let err = Metadata::from_json(r#"{"lang": 1}"#).unwrap_err();
    assert_eq!(err.path(), "lang", "{err}");
    let err = Metadata::from_json("1").unwrap_err();
    assert_eq!(err.path(), ".", "{err}");
}

#[test]
fn caller_products_are_checked_with_field_paths() {
    let (case, _) = by_name("e2e-horizontal");
    let err = Products::from_json(
        r#"{"products": [{"id": "a", "name": "A", "vendor": "acme", "colour": 1}]}"#,
    )
    .unwrap_err();
    assert!(err.path().starts_with("products[0]"), "{err}");
    let check = |text: &str| {
        vex::csaf::document(
            &case,
            &Products::from_json(text).unwrap(),
            &Metadata::default(),
        )
        .unwrap_err()
    };
    assert_eq!(
        check(r#"{"products": [{"id": "a", "name": "A", "vendor": "fay"}]}"#).path(),
        "products[0].vendor"
    );
    assert_eq!(
        check(r#"{"products": [{"id": "a", "name": "A", "vendor": "nobody"}]}"#).path(),
        "products[0].vendor"
    );
    assert_eq!(
        check(r#"{"products": [{"id": "a", "name": "A", "vendor": "acme"}, {"id": "a", "name": "B", "vendor": "bolt"}]}"#).path(),
        "products[1].id"
    );
    assert_eq!(
        check(r#"{"products": [{"id": "a", "name": "A", "vendor": "acme", "version": "< 2.0"}]}"#)
            .path(),
        "products[0].version"
    );
    assert_eq!(
        check(
            r#"{"products": [{"id": "a", "name": "A", "vendor": "acme", "purl": "acme/router"}]}"#
        )
        .path(),
        "products[0].purl"
    );
    assert_eq!(
        check(r#"{"products": [{"id": "a", "name": " ", "vendor": "acme"}]}"#).path(),
        "products[0].name"
    );
}
