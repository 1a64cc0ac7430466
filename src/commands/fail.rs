//! Exit codes for the library's typed errors: the one place that decides
//! what is the user's to fix (exit 2) and what failed (exit 1). Every command
//! maps its errors through these.

use crate::analysis::ToolError;
use crate::analysis::backtest::BacktestError;
use crate::engine::session::RunError;
use crate::error::Failure;
use crate::report::ReportError;
use crate::report::output_dir::OutputError;
use crate::shard::merge::MergeError;
use crate::shard::part::{self, PartError};
use crate::shard::rebuild::RebuildError;
use crate::slurm::SlurmError;

/// Maps an output-folder error to its exit code.
pub fn output_failure(e: OutputError) -> Failure {
    match e {
        OutputError::Exists(_) => Failure::input(format!("error: {e}")),
        OutputError::Io { .. } => Failure::runtime(format!("error: {e}")),
    }
}

/// Maps a report-layer error: a run folder's file or a stress result the
/// user gave that cannot be read or is malformed is theirs to fix (exit 2);
/// writing, drawing, the font or the workbook failing is exit 1.
pub fn report_failure(e: ReportError) -> Failure {
    match e.is_input() {
        true => Failure::input(e.to_string()),
        false => Failure::runtime(e.to_string()),
    }
}

/// So commands can use `?` on the report layer and the folder writers.
impl From<ReportError> for Failure {
    fn from(e: ReportError) -> Failure {
        report_failure(e)
    }
}

/// Exit 2 for what the user asked, 1 for a run that failed.
pub fn run_failure(e: RunError) -> Failure {
    match e.is_input() {
        true => Failure::input(format!("error: {e}")),
        false => Failure::runtime(format!("error: {e}")),
    }
}

/// Maps a tool error to the exit code its cause deserves.
pub fn tool_failure(e: ToolError) -> Failure {
    match e {
        ToolError::Input(m) => Failure::input(m),
        e @ ToolError::Engine(_) => Failure::runtime(e.to_string()),
    }
}

/// Maps a part-file error to its exit code (an existing part is the user's to fix).
pub fn part_failure(e: PartError) -> Failure {
    match e {
        PartError::Io { .. } => Failure::runtime(format!("error: {e}")),
        e => Failure::input(format!("error: {e}")),
    }
}

/// Maps a merge error to its exit code.
pub fn merge_failure(e: MergeError) -> Failure {
    match e {
        MergeError::Part(p @ part::PartError::Io { .. }) => part_failure(p),
        e => Failure::input(e.to_string()),
    }
}

/// Maps a rebuild error: the parts, their header or their scenario are the
/// user's to fix (exit 2, as [`merge_failure`]); the engine failing is exit 1.
pub fn rebuild_failure(e: RebuildError) -> Failure {
    match e {
        RebuildError::Merge(m) => merge_failure(m),
        RebuildError::Tool(t) => tool_failure(t),
        e @ RebuildError::Engine(_) => Failure::runtime(e.to_string()),
        e => Failure::input(e.to_string()),
    }
}

/// Maps a Slurm error: flags or a command that cannot be split are the
/// user's to fix (exit 2); sbatch or I/O failing is exit 1.
pub fn slurm_failure(e: SlurmError) -> Failure {
    match e {
        SlurmError::Flags(_) => Failure::input(e.to_string()),
        SlurmError::Input(_) => Failure::input(format!("error: {e}")),
        e => Failure::runtime(format!("error: {e}")),
    }
}

/// Maps a backtest error: a flag, the `--actual` file or an origin the data
/// cannot support is the user's to fix (exit 2); the model or an output
/// file failing is a run failure (exit 1); a chart as [`report_failure`].
pub fn backtest_failure(e: BacktestError) -> Failure {
    match e {
        BacktestError::Flag(_) | BacktestError::Actual(_) | BacktestError::Origin(_) => {
            Failure::input(e.to_string())
        }
        BacktestError::Engine(_) | BacktestError::Io { .. } => Failure::runtime(e.to_string()),
        BacktestError::Plot(r) => report_failure(r),
    }
}

/// `ibcf new`: a bad name, an existing folder or a scenario that does not
/// load are the user's to fix (exit 2); writing failed (exit 1).
pub fn new_failure(e: crate::scenario::copy::NewError) -> Failure {
    match e.is_input() {
        true => Failure::input(e.to_string()),
        false => Failure::runtime(e.to_string()),
    }
}

/// `ibcf calibrate`: a window too short to estimate from is the user's to
/// fix (exit 2).
pub fn calibrate_failure(e: crate::analysis::calibrate::CalibrateError) -> Failure {
    Failure::input(format!("error: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn report_errors_map_input_to_2_and_the_rest_to_1() {
        let bad = ReportError::malformed(Path::new("st/stress.csv"), "no rows");
        let f = report_failure(bad);
        assert_eq!(
            (f.code, f.message.as_str()),
            (2, "error: st/stress.csv: no rows")
        );
        let f = Failure::from(ReportError::unreadable(Path::new("r/paths.csv"), "gone"));
        assert_eq!(
            (f.code, f.message.as_str()),
            (2, "error: cannot read r/paths.csv: gone")
        );
        let f = report_failure(ReportError::NotRunFolder("r".into()));
        assert_eq!(f.code, 2);
        let io = std::io::Error::other("disk full");
        let f = report_failure(ReportError::io("writing r/report.html", io));
        assert_eq!(
            (f.code, f.message.as_str()),
            (1, "error: writing r/report.html: disk full")
        );
        let f = backtest_failure(BacktestError::from(ReportError::Font));
        assert_eq!(
            (f.code, f.message.as_str()),
            (1, "error: the bundled chart font could not be loaded")
        );
    }
}
