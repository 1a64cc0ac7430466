//! Distribution of the national money figure (funding under conditions,
//! withheld or moved, by the options' actions) per option (options overlaid),
//! from each option's `funding_histogram`, with the mean, P95 and ES95 marked.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, axis_font, grid_style, headed, option_colour, tick_font};
use crate::format::{money_m, money_tick};
use crate::report::load::Run;

/// One option's histogram as densities, in £m.
struct Series {
    colour: RGBColor,
    /// (left, right, share of trials) on the common grid.
    bins: Vec<(f64, f64, f64)>,
    mean: f64,
    p95: f64,
    es95: Option<f64>,
}

/// All options on one pair of axes.
pub(super) struct FundingChart {
    series: Vec<Series>,
    /// Common bin width, £m.
    width: f64,
    /// The figure's name by the options' actions ("funding under conditions").
    figure: String,
    /// Options with identical histograms, drawn once (see [`super::same`]).
    groups: Vec<Vec<usize>>,
    ids: Vec<String>,
}

/// Spreads a histogram (edges in pounds) onto `BINS` bins of `width` £m from
/// `lo` £m, in proportion to overlap; returns shares of all trials.
fn rebin(edges: &[f64], counts: &[u64], lo: f64, width: f64) -> Vec<f64> {
    let total = counts.iter().sum::<u64>().max(1) as f64;
    let mut out = vec![0.0; BINS];
    let index = |x: f64| (((x - lo) / width).floor().max(0.0) as usize).min(BINS - 1);
    for (&c, e) in counts.iter().zip(edges.windows(2)) {
        let (l, r) = (e[0] / 1e6, e[1] / 1e6);
        let share = c as f64 / total;
        if r <= l {
            out[index(l)] += share;
            continue;
        }
        for (k, slot) in out.iter_mut().enumerate().take(index(r) + 1).skip(index(l)) {
            let (bl, br) = (lo + k as f64 * width, lo + (k + 1) as f64 * width);
            let overlap = (r.min(br) - l.max(bl)).max(0.0);
            *slot += share * overlap / (r - l);
        }
    }
    out
}

/// Bins of the common grid every option is re-binned onto.
const BINS: usize = 40;

impl FundingChart {
    pub(super) fn new(run: &Run) -> FundingChart {
        let opts = &run.summary.options;
        let lo = opts
            .iter()
            .filter_map(|o| o.funding_histogram.edges.first())
            .fold(f64::INFINITY, |a, &b| a.min(b));
        let hi = opts
            .iter()
            .filter_map(|o| o.funding_histogram.edges.last())
            .fold(f64::NEG_INFINITY, |a, &b| a.max(b));
        let (lo, hi) = match lo.is_finite() && hi.is_finite() {
            true if hi > lo => (lo / 1e6, hi / 1e6),
            true => (lo / 1e6, lo / 1e6 + 1.0),
            false => (0.0, 1.0),
        };
        let width = (hi - lo) / BINS as f64;
        let series: Vec<Series> = opts
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let shares = rebin(
                    &o.funding_histogram.edges,
                    &o.funding_histogram.counts,
                    lo,
                    width,
                );
                let bins = shares
                    .iter()
                    .enumerate()
                    .map(|(k, &s)| (lo + k as f64 * width, lo + (k + 1) as f64 * width, s))
                    .collect();
                let f = &o.funding_at_risk;
                Series {
                    colour: option_colour(i),
                    bins,
                    mean: f.mean / 1e6,
                    p95: f.p95 / 1e6,
                    es95: f.es95.map(|x| x / 1e6),
                }
            })
            .collect();
        // Identical when everything drawn is equal (the name aside).
        let drawn: Vec<_> = series
            .iter()
            .map(|s: &Series| (&s.bins, s.mean, s.p95, s.es95))
            .collect();
        let groups = super::same::groups(&drawn);
        FundingChart {
            ids: opts.iter().map(|o| o.id.clone()).collect(),
            groups,
            series,
            width,
            figure: run.money_figure(),
        }
    }

    pub(super) fn title(&self) -> String {
        format!("How much money: {}", self.figure)
    }

    pub(super) fn caption(&self) -> String {
        format!(
            "Distribution of the national total of {} across simulated futures, one \
             colour per option (each option's histogram spread onto common bands). Solid line: mean; dashed: 95th percentile (1 year in 20 is worse); \
             dotted: expected shortfall (mean of the worst 5% of futures).{}",
            self.figure,
            super::same::note(&self.ids, &self.groups)
        )
    }

    fn ranges(&self) -> (f64, f64, f64) {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        let mut top: f64 = 0.0;
        for s in &self.series {
            for &(l, r, d) in &s.bins {
                lo = lo.min(l);
                hi = hi.max(r);
                top = top.max(d);
            }
            hi = hi.max(s.es95.unwrap_or(s.p95));
        }
        if !lo.is_finite() || !hi.is_finite() {
            return (0.0, 1.0, 1.0);
        }
        let pad = ((hi - lo) * 0.04).max(0.01);
        (
            (lo - pad).max(lo.min(0.0)),
            hi + pad,
            (top * 1.18).max(1e-9),
        )
    }
}

