//! `ibcf report`: re-renders plots and report.html from a finished run's
//! folder, without simulating again.

use crate::cli::ReportArgs;
use crate::error::CmdResult;
use crate::report::render::render;
use crate::report::stress_notes;

/// Runs `ibcf report`.
///
/// # Errors
/// Input problems (exit 2) or runtime failures (exit 1).
pub fn run(args: &ReportArgs) -> CmdResult {
    if !args.stress.is_empty() {
        let run = crate::report::load::Run::load(&args.output_dir)?;
        let codes: Vec<&str> = run.councils.iter().map(|c| c.code.as_str()).collect();
        let options: Vec<&str> = run.summary.options.iter().map(|o| o.id.as_str()).collect();
        for s in &args.stress {
            let code = stress_notes::attach(&args.output_dir, s, &codes, &options)?;
            if args.quiet {
                continue;
            }
            super::say(&format!(
                "attached the stress test of {code} from {}
",
                s.display()
            ))?;
        }
    }
    render(&args.output_dir)?;
    if args.quiet {
        return Ok(());
    }
    super::say(&format!(
        "wrote {} and {}\n",
        args.output_dir.join("report.html").display(),
        args.output_dir.join("plots").display()
    ))
}
