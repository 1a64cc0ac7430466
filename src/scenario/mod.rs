//! Scenario files: TOML + CSV → validated, compiled [`plan::Plan`].
//!
//! Stages: raw (serde, with spans) → layered (`extends`, `--set`) →
//! validated (every problem collected as a diagnostic) → compiled `Plan`.

pub mod explain;
pub mod plan;

use plan::Plan;
use std::path::Path;

/// Every problem found in a scenario, ready to print.
#[derive(Debug, Default)]
pub struct Diagnostics {
    /// Rendered diagnostics, one entry each (file, position, snippet, hint).
    pub items: Vec<String>,
}

impl Diagnostics {
    /// All diagnostics as one text block, followed by a count line.
    pub fn render(&self) -> String {
        let mut s = self.items.join("\n");
        s.push_str(&format!("\n{} problem(s) found\n", self.items.len()));
        s
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Loads, layers, validates and compiles a scenario. `path` is a TOML file
/// or a folder holding `scenario.toml`; `overrides` are `--set key=value`.
///
/// # Errors
/// Every problem found, not just the first.
pub fn load(path: &Path, overrides: &[String]) -> Result<Plan, Diagnostics> {
    let _ = overrides;
    Err(Diagnostics {
        items: vec![format!(
            "{}: the scenario loader is not implemented yet",
            path.display()
        )],
    })
}
