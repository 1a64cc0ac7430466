//! Charts of the council stress test: the council's fan chart against its
//! target path (with the median path under each option's improvement), and
//! review probability against the extra monthly reduction δ.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::CouncilView;
use crate::report::plots::{
    Chart, DrawResult, axis_font, grid_style, headed, option_colour, tick_font,
};

const BAND_OUTER: RGBColor = RGBColor(189, 215, 238);
const BAND_INNER: RGBColor = RGBColor(107, 174, 214);
const MEDIAN: RGBColor = RGBColor(8, 81, 156);
const TARGET: RGBColor = RGBColor(200, 30, 30);

/// The council's fan chart.
pub struct StressFan<'a> {
    pub view: &'a CouncilView,
}

impl Chart for StressFan<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 560)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let v = self.view;
        let Some(fan) = &v.fan else { return Ok(()) };
        let sub = format!(
            "`{}` rate: observed (black), 90% and 50% of futures, median (blue), target (red); coloured dashes: median with the improvement",
            fan.metric
        );
        let area = headed(root, &format!("{} — possible paths", v.name), &sub)?;
        let n = fan.rows.len();
        let top = fan
            .rows
            .iter()
            .map(|r| r.quantiles[4].max(if r.target.is_finite() { r.target } else { 0.0 }))
            .filter(|x| x.is_finite())
            .fold(0.0, f64::max)
            .max(1e-6)
            * 1.1;
        let first = fan.first_month;
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..(n.max(2) - 1) as f64, 0f64..top)?;
        chart
            .configure_mesh()
            .x_labels(n.min(12))
            .x_label_formatter(&|x| match (x - x.round()).abs() < 1e-6 {
                true => first.plus(x.round() as i32).to_string(),
                false => String::new(),
            })
            .y_desc("rate")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        let observed = |k: usize| {
            let q = fan.rows[k].quantiles;
            q[0] == q[4]
        };
        let start = (0..n).find(|&k| !observed(k)).unwrap_or(n);
        let from = start.saturating_sub(1);
        let band = |lo: usize, hi: usize| -> Vec<(f64, f64)> {
            let mut pts: Vec<(f64, f64)> = (from..n)
                .map(|k| (k as f64, fan.rows[k].quantiles[hi]))
                .collect();
            pts.extend(
                (from..n)
                    .rev()
                    .map(|k| (k as f64, fan.rows[k].quantiles[lo])),
            );
            pts
        };
        chart.draw_series([Polygon::new(band(0, 4), BAND_OUTER.filled())])?;
        chart.draw_series([Polygon::new(band(1, 3), BAND_INNER.filled())])?;
        chart.draw_series(LineSeries::new(
            (from..n).map(|k| (k as f64, fan.rows[k].quantiles[2])),
            MEDIAN.stroke_width(2),
        ))?;
        chart.draw_series(LineSeries::new(
            (0..start).map(|k| (k as f64, fan.rows[k].quantiles[2])),
            BLACK.stroke_width(2),
        ))?;
        let target: Vec<(f64, f64)> = (0..n)
            .filter(|&k| fan.rows[k].target.is_finite())
            .map(|k| (k as f64, fan.rows[k].target))
            .collect();
        if !target.is_empty() {
            chart.draw_series(DashedLineSeries::new(target, 6, 4, TARGET.stroke_width(2)))?;
        }
        for (id, med) in &fan.improved {
            let o = v.options.iter().position(|x| x.id == *id).unwrap_or(0);
            chart.draw_series(DashedLineSeries::new(
                (from..n.min(med.len())).map(|k| (k as f64, med[k])),
                4,
                3,
                option_colour(o).stroke_width(2),
            ))?;
        }
        Ok(())
    }
}

/// Review probability against δ, one line per option, with the threshold.
pub struct ImprovementCurve<'a> {
    pub view: &'a CouncilView,
}

impl Chart for ImprovementCurve<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 520)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let v = self.view;
        let sub = format!(
            "Every δ evaluated ({} trials each, same seed); grey dashed: the threshold {}",
            v.trials, v.threshold
        );
        let area = headed(
            root,
            &format!(
                "{}: review probability against extra monthly social-care reduction",
                v.name
            ),
            &sub,
        )?;
        let (plot, legend) = area.split_vertically(area.dim_in_pixel().1 - 34);
        let xmax = v
            .options
            .iter()
            .flat_map(|o| o.improvement.curve.iter().map(|e| e.0))
            .fold(0.0, f64::max)
            .max(1e-3);
        let mut chart = ChartBuilder::on(&plot)
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..xmax, 0f64..1f64)?;
        chart
            .configure_mesh()
            .x_desc("δ: extra reduction of the social-care rate, log scale per month (0.05 ≈ 5% a month)")
            .y_desc("P(review)")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        chart.draw_series(DashedLineSeries::new(
            [(0.0, v.threshold), (xmax, v.threshold)],
            5,
            4,
            RGBColor(110, 110, 110).stroke_width(1),
        ))?;
        for (o, opt) in v.options.iter().enumerate() {
            let pts = &opt.improvement.curve;
            let col = option_colour(o);
            chart.draw_series(LineSeries::new(pts.iter().copied(), col.stroke_width(2)))?;
            chart.draw_series(pts.iter().map(|&p| Circle::new(p, 3, col.filled())))?;
        }
        let ids: Vec<String> = v.options.iter().map(|o| o.id.clone()).collect();
        crate::analysis::charts::option_legend(&legend, &ids)
    }
}
