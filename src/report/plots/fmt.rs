//! Number formatting shared by charts and the HTML page: pounds, £m,
//! thousands separators.

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

/// A non-negative whole number with thousands separators.
pub(crate) fn thousands(x: f64) -> String {
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A count-like mean with two decimals.
pub(crate) fn num2(x: f64) -> String {
    format!("{x:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
