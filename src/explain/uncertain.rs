//! `explain`'s "Uncertain parameters" section: every distribution the
//! scenario declares, where it was written, its family in words, its scope,
//! and what it reaches (how many council-streams, which target series), so
//! a distribution that a later layer replaces everywhere is visible too.

use crate::scenario::dist::Scope;
use crate::scenario::plan::Plan;
use crate::scenario::uncertain::Value;
use std::fmt::Write;

/// Appends the section (nothing when the scenario draws nothing).
pub fn section(plan: &Plan, s: &mut String) {
    if plan.params.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "\nUncertain parameters (drawn afresh in every trial; elsewhere this text shows their means)"
    );
    for (k, p) in plan.params.iter().enumerate() {
        let scope = match p.uncertain.scope {
            Scope::National => "national: one value per trial, shared by every council",
            Scope::Council => {
                "council: one value per council and trial, independent across councils"
            }
        };
        let _ = writeln!(
            s,
            "  {} (written at {}): {}; scope {scope}; {}.",
            p.path,
            p.place,
            p.uncertain.dist.words(),
            reach(plan, k)
        );
    }
}

/// What parameter `k` reaches, in words.
fn reach(plan: &Plan, k: usize) -> String {
    let streams = plan
        .trajectories
        .iter()
        .filter(|t| t.drawn.iter().any(|d| d.1 == k))
        .count();
    let uses = |v: &Option<Value>| matches!(v, Some(Value::Param(p)) if *p == k);
    let series: Vec<String> = plan
        .targets
        .iter()
        .filter(|t| {
            t.drawn
                .as_ref()
                .is_some_and(|r| uses(&Some(r.reduction)) || uses(&r.floor) || uses(&r.ceiling))
        })
        .map(|t| {
            format!(
                "the {} targets for {}",
                plan.metrics[t.metric].name,
                t.month.label()
            )
        })
        .collect();
    let consequences = plan
        .consequences
        .as_ref()
        .is_some_and(|c| c.drawn.iter().any(|d| d.1 == k));
    if consequences {
        return "reaches only what hitting the target cost ([consequences]), not who is reviewed or the money at risk".into();
    }
    match (streams, series.is_empty()) {
        (0, true) => "used by no council: a later layer replaces it everywhere".into(),
        (0, false) => format!("sets {}", series.join(" and ")),
        (n, _) => format!("used by {n} of {} council-streams", plan.trajectories.len()),
    }
}
