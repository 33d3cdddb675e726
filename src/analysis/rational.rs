//! Exact rational numbers for history frequencies, baselines and skill.
//!
//! Reference §4 asks for the baselines "exactly (rationals), not as rounded floats".
//! [`Ratio`] is an `i128` numerator over a `u128` denominator, always reduced, with
//! checked arithmetic: every operation returns a [`RatioError`] instead of
//! overflowing or panicking.

use core::cmp::Ordering;
use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

/// An exact fraction `p/q`: `q ≥ 1` and `gcd(|p|, q) = 1`, so equal values have equal
/// representations and `==` is value equality.
///
/// Prints and serialises as `"p/q"` (integers too: `"1/1"`, `"0/1"`); parses from
/// `"p/q"` or `"p"` and reduces. Ordering is exact (no cross-multiplication, so it
/// cannot overflow).
///
/// # Example
/// ```
/// use mpcvd::analysis::Ratio;
/// let a = Ratio::new(1, 4)?;
/// let b: Ratio = "2/24".parse()?;
/// assert_eq!(b.to_string(), "1/12");
/// assert_eq!(a.checked_add(b)?.to_string(), "1/3");
/// assert!(a > b);
/// assert!(Ratio::ONE.checked_div(Ratio::ZERO).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    num: i128,
    den: u128,
}

/// Why a rational operation has no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
#[non_exhaustive]
pub enum RatioError {
    /// The exact result does not fit an `i128`/`u128` fraction.
    #[error("exact rational arithmetic overflowed 128 bits")]
    Overflow,
    /// Division by zero, or a zero denominator.
    #[error("division by zero")]
    DivisionByZero,
}

/// Text that is not a fraction `p/q` or an integer `p`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "`{text}` is not an exact fraction: expected `p/q` or `p`, with decimal digits, an optional leading `-` on `p`, and `q` ≥ 1 ({reason})"
)]
pub struct ParseRatioError {
    /// The refused text (truncated to 64 characters).
    pub text: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// Greatest common divisor (Euclid); `gcd(0, 0) = 0`.
#[must_use]
pub(crate) fn gcd(mut a: u128, mut b: u128) -> u128 {
    while let Some(r) = a.checked_rem(b) {
        a = b;
        b = r;
    }
    a
}

impl Ratio {
    /// Zero (`0/1`).
    pub const ZERO: Self = Self { num: 0, den: 1 };
    /// One (`1/1`).
    pub const ONE: Self = Self { num: 1, den: 1 };

    /// The reduced fraction `num/den`.
    ///
    /// # Errors
    /// [`RatioError::DivisionByZero`] when `den` is 0; [`RatioError::Overflow`] when
    /// the reduced value does not fit (only `i128::MIN / -1`).
    pub fn new(num: i128, den: i128) -> Result<Self, RatioError> {
        let negative = (num < 0) != (den < 0);
        Self::from_parts(negative, num.unsigned_abs(), den.unsigned_abs())
    }

    /// The integer `n`.
    #[must_use]
    pub const fn from_integer(n: i128) -> Self {
        Self { num: n, den: 1 }
    }

    /// The fraction `part/whole` of two counts, e.g. 2,610 of 2,694.
    ///
    /// # Errors
    /// [`RatioError::DivisionByZero`] when `whole` is 0.
    pub fn from_counts(part: u64, whole: u64) -> Result<Self, RatioError> {
        Self::from_parts(false, u128::from(part), u128::from(whole))
    }

    /// `1/den`, the weight of one of `den` equally likely choices.
    ///
    /// # Errors
    /// [`RatioError::DivisionByZero`] when `den` is 0.
    pub fn unit(den: u128) -> Result<Self, RatioError> {
        Self::from_parts(false, 1, den)
    }

    /// `±magnitude/den`, reduced.
    fn from_parts(negative: bool, magnitude: u128, den: u128) -> Result<Self, RatioError> {
        if den == 0 {
            return Err(RatioError::DivisionByZero);
        }
        let g = gcd(magnitude, den);
        let magnitude = magnitude.checked_div(g).unwrap_or(0);
        let den = den.checked_div(g).unwrap_or(1);
        let num = if negative {
            0i128.checked_sub_unsigned(magnitude)
        } else {
            i128::try_from(magnitude).ok()
        }
        .ok_or(RatioError::Overflow)?;
        Ok(Self { num, den })
    }

