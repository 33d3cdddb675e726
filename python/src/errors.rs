//! The Python exceptions, and how the library's errors map onto them.
//!
//! - `Error`: every error of this package; `.rule` (the stable rule id, or `None`)
//!   and `.error_class` (`"misuse"`, `"peer_misbehaviour"`, `"refused"`, or `None`).
//! - `Refused`: the protocol (or the case's authority rules) refuses the input;
//!   `.participant`, `.state`, `.allowed`, `.reason`, `.attempt`, `.reply`.
//! - `PolicyDenied`: a coordinator rule of the case's policy refuses the input;
//!   `.participant`, `.state`, `.allowed`, `.policy`, `.responsibility`, `.reason`.
//! - `InvalidInput`: the caller passed something malformed (a bad input dict, a
//!   naive datetime, an unknown participant, a time going backwards…).
//! - `LoadError`: a document (case, policy, trace, model) that cannot be loaded;
//!   `.path` (the field path of the fault) and `.participant` (for a case).
//!
//! Every exception's message is the Rust error's message.

use mpcvd::case::{Case, CaseError, ErrorClass};
use mpcvd::participant::ParticipantId;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::convert::to_py;

create_exception!(
    mpcvd,
    Error,
    PyException,
    "Every error of mpcvd. `.rule` is the stable rule id (or None), `.error_class` \
     \"misuse\", \"peer_misbehaviour\" or \"refused\" for a case's refusals (else None)."
);
create_exception!(
    mpcvd,
    Refused,
    Error,
    "The protocol refuses the input; the case is unchanged. `.rule`, `.participant`, \
     `.state` ({rm, em, cs}), `.allowed` (the actions the participant may take now), \
     `.reason`, `.attempt`, `.reply` (the error reply owed to a peer, if any)."
);
create_exception!(
    mpcvd,
    PolicyDenied,
    Error,
    "A coordinator rule of the case's policy refuses the input; the case is unchanged. \
     `.rule`, `.participant`, `.state`, `.allowed`, `.policy`, `.responsibility`, `.reason`."
);
create_exception!(
    mpcvd,
    InvalidInput,
    Error,
    "The caller passed something malformed: an input dict that is not one, a naive \
     datetime, an unknown participant, a time before the case's last input…"
);
create_exception!(
    mpcvd,
    LoadError,
    Error,
    "A document (case, policy, trace or model) that cannot be loaded. `.path` is the \
     field path of the fault (`data.participants[2].status.vfd`; `\"\"` for the whole \
     document; None when not known), `.participant` the participant it belongs to (or None)."
);

/// An exception of type `T` with `message`, `.rule` and `.error_class` set to None.
fn new<T: pyo3::PyTypeInfo>(py: Python<'_>, message: String) -> PyResult<PyErr> {
    let err = PyErr::new::<T, _>(message);
    let value = err.value(py);
    value.setattr("rule", py.None())?;
    value.setattr("error_class", py.None())?;
    Ok(err)
}

fn plain<T: pyo3::PyTypeInfo>(message: String) -> PyErr {
    Python::attach(|py| new::<T>(py, message).unwrap_or_else(|e| e))
}

/// `InvalidInput` with `message`.
pub fn invalid_input(message: String) -> PyErr {
    plain::<InvalidInput>(message)
}

/// `LoadError` with `message`; `.path` and `.participant` are None.
pub fn load_error(message: String) -> PyErr {
    load_error_at(message, None, None)
}

/// `LoadError` with `message`, `.path` (the field path of the fault, `""` for the
/// document as a whole) and `.participant` (the participant the field belongs to).
pub fn load_error_at(message: String, path: Option<&str>, participant: Option<&str>) -> PyErr {
    Python::attach(|py| {
        let build = || -> PyResult<PyErr> {
            let err = new::<LoadError>(py, message.clone())?;
            let v = err.value(py);
            v.setattr("path", path)?;
            v.setattr("participant", participant)?;
            Ok(err)
        };
        build().unwrap_or_else(|e| e)
    })
}

/// `LoadError` for a document a decoder refused, with its field path.
pub fn decode_error(e: &mpcvd::decode::DecodeError) -> PyErr {
    load_error_at(e.to_string(), Some(&e.path), None)
}

/// `Error` with `message`.
pub fn error(message: String) -> PyErr {
    plain::<Error>(message)
}

