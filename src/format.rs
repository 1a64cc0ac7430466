//! The crate's one place for number and money formatting: every style of
//! pounds (`£12.3m` headlines, axis ticks, `£15,485,615`, `£1.23m`/`£45.6k`
//! terminal figures, exact `£1,234.56` from pence), the CSV forms
//! (6 significant digits, pounds with two decimals, exact pence), thousands
//! separators, percentages (page figures and axis ticks), scores with three
//! decimals and compact axis ticks. Different styles are differently named
//! functions here; no other module formats money.

/// `£12.3m` style, for axis ticks and headlines.
pub(crate) fn money_m(pounds: f64) -> String {
    let m = pounds / 1e6;
    match m.abs() {
        x if x >= 100.0 => format!("£{m:.0}m"),
        x if x >= 10.0 => format!("£{m:.1}m"),
        _ => format!("£{m:.2}m"),
    }
}

/// Axis tick in £m with a fixed number of decimals chosen from the axis
/// span (`span_m`, £m), so every tick on one axis looks alike.
pub(crate) fn money_tick(m: f64, span_m: f64) -> String {
    match span_m {
        s if s >= 5.0 => format!("£{m:.0}m"),
        s if s >= 0.5 => format!("£{m:.1}m"),
        _ => format!("£{m:.2}m"),
    }
}

/// Whole pounds with thousands separators: `£15,485,615`.
pub(crate) fn pounds(x: f64) -> String {
    let sign = if x < -0.5 { "-" } else { "" };
    format!("{sign}£{}", thousands(x.abs().round()))
}

/// Pounds in words-friendly units, for the terminal: £1.23m, £45.6k, £789.
pub fn pounds_short(x: f64) -> String {
    let a = x.abs();
    let sign = if x < 0.0 { "-" } else { "" };
    if a >= 1.0e6 {
        format!("{sign}£{:.2}m", a / 1.0e6)
    } else if a >= 1.0e3 {
        format!("{sign}£{:.1}k", a / 1.0e3)
    } else {
        format!("{sign}£{a:.0}")
    }
}

/// Exact pounds from pence, grouped: `£80,700,000` (pence shown only when
/// there are some: `£1,234.56`).
pub fn pounds_exact(pence: i128) -> String {
    let p = pence.unsigned_abs();
    let (whole, frac) = (p / 100, p % 100);
    let grouped = group(&whole.to_string());
    let sign = if pence < 0 { "-" } else { "" };
    if frac == 0 {
        format!("{sign}£{grouped}")
    } else {
        format!("{sign}£{grouped}.{frac:02}")
    }
}

/// A non-negative whole number with thousands separators.
pub(crate) fn thousands(x: f64) -> String {
    group(&format!("{:.0}", x.abs()))
}

/// A count with thousands separators: `1,234`.
pub fn count(n: u64) -> String {
    group(&n.to_string())
}

/// Commas between groups of three in a string of digits.
fn group(digits: &str) -> String {
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A fraction as a percentage, without trailing zeros: 0.33 → "33%", 0.125 → "12.5%".
pub fn pct(x: f64) -> String {
    let s = format!("{:.2}", x * 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}%")
}

/// A fraction as a percentage with one decimal, for page tables: 0.5 →
/// "50.0%"; "–" when not finite.
pub fn pct1(x: f64) -> String {
    if x.is_finite() {
        format!("{:.1}%", x * 100.0)
    } else {
        "–".into()
    }
}

/// A fraction as a whole percentage, for axis ticks: 0.25 → "25%".
pub fn pct_tick(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// A score with three decimals (CRPS, skill, Brier, p-value): "0.125";
/// "–" when not finite.
pub fn num3(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.3}")
    } else {
        "–".into()
    }
}

/// A compact axis tick for an axis from `lo` to `hi`: the unit (m, k or
/// none) from the larger end, and enough decimals to tell ticks a tenth of
/// the span apart, so no two ticks of one axis read alike (`tick_short` on
/// 73.40m–73.45m printed "73.4m" five times).
pub fn tick_in_span(v: f64, lo: f64, hi: f64) -> String {
    let a = lo.abs().max(hi.abs());
    let (div, unit) = match a {
        a if a >= 1e6 => (1e6, "m"),
        a if a >= 1e4 => (1e3, "k"),
        _ => (1.0, ""),
    };
    // Ticks are at least a twelfth of the span apart (plotters asks for few).
    let step = (hi - lo).abs() / 12.0 / div;
    let decimals = match step > 0.0 && step.is_finite() {
        true => (-step.log10()).ceil().clamp(0.0, 6.0) as usize,
        false => 2,
    };
    format!("{:.decimals$}{unit}", v / div)
}

/// A compact axis tick without units: 12.3m, 45k, 789, 0.12.
pub fn tick_short(v: f64) -> String {
    match v.abs() {
        a if a >= 1e6 => format!("{:.1}m", v / 1e6),
        a if a >= 1e4 => format!("{:.0}k", v / 1e3),
        a if a >= 100.0 => format!("{v:.0}"),
        _ => format!("{v:.2}"),
    }
}

