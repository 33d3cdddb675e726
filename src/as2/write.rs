//! Writing mpcvd's messages in Vultron's current wire form, as a running Vultron's
//! inbox accepts them (`type`, `@context`, ids, `to`, `actor`, inline objects).
//!
//! | message | activity |
//! |---|---|
//! | `RS` | `Offer(VulnerabilityReport)` |
//! | `RK` | `Read(Offer(VulnerabilityReport))` |
//! | `RV` / `RI` | `Accept` / `TentativeReject` of the `Offer` |
//! | `RC` | `Reject(Offer)` before the report is accepted, `Leave(VulnerabilityCase)` after |
//! | `RA` / `RD` | `Join` / `Ignore` of the `VulnerabilityCase` |
//! | `EP`, `EV` | `Invite(EmbargoEvent)` |
//! | `EA`, `EC` / `ER`, `EJ` | `Accept` / `Reject` of that `Invite` |
//! | `ET` | `Remove(EmbargoEvent)`, `origin` the case |
//! | `CV`, `CF`, `CD` | `Add(ParticipantStatus)` to the sender's `CaseParticipant` |
//! | `CP`, `CX`, `CA` | `Add(CaseStatus)` to the case |
//! | `GI` / `GK` | `Create(Note)` / `Create(Note)` in reply to the question |
//!
//! `RE`, `EK`, `EE`, `CK`, `CE` and `GE` have no form in Vultron's vocabulary
//! (Vultron acknowledges nothing but the report, and answers errors with HTTP
//! status codes, or `Reject(CaseLedgerEntry)` for a broken log):
//! [`As2Error::NoWireForm`].

use serde_json::{Map, Value, json};

use super::As2Error;
use super::read::EmbargoForm;
use super::status::consent_name;
use crate::cs::{Pxa, Vfd};
use crate::em::EmState;
use crate::message::MessageType;
use crate::pec::PecState;
use crate::rm::RmState;

/// The ActivityStreams context.
pub const AS2_CONTEXT: &str = "https://www.w3.org/ns/activitystreams";

/// Which message an embargo form is, given the embargo state when it is sent
/// ([reference §5](crate::reference)): a proposal while an embargo is in force is a revision (`EV`);
/// an acceptance or rejection while a revision is pending is `EC` / `EJ`.
#[must_use]
pub const fn embargo_message(form: EmbargoForm, em: EmState) -> MessageType {
    let revising = matches!(em, EmState::Active | EmState::Revise);
    match (form, revising) {
        (EmbargoForm::Propose, false) => MessageType::EP,
        (EmbargoForm::Propose, true) => MessageType::EV,
        (EmbargoForm::Accept, false) => MessageType::EA,
        (EmbargoForm::Accept, true) => MessageType::EC,
        (EmbargoForm::Reject, false) => MessageType::ER,
        (EmbargoForm::Reject, true) => MessageType::EJ,
    }
}

/// The embargo form a message travels in, if it is one of the six.
#[must_use]
pub const fn embargo_form(message: MessageType) -> Option<EmbargoForm> {
    match message {
        MessageType::EP | MessageType::EV => Some(EmbargoForm::Propose),
        MessageType::EA | MessageType::EC => Some(EmbargoForm::Accept),
        MessageType::ER | MessageType::EJ => Some(EmbargoForm::Reject),
        _ => None,
    }
}

/// The form `RC` takes: `Reject` of the report's offer while the sender has not
/// accepted the report into a case (`Received`, `Invalid`), `Leave` of the case
/// after.
#[must_use]
pub const fn closes_report(rm: RmState) -> bool {
    matches!(rm, RmState::Start | RmState::Received | RmState::Invalid)
}

