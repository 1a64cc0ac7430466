//! `ibcf new NAME`: a small, commented, valid scenario folder
//! (`scenario.toml` + `data/*.csv`) for a user to edit. Never overwrites.

use super::copy::NewError;
use super::settings::valid_name;
use std::path::Path;

const SCENARIO: &str = r#"# Scenario "{NAME}", made by `ibcf new`. Edit it, then run:
#   ibcf validate {NAME}     lists every problem, with file, line and a hint
#   ibcf explain {NAME}      reads the scenario back in plain English
# The tutorial (scenarios/tutorial) and docs/SCENARIO_FORMAT.md explain every key.

schema = 1
name = "{NAME}"              # a-z, 0-9 and -; runs write to output/{NAME}/
title = "{NAME}: edit this title"
notes = ["The three councils and their figures are placeholders: replace data/*.csv with real data."]

[data]                       # paths are relative to this file
councils = "data/councils.csv"   # code,name,region,population_18plus,allocation (pounds)
history = "data/history.csv"     # code,month,nhs_days,asc_days,both_days (delayed days in the month)
targets = "data/targets.csv"     # code,metric,month,rate (optional; the rule below fills gaps)

[simulation]
trials = 10_000
seed = 1
first_month = "2017-08"      # every council needs history for the month before
last_month = "2017-11"

[trajectory]                 # how rates may move each month (log scale)
model = "log_ar1"            # deterministic | log_ar1 | bootstrap
drift = -0.01
pull = 0.15                  # share of the gap to the target path closed each month
volatility = 0.1
correlation = { national = 0.3, regional = 0.2, council = 0.2 }
noise = "negative_binomial"
dispersion = 20.0

# Councils without a Sep 2017 asc target in targets.csv get one: cut the
# Feb 2017 rate by two thirds, but never below 2.6.
[[targets.rule]]
metric = "asc"
month = "2017-09"
baseline = "2017-02"
reduction = 0.667
floor = 2.6

[criteria.missed_september]  # the Sep 2017 asc rate is above target
kind = "missed_target"
metric = "asc"
month = "2017-09"

[criteria.worse_than_feb]    # the Nov 2017 total rate is worse than Feb 2017
kind = "worse_than"
metric = "total"
month = "2017-11"
reference = "2017-02"

[[option]]
id = "conditions-33"
label = "Conditions on 33% of the allocation"
rule = "missed_september and worse_than_feb"
action = "condition"         # condition | withhold | redistribute
share = 0.33
"#;

const COUNCILS: &str = "code,name,region,population_18plus,allocation
E99000101,Example North,North,300000,9000000
E99000102,Example South,South,500000,15000000
E99000103,Example West,South,200000,6000000
";

const HISTORY: &str = "code,month,nhs_days,asc_days,both_days
E99000101,2017-01,769,577,96
E99000101,2017-02,655,491,82
E99000101,2017-03,724,543,90
E99000101,2017-04,743,558,93
E99000101,2017-05,758,569,95
E99000101,2017-06,693,520,87
E99000101,2017-07,737,553,92
E99000102,2017-01,961,561,128
E99000102,2017-02,819,477,109
E99000102,2017-03,905,528,121
E99000102,2017-04,929,542,124
E99000102,2017-05,948,553,126
E99000102,2017-06,866,505,116
E99000102,2017-07,921,537,123
E99000103,2017-01,642,578,96
E99000103,2017-02,567,510,85
E99000103,2017-03,596,536,89
E99000103,2017-04,599,539,90
E99000103,2017-05,645,580,97
E99000103,2017-06,595,536,89
E99000103,2017-07,597,537,89
";

const TARGETS: &str = "code,metric,month,rate
E99000102,asc,2017-09,3.0
";

/// Writes the scaffold for scenario `name` into `dir`.
///
/// # Errors
/// A bad name, `dir` exists, or writing fails.
pub fn write(dir: &Path, name: &str) -> Result<(), NewError> {
    if !valid_name(name) {
        return Err(NewError::BadName(name.into()));
    }
    if dir.exists() {
        return Err(NewError::Exists(dir.to_path_buf()));
    }
    write_all(dir, name).map_err(|e| NewError::Write {
        dir: dir.to_path_buf(),
        message: e.to_string(),
    })
}

fn write_all(dir: &Path, name: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("data"))?;
    std::fs::write(dir.join("scenario.toml"), SCENARIO.replace("{NAME}", name))?;
    std::fs::write(dir.join("data/councils.csv"), COUNCILS)?;
    std::fs::write(dir.join("data/history.csv"), HISTORY)?;
    std::fs::write(dir.join("data/targets.csv"), TARGETS)?;
    Ok(())
}
