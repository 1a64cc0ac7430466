//! Fan charts for the 12 councils most likely to be reviewed (highest
//! p_review over all options): observed history, simulated 5–95% and 25–75%
//! bands, median, target path and the decision month, for the metric that
//! carries targets (else the first metric in `paths.csv`).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, grid_style, headed, tick_font};
use crate::month::Month;
use crate::report::load::{PathRow, Run};

/// Panels in the grid.
const PANELS: usize = 12;
const COLS: usize = 4;
const BAND_OUTER: RGBColor = RGBColor(189, 215, 238);
const BAND_INNER: RGBColor = RGBColor(107, 174, 214);
const MEDIAN: RGBColor = RGBColor(8, 81, 156);
const TARGET: RGBColor = RGBColor(200, 30, 30);

/// One council's panel.
struct Panel {
    name: String,
    p_max: f64,
    rows: Vec<PathRow>,
}

/// The grid of panels.
pub(super) struct FanChart {
    metric: String,
    first: Month,
    decision: Option<Month>,
    panels: Vec<Panel>,
}

impl FanChart {
    /// `None` when `paths.csv` has no rows.
    pub(super) fn new(run: &Run) -> Option<FanChart> {
        let metric = pick_metric(&run.paths)?;
        let first = run.first_month()?;
        let mut best: Vec<(String, String, f64)> = Vec::new();
        for r in &run.councils {
            match best.iter_mut().find(|(c, _, _)| *c == r.code) {
                Some(b) => b.2 = b.2.max(r.p_review),
                None => best.push((r.code.clone(), r.name.clone(), r.p_review)),
            }
        }
        best.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
        let panels: Vec<Panel> = best
            .into_iter()
            .map(|(code, name, p_max)| {
                let mut rows: Vec<PathRow> = run
                    .paths
                    .iter()
                    .filter(|p| p.code == code && p.metric == metric)
                    .cloned()
                    .collect();
                rows.sort_by_key(|p| p.month);
                Panel { name, p_max, rows }
            })
            .filter(|p| !p.rows.is_empty())
            .take(PANELS)
            .collect();
        match panels.is_empty() {
            true => None,
            false => Some(FanChart {
                metric,
                first,
                decision: run.decision_month(),
                panels,
            }),
        }
    }

    pub(super) fn title(&self) -> String {
        format!(
            "Possible paths for the {} councils most likely to be reviewed",
            self.panels.len()
        )
    }

    pub(super) fn caption(&self) -> String {
        format!(
            "Metric `{}`, in delayed days per day per 100,000 population aged 18+. Black: observed; \
             shaded: middle 90% and 50% of simulated futures; blue line: median; red dashed: \
             target path; grey: the decision month. Panel titles give the highest probability of \
             review over all options.",
            self.metric
        )
    }
}

/// The metric with a target somewhere, else the first in the file.
fn pick_metric(paths: &[PathRow]) -> Option<String> {
    paths
        .iter()
        .find(|p| p.target.is_some())
        .or_else(|| paths.first())
        .map(|p| p.metric.clone())
}

impl Chart for FanChart {
    fn size(&self) -> (u32, u32) {
        let rows = self.panels.len().div_ceil(COLS) as u32;
        (1200, 110 + 250 * rows)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let sub = format!(
            "`{}` rate: delayed days per day per 100,000 aged 18+ — observed, simulated 5–95% and 25–75% bands, median, target",
            self.metric
        );
        let area = headed(root, &self.title(), &sub)?;
        let (legend, grid) = area.split_vertically(36);
        draw_legend(&legend)?;
        let rows = self.panels.len().div_ceil(COLS);
        let cells = grid.split_evenly((rows, COLS));
        for (panel, cell) in self.panels.iter().zip(cells.iter()) {
            self.draw_panel(panel, cell)?;
        }
        Ok(())
    }
}

