//! The cost of hitting the target, drawn (only for runs with
//! `[consequences]`): per council, mean cost of compliance against the
//! stake if reviewed under each option, with the diagonal (above it, taking
//! the penalty was cheaper on average); and per council, beds freed against
//! avoidable care-home admissions, with the national totals in the heading.

use super::{Chart, DrawResult, axis_font, grid_style, headed, option_colour, tick_font};
use crate::report::consequences::ConsequencesJson;
use crate::report::load::Run;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Cost of compliance against stake, per council and option (£m).
pub(super) struct CostVsStake {
    /// Per option: id and (stake, cost) per council, £m.
    series: Vec<(String, Vec<(f64, f64)>)>,
}

impl CostVsStake {
    pub(super) fn new(run: &Run) -> Option<CostVsStake> {
        let c = run.summary.consequences.as_ref()?;
        let series = c
            .options
            .iter()
            .map(|o| {
                let pts = o
                    .councils
                    .iter()
                    .map(|k| (k.stake_if_reviewed / 1e6, k.avoidable_cost / 1e6))
                    .collect();
                (o.id.clone(), pts)
            })
            .collect();
        Some(CostVsStake { series })
    }

    pub(super) fn title(&self) -> String {
        "Cost of hitting the target against the money if reviewed, per council".into()
    }

    pub(super) fn caption(&self) -> String {
        "Each dot is a council under one option: across, what the option would put at risk were it reviewed; up, the expected lifetime cost of the avoidable care-home admissions its response to the target caused. Above the dashed diagonal, taking the penalty would have been cheaper on average (councils.csv, penalty_cheaper, says in how many futures).".into()
    }
}

impl Chart for CostVsStake {
    fn size(&self) -> (u32, u32) {
        (800, 640)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = headed(
            root,
            "Cost of compliance against the money if reviewed (£m)",
            "Per council and option; money under conditions, withheld or moved between councils by the option's action; dashed: cost = money",
        )?;
        let top = self
            .series
            .iter()
            .flat_map(|(_, p)| p.iter().map(|&(x, y)| x.max(y)))
            .fold(0.0f64, f64::max)
            .max(0.1)
            * 1.05;
        let mut chart = ChartBuilder::on(&area)
            .margin_left(10)
            .margin_right(30)
            .margin_bottom(10)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(0.0..top, 0.0..top)?;
        chart
            .configure_mesh()
            .x_label_formatter(&|v| format!("{v:.1}"))
            .y_label_formatter(&|v| format!("{v:.1}"))
            .x_desc("Money if reviewed (£m)")
            .y_desc("Cost of compliance (£m)")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        chart.draw_series(DashedLineSeries::new(
            vec![(0.0, 0.0), (top, top)],
            6,
            4,
            RGBColor(130, 130, 130).stroke_width(1),
        ))?;
        for (k, (id, pts)) in self.series.iter().enumerate() {
            let c = option_colour(k);
            chart
                .draw_series(pts.iter().map(|&p| Circle::new(p, 3, c.mix(0.7).filled())))?
                .label(id.as_str())
                .legend(move |(x, y)| Circle::new((x + 7, y), 4, c.filled()));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.92))
            .border_style(RGBColor(180, 180, 180))
            .label_font(tick_font())
            .draw()
    }
}

/// Beds freed against avoidable admissions, per council (means).
pub(super) struct BedsVsAdmissions {
    pts: Vec<(f64, f64)>,
    subtitle: String,
}

impl BedsVsAdmissions {
    pub(super) fn new(run: &Run) -> Option<BedsVsAdmissions> {
        let c: &ConsequencesJson = run.summary.consequences.as_ref()?;
        let days = c.window_days.max(1.0);
        let pts = c
            .councils
            .iter()
            .map(|k| {
                let f = &k.figures;
                (f.bed_days_freed.mean / days, f.avoidable_admissions.mean)
            })
            .collect();
        let (b, a) = (&c.national.beds_freed, &c.national.avoidable_admissions);
        let subtitle = format!(
            "England: {:.0} beds freed (90%: {:.0}–{:.0}), {:.0} avoidable admissions ({:.0}–{:.0})",
            b.mean, b.p5, b.p95, a.mean, a.p5, a.p95
        );
        Some(BedsVsAdmissions { pts, subtitle })
    }

    pub(super) fn title(&self) -> String {
        "Beds freed against avoidable care-home admissions".into()
    }

    pub(super) fn caption(&self) -> String {
        "Each dot is a council: across, the average hospital beds its response to the target freed over the simulated months (all streams); up, the expected avoidable permanent care-home admissions it cost. Councils below zero across were pulled up towards a target above their path.".into()
    }
}

impl Chart for BedsVsAdmissions {
    fn size(&self) -> (u32, u32) {
        (800, 600)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = headed(root, "Beds freed and avoidable admissions", &self.subtitle)?;
        let (mut x0, mut x1, mut y1) = (0.0f64, 1.0f64, 1.0f64);
        for &(x, y) in &self.pts {
            x0 = x0.min(x);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let pad = (x1 - x0) * 0.05;
        let mut chart = ChartBuilder::on(&area)
            .margin_left(10)
            .margin_right(30)
            .margin_bottom(10)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d((x0 - pad)..(x1 + pad), 0.0..(y1 * 1.05))?;
        chart
            .configure_mesh()
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_desc("Beds freed (average over the simulated months)")
            .y_desc("Avoidable permanent admissions")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        let c = option_colour(0);
        chart.draw_series(
            self.pts
                .iter()
                .map(|&p| Circle::new(p, 3, c.mix(0.7).filled())),
        )?;
        Ok(())
    }
}
