//! Predicted against actual numbers of councils meeting each criterion.

use super::{Chart, DrawResult, Point, frame, house, legend};
use crate::report::plots::{headed, option_colour};
use plotters::coord::Shift;
use plotters::prelude::*;

pub(super) struct Scatter {
    pub(super) pts: Vec<Point>,
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
        let mut chart = frame(&area).build_cartesian_2d(lo..top, lo..top)?;
        house(
            chart
                .configure_mesh()
                .x_label_formatter(&|v| format!("{v:.0}"))
                .y_label_formatter(&|v| format!("{v:.0}"))
                .x_desc("Predicted number of councils")
                .y_desc("Actual number of councils"),
        )
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
        legend(&mut chart, SeriesLabelPosition::UpperLeft)
    }
}
