//! Vultron's live traffic (tests/fixtures/vultron-live): every record reads without
//! error; for every `dispatch` record mpcvd's classification agrees with Vultron's
//! own `semantics`, and its reading is of the kind the semantics means (a table over
//! every semantics present); values outside the protocol are counted, and nothing
//! is "unsupported".
#![cfg(feature = "as2")]

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use mpcvd::as2::exchange::Exchange;
use mpcvd::as2::{Meaning, Semantics, read};
use mpcvd::em::EmState;
use mpcvd::message::MessageType;
use serde_json::Value;

fn records() -> Vec<Value> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vultron-live/exchanges.jsonl");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn store(records: &[Value]) -> HashMap<String, Value> {
    fn walk(v: &Value, out: &mut HashMap<String, Value>) {
        match v {
            Value::Object(map) => {
                if let (Some(id), Some(_)) =
                    (map.get("id").and_then(Value::as_str), map.get("type"))
                {
                    out.entry(id.to_owned()).or_insert_with(|| v.clone());
                }
                map.values().for_each(|x| walk(x, out));
            }
            Value::Array(items) => items.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = HashMap::new();
    for r in records {
        if let Some(body) = r.get("body") {
            walk(body, &mut out);
        }
    }
    out
}

/// What each semantics reads as (the kind of [`Meaning`], and the message where
/// one is fixed).
fn expected(semantics: Semantics) -> (&'static str, Option<MessageType>) {
    use MessageType as M;
    use Semantics as S;
    match semantics {
        S::SubmitReport => ("message", Some(M::RS)),
        S::AckReport => ("message", Some(M::RK)),
        S::ValidateReport => ("message", Some(M::RV)),
        S::InvalidateReport => ("message", Some(M::RI)),
        S::CloseReport | S::CloseCase => ("message", Some(M::RC)),
        S::EngageCase => ("message", Some(M::RA)),
        S::DeferCase => ("message", Some(M::RD)),
        S::RemoveEmbargoEventFromCase => ("message", Some(M::ET)),
        S::InviteToEmbargoOnCase => ("embargo", Some(M::EP)),
        S::AcceptInviteToEmbargoOnCase => ("embargo", Some(M::EA)),
        S::RejectInviteToEmbargoOnCase => ("embargo", Some(M::ER)),
        S::AddEmbargoEventToCase => ("embargo_activated", None),
        S::CreateParticipantStatus | S::AddParticipantStatusToParticipant => {
            ("participant_status", None)
        }
        S::CreateCaseStatus | S::AddCaseStatusToCase => ("case_status", None),
        S::CreateNote | S::AddNoteToCase | S::RemoveNoteFromCase => ("note", None),
        S::OfferActorToCase
        | S::OfferCaseParticipant
        | S::AcceptOfferCaseParticipant
        | S::RejectOfferCaseParticipant
        | S::OfferCaseParticipantRole
        | S::AcceptCaseParticipantRole
        | S::RejectCaseParticipantRole
        | S::InviteActorToCase
        | S::AcceptInviteActorToCase
        | S::RejectInviteActorToCase
        | S::CreateCaseParticipant
        | S::AddCaseParticipantToCase
        | S::RemoveCaseParticipantFromCase => ("membership", None),
        S::OfferCaseOwnershipTransfer
        | S::AcceptCaseOwnershipTransfer
        | S::RejectCaseOwnershipTransfer => ("ownership", None),
        S::CreateReport
        | S::CreateCase
        | S::UpdateCase
        | S::AddReportToCase
        | S::AnnounceVulnerabilityCase
        | S::CreateCaseProposal
        | S::AcceptCaseProposal
        | S::RejectCaseProposal => ("case", None),
        S::AnnounceCaseLedgerEntry => ("ledger", None),
        S::CreateEmbargoEvent | S::AnnounceEmbargoEventToCase | S::RejectCaseLedgerEntry => {
            ("outside", None)
        }
        // Vultron's registry has no semantics for it; mpcvd's reading is documented
        // in docs/interop.md (Vultron's own `Read(VulnerabilityReport)` is `RK`).
        S::Unknown | S::UnknownUnresolvableObject => ("message", Some(M::RK)),
    }
}

fn kind(meaning: &Meaning) -> &'static str {
    match meaning {
        Meaning::Message { .. } => "message",
        Meaning::Embargo { .. } => "embargo",
        Meaning::EmbargoActivated { .. } => "embargo_activated",
        Meaning::ParticipantStatus { .. } => "participant_status",
        Meaning::CaseStatus { .. } => "case_status",
        Meaning::Membership { .. } => "membership",
        Meaning::Ownership { .. } => "ownership",
        Meaning::Case { .. } => "case",
        Meaning::Note { .. } => "note",
        Meaning::Ledger { .. } => "ledger",
        Meaning::Outside { .. } => "outside",
        _ => "other",
    }
}

