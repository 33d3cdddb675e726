//! The instances `schema_types.rs` walks and mutates: the corpus, the cases and
//! messages it leads to, the presets, and fully populated values of every variant
//! (each list guarded by an exhaustive `match`, so a new variant must be added).

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed assertion, not a library crash"
)]

use std::sync::OnceLock;

use mpcvd::case::{
    Action, Case, DeadlineKind, DisputeCause, DisputeOutcome, Effect, EmbargoEnd, Input, Message,
    Outgoing, PayloadKind,
};
use mpcvd::conformance::{Trace, TraceErrorClass, Verdict, check};
use mpcvd::deadline::Counting;
use mpcvd::participant::{Affectedness, EngagementReason, Registration, Tlp};
use mpcvd::policy::Policy;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::schema::{self, conforms_to};

/// `value` read as a `T` and written back: what serde writes for it.
fn through<T: DeserializeOwned + serde::Serialize>(value: Value) -> Value {
    let typed: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{e}: {value}"));
    serde_json::to_value(typed).unwrap()
}

fn typed<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{e}: {value}"))
}

pub(crate) fn all_tlp() -> Vec<Tlp> {
    let _ = |t: Tlp| match t {
        Tlp::Clear | Tlp::Green | Tlp::Amber | Tlp::AmberStrict | Tlp::Red => (),
    };
    vec![
        Tlp::Clear,
        Tlp::Green,
        Tlp::Amber,
        Tlp::AmberStrict,
        Tlp::Red,
    ]
}

pub(crate) fn all_registrations() -> Vec<Registration> {
    let _ = |r: Registration| match r {
        Registration::General | Registration::Individual => (),
    };
    vec![Registration::General, Registration::Individual]
}

pub(crate) fn all_engagement_reasons() -> Vec<EngagementReason> {
    use EngagementReason as E;
    let _ = |r: E| match r {
        E::ReporterInexperience
        | E::ReporterCapacity
        | E::MultipleVendors
        | E::Dispute
        | E::InfrastructureImpact => (),
    };
    vec![
        E::ReporterInexperience,
        E::ReporterCapacity,
        E::MultipleVendors,
        E::Dispute,
        E::InfrastructureImpact,
    ]
}

pub(crate) fn all_embargo_ends() -> Vec<EmbargoEnd> {
    use EmbargoEnd as E;
    let _ = |e: E| match e {
        E::Expired | E::Terminated | E::PublicAware | E::ExploitPublic | E::AttacksObserved => (),
    };
    vec![
        E::Expired,
        E::Terminated,
        E::PublicAware,
        E::ExploitPublic,
        E::AttacksObserved,
    ]
}

pub(crate) fn all_countings() -> Vec<Counting> {
    let _ = |c: Counting| match c {
        Counting::CalendarDays | Counting::BusinessDays => (),
    };
    vec![Counting::CalendarDays, Counting::BusinessDays]
}

pub(crate) fn all_affectedness() -> Vec<Affectedness> {
    use Affectedness as A;
    let _ = |a: A| match a {
        A::Unknown | A::Affected | A::NotAffected => (),
    };
    vec![A::Unknown, A::Affected, A::NotAffected]
}

pub(crate) fn all_dispute_causes() -> Vec<DisputeCause> {
    use DisputeCause as D;
    let _ = |d: D| match d {
        D::Reproducibility
        | D::SecurityImplications
        | D::Impact
        | D::WhetherToDisclose
        | D::Detail
        | D::Timing
        | D::DeadlineExtension => (),
    };
    vec![
        D::Reproducibility,
        D::SecurityImplications,
        D::Impact,
        D::WhetherToDisclose,
        D::Detail,
        D::Timing,
        D::DeadlineExtension,
    ]
}

pub(crate) fn all_dispute_outcomes() -> Vec<DisputeOutcome> {
    use DisputeOutcome as D;
    let _ = |d: &D| match d {
        D::NotAVulnerability | D::Vulnerability | D::Agreed { .. } => (),
    };
    vec![
        D::NotAVulnerability,
        D::Vulnerability,
        D::Agreed {
            text: "fixed in 2.1".to_owned(),
        },
    ]
}

