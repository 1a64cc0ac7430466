//! Coverage charts: by months ahead (per metric) and by forecast origin.

use super::{Chart, DrawResult, frame, house, legend};
use crate::analysis::backtest::METRICS;
use crate::format::pct_tick;
use crate::report::plots::{headed, option_colour};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Share of the plot's width the legend may take at its right edge.
pub(super) const LEGEND_SHARE: f64 = 0.2;

/// The x axis end that leaves the right [`LEGEND_SHARE`] of the plot empty
/// beyond the data (which ends at `hi`), so the legend, drawn at the right,
/// never covers the last points.
pub(super) fn legend_room(lo: f64, hi: f64) -> f64 {
    hi + (hi - lo) * LEGEND_SHARE / (1.0 - LEGEND_SHARE)
}

pub(super) struct CoverageChart {
    /// (metric, horizon, coverage50, coverage90).
    pub(super) rows: Vec<(usize, u32, f64, f64)>,
    pub(super) x_label: String,
}

impl Chart for CoverageChart {
    fn size(&self) -> (u32, u32) {
        (1000, 520)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = headed(
            root,
            "Interval coverage by months ahead",
            "Solid: 90% interval; dotted: 50% interval; grey dashed: nominal",
        )?;
        let hmax = self.rows.iter().map(|r| r.1).max().unwrap_or(1).max(2) as f64;
        let mut chart =
            frame(&area).build_cartesian_2d(0.7f64..legend_room(0.7, hmax + 0.3), 0f64..1.05f64)?;
        house(
            chart
                .configure_mesh()
                .x_labels(hmax as usize + 1)
                .x_label_formatter(&|x| match (x - x.round()).abs() < 1e-6 && *x >= 1.0 {
                    true => format!("{}", x.round() as i64),
                    false => String::new(),
                })
                .y_label_formatter(&|y| pct_tick(*y))
                .x_desc(self.x_label.as_str())
                .y_desc("Share of actuals inside the interval"),
        )
        .draw()?;
        for nominal in [0.5, 0.9] {
            chart.draw_series(DashedLineSeries::new(
                vec![(0.7, nominal), (legend_room(0.7, hmax + 0.3), nominal)],
                6,
                4,
                RGBColor(130, 130, 130).stroke_width(1),
            ))?;
        }
        for (m, name) in METRICS.iter().enumerate() {
            let pts: Vec<&(usize, u32, f64, f64)> = self.rows.iter().filter(|r| r.0 == m).collect();
            if pts.is_empty() {
                continue;
            }
            let c = option_colour(m);
            chart
                .draw_series(
                    LineSeries::new(pts.iter().map(|r| (f64::from(r.1), r.3)), c.stroke_width(2))
                        .point_size(4),
                )?
                .label(*name)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2))
                });
            chart.draw_series(DashedLineSeries::new(
                pts.iter().map(|r| (f64::from(r.1), r.2)),
                2,
                3,
                c.stroke_width(2),
            ))?;
        }
        legend(&mut chart, SeriesLabelPosition::MiddleRight)
    }
}

pub(super) struct OriginChart {
    /// (origin, coverage50, coverage90).
    pub(super) rows: Vec<(String, f64, f64)>,
}

impl Chart for OriginChart {
    fn size(&self) -> (u32, u32) {
        (1000, 520)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = headed(
            root,
            "Interval coverage by forecast origin",
            "All councils, metrics and months ahead pooled per origin",
        )?;
        let n = self.rows.len().max(2) as f64;
        let mut chart =
            frame(&area).build_cartesian_2d(-0.3f64..legend_room(-0.3, n - 0.7), 0f64..1.05f64)?;
        let labels: Vec<String> = self.rows.iter().map(|r| r.0.clone()).collect();
        house(
            chart
                .configure_mesh()
                .x_labels(self.rows.len() + 1)
                .x_label_formatter(&|x| match (x - x.round()).abs() < 1e-6 {
                    true => labels
                        .get(x.round().max(0.0) as usize)
                        .cloned()
                        .unwrap_or_default(),
                    false => String::new(),
                })
                .y_label_formatter(&|y| pct_tick(*y))
                .x_desc("Forecast origin (last month of history used)")
                .y_desc("Share of actuals inside the interval"),
        )
        .draw()?;
        for (k, nominal) in [(0usize, 0.5), (1, 0.9)] {
            let c = option_colour(k);
            chart.draw_series(DashedLineSeries::new(
                vec![(-0.3, nominal), (legend_room(-0.3, n - 0.7), nominal)],
                6,
                4,
                c.stroke_width(1),
            ))?;
            let pts = self
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| (i as f64, if k == 0 { r.1 } else { r.2 }));
            chart
                .draw_series(LineSeries::new(pts, c.stroke_width(2)).point_size(4))?
                .label(if k == 0 {
                    "50% interval"
                } else {
                    "90% interval"
                })
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2))
                });
        }
        legend(&mut chart, SeriesLabelPosition::MiddleRight)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The data end where the legend's share of the axis begins.
    #[test]
    fn the_legend_gets_the_right_fifth_beyond_the_data() {
        for (lo, hi) in [(0.7, 4.3), (-0.3, 6.3), (-0.3, 1.3)] {
            let end = legend_room(lo, hi);
            let data_share = (hi - lo) / (end - lo);
            assert!(
                (data_share - (1.0 - LEGEND_SHARE)).abs() < 1e-12,
                "{data_share}"
            );
        }
    }
}
