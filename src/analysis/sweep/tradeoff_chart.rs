//! The sweep's trade-off chart (scenarios with `[consequences]`, one varied
//! key): for each swept value, beds freed against avoidable care-home
//! admissions (left) and against money (right: the cost of compliance and
//! each option's funding at risk), all national means. Tracing
//! `trajectory.pull` from 0 up draws what a stronger response to the target
//! buys and costs.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::Sweep;
use crate::report::plots::{
    Chart, DrawResult, axis_font, grid_style, headed, option_colour, tick_font,
};

pub struct SweepTradeOff<'a> {
    pub sweep: &'a Sweep,
}

impl SweepTradeOff<'_> {
    /// `(label, beds, admissions, cost £m, funding £m per option)` per point.
    fn rows(&self) -> Vec<(String, f64, f64, f64, Vec<f64>)> {
        let s = self.sweep;
        s.points
            .iter()
            .filter_map(|p| {
                let t = p.trade_off.as_ref()?;
                let funding = p.figures.iter().map(|f| f.funding_mean / 1e6).collect();
                let label = s.value(p, 0).to_string();
                Some((
                    label,
                    t.beds_mean,
                    t.admissions_mean,
                    t.cost_mean / 1e6,
                    funding,
                ))
            })
            .collect()
    }

    /// Whether there is anything to draw.
    pub fn applies(&self) -> bool {
        self.sweep.vary.len() == 1 && !self.rows().is_empty()
    }
}

fn range(v: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = v.fold((0.0f64, 0.0f64), |(a, b), x| (a.min(x), b.max(x)));
    let pad = ((hi - lo) * 0.08).max(1e-6);
    (lo - pad, hi + pad)
}

impl Chart for SweepTradeOff<'_> {
    fn size(&self) -> (u32, u32) {
        (1100, 520)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let s = self.sweep;
        let rows = self.rows();
        let sub = format!(
            "Each point one value of {} ({} trials, same seed); national means",
            s.vary[0].key, s.trials
        );
        let area = headed(root, "The cost of hitting the target: the trade-off", &sub)?;
        let (left, right) = area.split_horizontally(550);
        let xr = range(rows.iter().map(|r| r.1));
        let mut l = ChartBuilder::on(&left)
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .build_cartesian_2d(
                xr.0..xr.1,
                range(rows.iter().map(|r| r.2)).0..range(rows.iter().map(|r| r.2)).1,
            )?;
        l.configure_mesh()
            .x_desc("Beds freed")
            .y_desc("Avoidable care-home admissions")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        let c0 = RGBColor(60, 60, 60);
        l.draw_series(LineSeries::new(
            rows.iter().map(|r| (r.1, r.2)),
            c0.stroke_width(2),
        ))?;
        l.draw_series(rows.iter().map(|r| {
            EmptyElement::at((r.1, r.2))
                + Circle::new((0, 0), 4, c0.filled())
                + Text::new(r.0.clone(), (6, -14), tick_font())
        }))?;
        let money = rows
            .iter()
            .flat_map(|r| std::iter::once(r.3).chain(r.4.iter().copied()));
        let yr = range(money);
        let mut r = ChartBuilder::on(&right)
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .build_cartesian_2d(xr.0..xr.1, yr.0..yr.1)?;
        r.configure_mesh()
            .x_desc("Beds freed")
            .y_desc("£m")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        r.draw_series(LineSeries::new(
            rows.iter().map(|x| (x.1, x.3)),
            c0.stroke_width(3),
        ))?
        .label("cost of compliance")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], c0.stroke_width(3)));
        for (k, id) in s.options.iter().enumerate() {
            let c = option_colour(k);
            let pts = rows.iter().filter_map(|x| Some((x.1, *x.4.get(k)?)));
            r.draw_series(LineSeries::new(pts, c.stroke_width(2)))?
                .label(format!("at risk: {id}"))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], c.stroke_width(2))
                });
        }
        r.configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.92))
            .border_style(RGBColor(180, 180, 180))
            .label_font(tick_font())
            .draw()
    }
}
