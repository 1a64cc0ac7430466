//! Thin binary: parse the command line, call the library, map failures to exit codes.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = ibcf::cli::Cli::parse();
    match ibcf::commands::dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("{}", f.message.trim_end());
            }
            ExitCode::from(f.code)
        }
    }
}
