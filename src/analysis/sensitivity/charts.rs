//! Charts of `ibcf sensitivity`: the tornado (each parameter at its low and
//! high end) and the Sobol indices with their bootstrap intervals, one panel
//! per option and output.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::Sensitivity;
use super::precision::{display, outside};
use crate::analysis::figures::Output;
use crate::format::tick_in_span;
use crate::report::plots::{Chart, DrawResult, grid_style, headed, tick_font};

const LOW: RGBColor = RGBColor(0, 114, 178);
const HIGH: RGBColor = RGBColor(213, 94, 0);

/// Which chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Tornado,
    Sobol,
}

/// Panels: rows = options, columns = outputs.
pub struct SensitivityChart<'a> {
    pub s: &'a Sensitivity,
    pub kind: Kind,
}

impl Chart for SensitivityChart<'_> {
    fn size(&self) -> (u32, u32) {
        let rows = self.s.options.len().max(1) as u32;
        let per = 70 + 30 * self.s.params.len() as u32;
        (1200, 90 + per.max(200) * rows)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (title, sub) = match self.kind {
            Kind::Tornado => (
                "Tornado: each parameter at the ends of its range",
                "Bars from the value at the low end (blue side) to the high end (orange side); line: the scenario as written",
            ),
            Kind::Sobol => (
                "Sobol indices: share of the output's variance due to each parameter",
                "Dark: first order (alone); light: total (with interactions); whiskers: 95% bootstrap intervals",
            ),
        };
        let clamped = self.kind == Kind::Sobol && !outside(self.s).is_empty();
        let sub = match clamped {
            true => format!(
                "{sub}; display clamped to 0–1 (estimates outside it are in sensitivity.csv)"
            ),
            false => sub.to_string(),
        };
        let area = headed(root, title, &sub)?;
        let cells = area.split_evenly((self.s.options.len().max(1), Output::ALL.len()));
        for (o, id) in self.s.options.iter().enumerate() {
            for (k, out) in Output::ALL.iter().enumerate() {
                let cell = &cells[o * Output::ALL.len() + k];
                let cap = format!("{id} — {}", out.name());
                match self.kind {
                    Kind::Tornado => self.tornado(cell, &cap, o, *out)?,
                    Kind::Sobol => self.sobol(cell, &cap, o, k)?,
                }
            }
        }
        Ok(())
    }
}

impl SensitivityChart<'_> {
    fn labels(&self) -> Vec<String> {
        self.s.params.iter().map(|p| p.key.clone()).collect()
    }

    fn tornado<DB: DrawingBackend>(
        &self,
        cell: &DrawingArea<DB, Shift>,
        cap: &str,
        o: usize,
        out: Output,
    ) -> DrawResult<DB> {
        let s = self.s;
        let base = out.of(&s.base[o]);
        let bars: Vec<(f64, f64)> = s
            .tornado
            .iter()
            .map(|sw| (out.of(&sw[o].at_low), out.of(&sw[o].at_high)))
            .collect();
        let lo = bars.iter().map(|b| b.0.min(b.1)).fold(base, f64::min);
        let hi = bars.iter().map(|b| b.0.max(b.1)).fold(base, f64::max);
        let pad = ((hi - lo) * 0.08).max(hi.abs() * 1e-3).max(1e-9);
        let n = bars.len();
        let labels = self.labels();
        let mut chart = ChartBuilder::on(cell)
            .caption(cap, ("sans-serif", 14).into_font())
            .margin(8)
            .x_label_area_size(26)
            .y_label_area_size(200)
            .build_cartesian_2d((lo - pad)..(hi + pad), 0f64..n as f64)?;
        chart
            .configure_mesh()
            .y_labels(2 * n + 1)
            .y_label_formatter(&|v| label_at(&labels, *v))
            .x_labels(5)
            .x_label_formatter(&|v| tick_in_span(*v, lo - pad, hi + pad))
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        for (i, &(l, h)) in bars.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            chart.draw_series([
                Rectangle::new([(base, y + 0.2), (l, y + 0.8)], LOW.filled()),
                Rectangle::new([(base, y + 0.2), (h, y + 0.8)], HIGH.filled()),
            ])?;
        }
        chart.draw_series(LineSeries::new(
            [(base, 0.0), (base, n as f64)],
            BLACK.stroke_width(1),
        ))?;
        Ok(())
    }

    fn sobol<DB: DrawingBackend>(
        &self,
        cell: &DrawingArea<DB, Shift>,
        cap: &str,
        o: usize,
        k: usize,
    ) -> DrawResult<DB> {
        let ix = &self.s.sobol[o][k];
        let n = self.s.params.len();
        let labels = self.labels();
        let mut chart = ChartBuilder::on(cell)
            .caption(cap, ("sans-serif", 14).into_font())
            .margin(8)
            .x_label_area_size(26)
            .y_label_area_size(200)
            .build_cartesian_2d(-0.02f64..1.02f64, 0f64..n as f64)?;
        chart
            .configure_mesh()
            .y_labels(2 * n + 1)
            .y_label_formatter(&|v| label_at(&labels, *v))
            .x_labels(6)
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        let fin = |x: f64| display(x).0;
        for i in 0..n {
            let y = (n - 1 - i) as f64;
            let (t, f) = (fin(ix.total[i]), fin(ix.first[i]));
            chart.draw_series([
                Rectangle::new([(0.0, y + 0.15), (t, y + 0.5)], LOW.mix(0.35).filled()),
                Rectangle::new([(0.0, y + 0.5), (f, y + 0.85)], LOW.filled()),
            ])?;
            for (c, yy) in [(ix.total_ci[i], y + 0.32), (ix.first_ci[i], y + 0.68)] {
                chart.draw_series([PathElement::new(
                    vec![(fin(c.0), yy), (fin(c.1), yy)],
                    BLACK.stroke_width(1),
                )])?;
            }
        }
        Ok(())
    }
}

/// The parameter name at the middle of its row (rows top to bottom).
fn label_at(labels: &[String], v: f64) -> String {
    let k = v - 0.5;
    let n = labels.len();
    match (k - k.round()).abs() < 1e-6 && k >= -1e-6 && (k.round() as usize) < n {
        true => labels[n - 1 - k.round() as usize].clone(),
        false => String::new(),
    }
}
