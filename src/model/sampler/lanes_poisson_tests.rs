//! Tests of the lanes' PTRS acceptance test (`lanes_poisson`): the near
//! test decides as the exact one and leaves ties to it.

use super::super::basic::uniform;
use super::super::math::exp;
use super::super::poisson::ptrs_consts;
use super::*;
use crate::model::rng::stream_rng;

/// Eight PTRS proposals at means from 10 to 20,000 (both forms of
/// ln k!), as `poisson_ptrs` makes them: `(λ, ln λ, a, b, us, v, k)`.
#[allow(clippy::type_complexity)]
fn proposals(rng: &mut impl rand::Rng) -> [(f64, f64, f64, f64, f64, f64, f64); L] {
    from_fn(|_| {
        let lambda = 10.0 * 2000f64.powf(uniform(rng));
        let (a, b, _) = ptrs_consts(lambda);
        let u = uniform(rng) - 0.5;
        let v = uniform(rng);
        let us = 0.5 - u.abs();
        let k = floor_i64((2.0 * a / us + b) * u + lambda + 0.43).max(0) as f64;
        (lambda, super::super::math::ln(lambda), a, b, us, v, k)
    })
}

/// Every lane the near test decides, it decides as the exact test; the
/// exact logarithms are needed at most once in 10^5 tests; and
/// `ptrs_accept8` equals the exact test everywhere.
#[test]
fn the_near_test_in_lanes_decides_as_the_exact_one() {
    let mut rng = stream_rng(98, 1, 0);
    let (mut tested, mut undecided) = (0u64, 0u64);
    for _ in 0..250_000 {
        let p = proposals(&mut rng);
        let (lam, ll) = (p.map(|p| p.0), p.map(|p| p.1));
        let (a, b, us, v, k) = (
            p.map(|p| p.2),
            p.map(|p| p.3),
            p.map(|p| p.4),
            p.map(|p| p.5),
            p.map(|p| p.6),
        );
        let w: [f64; L] = from_fn(|j| ptrs_w(a[j], b[j], us[j], v[j]));
        let exact = ptrs_accept8_exact(lam, ll, &w, &k, ALL_LANES);
        for j in 0..L {
            let scalar = ptrs_accept(lam[j], a[j], b[j], us[j], v[j], k[j] as i64);
            assert_eq!(exact[j], scalar, "λ {} k {}", lam[j], k[j]);
        }
        let (near, decided) = ptrs_accept8_near(lam, ll, &w, &k);
        for j in 0..L {
            if decided >> j & 1 == 1 {
                assert_eq!(near[j], exact[j], "λ {} k {} w {}", lam[j], k[j], w[j]);
            }
        }
        tested += L as u64;
        undecided += u64::from((!decided & ALL_LANES).count_ones());
        assert_eq!(ptrs_accept8(lam, ll, &a, &b, &us, &v, &k, ALL_LANES), exact);
    }
    assert!(
        undecided * 100_000 <= tested,
        "{undecided} of {tested} undecided"
    );
}

/// A `w` whose logarithm ties with the right side (within an ulp) is
/// never decided by the near test, in either form of ln k!.
#[test]
fn near_ties_in_lanes_fall_back_to_the_exact_test() {
    let mut rng = stream_rng(98, 2, 0);
    for _ in 0..20_000 {
        let p = proposals(&mut rng);
        let (lam, ll, k) = (p.map(|p| p.0), p.map(|p| p.1), p.map(|p| p.6));
        // The exact right side, through the exact test at w = 1: ln 1 = 0
        // is compared with it, so take it from the same expressions.
        let rhs: [f64; L] = from_fn(|j| {
            let x = k[j] + 1.0;
            if k[j] < LN_FACT_CACHED as f64 {
                -lam[j] + k[j] * ll[j] - LN_FACT_TABLE[k[j] as usize]
            } else {
                let ln = super::super::math::ln;
                k[j] * ln(lam[j] / x) - 0.5 * ln(x) + (x - lam[j]) - HALF_LN_2PI - stirling(x)
            }
        });
        let w = rhs.map(exp);
        let (_, decided) = ptrs_accept8_near(lam, ll, &w, &k);
        let normal = mask_bits(w.map(|w| w.is_normal()));
        assert_eq!(decided & normal, 0, "a tie decided: λ {lam:?} k {k:?}");
    }
}

const ALL_LANES: u32 = (1 << L) - 1;
