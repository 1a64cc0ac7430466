//! What `ibcf stress` solves for: the council, the review probability
//! counted as safe, the search range and tolerance, checked once.

use crate::analysis::ToolError;

/// What to solve for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StressSpec {
    pub council: usize,
    /// Review probability counted as safe.
    pub threshold: f64,
    /// Upper end of the δ search (log scale per month).
    pub max_delta: f64,
    /// Bisection tolerance on δ.
    pub tol: f64,
}

/// Bisection tolerance on δ (log scale per month) of `ibcf stress`.
pub const TOLERANCE: f64 = 0.001;

impl StressSpec {
    /// The spec `ibcf stress` solves for council `code` of `councils`, with
    /// [`TOLERANCE`], its inputs checked.
    ///
    /// # Errors
    /// [`ToolError::Input`]: an unknown council, a threshold that is not a
    /// probability strictly between 0 and 1, a non-positive search bound.
    pub fn new(
        councils: &crate::scenario::plan::Councils,
        code: &str,
        threshold: f64,
        max_delta: f64,
    ) -> Result<StressSpec, ToolError> {
        if !(threshold > 0.0 && threshold < 1.0) {
            return Err(ToolError::Input(format!(
                "error: --threshold {threshold}: must be a probability strictly between 0 and 1, e.g. --threshold 0.1"
            )));
        }
        if !(max_delta > 0.0 && max_delta.is_finite()) {
            return Err(ToolError::Input(
                "error: --max-improvement must be positive".into(),
            ));
        }
        let council = super::folder::find_council(councils, code).map_err(ToolError::Input)?;
        Ok(StressSpec {
            council,
            threshold,
            max_delta,
            tol: TOLERANCE,
        })
    }
}
