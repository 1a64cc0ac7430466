//! Calendar months as small integers.
//!
//! Past the loader, months are never strings: a [`Month`] is the number of
//! months since January of year 0, so arithmetic and ordering are integer
//! operations and `Month + 1` is the next calendar month.

use std::fmt;
use std::str::FromStr;

/// A calendar month (`YYYY-MM`), stored as `year * 12 + (month - 1)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Month(pub i32);

/// Why a month string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a month: write it as YYYY-MM, e.g. 2017-09")]
pub struct MonthParseError {
    /// The text as written.
    pub text: String,
}

impl Month {
    /// Builds a month from a year and a 1-based month number.
    ///
    /// # Errors
    /// When `month` is not in 1..=12 or the year is outside 1000..=9999.
    pub fn new(year: i32, month: u32) -> Result<Month, MonthParseError> {
        if !(1..=12).contains(&month) || !(1000..=9999).contains(&year) {
            return Err(MonthParseError {
                text: format!("{year}-{month:02}"),
            });
        }
        Ok(Month(year * 12 + month as i32 - 1))
    }

    /// Calendar year.
    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1-based calendar month (1 = January).
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// Number of days in this calendar month (Gregorian leap years).
    pub fn days(self) -> u32 {
        match self.month() {
            4 | 6 | 9 | 11 => 30,
            2 if is_leap(self.year()) => 29,
            2 => 28,
            _ => 31,
        }
    }

    /// The month `n` months later (earlier when negative).
    pub fn plus(self, n: i32) -> Month {
        Month(self.0 + n)
    }

    /// Whole months from `earlier` to `self` (negative when `earlier` is later).
    pub fn since(self, earlier: Month) -> i32 {
        self.0 - earlier.0
    }

    /// Short English label, e.g. `Sep 2017`.
    pub fn label(self) -> String {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        format!("{} {}", NAMES[self.month() as usize - 1], self.year())
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl FromStr for Month {
    type Err = MonthParseError;

    /// Parses exactly `YYYY-MM`.
    fn from_str(s: &str) -> Result<Month, MonthParseError> {
        let err = || MonthParseError {
            text: s.to_string(),
        };
        let t = s.trim();
        let (y, m) = t.split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year: i32 = y.parse().map_err(|_| err())?;
        let month: u32 = m.parse().map_err(|_| err())?;
        Month::new(year, month).map_err(|_| err())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        let m: Month = "2017-09".parse().expect("valid");
        assert_eq!(m.year(), 2017);
        assert_eq!(m.month(), 9);
        assert_eq!(m.to_string(), "2017-09");
        assert_eq!(m.plus(4).to_string(), "2018-01");
        assert_eq!(m.label(), "Sep 2017");
    }

    #[test]
    fn refuses_malformed_months() {
        for bad in ["2017-13", "Sept 2017", "2017-9", "17-09", "2017-00", ""] {
            assert!(bad.parse::<Month>().is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn knows_month_lengths() {
        let d = |s: &str| s.parse::<Month>().expect("valid").days();
        assert_eq!(d("2017-02"), 28);
        assert_eq!(d("2016-02"), 29);
        assert_eq!(d("2017-09"), 30);
        assert_eq!(d("2017-08"), 31);
    }
}
