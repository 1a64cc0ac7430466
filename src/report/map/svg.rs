//! The hex maps inline in report.html: one `<path data-code="E…">` per
//! council inside a link to its page (`#council/E…`), with a `<title>`
//! tooltip. Drawn for the first option; the page's script recolours them
//! for the option chosen, from colours computed by [`super::p_colour`] and
//! [`super::money_colour`] and passed in the page's data.

use std::fmt::Write as _;

use super::{ATTRIBUTION, Rgb, centre, corners, extent, hex_colour, hexes, money_max};
use crate::format::money_m;
use crate::report::html::esc;
use crate::report::load::{CouncilRow, Run};

/// Which figure a map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Probability of formal review.
    Review,
    /// Expected money affected.
    Money,
}

impl Measure {
    fn id(self) -> &'static str {
        match self {
            Measure::Review => "review",
            Measure::Money => "money",
        }
    }
}

const SIZE: f64 = 10.0;

/// Tooltip text of one council under one option.
pub fn tooltip(r: &CouncilRow, words: &str) -> String {
    format!(
        "{}: P(review) {:.1}% ± {:.1}%; expected {} {} of {} allocation",
        r.name,
        100.0 * r.p_review,
        196.0 * r.p_review_se,
        words,
        money_m(r.expected_at_risk),
        money_m(r.allocation),
    )
}

/// The colour of one council on a map of `measure`.
pub fn fill(r: &CouncilRow, measure: Measure, max: f64) -> Rgb {
    match measure {
        Measure::Review => super::p_colour(r.p_review),
        Measure::Money => super::money_colour(r.expected_at_risk, max),
    }
}

/// One map as an inline `<svg>`, coloured for the run's first option.
pub fn inline(run: &Run, measure: Measure) -> String {
    let Some(first) = run.summary.options.first() else {
        return String::new();
    };
    let words = crate::report::headline::money_words(&first.action);
    let max = money_max(run);
    let rows: Vec<&CouncilRow> = run.councils_of(&first.id).collect();
    let (w, h, top) = extent();
    let mut out = format!(
        "<svg class=\"hexmap\" id=\"map-{id}\" viewBox=\"0 0 {vw:.0} {vh:.0}\" role=\"group\" \
         aria-label=\"Hex map of councils: {what}\">\n",
        id = measure.id(),
        vw = w * SIZE,
        vh = h * SIZE,
        what = match measure {
            Measure::Review => "probability of formal review",
            Measure::Money => "expected money affected",
        }
    );
    for hx in hexes() {
        let (cx, cy) = centre(hx, top);
        let mut d = String::new();
        for (k, (x, y)) in corners(cx * SIZE, cy * SIZE, SIZE - 0.5).iter().enumerate() {
            let _ = write!(d, "{}{x:.1},{y:.1}", if k == 0 { "M" } else { "L" });
        }
        d.push('Z');
        let row = rows.iter().find(|r| r.code == hx.code);
        let (colour, title) = match row {
            Some(r) => (hex_colour(fill(r, measure, max)), tooltip(r, words)),
            None => (
                hex_colour(super::ZERO),
                format!("{}: not in this run", hx.name),
            ),
        };
        let _ = writeln!(
            out,
            "<a href=\"#council/{code}\"><path class=\"hex\" data-code=\"{code}\" data-hex=\"{hex}\" \
             d=\"{d}\" fill=\"{colour}\"><title>{title}</title></path></a>",
            code = esc(&hx.code),
            hex = esc(&hx.hex),
            title = esc(&title),
        );
    }
    out.push_str("</svg>");
    out
}

/// The colour key under a map, as HTML.
pub fn key(run: &Run, measure: Measure) -> String {
    let max = money_max(run);
    let stops: Vec<(String, Rgb)> = match measure {
        Measure::Review => [0.0, 0.25, 0.5, 0.75, 1.0]
            .iter()
            .map(|&p: &f64| (crate::format::pct_tick(p), super::p_colour(p.max(1e-9))))
            .collect(),
        Measure::Money => [0.0, 0.0625, 0.25, 0.5625, 1.0]
            .iter()
            .map(|&t| {
                (
                    money_m(t * max),
                    super::money_colour((t * max).max(1e-9), max),
                )
            })
            .collect(),
    };
    let mut out = String::from("<p class=\"key\">");
    for (label, c) in stops {
        let _ = write!(
            out,
            "<span class=\"sw\" style=\"background:{}\"></span>{} ",
            hex_colour(c),
            esc(&label)
        );
    }
    let _ = write!(
        out,
        "<span class=\"sw\" style=\"background:{}\"></span>never · <span class=\"attr\">{}</span></p>",
        hex_colour(super::ZERO),
        esc(ATTRIBUTION)
    );
    out
}
