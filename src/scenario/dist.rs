//! Probability distributions for uncertain parameters: the one type that
//! trajectory keys, target rules, `ibcf sensitivity` and (later) any other
//! numeric scenario key share.
//!
//! Written in TOML as a number (fixed) or a one-kind table:
//! `{ uniform = [lo, hi] }`, `{ normal = [mean, sd] }`,
//! `{ lognormal = [meanlog, sdlog] }` (the mean and sd of the *logarithm*,
//! as R's `rlnorm` and NumPy take them), `{ triangular = [lo, mode, hi] }`,
//! each with an optional `scope = "national" | "council"` (parsed in
//! [`super::dist_read`]). Every draw is `quantile(u)` for one uniform `u`,
//! so a draw costs one random number and sensitivity can map a design
//! point through the same function. Invariants (checked by the reader):
//! parameters finite, `sd >= 0`, `lo <= hi`, `lo <= mode <= hi`.

use super::dist_grid::Grid;
use statrs::distribution::{Continuous, ContinuousCDF, Normal};

/// A distribution's family and parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dist {
    Uniform {
        lo: f64,
        hi: f64,
    },
    Normal {
        mean: f64,
        sd: f64,
    },
    LogNormal {
        meanlog: f64,
        sdlog: f64,
    },
    Triangular {
        lo: f64,
        mode: f64,
        hi: f64,
    },
    /// A tabulated density (`{ grid = [[x, w], …] }`, [`super::dist_grid`]).
    Grid(&'static Grid),
}

/// Who shares one draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// One value per trial for every council (perfectly correlated).
    #[default]
    National,
    /// One value per council and trial (independent across councils).
    Council,
}

impl Scope {
    pub const WORDS: [(&'static str, Scope); 2] =
        [("national", Scope::National), ("council", Scope::Council)];

    pub fn name(self) -> &'static str {
        match self {
            Scope::National => "national",
            Scope::Council => "council",
        }
    }
}

/// A distribution and its scope.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Uncertain {
    pub dist: Dist,
    pub scope: Scope,
}

/// Standard normal quantile (`p` in (0, 1)).
fn z(p: f64) -> f64 {
    Normal::standard().inverse_cdf(p)
}

