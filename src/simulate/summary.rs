//! Many runs in one table: rates with 95% confidence intervals, skill `α_d`
//! against the exact baseline of the standard model, days to publication, and the
//! rules that fired.

use std::collections::BTreeMap;

use serde::Serialize;

use super::outcome::{EmbargoFate, Outcome, letters};
use crate::analysis::desiderata::STANDARD_DESIDERATA;
use crate::analysis::skill::alpha_from_counts;
use crate::analysis::{ModelGraph, ProcessModel, Ratio};
use crate::rule::Rule;

/// `z` for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;
/// `z` for a two-sided 99% interval.
pub const Z99: f64 = 2.575_829_303_548_901;

/// A proportion with its Wilson score interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rate {
    /// How many had it.
    pub count: u64,
    /// Of how many.
    pub total: u64,
    /// `count / total` (0 when `total` is 0).
    pub rate: f64,
    /// The interval's lower end.
    pub low: f64,
    /// The interval's upper end.
    pub high: f64,
}

impl Rate {
    /// `count` of `total` with the Wilson interval for `z` (e.g. [`Z95`]).
    #[must_use]
    pub fn wilson(count: u64, total: u64, z: f64) -> Self {
        if total == 0 {
            return Self {
                count,
                total,
                rate: 0.0,
                low: 0.0,
                high: 1.0,
            };
        }
        let n = total as f64;
        let p = count as f64 / n;
        let z2 = z * z;
        let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
        let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
        Self {
            count,
            total,
            rate: p,
            low: (centre - half).max(0.0),
            high: (centre + half).min(1.0),
        }
    }
}

/// One desideratum across the runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesideratumRow {
    /// `"V<P"`.
    pub name: String,
    /// Over every vendor of every run where it was decided.
    pub rate: Rate,
    /// `f_d` of the standard model (principle of indifference).
    pub baseline: f64,
    /// `α_d = (rate − f_d) / (1 − f_d)`; `None` without decided runs.
    pub alpha: Option<f64>,
}

/// One rule that fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleRow {
    /// The rule's stable id.
    pub rule: Rule,
    /// `warning` or `refusal`.
    pub kind: &'static str,
    /// The share of runs where it fired at least once.
    pub runs: Rate,
    /// How often in all.
    pub times: u64,
}

/// Days from the case's opening to publication.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Days {
    /// Runs published within the horizon.
    pub published: u64,
    /// Their mean.
    pub mean: f64,
    /// 10th, 50th and 90th percentiles, and the largest.
    pub p10: f64,
    /// The median.
    pub p50: f64,
    /// The 90th percentile.
    pub p90: f64,
    /// The largest.
    pub max: f64,
    /// Counts per bin of [`Days::BIN`] days, from day 0.
    pub histogram: Vec<u64>,
}

impl Days {
    /// Width of a histogram bin, in days.
    pub const BIN: f64 = 15.0;
}

/// Every run under one policy, summarised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The policy's name.
    pub policy: String,
    /// How many runs.
    pub runs: u64,
    /// The twelve standard desiderata.
    pub desiderata: Vec<DesideratumRow>,
    /// Failures, each a share of runs: a vendor not reached before publication,
    /// the embargo broken, the embargo expired, no publication within the horizon.
    pub failures: BTreeMap<&'static str, Rate>,
    /// Days to publication.
    pub days: Days,
    /// Rules that fired, most frequent first.
    pub rules: Vec<RuleRow>,
    /// Each vendor's history (its letters) and how often it occurred.
    pub histories: BTreeMap<String, u64>,
}

/// The names of the failures [`Summary::failures`] counts.
pub const FAILURES: [&str; 4] = [
    "vendor_unreached_at_publication",
    "embargo_broken",
    "embargo_expired",
    "unpublished_at_horizon",
];

/// Adds outcomes up; [`Tally::summary`] makes the table.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    runs: u64,
    held: [(u64, u64); 12],
    failures: [u64; 4],
    days: Vec<f64>,
    rule_runs: BTreeMap<(Rule, &'static str), (u64, u64)>,
    histories: BTreeMap<String, u64>,
}