impl Chart for FundingChart {
    fn size(&self) -> (u32, u32) {
        (1000, 560)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = headed(
            root,
            &format!("Distribution of national {}, by option", self.figure),
            &format!(
                "Share of simulated futures in each {} band; mean (solid), P95 (dashed), ES95 = mean of worst 5% (dotted)",
                money_m(self.width * 1e6)
            ),
        )?;
        let (x0, x1, y1) = self.ranges();
        let mut chart = ChartBuilder::on(&area)
            .margin_left(10)
            .margin_right(30)
            .margin_bottom(10)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(x0..x1, 0f64..y1)?;
        chart
            .configure_mesh()
            .x_label_formatter(&|x| money_tick(*x, x1 - x0))
            .y_label_formatter(&|y| crate::format::pct_tick(*y))
            .x_desc(format!(
                "{}, England total (£m)",
                crate::rules::money_words::capitalised(&self.figure)
            ))
            .y_desc("Share of simulated futures")
            .axis_desc_style(axis_font())
            .label_style(tick_font())
            .light_line_style(WHITE)
            .bold_line_style(grid_style())
            .draw()?;
        for g in &self.groups {
            let s = &self.series[g[0]];
            let c = s.colour;
            chart
                .draw_series(
                    s.bins
                        .iter()
                        .map(|&(l, r, d)| Rectangle::new([(l, 0.0), (r, d)], c.mix(0.22).filled())),
                )?
                .label(super::same::label(&self.ids, g))
                .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], c.filled()));
            let outline: Vec<(f64, f64)> = s
                .bins
                .iter()
                .flat_map(|&(l, r, d)| [(l, 0.0), (l, d), (r, d), (r, 0.0)])
                .collect();
            chart.draw_series([PathElement::new(outline, c.stroke_width(2))])?;
            let top = y1 * 0.97;
            chart.draw_series([PathElement::new(
                vec![(s.mean, 0.0), (s.mean, top)],
                c.stroke_width(2),
            )])?;
            chart.draw_series(DashedLineSeries::new(
                vec![(s.p95, 0.0), (s.p95, top)],
                8,
                5,
                c.stroke_width(2),
            ))?;
            if let Some(es) = s.es95 {
                chart.draw_series(DashedLineSeries::new(
                    vec![(es, 0.0), (es, top)],
                    2,
                    4,
                    c.stroke_width(2),
                ))?;
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebin_keeps_every_trial_and_splits_by_overlap() {
        // One bin from £0 to £2m holding all 10 trials, onto 40 bins of £0.1m from £0.
        let shares = rebin(&[0.0, 2e6], &[10], 0.0, 0.1);
        assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        for s in &shares[..20] {
            assert!((s - 0.05).abs() < 1e-12, "{s}");
        }
        assert!(shares[20..].iter().all(|&s| s == 0.0));
        // A zero-width bin lands in the bin holding its value.
        let spike = rebin(&[1.05e6, 1.05e6], &[4], 0.0, 0.1);
        assert!((spike[10] - 1.0).abs() < 1e-12, "{spike:?}");
    }
}
