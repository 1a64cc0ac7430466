//! `ln` and `exp` against `std` (the C library) over many points and the
//! edge cases: within 1 ulp everywhere, and the same special values.

use super::{exp, ln};

/// Distance in units in the last place between two finite values of one sign.
fn ulps(a: f64, b: f64) -> u64 {
    if a == b {
        return 0;
    }
    assert_eq!(a.is_sign_negative(), b.is_sign_negative(), "{a} vs {b}");
    a.to_bits().abs_diff(b.to_bits())
}

/// A fixed sequence of 64-bit words (SplitMix64).
fn words(seed: u64) -> impl Iterator<Item = u64> {
    let mut s = seed;
    std::iter::repeat_with(move || {
        s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    })
}

fn check_ln(x: f64, worst: &mut u64) {
    let (a, b) = (ln(x), x.ln());
    let d = ulps(a, b);
    assert!(d <= 1, "ln({x:e}) = {a:e}, std {b:e}: {d} ulp");
    *worst = (*worst).max(d);
}

fn check_exp(x: f64, worst: &mut u64) {
    let (a, b) = (exp(x), x.exp());
    let d = ulps(a, b);
    assert!(d <= 1, "exp({x:e}) = {a:e}, std {b:e}: {d} ulp");
    *worst = (*worst).max(d);
}

#[test]
fn ln_within_one_ulp_of_std() {
    let mut worst = 0;
    // Every positive finite bit pattern's range: random exponents and mantissas.
    for w in words(1).take(1_000_000) {
        let x = f64::from_bits(w & 0x7fef_ffff_ffff_ffff);
        if x > 0.0 {
            check_ln(x, &mut worst);
        }
    }
    // Where the samplers call it: uniforms in (0, 1], gamma's v near 1, PTRS's means.
    for (n, w) in words(2).take(1_000_000).enumerate() {
        let u = ((w >> 11) as f64 + 1.0) * (1.0 / (1u64 << 53) as f64);
        check_ln(u, &mut worst);
        check_ln(1.0 + (u - 0.5) * 1e-3, &mut worst);
        check_ln(1.0 + (u - 0.5) * 2e-6, &mut worst);
        check_ln(10.0 + n as f64 * 1e-3, &mut worst);
    }
    // Around 1 (the |f| < 2^-20 branch) and powers of two.
    for k in -60i32..=60 {
        for d in [-2.0, -1.0, 1.0, 2.0] {
            check_ln(1.0 + d * 2f64.powi(-k.abs() - 2), &mut worst);
            check_ln(2f64.powi(k) * (1.0 + d * f64::EPSILON), &mut worst);
        }
        check_ln(2f64.powi(k), &mut worst);
    }
    for x in [f64::MIN_POSITIVE, 5e-324, 1e-310, f64::MAX, 1.0, 2.0, 0.5] {
        check_ln(x, &mut worst);
    }
    println!("ln: worst {worst} ulp");
}

#[test]
fn ln_special_values() {
    assert_eq!(ln(0.0), f64::NEG_INFINITY);
    assert_eq!(ln(-0.0), f64::NEG_INFINITY);
    assert!(ln(-1.0).is_nan() && ln(-1e-310).is_nan() && ln(f64::NEG_INFINITY).is_nan());
    assert!(ln(f64::NAN).is_nan());
    assert_eq!(ln(f64::INFINITY), f64::INFINITY);
    assert_eq!(ln(1.0).to_bits(), 0.0f64.to_bits());
}

#[test]
fn exp_within_one_ulp_of_std() {
    let mut worst = 0;
    for w in words(3).take(2_000_000) {
        // Uniform over [-746, 710] (overflow and underflow included).
        let x = -746.0 + 1456.0 * ((w >> 11) as f64 * (1.0 / (1u64 << 53) as f64));
        check_exp(x, &mut worst);
    }
    for w in words(4).take(1_000_000) {
        // Small arguments: the k = 0 and |x| < 2^-28 branches, and the
        // inversion's e^-lambda for lambda < 10.
        let u = (w >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        check_exp((u - 0.5) * 2.0, &mut worst);
        check_exp((u - 0.5) * 1e-8, &mut worst);
        check_exp(-10.0 * u, &mut worst);
    }
    for x in [
        0.0,
        -0.0,
        1.0,
        -1.0,
        709.78,
        709.782_712_893_383_9,
        -708.39,
        -709.0,
        -744.0,
        -745.13,
        -745.2,
        -800.0,
        1e-300,
        -1e-300,
        0.346_573_590_279_972_6,
        1.039_720_770_839_917_9,
    ] {
        check_exp(x, &mut worst);
    }
    println!("exp: worst {worst} ulp");
}

#[test]
fn exp_special_values() {
    assert_eq!(exp(f64::INFINITY), f64::INFINITY);
    assert_eq!(exp(f64::NEG_INFINITY), 0.0);
    assert!(exp(f64::NAN).is_nan());
    assert_eq!(exp(710.0), f64::INFINITY);
    assert_eq!(exp(-746.0), 0.0);
    assert_eq!(exp(0.0), 1.0);
    assert!(exp(-740.0) > 0.0 && exp(-740.0) < f64::MIN_POSITIVE);
}
