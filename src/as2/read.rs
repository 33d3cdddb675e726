//! Reading Vultron's current wire form: every one of its 49 message semantics
//! becomes something mpcvd understands ([`Meaning`]), or a typed error naming the
//! field that is missing or wrong. Nothing is dropped silently: what lies outside
//! the protocol is [`Meaning::Outside`], with the original document.
//!
//! `docs/interop.md` lists the mapping, semantics by semantics.

use serde::Serialize;
use serde_json::Value;

use super::As2Error;
use super::semantics::{Resolve, Semantics, classify, deref, type_of};
use super::status::{consent_state, em_state, pxa_state, rm_state, role, vfd_state};
use crate::cs::{Pxa, Vfd};
use crate::em::EmState;
use crate::message::MessageType;
use crate::pec::PecState;
use crate::rm::RmState;
use crate::role::Role;

/// The deepest nesting [`read`] follows: a ledger entry's payload announcing a
/// ledger entry whose payload … is read to this depth (the outer document is depth
/// 0); deeper is [`As2Error::Field`] `object: nested too deeply`. (The JSON itself
/// is bounded by [`MAX_DOCUMENT`](super::MAX_DOCUMENT) and serde_json's recursion
/// limit.)
pub const MAX_DEPTH: u8 = 6;

/// One activity as mpcvd reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// Vultron's classification of the activity.
    pub semantics: Semantics,
    /// The activity's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Who sent it (`actor`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Its addressees (`to`, `cc`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
    /// The case it concerns (`context`, or the case it targets), when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// When it was sent (`published`), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// What it means.
    pub meaning: Meaning,
}

/// The three embargo negotiation forms Vultron uses for six messages; the embargo
/// state tells them apart (see [`embargo_message`](super::embargo_message)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmbargoForm {
    /// `Invite(EmbargoEvent)`: `EP`, or `EV` while an embargo is in force.
    Propose,
    /// `Accept(Invite(EmbargoEvent))`: `EA`, or `EC` for a revision.
    Accept,
    /// `Reject(Invite(EmbargoEvent))`: `ER`, or `EJ` for a revision.
    Reject,
}

/// What an activity means to mpcvd.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Meaning {
    /// A protocol message whose type the document alone fixes.
    Message {
        /// The message type.
        message: MessageType,
    },
    /// An embargo negotiation message: `EP`/`EV`, `EA`/`EC`, `ER`/`EJ` by state.
    Embargo {
        /// Which form.
        form: EmbargoForm,
        /// The proposed embargo's end (`endTime`), when given.
        #[serde(skip_serializing_if = "Option::is_none")]
        end: Option<String>,
    },
    /// The case owner puts an embargo on the case (`Add(EmbargoEvent)`): Vultron
    /// activates an embargo this way, without an `EP`/`EA` pair.
    EmbargoActivated {
        /// The embargo's end, when given.
        #[serde(skip_serializing_if = "Option::is_none")]
        end: Option<String>,
    },
    /// A participant's status (`ParticipantStatus`).
    ParticipantStatus {
        /// The participant record it belongs to (`target`), when given.
        #[serde(skip_serializing_if = "Option::is_none")]
        participant: Option<String>,
        /// Whose status it is: the status object's `attributedTo` (the
        /// participant's actor), when given. A status is about this actor, not
        /// about the activity's actor (a vendor records its reporter's status).
        #[serde(skip_serializing_if = "Option::is_none")]
        of: Option<String>,
        /// Report management state.
        #[serde(skip_serializing_if = "Option::is_none")]
        rm: Option<RmState>,
        /// Fix status.
        #[serde(skip_serializing_if = "Option::is_none")]
        vfd: Option<Vfd>,
        /// Embargo consent.
        #[serde(skip_serializing_if = "Option::is_none")]
        consent: Option<PecState>,
        /// The CVD roles it states (`cvdRole`).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        roles: Vec<Role>,
        /// Whether it states the case-owner role.
        owner: bool,
    },
    /// The case's status (`CaseStatus`): its embargo and the public facts.
    CaseStatus {
        /// Embargo state.
        #[serde(skip_serializing_if = "Option::is_none")]
        em: Option<EmState>,
        /// Public facts.
        #[serde(skip_serializing_if = "Option::is_none")]
        pxa: Option<Pxa>,
    },
    /// Who is in the case.
    Membership {
        /// What happened.
        change: MembershipChange,
        /// The actor concerned.
        #[serde(skip_serializing_if = "Option::is_none")]
        member: Option<String>,
        /// Its roles, where stated.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        roles: Vec<Role>,
    },
    /// The case's ownership.
    Ownership {
        /// What happened.
        change: OwnershipChange,
    },
    /// How a report becomes a case, and the case record itself.
    Case {
        /// What happened.
        change: CaseChange,
    },
    /// A note (Vultron's general messages).
    Note {
        /// What happened to it.
        change: NoteChange,
        /// Its text.
        text: String,
        /// The note it answers, when it is an answer.
        #[serde(skip_serializing_if = "Option::is_none")]
        in_reply_to: Option<String>,
    },
    /// A case ledger entry announced by the case actor: the activity it records,
    /// read in turn.
    Ledger {
        /// Its position in the case log.
        index: u64,
        /// Vultron's name for the event (`eventType`).
        event: String,
        /// The recorded activity.
        entry: Box<Reading>,
    },
    /// A value outside the protocol, kept as the original document.
    Outside {
        /// Why it has no protocol meaning.
        reason: &'static str,
        /// The document.
        document: Value,
    },
}

