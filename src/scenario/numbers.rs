//! Number cells of the CSV files as spreadsheets write them: which forms are
//! numbers (plain decimals, exponents, quoted thousands separators) and why
//! the others are refused. The table of decisions is in
//! docs/SCENARIO_FORMAT.md ("CSV as spreadsheets write it").

/// Why a number cell was refused: the message and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberError {
    pub why: String,
    pub help: String,
}

/// Parses a trimmed, non-blank number cell. Accepted: plain decimals and
/// exponents (`1234.5`, `-0.5`, `1e3`) and English thousands separators in
/// groups of three (`1,234`, `1,234,567.89`; the cell must be quoted in the
/// CSV). Refused with a reason: spreadsheet error values (`#N/A`, `#DIV/0!`,
/// …), currency and percent signs, other commas (`1,5`), NaN and infinity.
///
/// # Errors
/// A [`NumberError`] saying why and how to fix it.
pub fn parse_number(s: &str) -> Result<f64, NumberError> {
    let err = |why: String, help: &str| NumberError {
        why,
        help: help.to_string(),
    };
    if s.starts_with('#') {
        return Err(err(
            format!("`{s}` is a spreadsheet error value, not a number"),
            "fix the formula in the spreadsheet, or leave the cell blank where blank is allowed",
        ));
    }
    if s.contains(['£', '$', '€']) {
        return Err(err(
            format!("`{s}` has a currency sign"),
            "write amounts in pounds as plain numbers, e.g. 1234.56",
        ));
    }
    if s.ends_with('%') {
        return Err(err(
            format!("`{s}` has a percent sign"),
            "write a plain number (the column's unit is in docs/SCENARIO_FORMAT.md)",
        ));
    }
    let plain = if s.contains(',') {
        match strip_thousands(s) {
            Some(p) => p,
            None => {
                return Err(err(
                    format!("`{s}` has a comma that is not a thousands separator"),
                    "use `.` for decimals (1.5); commas may only group thousands (1,234)",
                ));
            }
        }
    } else {
        s.to_string()
    };
    match plain.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(err(
            format!("`{s}` is not a finite number"),
            "every number must be finite",
        )),
        Err(_) => Err(err(
            format!("`{s}` is not a number"),
            "numbers are plain decimals, e.g. 1234.5",
        )),
    }
}

/// `1,234,567.8` → `1234567.8` when the commas group whole digits in threes
/// (1–3 leading digits, optional sign, optional decimal part); else `None`.
fn strip_thousands(s: &str) -> Option<String> {
    let (sign, rest) = match s.strip_prefix(['-', '+']) {
        Some(r) => (&s[..1], r),
        None => ("", s),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let groups: Vec<&str> = int.split(',').collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let first_ok = groups.first().is_some_and(|g| digits(g) && g.len() <= 3);
    let rest_ok = groups.iter().skip(1).all(|g| digits(g) && g.len() == 3);
    let frac_ok = frac.is_none_or(digits);
    (groups.len() > 1 && first_ok && rest_ok && frac_ok).then(|| {
        let mut out = format!("{sign}{}", groups.concat());
        if let Some(f) = frac {
            out.push('.');
            out.push_str(f);
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_accept_plain_and_grouped_thousands() {
        for (s, v) in [
            ("1234.5", 1234.5),
            ("-0.5", -0.5),
            ("1e3", 1000.0),
            ("1,234", 1234.0),
            ("12,345,678.25", 12_345_678.25),
            ("-1,000", -1000.0),
            ("0", 0.0),
        ] {
            assert_eq!(parse_number(s), Ok(v), "{s}");
        }
    }

    #[test]
    fn numbers_refuse_spreadsheet_quirks_with_reasons() {
        for (s, why) in [
            ("#N/A", "spreadsheet error value"),
            ("#DIV/0!", "spreadsheet error value"),
            ("£1,234", "currency sign"),
            ("12%", "percent sign"),
            ("1,5", "not a thousands separator"),
            ("1,2345", "not a thousands separator"),
            ("1234,567", "not a thousands separator"),
            (",123", "not a thousands separator"),
            ("1,234.", "not a thousands separator"),
            ("inf", "not a finite number"),
            ("NaN", "not a finite number"),
            ("1e400", "not a finite number"),
            ("abc", "is not a number"),
            ("-", "is not a number"),
        ] {
            let e = parse_number(s).expect_err(s);
            assert!(e.why.contains(why), "{s}: {}", e.why);
            assert!(!e.help.is_empty());
        }
    }
}
