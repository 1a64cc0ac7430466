//! The compiled `[consequences]` parameters: what hitting the target cost.
//! Each parameter is held at its centre (the number written, or its
//! distribution's mean) per run, per council where the scenario gives a
//! CSV; a parameter written as a distribution is also listed in
//! [`Consequences::drawn`] with its index in `Plan::params`; the engine
//! reads a trial's values through `consequences::values::Values`. The loader
//! guarantees every value and every possible draw is finite and in range
//! (shares in [0, 1], costs and stays not negative, the mean delay above
//! 0), so the arithmetic here never fails.

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

/// A `[consequences]` key that may be a distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    BedDayCost,
    MeanDelayDays,
    ToCareHome,
    NursingShare,
    Avoidable,
    ResidentialFee,
    ResidentialStay,
    NursingFee,
    NursingStay,
    ReadmissionShare,
    ReadmissionCost,
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
    /// Keys written as distributions, each with its index in `Plan::params`
    /// (the fields above then hold the distribution's mean).
    pub drawn: Vec<(Key, usize)>,
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
