//! Vultron's message semantics (`MessageSemantics` in
//! `vultron/core/models/events/base.py`, commit 6883299) and the activity patterns
//! its semantic registry matches them with (`vultron/wire/as2/extractor/_instances.py`,
//! in the order of `vultron/semantic_registry/__init__.py`).
//!
//! [`classify`] is that registry: the first pattern the activity matches names its
//! semantics. Objects given by id are looked up through a [`Resolve`]r (Vultron
//! rehydrates them from its data layer before matching). One table, [`REGISTRY`],
//! holds the patterns; nothing else re-derives them.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use strum::{Display, EnumIter, EnumString, IntoStaticStr};

/// What a Vultron activity means to Vultron: its 49 `MessageSemantics`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    Display,
    EnumIter,
    EnumString,
    IntoStaticStr,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[allow(missing_docs)]
pub enum Semantics {
    CreateReport,
    SubmitReport,
    ValidateReport,
    InvalidateReport,
    AckReport,
    CloseReport,
    CreateCase,
    UpdateCase,
    EngageCase,
    DeferCase,
    AddReportToCase,
    OfferActorToCase,
    OfferCaseParticipant,
    AcceptOfferCaseParticipant,
    RejectOfferCaseParticipant,
    OfferCaseParticipantRole,
    AcceptCaseParticipantRole,
    RejectCaseParticipantRole,
    OfferCaseOwnershipTransfer,
    AcceptCaseOwnershipTransfer,
    RejectCaseOwnershipTransfer,
    InviteActorToCase,
    AcceptInviteActorToCase,
    RejectInviteActorToCase,
    AnnounceVulnerabilityCase,
    CreateEmbargoEvent,
    AddEmbargoEventToCase,
    RemoveEmbargoEventFromCase,
    AnnounceEmbargoEventToCase,
    InviteToEmbargoOnCase,
    AcceptInviteToEmbargoOnCase,
    RejectInviteToEmbargoOnCase,
    CloseCase,
    AnnounceCaseLedgerEntry,
    RejectCaseLedgerEntry,
    CreateCaseParticipant,
    AddCaseParticipantToCase,
    RemoveCaseParticipantFromCase,
    CreateNote,
    AddNoteToCase,
    RemoveNoteFromCase,
    CreateCaseStatus,
    AddCaseStatusToCase,
    CreateParticipantStatus,
    AddParticipantStatusToParticipant,
    Unknown,
    UnknownUnresolvableObject,
    CreateCaseProposal,
    AcceptCaseProposal,
    RejectCaseProposal,
}

/// What a pattern field must be.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Slot {
    /// Anything, or nothing.
    Any,
    /// An object of one of these types (an id reference matches unless strict).
    Of(&'static [&'static str]),
    /// An activity matching the pattern.
    Nested(&'static Pattern),
}

/// One registry entry's pattern (Vultron's `ActivityPattern`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pattern {
    pub(crate) activity: &'static str,
    pub(crate) object: Slot,
    pub(crate) target: Slot,
    pub(crate) context: Slot,
    /// An unresolved id in `object` or `target` does not match a type.
    pub(crate) strict: bool,
}

/// Vultron's `as_Actor` and `CoreActor` types (`AOtype.ACTOR`).
pub const ACTOR_TYPES: &[&str] = &[
    "Actor",
    "Application",
    "Group",
    "Organization",
    "Person",
    "Service",
    "CoreActor",
];
/// Vultron's `as_Event` types (`AOtype.EVENT`).
pub const EVENT_TYPES: &[&str] = &["Event", "EmbargoEvent"];
const CASE: &[&str] = &["VulnerabilityCase"];
const REPORT: &[&str] = &["VulnerabilityReport"];
const PARTICIPANT: &[&str] = &["CaseParticipant"];
const NOTE: &[&str] = &["Note"];

