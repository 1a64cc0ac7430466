//! A tabulated distribution: `{ grid = [[x0, w0], [x1, w1], …] }`, a
//! density given at increasing points `x` (relative weights `w >= 0`,
//! normalised here) and linear between them. It is how `ibcf calibrate`
//! writes a posterior (the pull κ: prior × likelihood on a grid,
//! DECISIONS #86), optionally with the prior it came from
//! (`prior = { triangular = […] }`), which is not drawn but kept so a
//! re-calibration starts from the stated prior again and `explain` can say
//! which it is.
//!
//! [`super::dist::Dist`] is `Copy` and small, so it holds a
//! `&'static Grid`: tables are interned (one leaked copy per distinct
//! table for the life of the process; a scenario has a handful).
//! Draws are inverse-CDF, `quantile(u)` for one uniform, like every family.

use super::dist::Dist;
use std::sync::Mutex;

/// A density tabulated at points, linear between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Strictly increasing points (at least two).
    pub x: Vec<f64>,
    /// Density at each point, normalised to integrate to 1.
    pub f: Vec<f64>,
    /// Cumulative probability at each point (`cdf[0] = 0`, last = 1).
    pub cdf: Vec<f64>,
    /// The prior this posterior was made from, if stated.
    pub prior: Option<Dist>,
}

static TABLES: Mutex<Vec<&'static Grid>> = Mutex::new(Vec::new());

impl Grid {
    /// A grid from points and relative weights. `None` unless there are at
    /// least two points, strictly increasing and finite, weights finite and
    /// `>= 0` with a positive total mass.
    pub fn new(x: Vec<f64>, w: Vec<f64>, prior: Option<Dist>) -> Option<Grid> {
        let ok = x.len() >= 2
            && x.len() == w.len()
            && x.iter().chain(&w).all(|v| v.is_finite())
            && w.iter().all(|&v| v >= 0.0)
            && x.windows(2).all(|p| p[0] < p[1]);
        if !ok {
            return None;
        }
        let mut cdf = vec![0.0; x.len()];
        for j in 1..x.len() {
            cdf[j] = cdf[j - 1] + 0.5 * (x[j] - x[j - 1]) * (w[j] + w[j - 1]);
        }
        let total = cdf[x.len() - 1];
        if total.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            return None;
        }
        let f = w.iter().map(|v| v / total).collect();
        for c in &mut cdf {
            *c /= total;
        }
        Some(Grid { x, f, cdf, prior })
    }

    /// The interned `&'static` copy of this table.
    pub fn intern(self) -> &'static Grid {
        let mut t = TABLES
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(g) = t.iter().find(|g| ***g == self) {
            return g;
        }
        let g: &'static Grid = Box::leak(Box::new(self));
        t.push(g);
        g
    }

    /// `(a, b, f(a), f(b))` for each cell.
    fn cells(&self) -> impl Iterator<Item = (f64, f64, f64, f64)> + '_ {
        (1..self.x.len()).map(|j| (self.x[j - 1], self.x[j], self.f[j - 1], self.f[j]))
    }

    pub fn mean(&self) -> f64 {
        self.cells()
            .map(|(a, b, fa, fb)| (b - a) / 6.0 * (fa * (2.0 * a + b) + fb * (a + 2.0 * b)))
            .sum()
    }

    pub fn variance(&self) -> f64 {
        let m2: f64 = self
            .cells()
            .map(|(a, b, fa, fb)| {
                (b - a) / 12.0
                    * (fa * (3.0 * a * a + 2.0 * a * b + b * b)
                        + fb * (a * a + 2.0 * a * b + 3.0 * b * b))
            })
            .sum();
        let m = self.mean();
        (m2 - m * m).max(0.0)
    }

    /// The density at `x` (0 outside the points).
    pub fn density(&self, x: f64) -> f64 {
        let n = self.x.len();
        if !(x >= self.x[0] && x <= self.x[n - 1]) {
            return 0.0;
        }
        let j = self.x.partition_point(|&v| v <= x).clamp(1, n - 1);
        let (a, b) = (self.x[j - 1], self.x[j]);
        let t = (x - a) / (b - a);
        self.f[j - 1] + t * (self.f[j] - self.f[j - 1])
    }

    /// The inverse distribution function at `p` in [0, 1].
    pub fn quantile(&self, p: f64) -> f64 {
        let n = self.x.len();
        let p = p.clamp(0.0, 1.0);
        // The first cell whose upper cumulative reaches p.
        let j = self.cdf.partition_point(|&c| c < p).clamp(1, n - 1);
        let (a, b) = (self.x[j - 1], self.x[j]);
        let (fa, fb) = (self.f[j - 1], self.f[j]);
        let m = (p - self.cdf[j - 1]).max(0.0);
        // Solve fa t + (fb - fa) t² / (2h) = m for t in [0, h], in the form
        // that stays exact as fb - fa → 0.
        let slope = (fb - fa) / (2.0 * (b - a));
        let disc = (fa * fa + 4.0 * slope * m).max(0.0);
        let den = fa + disc.sqrt();
        let t = if den > 0.0 { 2.0 * m / den } else { 0.0 };
        (a + t).clamp(a, b)
    }

    /// `[[x0, w0], …]` as TOML, with the prior if any.
    pub fn toml(&self) -> String {
        let pts = self
            .x
            .iter()
            .zip(&self.f)
            .map(|(x, f)| format!("[{x:?}, {:?}]", (f * 1e6).round() / 1e6))
            .collect::<Vec<_>>()
            .join(", ");
        match self.prior {
            Some(p) => format!("{{ grid = [{pts}], prior = {} }}", p.toml()),
            None => format!("{{ grid = [{pts}] }}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tri() -> Grid {
        // Triangular(0, 1, 2) exactly: linear density between the points.
        Grid::new(vec![0.0, 1.0, 2.0], vec![0.0, 3.0, 0.0], None).expect("grid")
    }

    #[test]
    fn a_grid_through_a_triangle_is_that_triangle() {
        let g = tri();
        let t = Dist::Triangular {
            lo: 0.0,
            mode: 1.0,
            hi: 2.0,
        };
        assert!((g.mean() - t.mean()).abs() < 1e-12);
        assert!((g.variance() - t.variance()).abs() < 1e-12);
        for p in [0.0, 0.01, 0.2, 0.5, 0.7, 0.99, 1.0] {
            assert!((g.quantile(p) - t.quantile(p)).abs() < 1e-9, "p {p}");
        }
        assert!((g.density(0.5) - 0.5).abs() < 1e-12);
        assert_eq!(g.density(2.5), 0.0);
    }

    #[test]
    fn uniform_cells_invert_linearly() {
        let g = Grid::new(vec![1.0, 3.0], vec![7.0, 7.0], None).expect("grid");
        assert!((g.quantile(0.25) - 1.5).abs() < 1e-12);
        assert!((g.mean() - 2.0).abs() < 1e-12);
        assert!((g.variance() - 4.0 / 12.0).abs() < 1e-12);
    }

    #[test]
    fn bad_tables_are_refused_and_equal_ones_shared() {
        assert!(Grid::new(vec![0.0], vec![1.0], None).is_none());
        assert!(Grid::new(vec![0.0, 0.0], vec![1.0, 1.0], None).is_none());
        assert!(Grid::new(vec![0.0, 1.0], vec![-1.0, 1.0], None).is_none());
        assert!(Grid::new(vec![0.0, 1.0], vec![0.0, 0.0], None).is_none());
        let (a, b) = (tri().intern(), tri().intern());
        assert!(std::ptr::eq(a, b));
    }
}
