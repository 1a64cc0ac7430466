//! CLI glue: one module per subcommand. Commands load, call the library and
//! write files or terminal output; they hold no model logic.

use crate::cli::{Cli, Command, ImportCommand};
use crate::error::CmdResult;

pub mod backtest;
pub mod calibrate;
pub mod design;
pub mod explain;
pub mod fail;
pub mod heartbeat;
pub mod import;
pub mod merge;
pub mod new;
pub mod report;
pub mod run;
pub mod run_folder;
pub mod run_progress;
pub mod run_resume;
pub mod run_shard;
pub mod sensitivity;
pub mod slurm;
pub mod stress;
pub mod sweep;
pub mod tool;
pub mod validate;

/// Writes to stdout; a closed pipe (e.g. `ibcf explain … | head`) is not an error.
///
/// # Errors
/// Any other write failure (exit 1).
pub fn say(text: &str) -> CmdResult {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(crate::error::Failure::from),
    }
}

/// Runs one parsed command line.
///
/// # Errors
/// A [`crate::error::Failure`] carrying the message and exit code.
pub fn dispatch(cli: Cli) -> CmdResult {
    for w in crate::engine::path::check_env().map_err(crate::error::Failure::input)? {
        eprintln!("{w}");
    }
    match cli.command {
        Command::Run(a) => run::run(&a),
        Command::Validate(a) => validate::run(&a),
        Command::Explain(a) => explain::run(&a),
        Command::New(a) => new::run(&a),
        Command::Report(a) => report::run(&a),
        Command::Calibrate(a) => calibrate::run(&a),
        Command::Backtest(a) => backtest::run(&a),
        Command::Import(ImportCommand::NhseDtoc(a)) => import::run(&a),
        Command::Sweep(a) => sweep::run(&a),
        Command::Design(a) => design::run(&a),
        Command::Sensitivity(a) => sensitivity::run(&a),
        Command::Stress(a) => stress::run(&a),
        Command::Merge(a) => merge::run(&a),
        Command::Slurm(a) => slurm::run(&a),
    }
}