/// CSV: a float with up to 6 significant digits, trailing zeros dropped;
/// empty when not finite.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    if x == 0.0 {
        return "0".into();
    }
    let mag = x.abs().log10().floor() as i32;
    let decimals = (5 - mag).clamp(0, 17) as usize;
    let mut s = format!("{x:.decimals$}");
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if s == "-0" { "0".into() } else { s }
}

/// CSV: pounds with two decimals, no sign; empty when not finite.
pub fn money(pounds: f64) -> String {
    if !pounds.is_finite() {
        return String::new();
    }
    let s = format!("{pounds:.2}");
    if s == "-0.00" { "0.00".into() } else { s }
}

/// CSV: exact pounds from pence, no separators: `-1234.05`.
pub fn pence(p: i128) -> String {
    let sign = if p < 0 { "-" } else { "" };
    let a = p.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// A count-like mean with two decimals.
pub(crate) fn num2(x: f64) -> String {
    format!("{x:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Nice" ticks (1, 2 or 5 × 10^k apart, 3 to 12 of them) over a range,
    /// as a chart library places them.
    fn nice_ticks(lo: f64, hi: f64) -> Vec<Vec<f64>> {
        let mut out = Vec::new();
        for k in -8..9 {
            for m in [1.0, 2.0, 5.0] {
                let step = m * 10f64.powi(k);
                let first = (lo / step).ceil() as i64;
                let last = (hi / step).floor() as i64;
                if (3..=12).contains(&(last - first + 1)) {
                    out.push((first..=last).map(|i| i as f64 * step).collect());
                }
            }
        }
        out
    }

    #[test]
    fn ticks_of_one_axis_never_read_alike() {
        // Narrow money and count spans, as a tornado of a small effect has.
        let spans = [
            (73_400_000.0, 73_450_000.0),
            (37.9, 38.0),
            (37.95, 37.951),
            (20_000.0, 20_400.0),
            (0.0, 1.0),
            (64_800_000.0, 72_100_000.0),
        ];
        let mut old_repeats = 0;
        for (lo, hi) in spans {
            for ticks in nice_ticks(lo, hi) {
                let labels: Vec<String> = ticks.iter().map(|&v| tick_in_span(v, lo, hi)).collect();
                let mut dedup = labels.clone();
                dedup.dedup();
                assert_eq!(dedup, labels, "{lo}..{hi}: {labels:?}");
                let old: Vec<String> = ticks.iter().map(|&v| tick_short(v)).collect();
                old_repeats += usize::from(old.windows(2).any(|w| w[0] == w[1]));
            }
        }
        assert!(old_repeats > 0, "the spans no longer show the old repeats");
        assert_eq!(tick_in_span(73_400_000.0, 73.4e6, 73.45e6), "73.400m");
        assert_eq!(tick_in_span(50.0, 30.0, 55.0), "50");
    }

    #[test]
    fn money_and_thousands() {
        assert_eq!(pounds(15_485_614.95), "£15,485,615");
        assert_eq!(pounds(-999.4), "-£999");
        assert_eq!(thousands(1000.0), "1,000");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(money_m(7_617_435.13), "£7.62m");
        assert_eq!(money_m(19_300_815.0), "£19.3m");
        assert_eq!(money_tick(5.0, 25.0), "£5m");
        assert_eq!(money_tick(0.26, 1.0), "£0.3m");
        assert_eq!(pounds_exact(8_070_000_000), "£80,700,000");
        assert_eq!(pounds_exact(123_456), "£1,234.56");
        assert_eq!(pounds_exact(-5), "-£0.05");
        assert_eq!(pounds_exact(0), "£0");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(pounds_short(-45_600.0), "-£45.6k");
    }

    #[test]
    fn percentages_drop_trailing_zeros() {
        assert_eq!(pct(0.33), "33%");
        assert_eq!(pct(0.125), "12.5%");
        assert_eq!(pct(0.0), "0%");
    }

    #[test]
    fn page_percentages_scores_and_ticks() {
        // The strings backtest.html and the charts printed before these
        // moved here.
        assert_eq!(pct1(0.5), "50.0%");
        assert_eq!(pct1(0.123_45), "12.3%");
        assert_eq!(pct1(0.0), "0.0%");
        assert_eq!(pct1(1.0), "100.0%");
        assert_eq!(pct1(f64::NAN), "–");
        assert_eq!(pct1(f64::INFINITY), "–");
        assert_eq!(num3(0.123_456), "0.123");
        assert_eq!(num3(-0.0625), "-0.062");
        assert_eq!(num3(12.0), "12.000");
        assert_eq!(num3(f64::NAN), "–");
        assert_eq!(pct_tick(0.25), "25%");
        assert_eq!(pct_tick(1.0), "100%");
        assert_eq!(pct_tick(0.0), "0%");
        assert_eq!(tick_short(12_345_678.0), "12.3m");
        assert_eq!(tick_short(-2_500_000.0), "-2.5m");
        assert_eq!(tick_short(45_000.0), "45k");
        assert_eq!(tick_short(9_999.0), "9999");
        assert_eq!(tick_short(789.4), "789");
        assert_eq!(tick_short(0.125), "0.12");
        assert_eq!(tick_short(0.0), "0.00");
    }
}
