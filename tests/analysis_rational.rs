//! The exact rational type: reduction, checked arithmetic at the 128-bit limits,
//! exact ordering, text and serde forms.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    reason = "test code: a panic is a failed assertion"
)]

use mpcvd::analysis::{Ratio, RatioError};

fn r(n: i128, d: i128) -> Ratio {
    Ratio::new(n, d).unwrap()
}

#[test]
fn always_reduced_with_positive_denominator() {
    let x = r(6, -8);
    assert_eq!((x.numer(), x.denom()), (-3, 4));
    assert_eq!(r(0, -5), Ratio::ZERO);
    assert_eq!(r(-4, -2), Ratio::from_integer(2));
    assert_eq!(Ratio::new(1, 0), Err(RatioError::DivisionByZero));
    assert_eq!(Ratio::from_counts(2610, 2694).unwrap(), r(435, 449));
}

#[test]
fn arithmetic() {
    assert_eq!(r(1, 6).checked_add(r(1, 3)).unwrap(), r(1, 2));
    assert_eq!(r(1, 6).checked_sub(r(1, 3)).unwrap(), r(-1, 6));
    assert_eq!(r(2, 3).checked_mul(r(9, 4)).unwrap(), r(3, 2));
    assert_eq!(r(2, 3).checked_div(r(-4, 9)).unwrap(), r(-3, 2));
    assert_eq!(r(-2, 3).checked_recip().unwrap(), r(-3, 2));
    assert_eq!(
        Ratio::ONE.checked_div(Ratio::ZERO),
        Err(RatioError::DivisionByZero)
    );
    assert_eq!(Ratio::ZERO.checked_recip(), Err(RatioError::DivisionByZero));
}

#[test]
fn overflow_is_an_error_not_a_wrap() {
    let max = Ratio::from_integer(i128::MAX);
    assert_eq!(max.checked_add(Ratio::ONE), Err(RatioError::Overflow));
    assert_eq!(
        max.checked_mul(Ratio::from_integer(2)),
        Err(RatioError::Overflow)
    );
    let min = Ratio::from_integer(i128::MIN);
    assert_eq!(min.checked_neg(), Err(RatioError::Overflow));
    assert_eq!(min.checked_sub(Ratio::ONE), Err(RatioError::Overflow));
    // Denominators near u128::MAX: 1/(2^127) + 1/(2^127 − 1) cannot be held.
    let a = Ratio::unit(1u128 << 127).unwrap();
    let b = Ratio::unit((1u128 << 127) - 1).unwrap();
    assert_eq!(a.checked_add(b), Err(RatioError::Overflow));
    // u128 denominators beyond i128 cannot become numerators.
    assert_eq!(
        Ratio::unit(u128::MAX).unwrap().checked_recip(),
        Err(RatioError::Overflow)
    );
    // Cross-reduction keeps products that fit: (2^100/3) · (3/2^100) = 1.
    let big = Ratio::new(1i128 << 100, 3).unwrap();
    let inv = Ratio::new(3, 1i128 << 100).unwrap();
    assert_eq!(big.checked_mul(inv).unwrap(), Ratio::ONE);
}

#[test]
fn ordering_is_exact_even_where_cross_products_overflow() {
    assert!(r(1, 3) < r(1, 2));
    assert!(r(-1, 2) < r(-1, 3));
    assert!(r(-1, 3) < Ratio::ZERO);
    assert!(r(7, 3) > r(2, 1));
    assert_eq!(r(2, 4).cmp(&r(1, 2)), core::cmp::Ordering::Equal);
    // (M−1)/M < M/(M+1) for M = i128::MAX − 1: cross products need 254 bits.
    let m = i128::MAX - 1;
    let a = r(m - 1, m);
    let b = r(m, m + 1);
    assert!(a < b);
    assert!(b > a);
    assert!(r(-(m - 1), m) > r(-m, m + 1));
    let mut v = vec![r(3, 16), r(1, 27), r(1, 3), r(-1, 2), r(1, 9)];
    v.sort();
    assert_eq!(v, [r(-1, 2), r(1, 27), r(1, 9), r(3, 16), r(1, 3)]);
}

#[test]
fn text_form() {
    assert_eq!(r(3, 16).to_string(), "3/16");
    assert_eq!(Ratio::ONE.to_string(), "1/1");
    assert_eq!(r(-1, 2).to_string(), "-1/2");
    assert_eq!("6/8".parse::<Ratio>().unwrap(), r(3, 4));
    assert_eq!("-7".parse::<Ratio>().unwrap(), Ratio::from_integer(-7));
    for bad in [
        "", "1/0", "1/", "/2", "1/-2", "+1/2", " 1/2", "1.5", "a/b", "1/2/3", "--1",
    ] {
        assert!(bad.parse::<Ratio>().is_err(), "{bad:?} should be refused");
    }
    let e = "1/0".parse::<Ratio>().unwrap_err();
    assert!(e.to_string().contains("zero denominator"), "{e}");
    assert!(
        "340282366920938463463374607431768211456/1"
            .parse::<Ratio>()
            .is_err()
    );
}

#[test]
fn decimal_rounding_from_the_exact_value() {
    assert_eq!(r(3, 16).to_decimal(3).unwrap(), "0.188");
    assert_eq!(r(1, 27).to_decimal(3).unwrap(), "0.037");
    assert_eq!(r(2, 3).to_decimal(3).unwrap(), "0.667");
    assert_eq!(r(-1, 8).to_decimal(2).unwrap(), "-0.13");
    assert_eq!(r(-1, 1000).to_decimal(2).unwrap(), "0.00");
    assert_eq!(Ratio::ONE.to_decimal(0).unwrap(), "1");
}

#[test]
fn serde_as_validated_string() {
    assert_eq!(serde_json::to_string(&r(1, 72)).unwrap(), r#""1/72""#);
    let x: Ratio = serde_json::from_str(r#""10/4""#).unwrap();
    assert_eq!(x, r(5, 2));
    assert!(serde_json::from_str::<Ratio>(r#""1/0""#).is_err());
    assert!(serde_json::from_str::<Ratio>("0.5").is_err());
}
