//! Vultron's ActivityStreams 2.0 wire form (feature `as2`), [reference §8](crate::reference).
//!
//! The current wire form, as a running Vultron (CERTCC/Vultron at 6883299) sends
//! and accepts it: [`read()`] reads any activity into a [`Reading`] (every one of
//! Vultron's 49 [`Semantics`], classified by the same patterns as Vultron's
//! registry, [`classify`]); [`write()`] writes a message as Vultron's inbox accepts
//! it; [`exchange`] reads a recorded exchange (JSON Lines) and turns it into a
//! conformance trace. `docs/interop.md` lists the mapping and every difference.
//!
//! [`Activity`] below reads Vultron's older example documents (`asType`, types such
//! as `RmEngageCase`):
//! [`Activity::from_json`] reads an AS2 document (an activity, or a standalone
//! object such as a `VulnerabilityReport`); [`Activity::to_json`] writes it back,
//! keeping the activity type, actor, object, target, context and every other field.
//! [`Activity::map`] says what it means to mpcvd: a protocol message, a participant
//! or case status, or an object that carries no message — or a typed
//! [`As2Error::Unsupported`] naming why, never a silent drop.
//!
//! Objects may be inline or id references. Vultron's own examples
//! (`docs/reference/examples`) refer to the report by id: `Accept(report-id)`
//! validates (`RV`), `Reject(report-id)` or `TentativeReject(report-id)` invalidates
//! (`RI`), `Leave` closes (`RC`), `Offer` and `Read` of an id submit and acknowledge
//! (`RS`, `RK`); embargo acceptances and rejections carry their `EmbargoEvent`
//! inline. mpcvd follows those examples where §8's table (`Reject(Offer(Report))` as
//! `RC`) differs, and maps both spellings.

mod examples;
pub mod exchange;
mod read;
mod semantics;
mod status;
mod write;

use serde_json::{Map, Value};
use thiserror::Error;

use crate::cs::{Pxa, Vfd};
use crate::em::EmState;
use crate::message::MessageType;
use crate::rm::RmState;

pub use examples::examples;
pub use read::{
    CaseChange, EmbargoForm, MAX_DEPTH, Meaning, MembershipChange, NoteChange, OwnershipChange,
    Reading, id_of, read,
};
pub use semantics::{ACTOR_TYPES, EVENT_TYPES, NoResolve, Resolve, Semantics, classify, type_of};
pub use status::{
    consent_name, consent_state, em_state, pxa_state, rm_state, role, role_name, vfd_state,
};
pub use write::{
    AS2_CONTEXT, Wire, closes_report, em_name, embargo_form, embargo_message, rm_name, write,
};

/// The largest document read, in bytes.
pub const MAX_DOCUMENT: usize = 1 << 20;

/// An AS2 document as read: its type and the fields mpcvd maps, with everything
/// else kept for writing back.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// The document: a JSON object.
    fields: Map<String, Value>,
    /// Which key held the type (`"type"`, or Vultron's `"asType"`).
    type_key: &'static str,
}

/// What an AS2 document means to mpcvd.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mapped {
    /// A protocol message.
    Message(MessageType),
    /// A participant's status (`Add(ParticipantStatus)`, `ParticipantStatus`):
    /// becomes [`Input::Status`](crate::case::Input::Status).
    ParticipantStatus {
        /// Report management state, if given.
        rm: Option<RmState>,
        /// Fix status, if given.
        vfd: Option<Vfd>,
    },
    /// A case status (`Add(CaseStatus)`, `CaseStatus`).
    CaseStatus {
        /// Embargo state, if given.
        em: Option<EmState>,
        /// Public facts, if given.
        pxa: Option<Pxa>,
    },
    /// A standalone object that carries no message (a report, a case, an actor…).
    Object,
}

