//! Each funnel criterion's limits in `ibcf explain`: per council, the count of
//! delayed days expected at its target over the criterion's window and the
//! count above which the criterion fires, so a council can check its own
//! line (docs/SCENARIO_FORMAT.md, `funnel`).

use crate::format::count;
use crate::scenario::funnel::{Funnel, Overdispersion, exposure};
use crate::scenario::plan::{Criterion, Plan};
use std::fmt::Write;

/// The limits table of one funnel criterion, indented under its words.
pub(super) fn limits(plan: &Plan, c: &Criterion, f: &Funnel, s: &mut String) {
    let c_ = &plan.councils;
    let above = if f.overdispersion == Overdispersion::None {
        "fires above (whole days)"
    } else {
        "fires above"
    };
    let _ = writeln!(
        s,
        "    {:<10} {:<34} {:>12} {:>10} {:>14}",
        "code", "council", "population", "expected", above
    );
    for i in 0..c_.len() {
        let t = plan.targets.get(f.target).map_or(f64::NAN, |t| t.rate[i]);
        let x = exposure(c_.population_18plus[i], c.month, c.average);
        let limit = f.limit_for(i, t, x);
        let _ = writeln!(
            s,
            "    {:<10} {:<34} {:>12} {:>10.1} {:>14.1}",
            c_.code[i],
            truncate(&c_.name[i], 34),
            count(c_.population_18plus[i].round().max(0.0) as u64),
            t * x,
            limit
        );
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).chain(std::iter::once('…')).collect()
    }
}
