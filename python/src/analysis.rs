//! `mpcvd.Model`, `mpcvd.explore` and friends: the research side, with exact
//! `fractions.Fraction`s wherever the library computes an exact ratio.

use mpcvd::analysis::explore::{ExploreConfig, Guards, Topology, explore as rs_explore};
use mpcvd::analysis::observed::{
    Missing, Rules, Ties, parse_dated_csv, parse_histories, tally_dated, tally_histories,
};
use mpcvd::analysis::skill::{SkillRow as RsSkillRow, alpha as rs_alpha, score};
use mpcvd::analysis::{ModelGraph, ProcessModel};
use mpcvd::role::RoleSet;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyType};

use crate::convert::{fraction, from_py, from_value, ratio, to_py};
use crate::errors::{error, invalid_input, load_error};

/// A case-state process model (events, orderings, forcing rules, desiderata) and its
/// graph of reachable states. `Model.standard()` is Vultron's six-event model
/// (`V F D P X A`); variants load from JSON (`examples/models/*.json`).
#[pyclass(module = "mpcvd", name = "Model", frozen)]
pub struct Model {
    graph: ModelGraph,
}

fn analysis_error(e: &impl std::fmt::Display) -> PyErr {
    error(format!("analysis: {e}"))
}

fn rules(missing: &str, ties: &str) -> PyResult<Rules> {
    let missing = match missing {
        "not-yet" => Missing::NotYet,
        "unknown" => Missing::Unknown,
        other => {
            return Err(invalid_input(format!(
                "missing: `{other}` is not one of not-yet, unknown"
            )));
        }
    };
    let ties = match ties {
        "undecided" => Ties::Undecided,
        "holds" => Ties::Holds,
        "fails" => Ties::Fails,
        other => {
            return Err(invalid_input(format!(
                "ties: `{other}` is not one of undecided, holds, fails"
            )));
        }
    };
    Ok(Rules { missing, ties })
}

impl Model {
    fn model(&self) -> &ProcessModel {
        self.graph.model()
    }

    fn skill_rows(&self, tallies: &[mpcvd::analysis::skill::Tally]) -> PyResult<Vec<SkillRow>> {
        let baselines = self.graph.baselines().map_err(|e| analysis_error(&e))?;
        Ok(score(&baselines, tallies)
            .into_iter()
            .map(|inner| SkillRow { inner })
            .collect())
    }
}

#[pymethods]
impl Model {
    /// Vultron's six-event model, from the library's case-state rule tables.
    #[classmethod]
    fn standard(_cls: &Bound<'_, PyType>) -> Self {
        Self {
            graph: ModelGraph::new(&ProcessModel::standard()),
        }
    }

