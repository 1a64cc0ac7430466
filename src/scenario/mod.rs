//! Scenario files: TOML + CSV → validated, compiled [`plan::Plan`].
//!
//! Stages: raw (TOML with spans, [`raw`]) → layered (`extends`, `--set`,
//! [`layer`]) → validated (every problem collected as a diagnostic, [`diag`])
//! → compiled `Plan` ([`compile`]). The format is documented for users in
//! `docs/SCENARIO_FORMAT.md`. What the plan holds lives here too: the rule
//! expressions ([`expr`]) and the consequences' parameters
//! ([`plan::Consequences`], defaults in [`consequences_defaults`]); this
//! module imports only `month` and `format` (docs/ARCHITECTURE.md).

pub mod codes;
pub mod compile;
pub mod consequences;
pub mod consequences_csv;
pub mod consequences_defaults;
pub mod copy;
pub mod criteria;
pub mod csvdata;
pub mod data;
pub mod diag;
pub mod dist;
pub mod dist_grid;
pub mod dist_read;
pub mod expr;
pub mod fairness;
pub mod fields;
pub mod funnel;
pub mod layer;
pub mod numbers;
pub mod options;
pub mod plan;
pub mod plausible;
pub mod raw;
pub mod rule_text;
pub mod scaffold;
pub mod sensitivity;
pub mod settings;
pub mod suggest;
pub mod targets;
pub mod testkit;
pub mod trajectory;
pub mod trajectory_resolve;
pub mod trajectory_words;
pub mod uncertain;
pub mod words;

use plan::Plan;
use std::path::Path;

/// Every problem found in a scenario, ready to print.
#[derive(Debug, Default)]
pub struct Diagnostics {
    /// Rendered diagnostics, one entry each (file, position, snippet, hint).
    pub items: Vec<String>,
    /// How many of `items` are notes (remarks, not problems).
    pub notes: usize,
}

impl Diagnostics {
    /// All diagnostics as one text block, followed by a count line.
    pub fn render(&self) -> String {
        let mut s = self.items.join("\n");
        s.push_str(&format!("\n{} problem(s) found\n", self.len()));
        s
    }

    /// Problems, not counting notes.
    pub fn len(&self) -> usize {
        self.items.len() - self.notes
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Loads, layers, validates and compiles a scenario. `path` is a TOML file
/// or a folder holding `scenario.toml`; `overrides` are `--set key=value`.
///
/// # Errors
/// Every problem found, not just the first, rendered with file, line and
/// column (or CSV row and column), key path, council and a hint.
pub fn load(path: &Path, overrides: &[String]) -> Result<Plan, Diagnostics> {
    let mut sources = diag::SourceSet::default();
    let mut d = diag::Diags::default();
    match compile::compile(path, overrides, &mut sources, &mut d) {
        Some(plan) if d.is_empty() => Ok(plan),
        _ => {
            if d.is_empty() {
                d.push(diag::Diag::new(format!(
                    "{}: could not be loaded",
                    path.display()
                )));
            }
            Err(Diagnostics {
                items: d.list.iter().map(|x| diag::render(x, &sources)).collect(),
                notes: d.list.len() - d.problems(),
            })
        }
    }
}
