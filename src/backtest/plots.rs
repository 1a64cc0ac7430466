//! The backtest's charts (SVG + PNG, with `ibcf run`'s font, palette and
//! SVG/PNG fan-out from `report::plots`): PIT histogram, coverage by
//! horizon month, predicted against actual criterion counts, and, with
//! several origins, coverage by origin.

use super::summary::{PIT_BINS, Summary};
use super::{METRICS, Origin};
use crate::error::Failure;
use crate::report::plots::{
    Chart, DrawResult, PlotFile, axis_font, ensure_font, grid_style, headed, option_colour,
    tick_font, write,
};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// Draws every chart into `dir` (created if needed).
///
/// # Errors
/// The font, a drawing or a file write failed.
pub fn draw_all(dir: &Path, origins: &[Origin], s: &Summary) -> Result<Vec<PlotFile>, Failure> {
    ensure_font()?;
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::runtime(format!("error: cannot create {}: {e}", dir.display())))?;
    let pooled = if origins.len() > 1 {
        None
    } else {
        origins.first().map(|o| o.at)
    };
    let mut out = Vec::new();
    let pit = PitChart {
        shares: s
            .pit
            .iter()
            .filter(|r| r.origin == pooled)
            .map(|r| {
                let n = r.counts.iter().sum::<u64>().max(1) as f64;
                (r.metric, r.counts.iter().map(|&c| c as f64 / n).collect())
            })
            .collect(),
    };
    out.push(write(
        &pit,
        dir,
        "pit_histogram",
        "PIT histogram".into(),
        pit_caption(),
    )?);
    let cov = CoverageChart {
        rows: s
            .coverage
            .iter()
            .filter(|r| r.origin == pooled)
            .map(|r| (r.metric, r.horizon, r.coverage50, r.coverage90))
            .collect(),
        x_label: "Months after the origin".into(),
    };
    out.push(write(
        &cov,
        dir,
        "coverage_by_horizon",
        "Coverage by horizon".into(),
        cov_caption(),
    )?);
    let pts: Vec<Point> = origins
        .iter()
        .flat_map(|o| {
            o.criteria.iter().map(|c| {
                (
                    c.name.clone(),
                    c.predicted,
                    c.predicted_p5,
                    c.predicted_p95,
                    c.actual,
                )
            })
        })
        .collect();
    if !pts.is_empty() {
        let sc = Scatter { pts };
        let cap = "Each point is one criterion at one origin: the predicted number of councils meeting it \
                   (sum of probabilities; bar = 5–95% of futures) against the number that did. \
                   Points on the diagonal are right."
            .to_string();
        out.push(write(
            &sc,
            dir,
            "criteria_predicted_vs_actual",
            "Predicted against actual".into(),
            cap,
        )?);
    }
    if origins.len() > 1 {
        let by = OriginChart {
            rows: s
                .origins
                .iter()
                .map(|r| (r.at.to_string(), r.coverage50, r.coverage90))
                .collect(),
        };
        let cap =
            "Share of all forecasts (councils × metrics × months) inside the central 50% and 90% \
                   intervals, origin by origin; dashed lines are the nominal 50% and 90%."
                .to_string();
        out.push(write(
            &by,
            dir,
            "coverage_by_origin",
            "Coverage by origin".into(),
            cap,
        )?);
    }
    Ok(out)
}

fn pit_caption() -> String {
    "Where each actual value fell in its forecast distribution (PIT), in ten equal bins; a calibrated \
     model gives 10% in every bin (dashed). A U shape means intervals too narrow; a hump, too wide; \
     a slope, a biased centre."
        .to_string()
}

fn cov_caption() -> String {
    "Share of actual values inside the central 90% (solid) and 50% (dotted) forecast intervals, \
     per metric and months ahead; dashed grey lines are the nominal 90% and 50%."
        .to_string()
}

/// (criterion, predicted, p5, p95, actual).
type Point = (String, f64, u32, u32, u32);

struct PitChart {
    /// (metric, share per bin).
    shares: Vec<(usize, Vec<f64>)>,
}

impl Chart for PitChart {
    fn size(&self) -> (u32, u32) {
        (1000, 520)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = headed(
            root,
            "PIT histogram: where the actual fell in the forecast",
            "Share of forecasts per PIT bin, by metric; calibrated = 10% each",
        )?;
        let top = self
            .shares
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .fold(0.12, f64::max)
            * 1.1;
        let mut chart = ChartBuilder::on(&area)
            .margin_left(10)
            .margin_right(30)
            .margin_bottom(10)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..1f64, 0f64..top)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(11)
            .x_label_formatter(&|x| format!("{x:.1}"))
            .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
            .x_desc("PIT (probability the forecast gave to values below the actual)")
            .y_desc("Share of forecasts")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        let bw = 1.0 / PIT_BINS as f64;
        let w = bw * 0.85 / self.shares.len().max(1) as f64;
        for (k, (m, sh)) in self.shares.iter().enumerate() {
            let c = option_colour(k);
            chart
                .draw_series(sh.iter().enumerate().map(|(b, &s)| {
                    let x = b as f64 * bw + bw * 0.075 + k as f64 * w;
                    Rectangle::new([(x, 0.0), (x + w * 0.92, s)], c.filled())
                }))?
                .label(METRICS[*m])
                .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], c.filled()));
        }
        chart.draw_series(DashedLineSeries::new(
            vec![(0.0, bw), (1.0, bw)],
            6,
            4,
            BLACK.stroke_width(1),
        ))?;
        legend(&mut chart, SeriesLabelPosition::UpperRight)
    }
}