/// Membership changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum MembershipChange {
    /// A member suggests an actor for the case.
    Suggested,
    /// A suggestion accepted by the case owner (no Vultron semantics of its own).
    SuggestionAccepted,
    /// A suggestion rejected by the case owner.
    SuggestionRejected,
    /// The case actor offers a participant to the owner.
    ParticipantOffered,
    ParticipantOfferAccepted,
    ParticipantOfferRejected,
    /// A role is offered to a member.
    RoleOffered,
    RoleAccepted,
    RoleRejected,
    /// An actor is invited to the case.
    Invited,
    InvitationAccepted,
    InvitationRejected,
    /// A participant record is created.
    ParticipantCreated,
    /// A participant is added to the case.
    ParticipantAdded,
    /// A participant is removed from the case.
    ParticipantRemoved,
}

/// Ownership changes (the case engine's `OfferOwnership`, `AcceptOwnership`,
/// `RejectOwnership`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum OwnershipChange {
    /// The owner offers the case to another actor.
    Offered {
        /// To whom (the offer's `to` or `target`).
        #[serde(skip_serializing_if = "Option::is_none")]
        to: Option<String>,
    },
    /// The offer accepted: the sender becomes the owner.
    Accepted,
    /// The offer declined.
    Rejected,
}

/// Case records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum CaseChange {
    ReportCreated,
    ProposalCreated,
    ProposalAccepted,
    ProposalRejected,
    Created,
    Updated,
    Announced,
    ReportAdded,
}

/// Notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum NoteChange {
    Created,
    Added,
    Removed,
}

/// Reads one activity; objects given by id are looked up through `resolve`.
///
/// # Errors
/// [`As2Error::Shape`] when the document is not an object with a `type`;
/// [`As2Error::Field`] naming a missing or malformed field; [`As2Error::Unknown`]
/// for an activity no Vultron semantics (nor a documented mpcvd reading) covers;
/// [`As2Error::State`] for an unknown status value.
pub fn read<R: Resolve + ?Sized>(doc: &Value, resolve: &R) -> Result<Reading, As2Error> {
    read_at(doc, resolve, 0)
}

fn field_error(field: &'static str, problem: &'static str) -> As2Error {
    As2Error::Field { field, problem }
}