/// Everything a written activity refers to: ids of the case's objects, the
/// sender's state when it sends, and the activity's own id and addressees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wire {
    /// The activity's id (unique; nested objects get `#`-suffixed ids).
    pub id: String,
    /// The sender's actor id.
    pub actor: String,
    /// The recipients' actor ids.
    pub to: Vec<String>,
    /// When sent (RFC 3339), written as `published`; the library has no clock.
    pub published: Option<String>,
    /// The case's id.
    pub case: String,
    /// The report's id.
    pub report: String,
    /// The report's title.
    pub report_name: String,
    /// The report's text.
    pub report_content: String,
    /// Who wrote the report (its `attributedTo`).
    pub reporter: String,
    /// The id of the `Offer` that submitted the report (`RK`, `RV`, `RI`, `RC`).
    pub offer: String,
    /// Who the report was offered to.
    pub offered_to: String,
    /// The embargo event's id.
    pub embargo: String,
    /// The embargo's start and end (RFC 3339).
    pub embargo_window: Option<(String, String)>,
    /// The sender's `CaseParticipant` id (`CV`, `CF`, `CD`).
    pub participant: String,
    /// The embargo state when the message is sent.
    pub em: EmState,
    /// The sender's report state when it sends (`RC`'s form; its status).
    pub rm: RmState,
    /// The sender's embargo consent (its status).
    pub consent: PecState,
    /// The public facts after the message (`CP`, `CX`, `CA`).
    pub pxa: Pxa,
    /// The note's text (`GI`, `GK`).
    pub text: String,
    /// The question a `GK` answers.
    pub in_reply_to: Option<String>,
}

fn no_form(message: MessageType, reason: &'static str) -> As2Error {
    As2Error::NoWireForm { message, reason }
}

/// Writes `message` as Vultron's inbox accepts it.
///
/// # Errors
/// [`As2Error::NoWireForm`] for `RE`, `EK`, `EE`, `CK`, `CE`, `GE`, saying why;
/// and for an embargo form sent in a state that makes it another message (an
/// `EP` while an embargo is in force travels as the same `Invite`, and would be
/// read as `EV`).
pub fn write(message: MessageType, wire: &Wire) -> Result<Value, As2Error> {
    use MessageType as M;
    if let Some(form) = embargo_form(message)
        && embargo_message(form, wire.em) != message
    {
        return Err(no_form(
            message,
            "in this embargo state the same activity means another message (EP/EV, EA/EC, ER/EJ share their forms)",
        ));
    }
    let sub = |suffix: &str| format!("{}#{suffix}", wire.id);
    let (kind, mut fields) = match message {
        M::RS => ("Offer", obj([("object", report(wire))])),
        M::RK => ("Read", obj([("object", offer(wire))])),
        M::RV => ("Accept", obj([("object", offer(wire))])),
        M::RI => ("TentativeReject", obj([("object", offer(wire))])),
        M::RC if closes_report(wire.rm) => ("Reject", obj([("object", offer(wire))])),
        M::RC => ("Leave", obj([("object", case(wire))])),
        M::RA => ("Join", obj([("object", case(wire))])),
        M::RD => ("Ignore", obj([("object", case(wire))])),
        M::EP | M::EV => ("Invite", invite_fields(wire)),
        M::EA | M::EC => ("Accept", accept_invite(wire)),
        M::ER | M::EJ => ("Reject", accept_invite(wire)),
        M::ET => (
            "Remove",
            obj([
                ("object", event(wire)),
                ("origin", Value::from(wire.case.clone())),
            ]),
        ),
        M::CV | M::CF | M::CD => {
            let vfd = match message {
                M::CV => Vfd::Aware,
                M::CF => Vfd::FixReady,
                _ => Vfd::FixDeployed,
            };
            let status = json!({
                "id": sub("status"),
                "type": "ParticipantStatus",
                "context": wire.case,
                "attributedTo": wire.actor,
                "rmState": rm_name(wire.rm),
                "vfdState": vfd.to_string(),
                "emConsentState": consent_name(wire.consent),
            });
            (
                "Add",
                obj([
                    ("object", status),
                    ("target", Value::from(wire.participant.clone())),
                ]),
            )
        }
        M::CP | M::CX | M::CA => {
            let status = json!({
                "id": sub("status"),
                "type": "CaseStatus",
                "context": wire.case,
                "attributedTo": wire.actor,
                "emState": em_name(wire.em),
                "pxaState": wire.pxa.to_string(),
            });
            (
                "Add",
                obj([
                    ("object", status),
                    ("target", Value::from(wire.case.clone())),
                ]),
            )
        }
        M::GI | M::GK => {
            let mut note = obj([
                ("id", Value::from(sub("note"))),
                ("type", Value::from("Note")),
                ("context", Value::from(wire.case.clone())),
                ("attributedTo", Value::from(wire.actor.clone())),
                ("content", Value::from(wire.text.clone())),
            ]);
            match (message, &wire.in_reply_to) {
                (M::GK, Some(question)) => {
                    note.insert("inReplyTo".to_owned(), Value::from(question.clone()));
                }
                (M::GK, None) => {
                    return Err(no_form(
                        message,
                        "a `GK` note answers a question: `in_reply_to` is needed",
                    ));
                }
                _ => {}
            }
            ("Create", obj([("object", Value::Object(note))]))
        }
        M::RE | M::EE | M::CE | M::GE => {
            return Err(no_form(
                message,
                "Vultron has no error activity: its inbox answers with an HTTP status, and a broken case log with `Reject(CaseLedgerEntry)`",
            ));
        }
        M::EK | M::CK => {
            return Err(no_form(
                message,
                "Vultron acknowledges only the report (`Read`); embargo and case-state messages are acknowledged by the case ledger's announcements",
            ));
        }
    };
    let mut out = Map::new();
    out.insert("@context".to_owned(), Value::from(AS2_CONTEXT));
    out.insert("id".to_owned(), Value::from(wire.id.clone()));
    out.insert("type".to_owned(), Value::from(kind));
    out.insert(
        "name".to_owned(),
        Value::from(format!("{} {kind} {}", wire.actor, message.code())),
    );
    if let Some(at) = &wire.published {
        out.insert("published".to_owned(), Value::from(at.clone()));
        out.insert("updated".to_owned(), Value::from(at.clone()));
    }
    out.insert(
        "to".to_owned(),
        Value::Array(wire.to.iter().cloned().map(Value::from).collect()),
    );
    out.insert("actor".to_owned(), Value::from(wire.actor.clone()));
    out.append(&mut fields);
    Ok(Value::Object(out))
}

fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

fn report(wire: &Wire) -> Value {
    json!({
        "id": wire.report,
        "type": "VulnerabilityReport",
        "name": wire.report_name,
        "content": wire.report_content,
        "attributedTo": wire.reporter,
    })
}

fn offer(wire: &Wire) -> Value {
    json!({
        "id": wire.offer,
        "type": "Offer",
        "to": [wire.offered_to],
        "actor": wire.reporter,
        "object": report(wire),
    })
}

fn case(wire: &Wire) -> Value {
    json!({"id": wire.case, "type": "VulnerabilityCase", "name": wire.report_name})
}

fn event(wire: &Wire) -> Value {
    let mut event = obj([
        ("id", Value::from(wire.embargo.clone())),
        ("type", Value::from("EmbargoEvent")),
        ("context", Value::from(wire.case.clone())),
    ]);
    if let Some((start, end)) = &wire.embargo_window {
        event.insert("startTime".to_owned(), Value::from(start.clone()));
        event.insert("endTime".to_owned(), Value::from(end.clone()));
    }
    Value::Object(event)
}

fn invite_fields(wire: &Wire) -> Map<String, Value> {
    obj([
        ("object", event(wire)),
        ("context", Value::from(wire.case.clone())),
    ])
}

/// `Accept`/`Reject` of the proposal: the `Invite` inline, from its proposer
/// (the first recipient).
fn accept_invite(wire: &Wire) -> Map<String, Value> {
    let mut invite = obj([
        ("id", Value::from(format!("{}#invite", wire.embargo))),
        ("type", Value::from("Invite")),
        (
            "actor",
            Value::from(wire.to.first().cloned().unwrap_or_default()),
        ),
    ]);
    invite.append(&mut invite_fields(wire));
    obj([
        ("object", Value::Object(invite)),
        ("context", Value::from(wire.case.clone())),
    ])
}

/// Vultron's RM state name (`RECEIVED`, …).
#[must_use]
pub const fn rm_name(rm: RmState) -> &'static str {
    match rm {
        RmState::Start => "START",
        RmState::Received => "RECEIVED",
        RmState::Invalid => "INVALID",
        RmState::Valid => "VALID",
        RmState::Accepted => "ACCEPTED",
        RmState::Deferred => "DEFERRED",
        RmState::Closed => "CLOSED",
    }
}

/// Vultron's EM state name (`NONE`, `ACTIVE`, …).
#[must_use]
pub const fn em_name(em: EmState) -> &'static str {
    match em {
        EmState::None => "NONE",
        EmState::Proposed => "PROPOSED",
        EmState::Active => "ACTIVE",
        EmState::Revise => "REVISE",
        EmState::Exited => "EXITED",
    }
}
