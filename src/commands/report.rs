//! `ibcf report`: re-renders plots and report.html from a finished run's
//! folder, without simulating again.

use crate::cli::ReportArgs;
use crate::error::CmdResult;
use crate::report::render::render;

/// Runs `ibcf report`.
///
/// # Errors
/// Input problems (exit 2) or runtime failures (exit 1).
pub fn run(args: &ReportArgs) -> CmdResult {
    render(&args.output_dir)?;
    super::say(&format!(
        "wrote {} and {}\n",
        args.output_dir.join("report.html").display(),
        args.output_dir.join("plots").display()
    ))
}