pub(crate) fn all_payload_kinds() -> Vec<PayloadKind> {
    use PayloadKind as P;
    let _ = |p: P| match p {
        P::None | P::Report | P::Embargo | P::Text | P::Participant => (),
    };
    vec![P::None, P::Report, P::Embargo, P::Text, P::Participant]
}

/// Every deadline kind (the enum is `non_exhaustive`: no guard is possible).
pub(crate) fn all_deadline_kinds() -> Vec<DeadlineKind> {
    [
        json!({"deadline": "embargo_ends"}),
        json!({"deadline": "publish_allowed", "vendor": "acme"}),
        json!({"deadline": "escalate", "vendor": "acme", "step": "second_contact"}),
    ]
    .into_iter()
    .map(typed)
    .collect()
}

const T0: &str = "2026-01-02T00:00:00Z";
const T1: &str = "2026-03-02T00:00:00Z";

fn terms() -> Value {
    json!({"start": T0, "end": T1})
}

/// A fully populated advisory.
fn advisory() -> Value {
    json!({"title": "Overflow in the parser",
        "affected": [{"vendor": "acme", "product": "parser", "versions": ["1.0", "1.1"]}],
        "fixes": ["2.0"], "mitigations": ["disable the parser"], "identifiers": ["CVE-2026-0001"],
        "credits": [{"name": "Fay", "consent": true}], "references": ["https://example.invalid/a"]})
}

/// A fully populated report.
fn report() -> Value {
    json!({"title": "overflow", "summary": "crafted header", "tlp": "green", "vendors": ["acme"]})
}

/// Every action, fully populated.
pub(crate) fn all_actions() -> Vec<Action> {
    let actions: Vec<Action> = [
        json!({"action": "validate"}),
        json!({"action": "invalidate"}),
        json!({"action": "accept"}),
        json!({"action": "defer"}),
        json!({"action": "close"}),
        json!({"action": "close_despite_embargo", "reason": "stale"}),
        json!({"action": "submit", "to": "acme", "report": report()}),
        json!({"action": "propose_embargo", "terms": terms()}),
        json!({"action": "accept_embargo"}),
        json!({"action": "reject_embargo"}),
        json!({"action": "revise_embargo", "terms": terms()}),
        json!({"action": "terminate_embargo"}),
        json!({"action": "fix_ready"}),
        json!({"action": "fix_deployed"}),
        json!({"action": "publish"}),
        json!({"action": "exploit_published"}),
        json!({"action": "attacks_observed"}),
        json!({"action": "inquire", "text": "status?"}),
        json!({"action": "publish_early", "reason": "exploited"}),
        json!({"action": "agree_to_rules"}),
        json!({"action": "mark_affected", "vendor": "acme", "affected": "affected"}),
        json!({"action": "open_dispute", "cause": "impact", "detail": "low"}),
        json!({"action": "resolve_dispute", "dispute": 1, "outcome": {"outcome": "agreed", "text": "t"}, "agreed_by": ["fay"]}),
        json!({"action": "agree_to_conclusion", "dispute": 1}),
        json!({"action": "update_advisory", "advisory": advisory()}),
        json!({"action": "request_grace", "fix_expected": true}),
        json!({"action": "close_case"}),
        json!({"action": "reopen_case", "reason": "regression"}),
    ]
    .into_iter()
    .map(typed)
    .collect();
    for action in &actions {
        use Action as A;
        match action {
            A::Validate
            | A::Invalidate
            | A::Accept
            | A::Defer
            | A::Close
            | A::CloseDespiteEmbargo { .. }
            | A::Submit { .. }
            | A::ProposeEmbargo { .. }
            | A::AcceptEmbargo
            | A::RejectEmbargo
            | A::ReviseEmbargo { .. }
            | A::TerminateEmbargo
            | A::FixReady
            | A::FixDeployed
            | A::Publish
            | A::ExploitPublished
            | A::AttacksObserved
            | A::Inquire { .. }
            | A::PublishEarly { .. }
            | A::AgreeToRules
            | A::MarkAffected { .. }
            | A::OpenDispute { .. }
            | A::ResolveDispute { .. }
            | A::AgreeToConclusion { .. }
            | A::UpdateAdvisory { .. }
            | A::RequestGrace { .. }
            | A::CloseCase
            | A::ReopenCase { .. } => {}
        }
    }
    actions
}

