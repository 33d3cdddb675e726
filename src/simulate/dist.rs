//! Distributions of delays, in days, and the seeded generator that samples them.
//!
//! | JSON | parameters | a sample |
//! | --- | --- | --- |
//! | `{"fixed": 3}` | the value | always `3` |
//! | `{"uniform": {"low": 1, "high": 5}}` | `0 ≤ low ≤ high` | uniform on `[low, high)` |
//! | `{"exponential": {"mean": 7}}` | `mean > 0` | `-mean · ln(1 − u)` |
//! | `{"log_normal": {"mu": 2, "sigma": 0.5}}` | `mu` finite, `sigma ≥ 0` | `exp(mu + sigma · z)` |
//! | `{"empirical": [1, 2, 9]}` | at least one value, each `≥ 0` | one of the values, each equally likely |
//!
//! `u` is a uniform draw on `[0, 1)` with 53 random bits, `z` a standard normal
//! draw (Box–Muller). Sampling is written out here rather than taken from
//! `rand_distr` so that a seed's stream of samples is fixed by this file alone:
//! the generator ([`SimRng`], PCG-64 from `rand_pcg`) is specified by its
//! algorithm, and the transforms are the textbook inverse-transform and Box–Muller
//! formulas, so the same seed gives the same run on every platform and version.

use rand_core::{Rng as _, SeedableRng as _};
use rand_pcg::Pcg64;
use serde::{Deserialize, Serialize};

/// The simulator's seeded generator: PCG-64 (`Lcg128Xsl64`), seeded with
/// `rand_core`'s documented `seed_from_u64` expansion.
#[derive(Debug, Clone)]
pub struct SimRng {
    inner: Pcg64,
}

impl SimRng {
    /// A generator for `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self {
            inner: Pcg64::seed_from_u64(seed),
        }
    }

    /// A uniform draw on `[0, 1)` (53 random bits).
    pub fn unit(&mut self) -> f64 {
        let bits = self.inner.next_u64() >> 11;
        bits as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A uniform index below `n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // Lemire's multiply-shift; the bias is below 2^-64 · n, far below sampling noise.
        let wide = u128::from(self.inner.next_u64()).saturating_mul(n as u128);
        usize::try_from(wide >> 64).unwrap_or(0)
    }

    /// Whether an event of probability `p` happens.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A standard normal draw (Box–Muller, one of the pair).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit(); // (0, 1]: ln is finite
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// An exponential draw with this `mean`.
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }
}

/// A distribution of a delay in days. See the [module docs](self) for the JSON
/// forms; [`Distribution::new_checked`] and deserialisation refuse negative or
/// non-finite parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", try_from = "RawDistribution")]
pub enum Distribution {
    /// Always this many days.
    Fixed(f64),
    /// Uniform on `[low, high)`.
    Uniform {
        /// The least value.
        low: f64,
        /// The bound above.
        high: f64,
    },
    /// Exponential with this mean (memoryless waiting).
    Exponential {
        /// The mean, in days.
        mean: f64,
    },
    /// `exp(N(mu, sigma²))`: long right tails, as response times have.
    LogNormal {
        /// The mean of the logarithm.
        mu: f64,
        /// The standard deviation of the logarithm.
        sigma: f64,
    },
    /// One of these observed values, each equally likely.
    Empirical(Vec<f64>),
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum RawDistribution {
    Fixed(f64),
    Uniform { low: f64, high: f64 },
    Exponential { mean: f64 },
    LogNormal { mu: f64, sigma: f64 },
    Empirical(Vec<f64>),
}

impl TryFrom<RawDistribution> for Distribution {
    type Error = String;

    fn try_from(raw: RawDistribution) -> Result<Self, String> {
        let d = match raw {
            RawDistribution::Fixed(v) => Self::Fixed(v),
            RawDistribution::Uniform { low, high } => Self::Uniform { low, high },
            RawDistribution::Exponential { mean } => Self::Exponential { mean },
            RawDistribution::LogNormal { mu, sigma } => Self::LogNormal { mu, sigma },
            RawDistribution::Empirical(values) => Self::Empirical(values),
        };
        d.new_checked()
    }
}

fn delay(what: &str, v: f64) -> Result<(), String> {
    if !v.is_finite() || v < 0.0 {
        return Err(format!(
            "{what} must be a finite number of days ≥ 0, found {v}"
        ));
    }
    Ok(())
}

impl Distribution {
    /// The distribution if its parameters make sense: delays finite and `≥ 0`,
    /// `low ≤ high`, `mean > 0`, `sigma ≥ 0`, at least one empirical value.
    ///
    /// # Errors
    /// A sentence saying which parameter is wrong.
    pub fn new_checked(self) -> Result<Self, String> {
        match &self {
            Self::Fixed(v) => delay("a fixed delay", *v)?,
            Self::Uniform { low, high } => {
                delay("`low`", *low)?;
                delay("`high`", *high)?;
                if low > high {
                    return Err(format!("`low` ({low}) is above `high` ({high})"));
                }
            }
            Self::Exponential { mean } => {
                delay("`mean`", *mean)?;
                if *mean <= 0.0 {
                    return Err("`mean` must be above 0".to_owned());
                }
            }
            Self::LogNormal { mu, sigma } => {
                if !mu.is_finite() {
                    return Err(format!("`mu` must be finite, found {mu}"));
                }
                delay("`sigma`", *sigma)?;
            }
            Self::Empirical(values) => {
                if values.is_empty() {
                    return Err("an empirical distribution needs at least one value".to_owned());
                }
                for (i, v) in values.iter().enumerate() {
                    delay(&format!("value {i}"), *v)?;
                }
            }
        }
        Ok(self)
    }

    /// One sample, in days (never negative, never NaN).
    pub fn sample(&self, rng: &mut SimRng) -> f64 {
        let v = match self {
            Self::Fixed(v) => *v,
            Self::Uniform { low, high } => low + (high - low) * rng.unit(),
            Self::Exponential { mean } => rng.exponential(*mean),
            Self::LogNormal { mu, sigma } => (mu + sigma * rng.normal()).exp(),
            Self::Empirical(values) => values.get(rng.below(values.len())).copied().unwrap_or(0.0),
        };
        if v.is_finite() { v.max(0.0) } else { f64::MAX }
    }

    /// The mean, in days (for documentation and sanity checks).
    #[must_use]
    pub fn mean(&self) -> f64 {
        match self {
            Self::Fixed(v) => *v,
            Self::Uniform { low, high } => (low + high) / 2.0,
            Self::Exponential { mean } => *mean,
            Self::LogNormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
            Self::Empirical(values) => values.iter().sum::<f64>() / values.len().max(1) as f64,
        }
    }
}

/// The seed of run `index` of a batch seeded with `seed` (SplitMix64 of their
/// combination): runs of one batch are independent, and run `i` draws the same
/// behaviour under every policy compared (common random numbers).
#[must_use]
pub const fn run_seed(seed: u64, index: u64) -> u64 {
    let mut z = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
