//! Python bindings of mpcvd: the native module `mpcvd._mpcvd`, re-exported by the
//! `mpcvd` package (`pysrc/mpcvd/__init__.py`). Every conversion goes through the
//! library's own serde shapes, so a Python input dict is exactly a trace step
//! without its `at`, and an effect dict is exactly the effect's JSON.
//!
//! No hand-written `unsafe`: PyO3's macros generate the FFI glue (which is why the
//! crate cannot `forbid(unsafe_code)` as the library does).

mod analysis;
mod as2;
mod case;
mod conformance;
mod convert;
mod errors;
mod policy;

use pyo3::prelude::*;

/// Reads an RFC 3339 time (as in effects and traces, e.g.
/// `"2026-02-02T09:00:00Z"`) as an aware datetime in UTC. Raises `InvalidInput`.
#[pyfunction]
fn parse_time<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let at = chrono::DateTime::parse_from_rfc3339(text)
        .map_err(|e| errors::invalid_input(format!("time `{text}`: {e}")))?;
    convert::py_time(py, at.with_timezone(&chrono::Utc))
}

/// Coordinated Vulnerability Disclosure as typed, sans-IO state machines (Rust,
/// through PyO3).
#[pymodule]
fn _mpcvd(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    m.add_class::<policy::Policy>()?;
    m.add_class::<case::Case>()?;
    m.add_class::<case::Readiness>()?;
    m.add_class::<conformance::Report>()?;
    m.add_class::<as2::ExchangeReport>()?;
    m.add_class::<analysis::Model>()?;
    m.add_class::<analysis::SkillRow>()?;
    m.add_class::<analysis::Exploration>()?;
    m.add_function(wrap_pyfunction!(conformance::check, m)?)?;
    m.add_function(wrap_pyfunction!(conformance::replay, m)?)?;
    m.add_function(wrap_pyfunction!(as2::check_as2, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::alpha, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::explore, m)?)?;
    m.add_function(wrap_pyfunction!(parse_time, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