/// A fully populated participant to add.
fn new_participant() -> Value {
    json!({"id": "dora", "name": "Dora", "roles": ["deployer", "other"],
        "organisation": {"parent": "acme", "region": "EU", "language": "de", "contact": "psirt@example.invalid"},
        "registration": "individual", "clearance": "amber_strict", "upstream": ["acme"], "engaged_for": "dispute"})
}

/// A fully populated policy (every optional part given).
pub(crate) fn full_policy() -> Value {
    let span = |days: u32| json!({"days": days, "counting": "business_days"});
    let grace = json!({"days": 14, "counting": "calendar_days", "requires_fix_commitment": true, "fix_window": "from_deadline"});
    through::<Policy>(json!({
        "name": "full", "version": "1", "attacks_end_embargo": "should",
        "rules": {"publish.embargo-in-force": "deny", "share.clearance": "warn"},
        "downstream_window_days": 3,
        "deadline": {"anchor": "first_contact_attempt", "base": span(90), "after_fix": span(30),
            "grace": grace, "in_the_wild": {"period": span(7), "grace": grace}, "cap": span(180),
            "roll_to_working_day": true, "max_embargo_days": 200, "preferred_embargo_days": 90},
        "escalation": {"second_contact": span(5), "intermediary": span(10), "advisory": span(45)},
        "calendar": {"weekends": true, "dates": ["2026-12-25"]},
        "allow_early_release": true, "allow_individual_in_multi_vendor": true,
        "required_advisory_fields": ["title", "credits"], "accept_status_jumps": true,
        "authority": {"change_policy": ["owner"], "add_participant": ["owner", "coordinators"],
            "remove_participant": ["owner", "subject"], "propose_embargo": ["members"],
            "terminate_embargo": ["owner"], "close_case": ["owner"], "reopen_case": ["owner"],
            "transfer_ownership": []}
    }))
}

/// Every input kind, fully populated (`Input` is `non_exhaustive`: no guard).
pub(crate) fn all_inputs() -> Vec<Input> {
    let mut inputs: Vec<Input> = [
        json!({"input": "message", "message": {"type": "EP", "from": "fay", "to": ["acme"], "payload": {"kind": "embargo", "start": T0, "end": T1}}}),
        json!({"input": "add_participant", "participant": new_participant(), "by": "fay"}),
        json!({"input": "remove_participant", "participant": "dora", "by": "fay"}),
        json!({"input": "status", "participant": "acme", "rm": "valid", "vfd": "VFd"}),
        json!({"input": "change_policy", "policy": full_policy(), "by": "fay"}),
        json!({"input": "offer_ownership", "to": "acme", "by": "fay"}),
        json!({"input": "accept_ownership", "by": "acme"}),
        json!({"input": "reject_ownership", "by": "acme"}),
        json!({"input": "tick"}),
    ]
    .into_iter()
    .map(typed)
    .collect();
    inputs.extend(all_actions().into_iter().map(|action| Input::Act {
        actor: mpcvd::participant::ParticipantId::new("fay").unwrap(),
        action,
    }));
    inputs
}