impl Dist {
    /// The family's TOML key.
    pub fn kind(&self) -> &'static str {
        match self {
            Dist::Uniform { .. } => "uniform",
            Dist::Normal { .. } => "normal",
            Dist::LogNormal { .. } => "lognormal",
            Dist::Triangular { .. } => "triangular",
            Dist::Grid(_) => "grid",
        }
    }

    /// The mean (the value the loader uses where one number is needed:
    /// the filtered start, fan-chart targets, `explain`'s summary line).
    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Uniform { lo, hi } => 0.5 * (lo + hi),
            Dist::Normal { mean, .. } => mean,
            Dist::LogNormal { meanlog, sdlog } => (meanlog + 0.5 * sdlog * sdlog).exp(),
            Dist::Triangular { lo, mode, hi } => (lo + mode + hi) / 3.0,
            Dist::Grid(g) => g.mean(),
        }
    }

    /// The variance, in closed form.
    pub fn variance(&self) -> f64 {
        match *self {
            Dist::Uniform { lo, hi } => (hi - lo).powi(2) / 12.0,
            Dist::Normal { sd, .. } => sd * sd,
            Dist::LogNormal { meanlog, sdlog } => {
                let s2 = sdlog * sdlog;
                s2.exp_m1() * (2.0 * meanlog + s2).exp()
            }
            Dist::Triangular { lo, mode, hi } => {
                (lo * lo + mode * mode + hi * hi - lo * mode - lo * hi - mode * hi) / 18.0
            }
            Dist::Grid(g) => g.variance(),
        }
    }

    /// Whether every draw is the same number.
    pub fn is_degenerate(&self) -> bool {
        match *self {
            Dist::Uniform { lo, hi } | Dist::Triangular { lo, hi, .. } => lo == hi,
            Dist::Normal { sd, .. } => sd == 0.0,
            Dist::LogNormal { sdlog, .. } => sdlog == 0.0,
            Dist::Grid(_) => false,
        }
    }

    /// Smallest and largest possible draw, and whether the lower end is
    /// open (a lognormal never draws 0 itself).
    pub fn support(&self) -> (f64, f64, bool) {
        if self.is_degenerate() {
            let v = self.quantile(0.5);
            return (v, v, false);
        }
        match *self {
            Dist::Uniform { lo, hi } | Dist::Triangular { lo, hi, .. } => (lo, hi, false),
            Dist::Normal { .. } => (f64::NEG_INFINITY, f64::INFINITY, false),
            Dist::LogNormal { .. } => (0.0, f64::INFINITY, true),
            Dist::Grid(g) => (g.x[0], g.x[g.x.len() - 1], false),
        }
    }

    /// The probability density at `x` (for a posterior's prior weight).
    pub fn density(&self, x: f64) -> f64 {
        match *self {
            Dist::Uniform { lo, hi } if hi > lo => {
                if (lo..=hi).contains(&x) {
                    1.0 / (hi - lo)
                } else {
                    0.0
                }
            }
            Dist::Normal { mean, sd } if sd > 0.0 => {
                Normal::new(mean, sd).map_or(0.0, |n| n.pdf(x))
            }
            Dist::LogNormal { meanlog, sdlog } if sdlog > 0.0 => {
                if x > 0.0 {
                    Normal::new(meanlog, sdlog).map_or(0.0, |n| n.pdf(x.ln()) / x)
                } else {
                    0.0
                }
            }
            Dist::Triangular { lo, mode, hi } if hi > lo => {
                if !(lo..=hi).contains(&x) {
                    0.0
                } else if x < mode {
                    2.0 * (x - lo) / ((hi - lo) * (mode - lo))
                } else if x > mode {
                    2.0 * (hi - x) / ((hi - lo) * (hi - mode))
                } else {
                    2.0 / (hi - lo)
                }
            }
            Dist::Grid(g) => g.density(x),
            // A point mass has no density: 1 at the point, 0 elsewhere.
            _ => f64::from(u8::from(x == self.quantile(0.5))),
        }
    }

    /// The inverse distribution function at `p` (clamped to [0, 1]; the
    /// ends give the support's ends).
    pub fn quantile(&self, p: f64) -> f64 {
        let p = p.clamp(0.0, 1.0);
        match *self {
            Dist::Uniform { lo, hi } => lo + (hi - lo) * p,
            Dist::Normal { mean, sd: 0.0 } => mean,
            Dist::Normal { mean, sd } => mean + sd * z(p),
            Dist::LogNormal {
                meanlog,
                sdlog: 0.0,
            } => meanlog.exp(),
            Dist::LogNormal { meanlog, sdlog } => (meanlog + sdlog * z(p)).exp(),
            Dist::Triangular { lo, mode, hi } => {
                if hi == lo {
                    return lo;
                }
                let f = (mode - lo) / (hi - lo);
                if p < f {
                    lo + ((hi - lo) * (mode - lo) * p).sqrt()
                } else {
                    hi - ((hi - lo) * (hi - mode) * (1.0 - p)).sqrt()
                }
            }
            Dist::Grid(g) => g.quantile(p),
        }
    }

    /// The distribution as written in TOML, e.g. `{ uniform = [0.05, 0.3] }`.
    pub fn toml(&self) -> String {
        let list = |v: &[f64]| {
            v.iter()
                .map(|x| format!("{x:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let args = match *self {
            Dist::Uniform { lo, hi } => list(&[lo, hi]),
            Dist::Normal { mean, sd } => list(&[mean, sd]),
            Dist::LogNormal { meanlog, sdlog } => list(&[meanlog, sdlog]),
            Dist::Triangular { lo, mode, hi } => list(&[lo, mode, hi]),
            Dist::Grid(g) => return g.toml(),
        };
        format!("{{ {} = [{args}] }}", self.kind())
    }

    /// In words, for `explain`: family, parameters, mean and 90% range.
    pub fn words(&self) -> String {
        let g = |x: f64| format!("{}", (x * 1e6).round() / 1e6);
        let fam = match *self {
            Dist::Uniform { lo, hi } => format!("uniform on [{}, {}]", g(lo), g(hi)),
            Dist::Normal { mean, sd } => format!("normal, mean {} and sd {}", g(mean), g(sd)),
            Dist::LogNormal { meanlog, sdlog } => format!(
                "lognormal, median {} (log-scale mean {}, sd {})",
                g(meanlog.exp()),
                g(meanlog),
                g(sdlog)
            ),
            Dist::Triangular { lo, mode, hi } => {
                format!(
                    "triangular on [{}, {}], most likely {}",
                    g(lo),
                    g(hi),
                    g(mode)
                )
            }
            Dist::Grid(t) => {
                let from = match t.prior {
                    Some(p) => format!(" (a posterior; prior {})", p.toml()),
                    None => String::new(),
                };
                format!(
                    "tabulated on [{}, {}] at {} points{from}",
                    g(t.x[0]),
                    g(t.x[t.x.len() - 1]),
                    t.x.len()
                )
            }
        };
        format!(
            "{fam}; mean {}, 90% of draws in [{}, {}]",
            g(self.mean()),
            g(self.quantile(0.05)),
            g(self.quantile(0.95))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> [Dist; 4] {
        [
            Dist::Uniform { lo: 0.0, hi: 0.3 },
            Dist::Normal {
                mean: -0.02,
                sd: 0.01,
            },
            Dist::LogNormal {
                meanlog: 3.0,
                sdlog: 0.2,
            },
            Dist::Triangular {
                lo: 0.0,
                mode: 0.1,
                hi: 0.4,
            },
        ]
    }

    /// Quantiles invert the closed-form distribution functions.
    #[test]
    fn quantiles_match_closed_form_cdfs() {
        let cdf = |d: &Dist, x: f64| match *d {
            Dist::Uniform { lo, hi } => (x - lo) / (hi - lo),
            Dist::Normal { mean, sd } => Normal::new(mean, sd).expect("normal").cdf(x),
            Dist::LogNormal { meanlog, sdlog } => {
                Normal::new(meanlog, sdlog).expect("normal").cdf(x.ln())
            }
            Dist::Triangular { lo, mode, hi } if x < mode => {
                (x - lo).powi(2) / ((hi - lo) * (mode - lo))
            }
            Dist::Triangular { lo, mode, hi } => 1.0 - (hi - x).powi(2) / ((hi - lo) * (hi - mode)),
            Dist::Grid(_) => f64::NAN,
        };
        for d in all() {
            for p in [0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99] {
                let got = cdf(&d, d.quantile(p));
                assert!((got - p).abs() < 1e-9, "{d:?} at {p}: cdf {got}");
            }
        }
    }

    /// Densities are the derivatives of the distribution functions.
    #[test]
    fn densities_match_quantile_spacing() {
        for d in all() {
            for p in [0.05, 0.3, 0.6, 0.9] {
                let (a, b) = (d.quantile(p - 1e-6), d.quantile(p + 1e-6));
                let f = 2e-6 / (b - a);
                let got = d.density(d.quantile(p));
                assert!(
                    (got - f).abs() < 1e-4 * f.max(1.0),
                    "{d:?} at {p}: {got} vs {f}"
                );
            }
        }
    }

    #[test]
    fn degenerate_distributions_are_one_number() {
        let ds = [
            Dist::Uniform { lo: 0.2, hi: 0.2 },
            Dist::Normal { mean: 0.2, sd: 0.0 },
            Dist::LogNormal {
                meanlog: 0.2f64.ln(),
                sdlog: 0.0,
            },
            Dist::Triangular {
                lo: 0.2,
                mode: 0.2,
                hi: 0.2,
            },
        ];
        for d in ds {
            assert!(d.is_degenerate());
            for p in [0.0, 0.3, 1.0] {
                assert!((d.quantile(p) - 0.2).abs() < 1e-15, "{d:?}");
            }
            assert!((d.mean() - 0.2).abs() < 1e-15);
            assert!(d.variance().abs() < 1e-30);
        }
    }

    #[test]
    fn support_of_each_family() {
        let [u, n, l, t] = all();
        assert_eq!(u.support(), (0.0, 0.3, false));
        assert_eq!(n.support().0, f64::NEG_INFINITY);
        assert_eq!(l.support(), (0.0, f64::INFINITY, true));
        assert_eq!(t.support(), (0.0, 0.4, false));
    }
}
