//! The hex maps as plotters charts (`plots/map_*.svg` and `.png`): one hex
//! per council, a colour key and the attribution line.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{ATTRIBUTION, Rgb, centre, corners, extent, hexes, money_colour, money_max, p_colour};
use crate::format::money_m;
use crate::report::load::Run;
use crate::report::plots::{Chart, DrawResult, headed, tick_font};

/// Pixels from a hex's centre to a corner.
const SIZE: f64 = 17.0;
const LEFT: f64 = 20.0;
const TOP: f64 = 8.0;

/// One map: a colour per council code.
pub(super) struct MapChart {
    pub(super) option: String,
    pub(super) title: String,
    subtitle: String,
    fills: Vec<(String, Rgb)>,
    key: Vec<(String, Rgb)>,
}

impl MapChart {
    /// Probability of review for a group of options sharing their rule.
    pub(super) fn review(run: &Run, group: &[usize]) -> MapChart {
        let opts = &run.summary.options;
        let ids: Vec<&str> = group.iter().map(|&i| opts[i].id.as_str()).collect();
        let first = ids.first().copied().unwrap_or_default();
        let fills = run
            .councils_of(first)
            .map(|r| (r.code.clone(), p_colour(r.p_review)))
            .collect();
        let key = [0.0, 0.25, 0.5, 0.75, 1.0]
            .iter()
            .map(|&p: &f64| (crate::format::pct_tick(p), p_colour(p.max(1e-9))))
            .chain(std::iter::once(("never".to_string(), super::ZERO)))
            .collect();
        MapChart {
            option: first.to_string(),
            title: format!("Probability of formal review: {}", ids.join(", ")),
            subtitle: match ids.len() {
                1 => "Each hex is one council; darker = more likely to be reviewed".into(),
                n => format!("The {n} options share one rule, so one map; darker = more likely"),
            },
            fills,
            key,
        }
    }

    /// Expected money affected under one option.
    pub(super) fn money(run: &Run, i: usize) -> MapChart {
        let o = &run.summary.options[i];
        let max = money_max(run);
        let fills = run
            .councils_of(&o.id)
            .map(|r| (r.code.clone(), money_colour(r.expected_at_risk, max)))
            .collect();
        let key = [0.0, 0.0625, 0.25, 0.5625, 1.0]
            .iter()
            .map(|&t| (money_m(t * max), money_colour((t * max).max(1e-9), max)))
            .chain(std::iter::once(("none".to_string(), super::ZERO)))
            .collect();
        MapChart {
            option: o.id.clone(),
            title: format!(
                "Expected money {}: {}",
                crate::report::headline::money_words(&o.action),
                o.id
            ),
            subtitle: "Probability of review × amount, per council; same scale for every option"
                .into(),
            fills,
            key,
        }
    }

    pub(super) fn caption(&self) -> String {
        format!("{} {ATTRIBUTION}.", self.subtitle)
    }

    fn fill_of(&self, code: &str) -> Rgb {
        self.fills
            .iter()
            .find(|(c, _)| c == code)
            .map_or(super::ZERO, |(_, f)| *f)
    }
}

impl Chart for MapChart {
    fn size(&self) -> (u32, u32) {
        let (w, h, _) = extent();
        (
            (w * SIZE + LEFT + 190.0) as u32,
            (h * SIZE + TOP + 62.0 + 40.0) as u32,
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = headed(root, &self.title, &self.subtitle)?;
        let (w, _, top) = extent();
        let px = |x: f64| x.round() as i32;
        for h in hexes() {
            let (cx, cy) = centre(h, top);
            let pts: Vec<(i32, i32)> = corners(LEFT + cx * SIZE, TOP + cy * SIZE, SIZE - 0.8)
                .iter()
                .map(|&(x, y)| (px(x), px(y)))
                .collect();
            let c = self.fill_of(&h.code);
            area.draw(&Polygon::new(pts.clone(), RGBColor(c.0, c.1, c.2).filled()))?;
            let mut ring = pts;
            ring.push(ring[0]);
            area.draw(&PathElement::new(
                ring,
                RGBColor(255, 255, 255).stroke_width(1),
            ))?;
        }
        let x0 = px(LEFT + w * SIZE + 24.0);
        for (k, (label, c)) in self.key.iter().enumerate() {
            let y = 20 + 26 * k as i32;
            area.draw(&Rectangle::new(
                [(x0, y), (x0 + 22, y + 18)],
                RGBColor(c.0, c.1, c.2).filled(),
            ))?;
            area.draw(&Text::new(label.clone(), (x0 + 30, y + 2), tick_font()))?;
        }
        let (_, hgt) = area.dim_in_pixel();
        area.draw(&Text::new(
            ATTRIBUTION.to_string(),
            (16, hgt as i32 - 22),
            ("sans-serif", 12).into_font().color(&RGBColor(90, 90, 90)),
        ))
    }
}
