//! The terminal summary: per option the councils reviewed (mean and 90%
//! interval) and the money figure named by each option's action (mean, P95,
//! ES95) with one line saying what it means, then the ten councils
//! most likely to be reviewed, with standard errors (one list for options
//! that share a rule, as the maps do). Plain aligned text; prose wrapped to
//! [`WIDTH`].

use crate::engine::Results;
use crate::format::pounds_short;
use crate::scenario::plan::Plan;
use crate::stats::compare::binomial_se;
use std::fmt::Write;

/// Width prose is wrapped to, so no line of the summary runs past ~120
/// characters (tables are narrower by construction).
pub const WIDTH: usize = 100;

/// Renders the summary.
pub fn render(plan: &Plan, res: &Results) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}\n{} trials, seed {}, {} councils, {:.1}s on {} thread(s)\n",
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
        let _ = write!(s, "\n{}", wrap(&line, WIDTH, "", "  "));
    }
    for group in rule_groups(res) {
        top_councils(&mut s, plan, res, &group);
    }
    s
}

/// `text` wrapped at spaces to `width` characters, the first line after
/// `first`, the others after `rest`; every line ends with a newline.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        let len = line.chars().count() + 1 + word.chars().count();
        if !empty && len > width {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// The final line of a run: how fast it simulated, in trials per second
/// (the simulation with its noise check and consequences; not the files).
pub fn speed_line(res: &Results) -> String {
    let rate = match res.elapsed_s > 0.0 {
        true => res.trials as f64 / res.elapsed_s,
        false => 0.0,
    };
    format!(
        "{} trials in {:.2}s on {} thread(s): {} trials/s (simulation; writing the files not included)",
        crate::format::count(res.trials),
        res.elapsed_s,
        res.threads,
        crate::format::count(rate.round() as u64)
    )
}

/// Options that review exactly the same councils in every trial (the same
/// rule on the same futures): groups of option indices, in order.
fn rule_groups(res: &Results) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (o, r) in res.options.iter().enumerate() {
        match groups
            .iter_mut()
            .find(|g| res.options[g[0]].reviewed == r.reviewed)
        {
            Some(g) => g.push(o),
            None => groups.push(vec![o]),
        }
    }
    groups
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
        s.push_str(&wrap(line, WIDTH, "", "  "));
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
        s.push_str(&wrap(&text, WIDTH, "", "  "));
    }
    let notes = &plan.provenance.notes;
    if !notes.is_empty() {
        let _ = writeln!(s, "Caveats (in full in report.html):");
        for n in notes {
            let first = n.find(". ").map_or(n.as_str(), |i| &n[..=i]);
            s.push_str(&wrap(first, WIDTH, "  - ", "    "));
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

fn top_councils(s: &mut String, plan: &Plan, res: &Results, group: &[usize]) {
    let r = &res.options[group[0]];
    let mut idx: Vec<usize> = (0..res.n_councils).collect();
    idx.sort_by(|&a, &b| r.reviewed[b].cmp(&r.reviewed[a]).then(a.cmp(&b)));
    let ids: Vec<&str> = group.iter().map(|&o| plan.options[o].id.as_str()).collect();
    let under = match ids.as_slice() {
        [one] => one.to_string(),
        many => format!("options {} (same rule)", many.join(", ")),
    };
    let _ = writeln!(s, "\nMost likely to be reviewed under {under}:");
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