/// Every message payload kind, in a message received and one made due.
fn all_messages() -> Vec<(Value, Value)> {
    let payloads = [
        json!({"kind": "none"}),
        json!({"kind": "report", "title": "t", "summary": "s", "tlp": "red", "vendors": ["acme"]}),
        json!({"kind": "embargo", "start": T0, "end": T1}),
        json!({"kind": "text", "text": "hello"}),
        json!({"kind": "participant", "participant": "acme"}),
    ];
    payloads
        .into_iter()
        .map(|payload| {
            let received = through::<Message>(json!({"type": "RS", "from": "fay", "to": ["acme"], "payload": payload}));
            let due = through::<Outgoing>(json!({"type": "ET", "from": {"participant": "fay"}, "to": ["acme"], "payload": payload, "in_reply_to": "EP"}));
            (received, due)
        })
        .collect()
}

/// Every effect kind, fully populated.
pub(crate) fn all_effects() -> Vec<Effect> {
    let mut effects: Vec<Effect> = vec![
        typed(
            json!({"effect": "send", "type": "ET", "from": "case", "to": ["acme"], "payload": {"kind": "text", "text": "x"}, "in_reply_to": "EP"}),
        ),
        typed(
            json!({"effect": "warning", "rule": "share.clearance", "participant": "acme", "detail": "d"}),
        ),
    ];
    for kind in all_deadline_kinds() {
        effects.push(Effect::Deadline(mpcvd::case::Deadline {
            at: typed(json!(T0)),
            kind,
        }));
    }
    let _ = |e: &Effect| match e {
        Effect::Send(_) | Effect::Deadline(_) | Effect::Warning(_) => (),
    };
    effects
}

/// A format-2 trace whose steps are every input kind and whose claims are every
/// claim kind, fully populated, and one per verdict form.
fn full_traces() -> Vec<Value> {
    let participants = json!([{"id": "fay", "name": "fay", "roles": ["finder", "reporter"]},
        {"id": "acme", "name": "acme", "roles": ["vendor"]}, new_participant()]);
    let expect = json!({"refused": "send.role", "error_reply": "RE", "owner": "fay",
        "participants": {"acme": {"rm": "valid", "vfd": "Vfd", "consent": "signatory", "embargo_view": ["none", "active"]}},
        "em": "active", "embargo": {"state": "revise", "terms": terms(), "pending": terms(), "proposed_by": "fay", "revision_by": "acme", "end": "expired"},
        "pxa": "pXa",
        "sends": [{"type": "EK", "from": "acme", "to": ["fay"], "payload": {"kind": "none"}, "in_reply_to": "EP"}],
        "warnings": {"exactly": ["share.clearance"]},
        "deadlines": [{"at": T1, "kind": {"deadline": "escalate", "vendor": "acme", "step": "publish_advisory"}}]});
    let mut steps: Vec<Value> = all_inputs()
        .into_iter()
        .map(|input| {
            let mut step = serde_json::to_value(input).unwrap();
            step["at"] = json!(T0);
            step
        })
        .collect();
    steps[0]["sent"] = json!(T0);
    steps[0]["delivered"] = json!({"acme": T0});
    steps[0]["expect"] = expect;
    steps.push(json!({"at": T0, "input": "change_policy", "policy": "cert-cc", "by": "fay"}));
    steps.push(json!({"at": T0, "input": "tick", "expect": {"warnings": {"at_least": []}}}));
    let verdicts = [
        json!("conforms"),
        json!({"violation": {"step": 1, "rule": "send.role"}}),
        json!({"contradiction": {"step": 1}}),
        json!({"deviations": [{"step": 1, "kind": "violation", "rule": "send.role", "participant": "acme"}]}),
        json!({"refused_document": {"class": "participant", "rule": "participant.duplicate"}}),
    ];
    let act = |actor: &str, action: Value| json!({"at": T0, "input": "act", "actor": actor, "action": action});
    // The records a case keeps: disputes open and concluded, a vendor marked
    // affected, a grace requested, the case closed.
    let records = json!({"case": "VU#records", "start": T0, "policy": "cert-cc",
    "participants": [{"id": "cc", "name": "cc", "roles": ["coordinator"]}, {"id": "fay", "name": "fay", "roles": ["finder", "reporter"]}, {"id": "acme", "name": "acme", "roles": ["vendor"]}],
    "steps": [
        act("fay", json!({"action": "submit", "to": "acme", "report": {"title": "t"}})),
        act("acme", json!({"action": "validate"})),
        act("acme", json!({"action": "accept"})),
        act("cc", json!({"action": "mark_affected", "vendor": "acme", "affected": "affected"})),
        act("acme", json!({"action": "request_grace", "fix_expected": true})),
        act("acme", json!({"action": "open_dispute", "cause": "impact", "detail": "low"})),
        act("fay", json!({"action": "open_dispute", "cause": "timing", "detail": "late"})),
        act("cc", json!({"action": "resolve_dispute", "dispute": 1, "outcome": {"outcome": "vulnerability"}, "agreed_by": ["fay", "acme"]})),
        act("acme", json!({"action": "fix_ready"})),
        act("cc", json!({"action": "update_advisory", "advisory": advisory()})),
        act("acme", json!({"action": "publish"})),
        act("acme", json!({"action": "close"})),
        act("cc", json!({"action": "close_case"})),
    ]});
    let mut out = vec![records];
    out.extend(verdicts
        .into_iter()
        .map(|expect| {
            json!({"format": 2, "description": "every input and claim", "expect": expect, "case": "VU#full",
                "start": T0, "policy": full_policy(), "participants": participants, "steps": steps})
        }));
    out
}