fn read_at<R: Resolve + ?Sized>(doc: &Value, resolve: &R, depth: u8) -> Result<Reading, As2Error> {
    if depth > MAX_DEPTH {
        return Err(field_error("object", "nested too deeply"));
    }
    if !doc.is_object() {
        return Err(As2Error::Shape("the document is not a JSON object"));
    }
    let kind = type_of(doc).ok_or(As2Error::Shape("no `type` string"))?;
    let semantics = classify(doc, resolve);
    let object = || {
        doc.get("object")
            .filter(|o| !o.is_null())
            .ok_or_else(|| field_error("object", "missing"))
            .and_then(|o| {
                deref(o, resolve).map_err(|_| field_error("object", "an id that is not known"))
            })
    };
    let inner_object = || {
        object().and_then(|o| {
            o.get("object")
                .filter(|x| !x.is_null())
                .ok_or_else(|| field_error("object.object", "missing"))
                .and_then(|x| {
                    deref(x, resolve)
                        .map_err(|_| field_error("object.object", "an id that is not known"))
                })
        })
    };
    let message = |message: MessageType| Ok(Meaning::Message { message });
    let membership =
        |change: MembershipChange, member: Option<&Value>| -> Result<Meaning, As2Error> {
            Ok(Meaning::Membership {
                change,
                member: member.and_then(|m| id_of(m).map(str::to_owned)),
                roles: member.map(roles_of).transpose()?.unwrap_or_default(),
            })
        };
    use Semantics as S;
    let meaning = match semantics {
        S::SubmitReport => message(MessageType::RS),
        S::AckReport => message(MessageType::RK),
        S::ValidateReport => message(MessageType::RV),
        S::InvalidateReport => message(MessageType::RI),
        S::CloseReport | S::CloseCase => message(MessageType::RC),
        S::EngageCase => message(MessageType::RA),
        S::DeferCase => message(MessageType::RD),
        S::CreateReport => case(CaseChange::ReportCreated),
        S::CreateCaseProposal => case(CaseChange::ProposalCreated),
        S::AcceptCaseProposal => case(CaseChange::ProposalAccepted),
        S::RejectCaseProposal => case(CaseChange::ProposalRejected),
        S::CreateCase => case(CaseChange::Created),
        S::UpdateCase => case(CaseChange::Updated),
        S::AnnounceVulnerabilityCase => case(CaseChange::Announced),
        S::AddReportToCase => case(CaseChange::ReportAdded),
        S::OfferActorToCase => membership(MembershipChange::Suggested, Some(object()?)),
        S::OfferCaseParticipant => {
            membership(MembershipChange::ParticipantOffered, Some(object()?))
        }
        S::AcceptOfferCaseParticipant => membership(
            MembershipChange::ParticipantOfferAccepted,
            Some(inner_object()?),
        ),
        S::RejectOfferCaseParticipant => membership(
            MembershipChange::ParticipantOfferRejected,
            Some(inner_object()?),
        ),
        S::OfferCaseParticipantRole => membership(MembershipChange::RoleOffered, doc.get("target")),
        S::AcceptCaseParticipantRole => {
            membership(MembershipChange::RoleAccepted, doc.get("actor"))
        }
        S::RejectCaseParticipantRole => {
            membership(MembershipChange::RoleRejected, doc.get("actor"))
        }
        S::InviteActorToCase => {
            let mut meaning = membership(MembershipChange::Invited, Some(object()?))?;
            if let Meaning::Membership { roles, .. } = &mut meaning
                && roles.is_empty()
            {
                *roles = roles_of(doc)?;
            }
            Ok(meaning)
        }
        S::AcceptInviteActorToCase => {
            membership(MembershipChange::InvitationAccepted, Some(inner_object()?))
        }
        S::RejectInviteActorToCase => {
            membership(MembershipChange::InvitationRejected, Some(inner_object()?))
        }
        S::CreateCaseParticipant => membership(
            MembershipChange::ParticipantCreated,
            Some(participant_actor(object()?)),
        ),
        S::AddCaseParticipantToCase => membership(
            MembershipChange::ParticipantAdded,
            Some(participant_actor(object()?)),
        ),
        S::RemoveCaseParticipantFromCase => membership(
            MembershipChange::ParticipantRemoved,
            Some(participant_actor(object()?)),
        ),
        S::OfferCaseOwnershipTransfer => Ok(Meaning::Ownership {
            change: OwnershipChange::Offered {
                to: doc
                    .get("target")
                    .and_then(id_of)
                    .or_else(|| addressees(doc).into_iter().next())
                    .map(str::to_owned),
            },
        }),
        S::AcceptCaseOwnershipTransfer => Ok(Meaning::Ownership {
            change: OwnershipChange::Accepted,
        }),
        S::RejectCaseOwnershipTransfer => Ok(Meaning::Ownership {
            change: OwnershipChange::Rejected,
        }),
        S::InviteToEmbargoOnCase => embargo(EmbargoForm::Propose, object()?),
        S::AcceptInviteToEmbargoOnCase => embargo(EmbargoForm::Accept, inner_object()?),
        S::RejectInviteToEmbargoOnCase => embargo(EmbargoForm::Reject, inner_object()?),
        S::RemoveEmbargoEventFromCase => message(MessageType::ET),
        S::AddEmbargoEventToCase => Ok(Meaning::EmbargoActivated {
            end: end_of(object()?),
        }),
        S::CreateEmbargoEvent => outside(
            "the embargo event is created as an object; its proposal is the `Invite` that follows",
            doc,
        ),
        S::AnnounceEmbargoEventToCase => outside(
            "the case actor repeats the case's embargo to its members (a view update, no message)",
            doc,
        ),
        S::RejectCaseLedgerEntry => outside(
            "a replica refuses a ledger entry whose hash chain does not match (log replication)",
            doc,
        ),
        S::AnnounceCaseLedgerEntry => ledger(object()?, resolve, depth),
        S::CreateNote => note(NoteChange::Created, object()?),
        S::AddNoteToCase => note(NoteChange::Added, object()?),
        S::RemoveNoteFromCase => note(NoteChange::Removed, object()?),
        S::CreateCaseStatus | S::AddCaseStatusToCase => {
            case_status(object()?).map_err(super::status::in_object)
        }
        S::CreateParticipantStatus | S::AddParticipantStatusToParticipant => {
            participant_status(object()?, doc.get("target")).map_err(super::status::in_object)
        }
        S::Unknown | S::UnknownUnresolvableObject => unknown(kind, doc, resolve),
    }?;
    Ok(Reading {
        semantics,
        id: doc.get("id").and_then(Value::as_str).map(str::to_owned),
        actor: doc.get("actor").and_then(id_of).map(str::to_owned),
        to: addressees(doc).into_iter().map(str::to_owned).collect(),
        case: case_of(doc, resolve).map(str::to_owned),
        published: doc
            .get("published")
            .and_then(Value::as_str)
            .map(str::to_owned),
        meaning,
    })
}

