//! The briefing parts of the page: the quotable headline (one sentence per
//! option) with the caveats right below it, and the two hex maps with their
//! option switch.

use std::fmt::Write as _;

use super::esc;
use crate::report::headline;
use crate::report::load::Run;
use crate::report::map::rule_groups;
use crate::report::map::svg::{self, Measure};

/// The headline sentences for every option, as in the terminal and workbook.
pub(crate) fn sentences(run: &Run) -> Vec<String> {
    run.summary
        .options
        .iter()
        .map(|o| {
            headline::sentence(&headline::Figures {
                id: &o.id,
                label: &o.label,
                action: &o.action,
                reviewed: (
                    o.reviewed_count.mean,
                    o.reviewed_count.p5,
                    o.reviewed_count.p95,
                ),
                money: (o.funding_at_risk.mean, o.funding_at_risk.p95),
            })
        })
        .collect()
}

/// `<ul class="headline">` of sentences, one per option.
pub(super) fn headline(run: &Run) -> String {
    let mut out = String::from("<ul class=\"headline\" id=\"headline-list\">\n");
    for s in sentences(run) {
        let _ = writeln!(out, "<li>{}</li>", esc(&s));
    }
    out.push_str("</ul>\n<p class=\"hint\">Ranges are the middle 90% of simulated futures; P95: 1 future in 20 is worse.</p>\n");
    out
}

/// One sentence naming the options that share a rule (and so one chart
/// and one probability map), or nothing.
pub(super) fn shared_rules(run: &Run) -> String {
    let opts = &run.summary.options;
    let shared: Vec<String> = rule_groups(run)
        .into_iter()
        .filter(|g| g.len() > 1)
        .map(|g| {
            let ids: Vec<String> = g
                .iter()
                .map(|&i| format!("<code>{}</code>", esc(&opts[i].id)))
                .collect();
            ids.join(", ")
        })
        .collect();
    if shared.is_empty() {
        return String::new();
    }
    format!(
        "<p class=\"hint shared\">Options {} share one rule: they review the same councils in the \
         same futures and differ only in what happens to the money, so their probability chart \
         is drawn once.</p>\n",
        shared.join("; and ")
    )
}

/// The maps section: an option switch, the probability map and the money map.
pub(super) fn maps(run: &Run) -> String {
    if !crate::report::map::covers(run) {
        return "<p class=\"hint\">None of this run's councils has a 2017 English upper-tier \
                code on the map, so there is no map.</p>\n"
            .to_string();
    }
    let mut select = String::from("<select id=\"map-opt\">");
    for o in &run.summary.options {
        let _ = write!(
            select,
            "<option value=\"{}\">{}</option>",
            esc(&o.id),
            esc(&headline::short_name(&o.id, &o.label))
        );
    }
    select.push_str("</select>");
    format!(
        "<div class=\"controls\"><label>Option {select}</label>\
         <span class=\"hint\">Hover over a hex for the figures; click it for the council's page.</span></div>\n\
         <div class=\"maps\">\n<figure class=\"map\"><figcaption><strong>Probability of formal review</strong></figcaption>\n{p}\n{pk}</figure>\n\
         <figure class=\"map\"><figcaption><strong>Expected money <span id=\"money-words\">{w}</span></strong> \
         (probability × amount)</figcaption>\n{m}\n{mk}</figure>\n</div>\n\
         <div id=\"map-tip\" class=\"tip\" hidden></div>\n\
         <p class=\"hint\">One hex per council (a hex cartogram: every council the same size, roughly in place). \
         Images: <code>plots/map_review_*.png</code>, <code>plots/map_money_*.png</code> (and .svg). \
         Poole's hex is placed by hand: the source map is on 2019 councils.</p>\n",
        p = svg::inline(run, Measure::Review),
        pk = svg::key(run, Measure::Review),
        m = svg::inline(run, Measure::Money),
        mk = svg::key(run, Measure::Money),
        w = esc(run
            .summary
            .options
            .first()
            .map_or("at risk", |o| headline::money_words(&o.action))),
    )
}
