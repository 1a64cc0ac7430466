//! Default values of the `[consequences]` parameters, each with its source
//! in words (shown by `ibcf explain`, the report and docs/CONSEQUENCES.md).
//! A default that is an assumption says so.

/// `(key, value, source)`.
pub type Default = (&'static str, f64, &'static str);

pub const BED_DAY_COST: Default = (
    "bed_day_cost",
    313.0,
    "NHS Improvement, Reference costs 2016/17 (November 2017): average cost of an excess bed day £313 (as reported by HFMA, 'Reference cost data published', 5 December 2017)",
);

pub const MEAN_DELAY_DAYS: Default = (
    "mean_delay_days",
    11.8,
    "Jasinarachchi et al. (2009), BMC Geriatrics 9:4: 682 delayed bed-days over 58 delayed patients aged 65+ in one English district general hospital (February 2007) = 11.8 days per delayed patient; one hospital, so uncertain",
);

pub const TO_CARE_HOME: Default = (
    "to_care_home",
    0.5522,
    "NHS England delayed days by reason, England, August 2016 - July 2017: (DI residential + DII nursing home) / (DI + DII + E care package at home) = 580,184 / 1,050,676 days (scripts/build-care-home-share.py)",
);

pub const NURSING_SHARE: Default = (
    "nursing_share",
    0.5860,
    "NHS England delayed days by reason, England, August 2016 - July 2017: DII nursing / (DI + DII) = 340,016 / 580,184 days",
);

pub const AVOIDABLE: Default = (
    "avoidable",
    1.0 / 3.0,
    "ASSUMPTION after the figure quoted in 2017 (issue #16): 'a third of these admissions are avoidable or unnecessary'; the underlying study was not traced, so treat as a round judgement",
);

pub const RESIDENTIAL_FEE: Default = (
    "residential.weekly_fee",
    565.0,
    "NHS Digital, Adult Social Care Activity and Finance Report, England 2016-17 (26 October 2017): councils' average cost of residential care for a person aged 65 and over, £565 a week in 2016/17 (£549 in 2015/16); what a council pays, below self-funders' fees",
);

pub const RESIDENTIAL_STAY: Default = (
    "residential.stay_weeks",
    78.0,
    "Steventon & Roberts (2012), BMC Health Services Research 12:377: median stay in publicly funded permanent residential care 17.9 months (= 78 weeks); a median, below the mean of a right-skewed stay, so conservative",
);

pub const NURSING_FEE: Default = (
    "nursing.weekly_fee",
    606.0,
    "NHS Digital, Adult Social Care Activity and Finance Report, England 2016-17 (26 October 2017): councils' average cost of nursing care for a person aged 65 and over, £606 a week in 2016/17 (£563 in 2015/16); the council's share only (the NHS pays funded nursing care on top)",
);

pub const NURSING_STAY: Default = (
    "nursing.stay_weeks",
    114.0,
    "Forder & Fernandez (2011), Length of stay in care homes, PSSRU Discussion Paper 2769: mean stay 801 days (= 114 weeks) of residents who died in Bupa homes, mostly nursing beds",
);

pub const READMISSION_SHARE: Default = (
    "readmission.share",
    0.0,
    "off by default: no sourced share of hurried care-home placements readmitted was found",
);

pub const READMISSION_COST: Default = (
    "readmission.cost",
    0.0,
    "off by default (only used with readmission.share)",
);
