//! The standard normal quantile for per-trial parameter draws, with our
//! own `ln` instead of the C library's (DECISIONS #90): the same algorithm
//! and coefficients as `statrs::function::erf::erfc_inv` (statrs 0.19, MIT;
//! Boost's `erf_inv_imp`, rational approximations per range), which
//! `scenario::dist` calls, so a drawn value is the same as `Dist::quantile`'s
//! wherever our `ln` agrees with the C library's (tested) and the same on
//! every CPU always. Only the normal and log-normal families need it; the
//! others (`uniform`, `triangular`, `grid`) use `+ − × ÷` and `sqrt` only.

// The coefficients as statrs (and Boost) print them, digits past f64 included.
#![allow(clippy::excessive_precision)]

use super::math::{exp, ln};
use crate::scenario::dist::Dist;

/// `dist.quantile(p)` (p in (0, 1)) without a C library call.
pub fn quantile(dist: &Dist, p: f64) -> f64 {
    match *dist {
        Dist::Normal { mean, sd } if sd != 0.0 => mean + sd * z(p.clamp(0.0, 1.0)),
        Dist::LogNormal { meanlog, sdlog } => {
            if sdlog == 0.0 {
                exp(meanlog)
            } else {
                exp(meanlog + sdlog * z(p.clamp(0.0, 1.0)))
            }
        }
        _ => dist.quantile(p),
    }
}

/// The standard normal quantile, as statrs's `Normal::inverse_cdf`
/// computes it: `0 − √2 · erfc⁻¹(2p)`.
pub fn z(p: f64) -> f64 {
    0.0 - std::f64::consts::SQRT_2 * erfc_inv(2.0 * p)
}

fn erfc_inv(x: f64) -> f64 {
    if x <= 0.0 {
        f64::INFINITY
    } else if x >= 2.0 {
        f64::NEG_INFINITY
    } else if x > 1.0 {
        erf_inv_impl(-1.0 + x, 2.0 - x, -1.0)
    } else {
        erf_inv_impl(1.0 - x, x, 1.0)
    }
}

/// Horner's rule, coefficients lowest degree first (as statrs's `evaluate::polynomial`).
fn poly(z: f64, c: &[f64]) -> f64 {
    c.iter().rev().fold(0.0, |acc, v| acc * z + v)
}

fn erf_inv_impl(p: f64, q: f64, s: f64) -> f64 {
    let result = if p <= 0.5 {
        let y = 0.0891314744949340820313;
        let g = p * (p + 10.0);
        let r = poly(p, AN) / poly(p, AD);
        g * y + g * r
    } else if q >= 0.25 {
        let y = 2.249_481_201_171_875;
        let g = (-2.0 * ln(q)).sqrt();
        let xs = q - 0.25;
        let r = poly(xs, BN) / poly(xs, BD);
        g / (y + r)
    } else {
        let x = (-ln(q)).sqrt();
        let (y, xs, n, d) = if x < 3.0 {
            (0.807_220_458_984_375, x - 1.125, CN, CD)
        } else if x < 6.0 {
            (0.93995571136474609375, x - 3.0, DN, DD)
        } else if x < 18.0 {
            (0.98362827301025390625, x - 6.0, EN, ED)
        } else if x < 44.0 {
            (0.99714565277099609375, x - 18.0, FN, FD)
        } else {
            (0.99941349029541015625, x - 44.0, GN, GD)
        };
        let r = poly(xs, n) / poly(xs, d);
        y * x + r * x
    };
    s * result
}

