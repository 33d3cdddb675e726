//! `mpcvd.check` and `mpcvd.replay`: does a recorded exchange obey the protocol?

use mpcvd::conformance::{
    Report as RsReport, Trace, TraceError, check as rs_check, replay as rs_replay,
};
use pyo3::prelude::*;

use crate::case::Case;
use crate::convert::to_py;
use crate::errors::load_error_at;

/// The checker's findings on a trace.
#[pyclass(module = "mpcvd", name = "Report", frozen)]
pub struct Report {
    inner: RsReport,
}

#[pymethods]
impl Report {
    /// The first deviation as a corpus verdict, in the shape of a trace's `expect`:
    /// `"conforms"`, `{"violation": {"step": n, "rule": id}}` or
    /// `{"contradiction": {"step": n}}`.
    #[getter]
    fn verdict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.verdict())
    }

    /// Whether the trace conforms: no deviation at all.
    #[getter]
    fn conforms(&self) -> bool {
        self.inner.conforms()
    }

    /// Every deviation, in step order (dicts: `step`, `kind` — `"violation"` or
    /// `"contradiction"` —, `participant`, `rule`, `claim` — the claim
    /// contradicted, or `input` or `sent` for a violation —, `expected`, `found`).
    #[getter]
    fn deviations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.deviations)
    }

    /// The steps checked.
    #[getter]
    fn steps(&self) -> usize {
        self.inner.steps
    }

    fn __repr__(&self) -> String {
        format!(
            "Report(steps={}, deviations={})",
            self.inner.steps,
            self.inner.deviations.len()
        )
    }
}

fn trace(text: &str) -> PyResult<Trace> {
    Trace::from_json(text).map_err(|e| trace_error(&e))
}

fn trace_error(e: &TraceError) -> PyErr {
    let path = match e {
        TraceError::Parse { path, .. } => Some(path.as_str()),
        _ => None,
    };
    load_error_at(format!("trace: {e}"), path, None)
}

/// Replays a trace (JSON text, `docs/conformance.md`) through the case engine and
/// reports every deviation. Raises `LoadError` if the trace cannot be read or set
/// up; deviations in its steps are findings, not errors.
#[pyfunction]
pub fn check(trace_json: &str) -> PyResult<Report> {
    let trace = trace(trace_json)?;
    rs_check(&trace)
        .map(|inner| Report { inner })
        .map_err(|e| trace_error(&e))
}

/// As `check`, and also the case the trace leads to (every accepted step applied,
/// every refused one left out).
#[pyfunction]
pub fn replay(trace_json: &str) -> PyResult<(Case, Report)> {
    let trace = trace(trace_json)?;
    rs_replay(&trace)
        .map(|(case, inner)| (Case { inner: case }, Report { inner }))
        .map_err(|e| trace_error(&e))
}
