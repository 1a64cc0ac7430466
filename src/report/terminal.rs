//! The terminal summary: per option the councils reviewed (mean and 90%
//! interval) and the money figure named by each option's action (mean, P95,
//! ES95) with one line saying what it means, then the ten councils
//! most likely to be reviewed, with standard errors. Plain aligned text.

use crate::engine::Results;
use crate::format::pounds_short;
use crate::scenario::plan::Plan;
use crate::stats::compare::binomial_se;
use std::fmt::Write;

/// Renders the summary.
pub fn render(plan: &Plan, res: &Results) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} — {} trials, seed {}, {} councils, {:.1}s on {} thread(s)\n",
        plan.title,
        res.trials,
        plan.seed,
        plan.councils.len(),
        res.elapsed_s,
        res.threads
    );
    headline(&mut s, plan, res);
    s.push_str(&options_table(plan, res));
    if let Some(line) = super::consequences::terminal_line(plan, res) {
        let _ = writeln!(s, "\n{line}");
    }
    for (o, opt) in plan.options.iter().enumerate() {
        top_councils(&mut s, plan, res, o, &opt.id);
    }
    s
}

/// Per option: councils reviewed, then the money figure named by the
/// option's action, then one line per action saying what the money means.
fn options_table(plan: &Plan, res: &Results) -> String {
    use super::columns::{Align, TextTable};
    use crate::rules::money_words;
    let heads = [
        ("option", Align::Left),
        ("reviewed (90% int.)", Align::Right),
        ("money is", Align::Left),
        ("mean", Align::Right),
        ("P95", Align::Right),
        ("ES95", Align::Right),
    ];
    let mut t = TextTable::new(heads.map(|(h, a)| (h.to_string(), a)));
    for (o, opt) in plan.options.iter().enumerate() {
        let r = &res.options[o];
        let (rc, f) = (r.national.reviewed, r.national.funding);
        t.row(vec![
            clip(&opt.id, 28),
            format!("{:.1} ({}–{})", rc.mean, rc.p5, rc.p95),
            money_words::phrase(opt.action).to_string(),
            pounds_short(f.mean),
            pounds_short(f.p95),
            pounds_short(f.es95),
        ]);
    }
    let mut s = t.render("");
    let actions: Vec<_> = plan.options.iter().map(|o| o.action).collect();
    for line in money_words::explain_all(&actions) {
        s.push_str(line);
        s.push('\n');
    }
    s
}

/// The quotable sentences (as in report.html), then the first sentence of
/// each caveat.
fn headline(s: &mut String, plan: &Plan, res: &Results) {
    for (o, opt) in plan.options.iter().enumerate() {
        let r = &res.options[o];
        let (rc, f) = (r.national.reviewed, r.national.funding);
        let text = crate::report::headline::sentence(&crate::report::headline::Figures {
            id: &opt.id,
            label: &opt.label,
            action: crate::rules::money_words::keyword(opt.action),
            reviewed: (rc.mean, rc.p5, rc.p95),
            money: (f.mean, f.p95),
        });
        let _ = writeln!(s, "{text}");
    }
    let notes = &plan.provenance.notes;
    if !notes.is_empty() {
        let _ = writeln!(s, "Caveats (in full in report.html):");
        for n in notes {
            let first = n.find(". ").map_or(n.as_str(), |i| &n[..=i]);
            let _ = writeln!(s, "  - {first}");
        }
    }
    let _ = writeln!(s);
}

fn clip(t: &str, n: usize) -> String {
    if t.chars().count() <= n {
        t.to_string()
    } else {
        t.chars().take(n - 1).chain(std::iter::once('…')).collect()
    }
}

fn top_councils(s: &mut String, plan: &Plan, res: &Results, o: usize, id: &str) {
    let r = &res.options[o];
    let mut idx: Vec<usize> = (0..res.n_councils).collect();
    idx.sort_by(|&a, &b| r.reviewed[b].cmp(&r.reviewed[a]).then(a.cmp(&b)));
    let _ = writeln!(s, "\nMost likely to be reviewed under {id}:");
    let _ = writeln!(
        s,
        "  {:<10} {:<32} {:>9} {:>8}",
        "code", "council", "p_review", "se"
    );
    let tf = res.trials.max(1) as f64;
    for &i in idx.iter().take(10) {
        let _ = writeln!(
            s,
            "  {:<10} {:<32} {:>9.3} {:>8.3}",
            plan.councils.code[i],
            clip(&plan.councils.name[i], 32),
            r.reviewed[i] as f64 / tf,
            binomial_se(r.reviewed[i] as f64 / tf, res.trials)
        );
    }
}
