//! The "Targets" section of `ibcf explain`: per target series, where it
//! comes from, how hard it is (cuts counted against the baseline), what it
//! asks of the country as a whole, and which stream it pulls (DECISIONS #3),
//! so a reconstructed expectation can be compared with the published counts.

use crate::format::count;
use crate::scenario::plan::{Plan, Stream, TargetSeries};
use crate::scenario::targets::observed;
use crate::scenario::words;
use std::fmt::Write;

pub(super) fn targets(plan: &Plan, s: &mut String) {
    s.push_str("\nTargets\n");
    if plan.targets.is_empty() {
        s.push_str("  none\n");
    }
    let last = plan.history.last();
    for (i, t) in plan.targets.iter().enumerate() {
        let origin = plan.provenance.target_origins.get(i);
        let n_have = t.rate.iter().filter(|r| !r.is_nan()).count();
        let by_rule = origin.map_or(0, |o| o.baseline.iter().filter(|b| !b.is_nan()).count());
        let _ = writeln!(
            s,
            "  {} for {}: {} of {} councils have a target ({} from the targets file, {} from a rule).",
            words::metric(plan, t.metric),
            t.month.label(),
            n_have,
            plan.councils.len(),
            n_have - by_rule,
            by_rule
        );
        if let Some(r) = origin.and_then(|o| o.rule.as_ref()) {
            let _ = writeln!(s, "    Rule: {r}.");
        }
        let base: Vec<Option<f64>> = (0..plan.councils.len())
            .map(|c| {
                let rule_base = origin
                    .and_then(|o| o.baseline.get(c).copied())
                    .filter(|b| !b.is_nan());
                rule_base
                    .or_else(|| observed(&plan.history, c, &plan.metrics[t.metric], last, 1))
                    .filter(|_| !t.rate[c].is_nan())
            })
            .collect();
        let (mut cut60, mut cut50, mut hold, mut known) = (0, 0, 0, 0);
        for (c, b) in base.iter().enumerate() {
            let Some(b) = *b else { continue };
            known += 1;
            let cut = if b > 0.0 { 1.0 - t.rate[c] / b } else { 0.0 };
            cut60 += usize::from(cut >= 0.6 - 1e-9);
            cut50 += usize::from(cut >= 0.5 - 1e-9);
            hold += usize::from(cut <= 1e-9);
        }
        let _ = writeln!(
            s,
            "    Compared with {}: {cut60} asked to cut by 60% or more, {cut50} by 50% or more, {hold} only to hold (or allowed to rise); {} councils compared.",
            if by_rule > 0 {
                format!("the rule's baseline (or {} for file targets)", last.label())
            } else {
                format!("their {} rate", last.label())
            },
            known
        );
        national(plan, t, &base, s);
        pulls(plan, t, s);
        if plan.councils.len() <= 10 {
            let per: Vec<String> = (0..plan.councils.len())
                .filter(|&c| !t.rate[c].is_nan())
                .map(|c| format!("{} {:.2}", plan.councils.name[c], t.rate[c]))
                .collect();
            let _ = writeln!(s, "    Targets: {}.", per.join(", "));
        }
    }
    unpulled(plan, s);
}

/// The whole country's ask: rates weighted by population aged 18+, and the
/// patients delayed on an average day (rate × population / 100,000), over
/// the councils with both a baseline and a target.
fn national(plan: &Plan, t: &TargetSeries, base: &[Option<f64>], s: &mut String) {
    let (mut pop, mut before, mut after) = (0.0, 0.0, 0.0);
    for (c, b) in base.iter().enumerate() {
        let Some(b) = *b else { continue };
        let p = plan.councils.population_18plus[c] / 100_000.0;
        pop += p;
        before += b * p;
        after += t.rate[c] * p;
    }
    if pop <= 0.0 {
        return;
    }
    let _ = writeln!(
        s,
        "    Across those councils (weighted by population aged 18+): {:.2} per 100,000 at the baseline, {:.2} asked for; {} patients delayed on an average day, {} asked for.",
        before / pop,
        after / pop,
        count(before.round() as u64),
        count(after.round() as u64)
    );
}

/// Which stream the series pulls, if any (DECISIONS #3 and #30).
fn pulls(plan: &Plan, t: &TargetSeries, s: &mut String) {
    let text = match plan.metrics[t.metric].single_stream() {
        _ if t.month <= plan.history.last() => {
            "Its month is observed: it shapes no target path (criteria may still read it)."
                .to_string()
        }
        Some(st) => format!(
            "Pulls each council's {} stream towards its target (a target on a single-stream metric).",
            st.name()
        ),
        None => {
            "Pulls no stream: a target on a composite metric is read by criteria only.".to_string()
        }
    };
    let _ = writeln!(s, "    {text}");
}

/// Streams that no target pulls: they move by drift, seasonality and shocks alone.
fn unpulled(plan: &Plan, s: &mut String) {
    if plan.targets.is_empty() {
        return;
    }
    let last = plan.history.last();
    let free: Vec<&str> = Stream::ALL
        .into_iter()
        .filter(|&st| {
            !plan
                .targets
                .iter()
                .any(|t| t.month > last && plan.metrics[t.metric].single_stream() == Some(st))
        })
        .map(Stream::name)
        .collect();
    if !free.is_empty() {
        let _ = writeln!(
            s,
            "  No target pulls the {} stream(s): they move by drift, seasonality and shocks alone.",
            free.join(", ")
        );
    }
}