impl FanChart {
    fn draw_panel<DB: DrawingBackend>(
        &self,
        panel: &Panel,
        cell: &DrawingArea<DB, Shift>,
    ) -> DrawResult<DB> {
        let start = panel.rows[0].month;
        let x = |m: Month| m.since(start) as f64;
        let last = panel.rows.last().map_or(start, |r| r.month);
        let top = panel
            .rows
            .iter()
            .map(|r| r.p95.max(r.target.unwrap_or(0.0)))
            .fold(0.0, f64::max)
            * 1.1;
        let title = format!("{} — {:.0}%", panel.name, panel.p_max * 100.0);
        let mut chart = ChartBuilder::on(cell)
            .caption(title, ("sans-serif", 14).into_font())
            .margin(8)
            .margin_right(18)
            .x_label_area_size(24)
            .y_label_area_size(38)
            .build_cartesian_2d(0f64..x(last).max(1.0), 0f64..top.max(1e-6))?;
        chart
            .configure_mesh()
            .x_labels(4)
            .x_label_formatter(&|v| short_month(start, *v))
            .y_labels(5)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style(("sans-serif", 11).into_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        // Simulated months, joined to the last observed month so the fan starts from it.
        let sim: Vec<&PathRow> = panel
            .rows
            .iter()
            .filter(|r| r.month >= self.first.plus(-1))
            .collect();
        let band = |lo: fn(&PathRow) -> f64, hi: fn(&PathRow) -> f64| -> Vec<(f64, f64)> {
            let mut pts: Vec<(f64, f64)> = sim.iter().map(|r| (x(r.month), hi(r))).collect();
            pts.extend(sim.iter().rev().map(|r| (x(r.month), lo(r))));
            pts
        };
        chart.draw_series([Polygon::new(band(|r| r.p5, |r| r.p95), BAND_OUTER.filled())])?;
        chart.draw_series([Polygon::new(
            band(|r| r.p25, |r| r.p75),
            BAND_INNER.filled(),
        )])?;
        chart.draw_series(LineSeries::new(
            sim.iter().map(|r| (x(r.month), r.p50)),
            MEDIAN.stroke_width(2),
        ))?;
        chart.draw_series(LineSeries::new(
            panel
                .rows
                .iter()
                .filter(|r| r.month < self.first)
                .map(|r| (x(r.month), r.p50)),
            BLACK.stroke_width(2),
        ))?;
        let target: Vec<(f64, f64)> = panel
            .rows
            .iter()
            .filter_map(|r| r.target.map(|t| (x(r.month), t)))
            .collect();
        if !target.is_empty() {
            chart.draw_series(DashedLineSeries::new(target, 6, 4, TARGET.stroke_width(2)))?;
        }
        if let Some(d) = self.decision.filter(|d| *d >= start && *d <= last) {
            chart.draw_series(DashedLineSeries::new(
                vec![(x(d), 0.0), (x(d), top)],
                3,
                3,
                RGBColor(110, 110, 110).stroke_width(1),
            ))?;
        }
        Ok(())
    }
}

/// `Aug 16` for whole-month ticks, blank between them.
fn short_month(start: Month, v: f64) -> String {
    if (v - v.round()).abs() > 1e-6 {
        return String::new();
    }
    let m = start.plus(v.round() as i32);
    let label = m.label();
    match label.split_once(' ') {
        Some((mon, year)) => format!("{mon} {}", &year[year.len().saturating_sub(2)..]),
        None => label,
    }
}

/// The shared key above the panels, in pixel coordinates.
fn draw_legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
    let font = tick_font();
    let y = 14;
    let mut x = 20;
    let item = |x0: i32, text: &str| -> DrawResult<DB> {
        area.draw(&Text::new(text.to_string(), (x0 + 32, y - 7), font.clone()))
    };
    area.draw(&PathElement::new(
        vec![(x, y), (x + 26, y)],
        BLACK.stroke_width(2),
    ))?;
    item(x, "observed")?;
    x += 130;
    area.draw(&Rectangle::new(
        [(x, y - 7), (x + 26, y + 7)],
        BAND_OUTER.filled(),
    ))?;
    item(x, "5–95% of futures")?;
    x += 180;
    area.draw(&Rectangle::new(
        [(x, y - 7), (x + 26, y + 7)],
        BAND_INNER.filled(),
    ))?;
    item(x, "25–75%")?;
    x += 110;
    area.draw(&PathElement::new(
        vec![(x, y), (x + 26, y)],
        MEDIAN.stroke_width(2),
    ))?;
    item(x, "median")?;
    x += 110;
    area.draw(&PathElement::new(
        vec![(x, y), (x + 10, y)],
        TARGET.stroke_width(2),
    ))?;
    area.draw(&PathElement::new(
        vec![(x + 16, y), (x + 26, y)],
        TARGET.stroke_width(2),
    ))?;
    item(x, "target path")?;
    x += 140;
    area.draw(&PathElement::new(
        vec![(x + 12, y - 8), (x + 12, y + 8)],
        RGBColor(110, 110, 110).stroke_width(1),
    ))?;
    item(x, "decision month")
}