fn legend<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    at: SeriesLabelPosition,
) -> DrawResult<DB> {
    chart
        .configure_series_labels()
        .position(at)
        .background_style(WHITE.mix(0.92))
        .border_style(RGBColor(180, 180, 180))
        .label_font(tick_font())
        .draw()
}

struct CoverageChart {
    /// (metric, horizon, coverage50, coverage90).
    rows: Vec<(usize, u32, f64, f64)>,
    x_label: String,
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
        let mut chart = ChartBuilder::on(&area)
            .margin_left(10)
            .margin_right(30)
            .margin_bottom(10)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(0.7f64..hmax + 0.3, 0f64..1.05f64)?;
        chart
            .configure_mesh()
            .x_labels(hmax as usize + 1)
            .x_label_formatter(&|x| match (x - x.round()).abs() < 1e-6 && *x >= 1.0 {
                true => format!("{}", x.round() as i64),
                false => String::new(),
            })
            .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
            .x_desc(self.x_label.as_str())
            .y_desc("Share of actuals inside the interval")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        for nominal in [0.5, 0.9] {
            chart.draw_series(DashedLineSeries::new(
                vec![(0.7, nominal), (hmax + 0.3, nominal)],
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

struct OriginChart {
    /// (origin, coverage50, coverage90).
    rows: Vec<(String, f64, f64)>,
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
        let mut chart = ChartBuilder::on(&area)
            .margin_left(10)
            .margin_right(30)
            .margin_bottom(10)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(-0.3f64..n - 0.7, 0f64..1.05f64)?;
        let labels: Vec<String> = self.rows.iter().map(|r| r.0.clone()).collect();
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
            .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
            .x_desc("Forecast origin (last month of history used)")
            .y_desc("Share of actuals inside the interval")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        for (k, nominal) in [(0usize, 0.5), (1, 0.9)] {
            let c = option_colour(k);
            chart.draw_series(DashedLineSeries::new(
                vec![(-0.3, nominal), (n - 0.7, nominal)],
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

struct Scatter {
    pts: Vec<Point>,
}

impl Chart for Scatter {
    fn size(&self) -> (u32, u32) {
        (800, 640)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = headed(
            root,
            "Councils meeting each criterion: predicted and actual",
            "Bars: 5–95% of simulated futures; diagonal: predicted = actual",
        )?;
        let vals = self
            .pts
            .iter()
            .flat_map(|p| [p.1, f64::from(p.2), f64::from(p.3), f64::from(p.4)]);
        let (lo, hi) = vals.fold((f64::INFINITY, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
        let pad = ((hi - lo) * 0.08).max(1.0);
        let (lo, top) = ((lo - pad).max(0.0).floor(), (hi + pad).ceil());
        let mut chart = ChartBuilder::on(&area)
            .margin_left(10)
            .margin_right(30)
            .margin_bottom(10)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(lo..top, lo..top)?;
        chart
            .configure_mesh()
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_desc("Predicted number of councils")
            .y_desc("Actual number of councils")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        chart.draw_series(DashedLineSeries::new(
            vec![(lo, lo), (top, top)],
            6,
            4,
            RGBColor(130, 130, 130).stroke_width(1),
        ))?;
        let mut names: Vec<&str> = Vec::new();
        for p in &self.pts {
            if !names.contains(&p.0.as_str()) {
                names.push(&p.0);
            }
        }
        for (k, name) in names.iter().enumerate() {
            let c = option_colour(k);
            let mine: Vec<&Point> = self.pts.iter().filter(|p| p.0 == *name).collect();
            chart.draw_series(mine.iter().map(|p| {
                PathElement::new(
                    vec![
                        (f64::from(p.2), f64::from(p.4)),
                        (f64::from(p.3), f64::from(p.4)),
                    ],
                    c.stroke_width(1),
                )
            }))?;
            chart
                .draw_series(
                    mine.iter()
                        .map(|p| Circle::new((p.1, f64::from(p.4)), 5, c.filled())),
                )?
                .label(*name)
                .legend(move |(x, y)| Circle::new((x + 7, y), 5, c.filled()));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.92))
            .border_style(RGBColor(180, 180, 180))
            .label_font(tick_font())
            .draw()
    }
}