/// The corpus documents, by name.
fn vectors() -> Vec<(String, Value)> {
    schema::json_files("tests/vectors")
}

/// Whether the corpus expects the document to be refused as unreadable.
fn unreadable(doc: &Value) -> bool {
    matches!(
        Trace::expect_of(&doc.to_string()),
        Some(Verdict::RefusedDocument {
            class: TraceErrorClass::Parse,
            ..
        })
    )
}

/// Every instance, with the schema it is an instance of: each readable vector
/// (as written and as the reader writes it back), the full traces, the case every
/// trace leads to, every message they send or make due, the presets and the full
/// policy, every payload kind.
pub(crate) fn all_documents() -> &'static [(&'static str, Value)] {
    static DOCUMENTS: OnceLock<Vec<(&'static str, Value)>> = OnceLock::new();
    DOCUMENTS.get_or_init(|| {
        let mut out: Vec<(&'static str, Value)> = Vec::new();
        let mut traces: Vec<Value> = vectors()
            .into_iter()
            .map(|(_, v)| v)
            .filter(|v| !unreadable(v))
            .collect();
        traces.extend(full_traces());
        for doc in traces {
            let Ok(trace) = Trace::from_json(&doc.to_string()) else {
                // Refused, but not as unreadable (an unknown preset).
                out.push(("trace.schema.json", doc));
                continue;
            };
            out.push(("trace.schema.json", serde_json::to_value(&trace).unwrap()));
            out.push(("trace.schema.json", doc));
            if trace.policy.resolve().is_err() {
                continue;
            }
            let case = schema::case_of(&trace);
            for entry in &case.timeline().entries {
                if let Input::Message { message } = &entry.input {
                    out.push((
                        "message.schema.json",
                        serde_json::to_value(message).unwrap(),
                    ));
                }
                for effect in &entry.effects {
                    if let Effect::Send(outgoing) = effect {
                        out.push((
                            "message.schema.json",
                            serde_json::to_value(outgoing).unwrap(),
                        ));
                    }
                }
            }
            out.push(("case.schema.json", serde_json::to_value(&case).unwrap()));
        }
        for (_, make) in mpcvd::policy::PRESETS {
            out.push(("policy.schema.json", serde_json::to_value(make()).unwrap()));
        }
        out.push(("policy.schema.json", full_policy()));
        for (received, due) in all_messages() {
            out.push(("message.schema.json", received));
            out.push(("message.schema.json", due));
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|(file, value)| seen.insert(format!("{file}{value}")));
        out
    })
}

/// A small deterministic generator (SplitMix64) for choosing a mutation.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap()).unwrap()
    }
}

