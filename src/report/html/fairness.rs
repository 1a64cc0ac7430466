//! The report's "Fairness" section (issue 25): each option's decisions scored
//! against the councils' true, noise-free performance, from `summary.json`
//! (`options[].fairness`). A table of councils rightly reviewed, wrongly
//! reviewed and wrongly spared (mean and 90% of futures) with the money put
//! at risk wrongly; a chart of wrongly reviewed against wrongly spared per
//! option (inline SVG, one point per option with its 90% ranges); and the
//! false-review and missed rates by council size (population thirds).
//! Empty for runs written before fairness existed.

use std::fmt::Write as _;

use super::esc;
use crate::format::{money_m, pct1};
use crate::report::load::Run;
use crate::report::schema::FairnessJson;

/// The section, or an empty string when no option carries fairness figures.
pub(super) fn section(run: &Run) -> String {
    let opts: Vec<(usize, &str, &FairnessJson)> = run
        .summary
        .options
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.fairness.as_ref().map(|f| (i, o.id.as_str(), f)))
        .collect();
    if opts.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "<section id=\"fairness\">\n<h2>Fairness</h2>\n<p class=\"hint\">Each decision scored \
         against the council's true performance: the same rule read on the noise-free (latent) \
         rates of the same simulated future, or the scenario's <code>[fairness] intent</code> \
         if it states one. <strong>Wrongly reviewed</strong>: reviewed on the published figures \
         though its true performance did not call for it (counting noise put it there). \
         <strong>Wrongly spared</strong>: not reviewed though its true performance called for \
         it. Columns <code>p_wrongly_reviewed</code> and <code>p_wrongly_spared</code> of \
         councils.csv give each council's chance; fairness.csv the figures by size.</p>\n",
    );
    out.push_str(
        "<div class=\"scroll\"><table class=\"data\" id=\"fairness-table\">\n<thead><tr><th>Option</th>\
         <th class=\"num\">Rightly reviewed</th><th class=\"num\">Wrongly reviewed</th>\
         <th class=\"num\">90% of futures</th><th class=\"num\">Wrongly spared</th>\
         <th class=\"num\">90% of futures</th><th class=\"num\">Money wrongly affected (mean)</th>\
         </tr></thead>\n<tbody>\n",
    );
    for (_, id, f) in &opts {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{:.1}</td><td class=\"num\">{:.1}</td>\
             <td class=\"num\">{:.0}–{:.0}</td><td class=\"num\">{:.1}</td>\
             <td class=\"num\">{:.0}–{:.0}</td><td class=\"num\">{}</td></tr>",
            esc(id),
            f.rightly_reviewed.mean,
            f.wrongly_reviewed.mean,
            f.wrongly_reviewed.p5,
            f.wrongly_reviewed.p95,
            f.wrongly_spared.mean,
            f.wrongly_spared.p5,
            f.wrongly_spared.p95,
            money_m(f.funding_wrongly_at_risk.mean),
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
    out.push_str(&chart(&opts));
    out.push_str(&by_size(&opts));
    out.push_str("</section>\n");
    out
}

