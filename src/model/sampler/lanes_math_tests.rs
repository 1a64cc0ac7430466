//! The lane `ln`/`exp` against the scalar ones, bit for bit: millions of
//! random bit patterns over the whole range, the ranges the samplers use,
//! and the edge cases (1 and its neighbours, the `|f| < 2^-20` band, powers
//! of two, subnormals, zeros, infinities, NaN, negatives).

use super::*;

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

/// Both functions on `xs`, eight at a time (the last group padded), the
/// same bits in every lane; returns how many values were checked.
fn same(
    xs: impl IntoIterator<Item = f64>,
    f8: fn([f64; L]) -> [f64; L],
    f: fn(f64) -> f64,
) -> usize {
    let xs: Vec<f64> = xs.into_iter().collect();
    for group in xs.chunks(L) {
        let mut x = [1.0; L];
        x[..group.len()].copy_from_slice(group);
        let got = f8(x);
        for j in 0..L {
            assert_eq!(
                got[j].to_bits(),
                f(x[j]).to_bits(),
                "x = {:e} ({:#018x}): {:e} vs {:e}",
                x[j],
                x[j].to_bits(),
                got[j],
                f(x[j])
            );
        }
    }
    xs.len()
}

fn near_one() -> Vec<f64> {
    let mut xs = Vec::new();
    for d in 0..2000u64 {
        xs.push(f64::from_bits(1.0f64.to_bits() + d));
        xs.push(f64::from_bits(1.0f64.to_bits() - d));
    }
    for e in -60i32..=60 {
        let p = 2f64.powi(e);
        xs.extend([
            p,
            p.next_up(),
            p.next_down(),
            1.0 + p,
            1.0 - p,
            0.75 * p,
            1.5 * p,
        ]);
    }
    xs
}

#[test]
fn ln8_is_ln_bit_for_bit() {
    let mut n = 0;
    // Every bit pattern with a positive sign (subnormals, infinity and NaNs included).
    n += same(
        words(11).take(2_000_000).map(|w| f64::from_bits(w >> 1)),
        ln8,
        math::ln,
    );
    // Every sign and exponent.
    n += same(words(12).take(500_000).map(f64::from_bits), ln8, math::ln);
    // Uniforms, means, near 1 (k = 0 and the |f| < 2^-20 band: both rare above).
    n += same(
        words(13).take(1_000_000).flat_map(|w| {
            let u = (w >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
            [
                u,
                1.0 - u,
                0.5 + u,
                1.0 + (u - 0.5) * 1e-5,
                1.0 + (u - 0.5) * 4e-6,
                1e-3 + 200.0 * u,
            ]
        }),
        ln8,
        math::ln,
    );
    n += same(near_one(), ln8, math::ln);
    let subnormal = f64::from_bits(1);
    n += same(
        [
            0.0,
            -0.0,
            subnormal,
            f64::MIN_POSITIVE,
            f64::MIN_POSITIVE.next_down(),
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
            -1.0,
            -subnormal,
            2f64.sqrt(),
            0.5 * 2f64.sqrt(),
        ],
        ln8,
        math::ln,
    );
    assert!(n > 8_000_000);
    assert_eq!(ln8([0.0; L])[0], f64::NEG_INFINITY);
}

#[test]
fn exp8_is_exp_bit_for_bit() {
    let mut n = 0;
    n += same(
        words(21).take(1_000_000).map(f64::from_bits),
        exp8,
        math::exp,
    );
    // |x| below ~1e3, then the inversion's -λ and the boost's range.
    n += same(
        words(22).take(1_000_000).flat_map(|w| {
            let u = (w >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
            [
                (u - 0.5) * 2000.0,
                -10.0 * u,
                (u - 0.5) * 3.0,
                (u - 0.5) * 1e-7,
                (u - 0.5) * 1e-9,
            ]
        }),
        exp8,
        math::exp,
    );
    let mut edges = near_one();
    edges.extend(edges.clone().iter().map(|x| -x));
    for c in [
        0.0f64,
        0.346_573_590_279_972_6,
        1.039_720_770_839_917_9,
        704.0,
        708.5,
        709.78,
        745.2,
    ] {
        edges.extend([
            c,
            -c,
            c.next_up(),
            -c.next_up(),
            c.next_down(),
            -c.next_down(),
        ]);
    }
    edges.extend([
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MAX,
        f64::MIN_POSITIVE,
    ]);
    n += same(edges, exp8, math::exp);
    assert!(n > 5_000_000);
}
