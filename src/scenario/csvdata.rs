//! CSV files as tables of trimmed cells, each cell knowing its row, column
//! and byte span, so a bad cell can be shown with a caret (number cells are
//! parsed by [`super::numbers`]). A UTF-8 BOM and CRLF line ends are accepted;
//! rows whose every cell is blank are skipped. Column order is free;
//! columns are found by header name. The decisions per spreadsheet quirk
//! are tabled in docs/SCENARIO_FORMAT.md ("CSV as spreadsheets write it").

use super::diag::{Diag, Diags, Loc, SourceSet};
use std::path::Path;

/// Problems reported per file before the rest are summarised.
pub const MAX_PER_FILE: usize = 25;

/// One data row.
#[derive(Debug)]
pub struct Row {
    /// 1-based line number (the header is row 1).
    pub line: u64,
    pub cells: Vec<String>,
    pub spans: Vec<(usize, usize)>,
}

/// A loaded CSV file.
#[derive(Debug)]
pub struct Table {
    pub file: usize,
    pub name: String,
    pub headers: Vec<String>,
    /// Column index of each requested column (None for an absent optional one).
    pub cols: Vec<Option<usize>>,
    pub rows: Vec<Row>,
    /// Rows refused for their shape (too few or too many cells): their
    /// trimmed cells, so later stages can tell problems that follow from them.
    pub refused: Vec<Vec<String>>,
    /// SHA-256 of the raw bytes, for provenance.
    pub sha256: [u8; 32],
}

/// Reports into a [`Diags`] but stops adding after [`MAX_PER_FILE`] for one
/// file, and lists a repeated problem once: after the first, problems with
/// the same key (the same mistake in the same column, e.g. every row one
/// cell short) are counted and summarised as "and N more … (rows a–b)".
pub struct Capped<'a> {
    pub d: &'a mut Diags,
    pub n: usize,
    pub name: String,
    /// (key, what the repeats are, first and last repeat row, repeats).
    repeats: Vec<(String, String, u64, u64, usize)>,
}

impl<'a> Capped<'a> {
    pub fn new(d: &'a mut Diags, name: &str) -> Capped<'a> {
        Capped {
            d,
            n: 0,
            name: name.to_string(),
            repeats: Vec::new(),
        }
    }

    pub fn push(&mut self, diag: Diag) {
        self.n += 1;
        if self.n <= MAX_PER_FILE {
            self.d.push(diag);
        }
    }

    /// [`Capped::push`] for the first problem with `key`; later ones on
    /// other rows are only counted. `what` names them in the summary
    /// ("rows with 5 cells", "cells in column `allocation` that are not numbers").
    pub fn push_repeat(&mut self, key: String, what: &str, line: u64, diag: Diag) {
        match self.repeats.iter_mut().find(|r| r.0 == key) {
            Some(r) => {
                if r.4 == 0 {
                    r.2 = line;
                }
                r.3 = line;
                r.4 += 1;
            }
            None => {
                self.repeats.push((key, what.to_string(), 0, 0, 0));
                self.push(diag);
            }
        }
    }

    /// Adds the repeat summaries and the "N more" line when the cap was hit.
    pub fn finish(self) {
        let Capped {
            d,
            n,
            name,
            repeats,
        } = self;
        for (_, what, first, last, count) in repeats.into_iter().filter(|r| r.4 > 0) {
            let rows = match first == last {
                true => format!("row {first}"),
                false => format!("rows {first}–{last}"),
            };
            d.push(
                Diag::new(format!("{name}: and {count} more {what} ({rows})"))
                    .help("the same mistake as above; fix the first and these follow"),
            );
        }
        if n > MAX_PER_FILE {
            d.push(Diag::new(format!(
                "{} more problem(s) in {} not shown",
                n - MAX_PER_FILE,
                name
            )));
        }
    }
}

impl Table {
    /// Span of cell `col` in `row`, or of the row start.
    pub fn loc(&self, row: &Row, col: usize) -> Loc {
        let (s, e) = row.spans.get(col).copied().unwrap_or((0, 0));
        Loc::new(self.file, s..e)
    }

    /// "row N, column `name`" for messages.
    pub fn place(&self, row: &Row, col: usize) -> String {
        let name = self.headers.get(col).map_or("?", String::as_str);
        format!("row {}, column {} (`{name}`)", row.line, col + 1)
    }

    /// Cell of requested column `k` (empty when the column is absent).
    pub fn cell<'r>(&self, row: &'r Row, k: usize) -> (&'r str, Option<usize>) {
        match self.cols.get(k).copied().flatten() {
            Some(c) => (row.cells.get(c).map_or("", String::as_str), Some(c)),
            None => ("", None),
        }
    }
}