    /// The numerator (sign carrier).
    #[must_use]
    pub const fn numer(self) -> i128 {
        self.num
    }

    /// The denominator, always ≥ 1.
    #[must_use]
    pub const fn denom(self) -> u128 {
        self.den
    }

    /// Whether the value is zero.
    #[must_use]
    pub const fn is_zero(self) -> bool {
        self.num == 0
    }

    /// Whether the value is below zero.
    #[must_use]
    pub const fn is_negative(self) -> bool {
        self.num < 0
    }

    /// `self + other`.
    ///
    /// # Errors
    /// [`RatioError::Overflow`] when the exact sum does not fit.
    pub fn checked_add(self, other: Self) -> Result<Self, RatioError> {
        // a/b + c/d with g = gcd(b, d): (a·(d/g) + c·(b/g)) / (b·(d/g)).
        let g = gcd(self.den, other.den);
        let b_g = self.den.checked_div(g).ok_or(RatioError::DivisionByZero)?;
        let d_g = other.den.checked_div(g).ok_or(RatioError::DivisionByZero)?;
        let left = mul_signed(self.num, d_g)?;
        let right = mul_signed(other.num, b_g)?;
        let num = left.checked_add(right).ok_or(RatioError::Overflow)?;
        let den = self.den.checked_mul(d_g).ok_or(RatioError::Overflow)?;
        Self::from_parts(num < 0, num.unsigned_abs(), den)
    }

    /// `-self`.
    ///
    /// # Errors
    /// [`RatioError::Overflow`] for `i128::MIN/q`.
    pub fn checked_neg(self) -> Result<Self, RatioError> {
        Ok(Self {
            num: self.num.checked_neg().ok_or(RatioError::Overflow)?,
            den: self.den,
        })
    }

    /// `self − other`.
    ///
    /// # Errors
    /// [`RatioError::Overflow`] when the exact difference does not fit.
    pub fn checked_sub(self, other: Self) -> Result<Self, RatioError> {
        self.checked_add(other.checked_neg()?)
    }

    /// `self × other`.
    ///
    /// # Errors
    /// [`RatioError::Overflow`] when the exact product does not fit.
    pub fn checked_mul(self, other: Self) -> Result<Self, RatioError> {
        // Cross-reduce first so that products stay as small as the result.
        let g1 = gcd(self.num.unsigned_abs(), other.den);
        let g2 = gcd(other.num.unsigned_abs(), self.den);
        let a = self.num.unsigned_abs().checked_div(g1).unwrap_or(0);
        let d = other.den.checked_div(g1).unwrap_or(1);
        let c = other.num.unsigned_abs().checked_div(g2).unwrap_or(0);
        let b = self.den.checked_div(g2).unwrap_or(1);
        let magnitude = a.checked_mul(c).ok_or(RatioError::Overflow)?;
        let den = b.checked_mul(d).ok_or(RatioError::Overflow)?;
        Self::from_parts((self.num < 0) != (other.num < 0), magnitude, den)
    }

    /// `1 / self`.
    ///
    /// # Errors
    /// [`RatioError::DivisionByZero`] for zero; [`RatioError::Overflow`] when the
    /// denominator does not fit an `i128` numerator.
    pub fn checked_recip(self) -> Result<Self, RatioError> {
        if self.num == 0 {
            return Err(RatioError::DivisionByZero);
        }
        Self::from_parts(self.num < 0, self.den, self.num.unsigned_abs())
    }

    /// `self / other`.
    ///
    /// # Errors
    /// [`RatioError::DivisionByZero`] when `other` is zero; [`RatioError::Overflow`]
    /// when the exact quotient does not fit.
    pub fn checked_div(self, other: Self) -> Result<Self, RatioError> {
        self.checked_mul(other.checked_recip()?)
    }

