//! What one simulated run produced.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::desiderata::STANDARD_DESIDERATA;
use crate::cs::CsEvent;
use crate::rule::Rule;

/// One event of a run's history, when it happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Happening {
    /// `V`, `F` or `D` (of a vendor) or `P`, `X`, `A` (of the case).
    pub event: CsEvent,
    /// The vendor, for `V`, `F` and `D`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Days since the case opened.
    pub day: f64,
}

/// One vendor's view of a run: its own `V`, `F`, `D` among the case's `P`, `X`, `A`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VendorOutcome {
    /// The vendor's name (`v1` …).
    pub name: String,
    /// Whether its behaviour was drawn as never answering.
    pub silent: bool,
    /// Its events in order (a prefix of a complete history when the run stopped
    /// first).
    pub events: Vec<CsEvent>,
    /// Whether each of the twelve standard desiderata held, in
    /// [`STANDARD_DESIDERATA`] order; `None` when the run stopped before either
    /// of its events.
    pub desiderata: Vec<Option<bool>>,
    /// Whether it had the report when the public became aware (true if the public
    /// never did).
    pub reached_before_publication: bool,
}

/// How the embargo ended, if there was one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmbargoFate {
    /// None was ever in force.
    Never,
    /// Still in force when the run stopped.
    InForce,
    /// Its end time passed.
    Expired,
    /// A participant ended it (`ET`).
    Terminated,
    /// Broken by a leak, a public exploit or attacks.
    Broken,
}

/// The result of one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// The run's seed.
    pub seed: u64,
    /// How many inputs the run handed the case (applied or refused), besides
    /// the participants' joining.
    pub inputs: u32,
    /// Every `V`, `F`, `D`, `P`, `X`, `A` in order.
    pub history: Vec<Happening>,
    /// Per vendor.
    pub vendors: Vec<VendorOutcome>,
    /// Whether every vendor had the report before the public became aware.
    pub every_vendor_reached: bool,
    /// How the embargo ended.
    pub embargo: EmbargoFate,
    /// Days from the case's opening to the public becoming aware (`None`: not
    /// within the horizon).
    pub days_to_publication: Option<f64>,
    /// Warnings the case gave, by rule.
    pub warnings: BTreeMap<Rule, u32>,
    /// Inputs the case refused, by rule (a publication the policy denies, …).
    pub refusals: BTreeMap<Rule, u32>,
}

/// Whether `before ≺ after` holds in `events`: `before` occurs, and before
/// `after` if `after` occurs at all.
#[must_use]
pub fn holds(events: &[CsEvent], before: CsEvent, after: CsEvent) -> bool {
    let at = |e| events.iter().position(|&x| x == e);
    match (at(before), at(after)) {
        (Some(a), Some(b)) => a < b,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// The twelve standard desiderata's verdicts on `events`: `None` where neither
/// event occurred (undecided).
#[must_use]
pub fn desiderata_of(events: &[CsEvent]) -> Vec<Option<bool>> {
    STANDARD_DESIDERATA
        .iter()
        .map(|&(a, b)| (events.contains(&a) || events.contains(&b)).then(|| holds(events, a, b)))
        .collect()
}

/// A history as its letters, e.g. `VFDPXA`.
#[must_use]
pub fn letters(events: &[CsEvent]) -> String {
    events.iter().map(|e| e.letter()).collect()
}
