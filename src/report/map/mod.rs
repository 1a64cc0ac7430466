//! Maps of councils: a hex cartogram (one equal hex per council, the map UK
//! policy readers know; DECISIONS.md says why not boundaries), coloured by
//! probability of review or by expected money affected.
//!
//! The geometry is `assets/geo/hexmap-utla-2017.csv`, built from Open
//! Innovations' hexmaps (MIT, `assets/geo/LICENSE-hexmap.txt`) by
//! `scripts/build-hexmap.py`, and compiled in: the program never reads
//! `../shared`. Colours are decided here once, for the PNG/SVG files and for
//! the page (whose script only applies them).

use std::path::Path;
use std::sync::OnceLock;

use super::error::ReportError;
use super::load::Run;
use super::plots::PlotFile;

mod chart;
pub mod svg;

/// The attribution line every map carries (LICENSE-hexmap.txt).
pub const ATTRIBUTION: &str = "Hex map: Open Innovations / ODI Leeds hexmaps (MIT)";

const HEX_CSV: &str = include_str!("../assets/geo/hexmap-utla-2017.csv");

/// One hex.
#[derive(Debug, Clone)]
pub struct Hex {
    /// The council whose figures colour it (the Isles of Scilly hex is
    /// Cornwall's: our Cornwall row includes Scilly).
    pub code: String,
    /// The hex's own code in the source file.
    pub hex: String,
    pub name: String,
    pub q: i32,
    pub r: i32,
}

/// Every hex of the embedded map, in file order.
pub fn hexes() -> &'static [Hex] {
    static HEXES: OnceLock<Vec<Hex>> = OnceLock::new();
    HEXES.get_or_init(|| {
        csv::Reader::from_reader(HEX_CSV.as_bytes())
            .records()
            .filter_map(Result::ok)
            .filter_map(|f| {
                Some(Hex {
                    code: f.get(0)?.to_string(),
                    hex: f.get(1)?.to_string(),
                    name: f.get(2)?.to_string(),
                    q: f.get(3)?.parse().ok()?,
                    r: f.get(4)?.parse().ok()?,
                })
            })
            .collect()
    })
}

/// Centre of a hex in units of the hex size (centre to corner), x east,
/// y south (screen order), for the file's odd-r layout with r northwards.
pub fn centre(h: &Hex, top_r: i32) -> (f64, f64) {
    let w = 3f64.sqrt();
    let shift = if h.r.rem_euclid(2) == 1 { 0.5 } else { 0.0 };
    (
        w * (f64::from(h.q) + shift) + w / 2.0,
        1.5 * f64::from(top_r - h.r) + 1.0,
    )
}

/// The six corners of a pointy-top hex of `size` at pixel `(cx, cy)`.
pub fn corners(cx: f64, cy: f64, size: f64) -> [(f64, f64); 6] {
    let mut out = [(0.0, 0.0); 6];
    for (k, c) in out.iter_mut().enumerate() {
        let a = (60.0 * k as f64 - 30.0).to_radians();
        *c = (cx + size * a.cos(), cy + size * a.sin());
    }
    out
}

/// Map extent in hex units: (width, height, top row).
pub fn extent() -> (f64, f64, i32) {
    let hs = hexes();
    let top = hs.iter().map(|h| h.r).max().unwrap_or(0);
    let max_q = hs.iter().map(|h| h.q).max().unwrap_or(0);
    let bottom = hs.iter().map(|h| h.r).min().unwrap_or(0);
    (
        3f64.sqrt() * (f64::from(max_q) + 1.5),
        1.5 * f64::from(top - bottom) + 2.0,
        top,
    )
}

/// An RGB colour.
pub type Rgb = (u8, u8, u8);

/// Shade of a council never affected in any trial.
pub const ZERO: Rgb = (232, 232, 232);

fn ramp(stops: &[Rgb], t: f64) -> Rgb {
    let t = t.clamp(0.0, 1.0) * (stops.len() - 1) as f64;
    let i = (t.floor() as usize).min(stops.len() - 2);
    let u = t - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * u).round() as u8;
    let (a, b) = (stops[i], stops[i + 1]);
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Probability of review: light yellow to dark red (ColorBrewer YlOrRd);
/// exactly 0 is grey.
pub fn p_colour(p: f64) -> Rgb {
    const S: [Rgb; 5] = [
        (255, 255, 204),
        (254, 217, 118),
        (253, 141, 60),
        (227, 26, 28),
        (128, 0, 38),
    ];
    match p > 0.0 {
        true => ramp(&S, p),
        false => ZERO,
    }
}