const fn p(activity: &'static str, object: Slot, target: Slot, context: Slot) -> Pattern {
    Pattern {
        activity,
        object,
        target,
        context,
        strict: false,
    }
}
const fn strict(activity: &'static str, object: &'static [&'static str]) -> Pattern {
    Pattern {
        activity,
        object: Slot::Of(object),
        target: Slot::Any,
        context: Slot::Any,
        strict: true,
    }
}
const fn of(activity: &'static str, object: &'static [&'static str]) -> Pattern {
    p(activity, Slot::Of(object), Slot::Any, Slot::Any)
}
const fn nested(activity: &'static str, object: &'static Pattern) -> Pattern {
    p(activity, Slot::Nested(object), Slot::Any, Slot::Any)
}
const fn to_case(activity: &'static str, object: &'static [&'static str]) -> Pattern {
    p(activity, Slot::Of(object), Slot::Of(CASE), Slot::Any)
}
const fn in_case(activity: &'static str, object: &'static [&'static str]) -> Pattern {
    p(activity, Slot::Of(object), Slot::Any, Slot::Of(CASE))
}

const SUBMIT: Pattern = of("Offer", REPORT);
const OFFER_PARTICIPANT: Pattern = to_case("Offer", PARTICIPANT);
const OFFER_ROLE: Pattern = in_case("Offer", &["CaseParticipantRole"]);
const OFFER_CASE: Pattern = of("Offer", CASE);
const INVITE_ACTOR: Pattern = to_case("Invite", ACTOR_TYPES);
const INVITE_EMBARGO: Pattern = in_case("Invite", EVENT_TYPES);
const SUGGEST: Pattern = to_case("Offer", ACTOR_TYPES);

/// Vultron's semantic registry, in its order (more specific patterns first).
pub(crate) const REGISTRY: &[(Semantics, Pattern)] = {
    use Semantics as S;
    &[
        (S::CreateReport, of("Create", REPORT)),
        (S::SubmitReport, SUBMIT),
        (S::AckReport, nested("Read", &SUBMIT)),
        (S::ValidateReport, nested("Accept", &SUBMIT)),
        (S::InvalidateReport, nested("TentativeReject", &SUBMIT)),
        (S::CloseReport, nested("Reject", &SUBMIT)),
        (S::CreateCaseProposal, strict("Create", &["CaseProposal"])),
        (S::AcceptCaseProposal, strict("Accept", &["CaseProposal"])),
        (S::RejectCaseProposal, strict("Reject", &["CaseProposal"])),
        (S::CreateCase, of("Create", CASE)),
        (S::UpdateCase, of("Update", CASE)),
        (S::EngageCase, of("Join", CASE)),
        (S::DeferCase, of("Ignore", CASE)),
        (S::AddReportToCase, to_case("Add", REPORT)),
        (S::OfferActorToCase, SUGGEST),
        (S::OfferCaseParticipant, OFFER_PARTICIPANT),
        (
            S::AcceptOfferCaseParticipant,
            nested("Accept", &OFFER_PARTICIPANT),
        ),
        (
            S::RejectOfferCaseParticipant,
            nested("Reject", &OFFER_PARTICIPANT),
        ),
        (S::OfferCaseParticipantRole, OFFER_ROLE),
        (S::AcceptCaseParticipantRole, nested("Accept", &OFFER_ROLE)),
        (S::RejectCaseParticipantRole, nested("Reject", &OFFER_ROLE)),
        (S::OfferCaseOwnershipTransfer, OFFER_CASE),
        (
            S::AcceptCaseOwnershipTransfer,
            nested("Accept", &OFFER_CASE),
        ),
        (
            S::RejectCaseOwnershipTransfer,
            nested("Reject", &OFFER_CASE),
        ),
        (S::InviteActorToCase, INVITE_ACTOR),
        (S::AcceptInviteActorToCase, nested("Accept", &INVITE_ACTOR)),
        (S::RejectInviteActorToCase, nested("Reject", &INVITE_ACTOR)),
        (S::AnnounceVulnerabilityCase, of("Announce", CASE)),
        (S::CreateEmbargoEvent, in_case("Create", EVENT_TYPES)),
        (S::AddEmbargoEventToCase, to_case("Add", EVENT_TYPES)),
        (S::RemoveEmbargoEventFromCase, of("Remove", EVENT_TYPES)),
        (
            S::AnnounceEmbargoEventToCase,
            in_case("Announce", EVENT_TYPES),
        ),
        (S::InviteToEmbargoOnCase, INVITE_EMBARGO),
        (
            S::AcceptInviteToEmbargoOnCase,
            nested("Accept", &INVITE_EMBARGO),
        ),
        (
            S::RejectInviteToEmbargoOnCase,
            nested("Reject", &INVITE_EMBARGO),
        ),
        (S::CloseCase, of("Leave", CASE)),
        (
            S::AnnounceCaseLedgerEntry,
            of("Announce", &["CaseLedgerEntry"]),
        ),
        (S::RejectCaseLedgerEntry, of("Reject", &["CaseLedgerEntry"])),
        (S::CreateCaseParticipant, in_case("Create", PARTICIPANT)),
        (S::AddCaseParticipantToCase, to_case("Add", PARTICIPANT)),
        (
            S::RemoveCaseParticipantFromCase,
            to_case("Remove", PARTICIPANT),
        ),
        (S::CreateNote, of("Create", NOTE)),
        (S::AddNoteToCase, to_case("Add", NOTE)),
        (S::RemoveNoteFromCase, to_case("Remove", NOTE)),
        (S::CreateCaseStatus, in_case("Create", &["CaseStatus"])),
        (S::AddCaseStatusToCase, to_case("Add", &["CaseStatus"])),
        (
            S::CreateParticipantStatus,
            of("Create", &["ParticipantStatus"]),
        ),
        (
            S::AddParticipantStatusToParticipant,
            p(
                "Add",
                Slot::Of(&["ParticipantStatus"]),
                Slot::Of(PARTICIPANT),
                Slot::Any,
            ),
        ),
    ]
};

/// Looks up documents by id (Vultron's rehydration): objects given by reference
/// are matched as the document the id names, when known.
pub trait Resolve {
    /// The document with this id, if known.
    fn resolve(&self, id: &str) -> Option<&Value>;
}

/// Resolves nothing: references stay references.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoResolve;

impl Resolve for NoResolve {
    fn resolve(&self, _id: &str) -> Option<&Value> {
        None
    }
}

impl<S: std::hash::BuildHasher> Resolve for std::collections::HashMap<String, Value, S> {
    fn resolve(&self, id: &str) -> Option<&Value> {
        self.get(id)
    }
}

/// The type of a document (`type`, or the older `asType`).
#[must_use]
pub fn type_of(value: &Value) -> Option<&str> {
    let object = value.as_object()?;
    object
        .get("type")
        .or_else(|| object.get("asType"))
        .and_then(Value::as_str)
}

/// A field, inline or resolved by id; `Err(id)` for an unresolved reference.
pub(crate) fn deref<'a, R: Resolve + ?Sized>(
    value: &'a Value,
    resolve: &'a R,
) -> Result<&'a Value, &'a str> {
    match value {
        Value::String(id) => resolve.resolve(id).ok_or(id.as_str()),
        other => Ok(other),
    }
}

fn slot_matches<R: Resolve + ?Sized>(
    slot: Slot,
    value: Option<&Value>,
    strict: bool,
    resolve: &R,
    depth: u8,
) -> bool {
    let value = value.filter(|v| !v.is_null());
    match slot {
        Slot::Any => true,
        Slot::Of(types) => match value.map(|v| deref(v, resolve)) {
            None => false,
            Some(Err(_)) => !strict,
            Some(Ok(found)) => type_of(found).is_some_and(|t| types.contains(&t)),
        },
        Slot::Nested(pattern) => match value.map(|v| deref(v, resolve)) {
            Some(Ok(found)) => matches(pattern, found, resolve, depth.saturating_add(1)),
            _ => false,
        },
    }
}

fn matches<R: Resolve + ?Sized>(pattern: &Pattern, doc: &Value, resolve: &R, depth: u8) -> bool {
    if depth > 4 || type_of(doc) != Some(pattern.activity) {
        return false;
    }
    let field = |name: &str| doc.get(name);
    slot_matches(
        pattern.object,
        field("object"),
        pattern.strict,
        resolve,
        depth,
    ) && slot_matches(
        pattern.target,
        field("target"),
        pattern.strict,
        resolve,
        depth,
    ) && slot_matches(pattern.context, field("context"), false, resolve, depth)
}

/// Vultron's classification of an activity (`find_matching_semantics`): the first
/// registry pattern it matches; `UnknownUnresolvableObject` when none matches, the
/// activity type has patterns and the object is an unresolved id; `Unknown`
/// otherwise.
#[must_use]
pub fn classify<R: Resolve + ?Sized>(doc: &Value, resolve: &R) -> Semantics {
    if let Some((semantics, _)) = REGISTRY
        .iter()
        .find(|(_, pattern)| matches(pattern, doc, resolve, 0))
    {
        return *semantics;
    }
    let kind = type_of(doc);
    let has_patterns = REGISTRY.iter().any(|(_, p)| Some(p.activity) == kind);
    let unresolved = doc
        .get("object")
        .is_some_and(|o| deref(o, resolve).is_err());
    if has_patterns && unresolved {
        Semantics::UnknownUnresolvableObject
    } else {
        Semantics::Unknown
    }
}
