//! "Caught by noise": each council's probability of review (y) against the
//! same probability with observation noise switched off on the same latent
//! paths (x), one colour per option. Points above the diagonal are councils
//! whose risk is partly small-number noise rather than performance.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, axis_font, grid_style, headed, option_colour, tick_font};
use crate::report::load::Run;

/// Points per option: (without noise, with noise).
pub(super) struct NoiseChart {
    ids: Vec<String>,
    points: Vec<Vec<(f64, f64)>>,
    /// Options with identical points, drawn once (see [`super::same`]).
    groups: Vec<Vec<usize>>,
}

impl NoiseChart {
    /// `None` when `councils.csv` has no `p_review_without_noise` column.
    pub(super) fn new(run: &Run) -> Option<NoiseChart> {
        let ids: Vec<String> = run.summary.options.iter().map(|o| o.id.clone()).collect();
        let mut points = vec![Vec::new(); ids.len()];
        for r in &run.councils {
            let (Some(x), Some(o)) = (
                r.p_review_without_noise,
                ids.iter().position(|i| *i == r.option),
            ) else {
                continue;
            };
            points[o].push((x, r.p_review));
        }
        match points.iter().any(|p| !p.is_empty()) {
            true => Some(NoiseChart {
                groups: super::same::groups(&points),
                ids,
                points,
            }),
            false => None,
        }
    }

    pub(super) fn title(&self) -> String {
        "Caught by noise".to_string()
    }

    pub(super) fn caption(&self) -> String {
        format!(
            "Each dot is a council under one option: probability of review with the counting noise \
             of small numbers (y) against the same probability with that noise switched off on the \
             same underlying paths (x). Above the diagonal, part of the council's risk comes from \
             noise in the published counts rather than from its performance.{}",
            super::same::note(&self.ids, &self.groups)
        )
    }
}

impl Chart for NoiseChart {
    fn size(&self) -> (u32, u32) {
        (760, 640)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = headed(
            root,
            "Caught by noise: review probability with and without counting noise",
            "Same latent paths; above the diagonal = risk added by small-number noise",
        )?;
        let (plot, legend) = area.split_vertically(area.dim_in_pixel().1 - 34);
        let mut chart = ChartBuilder::on(&plot)
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..1f64, 0f64..1f64)?;
        chart
            .configure_mesh()
            .x_desc("P(review) without observation noise")
            .y_desc("P(review)")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        chart.draw_series(LineSeries::new(
            [(0.0, 0.0), (1.0, 1.0)],
            RGBColor(150, 150, 150).stroke_width(1),
        ))?;
        for g in &self.groups {
            let col = option_colour(g[0]).mix(0.7);
            let pts = &self.points[g[0]];
            chart.draw_series(pts.iter().map(|&p| Circle::new(p, 3, col.filled())))?;
        }
        let mut x = 20;
        for g in &self.groups {
            let name = super::same::label(&self.ids, g);
            let width = 36 + 8 * name.chars().count() as i32;
            legend.draw(&Circle::new((x + 6, 15), 5, option_colour(g[0]).filled()))?;
            legend.draw(&Text::new(name, (x + 16, 8), tick_font()))?;
            x += width;
        }
        Ok(())
    }
}
