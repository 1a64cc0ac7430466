//! The compiled `[consequences]` parameters: what hitting the target cost.
//! Plain numbers per run (per council where the scenario gives a CSV); the
//! loader guarantees every value is finite and in range (shares in [0, 1],
//! costs and lengths above 0), so the arithmetic here never fails.

/// A kind of permanent care-home placement: its weekly fee and expected stay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Pounds per week.
    pub weekly_fee: f64,
    /// Expected length of stay, weeks.
    pub stay_weeks: f64,
}

impl Placement {
    /// Pounds over the expected stay.
    pub fn lifetime_cost(self) -> f64 {
        self.weekly_fee * self.stay_weeks
    }
}

/// Optional readmissions: a share of the care-home placements come back to
/// hospital, each at a cost.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Readmission {
    pub share: f64,
    /// Pounds per readmission.
    pub cost: f64,
}

/// Every parameter of the consequences model, compiled.
#[derive(Debug, Clone, PartialEq)]
pub struct Consequences {
    /// Pounds per bed-day freed (NHS excess bed-day cost).
    pub bed_day_cost: f64,
    /// Mean length of one delay, days: delayed days ÷ this = people.
    pub mean_delay_days: f64,
    /// Per council: share of avoided social-care delays ended by discharge to a care home.
    pub to_care_home: Vec<f64>,
    /// Per council: share of those placements that are nursing (the rest residential).
    pub nursing_share: Vec<f64>,
    /// Share of the placements that become avoidable permanent admissions.
    pub avoidable: f64,
    pub residential: Placement,
    pub nursing: Placement,
    pub readmission: Readmission,
    /// Each parameter in words with its value and source, for `explain`
    /// and reports (the engine does not read it).
    pub assumptions: Vec<Assumption>,
}

/// One stated assumption: the key, its value in words, where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Assumption {
    pub key: String,
    pub value: String,
    pub source: String,
}

impl Consequences {
    /// Pounds over the expected stay of one avoidable permanent admission
    /// from council `i` (residential and nursing mixed by its nursing share).
    pub fn lifetime_cost(&self, i: usize) -> f64 {
        let ns = self.nursing_share[i];
        (1.0 - ns) * self.residential.lifetime_cost() + ns * self.nursing.lifetime_cost()
    }

    /// Extra care-home admissions per social-care delayed day avoided in council `i`.
    pub fn placements_per_day(&self, i: usize) -> f64 {
        self.to_care_home[i] / self.mean_delay_days
    }

    /// Pounds of compliance cost per social-care delayed day avoided in
    /// council `i`: avoidable admissions over their stay, plus readmissions.
    pub fn cost_per_day(&self, i: usize) -> f64 {
        let per_placement =
            self.avoidable * self.lifetime_cost(i) + self.readmission.share * self.readmission.cost;
        self.placements_per_day(i) * per_placement
    }
}
