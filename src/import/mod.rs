//! Importers for published data files (NHS England DToC workbooks).
//!
//! Owns: reading NHS England's monthly "Total Delayed Days Local Authority"
//! workbooks ([`nhse_dtoc`]) and ibcf's history CSV ([`history`]: read,
//! merge by month, write sorted). The command `ibcf import` is the only
//! caller at run time; the scenario loader never reads workbooks.

pub mod cells;
mod error;
pub mod history;
mod layout;
pub mod nhse_dtoc;
pub mod period;

pub use error::ImportError;
pub use history::{HistoryRow, MergeOutcome, merge_months, read_history_csv, write_history_csv};
pub use nhse_dtoc::{MonthTable, parse_sheet, read_workbook};
pub use period::parse_period;

#[cfg(test)]
mod sheet_tests;