    /// The nearest `f64` (for display and plotting only; all computation is exact).
    #[must_use]
    #[allow(
        clippy::cast_precision_loss,
        clippy::as_conversions,
        reason = "an approximation is the purpose of this method"
    )]
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// The value as a decimal with `places` digits after the point, rounded half away
    /// from zero from the exact value (e.g. `3/16` → `"0.188"` at 3 places).
    ///
    /// # Errors
    /// [`RatioError::Overflow`] when `|p|·10^places` does not fit 128 bits.
    pub fn to_decimal(self, places: u32) -> Result<String, RatioError> {
        let scale = 10u128.checked_pow(places).ok_or(RatioError::Overflow)?;
        let scaled = self
            .num
            .unsigned_abs()
            .checked_mul(scale)
            .ok_or(RatioError::Overflow)?;
        let mut q = scaled.checked_div(self.den).ok_or(RatioError::Overflow)?;
        let r = scaled.checked_rem(self.den).ok_or(RatioError::Overflow)?;
        // Round half up on the magnitude: r ≥ den − r  ⇔  2r ≥ den.
        if r != 0 && r >= self.den.saturating_sub(r) {
            q = q.checked_add(1).ok_or(RatioError::Overflow)?;
        }
        let int = q.checked_div(scale).unwrap_or(0);
        let frac = q.checked_rem(scale).unwrap_or(0);
        let sign = if self.num < 0 && q != 0 { "-" } else { "" };
        Ok(if places == 0 {
            format!("{sign}{int}")
        } else {
            let width = usize::try_from(places).map_err(|_| RatioError::Overflow)?;
            format!("{sign}{int}.{frac:0width$}")
        })
    }
}

/// `n · m` for a signed `n` and an unsigned `m`, checked.
fn mul_signed(n: i128, m: u128) -> Result<i128, RatioError> {
    let magnitude = n
        .unsigned_abs()
        .checked_mul(m)
        .ok_or(RatioError::Overflow)?;
    if n < 0 {
        0i128.checked_sub_unsigned(magnitude)
    } else {
        i128::try_from(magnitude).ok()
    }
    .ok_or(RatioError::Overflow)
}

/// Compares `a/b` with `c/d` for non-negative values without multiplying: compare
/// integer parts, then the reciprocals of the remainders (a continued-fraction walk,
/// as short as Euclid's algorithm).
fn cmp_magnitudes(mut a: u128, mut b: u128, mut c: u128, mut d: u128) -> Ordering {
    let mut flipped = false;
    loop {
        let (Some(q1), Some(q2)) = (a.checked_div(b), c.checked_div(d)) else {
            return Ordering::Equal;
        };
        let (r1, r2) = (a.checked_rem(b).unwrap_or(0), c.checked_rem(d).unwrap_or(0));
        let order = match q1.cmp(&q2) {
            Ordering::Equal => match (r1 == 0, r2 == 0) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                (false, false) => {
                    // a/b = q + r1/b; compare r1/b with r2/d ⇔ compare d/r2 with b/r1.
                    (a, b, c, d) = (b, r1, d, r2);
                    flipped = !flipped;
                    continue;
                }
            },
            unequal => unequal,
        };
        return if flipped { order.reverse() } else { order };
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.num < 0, other.num < 0) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (negative, _) => {
                let order = cmp_magnitudes(
                    self.num.unsigned_abs(),
                    self.den,
                    other.num.unsigned_abs(),
                    other.den,
                );
                if negative { order.reverse() } else { order }
            }
        }
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.num, self.den)
    }
}

impl fmt::Debug for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ratio({self})")
    }
}

impl FromStr for Ratio {
    type Err = ParseRatioError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = |reason| ParseRatioError {
            text: text.chars().take(64).collect(),
            reason,
        };
        let (num_text, den_text) = match text.split_once('/') {
            Some((n, d)) => (n, Some(d)),
            None => (text, None),
        };
        let (negative, digits) = match num_text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, num_text),
        };
        let magnitude = parse_digits(digits).ok_or_else(|| err("bad numerator"))?;
        let den = match den_text {
            Some(d) => parse_digits(d).ok_or_else(|| err("bad denominator"))?,
            None => 1,
        };
        Self::from_parts(negative, magnitude, den).map_err(|e| match e {
            RatioError::DivisionByZero => err("zero denominator"),
            RatioError::Overflow => err("too large"),
        })
    }
}

/// A non-empty run of ASCII digits as a `u128`.
fn parse_digits(text: &str) -> Option<u128> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Ratio {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Default for Ratio {
    fn default() -> Self {
        Self::ZERO
    }
}