#[rustfmt::skip]
const AN: &[f64] = &[
    -0.000508781949658280665617,
    -0.00836874819741736770379,
    0.0334806625409744615033,
    -0.0126926147662974029034,
    -0.0365637971411762664006,
    0.0219878681111168899165,
    0.00822687874676915743155,
    -0.00538772965071242932965,
];
#[rustfmt::skip]
const AD: &[f64] = &[
    1.0,
    -0.970005043303290640362,
    -1.56574558234175846809,
    1.56221558398423026363,
    0.662328840472002992063,
    -0.71228902341542847553,
    -0.0527396382340099713954,
    0.0795283687341571680018,
    -0.00233393759374190016776,
    0.000886216390456424707504,
];
#[rustfmt::skip]
const BN: &[f64] = &[
    -0.202433508355938759655,
    0.105264680699391713268,
    8.37050328343119927838,
    17.6447298408374015486,
    -18.8510648058714251895,
    -44.6382324441786960818,
    17.445385985570866523,
    21.1294655448340526258,
    -3.67192254707729348546,
];
#[rustfmt::skip]
const BD: &[f64] = &[
    1.0,
    6.24264124854247537712,
    3.9713437953343869095,
    -28.6608180499800029974,
    -20.1432634680485188801,
    48.5609213108739935468,
    10.8268667355460159008,
    -22.6436933413139721736,
    1.72114765761200282724,
];
#[rustfmt::skip]
const CN: &[f64] = &[
    -0.131102781679951906451,
    -0.163794047193317060787,
    0.117030156341995252019,
    0.387079738972604337464,
    0.337785538912035898924,
    0.142869534408157156766,
    0.0290157910005329060432,
    0.00214558995388805277169,
    -0.679465575181126350155e-6,
    0.285225331782217055858e-7,
    -0.681149956853776992068e-9,
];
#[rustfmt::skip]
const CD: &[f64] = &[
    1.0,
    3.46625407242567245975,
    5.38168345707006855425,
    4.77846592945843778382,
    2.59301921623620271374,
    0.848854343457902036425,
    0.152264338295331783612,
    0.01105924229346489121,
];
#[rustfmt::skip]
const DN: &[f64] = &[
    -0.0350353787183177984712,
    -0.00222426529213447927281,
    0.0185573306514231072324,
    0.00950804701325919603619,
    0.00187123492819559223345,
    0.000157544617424960554631,
    0.460469890584317994083e-5,
    -0.230404776911882601748e-9,
    0.266339227425782031962e-11,
];
#[rustfmt::skip]
const DD: &[f64] = &[
    1.0,
    1.3653349817554063097,
    0.762059164553623404043,
    0.220091105764131249824,
    0.0341589143670947727934,
    0.00263861676657015992959,
    0.764675292302794483503e-4,
];
#[rustfmt::skip]
const EN: &[f64] = &[
    -0.0167431005076633737133,
    -0.00112951438745580278863,
    0.00105628862152492910091,
    0.000209386317487588078668,
    0.149624783758342370182e-4,
    0.449696789927706453732e-6,
    0.462596163522878599135e-8,
    -0.281128735628831791805e-13,
    0.99055709973310326855e-16,
];
#[rustfmt::skip]
const ED: &[f64] = &[
    1.0,
    0.591429344886417493481,
    0.138151865749083321638,
    0.0160746087093676504695,
    0.000964011807005165528527,
    0.275335474764726041141e-4,
    0.282243172016108031869e-6,
];
#[rustfmt::skip]
const FN: &[f64] = &[
    -0.0024978212791898131227,
    -0.779190719229053954292e-5,
    0.254723037413027451751e-4,
    0.162397777342510920873e-5,
    0.396341011304801168516e-7,
    0.411632831190944208473e-9,
    0.145596286718675035587e-11,
    -0.116765012397184275695e-17,
];
#[rustfmt::skip]
const FD: &[f64] = &[
    1.0,
    0.207123112214422517181,
    0.0169410838120975906478,
    0.000690538265622684595676,
    0.145007359818232637924e-4,
    0.144437756628144157666e-6,
    0.509761276599778486139e-9,
];
#[rustfmt::skip]
const GN: &[f64] = &[
    -0.000539042911019078575891,
    -0.28398759004727721098e-6,
    0.899465114892291446442e-6,
    0.229345859265920864296e-7,
    0.225561444863500149219e-9,
    0.947846627503022684216e-12,
    0.135880130108924861008e-14,
    -0.348890393399948882918e-21,
];
#[rustfmt::skip]
const GD: &[f64] = &[
    1.0,
    0.0845746234001899436914,
    0.00282092984726264681981,
    0.468292921940894236786e-4,
    0.399968812193862100054e-6,
    0.161809290887904476097e-8,
    0.231558608310259605225e-11,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// `Dist::quantile` (statrs with the C library's `ln` and `exp`) over a
    /// fine grid and both tails: within 1e-14 relative everywhere, and
    /// bit for bit but where our `ln`/`exp` round the other way.
    #[test]
    fn matches_statrs() {
        let dists = [
            Dist::Normal { mean: 0.3, sd: 0.1 },
            Dist::LogNormal {
                meanlog: -1.6,
                sdlog: 0.5,
            },
        ];
        let (mut n, mut differ) = (0, 0);
        for d in &dists {
            let mut ps: Vec<f64> = (1..200_000).map(|i| i as f64 / 200_000.0).collect();
            ps.extend((1..300).map(|k| 0.5f64.powi(k)));
            ps.extend((1..300).map(|k| 1.0 - 0.5f64.powi(k.min(53))));
            for p in ps {
                let (a, b) = (quantile(d, p), d.quantile(p));
                n += 1;
                if a != b {
                    differ += 1;
                    assert!((a - b).abs() <= 1e-14 * b.abs(), "p = {p}: {a} vs {b}");
                }
            }
        }
        println!("{differ} of {n} differ");
        // Our `exp` differs from glibc's in the last bit for ~10% of
        // arguments, `ln` for ~3% (both within 1 ulp; glibc rounds nearly
        // always correctly): the log-normal's draws differ that often.
        assert!(differ * 10 <= n, "{differ} of {n} differ");
        let fixed = Dist::Uniform { lo: 1.0, hi: 3.0 };
        assert_eq!(quantile(&fixed, 0.25), 1.5);
        assert_eq!(z(0.5), 0.0);
        assert!((z(0.975) - 1.959_963_984_540_054).abs() < 1e-15);
    }
}
