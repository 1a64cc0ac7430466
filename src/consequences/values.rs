//! One council's `[consequences]` values in one trial: the plan's
//! parameters ([`Consequences`], held by the `Plan`) at their centre, with
//! every key written as a distribution replaced by the trial's draw.

use crate::model::draws::Draws;
use crate::scenario::plan::{Consequences, Key, Placement, Readmission};

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

    /// Council `i`'s values at the centre of `c` (every drawn key at its mean).
    pub fn centre(c: &Consequences, i: usize) -> Values {
        Values {
            bed_day_cost: c.bed_day_cost,
            mean_delay_days: c.mean_delay_days,
            to_care_home: c.to_care_home[i],
            nursing_share: c.nursing_share[i],
            avoidable: c.avoidable,
            residential: c.residential,
            nursing: c.nursing,
            readmission: c.readmission,
        }
    }

    /// Council `i`'s values of `c` in the trial whose draws are `draws` (the
    /// centre where the plan draws nothing).
    pub fn in_trial(c: &Consequences, draws: Option<&Draws>, i: usize) -> Values {
        let mut v = Values::centre(c, i);
        let Some(d) = draws else {
            return v;
        };
        for &(k, p) in &c.drawn {
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
