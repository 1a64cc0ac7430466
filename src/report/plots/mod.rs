//! Charts of a finished run, each written as SVG and PNG into `plots/`.
//! Owns the bundled font (so PNGs render on a machine with no system fonts),
//! the colour palettes, and the SVG+PNG fan-out; each chart module only
//! prepares its data and draws on a generic plotters backend.

use std::path::Path;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

use super::error::ReportError;
use super::load::Run;

mod compare;
mod consequences;
mod fans;

mod funding;
mod funnel;
mod noise;
mod review;
mod reviewed;
mod same;

/// DejaVu Sans (Bitstream Vera licence, see assets/DejaVuSans-LICENSE.txt).
static FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");

/// Result of drawing on any plotters backend.
pub(crate) type DrawResult<DB> =
    Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// One chart: a fixed pixel size and a drawing routine for any backend.
pub(crate) trait Chart {
    /// Width and height in pixels.
    fn size(&self) -> (u32, u32);
    /// Draws the whole chart on `root` (already filled white).
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// A chart written to `plots/`, for the HTML page.
#[derive(Debug, Clone)]
pub struct PlotFile {
    /// File name without extension (`plots/<stem>.svg`, `plots/<stem>.png`).
    pub stem: String,
    /// Heading for the page.
    pub title: String,
    /// One sentence saying how to read it.
    pub caption: String,
    /// The SVG text, as written.
    pub svg: String,
}

/// Draws every chart of `run` into `plots_dir` (created if needed).
///
/// # Errors
/// [`ReportError::Font`], [`ReportError::Draw`] or [`ReportError::Io`]
/// when the font cannot be loaded, a chart cannot be drawn, or a file
/// cannot be written.
pub fn draw_all(run: &Run, plots_dir: &Path) -> Result<Vec<PlotFile>, ReportError> {
    ensure_font()?;
    std::fs::create_dir_all(plots_dir)
        .map_err(|e| ReportError::io(format!("cannot create {}", plots_dir.display()), e))?;
    remove_stale(plots_dir);
    let mut out = Vec::new();
    let c = compare::CompareChart::new(run);
    out.push(write(
        &c,
        plots_dir,
        "options_compared",
        c.title(),
        c.caption(),
    )?);
    // Options with the same rule review the same councils: one chart each group.
    for g in run.rule_groups() {
        let opts = &run.summary.options;
        let o = &opts[g[0]];
        let shared = g[1..].iter().map(|&i| opts[i].id.clone()).collect();
        let c = review::ReviewChart::new(run, o, shared);
        let stem = format!("review_probability_{}", file_safe(&o.id));
        out.push(write(&c, plots_dir, &stem, c.title(), c.caption())?);
    }
    let c = funding::FundingChart::new(run);
    out.push(write(
        &c,
        plots_dir,
        "funding_at_risk",
        c.title(),
        c.caption(),
    )?);
    let c = reviewed::ReviewedChart::new(run);
    out.push(write(
        &c,
        plots_dir,
        "councils_reviewed",
        c.title(),
        c.caption(),
    )?);
    if let Some(c) = noise::NoiseChart::new(run) {
        out.push(write(
            &c,
            plots_dir,
            "caught_by_noise",
            c.title(),
            c.caption(),
        )?);
    }
    for c in funnel::FunnelChart::all(run) {
        let stem = format!("funnel_{}", file_safe(&c.criterion));
        out.push(write(&c, plots_dir, &stem, c.title(), c.caption())?);
    }
    if let Some(c) = fans::FanChart::new(run) {
        out.push(write(&c, plots_dir, "fan_charts", c.title(), c.caption())?);
    }
    if let Some(c) = consequences::CostVsStake::new(run) {
        let (t, cap) = (c.title(), c.caption());
        out.push(write(&c, plots_dir, "cost_vs_money_at_risk", t, cap)?);
    }
    if let Some(c) = consequences::BedsVsAdmissions::new(run) {
        let (t, cap) = (c.title(), c.caption());
        out.push(write(&c, plots_dir, "beds_vs_admissions", t, cap)?);
    }
    Ok(out)
}

/// Removes per-option charts left by an earlier render (options may have
/// been renamed since); best effort, other files are left alone.
fn remove_stale(plots_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(plots_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = (name.starts_with("review_probability_")
            || name.starts_with("map_")
            || name.starts_with("funnel_")
            || name.starts_with("caught_by_noise."))
            && (name.ends_with(".svg") || name.ends_with(".png"));
        if ours {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes any chart as `<stem>.svg` and `<stem>.png` in `dir` (created if
/// needed), with the bundled font: for charts outside the run report (the
/// decision tools).
///
/// # Errors
/// [`ReportError::Font`], [`ReportError::Draw`] or [`ReportError::Io`]
/// when the font, drawing or writing fails.
pub(crate) fn write_chart<C: Chart>(
    chart: &C,
    dir: &Path,
    stem: &str,
    title: String,
    caption: String,
) -> Result<PlotFile, ReportError> {
    ensure_font()?;
    std::fs::create_dir_all(dir)
        .map_err(|e| ReportError::io(format!("cannot create {}", dir.display()), e))?;
    write(chart, dir, stem, title, caption)
}

/// Registers the bundled font as plotters' `sans-serif` (once per process).
pub(crate) fn ensure_font() -> Result<(), ReportError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        register_font("sans-serif", FontStyle::Normal, FONT).is_ok()
            && register_font("sans-serif", FontStyle::Bold, FONT).is_ok()
    });
    match ok {
        true => Ok(()),
        false => Err(ReportError::Font),
    }
}

/// Writes `chart` as `<stem>.svg` and `<stem>.png`; returns the page entry.
pub(crate) fn write<C: Chart>(
    chart: &C,
    dir: &Path,
    stem: &str,
    title: String,
    caption: String,
) -> Result<PlotFile, ReportError> {
    let fail = |e: String| ReportError::Draw {
        chart: stem.to_string(),
        why: e,
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, chart.size()).into_drawing_area();
        paint(chart, &root).map_err(|e| fail(e.to_string()))?;
    }
    let svg_path = dir.join(format!("{stem}.svg"));
    std::fs::write(&svg_path, &svg)
        .map_err(|e| ReportError::io(format!("writing {}", svg_path.display()), e))?;
    let png_path = dir.join(format!("{stem}.png"));
    let root = BitMapBackend::new(&png_path, chart.size()).into_drawing_area();
    paint(chart, &root).map_err(|e| fail(e.to_string()))?;
    Ok(PlotFile {
        stem: stem.to_string(),
        title,
        caption,
        svg,
    })
}

fn paint<C: Chart, DB: DrawingBackend>(chart: &C, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    chart.draw(root)?;
    root.present()
}

/// Option ids are `[a-z0-9-]+` by the scenario rules; anything else becomes `_`.
pub(crate) fn file_safe(id: &str) -> String {
    id.chars()
        .map(|c| match c.is_ascii_alphanumeric() || c == '-' {
            true => c.to_ascii_lowercase(),
            false => '_',
        })
        .collect()
}

/// Colour of the i-th option (Okabe–Ito, readable by colour-blind readers).
pub fn option_colour(i: usize) -> RGBColor {
    const P: [RGBColor; 7] = [
        RGBColor(0, 114, 178),
        RGBColor(213, 94, 0),
        RGBColor(0, 158, 115),
        RGBColor(204, 121, 167),
        RGBColor(230, 159, 0),
        RGBColor(86, 180, 233),
        RGBColor(100, 100, 100),
    ];
    P[i % P.len()]
}

/// Colour of the i-th region in a sorted list of regions.
pub(crate) fn region_colour(i: usize) -> RGBColor {
    const P: [RGBColor; 10] = [
        RGBColor(31, 119, 180),
        RGBColor(255, 127, 14),
        RGBColor(44, 160, 44),
        RGBColor(214, 39, 40),
        RGBColor(148, 103, 189),
        RGBColor(140, 86, 75),
        RGBColor(227, 119, 194),
        RGBColor(127, 127, 127),
        RGBColor(188, 189, 34),
        RGBColor(23, 190, 207),
    ];
    P[i % P.len()]
}

/// Draws a bold title and a grey subtitle at the top of `root`; returns the
/// area below them. A subtitle wider than the chart wraps at spaces onto
/// more lines (the sweep heat map's ran off the right edge), and the area
/// below starts under its last line.
pub(crate) fn headed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.draw(&Text::new(
        title.to_string(),
        (16, 10),
        ("sans-serif", 21).into_font().color(&BLACK),
    ))?;
    let font = ("sans-serif", 14).into_font().color(&RGBColor(90, 90, 90));
    // A tenth to spare: a browser's sans-serif may set wider than the bundled font.
    let room = root.dim_in_pixel().0.saturating_sub(32) * 9 / 10;
    let lines = wrap_to_width(subtitle, room, &|t| {
        root.estimate_text_size(t, &font).map_or(0, |s| s.0)
    });
    for (k, line) in lines.iter().enumerate() {
        root.draw(&Text::new(
            line.clone(),
            (16, 38 + 18 * k as i32),
            font.clone(),
        ))?;
    }
    let below = 62 + 18 * lines.len().saturating_sub(1) as u32;
    Ok(root.split_vertically(below).1)
}

/// `text` cut at spaces (or after hyphens) into lines no wider than `room`
/// pixels by `width`; a single word wider than `room` stays whole on its line.
pub(crate) fn wrap_to_width(text: &str, room: u32, width: &dyn Fn(&str) -> u32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_inclusive([' ', '-']) {
        let candidate = format!("{line}{word}");
        if !line.is_empty() && width(candidate.trim_end()) > room {
            lines.push(line.trim_end().to_string());
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Text style for tick labels.
pub(crate) fn tick_font() -> TextStyle<'static> {
    ("sans-serif", 13).into_font().color(&RGBColor(40, 40, 40))
}

/// Text style for axis descriptions.
pub(crate) fn axis_font() -> TextStyle<'static> {
    ("sans-serif", 14).into_font().color(&BLACK)
}

/// Light grid lines.
pub(crate) fn grid_style() -> ShapeStyle {
    RGBColor(225, 225, 225).stroke_width(1)
}
