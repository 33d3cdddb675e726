//! `mpcvd.Case`: one vulnerability case, driven by `handle(input, now)`.

use mpcvd::case::{Case as RsCase, CaseError, Effect, Input, Readiness as RsReadiness};
use mpcvd::participant::{NewParticipant, ParticipantId};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyType};

use crate::convert::{from_py, py_time, time, to_py};
use crate::errors::{case_error, invalid_input, load_error, load_error_at};
use crate::policy::Policy;

/// One vulnerability case: its participants, embargo, public facts and timeline.
///
/// Hand it each input with the time it happened: `case.handle(input, now)`. An
/// input is a dict written exactly as a step of a conformance trace without its
/// `at`, e.g. `{"input": "act", "actor": "fay", "action": {"action": "validate"}}`;
/// the effects come back as dicts in their JSON shape (`{"effect": "send", ...}`).
/// A refused input raises (`Refused`, `PolicyDenied`, `InvalidInput`) and leaves the
/// case exactly as it was. Times are timezone-aware `datetime`s.
#[pyclass(module = "mpcvd", name = "Case", eq, from_py_object)]
#[derive(Clone, PartialEq, Eq)]
pub struct Case {
    pub inner: RsCase,
}

fn id(text: &str, what: &str) -> PyResult<ParticipantId> {
    ParticipantId::new(text).map_err(|e| invalid_input(format!("{what}: {e}")))
}

fn effects_to_py<'py>(py: Python<'py>, effects: &[Effect]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for effect in effects {
        list.append(to_py(py, effect)?)?;
    }
    Ok(list)
}

impl Case {
    /// An input dict, read as a trace step's input is (the library's `Input`
    /// serde shape; a trace step is that object with `at` and `expect` beside it).
    fn input(input: &Bound<'_, PyAny>) -> PyResult<Input> {
        // Only an object is a step: serde would also read `["tick"]` as a tick.
        if input.cast::<PyDict>().is_err() {
            return Err(invalid_input(format!(
                "input: expected a dict such as {{\"input\": \"tick\"}}, got {}",
                input
                    .get_type()
                    .name()
                    .map_or_else(|_| "an object".to_owned(), |n| n.to_string())
            )));
        }
        from_py(input, "input")
    }

    fn member(&self, py: Python<'_>, who: &str) -> PyResult<ParticipantId> {
        let pid = id(who, "participant")?;
        if self.inner.participant(&pid).is_none() {
            let err = CaseError::UnknownParticipant { id: pid };
            return Err(case_error(py, &self.inner, &err));
        }
        Ok(pid)
    }
}

#[pymethods]
impl Case {
    /// Opens a case at `created` (an aware datetime) under `policy` (`None`: the
    /// plain protocol). `participants`, if given, are dicts as in a trace's
    /// `participants` (`{"id": "fay", "name": "Fay", "roles": ["finder",
    /// "reporter"]}`): the first opens the case and owns it and adds the others,
    /// each as an `add_participant` input at `created`.
    #[new]
    #[pyo3(signature = (case_id, policy, created, participants = None))]
    fn new(
        case_id: &str,
        policy: Option<Policy>,
        created: &Bound<'_, PyAny>,
        participants: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let created = time(created, "created")?;
        let policy = policy.map(|p| p.inner).unwrap_or_default();
        let mut builder = RsCase::builder(case_id, policy, created);
        if let Some(list) = participants {
            for (i, p) in list.try_iter()?.enumerate() {
                let p: NewParticipant = from_py(&p?, &format!("participants[{i}]"))?;
                builder = builder.with(p);
            }
        }
        builder
            .build()
            .map(|inner| Self { inner })
            .map_err(|e| invalid_input(e.to_string()))
    }