impl Tally {
    /// Counts one run.
    pub fn add(&mut self, outcome: &Outcome) {
        self.runs = self.runs.saturating_add(1);
        for vendor in &outcome.vendors {
            for (cell, verdict) in self.held.iter_mut().zip(&vendor.desiderata) {
                if let Some(held) = verdict {
                    cell.1 = cell.1.saturating_add(1);
                    cell.0 = cell.0.saturating_add(u64::from(*held));
                }
            }
            let n = self.histories.entry(letters(&vendor.events)).or_insert(0);
            *n = n.saturating_add(1);
        }
        let flags = [
            !outcome.every_vendor_reached,
            outcome.embargo == EmbargoFate::Broken,
            outcome.embargo == EmbargoFate::Expired,
            outcome.days_to_publication.is_none(),
        ];
        for (count, flag) in self.failures.iter_mut().zip(flags) {
            *count = count.saturating_add(u64::from(flag));
        }
        if let Some(d) = outcome.days_to_publication {
            self.days.push(d);
        }
        for (kind, map) in [
            ("warning", &outcome.warnings),
            ("refusal", &outcome.refusals),
        ] {
            for (&rule, &times) in map {
                let cell = self.rule_runs.entry((rule, kind)).or_insert((0, 0));
                cell.0 = cell.0.saturating_add(1);
                cell.1 = cell.1.saturating_add(u64::from(times));
            }
        }
    }

    /// The table for `policy`.
    #[must_use]
    pub fn summary(&self, policy: &str) -> Summary {
        let baselines = standard_baselines();
        let desiderata = STANDARD_DESIDERATA
            .iter()
            .zip(&self.held)
            .zip(&baselines)
            .map(|((&(a, b), &(held, total)), &baseline)| DesideratumRow {
                name: format!("{}<{}", a.letter(), b.letter()),
                rate: Rate::wilson(held, total, Z95),
                baseline: baseline.to_f64(),
                alpha: alpha_from_counts(held, total, baseline)
                    .ok()
                    .map(Ratio::to_f64),
            })
            .collect();
        let failures = FAILURES
            .iter()
            .zip(self.failures)
            .map(|(&name, count)| (name, Rate::wilson(count, self.runs, Z95)))
            .collect();
        let mut rules: Vec<RuleRow> = self
            .rule_runs
            .iter()
            .map(|(&(rule, kind), &(runs, times))| RuleRow {
                rule,
                kind,
                runs: Rate::wilson(runs, self.runs, Z95),
                times,
            })
            .collect();
        rules.sort_by_key(|r| std::cmp::Reverse(r.runs.count));
        Summary {
            policy: policy.to_owned(),
            runs: self.runs,
            desiderata,
            failures,
            days: days(&self.days),
            rules,
            histories: self.histories.clone(),
        }
    }
}

/// `f_d` of the twelve standard desiderata, exact.
#[must_use]
pub fn standard_baselines() -> Vec<Ratio> {
    let graph = ModelGraph::new(&ProcessModel::standard());
    graph
        .baselines()
        .map(|b| b.into_iter().map(|b| b.baseline).collect())
        .unwrap_or_default()
}

fn days(values: &[f64]) -> Days {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let i = ((sorted.len().saturating_sub(1)) as f64 * q).round() as usize;
        sorted.get(i).copied().unwrap_or(0.0)
    };
    let mut histogram: Vec<u64> = Vec::new();
    for &d in &sorted {
        let bin = (d / Days::BIN) as usize;
        if histogram.len() <= bin {
            histogram.resize(bin.saturating_add(1), 0);
        }
        if let Some(cell) = histogram.get_mut(bin) {
            *cell = cell.saturating_add(1);
        }
    }
    Days {
        published: sorted.len() as u64,
        mean: sorted.iter().sum::<f64>() / sorted.len().max(1) as f64,
        p10: at(0.1),
        p50: at(0.5),
        p90: at(0.9),
        max: sorted.last().copied().unwrap_or(0.0),
        histogram,
    }
}
