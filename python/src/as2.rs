//! `mpcvd.check_as2`: do recorded Vultron ActivityStreams exchanges obey the protocol?
//!
//! The flow of `mpcvd check --as2`: JSON Lines read into exchanges (one per `test`
//! field), each turned into a conformance trace under a policy preset and checked;
//! every deviation carries the line of the activity that caused it.

use std::collections::BTreeMap;

use mpcvd::as2::exchange::{Converted, Exchange, ExchangeError, Options, to_trace};
use mpcvd::conformance::{Report as RsReport, check as rs_check};
use mpcvd::role::RoleSet;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};
use serde_json::Value;

use crate::convert::{from_py, from_value, to_py};
use crate::errors::{invalid_input, load_error};

/// The checker's findings on one recorded exchange.
#[pyclass(module = "mpcvd", name = "ExchangeReport", frozen)]
pub struct ExchangeReport {
    name: String,
    activities: usize,
    report: RsReport,
    /// Each deviation's JSON with its source `line` added.
    deviations: Vec<Value>,
    unstepped: usize,
}

#[pymethods]
impl ExchangeReport {
    /// The exchange's name (the lines' `test` field; empty when not given).
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// Whether the exchange conforms: no deviation at all.
    #[getter]
    fn conforms(&self) -> bool {
        self.report.conforms()
    }

    /// The first deviation as a verdict, in the shape of a trace's `expect`
    /// (`"conforms"`, `{"violation": {"step": n, "rule": id}}`,
    /// `{"contradiction": {"step": n}}`; `step` counts the trace's steps).
    #[getter]
    fn verdict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.report.verdict())
    }

    /// Every deviation, in step order: dicts as `Report.deviations` (`step`, `kind`,
    /// `participant`, `rule`, `expected`, `found`) plus `line`, the 1-based line of
    /// the activity that caused it.
    #[getter]
    fn deviations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .deviations
            .iter()
            .map(|d| from_value(py, d))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// The trace steps checked.
    #[getter]
    fn steps(&self) -> usize {
        self.report.steps
    }

    /// The distinct activities of the exchange.
    #[getter]
    fn activities(&self) -> usize {
        self.activities
    }

    /// Activities that made no step (nothing in the protocol to check).
    #[getter]
    fn unstepped(&self) -> usize {
        self.unstepped
    }

    fn __repr__(&self) -> String {
        format!(
            "ExchangeReport(name={:?}, steps={}, deviations={})",
            self.name,
            self.report.steps,
            self.deviations.len()
        )
    }
}

/// The JSON Lines text: a `str` as is, another iterable's strings one a line.
fn text(lines: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = lines.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    let iter = lines
        .try_iter()
        .map_err(|_| invalid_input("lines: expected a str or an iterable of str".to_owned()))?;
    let mut out = String::new();
    for (index, item) in iter.enumerate() {
        let item = item?;
        let line = item.cast::<PyString>().map_err(|_| {
            invalid_input(format!(
                "lines: item {index} is not a str (found {})",
                item.get_type()
                    .name()
                    .map_or_else(|_| "?".to_owned(), |n| n.to_string())
            ))
        })?;
        let line = line.to_cow()?;
        out.push_str(line.strip_suffix('\n').unwrap_or(&line));
        out.push('\n');
    }
    Ok(out)
}

fn exchange_error(e: &ExchangeError) -> PyErr {
    match e {
        ExchangeError::UnknownPreset(_) => invalid_input(e.to_string()),
        _ => load_error(format!("as2: {e}")),
    }
}

fn report(exchange: &Exchange, options: &Options) -> PyResult<ExchangeReport> {
    let Converted {
        trace,
        lines,
        unstepped,
        ..
    } = to_trace(exchange, options).map_err(|e| exchange_error(&e))?;
    let report = rs_check(&trace).map_err(|e| load_error(format!("as2 trace: {e}")))?;
    let deviations = report
        .deviations
        .iter()
        .map(|d| {
            let mut value = serde_json::to_value(d)
                .map_err(|e| crate::errors::error(format!("cannot serialise: {e}")))?;
            let line = lines.get(d.step).copied().unwrap_or_default();
            if let Value::Object(map) = &mut value {
                map.insert("line".to_owned(), Value::from(line));
            }
            Ok(value)
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(ExchangeReport {
        name: exchange.name.clone(),
        activities: exchange.entries.len(),
        report,
        deviations,
        unstepped: unstepped.len(),
    })
}

/// Checks recorded Vultron ActivityStreams exchanges (JSON Lines: an activity, or
/// an object with the activity under `body`, a line; one exchange per `test`
/// field) under the policy preset `policy` (`"vultron"`, or `"vultron-live"` for
/// what the running Vultron does), with `roles` (actor id → role names)
/// overriding what the activities say. One `ExchangeReport` per exchange.
///
/// Raises `LoadError` for a line that is not JSON or an activity that cannot be
/// read, `InvalidInput` for an unknown preset, a bad role or a non-str line;
/// deviations are findings, not errors.
#[pyfunction]
#[pyo3(signature = (lines, policy = "vultron", roles = None))]
pub fn check_as2(
    lines: &Bound<'_, PyAny>,
    policy: &str,
    roles: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<ExchangeReport>> {
    let roles: BTreeMap<String, RoleSet> = match roles {
        Some(roles) if !roles.is_none() => from_py(roles, "roles")?,
        _ => BTreeMap::new(),
    };
    if mpcvd::policy::Policy::preset(policy).is_none() {
        return Err(exchange_error(&ExchangeError::UnknownPreset(
            policy.to_owned(),
        )));
    }
    let options = Options {
        policy: Some(policy.to_owned()),
        roles,
    };
    let text = text(lines)?;
    let exchanges = Exchange::from_jsonl(&text).map_err(|e| exchange_error(&e))?;
    exchanges.iter().map(|e| report(e, &options)).collect()
}