/// What mpcvd reads where Vultron's registry has no semantics (each one in
/// `docs/interop.md`): `Read` of the report is Vultron's own acknowledgement
/// (`RK`; its registry expects `Read(Offer(report))`), and an accepted or rejected
/// suggestion (`Accept`/`Reject` of `Offer(actor)`).
fn unknown<R: Resolve + ?Sized>(kind: &str, doc: &Value, resolve: &R) -> Result<Meaning, As2Error> {
    let object = doc
        .get("object")
        .filter(|o| !o.is_null())
        .ok_or_else(|| field_error("object", "missing"))?;
    let inner = deref(object, resolve).ok();
    let inner_kind = inner.and_then(type_of);
    let offered_actor = inner
        .filter(|_| inner_kind == Some("Offer"))
        .and_then(|o| o.get("object"))
        .and_then(|a| deref(a, resolve).ok())
        .and_then(type_of)
        .is_some_and(|t| super::semantics::ACTOR_TYPES.contains(&t));
    let suggestion = |change| Meaning::Membership {
        change,
        member: inner
            .and_then(|o| o.get("object"))
            .and_then(id_of)
            .map(str::to_owned),
        roles: Vec::new(),
    };
    match (kind, inner_kind) {
        ("Read", Some("VulnerabilityReport") | None) => Ok(Meaning::Message {
            message: MessageType::RK,
        }),
        // Ledger snapshots of the case actor's offer keep the case in `context`
        // and drop `target`.
        ("Offer", Some("CaseParticipant")) => Ok(Meaning::Membership {
            change: MembershipChange::ParticipantOffered,
            member: inner
                .map(participant_actor)
                .and_then(id_of)
                .map(str::to_owned),
            roles: inner.map(roles_of).transpose()?.unwrap_or_default(),
        }),
        ("Accept", Some("Offer")) if offered_actor => {
            Ok(suggestion(MembershipChange::SuggestionAccepted))
        }
        ("Reject", Some("Offer")) if offered_actor => {
            Ok(suggestion(MembershipChange::SuggestionRejected))
        }
        _ => Err(As2Error::Unknown {
            activity: kind.chars().take(64).collect(),
            object: inner_kind.map(|o| o.chars().take(64).collect()),
        }),
    }
}