    /// Handles one input that happened at `now` and returns its effects (dicts).
    /// Raises `Refused`, `PolicyDenied` or `InvalidInput`; the case is then
    /// unchanged.
    fn handle<'py>(
        &mut self,
        py: Python<'py>,
        input: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let input = Self::input(input)?;
        let now = time(now, "now")?;
        // The error is explained from the case as it stands: a refused input left
        // it unchanged.
        match self.inner.handle(input, now) {
            Ok(effects) => effects_to_py(py, effects),
            Err(err) => Err(case_error(py, &self.inner, &err)),
        }
    }

    /// What `handle` would return, without changing the case.
    fn dry_run<'py>(
        &self,
        py: Python<'py>,
        input: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let input = Self::input(input)?;
        let now = time(now, "now")?;
        match self.inner.dry_run(&input, now) {
            Ok(effects) => effects_to_py(py, &effects),
            Err(err) => Err(case_error(py, &self.inner, &err)),
        }
    }

    /// The exception `action` (a dict, e.g. `{"action": "close"}`) by `participant`
    /// would raise now, or `None` if it would be accepted.
    fn why_refused<'py>(
        &self,
        py: Python<'py>,
        participant: &str,
        action: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Py<PyAny>>> {
        let who = id(participant, "participant")?;
        let action = from_py(action, "action")?;
        Ok(self
            .inner
            .why_refused(&who, &action)
            .map(|err| case_error(py, &self.inner, &err).into_value(py).into_any()))
    }

    /// The case as JSON text (`{timeline, now, data}`), for storage.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| load_error(format!("case: {e}")))
    }

    /// A case from JSON text written by `to_json`. Loading checks every invariant
    /// and that replaying the timeline yields the stored state; raises `LoadError`
    /// with `.path` (the field) and `.participant` (whose field it is, or None).
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        RsCase::from_json(text)
            .map(|inner| Self { inner })
            .map_err(|e| {
                load_error_at(
                    e.to_string(),
                    Some(&e.path),
                    e.participant.as_ref().map(|p| p.as_str()),
                )
            })
    }

    /// An independent copy of the case.
    fn copy(&self) -> Self {
        self.clone()
    }

    fn __copy__(&self) -> Self {
        self.clone()
    }

    fn __deepcopy__(&self, _memo: &Bound<'_, PyAny>) -> Self {
        self.clone()
    }

    /// The case's id.
    #[getter]
    fn id(&self) -> &str {
        self.inner.id().as_str()
    }

    /// The time of the last accepted input (or of opening), an aware datetime.
    #[getter]
    fn now<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_time(py, self.inner.now())
    }

    /// The policy in force.
    #[getter]
    fn policy(&self) -> Policy {
        Policy {
            inner: self.inner.policy().clone(),
        }
    }

    /// The case's owner, if it has participants.
    #[getter]
    fn owner(&self) -> Option<&str> {
        self.inner.owner().map(ParticipantId::as_str)
    }

    /// The EM state (`"none"`, `"proposed"`, `"active"`, `"revise"`, `"exited"`).
    #[getter]
    fn em(&self) -> PyResult<String> {
        serde_str(&self.inner.em())
    }

    /// The public facts, e.g. `"pxa"` or `"Pxa"`.
    #[getter]
    fn pxa(&self) -> String {
        self.inner.pxa().to_string()
    }

    /// The embargo (dict: its state and terms).
    fn embargo<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.inner.embargo())
    }

    /// The ids of every participant, members and removed, in the order they joined.
    fn participant_ids(&self) -> Vec<String> {
        self.inner
            .participants()
            .iter()
            .map(|p| p.id().to_string())
            .collect()
    }

    /// Every participant (dicts in their JSON shape: id, name, roles, status…).
    fn participants<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.inner.participants())
    }

    /// One participant (dict), or `None`.
    fn participant<'py>(
        &self,
        py: Python<'py>,
        participant: &str,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let who = id(participant, "participant")?;
        self.inner
            .participant(&who)
            .map(|p| to_py(py, p))
            .transpose()
    }

    /// A participant's protocol state as a dict `{"rm", "em", "cs"}`, or `None`.
    fn state_of<'py>(
        &self,
        py: Python<'py>,
        participant: &str,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let who = id(participant, "participant")?;
        self.inner
            .protocol_state_of(&who)
            .map(|s| to_py(py, &s))
            .transpose()
    }

    /// A participant's case state, e.g. `"VFdpxa"`, or `None`.
    fn case_state_of(&self, participant: &str) -> PyResult<Option<String>> {
        let who = id(participant, "participant")?;
        Ok(self.inner.case_state_of(&who).map(|s| s.to_string()))
    }

    /// The actions (names, e.g. `"validate"`) the participant may take now. Raises
    /// `InvalidInput` for an unknown or removed participant.
    fn allowed_actions(&self, py: Python<'_>, participant: &str) -> PyResult<Vec<String>> {
        let who = id(participant, "participant")?;
        self.inner
            .allowed_actions(&who)
            .map(|kinds| kinds.iter().map(ToString::to_string).collect())
            .map_err(|e| case_error(py, &self.inner, &e))
    }

    /// "May we publish now, and if not, what is missing?" — for `publisher` (a
    /// participant id) or the case as a whole.
    #[pyo3(signature = (publisher = None))]
    fn publication_readiness(
        &self,
        py: Python<'_>,
        publisher: Option<&str>,
    ) -> PyResult<Readiness> {
        let who = publisher.map(|p| self.member(py, p)).transpose()?;
        Ok(Readiness {
            inner: self.inner.publication_readiness(who.as_ref()),
        })
    }

    /// Members reached but not heard from since (ids).
    fn silent(&self) -> Vec<String> {
        self.inner.silent().map(|p| p.id().to_string()).collect()
    }

    /// Members the report has not reached (ids).
    fn unreached(&self) -> Vec<String> {
        self.inner.unreached().map(|p| p.id().to_string()).collect()
    }

    /// The next time to call back at (`{"at": ..., "kind": {...}}`, as a deadline
    /// effect), or `None`. Hand the case `{"input": "tick"}` then.
    fn next_deadline<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .next_deadline()
            .map(|d| to_py(py, &d))
            .transpose()
    }

    /// The time of `next_deadline()` as an aware datetime, or `None`.
    fn next_deadline_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .next_deadline()
            .map(|d| py_time(py, d.at))
            .transpose()
    }

    /// The audit log: `{case_id, created, policy, entries: [{at, input, effects}]}`.
    fn timeline<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.inner.timeline())
    }

    fn __repr__(&self) -> String {
        format!(
            "Case({:?}, {} participants, em {}, {})",
            self.inner.id().as_str(),
            self.inner.participants().len(),
            self.inner.em(),
            self.inner.pxa()
        )
    }
}