/// Why a document cannot be read or mapped.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum As2Error {
    /// Not JSON, or too large.
    #[error("not an ActivityStreams document: {0}")]
    Json(String),
    /// JSON, but not an object with a type.
    #[error("not an ActivityStreams object: {0}")]
    Shape(&'static str),
    /// A well-formed document mpcvd does not map.
    #[error("unsupported: `{activity}`{} — {reason}", .object.as_ref().map(|o| format!(" of `{o}`")).unwrap_or_default())]
    Unsupported {
        /// The activity (or object) type.
        activity: String,
        /// The object's type, when inline.
        object: Option<String>,
        /// Why.
        reason: &'static str,
    },
    /// A field missing or malformed.
    #[error("`{field}`: {problem}")]
    Field {
        /// The field (dotted path: `object.logIndex`).
        field: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// An activity no Vultron semantics (nor a documented mpcvd reading) covers.
    #[error("`type`: `{activity}`{} matches no Vultron semantics", .object.as_ref().map(|o| format!(" of `{o}`")).unwrap_or_default())]
    Unknown {
        /// The activity type.
        activity: String,
        /// The object's type, when known.
        object: Option<String>,
    },
    /// A message with no form in Vultron's vocabulary.
    #[error("`{message}` has no ActivityStreams form in Vultron: {reason}")]
    NoWireForm {
        /// The message.
        message: MessageType,
        /// Why.
        reason: &'static str,
    },
    /// A status field with a value mpcvd does not know.
    #[error("`{field}`: unknown value `{value}`")]
    State {
        /// The field.
        field: &'static str,
        /// The value (truncated to 64 characters).
        value: String,
    },
}

impl Activity {
    /// Reads a document.
    ///
    /// # Errors
    /// [`As2Error::Json`] for malformed or oversized input, [`As2Error::Shape`] when
    /// it is not an object with a `type` (or `asType`).
    pub fn from_json(text: &str) -> Result<Self, As2Error> {
        if text.len() > MAX_DOCUMENT {
            return Err(As2Error::Json(format!(
                "{} bytes exceed the limit of {MAX_DOCUMENT}",
                text.len()
            )));
        }
        let value: Value = serde_json::from_str(text).map_err(|e| As2Error::Json(e.to_string()))?;
        Self::from_value(value)
    }

    /// Reads a parsed document.
    ///
    /// # Errors
    /// [`As2Error::Shape`] when it is not an object with a `type` (or `asType`).
    pub fn from_value(value: Value) -> Result<Self, As2Error> {
        let Value::Object(fields) = value else {
            return Err(As2Error::Shape("the document is not a JSON object"));
        };
        let type_key = if fields.get("asType").is_some_and(Value::is_string) {
            "asType"
        } else if fields.get("type").is_some_and(Value::is_string) {
            "type"
        } else {
            return Err(As2Error::Shape("no `type` (or `asType`) string"));
        };
        Ok(Self { fields, type_key })
    }

    /// Writes the document back, every field kept.
    #[must_use]
    pub fn to_json(&self) -> Value {
        Value::Object(self.fields.clone())
    }

    /// The activity or object type (`"Offer"`, `"VulnerabilityReport"`, …).
    #[must_use]
    pub fn kind(&self) -> &str {
        self.fields
            .get(self.type_key)
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// A field (`"actor"`, `"object"`, `"target"`, `"context"`, …).
    #[must_use]
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.fields.get(name)
    }

    /// The inline object's type, if the object is inline.
    #[must_use]
    pub fn object_kind(&self) -> Option<&str> {
        object_type(self.fields.get("object")?)
    }

    /// What the document means to mpcvd ([reference §8](crate::reference) table).
    ///
    /// # Errors
    /// [`As2Error::Unsupported`] for activities mpcvd does not map (case management,
    /// ownership transfer, notes, ambiguous id references); [`As2Error::State`] for
    /// an unknown status value.
    pub fn map(&self) -> Result<Mapped, As2Error> {
        use MessageType as M;
        let object = self.fields.get("object");
        let inner = object.and_then(object_type);
        // The object of an object (Accept(Invite(EmbargoEvent)), Read(Offer(Report))).
        let inner_inner = object.and_then(|o| o.get("object")).and_then(object_type);
        let message = |m: M| Ok(Mapped::Message(m));
        match (self.kind(), inner, inner_inner) {
            // Standalone status objects, and statuses added to a case or participant.
            ("ParticipantStatus", _, _) => participant_status(&self.fields),
            ("CaseStatus", _, _) => case_status(&self.fields),
            ("Add" | "Create", Some("ParticipantStatus"), _) => {
                participant_status(object.and_then(Value::as_object).unwrap_or(&self.fields))
                    .map_err(status::in_object)
            }
            ("Add" | "Create", Some("CaseStatus"), _) => {
                case_status(object.and_then(Value::as_object).unwrap_or(&self.fields))
                    .map_err(status::in_object)
            }
            // Report management.
            ("Offer", Some("VulnerabilityReport") | None, _) => message(M::RS),
            ("Read", _, _) => message(M::RK),
            ("Accept", Some("Offer"), Some("VulnerabilityReport") | None) => message(M::RV),
            ("TentativeReject", Some("Offer"), Some("VulnerabilityReport") | None) => message(M::RI),
            ("Reject", Some("Offer"), Some("VulnerabilityReport") | None) => message(M::RC),
            ("Join" | "RmEngageCase", _, _) => message(M::RA),
            ("Ignore" | "RmDeferCase", _, _) => message(M::RD),
            ("Leave" | "RmCloseCase" | "RmCloseReport", _, _) => message(M::RC),
            // Embargo management.
            ("Invite", Some("EmbargoEvent"), _) => message(M::EP),
            ("Accept", Some("Invite"), Some("EmbargoEvent") | None) | ("Accept", Some("EmbargoEvent"), _) => {
                message(M::EA)
            }
            ("Reject", Some("Invite"), Some("EmbargoEvent") | None) | ("Reject", Some("EmbargoEvent"), _) => {
                message(M::ER)
            }
            ("Remove", Some("EmbargoEvent"), _) => message(M::ET),
            // Objects without a message.
            (
                "VulnerabilityReport" | "VulnerabilityCase" | "CaseParticipant" | "EmbargoEvent" | "Person"
                | "Organization" | "Service" | "Actor" | "Note" | "OrderedCollection",
                _,
                _,
            ) => Ok(Mapped::Object),
            ("Accept", None, _) => message(M::RV),
            ("Reject" | "TentativeReject", None, _) => message(M::RI),
            (
                "Create" | "Update" | "Add" | "Remove" | "Announce" | "Undo" | "Offer" | "Accept" | "Reject" | "Invite",
                _,
                _,
            ) => Err(self.unsupported("case management (cases, participants, notes, embargo bookkeeping) carries no protocol message")),
            _ => Err(self.unsupported("not part of the Vultron protocol mapping (reference §8)")),
        }
    }

    /// Writes `message` with the given actor, object, target and context, keyed
    /// `type` as Vultron's current parser requires (for the full current form, with
    /// inline objects and addressees, see [`write()`]): the activity type for the
    /// message (`RS` → `Offer`, `RK` → `Read`, `RV` →
    /// `Accept`, `RI` → `TentativeReject` (as Vultron sends it; `Reject` closes), `RC` → `Leave`, `RA` → `Join`, `RD` → `Ignore`,
    /// `EP`/`EV` → `Invite`, `EA`/`EC` → `Accept`, `ER`/`EJ` → `Reject`, `ET` →
    /// `Remove`) with the given actor, object, target and context.
    ///
    /// # Errors
    /// [`As2Error::Unsupported`] for a message with no AS2 form (acknowledgements
    /// other than `RK`, errors, case-state and general messages: Vultron sends
    /// statuses as `Add(CaseStatus)` / `Add(ParticipantStatus)` instead).
    pub fn from_message(
        message: MessageType,
        actor: Value,
        object: Value,
        target: Option<Value>,
        context: Option<Value>,
    ) -> Result<Self, As2Error> {
        use MessageType as M;
        let kind = match message {
            M::RS => "Offer",
            M::RK => "Read",
            M::RV | M::EA | M::EC => "Accept",
            M::RI => "TentativeReject",
            M::ER | M::EJ => "Reject",
            M::RC => "Leave",
            M::RA => "Join",
            M::RD => "Ignore",
            M::EP | M::EV => "Invite",
            M::ET => "Remove",
            _ => {
                return Err(As2Error::Unsupported {
                    activity: message.code().to_owned(),
                    object: None,
                    reason: "this message has no ActivityStreams form in Vultron",
                });
            }
        };
        let mut fields = Map::new();
        fields.insert(
            "@context".to_owned(),
            Value::from("https://www.w3.org/ns/activitystreams"),
        );
        fields.insert("type".to_owned(), Value::from(kind));
        fields.insert("actor".to_owned(), actor);
        fields.insert("object".to_owned(), object);
        if let Some(target) = target {
            fields.insert("target".to_owned(), target);
        }
        if let Some(context) = context {
            fields.insert("context".to_owned(), context);
        }
        Ok(Self {
            fields,
            type_key: "type",
        })
    }

    fn unsupported(&self, reason: &'static str) -> As2Error {
        As2Error::Unsupported {
            activity: self.kind().chars().take(64).collect(),
            object: self.object_kind().map(|o| o.chars().take(64).collect()),
            reason,
        }
    }
}

/// The type of an inline object (`type` or `asType`); `None` for an id reference.
fn object_type(value: &Value) -> Option<&str> {
    let object = value.as_object()?;
    object
        .get("asType")
        .or_else(|| object.get("type"))
        .and_then(Value::as_str)
}

fn participant_status(fields: &Map<String, Value>) -> Result<Mapped, As2Error> {
    let rm = fields
        .get("rmState")
        .and_then(Value::as_str)
        .map(rm_state)
        .transpose()?;
    let vfd = fields
        .get("vfdState")
        .and_then(Value::as_str)
        .map(vfd_state)
        .transpose()?;
    Ok(Mapped::ParticipantStatus { rm, vfd })
}

fn case_status(fields: &Map<String, Value>) -> Result<Mapped, As2Error> {
    let em = fields
        .get("emState")
        .and_then(Value::as_str)
        .map(em_state)
        .transpose()?;
    let pxa = fields
        .get("pxaState")
        .and_then(Value::as_str)
        .map(pxa_state)
        .transpose()?;
    Ok(Mapped::CaseStatus { em, pxa })
}