/// Wrongly reviewed (y) against wrongly spared (x), one point per option
/// with its 90% ranges as whiskers.
fn chart(opts: &[(usize, &str, &FairnessJson)]) -> String {
    let (w, h, l, r, t, b) = (640.0, 360.0, 60.0, 180.0, 20.0, 50.0);
    let xmax = opts
        .iter()
        .map(|(_, _, f)| f.wrongly_spared.p95)
        .fold(1.0, f64::max);
    let ymax = opts
        .iter()
        .map(|(_, _, f)| f.wrongly_reviewed.p95)
        .fold(1.0, f64::max);
    // Axes end on a multiple of 4 councils, so the five ticks are whole
    // numbers (a tick at 2.5 printed as "2" would misplace every reading).
    let (xmax, ymax) = (axis_end(xmax), axis_end(ymax));
    let x = |v: f64| l + (w - l - r) * v / xmax;
    let y = |v: f64| h - b - (h - t - b) * v / ymax;
    let mut s = format!(
        "<figure class=\"chart\" id=\"fairness-chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" \
         viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" \
         aria-label=\"Councils wrongly reviewed against wrongly spared, per option\">\n\
         <line x1=\"{l}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#333\"/>\n\
         <line x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{}\" stroke=\"#333\"/>\n",
        h - b,
        w - r,
        h - b,
        h - b
    );
    for k in 0..=4 {
        let (vx, vy) = (xmax * f64::from(k) / 4.0, ymax * f64::from(k) / 4.0);
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{vx:.0}</text>\
             <text x=\"{}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">{vy:.0}</text>",
            x(vx),
            h - b + 16.0,
            l - 6.0,
            y(vy) + 4.0
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{:.1}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">Councils wrongly spared \
         (mean, 90% of futures)</text>\n<text x=\"14\" y=\"{:.1}\" font-size=\"12\" \
         text-anchor=\"middle\" transform=\"rotate(-90 14 {:.1})\">Councils wrongly reviewed</text>",
        l + (w - l - r) / 2.0,
        h - 10.0,
        t + (h - t - b) / 2.0,
        t + (h - t - b) / 2.0
    );
    for (k, (i, id, f)) in opts.iter().enumerate() {
        let c = crate::report::plots::option_colour(*i);
        let col = format!("rgb({},{},{})", c.0, c.1, c.2);
        let (mx, my) = (x(f.wrongly_spared.mean), y(f.wrongly_reviewed.mean));
        let _ = writeln!(
            s,
            "<g class=\"fair-point\" data-option=\"{id}\"><title>{id}: {:.1} wrongly reviewed, {:.1} wrongly spared</title>\
             <line x1=\"{:.1}\" y1=\"{my:.1}\" x2=\"{:.1}\" y2=\"{my:.1}\" stroke=\"{col}\"/>\
             <line x1=\"{mx:.1}\" y1=\"{:.1}\" x2=\"{mx:.1}\" y2=\"{:.1}\" stroke=\"{col}\"/>\
             <circle cx=\"{mx:.1}\" cy=\"{my:.1}\" r=\"5\" fill=\"{col}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{col}\">{id}</text></g>",
            f.wrongly_reviewed.mean,
            f.wrongly_spared.mean,
            x(f.wrongly_spared.p5),
            x(f.wrongly_spared.p95),
            y(f.wrongly_reviewed.p5),
            y(f.wrongly_reviewed.p95),
            w - r + 10.0,
            t + 14.0 + 16.0 * k as f64,
            id = esc(id),
        );
    }
    s.push_str(
        "</svg><figcaption>Councils wrongly reviewed against wrongly spared per option: \
         the dot is the mean over futures, the lines the 90% ranges. Lower and further left is \
         fairer.</figcaption></figure>\n",
    );
    s
}

/// The end of an axis showing `max` councils: 10% headroom, rounded up to
/// a multiple of 4 so that quarter ticks are whole councils.
fn axis_end(max: f64) -> f64 {
    (max * 1.1 / 4.0).ceil() * 4.0
}

/// False-review and missed rates by population third, per option.
fn by_size(opts: &[(usize, &str, &FairnessJson)]) -> String {
    let Some((_, _, first)) = opts.first() else {
        return String::new();
    };
    let mut s = String::from(
        "<h3>By council size</h3>\n<p class=\"hint\">False-review rate: of the futures in which \
         a council's true performance did not call for review, the share in which it was \
         reviewed. Missed rate: of those in which it did, the share in which it was spared. \
         Councils in thirds by population aged 18+.</p>\n<div class=\"scroll\">\
         <table class=\"data\" id=\"fairness-size\">\n<thead><tr><th>Option</th>",
    );
    for g in &first.by_size {
        let _ = write!(
            s,
            "<th class=\"num\">{} ({} councils, {:.0}k–{:.0}k): false review · missed</th>",
            esc(&g.size),
            g.councils,
            g.population_from / 1000.0,
            g.population_to / 1000.0
        );
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for (_, id, f) in opts {
        let _ = write!(s, "<tr><td>{}</td>", esc(id));
        for g in &f.by_size {
            let _ = write!(
                s,
                "<td class=\"num\">{} · {}</td>",
                pct_or_dash(g.false_review_rate),
                pct_or_dash(g.missed_rate)
            );
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table></div>\n");
    s
}

fn pct_or_dash(x: Option<f64>) -> String {
    x.filter(|x| x.is_finite()).map_or_else(|| "–".into(), pct1)
}

#[cfg(test)]
mod tests {
    use super::axis_end;

    /// Every quarter tick of an axis is a whole number of councils, and the
    /// axis reaches past its largest value (the 5.1-ish maxima of the
    /// default scenario once printed a tick at 2.5 as "2").
    #[test]
    fn quarter_ticks_are_whole_councils_and_the_axis_covers_its_data() {
        for max in [1.0, 2.4, 4.0, 9.0, 10.0, 17.3, 151.0] {
            let end = axis_end(max);
            assert!(end >= max * 1.1 - 1e-9, "{max} -> {end}");
            for k in 0..=4 {
                let tick = end * f64::from(k) / 4.0;
                assert_eq!(tick, tick.round(), "{max}: tick {k} is {tick}");
            }
        }
    }
}
