//! Probability of formal review by council, top 30 for one option, with
//! 95% interval whiskers (p ± 1.96 se, clamped to [0, 1]), coloured by region.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, axis_font, grid_style, headed, region_colour, tick_font};
use crate::report::load::{OptionSummary, Run};

/// Councils shown per option.
const TOP: usize = 30;

/// One bar.
struct Bar {
    name: String,
    region: usize,
    p: f64,
    lo: f64,
    hi: f64,
}

/// The chart for one option.
pub(super) struct ReviewChart {
    id: String,
    /// Ids of the other options with the same rule (so the same chart).
    shared: Vec<String>,
    label: String,
    regions: Vec<String>,
    bars: Vec<Bar>,
}

impl ReviewChart {
    /// `shared`: the other options whose probabilities are identical.
    pub(super) fn new(run: &Run, option: &OptionSummary, shared: Vec<String>) -> ReviewChart {
        let mut regions: Vec<String> = run.councils.iter().map(|r| r.region.clone()).collect();
        regions.sort();
        regions.dedup();
        let mut bars: Vec<Bar> = run
            .councils_of(&option.id)
            .filter(|r| r.p_review > 0.0)
            .map(|r| Bar {
                name: r.name.clone(),
                region: regions.binary_search(&r.region).unwrap_or(0),
                p: r.p_review,
                lo: (r.p_review - 1.96 * r.p_review_se).clamp(0.0, 1.0),
                hi: (r.p_review + 1.96 * r.p_review_se).clamp(0.0, 1.0),
            })
            .collect();
        bars.sort_by(|a, b| b.p.total_cmp(&a.p).then_with(|| a.name.cmp(&b.name)));
        bars.truncate(TOP);
        ReviewChart {
            id: option.id.clone(),
            shared,
            label: option.label.clone(),
            regions,
            bars,
        }
    }

    pub(super) fn title(&self) -> String {
        format!("Who is likely to be reviewed: {}", self.name())
    }

    pub(super) fn caption(&self) -> String {
        format!(
            "The {} councils most likely to be formally reviewed under option {}, as the share of \
             simulated futures in which they were. Whiskers: 95% Monte Carlo interval. Councils \
             never reviewed are not shown.{}",
            self.bars.len(),
            self.id,
            match self.shared.is_empty() {
                true => String::new(),
                false => format!(
                    " Options {} and {} share this rule, so they review the same councils in \
                     the same futures and this one chart stands for all of them.",
                    self.id,
                    self.shared.join(", ")
                ),
            }
        )
    }

    /// The name for a title drawn inside the image, which cannot wrap: long
    /// labels (the HTML caption keeps them) give way to the option id.
    fn short_name(&self) -> String {
        let name = self.name();
        if name.chars().count() <= 70 {
            name
        } else {
            format!("option {}", self.id)
        }
    }

    fn name(&self) -> String {
        match (self.shared.is_empty(), self.label.is_empty()) {
            (false, _) => format!(
                "options {}, {} (same rule)",
                self.id,
                self.shared.join(", ")
            ),
            (true, true) => self.id.clone(),
            (true, false) => format!("{} ({})", self.label, self.id),
        }
    }
}

impl Chart for ReviewChart {
    fn size(&self) -> (u32, u32) {
        let n = self.bars.len().max(3) as u32;
        (1100, (150 + 24 * n).max(330))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let sub = format!(
            "Top {} councils by probability of formal review; bars coloured by region; whiskers: 95% Monte Carlo interval",
            self.bars.len()
        );
        let area = headed(
            root,
            &format!("Probability of formal review — {}", self.short_name()),
            &sub,
        )?;
        if self.bars.is_empty() {
            return area.draw(&Text::new(
                "No council was reviewed in any trial under this option.",
                (40, 40),
                axis_font(),
            ));
        }
        let n = self.bars.len();
        let y_of = |i: usize| (n - 1 - i) as f64;
        let names: Vec<&str> = self.bars.iter().map(|b| b.name.as_str()).collect();
        let label = |y: &f64| {
            let k = y.round();
            match (y - k).abs() < 1e-6 && k >= 0.0 && (k as usize) < n {
                true => names[n - 1 - k as usize].to_string(),
                false => String::new(),
            }
        };
        let (width, _) = area.dim_in_pixel();
        let (plot, key) = area.split_horizontally(width.saturating_sub(190));
        self.draw_key(&key)?;
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(10)
            .margin_right(30)
            .margin_bottom(10)
            .x_label_area_size(50)
            .y_label_area_size(220)
            .build_cartesian_2d(0f64..1f64, -0.6f64..(n as f64 - 0.4))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n.max(2))
            .y_label_formatter(&label)
            .x_labels(11)
            .x_label_formatter(&|x| crate::format::pct_tick(*x))
            .x_desc("Probability of formal review (share of simulated futures)")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        for (ri, region) in self.regions.iter().enumerate() {
            if !self.bars.iter().any(|b| b.region == ri) {
                continue;
            }
            let colour = region_colour(ri);
            chart
                .draw_series(
                    self.bars
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| b.region == ri)
                        .map(|(i, b)| {
                            let y = y_of(i);
                            Rectangle::new([(0.0, y - 0.36), (b.p, y + 0.36)], colour.filled())
                        }),
                )?
                .label(region.as_str())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 14, y + 6)], colour.filled())
                });
        }
        let whisker = BLACK.stroke_width(1);
        for (i, b) in self.bars.iter().enumerate() {
            let y = y_of(i);
            chart.draw_series([
                PathElement::new(vec![(b.lo, y), (b.hi, y)], whisker),
                PathElement::new(vec![(b.lo, y - 0.18), (b.lo, y + 0.18)], whisker),
                PathElement::new(vec![(b.hi, y - 0.18), (b.hi, y + 0.18)], whisker),
            ])?;
        }
        Ok(())
    }
}

impl ReviewChart {
    /// Region colour key, to the right of the plot, for regions with bars.
    fn draw_key<DB: DrawingBackend>(&self, key: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        key.draw(&Text::new("Region", (10, 12), axis_font()))?;
        let shown = self
            .regions
            .iter()
            .enumerate()
            .filter(|(ri, _)| self.bars.iter().any(|b| b.region == *ri));
        for (row, (ri, region)) in shown.enumerate() {
            let y = 40 + 22 * row as i32;
            key.draw(&Rectangle::new(
                [(10, y - 6), (24, y + 6)],
                region_colour(ri).filled(),
            ))?;
            key.draw(&Text::new(region.clone(), (32, y - 7), tick_font()))?;
        }
        Ok(())
    }
}