/// Reads a CSV file. `written` is the path as the scenario wrote it, `decl`
/// where it wrote it; `required` and `optional` are column names.
#[allow(clippy::too_many_arguments)]
pub fn read(
    path: &Path,
    written: &str,
    decl: Loc,
    key_path: &str,
    required: &[&str],
    optional: &[&str],
    sources: &mut SourceSet,
    d: &mut Diags,
) -> Option<Table> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            d.push(
                Diag::new(format!(
                    "cannot read data file `{written}` (resolved to `{}`): {e}",
                    path.display()
                ))
                .at(decl)
                .path(key_path)
                .label("this file")
                .help("data paths are relative to the TOML file that names them"),
            );
            return None;
        }
    };
    let sha256 = sha2_digest(&bytes);
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let Ok(text) = String::from_utf8(bytes) else {
        let help = if utf16 {
            "the file is UTF-16 (Excel's \"Unicode text\"); save it as \"CSV UTF-8\""
        } else {
            "save the file as UTF-8 (Excel: \"CSV UTF-8 (Comma delimited)\")"
        };
        d.push(
            Diag::new(format!("data file `{written}` is not UTF-8 text"))
                .at(decl)
                .path(key_path)
                .help(help),
        );
        return None;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let name = path.display().to_string();
    let file = sources.add(name.clone(), text);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut recs = rdr.records();
    let headers: Vec<String> = match recs.next() {
        Some(Ok(h)) => h.iter().map(|s| s.trim().to_ascii_lowercase()).collect(),
        _ => {
            d.push(
                Diag::new(format!(
                    "data file `{written}` is empty: it needs a header row"
                ))
                .at(decl)
                .path(key_path),
            );
            return None;
        }
    };
    let mut cols = Vec::new();
    let mut ok = true;
    for (k, name_c) in required.iter().chain(optional).enumerate() {
        let c = headers.iter().position(|h| h == name_c);
        if c.is_none() && k < required.len() {
            ok = false;
            d.push(
                Diag::new(format!("missing column `{name_c}` in `{written}`"))
                    .at(Loc::new(
                        file,
                        0..text.find(['\r', '\n']).unwrap_or(text.len()),
                    ))
                    .label("header row")
                    .help_opt(super::diag::did_you_mean(
                        name_c,
                        headers.iter().map(String::as_str),
                    ))
                    .path(key_path),
            );
            if let Some(last) = d.list.last_mut()
                && last.help.is_none()
            {
                last.help = Some(format!("the header must name: {}", required.join(", ")));
            }
        }
        cols.push(c);
    }
    if !ok {
        return None;
    }
    // Columns a row may leave out at its end: optional or unrequested ones.
    let needed = |c: usize| required.contains(&headers[c].as_str());
    let mut rows = Vec::new();
    let mut refused = Vec::new();
    let mut cap = Capped::new(d, written);
    for rec in recs {
        match rec {
            Ok(r) => {
                let (start, line) = r
                    .position()
                    .map_or((0, 0), |p| (p.byte() as usize, p.line()));
                if r.iter().all(|c| c.trim().is_empty()) {
                    // Excel writes `,,,,` for formatted but empty rows: not data.
                    continue;
                }
                let spans = cell_spans(text, start, r.len());
                let end = spans.last().map_or(start, |s| s.1);
                if r.len() < headers.len() && (r.len()..headers.len()).any(needed) {
                    let n = r.len();
                    cap.push_repeat(
                        format!("short {n}"),
                        &format!("row(s) with {n} cell(s)"),
                        line,
                        Diag::new(format!(
                            "row {line} has {n} cell(s) but the header names {}",
                            headers.len()
                        ))
                        .at(Loc::new(file, start..end))
                        .help("every row needs a cell for every required column (an empty cell may be left blank between commas)"),
                    );
                    refused.push(r.iter().map(|c| c.trim().to_string()).collect());
                    continue;
                }
                if r.iter().skip(headers.len()).any(|c| !c.trim().is_empty()) {
                    let n = r.len();
                    cap.push_repeat(
                        format!("long {n}"),
                        &format!("row(s) with {n} cells"),
                        line,
                        Diag::new(format!(
                            "row {line} has {n} cells but the header names {}",
                            headers.len()
                        ))
                        .at(Loc::new(file, start..end))
                        .help("a number with a thousands comma must be quoted (\"1,234\"); otherwise every cell shifts"),
                    );
                    refused.push(r.iter().map(|c| c.trim().to_string()).collect());
                    continue;
                }
                // Optional cells left off the end of a row are blank.
                let mut cells: Vec<String> = r.iter().map(|s| s.trim().to_string()).collect();
                let mut spans = spans;
                cells.resize(cells.len().max(headers.len()), String::new());
                spans.resize(cells.len(), (end, end));
                rows.push(Row { line, cells, spans });
            }
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                cap.d.push(
                    Diag::new(format!("{written}: unreadable CSV: {e}"))
                        .at(Loc::new(file, at..at + 1)),
                );
                return None;
            }
        }
    }
    cap.finish();
    Some(Table {
        file,
        name: written.to_string(),
        headers,
        cols,
        rows,
        refused,
        sha256,
    })
}

/// Byte spans of the first `n` cells of the line starting at `start`.
fn cell_spans(text: &str, start: usize, n: usize) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut spans = Vec::with_capacity(n);
    let mut i = start;
    let mut cell = start;
    let mut quoted = false;
    while i <= b.len() && spans.len() < n {
        let c = b.get(i).copied().unwrap_or(b'\n');
        match c {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                spans.push((cell, i));
                cell = i + 1;
            }
            b'\n' | b'\r' if !quoted => {
                spans.push((cell, i));
                break;
            }
            _ => {}
        }
        i += 1;
    }
    while spans.len() < n {
        spans.push((i.min(b.len()), i.min(b.len())));
    }
    spans
}

fn sha2_digest(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_spans_follow_commas_and_quotes() {
        let t = "a,b\r\nx,\"y,z\",w\r\n";
        let s = cell_spans(t, 5, 3);
        assert_eq!(&t[s[0].0..s[0].1], "x");
        assert_eq!(&t[s[1].0..s[1].1], "\"y,z\"");
        assert_eq!(&t[s[2].0..s[2].1], "w");
    }
}
