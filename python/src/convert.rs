//! Between Python objects and the library's serde shapes: plain data (dicts, lists,
//! strings, numbers, booleans, `None`) as `serde_json::Value`, times as timezone-aware
//! `datetime`s, exact ratios as `fractions.Fraction`.

use chrono::{DateTime, SecondsFormat, Utc};
use mpcvd::analysis::Ratio;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

use crate::errors::invalid_input;

/// The deepest nesting accepted from Python (inputs are a few levels deep).
const MAX_DEPTH: usize = 64;

fn cached_type<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyType>>,
    module: &str,
    name: &str,
) -> PyResult<Bound<'py, PyType>> {
    cell.import(py, module, name).cloned()
}

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static FRACTION: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn datetime_type(py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
    cached_type(py, &DATETIME, "datetime", "datetime")
}

fn utc(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    UTC.get_or_try_init(py, || {
        py.import("datetime")?
            .getattr("timezone")?
            .getattr("utc")
            .map(Bound::unbind)
    })
    .map(|u| u.bind(py).clone())
}

/// A timezone-aware `datetime` as a UTC time; `what` names it in the error.
///
/// # Errors
/// `InvalidInput` for anything but a `datetime` with a UTC offset (a naive one is
/// refused: the library never guesses a time zone).
pub fn time(value: &Bound<'_, PyAny>, what: &str) -> PyResult<DateTime<Utc>> {
    let py = value.py();
    if !value.is_instance(datetime_type(py)?.as_any())? {
        return Err(invalid_input(format!(
            "{what}: expected a timezone-aware datetime, got {}",
            type_name(value)
        )));
    }
    if value.call_method0("utcoffset")?.is_none() {
        return Err(invalid_input(format!(
            "{what}: the datetime {} is naive; give it a time zone (e.g. tzinfo=timezone.utc)",
            value.str()?
        )));
    }
    value
        .call_method1("astimezone", (utc(py)?,))?
        .extract::<DateTime<Utc>>()
        .map_err(|e| invalid_input(format!("{what}: {e}")))
}

/// A UTC time as an aware `datetime` (tzinfo `timezone.utc`).
pub fn py_time(py: Python<'_>, at: DateTime<Utc>) -> PyResult<Bound<'_, PyAny>> {
    at.into_pyobject(py).map(Bound::into_any)
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "an object".to_owned(), |n| n.to_string())
}

/// Plain Python data as JSON. Aware `datetime`s become RFC 3339 strings (the
/// library's serde shape of a time); naive ones are refused.
///
/// # Errors
/// `InvalidInput` naming the path of a value that is not plain data.
pub fn to_value(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    to_value_at(value, "$", 0)
}

fn to_value_at(value: &Bound<'_, PyAny>, path: &str, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(invalid_input(format!(
            "{path}: nested deeper than {MAX_DEPTH} levels"
        )));
    }
    let next = depth.saturating_add(1);
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if value.cast::<PyInt>().is_ok() {
        if let Ok(n) = value.extract::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        if let Ok(n) = value.extract::<u64>() {
            return Ok(Value::Number(n.into()));
        }
        return Err(invalid_input(format!(
            "{path}: the integer {} does not fit 64 bits",
            value.str()?
        )));
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| invalid_input(format!("{path}: {} is not a finite number", f.value())));
    }
    if let Ok(d) = value.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let key = k.cast::<PyString>().map_err(|_| {
                invalid_input(format!(
                    "{path}: keys must be strings, got {}",
                    type_name(&k)
                ))
            })?;
            let key = key.to_cow()?.into_owned();
            let inner = format!("{path}.{key}");
            let v = to_value_at(&v, &inner, next)?;
            map.insert(key, v);
        }
        return Ok(Value::Object(map));
    }
    if value.cast::<PyList>().is_ok() || value.cast::<PyTuple>().is_ok() {
        let mut items = Vec::new();
        for (i, item) in value.try_iter()?.enumerate() {
            items.push(to_value_at(&item?, &format!("{path}[{i}]"), next)?);
        }
        return Ok(Value::Array(items));
    }
    if value.is_instance(datetime_type(value.py())?.as_any())? {
        let at = time(value, path)?;
        return Ok(Value::String(
            at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        ));
    }
    Err(invalid_input(format!(
        "{path}: {} is not plain data (dict, list, str, int, float, bool, None or datetime)",
        type_name(value)
    )))
}

/// JSON as plain Python data.
pub fn from_value<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(from_value(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, from_value(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A library value in its serde JSON shape, as plain Python data.
pub fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(value)
        .map_err(|e| crate::errors::error(format!("cannot serialise: {e}")))?;
    from_value(py, &value)
}

/// A library value from plain Python data in its serde JSON shape; `what` names it.
///
/// # Errors
/// `InvalidInput` with serde's message and the field path of the fault
/// (`what: at `action.terms.end`: …`).
pub fn from_py<T: DeserializeOwned>(value: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    let value = to_value(value)?;
    // The decoder's name is `what`, put in the message here.
    mpcvd::decode::value("value", &value).map_err(|e| {
        invalid_input(if e.path.is_empty() {
            format!("{what}: {}", e.message)
        } else {
            format!("{what}: at `{}`: {}", e.path, e.message)
        })
    })
}

/// An exact ratio as a `fractions.Fraction`.
pub fn fraction(py: Python<'_>, ratio: Ratio) -> PyResult<Bound<'_, PyAny>> {
    cached_type(py, &FRACTION, "fractions", "Fraction")?.call1((ratio.numer(), ratio.denom()))
}

/// A `Fraction` (or an `int`) as an exact ratio; `what` names it.
///
/// # Errors
/// `InvalidInput` if it is neither, or does not fit 128-bit fractions.
pub fn ratio(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Ratio> {
    let py = value.py();
    let (num, den) =
        if value.is_instance(cached_type(py, &FRACTION, "fractions", "Fraction")?.as_any())? {
            (value.getattr("numerator")?, value.getattr("denominator")?)
        } else if value.cast::<PyInt>().is_ok() && value.cast::<PyBool>().is_err() {
            (value.clone(), 1_i32.into_pyobject(py)?.into_any())
        } else {
            return Err(invalid_input(format!(
                "{what}: expected a fractions.Fraction, got {}",
                type_name(value)
            )));
        };
    let too_big = |_| {
        invalid_input(format!(
            "{what}: {} does not fit 128 bits",
            value
                .str()
                .map_or_else(|_| String::new(), |s| s.to_string())
        ))
    };
    let num: i128 = num.extract().map_err(too_big)?;
    let den: i128 = den.extract().map_err(too_big)?;
    Ratio::new(num, den).map_err(|e| invalid_input(format!("{what}: {e}")))
}