#[test]
fn every_record_reads_and_every_dispatch_agrees_with_vultron() {
    let records = records();
    assert_eq!(records.len(), 1538);
    let store = store(&records);
    // Every body reads, with no error.
    let mut outside: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut bodies = 0;
    for (i, r) in records.iter().enumerate() {
        let Some(body) = r.get("body") else { continue };
        bodies += 1;
        let reading = read(body, &store).unwrap_or_else(|e| panic!("record {}: {e}", i + 1));
        let meaning = match &reading.meaning {
            Meaning::Ledger { entry, .. } => &entry.meaning,
            other => other,
        };
        if let Meaning::Outside { reason, .. } = meaning {
            *outside.entry(reason).or_default() += 1;
        }
    }
    assert_eq!(bodies, 1121);
    // Dispatch records: classification and reading, semantics by semantics.
    let mut table: BTreeMap<Semantics, usize> = BTreeMap::new();
    for r in records.iter().filter(|r| r["event"] == "dispatch") {
        let vultron: Semantics = r["semantics"].as_str().unwrap().parse().unwrap();
        let id = r["activity_id"].as_str().unwrap();
        let body = &store[id];
        let reading = read(body, &store).unwrap();
        assert_eq!(reading.semantics, vultron, "{id}");
        let (want_kind, want_message) = expected(vultron);
        assert_eq!(kind(&reading.meaning), want_kind, "{vultron} {id}");
        if let Some(m) = want_message {
            assert_eq!(
                reading.meaning.message(EmState::None),
                Some(m),
                "{vultron} {id}"
            );
        }
        *table.entry(vultron).or_default() += 1;
    }
    assert_eq!(table.values().sum::<usize>(), 417);
    assert_eq!(table.len(), 40, "{table:?}");
    assert_eq!(table[&Semantics::AnnounceCaseLedgerEntry], 129);
    // Vultron's own acknowledgements, `Read(VulnerabilityReport)`, which its
    // registry classifies UNKNOWN: read as RK (docs/interop.md).
    assert_eq!(table[&Semantics::Unknown], 4);
    // Outside the protocol, each documented in docs/interop.md, counted.
    let counts: Vec<usize> = outside.values().copied().collect();
    println!("outside the protocol: {outside:#?}");
    assert_eq!(outside.len(), 2, "{outside:#?}");
    assert_eq!(counts.iter().sum::<usize>(), 7, "{outside:#?}");
}

#[test]
fn ledger_entries_unwrap_with_their_index() {
    let records = records();
    let store = store(&records);
    let mut indices = 0;
    for r in &records {
        let Some(body) = r.get("body") else { continue };
        let reading = read(body, &store).unwrap();
        if let Meaning::Ledger {
            index,
            entry,
            event,
        } = &reading.meaning
        {
            assert!(!event.is_empty());
            assert!(!matches!(entry.meaning, Meaning::Ledger { .. }));
            assert!(*index < 1000);
            indices += 1;
        }
    }
    assert_eq!(indices, 679);
}

#[test]
fn the_recording_splits_by_test() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vultron-live/exchanges.jsonl");
    let exchanges = Exchange::from_jsonl(&std::fs::read_to_string(path).unwrap()).unwrap();
    // 28 test names: the README counts the two runs of the `fv` scenario as one exchange.
    assert_eq!(exchanges.len(), 28);
    let distinct: usize = exchanges.iter().map(|e| e.entries.len()).sum();
    let repeated: usize = exchanges.iter().map(|e| e.repeated).sum();
    assert_eq!(distinct + repeated, 1121);
}
