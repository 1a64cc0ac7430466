//! The importer's one error type, in its own module so that both the
//! workbook reader (`nhse_dtoc`) and the layout finder (`layout`) can return
//! it without importing each other.

use std::fmt;
use std::path::{Path, PathBuf};

/// Why a workbook was refused: file, sheet, cell (A1) and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportError {
    pub file: Option<PathBuf>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub message: String,
}

impl ImportError {
    pub(crate) fn at(sheet: &str, cell: Option<String>, message: impl Into<String>) -> ImportError {
        ImportError {
            file: None,
            sheet: Some(sheet.to_string()),
            cell,
            message: message.into(),
        }
    }

    pub(crate) fn in_file(mut self, file: &Path) -> ImportError {
        self.file = Some(file.to_path_buf());
        self
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.file {
            write!(f, "{}: ", p.display())?;
        }
        if let Some(s) = &self.sheet {
            write!(f, "sheet \"{s}\": ")?;
        }
        if let Some(c) = &self.cell {
            write!(f, "cell {c}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ImportError {}
