//! The fairness frontier chart: every variant × option as a point, mean
//! councils wrongly reviewed (x) against wrongly spared (y), a trial; the
//! frontier joined by a line; the scenario's own options marked (diamond,
//! labelled) with a dashed link to the frontier variant that dominates
//! each.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::Design;
use crate::report::plots::{
    Chart, DrawResult, axis_font, grid_style, headed, option_colour, tick_font,
};

pub struct Frontier<'a> {
    pub design: &'a Design,
}

fn range(v: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = v
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(x), b.max(x))
        });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.08).max(0.05);
    ((lo - pad).max(0.0), hi + pad)
}

impl Chart for Frontier<'_> {
    fn size(&self) -> (u32, u32) {
        (900, 620)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let d = self.design;
        let pts: Vec<(f64, f64)> = d.rows.iter().map(super::Row::point).collect();
        let sub = format!(
            "{} variants × options on one simulation ({} trials, seed {}); lower left is fairer",
            d.variants.len(),
            d.trials,
            d.seed
        );
        let area = headed(root, "Which rule is fair: the frontier", &sub)?;
        let (xr, yr) = (
            range(pts.iter().map(|p| p.0)),
            range(pts.iter().map(|p| p.1)),
        );
        let mut c = ChartBuilder::on(&area)
            .margin(14)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .build_cartesian_2d(xr.0..xr.1, yr.0..yr.1)?;
        c.configure_mesh()
            .x_desc("Councils wrongly reviewed (a trial, mean)")
            .y_desc("Councils wrongly spared (a trial, mean)")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        let grey = RGBColor(150, 150, 150);
        c.draw_series(
            pts.iter()
                .zip(&d.rows)
                .filter(|(_, r)| r.variant != 0 && !r.on_frontier)
                .map(|(&p, _)| Circle::new(p, 3, grey.filled())),
        )?;
        let mut front: Vec<(f64, f64)> = (pts.iter().zip(&d.rows))
            .filter(|(_, r)| r.on_frontier)
            .map(|(&p, _)| p)
            .collect();
        front.sort_by(|a, b| a.0.total_cmp(&b.0));
        let ink = RGBColor(40, 40, 40);
        c.draw_series(LineSeries::new(front.clone(), ink.stroke_width(2)))?
            .label("frontier (no rule is better on both)")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], ink.stroke_width(2)));
        c.draw_series(front.iter().map(|&p| Circle::new(p, 4, ink.filled())))?;
        for (k, (r, &p)) in d
            .rows
            .iter()
            .zip(&pts)
            .filter(|(r, _)| r.variant == 0)
            .enumerate()
        {
            let col = option_colour(k);
            if let Some(b) = r.dominated_by {
                let q = pts[b];
                c.draw_series(DashedLineSeries::new(vec![p, q], 5, 4, col.stroke_width(2)))?;
            }
            c.draw_series(std::iter::once(
                EmptyElement::at(p)
                    + Polygon::new(vec![(0, -7), (7, 0), (0, 7), (-7, 0)], col.filled())
                    + Text::new(r.option.clone(), (9, -16), tick_font()),
            ))?
            .label(format!("scenario: {}", r.option))
            .legend(move |(x, y)| Circle::new((x + 8, y), 5, col.filled()));
        }
        c.configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.92))
            .border_style(RGBColor(180, 180, 180))
            .label_font(tick_font())
            .draw()
    }
}