/// Expected money affected, on a square-root scale up to `max` (ColorBrewer
/// Purples); 0 is grey.
pub fn money_colour(x: f64, max: f64) -> Rgb {
    const S: [Rgb; 5] = [
        (242, 240, 247),
        (203, 201, 226),
        (158, 154, 200),
        (117, 107, 177),
        (74, 20, 134),
    ];
    match x > 0.0 && max > 0.0 {
        true => ramp(&S, (x / max).sqrt()),
        false => ZERO,
    }
}

/// `#rrggbb`.
pub fn hex_colour(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// The largest expected money affected of any council under any option: the
/// top of every money map's scale, so options compare at a glance.
pub fn money_max(run: &Run) -> f64 {
    run.councils
        .iter()
        .map(|r| r.expected_at_risk)
        .fold(0.0, f64::max)
}

/// Options whose probability of review is the same for every council
/// (same rule on the same futures): groups of option indices, in order.
pub fn rule_groups(run: &Run) -> Vec<Vec<usize>> {
    run.rule_groups()
}

/// Whether any council of the run is on the map (a scenario of invented
/// councils, like the tutorial's `E99…`, has none: then no map is drawn).
pub fn covers(run: &Run) -> bool {
    let hs = hexes();
    run.councils
        .iter()
        .any(|r| hs.iter().any(|h| h.code == r.code))
}

/// Writes `plots/map_review_<option>.{svg,png}` once per rule group (named
/// after its first option) and `plots/map_money_<option>.{svg,png}` per option.
///
/// # Errors
/// [`ReportError`] (not an input error) when drawing or writing fails.
pub fn draw_all(run: &Run, plots_dir: &Path) -> Result<Vec<PlotFile>, ReportError> {
    let mut out = Vec::new();
    if !covers(run) {
        return Ok(out);
    }
    for g in rule_groups(run) {
        let c = chart::MapChart::review(run, &g);
        out.push(crate::report::plots::write_chart(
            &c,
            plots_dir,
            &format!("map_review_{}", crate::report::plots::file_safe(&c.option)),
            c.title.clone(),
            c.caption(),
        )?);
    }
    for i in 0..run.summary.options.len() {
        let c = chart::MapChart::money(run, i);
        out.push(crate::report::plots::write_chart(
            &c,
            plots_dir,
            &format!("map_money_{}", crate::report::plots::file_safe(&c.option)),
            c.title.clone(),
            c.caption(),
        )?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hex_parses_and_no_two_share_a_cell() {
        let hs = hexes();
        assert_eq!(hs.len(), 152, "151 councils + the Isles of Scilly");
        let mut cells: Vec<(i32, i32)> = hs.iter().map(|h| (h.q, h.r)).collect();
        cells.sort_unstable();
        cells.dedup();
        assert_eq!(cells.len(), hs.len());
        let mut codes: Vec<&str> = hs.iter().map(|h| h.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 151);
    }

    #[test]
    fn north_is_up_and_neighbours_touch() {
        let hs = hexes();
        let (_, _, top) = extent();
        let find = |c: &str| hs.iter().find(|h| h.hex == c).expect("hex");
        // Northumberland is north of Cornwall: smaller screen y.
        assert!(centre(find("E06000057"), top).1 < centre(find("E06000052"), top).1);
        // Poole (4,1) touches the Dorset hex (3,1): centres one hex width apart.
        let (a, b) = (
            centre(find("E06000029"), top),
            centre(find("E06000059"), top),
        );
        assert!((((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt() - 3f64.sqrt()).abs() < 1e-9);
    }

    #[test]
    fn colours_are_monotone_and_zero_is_grey() {
        assert_eq!(p_colour(0.0), ZERO);
        assert_eq!(p_colour(1.0), (128, 0, 38));
        assert_eq!(money_colour(0.0, 5.0), ZERO);
        assert_eq!(hex_colour((255, 0, 16)), "#ff0010");
        let lum = |c: Rgb| u32::from(c.0) + u32::from(c.1) + u32::from(c.2);
        assert!(lum(p_colour(0.2)) > lum(p_colour(0.6)));
        assert!(lum(money_colour(1.0, 4.0)) > lum(money_colour(3.0, 4.0)));
    }
}