    /// A variant model from JSON text (`docs/research.md`). Raises `LoadError`.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        ProcessModel::from_json(text)
            .map(|model| Self {
                graph: ModelGraph::new(&model),
            })
            .map_err(|e| load_error(format!("model: {e}")))
    }

    /// The model as JSON text.
    fn to_json(&self) -> String {
        self.model().to_json()
    }

    /// The model's name.
    #[getter]
    fn name(&self) -> &str {
        self.model().name()
    }

    /// The model's description.
    #[getter]
    fn description(&self) -> &str {
        self.model().description()
    }

    /// The events as `(letter, name)` pairs, in order.
    #[getter]
    fn events(&self) -> Vec<(char, String)> {
        self.model()
            .events()
            .iter()
            .map(|e| (e.letter, e.name.clone()))
            .collect()
    }

    /// The desiderata, e.g. `["V<P", "F<P", ...]`.
    #[getter]
    fn desiderata(&self) -> Vec<String> {
        let model = self.model();
        model
            .desiderata()
            .iter()
            .map(|&d| model.precedence_text(d))
            .collect()
    }

    /// How many reachable states the model has (32 for the standard model).
    fn state_count(&self) -> usize {
        self.graph.state_count()
    }

    /// How many edges its state graph has (58 for the standard model).
    fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// How many complete histories it has (70 for the standard model).
    fn history_count(&self) -> PyResult<u128> {
        self.graph
            .history_count()
            .ok_or_else(|| error("analysis: the history count exceeds 128 bits".to_owned()))
    }

    /// The complete histories with their exact frequencies, as `(events, Fraction)`
    /// pairs (`events` the letters in order, e.g. `"VFDPXA"`), at most `limit` of
    /// them (a large variant has up to 16! histories: see `history_count()`).
    #[pyo3(signature = (limit = None))]
    fn histories<'py>(
        &self,
        py: Python<'py>,
        limit: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let model = self.model();
        let list = PyList::empty(py);
        for h in self.graph.histories().take(limit.unwrap_or(usize::MAX)) {
            list.append((model.sequence_text(&h.events), fraction(py, h.frequency)?))?;
        }
        Ok(list)
    }

    /// The exact frequency of one complete history (letters, e.g. `"VFDPXA"`), or
    /// `None` if it is not one.
    fn history_frequency<'py>(
        &self,
        py: Python<'py>,
        events: &str,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let model = self.model();
        let mut ids = Vec::new();
        for c in events.chars() {
            match model.event(c) {
                Some(e) => ids.push(e),
                None => return Ok(None),
            }
        }
        self.graph
            .history_frequency(&ids)
            .map(|f| fraction(py, f))
            .transpose()
    }

    /// The most likely complete histories: `(Fraction, [events, ...])`.
    fn most_likely<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, Vec<String>)> {
        let most = self.graph.most_likely();
        let model = self.model();
        Ok((
            fraction(py, most.frequency)?,
            most.histories
                .iter()
                .map(|h| model.sequence_text(h))
                .collect(),
        ))
    }

    /// Each desideratum's exact baseline `f_d` (the probability that it holds when
    /// every allowed next event is equally likely), as `(name, Fraction)` pairs.
    fn baselines<'py>(&self, py: Python<'py>) -> PyResult<Vec<(String, Bound<'py, PyAny>)>> {
        let baselines = self.graph.baselines().map_err(|e| analysis_error(&e))?;
        baselines
            .into_iter()
            .map(|b| Ok((b.name, fraction(py, b.baseline)?)))
            .collect()
    }

    /// `P(a ≺ b)` for a precedence written `"a<b"` (e.g. `"D<A"`), exactly.
    fn probability<'py>(&self, py: Python<'py>, precedence: &str) -> PyResult<Bound<'py, PyAny>> {
        let p = self
            .model()
            .parse_precedence(precedence)
            .map_err(|e| invalid_input(format!("precedence: {e}")))?;
        let f = self
            .graph
            .precedence_probability(p)
            .map_err(|e| analysis_error(&e))?;
        fraction(py, f)
    }

    /// Skill `α_d` against the baselines from observed histories (strings of event
    /// letters in order, possibly partial). `missing` (`"not-yet"` or `"unknown"`)
    /// says what an absent event means. Raises `InvalidInput` for an unknown or
    /// repeated letter.
    #[pyo3(signature = (histories, missing = "not-yet"))]
    fn skill_from_histories(
        &self,
        histories: Vec<String>,
        missing: &str,
    ) -> PyResult<Vec<SkillRow>> {
        let rules = rules(missing, "undecided")?;
        let text = histories.join("\n");
        let parsed = parse_histories(&text, self.model())
            .map_err(|e| invalid_input(format!("histories: {e}")))?;
        let tallies = tally_histories(&parsed, self.model().desiderata(), rules);
        self.skill_rows(&tallies)
    }

    /// Skill from dated rows in CSV (a header naming the events, then one row per
    /// case with a date or time per event; `docs/research.md`). `missing` as for
    /// histories; `ties` (`"undecided"`, `"holds"`, `"fails"`) says what two events
    /// on the same day mean.
    #[pyo3(signature = (csv, missing = "not-yet", ties = "undecided"))]
    fn skill_from_csv(&self, csv: &str, missing: &str, ties: &str) -> PyResult<Vec<SkillRow>> {
        let rules = rules(missing, ties)?;
        let data =
            parse_dated_csv(csv, self.model()).map_err(|e| invalid_input(format!("csv: {e}")))?;
        let tallies = tally_dated(&data, self.model().desiderata(), rules);
        self.skill_rows(&tallies)
    }

    fn __repr__(&self) -> String {
        format!(
            "Model({:?}, {} events, {} states)",
            self.model().name(),
            self.model().event_count(),
            self.graph.state_count()
        )
    }
}

/// One desideratum's skill: `name`, `baseline` (Fraction), `satisfied` and
/// `decided` counts, `observed` and `alpha` (Fractions, or `None` when undefined,
/// with the reason in `undefined`).
#[pyclass(module = "mpcvd", name = "SkillRow", frozen)]
pub struct SkillRow {
    inner: RsSkillRow,
}

#[pymethods]
impl SkillRow {
    /// The desideratum, e.g. `"F<P"`.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    /// `f_d`.
    #[getter]
    fn baseline<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        fraction(py, self.inner.baseline)
    }
    /// `S`: cases where it held.
    #[getter]
    fn satisfied(&self) -> u64 {
        self.inner.satisfied
    }
    /// `T`: cases that decided it.
    #[getter]
    fn decided(&self) -> u64 {
        self.inner.decided
    }
    /// `S/T`, or `None` when `T = 0`.
    #[getter]
    fn observed<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.observed.map(|f| fraction(py, f)).transpose()
    }
    /// `α_d = (f_obs − f_d) / (1 − f_d)`, or `None` when undefined.
    #[getter]
    fn alpha<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.alpha.map(|f| fraction(py, f)).transpose()
    }
    /// Why `alpha` is undefined, if it is.
    #[getter]
    fn undefined(&self) -> Option<&str> {
        self.inner.undefined.as_deref()
    }
    fn __repr__(&self) -> String {
        format!(
            "SkillRow({:?}, baseline={}, satisfied={}, decided={}, alpha={})",
            self.inner.name,
            self.inner.baseline,
            self.inner.satisfied,
            self.inner.decided,
            self.inner
                .alpha
                .map_or_else(|| "None".to_owned(), |a| a.to_string())
        )
    }
}

