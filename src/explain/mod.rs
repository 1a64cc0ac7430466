//! The scenario in plain English, for `ibcf explain` and the HTML report:
//! councils, months, trajectory model, targets, criteria, options and notes,
//! worded so a policy officer can check a scenario without reading TOML.
//! Above `rules` and `consequences` in the import order: it replays each
//! option on the history (`rules::replay`) and words the consequences'
//! parameters ([`consequences`]); [`uncertain`] words the distributions.

use crate::format::{count, pct, pounds_exact};
use crate::scenario::plan::{Noise, NoiseSampler, Plan, Trajectory};
use crate::scenario::trajectory::{model_name, noise_name};
use crate::scenario::words;
use std::fmt::Write;

pub mod consequences;
mod funnel;
mod targets;
pub mod uncertain;
use targets::targets;

/// Describes a compiled plan in words a policy officer can check.
pub fn describe(plan: &Plan) -> String {
    let mut s = String::new();
    header(plan, &mut s);
    councils(plan, &mut s);
    months(plan, &mut s);
    trajectories(plan, &mut s);
    uncertain::section(plan, &mut s);
    targets(plan, &mut s);
    criteria(plan, &mut s);
    options(plan, &mut s);
    if let Some(c) = &plan.consequences {
        s.push_str(&consequences::describe(c));
    }
    if !plan.provenance.notes.is_empty() {
        s.push_str("\nNotes\n");
        for n in &plan.provenance.notes {
            let _ = writeln!(s, "  - {n}");
        }
    }
    s
}

fn header(plan: &Plan, s: &mut String) {
    let _ = writeln!(s, "Scenario `{}`: {}", plan.name, plan.title);
    let p = &plan.provenance;
    if !p.path.as_os_str().is_empty() {
        let _ = writeln!(s, "  read from {}", p.path.display());
    }
    if p.sources.len() > 1 {
        let files: Vec<String> = p
            .sources
            .iter()
            .map(|(f, _)| f.display().to_string())
            .collect();
        let _ = writeln!(
            s,
            "  built from {} (each later file overrides the earlier ones)",
            files.join(", then ")
        );
    }
    for o in &p.overrides {
        let _ = writeln!(s, "  overridden on the command line: {o}");
    }
    if !p.sha256.is_empty() {
        let _ = writeln!(
            s,
            "  fingerprint (sha256 of scenario and data): {}",
            p.sha256
        );
    }
}

fn councils(plan: &Plan, s: &mut String) {
    let c = &plan.councils;
    let total: i128 = c.allocation_pence.iter().map(|&p| i128::from(p)).sum();
    let _ = writeln!(
        s,
        "\nCouncils\n  {} councils in {} region(s), with a total 2018-19 iBCF allocation of {}.",
        c.len(),
        plan.regions.len(),
        pounds_exact(total)
    );
    for (r, name) in plan.regions.iter().enumerate() {
        let members: Vec<&str> = (0..c.len())
            .filter(|&i| c.region[i] == r)
            .map(|i| c.name[i].as_str())
            .collect();
        let list = if members.len() <= 6 {
            format!(" ({})", members.join(", "))
        } else {
            String::new()
        };
        let region = if name.is_empty() {
            "(no region given)"
        } else {
            name
        };
        let _ = writeln!(s, "    {region}: {}{list}", members.len());
    }
}

fn months(plan: &Plan, s: &mut String) {
    let h = &plan.history;
    let _ = writeln!(
        s,
        "\nMonths\n  Observed: {} to {} ({} months of history).\n  Simulated: {} to {} ({} months), {} simulated futures (trials), random seed {}.",
        h.first.label(),
        h.last().label(),
        h.n_months,
        plan.first_sim.label(),
        plan.last_sim.label(),
        plan.n_sim_months(),
        count(plan.trials),
        plan.seed
    );
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn model_words(m: crate::scenario::plan::ModelKind) -> &'static str {
    match m {
        crate::scenario::plan::ModelKind::Deterministic => "no random shocks: drift and pull only",
        crate::scenario::plan::ModelKind::LogAr1 => {
            "each month the log rate drifts, is pulled towards the target path, and takes a random shock"
        }
        crate::scenario::plan::ModelKind::Bootstrap => {
            "each month replays one month-to-month change drawn from history, for all councils together"
        }
        crate::scenario::plan::ModelKind::DampedTrend => {
            "as log_ar1, plus a national trend per stream filtered from history that decays month by month toward the drift"
        }
    }
}

