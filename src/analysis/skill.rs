//! Skill: how much better than luck an observed frequency is ([reference §4](crate::reference),
//! `discriminating_skill_and_luck.md`).
//!
//! `α_d = (f_obs − f_d) / (1 − f_d)`: 0 is what luck alone gives, 1 is perfect, a
//! negative value is worse than luck. From counts (`S` of `T` cases satisfied
//! `d`), `α_d = (S − f_d·T) / ((1 − f_d)·T)`, the same value. A desideratum with
//! `f_d = 1` always holds, so no skill can be seen in it: its `α` is undefined.

use serde::Serialize;
use thiserror::Error;

use super::desiderata::Baseline;
use super::{Ratio, RatioError};

/// Why a skill value is undefined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
#[non_exhaustive]
pub enum SkillError {
    /// No case decided the desideratum (`T = 0`).
    #[error("no observation decides this desideratum")]
    NoObservations,
    /// `f_d = 1`: the desideratum holds by construction, luck explains everything.
    #[error("the baseline is 1 (the desideratum always holds), so skill is undefined")]
    CertainBaseline,
    /// `S > T`.
    #[error("{satisfied} satisfied of only {total} observed")]
    CountsInconsistent {
        /// `S`.
        satisfied: u64,
        /// `T`.
        total: u64,
    },
    /// A frequency outside `[0, 1]`.
    #[error("a frequency must lie between 0 and 1")]
    NotAFrequency,
    /// Exact arithmetic overflowed.
    #[error(transparent)]
    Arithmetic(#[from] RatioError),
}

fn check_frequency(f: Ratio) -> Result<(), SkillError> {
    if f.is_negative() || f > Ratio::ONE {
        return Err(SkillError::NotAFrequency);
    }
    Ok(())
}

/// `α_d = (f_obs − f_d) / (1 − f_d)`.
///
/// # Errors
/// [`SkillError::CertainBaseline`] when `f_d = 1`, [`SkillError::NotAFrequency`]
/// for values outside `[0, 1]`.
///
/// # Example
/// ```
/// use mpcvd::analysis::{skill::alpha, Ratio};
/// // Microsoft 2017–2020 ([reference §4](crate::reference)): 2,610 of 2,694 had F ≺ P; f_{F≺P} = 1/9.
/// let observed = Ratio::from_counts(2610, 2694)?;
/// let a = alpha(observed, Ratio::new(1, 9)?)?;
/// assert_eq!(a.to_decimal(3)?, "0.965");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn alpha(observed: Ratio, baseline: Ratio) -> Result<Ratio, SkillError> {
    check_frequency(observed)?;
    check_frequency(baseline)?;
    let room = Ratio::ONE.checked_sub(baseline)?;
    if room.is_zero() {
        return Err(SkillError::CertainBaseline);
    }
    Ok(observed.checked_sub(baseline)?.checked_div(room)?)
}

/// `α_d = (S − f_d·T) / ((1 − f_d)·T)` from `S` satisfied of `T` decided cases.
///
/// # Errors
/// [`SkillError::NoObservations`] for `T = 0`, [`SkillError::CountsInconsistent`]
/// for `S > T`, [`SkillError::CertainBaseline`] for `f_d = 1`.
pub fn alpha_from_counts(satisfied: u64, total: u64, baseline: Ratio) -> Result<Ratio, SkillError> {
    if total == 0 {
        return Err(SkillError::NoObservations);
    }
    if satisfied > total {
        return Err(SkillError::CountsInconsistent { satisfied, total });
    }
    check_frequency(baseline)?;
    let t = Ratio::from_integer(i128::from(total));
    let s = Ratio::from_integer(i128::from(satisfied));
    let denominator = Ratio::ONE.checked_sub(baseline)?.checked_mul(t)?;
    if denominator.is_zero() {
        return Err(SkillError::CertainBaseline);
    }
    Ok(s.checked_sub(baseline.checked_mul(t)?)?
        .checked_div(denominator)?)
}

/// How many cases decided a desideratum and how many of those satisfied it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Tally {
    /// `S`: cases where it held.
    pub satisfied: u64,
    /// `T`: cases that decided it (held or failed).
    pub decided: u64,
}

impl Tally {
    /// Counts one decision (`None`: undecided, not counted).
    pub fn record(&mut self, decision: Option<bool>) {
        if let Some(held) = decision {
            self.decided = self.decided.saturating_add(1);
            if held {
                self.satisfied = self.satisfied.saturating_add(1);
            }
        }
    }
}

/// One line of a skill report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkillRow {
    /// `"F<P"`.
    pub name: String,
    /// `f_d`.
    pub baseline: Ratio,
    /// `S`.
    pub satisfied: u64,
    /// `T`.
    pub decided: u64,
    /// `f_obs = S/T`, or `None` when `T = 0`.
    pub observed: Option<Ratio>,
    /// `α_d`, or `None` when undefined.
    pub alpha: Option<Ratio>,
    /// Why `α_d` is undefined, if it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined: Option<String>,
}

/// Scores each desideratum from its tally (same order as `baselines`).
#[must_use]
pub fn score(baselines: &[Baseline], tallies: &[Tally]) -> Vec<SkillRow> {
    baselines
        .iter()
        .zip(tallies)
        .map(|(b, t)| {
            let observed = Ratio::from_counts(t.satisfied, t.decided).ok();
            let alpha = alpha_from_counts(t.satisfied, t.decided, b.baseline);
            SkillRow {
                name: b.name.clone(),
                baseline: b.baseline,
                satisfied: t.satisfied,
                decided: t.decided,
                observed,
                undefined: alpha.as_ref().err().map(ToString::to_string),
                alpha: alpha.ok(),
            }
        })
        .collect()
}
