//! Plain-English pieces for [`crate::explain`]: money, percentages, metric
//! names, criteria and option actions in words.

use super::plan::{Action, Criterion, CriterionKind, Plan, PolicyOption, RedistributeTo, Share};
use crate::format::{pct, pounds_exact};

/// The metric's name, with its make-up when it is not a single stream.
pub fn metric(plan: &Plan, i: usize) -> String {
    let Some(m) = plan.metrics.get(i) else {
        return format!("metric #{i}");
    };
    if m.single_stream().is_some() {
        return m.name.clone();
    }
    let parts: Vec<String> = ["nhs", "asc", "both"]
        .iter()
        .zip(m.weights)
        .filter(|(_, w)| *w != 0.0)
        .map(|(s, w)| {
            if w == 1.0 {
                s.to_string()
            } else {
                format!("{w} × {s}")
            }
        })
        .collect();
    format!("{} ({})", m.name, parts.join(" + "))
}

/// "the asc rate in Sep 2017" or "the mean asc rate over the 3 months to Nov 2017".
fn value(plan: &Plan, c: &Criterion) -> String {
    let m = metric(plan, c.metric);
    if c.average > 1 {
        format!(
            "the mean {m} rate over the {} months to {}",
            c.average,
            c.month.label()
        )
    } else {
        format!("the {m} rate in {}", c.month.label())
    }
}

/// One criterion in words.
pub fn criterion(plan: &Plan, c: &Criterion) -> String {
    let m = metric(plan, c.metric);
    let avg = if c.average > 1 {
        format!(
            " (on the mean of the {} months to {})",
            c.average,
            c.month.label()
        )
    } else {
        String::new()
    };
    match &c.kind {
        CriterionKind::MissedTarget { target, tolerance } => {
            let tm = plan.targets.get(*target).map_or(c.month, |t| t.month);
            format!(
                "missed the {m} target for {} by more than {}{avg}",
                tm.label(),
                pct(*tolerance)
            )
        }
        CriterionKind::GapAbove { target, threshold } => {
            let tm = plan.targets.get(*target).map_or(c.month, |t| t.month);
            format!(
                "{} is more than {} above the {m} target for {}",
                value(plan, c),
                pct(*threshold),
                tm.label()
            )
        }
        CriterionKind::BottomQuartile { q } => {
            let n = plan.councils.len();
            let k = super::plan::quartile_count(*q, n);
            format!(
                "{} is among the {k} highest of the {n} councils (the worst {})",
                value(plan, c),
                pct(*q)
            )
        }
        CriterionKind::WorseThan {
            reference,
            tolerance,
        } => {
            let refv = if c.average > 1 {
                format!("the {} months to {}", c.average, reference.label())
            } else {
                reference.label()
            };
            format!(
                "{} is more than {} worse than in {refv}",
                value(plan, c),
                pct(*tolerance)
            )
        }
        CriterionKind::TrendWorse { window } => format!(
            "the mean {m} rate over the {window} months to {} is worse than over the {window} months before",
            c.month.label()
        ),
        CriterionKind::AboveRate { threshold } => {
            format!(
                "{} is above {threshold} delayed days per day per 100,000 aged 18+",
                value(plan, c)
            )
        }
        CriterionKind::Funnel(f) => funnel(plan, c, f),
    }
}

/// The share an option takes, in words.
pub fn share(plan: &Plan, s: &Share) -> String {
    match s {
        Share::Flat(x) => format!("{} of the allocation", pct(*x)),
        Share::Graduated { criterion, points } => {
            let name = plan
                .criteria
                .get(*criterion)
                .map_or("?", |c| c.name.as_str());
            let pts: Vec<String> = points
                .iter()
                .map(|(g, s)| format!("{} at a gap of {}", pct(*s), pct(*g)))
                .collect();
            format!(
                "a share of the allocation that grows with the council's gap above target as measured by {name} ({}; a straight line between these points, flat beyond them)",
                pts.join(", ")
            )
        }
    }
}

/// The option's money action, in words.
pub fn action(plan: &Plan, o: &PolicyOption) -> String {
    let sh = share(plan, &o.share);
    let cap = o.cap_pence.map_or(String::new(), |c| {
        format!(", at most {} per council", pounds_exact(i128::from(c)))
    });
    match o.action {
        Action::Condition => {
            format!("conditions attached to {sh}{cap}; the money stays with the council")
        }
        Action::Withhold => format!("withhold {sh}{cap}"),
        Action::Redistribute => {
            let to = match o.redistribute_to {
                RedistributeTo::NotReviewed => "councils not reviewed".to_string(),
                RedistributeTo::MetTarget { criterion } => {
                    let name = plan
                        .criteria
                        .get(criterion)
                        .map_or("?", |c| c.name.as_str());
                    format!("councils that met their target ({name} false)")
                }
            };
            format!(
                "withhold {sh}{cap} and share it among {to} in proportion to their allocations (the national total is unchanged)"
            )
        }
    }
}

/// Money affected if every council were reviewed (flat shares only).
pub fn at_stake_if_all(plan: &Plan, o: &PolicyOption) -> Option<i128> {
    let Share::Flat(s) = o.share else { return None };
    Some(
        plan.councils
            .allocation_pence
            .iter()
            .map(|&a| {
                let x = (a as f64 * s).round() as i64;
                i128::from(o.cap_pence.map_or(x, |c| x.min(c)))
            })
            .sum(),
    )
}

/// A funnel criterion in words: what is counted, the limit and the
/// over-dispersion with its estimate.
fn funnel(plan: &Plan, c: &Criterion, f: &super::funnel::Funnel) -> String {
    use super::funnel::Overdispersion;
    let m = metric(plan, c.metric);
    let tm = plan.targets.get(f.target).map_or(c.month, |t| t.month);
    let window = if c.average > 1 {
        format!("the {} months to {}", c.average, c.month.label())
    } else {
        c.month.label()
    };
    let od = match (f.overdispersion, f.baseline) {
        (Overdispersion::None, _) | (_, None) => {
            "Poisson limits (no allowance for over-dispersion)".to_string()
        }
        (Overdispersion::Multiplicative, Some((end, n))) => format!(
            "limits widened by the square root of the over-dispersion φ = {:.2} (estimated from {n} councils' counts in the {} month(s) to {}; not below 1)",
            f.phi,
            c.average,
            end.label()
        ),
        (Overdispersion::Additive, Some((end, n))) => format!(
            "additive random-effects limits, τ² = {:.4} on the rate scale (estimated from {n} councils' counts in the {} month(s) to {}, 10% winsorised)",
            f.tau2,
            c.average,
            end.label()
        ),
    };
    format!(
        "the {m} delayed days in {window} are above the {} funnel limit of the count expected at the {m} target for {} for the council's population aged 18+ and days ({od})",
        pct(f.level),
        tm.label()
    )
}