/// The parameters most council-streams share (the scenario's defaults, in practice).
fn most_common(plan: &Plan) -> Option<&Trajectory> {
    let ts = &plan.trajectories;
    ts.iter()
        .max_by_key(|t| ts.iter().filter(|u| u == t).count())
}

fn trajectory_words(t: &Trajectory) -> String {
    let mut s = format!("model {} ({})", model_name(t.model), model_words(t.model));
    let _ = write!(
        s,
        "; drift {} per month on the log scale, pull towards the target path {} a month, volatility {}, offset {}",
        t.drift,
        pct(t.pull),
        t.volatility,
        t.offset
    );
    if t.model == crate::scenario::plan::ModelKind::DampedTrend {
        let _ = write!(
            s,
            "; the trend keeps {} of its departure from the drift each month, with monthly innovations of sd {}",
            pct(t.damping),
            t.slope_volatility
        );
    }
    if t.national_swing > 0.0 {
        let _ = write!(
            s,
            "; a national swing: each simulated future shares one drift offset of sd {} a month (estimated from the national series' forecast errors)",
            t.national_swing
        );
    }
    let c = t.correlation;
    let _ = write!(
        s,
        "; of each random shock {} is shared nationally, {} within a region and {} across a council's three streams",
        pct(c.national),
        pct(c.regional),
        pct(c.council)
    );
    let seas: Vec<String> = t
        .seasonality
        .iter()
        .enumerate()
        .filter(|(_, v)| **v != 0.0)
        .map(|(m, v)| format!("{:+} in {}", v, MONTHS[m]))
        .collect();
    if !seas.is_empty() {
        let _ = write!(s, "; seasonal effects (log scale) {}", seas.join(", "));
    }
    if t.jump.probability > 0.0 {
        let _ = write!(
            s,
            "; jumps in {} of months, mean {} (sd {}) on the log scale",
            pct(t.jump.probability),
            t.jump.mean,
            t.jump.sd
        );
    } else {
        s.push_str("; no jumps");
    }
    let _ = write!(
        s,
        "; observation noise on the count of delayed days: {}",
        noise_name(t.noise)
    );
    if t.noise == Noise::NegativeBinomial {
        let _ = write!(s, " (dispersion {})", t.dispersion);
    }
    s
}

/// The approximate noise sampler, when chosen (nothing for `exact`, the default).
fn noise_sampler(plan: &Plan, s: &mut String) {
    let sampler = plan.noise_sampler;
    let noisy = plan.trajectories.iter().any(|t| t.noise != Noise::None);
    if sampler == NoiseSampler::Exact || !noisy {
        return;
    }
    let _ = writeln!(
        s,
        "  Noise sampler {}: Poisson counts with mean {} or more are drawn approximately, as max(0, round(mean + sqrt(mean) × a standard normal)); smaller counts and the negative binomial's gamma mixing stay exact.",
        sampler.name(),
        crate::model::sampler::NORMAL_POISSON_FROM
    );
}

fn trajectories(plan: &Plan, s: &mut String) {
    s.push_str("\nHow rates may move\n");
    let Some(base) = most_common(plan) else {
        s.push_str("  (no councils)\n");
        return;
    };
    let _ = writeln!(s, "  Unless overridden: {}.", trajectory_words(base));
    noise_sampler(plan, s);
    let differ = plan.trajectories.iter().filter(|t| *t != base).count();
    if plan.provenance.trajectory_overrides.is_empty() && differ > 0 {
        let _ = writeln!(s, "  {differ} council-stream(s) use other parameters.");
    }
    let (council, stream): (Vec<&String>, Vec<&String>) = plan
        .provenance
        .trajectory_overrides
        .iter()
        .partition(|o| o.starts_with("council"));
    for o in stream {
        let _ = writeln!(s, "  Override, {o}.");
    }
    if council.len() <= MAX_LISTED_OVERRIDES {
        for o in council {
            let _ = writeln!(s, "  Override, {o}.");
        }
    } else {
        override_summary(plan, council.len(), s);
    }
}