fn serde_str<T: serde::Serialize>(value: &T) -> PyResult<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(other) => Ok(other.to_string()),
        Err(e) => Err(crate::errors::error(format!("cannot serialise: {e}"))),
    }
}

/// The answer to "may we publish now?": `.ready`, and every unmet rule (`.unmet`,
/// dicts `{"rule", "level", "missing": {...}}`), of which `.blocking` are at deny.
#[pyclass(module = "mpcvd", name = "Readiness", frozen)]
pub struct Readiness {
    inner: RsReadiness,
}

#[pymethods]
impl Readiness {
    /// Whether no unmet rule is at deny level.
    #[getter]
    fn ready(&self) -> bool {
        self.inner.is_ready()
    }

    /// Every unmet rule, refusing (deny) and advisory (warn) ones.
    #[getter]
    fn unmet<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.unmet)
    }

    /// The unmet rules at deny level.
    #[getter]
    fn blocking<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let blocking: Vec<_> = self.inner.blocking().collect();
        to_py(py, &blocking)
    }

    fn __bool__(&self) -> bool {
        self.inner.is_ready()
    }

    fn __repr__(&self) -> String {
        format!(
            "Readiness(ready={}, unmet={})",
            if self.inner.is_ready() {
                "True"
            } else {
                "False"
            },
            self.inner.unmet.len()
        )
    }
}
