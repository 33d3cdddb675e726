//! The VEX builders (`vex::csaf::document`, `vex::openvex::document`) on a small
//! case driven by the bytes and on the caller's products and metadata as fuzzed
//! JSON.
//!
//! The bytes: `[base, prefix, n, n bytes of inputs…, products JSON, 0, metadata
//! JSON]`. The case is the first `prefix` steps of one of three end-to-end vectors
//! (`tests/vectors`: a single vendor, four parties, a supply chain), then up to
//! eight inputs taken from the `n` bytes (actions of its participants: report,
//! embargo, fix, publication, affectedness, disputes, advisory fields with CVE ids
//! and credits; time passing). The rest is the products document (empty: one
//! product per vendor) and, after the first NUL byte, the metadata (empty: the
//! defaults), each read with its `from_json`.
//!
//! Asserted: no panic; building is deterministic (twice the same document, and
//! the same through `vex::document`); CSAF and OpenVEX accept or refuse the same
//! inputs, a refusal naming a field path; a document is JSON that reads back as
//! the same value, and the crate's readers (`csaf::product_statuses`,
//! `openvex::product_statuses`) give every product the status its vendor has.
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::Duration;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use mpcvd::case::{
    Action, Advisory, Case, Credit, DisputeCause, DisputeOutcome, EmbargoTerms, Input, ReportSummary,
};
use mpcvd::conformance::{Trace, replay};
use mpcvd::mapping::VexStatus;
use mpcvd::participant::{Affectedness, ParticipantId};
use mpcvd::vex::{self, Format, Metadata, Products, csaf, openvex};
use serde_json::Value;

const VECTORS: [&str; 3] = [
    include_str!("../../tests/vectors/e2e-single-vendor.json"),
    include_str!("../../tests/vectors/e2e-horizontal.json"),
    include_str!("../../tests/vectors/e2e-vertical-supply-chain.json"),
];

fn traces() -> &'static [Trace] {
    static TRACES: OnceLock<Vec<Trace>> = OnceLock::new();
    TRACES.get_or_init(|| VECTORS.iter().map(|t| Trace::from_json(t).expect("a corpus vector")).collect())
}

fn member(u: &mut Unstructured<'_>, case: &Case) -> Result<ParticipantId> {
    let people = case.participants();
    let at = u.choose_index(people.len())?;
    people.get(at).map(|p| p.id().clone()).ok_or(libfuzzer_sys::arbitrary::Error::EmptyChoose)
}

fn word(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(match u.int_in_range(0..=4u8)? {
        0 => "CVE-2026-12345".to_owned(),
        1 => "GHSA-xxxx-yyyy-zzzz".to_owned(),
        2 => String::new(),
        _ => {
            let s: &str = u.arbitrary()?;
            s.chars().take(24).collect()
        }
    })
}

fn action(u: &mut Unstructured<'_>, case: &Case) -> Result<Action> {
    let now = case.now();
    Ok(match u.int_in_range(0..=17u8)? {
        0 => Action::Validate,
        1 => Action::Accept,
        2 => Action::submit(member(u, case)?, ReportSummary::new("t", "s")),
        3 => Action::ProposeEmbargo {
            terms: EmbargoTerms { start: now, end: now + Duration::days(i64::from(u.int_in_range(1u8..=90)?)) },
        },
        4 => Action::AcceptEmbargo,
        5 => Action::TerminateEmbargo,
        6 => Action::FixReady,
        7 => Action::FixDeployed,
        8 => Action::Publish,
        9 => Action::ExploitPublished,
        10 => Action::AttacksObserved,
        11 => Action::PublishEarly { reason: "leak".into() },
        12 => Action::MarkAffected {
            vendor: member(u, case)?,
            affected: if u.arbitrary()? { Affectedness::Affected } else { Affectedness::NotAffected },
        },
        13 => Action::OpenDispute { cause: DisputeCause::Timing, detail: "d".into() },
        14 => Action::ResolveDispute {
            dispute: u.int_in_range(0..=1)?,
            outcome: if u.arbitrary()? { DisputeOutcome::NotAVulnerability } else { DisputeOutcome::Vulnerability },
            agreed_by: vec![member(u, case)?],
        },
        15 => Action::UpdateAdvisory {
            advisory: Box::new(Advisory {
                title: if u.arbitrary()? { Some(word(u)?) } else { None },
                fixes: vec![word(u)?],
                identifiers: vec![word(u)?, word(u)?],
                credits: vec![Credit { name: word(u)?, consent: u.arbitrary()? }],
                references: vec![word(u)?],
                ..Advisory::default()
            }),
        },
        16 => Action::Close,
        _ => Action::CloseCase,
    })
}

