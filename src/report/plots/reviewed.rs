//! Distribution of the number of councils reviewed per option: grouped bars
//! from each option's `reviewed_histogram`.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, axis_font, grid_style, headed, option_colour, tick_font};
use crate::report::load::Run;

/// Grouped bars, one group per count of councils.
pub(super) struct ReviewedChart {
    /// (option id, share of trials for k = 0, 1, …).
    series: Vec<(String, Vec<f64>)>,
    /// Smallest and largest k with any trials, over all options.
    k_range: (usize, usize),
}

impl ReviewedChart {
    pub(super) fn new(run: &Run) -> ReviewedChart {
        let mut lo = usize::MAX;
        let mut hi = 0;
        let series = run
            .summary
            .options
            .iter()
            .map(|o| {
                let h = &o.reviewed_histogram;
                let total = h.iter().sum::<u64>().max(1) as f64;
                for (k, &c) in h.iter().enumerate() {
                    if c > 0 {
                        lo = lo.min(k);
                        hi = hi.max(k);
                    }
                }
                (o.id.clone(), h.iter().map(|&c| c as f64 / total).collect())
            })
            .collect();
        let k_range = if lo > hi { (0, 1) } else { (lo, hi) };
        ReviewedChart { series, k_range }
    }

    pub(super) fn title(&self) -> String {
        "How many councils are reviewed".to_string()
    }

    pub(super) fn caption(&self) -> String {
        "For each possible number of councils formally reviewed, the share of simulated futures \
         in which exactly that many were, one colour per option."
            .to_string()
    }
}

impl Chart for ReviewedChart {
    fn size(&self) -> (u32, u32) {
        (1000, 520)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = headed(
            root,
            "Number of councils formally reviewed, by option",
            "Share of simulated futures in which exactly that many councils were reviewed",
        )?;
        let (k0, k1) = self.k_range;
        let top = self
            .series
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .fold(0.0, f64::max)
            * 1.12;
        let n_opts = self.series.len().max(1) as f64;
        let width = 0.8 / n_opts;
        let mut chart = ChartBuilder::on(&area)
            .margin_left(10)
            .margin_right(30)
            .margin_bottom(10)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d((k0 as f64 - 0.6)..(k1 as f64 + 0.6), 0f64..top.max(1e-9))?;
        let span = k1 - k0 + 1;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(span.min(30) + 1)
            .x_label_formatter(&|x| match (x - x.round()).abs() < 1e-6 && *x >= 0.0 {
                true => format!("{}", x.round() as i64),
                false => String::new(),
            })
            .y_label_formatter(&|y| crate::format::pct_tick(*y))
            .x_desc("Number of councils formally reviewed")
            .y_desc("Share of futures")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        for (i, (id, shares)) in self.series.iter().enumerate() {
            let c = option_colour(i);
            let left = -0.4 + i as f64 * width;
            chart
                .draw_series(shares.iter().enumerate().filter(|(_, s)| **s > 0.0).map(
                    |(k, &s)| {
                        let x = k as f64 + left;
                        Rectangle::new([(x, 0.0), (x + width * 0.92, s)], c.filled())
                    },
                ))?
                .label(id.as_str())
                .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], c.filled()));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.92))
            .border_style(RGBColor(180, 180, 180))
            .label_font(tick_font())
            .draw()
    }
}
