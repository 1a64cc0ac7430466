//! A CSV file read by column name, with errors that name the file, line and
//! column. The run folder's CSVs have dynamic columns (`p_<criterion>`), so
//! rows are read as string records and typed field by field.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::month::Month;
use crate::report::error::ReportError;

/// An open CSV file with its header row.
pub(super) struct Table {
    path: PathBuf,
    reader: csv::Reader<std::fs::File>,
    headers: Vec<String>,
    index: HashMap<String, usize>,
}

/// One data row, borrowed from its [`Table`].
pub(super) struct Row<'a> {
    table: &'a Table,
    record: csv::StringRecord,
    line: u64,
}

impl Table {
    /// Opens `path` and reads its header row.
    pub(super) fn open(path: &Path) -> Result<Table, ReportError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(path)
            .map_err(|e| ReportError::unreadable(path, e))?;
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| ReportError::malformed(path, e))?
            .iter()
            .map(str::to_string)
            .collect();
        let index = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.clone(), i))
            .collect();
        Ok(Table {
            path: path.to_path_buf(),
            reader,
            headers,
            index,
        })
    }

    /// Column names, in file order.
    pub(super) fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The next data row, or `None` at the end of the file.
    pub(super) fn next_row(&mut self) -> Result<Option<Row<'_>>, ReportError> {
        let mut record = csv::StringRecord::new();
        let more = self
            .reader
            .read_record(&mut record)
            .map_err(|e| ReportError::malformed(&self.path, e))?;
        if !more {
            return Ok(None);
        }
        let line = record.position().map_or(0, |p| p.line());
        Ok(Some(Row {
            table: self,
            record,
            line,
        }))
    }
}

impl Row<'_> {
    fn err(&self, column: &str, what: &str) -> ReportError {
        ReportError::Malformed {
            path: self.table.path.clone(),
            line: Some(self.line),
            column: None,
            why: format!("column `{column}`: {what}"),
        }
    }

    fn raw(&self, column: &str) -> Result<&str, ReportError> {
        let i = *self
            .table
            .index
            .get(column)
            .ok_or_else(|| self.err(column, "missing from the header row"))?;
        self.record
            .get(i)
            .ok_or_else(|| self.err(column, "row has too few fields"))
    }

    /// A text field, as written.
    pub(super) fn text(&self, column: &str) -> Result<String, ReportError> {
        self.raw(column).map(str::to_string)
    }

    /// A finite number.
    pub(super) fn num(&self, column: &str) -> Result<f64, ReportError> {
        let s = self.raw(column)?;
        parse_num(s).ok_or_else(|| self.err(column, &format!("`{s}` is not a number")))
    }

    /// A number, or `None` when the field is empty.
    pub(super) fn opt_num(&self, column: &str) -> Result<Option<f64>, ReportError> {
        match self.raw(column)?.trim() {
            "" => Ok(None),
            _ => self.num(column).map(Some),
        }
    }

    /// Like [`Row::opt_num`], but a column absent from the header is `None` too.
    pub(super) fn opt_num_or_missing(&self, column: &str) -> Result<Option<f64>, ReportError> {
        match self.table.index.contains_key(column) {
            true => self.opt_num(column),
            false => Ok(None),
        }
    }

    /// A `YYYY-MM` month.
    pub(super) fn month(&self, column: &str) -> Result<Month, ReportError> {
        let s = self.raw(column)?;
        Month::from_str(s).map_err(|_| self.err(column, &format!("`{s}` is not a YYYY-MM month")))
    }
}

fn parse_num(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}
