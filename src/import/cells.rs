//! Cell access on a calamine sheet by absolute position, with A1 names for
//! error messages, so every refusal can point at the cell a person would open.

use calamine::{Data, Range};

/// A1 name of an absolute (0-based) cell position, e.g. `(13, 1)` → `B14`.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    letters.reverse();
    let s: String = letters.into_iter().collect();
    format!("{s}{}", row + 1)
}

/// One worksheet: its name and its used range, read by absolute position.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub range: &'a Range<Data>,
}

impl Sheet<'_> {
    /// First and last absolute rows and columns of the used range (`None` when empty).
    pub fn bounds(&self) -> Option<((u32, u32), (u32, u32))> {
        Some((self.range.start()?, self.range.end()?))
    }

    /// The cell, `None` when outside the used range.
    pub fn cell(&self, row: u32, col: u32) -> Option<&Data> {
        self.range.get_value((row, col))
    }

    /// Trimmed text of a string cell; empty for blanks and non-strings.
    pub fn text(&self, row: u32, col: u32) -> String {
        match self.cell(row, col) {
            Some(Data::String(s)) => s.trim().to_string(),
            _ => String::new(),
        }
    }

    /// True when the cell is blank or holds only whitespace.
    pub fn is_blank(&self, row: u32, col: u32) -> bool {
        match self.cell(row, col) {
            None | Some(Data::Empty) => true,
            Some(Data::String(s)) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// A human rendering of the cell's content for messages.
    pub fn show(&self, row: u32, col: u32) -> String {
        match self.cell(row, col) {
            None | Some(Data::Empty) => "an empty cell".to_string(),
            Some(Data::String(s)) => format!("\"{}\"", s.trim()),
            Some(other) => format!("{other}"),
        }
    }

    /// A whole, non-negative count of days in the cell.
    ///
    /// # Errors
    /// A sentence naming the cell and what was found there.
    pub fn count(&self, row: u32, col: u32) -> Result<u64, String> {
        let bad = || {
            format!(
                "cell {} should hold a whole number of delayed days, found {}",
                a1(row, col),
                self.show(row, col)
            )
        };
        let v = match self.cell(row, col) {
            Some(Data::Float(f)) => *f,
            Some(Data::Int(i)) => *i as f64,
            Some(Data::String(s)) => s
                .trim()
                .replace(',', "")
                .parse::<f64>()
                .map_err(|_| bad())?,
            _ => return Err(bad()),
        };
        if !v.is_finite() || v < 0.0 || v.fract() != 0.0 || v > 1e12 {
            return Err(bad());
        }
        Ok(v as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names_columns_past_z() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(13, 1), "B14");
        assert_eq!(a1(4, 25), "Z5");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 27), "AB10");
    }
}
