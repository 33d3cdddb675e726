//! `mpcvd.Policy`: the rules a case runs under.

use mpcvd::policy::{PRESETS, Policy as RsPolicy};
use mpcvd::rule::Rule;
use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::convert::{from_py, to_py};
use crate::errors::{decode_error, invalid_input, load_error};

/// The rules a case runs under: a named preset, or a policy read from JSON or TOML
/// (the field names of `docs/policies.md`). Loading validates the policy.
#[pyclass(module = "mpcvd", name = "Policy", frozen, eq, hash, from_py_object)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Policy {
    pub inner: RsPolicy,
}

#[pymethods]
impl Policy {
    /// The plain protocol (`vultron`): no coordinator rule is checked.
    #[new]
    fn new() -> Self {
        Self {
            inner: RsPolicy::default(),
        }
    }

    /// The named preset: `vultron`, `vultron-live`, `cert-cc`, `jpcert-cc`,
    /// `project-zero`, `zdi`, `bug-bounty`, `linux-distros`, `capped-150`. Raises
    /// `InvalidInput` for another name.
    #[classmethod]
    fn preset(_cls: &Bound<'_, PyType>, name: &str) -> PyResult<Self> {
        RsPolicy::preset(name)
            .map(|inner| Self { inner })
            .ok_or_else(|| {
                let names: Vec<&str> = PRESETS.iter().map(|(n, _)| *n).collect();
                invalid_input(format!(
                    "policy: no preset named `{name}` (presets: {})",
                    names.join(", ")
                ))
            })
    }

    /// The names of the presets.
    #[staticmethod]
    fn presets() -> Vec<&'static str> {
        PRESETS.iter().map(|(n, _)| *n).collect()
    }

    /// A policy from JSON text. Raises `LoadError` with serde's message and
    /// `.path` (the field) if it is not a valid policy.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        RsPolicy::from_json(text)
            .map(|inner| Self { inner })
            .map_err(|e| decode_error(&e))
    }

    /// A policy from TOML text, with the same fields and validation as JSON. Raises
    /// `LoadError` with `.path`.
    #[classmethod]
    fn from_toml(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        let de = toml::Deserializer::parse(text).map_err(|e| load_error(format!("policy: {e}")))?;
        mpcvd::decode::from_deserializer("policy", de)
            .map(|inner| Self { inner })
            .map_err(|e| decode_error(&e))
    }

    /// A policy from a dict in its JSON shape. Raises `InvalidInput`.
    #[classmethod]
    fn from_dict(_cls: &Bound<'_, PyType>, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        from_py(value, "policy").map(|inner| Self { inner })
    }

    /// The policy as JSON text.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| load_error(format!("policy: {e}")))
    }

    /// The policy as TOML text.
    fn to_toml(&self) -> PyResult<String> {
        toml::to_string(&self.inner).map_err(|e| load_error(format!("policy: {e}")))
    }

    /// The policy as a dict in its JSON shape.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// The policy's name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// The policy's version.
    #[getter]
    fn version(&self) -> &str {
        &self.inner.version
    }

    /// The level (`"off"`, `"warn"`, `"deny"`) the policy gives a coordinator rule,
    /// by its stable id (e.g. `"publish.embargo-in-force"`).
    fn level(&self, rule: &str) -> PyResult<String> {
        let rule: Rule = rule
            .parse()
            .map_err(|_| invalid_input(format!("rule: no rule with the id `{rule}`")))?;
        Ok(self.inner.level(rule).to_string())
    }

    fn __repr__(&self) -> String {
        format!(
            "Policy({:?}, version {:?})",
            self.inner.name, self.inner.version
        )
    }
}