/// Skill `α = (observed − baseline) / (1 − baseline)`, exactly, from two Fractions.
#[pyfunction]
pub fn alpha<'py>(
    py: Python<'py>,
    observed: &Bound<'py, PyAny>,
    baseline: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let a = rs_alpha(ratio(observed, "observed")?, ratio(baseline, "baseline")?)
        .map_err(|e| invalid_input(format!("alpha: {e}")))?;
    fraction(py, a)
}

/// What an exploration found: counts (`states`, `transitions`, `max_depth`,
/// `terminal`, `deadlocks`, `complete`, `local_states`), `violations` (dicts with
/// `invariant`, `description`, `trace` and `states`) and `deadlock_trace`.
#[pyclass(module = "mpcvd", name = "Exploration", frozen)]
pub struct Exploration {
    inner: mpcvd::analysis::explore::Exploration,
}

#[pymethods]
impl Exploration {
    /// The participants' roles.
    #[getter]
    fn participants(&self) -> Vec<String> {
        self.inner.participants.clone()
    }
    /// The channel bound used.
    #[getter]
    fn channel_bound(&self) -> usize {
        self.inner.channel_bound
    }
    /// Distinct global states reached.
    #[getter]
    fn states(&self) -> usize {
        self.inner.states
    }
    /// Steps taken from every reached state.
    #[getter]
    fn transitions(&self) -> usize {
        self.inner.transitions
    }
    /// The most steps from the initial state to a reached state.
    #[getter]
    fn max_depth(&self) -> usize {
        self.inner.max_depth
    }
    /// States with no step and empty channels.
    #[getter]
    fn terminal(&self) -> usize {
        self.inner.terminal
    }
    /// States with no step but messages in flight.
    #[getter]
    fn deadlocks(&self) -> usize {
        self.inner.deadlocks
    }
    /// Whether every reachable state was explored (`False`: the budget ran out).
    #[getter]
    fn complete(&self) -> bool {
        self.inner.complete
    }
    /// Local states per participant.
    #[getter]
    fn local_states(&self) -> Vec<usize> {
        self.inner.local_states.clone()
    }
    /// The first violation of each invariant, with a shortest trace (dicts).
    #[getter]
    fn violations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.violations)
    }
    /// A shortest trace to a deadlock (list of step dicts), or `None`.
    #[getter]
    fn deadlock_trace<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.inner.deadlock_trace {
            Some(t) => to_py(py, t),
            None => Ok(py.None().into_bound(py)),
        }
    }
    /// The whole report as a dict (the JSON of `mpcvd explore --json`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = serde_json::to_value(&self.inner).map_err(|e| analysis_error(&e))?;
        from_value(py, &value)
    }
    fn __repr__(&self) -> String {
        format!(
            "Exploration(states={}, transitions={}, violations={}, complete={})",
            self.inner.states,
            self.inner.transitions,
            self.inner.violations.len(),
            if self.inner.complete { "True" } else { "False" }
        )
    }
}

/// Explores every global state of a multi-party case over bounded FIFO channels
/// and checks the invariants. `participants` is a list of role lists (e.g.
/// `[["finder", "reporter"], ["vendor"]]`); `channel_bound` bounds each channel,
/// `budget` the states explored; `guards` keeps the case engine's publication
/// guards; `topology` is `"complete"` or `"star"`. Raises `InvalidInput` for a
/// configuration the explorer cannot run. The GIL is released while it runs.
#[pyfunction]
#[pyo3(signature = (participants, channel_bound = 1, budget = None, guards = true, acknowledgements = false, inquiries = false, topology = "complete", duties = false))]
#[allow(clippy::too_many_arguments, clippy::fn_params_excessive_bools)]
pub fn explore(
    py: Python<'_>,
    participants: &Bound<'_, PyAny>,
    channel_bound: usize,
    budget: Option<usize>,
    guards: bool,
    acknowledgements: bool,
    inquiries: bool,
    topology: &str,
    duties: bool,
) -> PyResult<Exploration> {
    let roles: Vec<RoleSet> = from_py(participants, "participants")?;
    let bad = |e: mpcvd::analysis::explore::ExploreError| invalid_input(format!("explore: {e}"));
    let topology: Topology = topology.parse().map_err(|_| {
        invalid_input(format!(
            "topology: `{topology}` is not one of complete, star"
        ))
    })?;
    let mut config = ExploreConfig::new(roles)
        .map_err(bad)?
        .with_channel_bound(channel_bound)
        .map_err(bad)?
        .with_acknowledgements(acknowledgements)
        .with_inquiries(inquiries)
        .with_topology(topology);
    if let Some(budget) = budget {
        config = config.with_budget(budget).map_err(bad)?;
    }
    if !guards {
        config = config.with_guards(Guards::NONE);
    }
    if duties {
        config = config.with_duties();
    }
    let result = py.detach(|| rs_explore(&config));
    result.map(|inner| Exploration { inner }).map_err(bad)
}
