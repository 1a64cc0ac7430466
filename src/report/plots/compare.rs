//! Options compared side by side: the expected national money figure (by the
//! options' actions, see `rules::money_words`) and
//! expected number of councils reviewed, each with its 95% Monte Carlo
//! interval (mean ± 1.96 se) and, thinner, the 5–95% range of futures.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    Chart, DrawResult, axis_font, grid_style, headed, option_colour, tick_font, wrap_to_width,
};
use crate::format::{money_m, money_tick};
use crate::report::load::{Figure, Run};

/// Both panels' data.
pub(super) struct CompareChart {
    ids: Vec<String>,
    funding: Vec<Figure>,
    reviewed: Vec<Figure>,
    /// The money figure's name by the options' actions.
    figure: String,
}

impl CompareChart {
    pub(super) fn new(run: &Run) -> CompareChart {
        let o = &run.summary.options;
        CompareChart {
            ids: o.iter().map(|o| o.id.clone()).collect(),
            funding: o.iter().map(|o| o.funding_at_risk).collect(),
            reviewed: o.iter().map(|o| o.reviewed_count).collect(),
            figure: run.money_figure(),
        }
    }

    pub(super) fn title(&self) -> String {
        "Options compared".to_string()
    }

    pub(super) fn caption(&self) -> String {
        "Bars: expected (mean) value over all simulated futures. Black whiskers: 95% Monte Carlo \
         interval of that mean (it shrinks with more trials). Grey line with dots: the range \
         from the 5th to the 95th percentile of futures (the real uncertainty)."
            .to_string()
    }
}

impl Chart for CompareChart {
    fn size(&self) -> (u32, u32) {
        (1100, 500)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = headed(
            root,
            &format!("Options compared: {} and councils reviewed", self.figure),
            "Bars: expected value; black whiskers: 95% interval of the mean; grey: 5–95% of futures",
        )?;
        let (left, right) = area.split_horizontally(550);
        let span = self
            .funding
            .iter()
            .map(|f| f.p95.max(f.mean) / 1e6)
            .fold(0.0, f64::max);
        let tick = |v: &f64| money_tick(*v, span);
        let money = |v: &f64| money_m(*v * 1e6);
        let count = |v: &f64| match (v - v.round()).abs() < 1e-9 {
            true => format!("{v:.0}"),
            false => format!("{v:.1}"),
        };
        let count1 = |v: &f64| format!("{v:.1}");
        let f = (&tick as Fmt<'_>, &money as Fmt<'_>);
        panel(
            &left,
            &self.ids,
            &self.funding,
            1e-6,
            // The title names the figure; the axis only its unit (the whole
            // name, rotated, ran into the subtitle).
            "England total (£m)",
            f,
        )?;
        let f = (&count as Fmt<'_>, &count1 as Fmt<'_>);
        panel(
            &right,
            &self.ids,
            &self.reviewed,
            1.0,
            "Councils formally reviewed",
            f,
        )
    }
}

/// Formats a value on a panel's scale.
type Fmt<'a> = &'a dyn Fn(&f64) -> String;

/// One panel: bars with whiskers, x = options.
fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ids: &[String],
    figs: &[Figure],
    scale: f64,
    y_desc: &str,
    (y_fmt, value_fmt): (Fmt<'_>, Fmt<'_>),
) -> DrawResult<DB> {
    let n = figs.len().max(1);
    let top = figs
        .iter()
        .map(|f| f.p95.max(f.mean + 1.96 * f.se) * scale)
        .fold(0.0, f64::max);
    let top = if top > 0.0 { top * 1.1 } else { 1.0 };
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(56)
        .y_label_area_size(75)
        .build_cartesian_2d(-0.6f64..(n as f64 - 0.4), 0f64..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n + 1)
        .x_label_formatter(&|_| String::new())
        .y_label_formatter(y_fmt)
        .y_desc(y_desc)
        .axis_desc_style(axis_font())
        .label_style(tick_font())
        .light_line_style(WHITE)
        .bold_line_style(grid_style())
        .draw()?;
    option_labels(area, &chart, ids)?;
    let grey = RGBColor(120, 120, 120);
    for (i, f) in figs.iter().enumerate() {
        let x = i as f64;
        let c = option_colour(i);
        let (lo, hi) = f.ci95();
        let (lo, hi) = (lo.max(0.0) * scale, hi * scale);
        chart.draw_series([Rectangle::new(
            [(x - 0.3, 0.0), (x + 0.3, f.mean * scale)],
            c.mix(0.85).filled(),
        )])?;
        chart.draw_series([
            PathElement::new(
                vec![(x + 0.38, f.p5 * scale), (x + 0.38, f.p95 * scale)],
                grey.stroke_width(2),
            ),
            PathElement::new(vec![(x, lo), (x, hi)], BLACK.stroke_width(2)),
            PathElement::new(vec![(x - 0.08, lo), (x + 0.08, lo)], BLACK.stroke_width(2)),
            PathElement::new(vec![(x - 0.08, hi), (x + 0.08, hi)], BLACK.stroke_width(2)),
        ])?;
        chart.draw_series([
            Circle::new((x + 0.38, f.p5 * scale), 3, grey.filled()),
            Circle::new((x + 0.38, f.p95 * scale), 3, grey.filled()),
        ])?;
        chart.draw_series([Text::new(
            value_fmt(&(f.mean * scale)),
            (x - 0.12, hi + top * 0.01),
            ("sans-serif", 14).into_font().color(&BLACK).pos(
                plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Right,
                    plotters::style::text_anchor::VPos::Bottom,
                ),
            ),
        )])?;
    }
    Ok(())
}

/// The options' ids under their bars, each wrapped (after a hyphen) to the
/// width of its slot, so neighbouring names never run together
/// ("october-whole-systemdecember-33").
fn option_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &ChartContext<
        '_,
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    ids: &[String],
) -> DrawResult<DB> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let font = tick_font().pos(Pos::new(HPos::Center, VPos::Top));
    let (bx, by) = area.get_base_pixel();
    let slot = chart.backend_coord(&(1.0, 0.0)).0 - chart.backend_coord(&(0.0, 0.0)).0;
    let room = u32::try_from(slot - 8).unwrap_or(0);
    for (i, id) in ids.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(i as f64, 0.0));
        let lines = wrap_to_width(id, room, &|t| {
            area.estimate_text_size(t, &font).map_or(0, |s| s.0)
        });
        for (k, line) in lines.iter().enumerate() {
            let at = (x - bx, y - by + 6 + 15 * k as i32);
            area.draw(&Text::new(line.clone(), at, font.clone()))?;
        }
    }
    Ok(())
}
