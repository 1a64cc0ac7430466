//! ibcf: which councils would be formally reviewed under an iBCF penalty
//! policy, and how much money is at risk — a Monte Carlo engine.
//!
//! Data flows one way: [`scenario`] (TOML + CSV → validated [`scenario::plan::Plan`])
//! → [`engine`] (trials, in parallel, deterministic) → results → [`report`]
//! (terminal, CSV, JSON, plots, HTML). The [`commands`] module is the CLI's
//! glue and adds nothing but I/O.
//!
//! ```no_run
//! let plan = ibcf::load("scenarios/tutorial".as_ref(), &[]).expect("valid scenario");
//! let results = ibcf::run(&plan, &ibcf::RunConfig::default()).expect("runs");
//! println!("{} trials, {} options", results.trials, results.options.len());
//! ```

#![forbid(unsafe_code)]

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod engine;
pub mod error;
pub mod import;
pub mod model;
pub mod month;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod stats;

pub use engine::{Results, RunConfig, run};
pub use month::Month;
pub use scenario::load;
pub use scenario::plan::Plan;