/// The case: a prefix of a vector, then up to eight inputs from `ops`.
fn case_of(base: u8, prefix: u8, ops: &[u8]) -> Option<Case> {
    let traces = traces();
    let mut trace = traces.get(usize::from(base) % traces.len())?.clone();
    trace.steps.truncate(usize::from(prefix) % (trace.steps.len() + 1));
    let (mut case, _) = replay(&trace).ok()?;
    let mut u = Unstructured::new(ops);
    for _ in 0..8 {
        if u.is_empty() {
            break;
        }
        let Ok(input) = (|| -> Result<(Input, chrono::DateTime<chrono::Utc>)> {
            let at = case.now() + Duration::hours(i64::from(u.int_in_range(0..=200u8)?));
            let input = if u.int_in_range(0..=9u8)? == 0 {
                Input::Tick
            } else {
                Input::Act { actor: member(&mut u, &case)?, action: action(&mut u, &case)? }
            };
            Ok((input, at))
        })() else {
            break;
        };
        let _ = case.handle(input.0, input.1);
    }
    Some(case)
}

/// Each product's status, by product id (CSAF) or `@id` (OpenVEX); two products
/// under one `@id` must not contradict each other.
fn statuses(case: &Case, products: &Products, iri: bool) -> BTreeMap<String, VexStatus> {
    let products = products.or_vendors(case);
    let statements = products.statements(case).expect("the documents were built");
    let mut out = BTreeMap::new();
    for s in &statements {
        let key = if iri { openvex::product_iri(s.product) } else { s.product.id.clone() };
        if let Some(earlier) = out.insert(key.clone(), s.status) {
            assert_eq!(earlier, s.status, "two statuses for `{key}`");
        }
    }
    out
}

fn check_json(doc: &Value) {
    let text = serde_json::to_string(doc).expect("a document serialises");
    let again: Value = serde_json::from_str(&text).expect("a document is JSON");
    assert_eq!(&again, doc);
}

fuzz_target!(|data: &[u8]| {
    let [base, prefix, n, rest @ ..] = data else { return };
    let (ops, text) = rest.split_at(usize::from(*n).min(rest.len()));
    let Ok(text) = std::str::from_utf8(text) else { return };
    let (products_text, metadata_text) = text.split_once('\0').unwrap_or((text, ""));
    let products = if products_text.trim().is_empty() {
        Products::default()
    } else {
        match Products::from_json(products_text) {
            Ok(p) => p,
            Err(e) => {
                assert!(!e.path().is_empty());
                return;
            }
        }
    };
    let metadata = if metadata_text.trim().is_empty() {
        Metadata::default()
    } else {
        match Metadata::from_json(metadata_text) {
            Ok(m) => m,
            Err(e) => {
                assert!(!e.path().is_empty());
                return;
            }
        }
    };
    let Some(case) = case_of(*base, *prefix, ops) else { return };
    let built = csaf::document(&case, &products, &metadata);
    let open = openvex::document(&case, &products, &metadata);
    assert_eq!(built, csaf::document(&case, &products, &metadata), "CSAF is deterministic");
    assert_eq!(open, openvex::document(&case, &products, &metadata), "OpenVEX is deterministic");
    assert_eq!(built, vex::document(Format::Csaf, &case, &products, &metadata));
    assert_eq!(open, vex::document(Format::Openvex, &case, &products, &metadata));
    match (built, open) {
        (Ok(csaf_doc), Ok(openvex_doc)) => {
            check_json(&csaf_doc);
            check_json(&openvex_doc);
            assert_eq!(csaf::product_statuses(&csaf_doc), statuses(&case, &products, false));
            assert_eq!(openvex::product_statuses(&openvex_doc), statuses(&case, &products, true));
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "both formats refuse for the same reason");
            assert!(!a.path().is_empty());
        }
        (a, b) => panic!("one format built, the other refused: {:?} / {:?}", a.err(), b.err()),
    }
});
