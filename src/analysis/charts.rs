//! Charts of the decision tools: the sweep's line chart (one varied key) or
//! heat map (two keys), and the sensitivity tornado. Drawn with the run
//! report's font, palette and helpers (`report::plots`), as SVG and PNG.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::sweep::Sweep;
use crate::format::money_m;
use crate::report::plots::{
    Chart, DrawResult, axis_font, grid_style, headed, option_colour, tick_font,
};

/// Expected reviewed and the expected money figure against one varied key.
pub struct SweepLine<'a> {
    pub sweep: &'a Sweep,
}

/// x positions: the values when all numeric, else 0, 1, 2, ….
fn xs(s: &Sweep, k: usize) -> (Vec<f64>, bool) {
    match s.vary[k].numbers() {
        Some(v) => (v, true),
        None => (
            (0..s.vary[k].values.len()).map(|i| i as f64).collect(),
            false,
        ),
    }
}

impl Chart for SweepLine<'_> {
    fn size(&self) -> (u32, u32) {
        (1100, 520)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let s = self.sweep;
        let sub = format!(
            "Each point {} trials, same seed; bars: 95% Monte Carlo interval of the mean",
            s.trials
        );
        let area = headed(root, &format!("Sweep over {}", s.vary[0].key), &sub)?;
        let (area, legend) = area.split_vertically(area.dim_in_pixel().1 - 34);
        let (left, right) = area.split_horizontally(550);
        self.panel(&left, "Councils formally reviewed (expected)", 1.0, |f| {
            (f.reviewed_mean, f.reviewed_se)
        })?;
        let money = format!(
            "{}, England (expected, £m)",
            crate::rules::money_words::capitalised(&crate::rules::money_words::figure_for(
                &s.actions
            ))
        );
        self.panel(&right, &money, 1e-6, |f| (f.funding_mean, f.funding_se))?;
        option_legend(&legend, &s.options)
    }
}

type Pick = fn(&super::figures::OptionFigures) -> (f64, f64);

impl SweepLine<'_> {
    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        y_desc: &str,
        scale: f64,
        pick: Pick,
    ) -> DrawResult<DB> {
        let s = self.sweep;
        let (x, numeric) = xs(s, 0);
        let (x0, x1) = span(&x);
        let top = s
            .points
            .iter()
            .flat_map(|p| {
                p.figures
                    .iter()
                    .map(|f| (pick(f).0 + 2.0 * pick(f).1) * scale)
            })
            .fold(0.0, f64::max)
            .max(1e-9)
            * 1.08;
        let pad = ((x1 - x0) * 0.05).max(0.05);
        let labels = s.vary[0].values.clone();
        let mut chart = ChartBuilder::on(area)
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d((x0 - pad)..(x1 + pad), 0f64..top)?;
        chart
            .configure_mesh()
            .x_desc(s.vary[0].key.as_str())
            .y_desc(y_desc)
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .x_label_formatter(&|v| match numeric {
                true => crate::format::num(*v),
                false => labels
                    .get(v.round().max(0.0) as usize)
                    .filter(|_| (v - v.round()).abs() < 1e-6)
                    .cloned()
                    .unwrap_or_default(),
            })
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        for o in 0..s.options.len() {
            let col = option_colour(o);
            let pts: Vec<(f64, f64, f64)> = s
                .points
                .iter()
                .map(|p| {
                    let (m, se) = pick(&p.figures[o]);
                    (x[p.index[0]], m * scale, se * scale)
                })
                .collect();
            chart.draw_series(LineSeries::new(
                pts.iter().map(|p| (p.0, p.1)),
                col.stroke_width(2),
            ))?;
            chart.draw_series(pts.iter().map(|p| Circle::new((p.0, p.1), 4, col.filled())))?;
            chart.draw_series(pts.iter().map(|p| {
                PathElement::new(
                    vec![(p.0, p.1 - 1.96 * p.2), (p.0, p.1 + 1.96 * p.2)],
                    col.stroke_width(1),
                )
            }))?;
        }
        Ok(())
    }
}