/// Every node of `value`, as JSON pointers.
fn pointers(value: &Value, here: &str, out: &mut Vec<String>) {
    out.push(here.to_owned());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(
                    v,
                    &format!("{here}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, &format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// A mutation of the node at `pointer`: a key dropped or added, a near miss for a
/// string, a value of the wrong type. Its description.
fn mutate(doc: &mut Value, pointer: &str, rng: &mut Rng) -> String {
    let node = doc.pointer_mut(pointer).unwrap();
    let choice = rng.below(4);
    match (node, choice) {
        (Value::Object(map), 0) if !map.is_empty() => {
            let key = map.keys().nth(rng.below(map.len())).unwrap().clone();
            map.remove(&key);
            format!("dropped {pointer}/{key}")
        }
        (Value::Object(map), 1) => {
            map.insert("colour".to_owned(), json!(1));
            format!("added {pointer}/colour")
        }
        (Value::String(s), 0 | 1) => {
            let old = s.clone();
            *s = match rng.below(3) {
                0 => format!("{old}x"),
                1 => old.chars().rev().collect(),
                _ => old.to_uppercase(),
            };
            format!("{pointer}: {old:?} -> {s:?}")
        }
        (node, _) => {
            let old = node.clone();
            *node = match &old {
                Value::String(_) => json!(7),
                Value::Number(_) => json!("7"),
                Value::Bool(_) => json!("true"),
                Value::Array(_) => json!({}),
                Value::Object(_) => json!([]),
                Value::Null => json!(false),
            };
            format!("{pointer}: {old} -> {node}")
        }
    }
}

/// The tags of the internally tagged enums of the wire formats.
const TAGS: [&str; 9] = [
    "input", "action", "kind", "outcome", "deadline", "state", "status", "effect", "missing",
];

/// The keys a trace step adds to its input.
const STEP_KEYS: [&str; 4] = ["at", "sent", "delivered", "expect"];

/// Where the Rust decoders are more lenient than the wire format (and than the
/// schemas, which describe the wire format): a document the schema refuses and a
/// decoder reads only through one of these. Each is pinned by
/// `the_decoders_known_leniencies_are_still_there`, so a fix in a decoder removes it
/// here.
///
/// - `unit-variant`: a unit variant of an internally tagged enum (`tick`,
///   `{"action": "validate"}`, `{"kind": "none"}`, …) ignores other keys despite
///   `deny_unknown_fields` (serde-rs/serde#2123);
/// - `struct-as-array`: serde's derived `Deserialize` reads a struct from an array
///   of its fields in order (`"expect": []`, `"terms": [start, end]`);
/// - `variant-index`: serde's derived `Deserialize` reads an enum's variant (a
///   unit enum's value, an internally tagged enum's tag) from its index
///   (`"action": 7` is `propose_embargo`, `"type": 7` is `EP`);
/// - `verdict-fields`: the corpus verdict's struct forms (`violation`,
///   `contradiction`, `refused_document`) do not deny unknown fields.
pub(crate) fn leniency(original: &Value, pointer: &str, mutated: &Value) -> Option<&'static str> {
    let before = original.pointer(pointer)?;
    let after = mutated.pointer(pointer)?;
    if before.is_object() && after.is_array() {
        return Some("struct-as-array");
    }
    if before.is_string() && after.is_number() {
        return Some("variant-index");
    }
    let (Value::Object(before), Value::Object(after)) = (before, after) else {
        return None;
    };
    if after.len() <= before.len() {
        return None;
    }
    if [
        "/expect/violation",
        "/expect/contradiction",
        "/expect/refused_document",
    ]
    .contains(&pointer)
    {
        return Some("verdict-fields");
    }
    let own: Vec<&String> = before
        .keys()
        .filter(|k| !(pointer.starts_with("/steps/") && STEP_KEYS.contains(&k.as_str())))
        .collect();
    match own.as_slice() {
        [tag] if TAGS.contains(&tag.as_str()) => Some("unit-variant"),
        _ => None,
    }
}

/// Whether a policy is refused for comparing two of its fields (what a JSON
/// Schema cannot say; every single-field bound and every dependency is in
/// `schema/policy.schema.json`).
fn cross_field(message: &str) -> bool {
    [
        "must be shorter than the base period",
        "is below the base period",
        "must come after the intermediary step",
        "exceeds `max_embargo_days`",
    ]
    .iter()
    .any(|m| message.contains(m))
}

/// Whether a decoder's message says the document's form is wrong (as a schema
/// can say), not that its content fails a check the schema cannot express.
fn structural(message: &str) -> bool {
    [
        "unknown field",
        "missing field",
        "unknown variant",
        "invalid type",
        "invalid value",
        "invalid length",
        "duplicate field",
        "input contains invalid characters",
        "premature end of input",
        "trailing input",
        "invalid identifier",
        "did not match any variant",
    ]
    .iter()
    .any(|m| message.contains(m))
}

/// One mutated instance: the schema and the decoder agree.
pub(crate) fn agree(pick: u64, seed: u64) -> Result<(), String> {
    static VALIDATORS: OnceLock<Vec<(&'static str, jsonschema::Validator)>> = OnceLock::new();
    let validators = VALIDATORS.get_or_init(|| {
        schema::SCHEMAS
            .iter()
            .map(|name| (*name, schema::validator(name)))
            .collect()
    });
    let documents = all_documents();
    let index = usize::try_from(pick % u64::try_from(documents.len()).unwrap()).unwrap();
    let (file, original) = &documents[index];
    let mut rng = Rng(seed);
    let mut all = Vec::new();
    pointers(original, "", &mut all);
    let pointer = &all[rng.below(all.len())];
    let mut doc = original.clone();
    let what = mutate(&mut doc, pointer, &mut rng);
    let validator = &validators.iter().find(|(n, _)| n == file).unwrap().1;
    let by_schema = conforms_to(validator, &doc);
    // The decoder's verdict: Ok, or Err(message, whether the schema must agree).
    let by_rust: Result<(), (String, bool)> = match *file {
        "trace.schema.json" => match Trace::from_json(&doc.to_string()) {
            // Refused for another reason (an unknown preset is found before the
            // rest is read; a refused participant): the form is not judged.
            Err(e) => Err((
                e.to_string(),
                e.class() == TraceErrorClass::Parse && !cross_field(&e.to_string()),
            )),
            Ok(trace) => match check(&trace) {
                Err(e) => Err((e.to_string(), e.class() == TraceErrorClass::Parse)),
                Ok(_) => Ok(()),
            },
        },
        "message.schema.json" => {
            match (
                serde_json::from_value::<Message>(doc.clone()),
                serde_json::from_value::<Outgoing>(doc.clone()),
            ) {
                (Ok(_), _) | (_, Ok(_)) => Ok(()),
                (Err(e), Err(f)) => Err((format!("{e} / {f}"), true)),
            }
        }
        "policy.schema.json" => serde_json::from_value::<Policy>(doc.clone())
            .map(|_| ())
            .map_err(|e| (e.to_string(), !cross_field(&e.to_string()))),
        _ => serde_json::from_value::<Case>(doc.clone())
            .map(|_| ())
            .map_err(|e| (e.to_string(), structural(&e.to_string()))),
    };
    match (by_schema, by_rust) {
        (Err(_), Ok(())) if leniency(original, pointer, &doc).is_some() => Ok(()),
        (Err(e), Ok(())) => Err(format!(
            "{file} #{index}, {what}: the schema refuses ({e}) what the decoder accepts: {doc}"
        )),
        (Ok(()), Err((e, true))) => Err(format!(
            "{file} #{index}, {what}: the schema accepts what the decoder refuses ({e})"
        )),
        _ => Ok(()),
    }
}