/// The exception for a case's refusal of an input, with what a tracker shows: the
/// rule, who, in which state, and what that participant may do now (read from
/// `case`, which the refused input left unchanged).
pub fn case_error(py: Python<'_>, case: &Case, err: &CaseError) -> PyErr {
    build_case_error(py, case, err).unwrap_or_else(|e| e)
}

fn build_case_error(py: Python<'_>, case: &Case, err: &CaseError) -> PyResult<PyErr> {
    let message = err.to_string();
    let class = match err.class() {
        ErrorClass::Misuse => "misuse",
        ErrorClass::PeerMisbehaviour => "peer_misbehaviour",
        ErrorClass::Refused => "refused",
    };
    let (exc, who) = match err {
        CaseError::Refused(r) | CaseError::PeerViolation(r) => {
            let exc = new::<Refused>(py, message)?;
            let v = exc.value(py);
            v.setattr("reason", &r.reason)?;
            v.setattr("attempt", to_py(py, &r.attempt)?)?;
            v.setattr("reply", r.reply.map(|m| m.to_string()))?;
            (exc, Some(r.participant.clone()))
        }
        CaseError::PolicyDenied(verdict) => {
            let exc = new::<PolicyDenied>(py, message)?;
            let v = exc.value(py);
            v.setattr("reason", &verdict.reason)?;
            v.setattr("policy", &verdict.policy)?;
            v.setattr("responsibility", to_py(py, &verdict.responsibility)?)?;
            (exc, verdict.participant.clone())
        }
        CaseError::Unauthorised {
            by, reason, reply, ..
        } => {
            let exc = new::<Refused>(py, message)?;
            let v = exc.value(py);
            v.setattr("reason", reason)?;
            v.setattr("attempt", py.None())?;
            v.setattr("reply", reply.map(|m| m.to_string()))?;
            (exc, by.clone())
        }
        CaseError::NotPermitted {
            participant,
            action,
            reason,
        } => {
            let exc = new::<Refused>(py, message)?;
            let v = exc.value(py);
            v.setattr("reason", reason)?;
            v.setattr(
                "attempt",
                to_py(py, &mpcvd::case::Attempt::Action(*action))?,
            )?;
            v.setattr("reply", py.None())?;
            (exc, Some(participant.clone()))
        }
        CaseError::CaseClosed { .. } => {
            let exc = new::<Refused>(py, message)?;
            let v = exc.value(py);
            v.setattr("reason", "the case is closed")?;
            v.setattr("attempt", py.None())?;
            v.setattr("reply", py.None())?;
            (exc, None)
        }
        _ => (new::<InvalidInput>(py, message)?, None),
    };
    let v = exc.value(py);
    v.setattr("rule", err.rule().to_string())?;
    v.setattr("error_class", class)?;
    if v.is_instance_of::<Refused>() || v.is_instance_of::<PolicyDenied>() {
        set_who(py, v, case, err, who.as_ref())?;
    }
    Ok(exc)
}

/// `.participant`, `.state` and `.allowed` of a refusal.
fn set_who(
    py: Python<'_>,
    v: &Bound<'_, pyo3::exceptions::PyBaseException>,
    case: &Case,
    err: &CaseError,
    who: Option<&ParticipantId>,
) -> PyResult<()> {
    v.setattr("participant", who.map(ParticipantId::as_str))?;
    let state = match (err.refusal(), who) {
        (Some(r), _) => to_py(py, &r.state)?.unbind(),
        (None, Some(id)) => match case.protocol_state_of(id) {
            Some(s) => to_py(py, &s)?.unbind(),
            None => py.None(),
        },
        (None, None) => py.None(),
    };
    v.setattr("state", state)?;
    let allowed = match (err.refusal(), who) {
        (Some(r), _) => r.allowed.clone(),
        (None, Some(id)) => case.allowed_actions(id).unwrap_or_default(),
        (None, None) => Vec::new(),
    };
    let names: Vec<String> = allowed.iter().map(ToString::to_string).collect();
    v.setattr("allowed", PyList::new(py, names)?)?;
    Ok(())
}

/// Adds the exception types to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("Error", py.get_type::<Error>())?;
    m.add("Refused", py.get_type::<Refused>())?;
    m.add("PolicyDenied", py.get_type::<PolicyDenied>())?;
    m.add("InvalidInput", py.get_type::<InvalidInput>())?;
    m.add("LoadError", py.get_type::<LoadError>())?;
    Ok(())
}