fn span(x: &[f64]) -> (f64, f64) {
    let lo = x.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    match lo.is_finite() && hi.is_finite() {
        true => (lo, hi.max(lo + 1e-9)),
        false => (0.0, 1.0),
    }
}

/// A row of coloured swatches naming the options.
pub(crate) fn option_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ids: &[String],
) -> DrawResult<DB> {
    let mut x = 20;
    for (o, id) in ids.iter().enumerate() {
        area.draw(&Rectangle::new(
            [(x, 8), (x + 22, 22)],
            option_colour(o).filled(),
        ))?;
        area.draw(&Text::new(id.clone(), (x + 28, 8), tick_font()))?;
        x += 40 + 8 * id.len() as i32;
    }
    Ok(())
}

/// Expected funding at risk over two varied keys, one panel per option, on
/// one colour scale.
pub struct SweepHeat<'a> {
    pub sweep: &'a Sweep,
}

const COLS: usize = 2;

impl Chart for SweepHeat<'_> {
    fn size(&self) -> (u32, u32) {
        let rows = self.sweep.options.len().div_ceil(COLS).max(1) as u32;
        (1100, 90 + 420 * rows)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let s = self.sweep;
        let sub = format!(
            "Expected {} (£m, England) per option; rows: {}, columns: {}; {} trials per cell, same seed",
            crate::rules::money_words::figure_for(&s.actions),
            s.vary[0].key,
            s.vary[1].key,
            s.trials
        );
        let area = headed(root, "Sweep: money over two parameters", &sub)?;
        let rows = s.options.len().div_ceil(COLS).max(1);
        let cells = area.split_evenly((rows, COLS));
        let top = s
            .points
            .iter()
            .flat_map(|p| p.figures.iter().map(|f| f.funding_mean))
            .fold(0.0, f64::max)
            .max(1e-9);
        for (o, cell) in cells.iter().enumerate().take(s.options.len()) {
            self.panel(cell, o, top)?;
        }
        Ok(())
    }
}

impl SweepHeat<'_> {
    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        o: usize,
        top: f64,
    ) -> DrawResult<DB> {
        let s = self.sweep;
        let (nr, nc) = (s.vary[0].values.len(), s.vary[1].values.len());
        let (rl, cl) = (s.vary[0].values.clone(), s.vary[1].values.clone());
        let mut chart = ChartBuilder::on(area)
            .caption(s.options[o].as_str(), ("sans-serif", 15).into_font())
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..nc as f64, 0f64..nr as f64)?;
        let at = |labels: &[String], v: f64| -> String {
            let k = v - 0.5;
            match (k - k.round()).abs() < 1e-6 && k >= -1e-6 {
                true => labels.get(k.round() as usize).cloned().unwrap_or_default(),
                false => String::new(),
            }
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(s.vary[1].key.as_str())
            .y_desc(s.vary[0].key.as_str())
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .x_labels(nc * 2 + 1)
            .y_labels(nr * 2 + 1)
            .x_label_formatter(&|v| at(&cl, *v))
            .y_label_formatter(&|v| at(&rl, *v))
            .draw()?;
        for p in &s.points {
            let (r, c) = (p.index[0] as f64, p.index[1] as f64);
            let v = p.figures[o].funding_mean;
            let shade = heat(v / top);
            chart.draw_series([Rectangle::new([(c, r), (c + 1.0, r + 1.0)], shade.filled())])?;
            let ink = if v / top > 0.6 { WHITE } else { BLACK };
            chart.draw_series([Text::new(
                money_m(v),
                (c + 0.3, r + 0.6),
                ("sans-serif", 13).into_font().color(&ink),
            )])?;
        }
        Ok(())
    }
}

/// White to dark blue.
fn heat(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(mix(247.0, 8.0), mix(251.0, 48.0), mix(255.0, 107.0))
}
