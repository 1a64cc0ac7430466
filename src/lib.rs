//! ibcf: which councils would be formally reviewed under an iBCF penalty
//! policy, and how much money is at risk — a Monte Carlo engine.
//!
//! Data flows one way: [`scenario`] (TOML + CSV → validated [`scenario::plan::Plan`])
//! → [`engine`] (trials, in parallel, deterministic) → results → [`report`]
//! (terminal, CSV, JSON, plots, HTML). The [`commands`] module is the CLI's
//! glue and adds nothing but I/O.
//!
//! Beyond one machine: [`engine::run_range`] simulates a contiguous range of
//! trials into a mergeable [`engine::Partial`], [`shard`] writes and checks
//! part files and merges them (into exactly the results of one run), and
//! [`slurm`] writes and submits the job array and merge job.
//!
//! ```no_run
//! let plan = ibcf::load("scenarios/tutorial".as_ref(), &[]).expect("valid scenario");
//! let out = ibcf::run(&plan, &ibcf::RunOptions::default()).expect("runs");
//! println!("{} trials, {} options", out.results.trials, out.results.options.len());
//! ```
//!
//! [`run`] does everything `ibcf run` does short of writing files (see
//! [`engine::session`], which has a tested example).

#![forbid(unsafe_code)]

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod consequences;
pub mod engine;
pub mod error;
pub mod explain;
pub mod format;
pub mod import;
pub mod model;
pub mod month;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod shard;
pub mod slurm;
pub mod stats;

pub use engine::session::{RunError, RunOptions, RunOutput, run};
pub use engine::{Results, RunConfig};
pub use month::Month;
pub use scenario::load;
pub use scenario::plan::Plan;
