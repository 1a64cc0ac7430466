//! The per-worker accumulator: exact integer tallies of one worker's trials,
//! merged into the run total by elementwise addition (order-free, exact).
//!
//! Memory: O(councils × (criteria × options + pairs) + path series × bins
//! reached), flat in trials.

use crate::stats::histogram;

/// Integer tallies over some set of trials.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    pub n: usize,
    pub n_crit: usize,
    pub n_opt: usize,
    /// `[i * n_crit + c]`: trials the criterion fired.
    pub crit_fired: Vec<u64>,
    /// `[o * n + i]`: trials reviewed.
    pub reviewed: Vec<u64>,
    /// `[o * n + i]`: summed amount at risk (pence).
    pub at_risk: Vec<i128>,
    /// `[o * n + i]`: summed net change (pence).
    pub net: Vec<i128>,
    /// `[(o * n + i) * n_crit + c]`: reviewed and criterion fired.
    pub why: Vec<u64>,
    /// `[p * n + i]` for pair `p` (a < b, lexicographic): reviewed under a not b.
    pub a_not_b: Vec<u64>,
    /// `[p * n + i]`: reviewed under b not a.
    pub b_not_a: Vec<u64>,
    /// Per fan-chart series: its histogram window.
    pub hist: Vec<histogram::Window>,
    /// `[o * n + i]`: trials reviewed with the observation noise off on the
    /// same latent paths (filled only by runs that ask for the noise check).
    pub quiet_reviewed: Vec<u64>,
    /// `[o * n + i]`: trials reviewed that did not deserve it (not
    /// deserved on the latent values).
    pub wrongly_reviewed: Vec<u64>,
    /// `[o * n + i]`: trials not reviewed that deserved it.
    pub wrongly_spared: Vec<u64>,
    /// `[(o * 3 + f) * (n + 1) + k]`: trials in which option `o` had `k`
    /// councils rightly reviewed (`f` = 0), wrongly reviewed (1) or wrongly
    /// spared (2): the fairness counts' distributions, exact and flat in
    /// trials (`stats::summarize_counts`).
    pub fair_counts: Vec<u64>,
    /// The consequences' tallies (only when the plan has `[consequences]`).
    pub consequences: Option<crate::consequences::tally::Tally>,
}

/// Pairs (a, b), a < b, in lexicographic order.
pub fn pairs(n_opt: usize) -> Vec<(usize, usize)> {
    (0..n_opt)
        .flat_map(|a| (a + 1..n_opt).map(move |b| (a, b)))
        .collect()
}

impl Tally {
    pub fn new(n: usize, n_crit: usize, n_opt: usize, n_series: usize) -> Tally {
        let np = pairs(n_opt).len();
        Tally {
            n,
            n_crit,
            n_opt,
            crit_fired: vec![0; n * n_crit],
            reviewed: vec![0; n_opt * n],
            at_risk: vec![0; n_opt * n],
            net: vec![0; n_opt * n],
            why: vec![0; n_opt * n * n_crit],
            a_not_b: vec![0; np * n],
            b_not_a: vec![0; np * n],
            hist: vec![histogram::Window::default(); n_series],
            quiet_reviewed: vec![0; n_opt * n],
            wrongly_reviewed: vec![0; n_opt * n],
            wrongly_spared: vec![0; n_opt * n],
            fair_counts: vec![0; n_opt * 3 * (n + 1)],
            consequences: None,
        }
    }

    /// Whether every vector has the length its shape gives (a tally read
    /// from a file is checked before it is merged).
    pub fn is_consistent(&self) -> bool {
        let (n, nc, no) = (self.n, self.n_crit, self.n_opt);
        let np = pairs(no).len();
        self.crit_fired.len() == n * nc
            && [
                &self.reviewed,
                &self.quiet_reviewed,
                &self.wrongly_reviewed,
                &self.wrongly_spared,
            ]
            .iter()
            .all(|v| v.len() == no * n)
            && self.at_risk.len() == no * n
            && self.net.len() == no * n
            && self.why.len() == no * n * nc
            && self.a_not_b.len() == np * n
            && self.b_not_a.len() == np * n
            && self.fair_counts.len() == no * 3 * (n + 1)
            && self
                .consequences
                .as_ref()
                .is_none_or(|c| c.n == n && c.is_consistent(no))
    }

