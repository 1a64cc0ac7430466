//! The backtest's charts (SVG + PNG, with `ibcf run`'s font, palette and
//! SVG/PNG fan-out from `report::plots`): PIT histogram, coverage by
//! horizon month, predicted against actual criterion counts, and, with
//! several origins, coverage by origin.

mod coverage;
mod scatter;

use super::summary::{PIT_BINS, Summary};
use super::{BacktestError, METRICS, Origin};
use crate::format::pct_tick;
use crate::report::plots::{
    Chart, DrawResult, PlotFile, axis_font, ensure_font, grid_style, headed, option_colour,
    tick_font, write,
};
use coverage::{CoverageChart, OriginChart};
use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::prelude::*;
use scatter::Scatter;
use std::path::Path;

/// Draws every chart into `dir` (created if needed).
///
/// # Errors
/// [`BacktestError::Plot`] when the font, a drawing or a chart file
/// failed; [`BacktestError::Io`] when `dir` cannot be created.
pub fn draw_all(
    dir: &Path,
    origins: &[Origin],
    s: &Summary,
) -> Result<Vec<PlotFile>, BacktestError> {
    ensure_font().map_err(BacktestError::Plot)?;
    std::fs::create_dir_all(dir)
        .map_err(|e| BacktestError::io(format!("cannot create {}", dir.display()), e))?;
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
    out.push(
        write(
            &pit,
            dir,
            "pit_histogram",
            "PIT histogram".into(),
            pit_caption(),
        )
        .map_err(BacktestError::Plot)?,
    );
    let cov = CoverageChart {
        rows: s
            .coverage
            .iter()
            .filter(|r| r.origin == pooled)
            .map(|r| (r.metric, r.horizon, r.coverage50, r.coverage90))
            .collect(),
        x_label: "Months after the origin".into(),
    };
    out.push(
        write(
            &cov,
            dir,
            "coverage_by_horizon",
            "Coverage by horizon".into(),
            cov_caption(),
        )
        .map_err(BacktestError::Plot)?,
    );
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
        out.push(
            write(
                &sc,
                dir,
                "criteria_predicted_vs_actual",
                "Predicted against actual".into(),
                cap,
            )
            .map_err(BacktestError::Plot)?,
        );
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
        out.push(
            write(
                &by,
                dir,
                "coverage_by_origin",
                "Coverage by origin".into(),
                cap,
            )
            .map_err(BacktestError::Plot)?,
        );
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
pub(super) type Point = (String, f64, u32, u32, u32);

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
        let mut chart = frame(&area).build_cartesian_2d(0f64..1f64, 0f64..top)?;
        house(
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(11)
                .x_label_formatter(&|x| format!("{x:.1}"))
                .y_label_formatter(&|y| pct_tick(*y))
                .x_desc("PIT (probability the forecast gave to values below the actual)")
                .y_desc("Share of forecasts"),
        )
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

/// A chart builder on `area` with the margins and label areas every
/// backtest chart uses.
pub(super) fn frame<'a, 'b, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
) -> ChartBuilder<'a, 'b, DB> {
    let mut b = ChartBuilder::on(area);
    b.margin_left(10)
        .margin_right(30)
        .margin_bottom(10)
        .x_label_area_size(50)
        .y_label_area_size(70);
    b
}

/// The mesh styling every backtest chart uses: the report's fonts, no minor
/// lines, its grid.
pub(super) fn house<'m, 'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    m: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB> {
    m.axis_desc_style(axis_font())
        .label_style(tick_font())
        .light_line_style(WHITE)
        .bold_line_style(grid_style())
}

/// The legend box every backtest chart draws, at `at`.
pub(super) fn legend<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
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