/// Beyond this many per-council overrides (a calibration overlay has one per
/// council and stream) explain summarises them instead of listing each.
const MAX_LISTED_OVERRIDES: usize = 12;

/// Per stream, the spread of drift and volatility across councils.
fn override_summary(plan: &Plan, n: usize, s: &mut String) {
    let _ = writeln!(
        s,
        "  {n} per-council overrides (too many to list; `ibcf calibrate` writes one per council and stream). Across councils:"
    );
    for st in crate::scenario::plan::Stream::ALL {
        let mut vol: Vec<f64> = (0..plan.councils.len())
            .map(|c| plan.trajectory(c, st).volatility)
            .collect();
        let mut drift: Vec<f64> = (0..plan.councils.len())
            .map(|c| plan.trajectory(c, st).drift)
            .collect();
        let (v0, vm, v1) = spread(&mut vol);
        let (d0, dm, d1) = spread(&mut drift);
        let _ = writeln!(
            s,
            "    {} stream: volatility {v0:.3} to {v1:.3} (median {vm:.3}); drift {d0:+.4} to {d1:+.4} (median {dm:+.4}) per month.",
            st.name()
        );
    }
}

/// Minimum, median and maximum (0 for an empty list).
fn spread(x: &mut [f64]) -> (f64, f64, f64) {
    if x.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    x.sort_by(f64::total_cmp);
    (x[0], x[x.len() / 2], x[x.len() - 1])
}

fn criteria(plan: &Plan, s: &mut String) {
    s.push_str("\nCriteria (each is true or false for a council in a simulated future)\n");
    if plan.criteria.is_empty() {
        s.push_str("  none\n");
    }
    for c in &plan.criteria {
        let _ = writeln!(s, "  - {}: {}.", c.name, words::criterion(plan, c));
        if let crate::scenario::plan::CriterionKind::Funnel(f) = &c.kind {
            funnel::limits(plan, c, f, s);
        }
    }
}

fn options(plan: &Plan, s: &mut String) {
    s.push_str("\nOptions (all tested on the same simulated futures)\n");
    if plan.options.is_empty() {
        s.push_str("  none\n");
    }
    let names: Vec<String> = plan.criteria.iter().map(|c| c.name.clone()).collect();
    for (i, o) in plan.options.iter().enumerate() {
        let _ = writeln!(s, "  {}. {} ({})", i + 1, o.label, o.id);
        let _ = writeln!(
            s,
            "     A council is formally reviewed when: {}.",
            o.rule.describe(&names)
        );
        let _ = writeln!(s, "     Then: {}.", words::action(plan, o));
        replayed(plan, i, s);
        if let Some(all) = words::at_stake_if_all(plan, o) {
            let _ = writeln!(
                s,
                "     If every council were reviewed this would affect {} in all.",
                pounds_exact(all)
            );
        }
    }
}

/// The option's rule on observed data (`rules::replay`): whom it picks on
/// the latest figures, named when few enough to read.
fn replayed(plan: &Plan, option: usize, s: &mut String) {
    let Some(r) = crate::rules::replay::replay(plan, option) else {
        return;
    };
    let when = if r.shift == 0 {
        "on observed data (every month it reads is observed)".to_string()
    } else {
        format!(
            "on observed data, every month it reads moved back {} month(s) so that {} reads as {}",
            -r.shift,
            r.latest.label(),
            r.latest.plus(r.shift).label()
        )
    };
    let names: Vec<&str> = (0..plan.councils.len())
        .filter(|&c| r.reviewed[c])
        .map(|c| plan.councils.name[c].as_str())
        .collect();
    let list = if names.is_empty() || names.len() > MAX_NAMED {
        String::new()
    } else {
        format!(": {}", names.join("; "))
    };
    let _ = writeln!(
        s,
        "     Replayed {when}: {} of {} councils reviewed{list}.",
        names.len(),
        plan.councils.len()
    );
}

/// Beyond this many councils a replay gives only the count.
const MAX_NAMED: usize = 50;
