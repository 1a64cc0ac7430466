//! The compiled `[consequences]` parameters: what hitting the target cost.
//! Each parameter is held at its centre (the number written, or its
//! distribution's mean) per run, per council where the scenario gives a
//! CSV; a parameter written as a distribution is also listed in
//! [`Consequences::drawn`] with its index in `Plan::params`, and the engine
//! reads its per-trial draw through [`Consequences::values`]. The loader
//! guarantees every value and every possible draw is finite and in range
//! (shares in [0, 1], costs and stays not negative, the mean delay above
//! 0), so the arithmetic here never fails.

use crate::model::draws::Draws;

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

/// Every parameter's value for one council in one trial (or at the centre).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Values {
    pub bed_day_cost: f64,
    pub mean_delay_days: f64,
    pub to_care_home: f64,
    pub nursing_share: f64,
    pub avoidable: f64,
    pub residential: Placement,
    pub nursing: Placement,
    pub readmission: Readmission,
}

impl Values {
    /// Pounds over the expected stay of one avoidable permanent admission
    /// (residential and nursing mixed by the nursing share).
    pub fn lifetime_cost(&self) -> f64 {
        let ns = self.nursing_share;
        (1.0 - ns) * self.residential.lifetime_cost() + ns * self.nursing.lifetime_cost()
    }

    /// Extra care-home admissions per social-care delayed day avoided.
    pub fn placements_per_day(&self) -> f64 {
        self.to_care_home / self.mean_delay_days
    }

    /// Pounds of compliance cost per social-care delayed day avoided:
    /// avoidable admissions over their stay, plus readmissions.
    pub fn cost_per_day(&self) -> f64 {
        let per_placement =
            self.avoidable * self.lifetime_cost() + self.readmission.share * self.readmission.cost;
        self.placements_per_day() * per_placement
    }
}

impl Consequences {
    /// Council `i`'s values at the centre (every drawn key at its mean).
    pub fn centre(&self, i: usize) -> Values {
        Values {
            bed_day_cost: self.bed_day_cost,
            mean_delay_days: self.mean_delay_days,
            to_care_home: self.to_care_home[i],
            nursing_share: self.nursing_share[i],
            avoidable: self.avoidable,
            residential: self.residential,
            nursing: self.nursing,
            readmission: self.readmission,
        }
    }

    /// Council `i`'s values in the trial whose draws are `draws` (the
    /// centre where the plan draws nothing).
    pub fn values(&self, draws: Option<&Draws>, i: usize) -> Values {
        let mut v = self.centre(i);
        let Some(d) = draws else {
            return v;
        };
        for &(k, p) in &self.drawn {
            let x = d.get(p, i);
            match k {
                Key::BedDayCost => v.bed_day_cost = x,
                Key::MeanDelayDays => v.mean_delay_days = x,
                Key::ToCareHome => v.to_care_home = x,
                Key::NursingShare => v.nursing_share = x,
                Key::Avoidable => v.avoidable = x,
                Key::ResidentialFee => v.residential.weekly_fee = x,
                Key::ResidentialStay => v.residential.stay_weeks = x,
                Key::NursingFee => v.nursing.weekly_fee = x,
                Key::NursingStay => v.nursing.stay_weeks = x,
                Key::ReadmissionShare => v.readmission.share = x,
                Key::ReadmissionCost => v.readmission.cost = x,
            }
        }
        v
    }
}
