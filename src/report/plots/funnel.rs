//! The funnel plot of a `funnel` criterion (Spiegelhalter 2005), from
//! `funnel.csv`: each council's count over the criterion's window as a
//! ratio to the count expected at its target (y; 1 = on target, the target
//! line) against that expected count (x, log scale), with the upper limit
//! above which the criterion fires. Councils are the median simulated
//! count (or the published one for an observed month). Councils expected
//! to have no delays (a target of 0) have no ratio and are left out.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, axis_font, grid_style, headed, option_colour, tick_font};
use crate::report::load::{FunnelRow, Run};

/// One criterion's funnel.
pub(super) struct FunnelChart {
    pub(super) criterion: String,
    month: String,
    /// (expected, count / expected) per council.
    points: Vec<(f64, f64)>,
    /// (expected, limit / expected), by expected count.
    limit: Vec<(f64, f64)>,
    above: usize,
    left_out: usize,
}

impl FunnelChart {
    /// One chart per funnel criterion in the run, in file order.
    pub(super) fn all(run: &Run) -> Vec<FunnelChart> {
        let mut names: Vec<&str> = Vec::new();
        for r in &run.funnel {
            if !names.contains(&r.criterion.as_str()) {
                names.push(&r.criterion);
            }
        }
        names
            .into_iter()
            .map(|n| {
                let rows: Vec<&FunnelRow> =
                    run.funnel.iter().filter(|r| r.criterion == n).collect();
                FunnelChart::new(n, &rows)
            })
            .collect()
    }

    fn new(name: &str, rows: &[&FunnelRow]) -> FunnelChart {
        let ok = |r: &&&FunnelRow| r.expected > 0.0 && r.expected.is_finite();
        let points: Vec<(f64, f64)> = rows
            .iter()
            .filter(ok)
            .filter_map(|r| r.count.map(|c| (r.expected, c / r.expected)))
            .collect();
        let mut limit: Vec<(f64, f64)> = rows
            .iter()
            .filter(ok)
            .map(|r| (r.expected, r.limit / r.expected))
            .collect();
        limit.sort_by(|a, b| a.0.total_cmp(&b.0));
        let above = rows
            .iter()
            .filter(|r| r.count.is_some_and(|c| c > r.limit))
            .count();
        FunnelChart {
            criterion: name.to_string(),
            month: rows.first().map_or(String::new(), |r| r.month.label()),
            left_out: rows.len() - rows.iter().filter(ok).count(),
            points,
            limit,
            above,
        }
    }

    pub(super) fn title(&self) -> String {
        format!("Funnel plot: {}", self.criterion)
    }

    pub(super) fn caption(&self) -> String {
        let out = match self.left_out {
            0 => String::new(),
            n => format!(" {n} council(s) expected to have no delays (target 0) are not shown."),
        };
        format!(
            "Each dot is a council: its delayed days in the window to {} (median simulated future) \
             as a ratio to the count expected at its target (1 = on target, grey line), against that \
             expected count. The red line is the limit above which {} is true: wide for small \
             councils, narrow for large ones. {} council(s) above it on the median path.{out}",
            self.month, self.criterion, self.above
        )
    }
}

impl Chart for FunnelChart {
    fn size(&self) -> (u32, u32) {
        (760, 560)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = headed(
            root,
            &format!("Funnel plot: {} ({})", self.criterion, self.month),
            "Ratio to the expected count at target against the expected count; limit in red",
        )?;
        let xs = || self.points.iter().chain(&self.limit).map(|p| p.0);
        let (x0, x1) = (
            xs().fold(f64::INFINITY, f64::min).max(1e-3),
            xs().fold(0.0, f64::max),
        );
        let (x0, x1) = if x0 < x1 {
            (x0 / 1.3, x1 * 1.3)
        } else {
            (0.1, 10.0)
        };
        let ymax = self
            .points
            .iter()
            .chain(&self.limit)
            .map(|p| p.1)
            .filter(|v| v.is_finite())
            .fold(2.0, f64::max)
            .min(50.0)
            * 1.05;
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(56)
            .build_cartesian_2d((x0..x1).log_scale(), 0f64..ymax)?;
        chart
            .configure_mesh()
            .x_desc("Delayed days expected at target (log scale)")
            .y_desc("Delayed days ÷ expected")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        chart.draw_series(LineSeries::new(
            [(x0, 1.0), (x1, 1.0)],
            RGBColor(120, 120, 120).stroke_width(2),
        ))?;
        chart.draw_series(LineSeries::new(
            self.limit.iter().map(|&(x, y)| (x, y.min(ymax))),
            RGBColor(200, 30, 30).stroke_width(2),
        ))?;
        let col = option_colour(0).mix(0.75);
        chart.draw_series(
            self.points
                .iter()
                .map(|&(x, y)| Circle::new((x, y.min(ymax)), 3, col.filled())),
        )?;
        Ok(())
    }
}