fn case(change: CaseChange) -> Result<Meaning, As2Error> {
    Ok(Meaning::Case { change })
}

fn outside(reason: &'static str, doc: &Value) -> Result<Meaning, As2Error> {
    Ok(Meaning::Outside {
        reason,
        document: doc.clone(),
    })
}

fn embargo(form: EmbargoForm, event: &Value) -> Result<Meaning, As2Error> {
    Ok(Meaning::Embargo {
        form,
        end: end_of(event),
    })
}

fn end_of(event: &Value) -> Option<String> {
    event
        .get("endTime")
        .or_else(|| event.get("end_time"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn note(change: NoteChange, object: &Value) -> Result<Meaning, As2Error> {
    Ok(Meaning::Note {
        change,
        text: object
            .get("content")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .chars()
            .take(crate::participant::MAX_TEXT_LEN)
            .collect(),
        in_reply_to: object.get("inReplyTo").and_then(id_of).map(str::to_owned),
    })
}

fn ledger<R: Resolve + ?Sized>(entry: &Value, resolve: &R, depth: u8) -> Result<Meaning, As2Error> {
    let index = get(entry, &["logIndex", "log_index"])
        .ok_or_else(|| field_error("object.logIndex", "missing"))?
        .as_u64()
        .ok_or_else(|| field_error("object.logIndex", "not a non-negative integer"))?;
    let event = get(entry, &["eventType", "event_type"])
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let payload = get(entry, &["payloadSnapshot", "payload_snapshot"])
        .ok_or_else(|| field_error("object.payloadSnapshot", "missing"))?;
    let payload = normalise_snapshot(payload);
    let inner = read_at(&payload, resolve, depth.saturating_add(1))?;
    Ok(Meaning::Ledger {
        index,
        event,
        entry: Box::new(inner),
    })
}

/// Some ledger snapshots use Vultron's Python field names (`object_`, `id_`);
/// they are read as the wire names.
fn normalise_snapshot(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let key = match k.as_str() {
                        "object_" => "object",
                        "id_" => "id",
                        "type_" => "type",
                        other => other,
                    };
                    (key.to_owned(), normalise_snapshot(v))
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn get<'a>(doc: &'a Value, names: &[&str]) -> Option<&'a Value> {
    names
        .iter()
        .find_map(|name| doc.get(*name).filter(|v| !v.is_null()))
}

fn participant_status(status: &Value, target: Option<&Value>) -> Result<Meaning, As2Error> {
    let text = |names: &[&str]| get(status, names).and_then(Value::as_str);
    let rm = text(&["rmState", "rm_state", "rm"])
        .map(rm_state)
        .transpose()?;
    let vfd = text(&["vfdState", "vfd_state", "vfd"])
        .map(vfd_state)
        .transpose()?;
    let consent = text(&["emConsentState", "em_consent_state", "consent"])
        .map(consent_state)
        .transpose()?;
    let (roles, owner) = cvd_roles(get(status, &["cvdRole", "cvd_role"]))?;
    Ok(Meaning::ParticipantStatus {
        participant: target.and_then(id_of).map(str::to_owned),
        of: text(&["attributedTo", "attributed_to"]).map(str::to_owned),
        rm,
        vfd,
        consent,
        roles,
        owner,
    })
}

fn case_status(status: &Value) -> Result<Meaning, As2Error> {
    let text = |names: &[&str]| get(status, names).and_then(Value::as_str);
    Ok(Meaning::CaseStatus {
        em: text(&["emState", "em_state"]).map(em_state).transpose()?,
        pxa: text(&["pxaState", "pxa_state"])
            .map(pxa_state)
            .transpose()?,
    })
}

/// CVD roles from a role list; `case_owner` is ownership, `case_manager` an
/// authority of the case actor, neither a CVD role.
fn cvd_roles(list: Option<&Value>) -> Result<(Vec<Role>, bool), As2Error> {
    let mut roles = Vec::new();
    let mut owner = false;
    for name in list.and_then(Value::as_array).into_iter().flatten() {
        let name = name
            .as_str()
            .ok_or_else(|| field_error("cvdRole", "not a list of strings"))?;
        match role(name)? {
            Some(r) if !roles.contains(&r) => roles.push(r),
            Some(_) => {}
            None => owner |= name.eq_ignore_ascii_case("case_owner"),
        }
    }
    Ok((roles, owner))
}

/// Roles an actor, invitation or participant record carries (`caseRoles`,
/// `roles`, `cvdRole`).
fn roles_of(value: &Value) -> Result<Vec<Role>, As2Error> {
    let list = get(value, &["caseRoles", "case_roles", "roles", "cvdRole"]);
    cvd_roles(list).map(|(roles, _)| roles)
}

/// The actor a `CaseParticipant` stands for (`attributedTo`, else its `name`).
fn participant_actor(participant: &Value) -> &Value {
    get(participant, &["attributedTo", "attributed_to"]).map_or(participant, |actor| actor)
}

/// An id: the string itself, or an object's `id`.
#[must_use]
pub fn id_of(value: &Value) -> Option<&str> {
    match value {
        Value::String(id) => Some(id),
        Value::Object(map) => map
            .get("id")
            .or_else(|| map.get("id_"))
            .and_then(Value::as_str),
        _ => None,
    }
}

fn addressees(doc: &Value) -> Vec<&str> {
    ["to", "cc"]
        .iter()
        .filter_map(|k| doc.get(*k))
        .flat_map(|v| match v {
            Value::Array(items) => items.iter().filter_map(id_of).collect::<Vec<_>>(),
            other => id_of(other).into_iter().collect(),
        })
        .collect()
}

/// The case: `context` when it names one, else the case an activity targets or
/// whose object it is.
fn case_of<'a, R: Resolve + ?Sized>(doc: &'a Value, resolve: &'a R) -> Option<&'a str> {
    let is_case = |v: &&'a Value| {
        deref(v, resolve)
            .ok()
            .and_then(type_of)
            .is_some_and(|t| t == "VulnerabilityCase")
    };
    doc.get("context")
        .filter(|c| !c.is_null())
        .and_then(id_of)
        .or_else(|| {
            ["target", "object", "origin"]
                .iter()
                .filter_map(|k| doc.get(*k))
                .find(is_case)
                .and_then(id_of)
        })
}

impl Meaning {
    /// The protocol message this meaning carries, given the embargo state when it
    /// was sent: the message itself; an embargo form by
    /// [`embargo_message`](super::embargo_message); a participant status naming a fix status as `CV`,
    /// `CF` or `CD`; a case status by its newest public fact (`CA`, else `CX`, else
    /// `CP`); a note as `GI`, or `GK` when it answers one; a ledger entry as what it
    /// records. `None` for membership, ownership, case records and values outside
    /// the protocol.
    #[must_use]
    pub fn message(&self, em: EmState) -> Option<MessageType> {
        match self {
            Self::Message { message } => Some(*message),
            Self::Embargo { form, .. } => Some(super::embargo_message(*form, em)),
            Self::ParticipantStatus { vfd, .. } => match vfd {
                Some(Vfd::Aware) => Some(MessageType::CV),
                Some(Vfd::FixReady) => Some(MessageType::CF),
                Some(Vfd::FixDeployed) => Some(MessageType::CD),
                _ => None,
            },
            Self::CaseStatus { pxa: Some(pxa), .. } => {
                if pxa.attacks_observed() {
                    Some(MessageType::CA)
                } else if pxa.exploit_public() {
                    Some(MessageType::CX)
                } else if pxa.public_aware() {
                    Some(MessageType::CP)
                } else {
                    None
                }
            }
            Self::Note {
                change: NoteChange::Created | NoteChange::Added,
                in_reply_to,
                ..
            } => Some(if in_reply_to.is_some() {
                MessageType::GK
            } else {
                MessageType::GI
            }),
            Self::Ledger { entry, .. } => entry.meaning.message(em),
            _ => None,
        }
    }
}
