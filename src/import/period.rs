//! The `Period:` cell of NHS England workbooks: month names as printed
//! ("July 2017", "Sept 2016", "Jul-17", "April 2017 "), parsed to a [`Month`].

use crate::month::Month;

const NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month number (1-based) of an English month name or abbreviation:
/// full names, any prefix of at least three letters ("Sep", "Sept").
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim().trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    NAMES
        .iter()
        .position(|n| n.starts_with(&w))
        .map(|i| i as u32 + 1)
}

/// Parses a period such as "July 2017", "Sept 2016", "Jul-17", "2017 July",
/// "July_17"; two-digit years are 20YY. `None` when it is not one month.
pub fn parse_period(text: &str) -> Option<Month> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_' || c == '/' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() != 2 {
        return None;
    }
    let (m, y) = match (month_number(words[0]), month_number(words[1])) {
        (Some(m), None) => (m, words[1]),
        (None, Some(m)) => (m, words[0]),
        _ => return None,
    };
    let year = parse_year(y)?;
    Month::new(year, m).ok()
}

fn parse_year(y: &str) -> Option<i32> {
    if !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match y.len() {
        4 => y.parse().ok(),
        2 => y.parse::<i32>().ok().map(|v| 2000 + v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        parse_period(s).map(|m| m.to_string())
    }

    #[test]
    fn parses_spellings_seen_in_the_workbooks_and_file_names() {
        assert_eq!(p("July 2017").as_deref(), Some("2017-07"));
        assert_eq!(p("Sept 2016").as_deref(), Some("2016-09"));
        assert_eq!(p("September 2016").as_deref(), Some("2016-09"));
        assert_eq!(p("Sep-17").as_deref(), Some("2017-09"));
        assert_eq!(p("April_17").as_deref(), Some("2017-04"));
        assert_eq!(p("  march 2016 ").as_deref(), Some("2016-03"));
        assert_eq!(p("2017 Feb.").as_deref(), Some("2017-02"));
        assert_eq!(p("JUNE 2017").as_deref(), Some("2017-06"));
    }

    #[test]
    fn refuses_what_is_not_one_month() {
        for bad in [
            "",
            "2017",
            "July",
            "Ju 2017",
            "Julyish 2017",
            "July 17 2017",
            "Q1 2017",
            "July 201",
            "Mayo 2017",
        ] {
            assert_eq!(p(bad), None, "{bad:?} should be refused");
        }
    }
}
