//! Plain-text tables for the terminal, with every column as wide as its
//! widest cell or heading, so a heading always sits over its own values
//! (fixed widths let a long heading run into its neighbour: "P95 funding"
//! read as one heading over the mean). Tables that also go to CSV build
//! their headings and cells from one column list (see `analysis::sweep`).

/// How a column's text sits in its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table: headings with alignment, then rows of cells.
#[derive(Debug, Clone, Default)]
pub struct TextTable {
    heads: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

/// Spaces between columns.
pub const GAP: &str = "  ";

impl TextTable {
    pub fn new(heads: impl IntoIterator<Item = (String, Align)>) -> TextTable {
        TextTable {
            heads: heads.into_iter().collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are blank, extra cells are dropped.
    pub fn row(&mut self, mut cells: Vec<String>) {
        cells.resize(self.heads.len(), String::new());
        self.rows.push(cells);
    }

    /// Each column's width in characters.
    fn widths(&self) -> Vec<usize> {
        self.heads
            .iter()
            .enumerate()
            .map(|(c, (h, _))| {
                self.rows
                    .iter()
                    .map(|r| r[c].chars().count())
                    .chain(std::iter::once(h.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }

    /// The table, `indent` before every line, each line ending in `\n`.
    pub fn render(&self, indent: &str) -> String {
        let widths = self.widths();
        let aligns: Vec<Align> = self.heads.iter().map(|h| h.1).collect();
        let line = |cells: &mut dyn Iterator<Item = &str>| {
            let parts: Vec<String> = cells
                .zip(widths.iter().zip(&aligns))
                .map(|(t, (&w, a))| match a {
                    Align::Left => format!("{t:<w$}"),
                    Align::Right => format!("{t:>w$}"),
                })
                .collect();
            format!("{indent}{}\n", parts.join(GAP).trim_end())
        };
        let mut out = line(&mut self.heads.iter().map(|h| h.0.as_str()));
        for r in &self.rows {
            out.push_str(&line(&mut r.iter().map(String::as_str)));
        }
        out
    }
}

/// The cells of one rendered line with their character spans `(start, end)`:
/// text separated by two or more spaces (cells hold at most single spaces).
/// For tests and tools that read a terminal table back.
pub fn spans(line: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !(chars[i] == ' ' && chars.get(i + 1).is_none_or(|&c| c == ' ')) {
            i += 1;
        }
        out.push((start, i, chars[start..i].iter().collect()));
    }
    out
}

/// Checks that every row of a rendered table has one cell per heading, each
/// right-aligned cell ending where its heading ends and each left-aligned
/// one starting where its heading starts; returns the rows' cells.
///
/// # Errors
/// The first line that breaks alignment, in words.
pub fn read_back(text: &str, aligns: &[Align]) -> Result<Vec<Vec<String>>, String> {
    let mut lines = text.lines();
    let head = spans(lines.next().unwrap_or_default());
    if head.len() != aligns.len() {
        return Err(format!(
            "{} headings for {} columns",
            head.len(),
            aligns.len()
        ));
    }
    let mut rows = Vec::new();
    for line in lines {
        let cells = spans(line);
        if cells.len() != head.len() {
            return Err(format!(
                "{} cells under {} headings: {line}",
                cells.len(),
                head.len()
            ));
        }
        for ((h, c), a) in head.iter().zip(&cells).zip(aligns) {
            let ok = match a {
                Align::Left => h.0 == c.0,
                Align::Right => h.1 == c.1,
            };
            if !ok {
                return Err(format!("`{}` is not under `{}`: {line}", c.2, h.2));
            }
        }
        rows.push(cells.into_iter().map(|c| c.2).collect());
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_sit_over_their_values_whatever_the_widths() {
        use Align::*;
        let aligns = [Left, Right, Right, Right];
        let heads = [
            "option",
            "reviewed (mean ± se)",
            "P95",
            "a long money heading (mean ± se)",
        ];
        let mut t = TextTable::new(heads.iter().zip(aligns).map(|(h, a)| (h.to_string(), a)));
        let r1 = ["december-33", "45.12 ± 0.31", "55", "£72.10m ± £0.30m"];
        let r2 = [
            "a-much-longer-option-name-than-the-heading",
            "1.00 ± 0.01",
            "1234567",
            "£1",
        ];
        t.row(r1.iter().map(|s| s.to_string()).collect());
        t.row(r2.iter().map(|s| s.to_string()).collect());
        let text = t.render("");
        let rows = read_back(&text, &aligns).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(rows[0], r1);
        assert_eq!(rows[1], r2);
        // The check itself fails on fixed widths too narrow for a cell.
        let bad = format!(
            "{:<6} {:>3}\n{:<6} {:>3}\n",
            "option", "P95", "december-33", "55"
        );
        assert!(read_back(&bad, &[Left, Right]).is_err());
    }
}