    /// Adds another tally (same shape) into this one.
    pub fn merge(&mut self, o: &Tally) {
        add(&mut self.crit_fired, &o.crit_fired);
        add(&mut self.reviewed, &o.reviewed);
        add(&mut self.why, &o.why);
        add(&mut self.a_not_b, &o.a_not_b);
        add(&mut self.b_not_a, &o.b_not_a);
        add(&mut self.quiet_reviewed, &o.quiet_reviewed);
        add(&mut self.wrongly_reviewed, &o.wrongly_reviewed);
        add(&mut self.wrongly_spared, &o.wrongly_spared);
        add(&mut self.fair_counts, &o.fair_counts);
        for (x, y) in self.at_risk.iter_mut().zip(&o.at_risk) {
            *x += y;
        }
        for (x, y) in self.net.iter_mut().zip(&o.net) {
            *x += y;
        }
        for (x, y) in self.hist.iter_mut().zip(&o.hist) {
            x.merge(y);
        }
        if let (Some(x), Some(y)) = (&mut self.consequences, &o.consequences) {
            x.merge(y);
        }
    }

    /// Records one trial's criteria (`fired[i * n_crit + c]`).
    pub fn add_criteria(&mut self, fired: &[bool]) {
        for (t, &f) in self.crit_fired.iter_mut().zip(fired) {
            *t += u64::from(f);
        }
    }

    /// Records one option's outcome in one trial.
    pub fn add_option(
        &mut self,
        o: usize,
        fired: &[bool],
        reviewed: &[bool],
        amount: &[i64],
        net: &[i64],
    ) {
        let (n, nc) = (self.n, self.n_crit);
        for i in 0..n {
            let k = o * n + i;
            self.at_risk[k] += i128::from(amount[i]);
            self.net[k] += i128::from(net[i]);
            if reviewed[i] {
                self.reviewed[k] += 1;
                let why = &mut self.why[k * nc..(k + 1) * nc];
                for (w, &f) in why.iter_mut().zip(&fired[i * nc..(i + 1) * nc]) {
                    *w += u64::from(f);
                }
            }
        }
    }

    /// Records one option's reviews against who deserved them in one trial.
    pub fn add_fairness(&mut self, o: usize, reviewed: &[bool], deserved: &[bool]) {
        let n = self.n;
        let rows = reviewed.iter().zip(deserved).enumerate();
        for (i, (&r, &d)) in rows {
            self.wrongly_reviewed[o * n + i] += u64::from(r && !d);
            self.wrongly_spared[o * n + i] += u64::from(d && !r);
        }
    }

    /// Records one trial's fairness counts of option `o`: councils rightly
    /// reviewed, wrongly reviewed, wrongly spared (each at most `n`).
    pub fn add_fair_counts(&mut self, o: usize, counts: [u32; 3]) {
        let w = self.n + 1;
        for (f, &k) in counts.iter().enumerate() {
            self.fair_counts[(o * 3 + f) * w + (k as usize).min(self.n)] += 1;
        }
    }

    /// The distribution of fairness count `f` of option `o` (see
    /// [`Tally::fair_counts`]).
    pub fn fair_hist(&self, o: usize, f: usize) -> &[u64] {
        let w = self.n + 1;
        &self.fair_counts[(o * 3 + f) * w..][..w]
    }

    /// Records switchers for pair `p` between review vectors `ra` and `rb`.
    pub fn add_pair(&mut self, p: usize, ra: &[bool], rb: &[bool]) {
        let n = self.n;
        for i in 0..n {
            self.a_not_b[p * n + i] += u64::from(ra[i] && !rb[i]);
            self.b_not_a[p * n + i] += u64::from(rb[i] && !ra[i]);
        }
    }

    /// Counts a value into fan-chart series `s`.
    #[inline]
    pub fn add_path(&mut self, s: usize, v: f64) {
        self.hist[s].add(v);
    }

    /// Counts a value already binned (see [`histogram::bin_in`]) into series `s`.
    #[inline]
    pub fn add_path_bin(&mut self, s: usize, b: usize) {
        self.hist[s].add_bin(b, 1);
    }
}

fn add(x: &mut [u64], y: &[u64]) {
    for (a, b) in x.iter_mut().zip(y) {
        *a += b;
    }
}
