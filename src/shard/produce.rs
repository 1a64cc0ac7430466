//! Computing one shard: what `ibcf run|sweep|sensitivity|design --shard K/N` (and
//! `ibcf run --shards N`) do between loading the scenario and writing the
//! part file. Each function returns the whole [`Part`], header included;
//! the header's settings are the ones [`super::rebuild`] reads back, so the
//! names written here and read there are kept side by side in this folder.

use super::Shard;
use super::merge::header;
use super::part::{Header, Kind, Part, Payload};
use crate::analysis::design;
use crate::analysis::figures::OptionFigures;
use crate::analysis::sensitivity::{self, Param, Settings};
use crate::analysis::sweep::{self, grid::Vary};
use crate::analysis::{RunSettings, ToolError};
use crate::engine::session::RunError;
use crate::engine::{self, RunConfig, memory, noise_check};
use crate::rules::money_words;
use crate::scenario::plan::Plan;
use std::path::Path;

/// The header shard `shard` of a run of `plan` has (trials and seed already
/// applied); `noise_check` is whether the run decides each trial with noise
/// off too. `ibcf run --shards` keeps a part whose header equals this.
pub fn run_header(plan: &Plan, noise_check: bool, shard: Shard) -> Header {
    let settings = vec![format!("noise_check={noise_check}")];
    header(plan, Kind::Run, shard, plan.trials, settings)
}

/// Simulates shard `shard`'s contiguous trials of `plan` on `threads`
/// worker threads (`None`: all cores). The memory check is sized for the
/// shard's trials only.
///
/// # Errors
/// Not enough memory for the shard ([`RunError::Memory`]); an engine failure.
pub fn run(
    plan: &Plan,
    threads: Option<usize>,
    noise_check: bool,
    shard: Shard,
) -> Result<Part, RunError> {
    let range = shard.range(plan.trials);
    let mut sized = plan.clone();
    sized.trials = range.end - range.start;
    memory::check(&sized, threads, memory::available())?;
    let cfg = RunConfig {
        threads,
        ..RunConfig::default()
    };
    let fused = noise_check && noise_check::has_noise(plan);
    let partial = engine::run_range(plan, &cfg, fused, range)?;
    Ok(Part {
        header: run_header(plan, noise_check, shard),
        payload: Payload::Run(Box::new(partial)),
    })
}

/// Runs shard `shard`'s grid points of the sweep of `scenario` (with `sets`)
/// over `vary`, whose words as given on the command line are `vary_words`;
/// `base` is the scenario as loaded with `rs` (its name and fingerprint go
/// in the header). `progress(done, total)` after each point.
///
/// # Errors
/// As [`sweep::run_points`].
#[allow(clippy::too_many_arguments)]
pub fn sweep(
    base: &Plan,
    scenario: &Path,
    sets: &[String],
    vary_words: &[String],
    vary: &[Vary],
    rs: &RunSettings,
    shard: Shard,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Part, ToolError> {
    let size = sweep::grid_size(vary)?;
    let r = shard.range(size as u64);
    let range = r.start as usize..r.end as usize;
    let (head, points) = sweep::run_points(scenario, sets, vary, rs, range, progress)?;
    let mut settings: Vec<String> = vary_words.iter().map(|v| format!("vary={v}")).collect();
    // The sweep's trials and seed are its first point's (a --vary may set them).
    settings.push(format!("head_trials={}", head.trials));
    settings.push(format!("head_seed={}", head.seed));
    let actions: Vec<&str> = head
        .actions
        .iter()
        .map(|&a| money_words::keyword(a))
        .collect();
    settings.push(format!("head_actions={}", actions.join(",")));
    let trade_offs = points.iter().map(|p| p.trade_off).collect();
    let figures = points.into_iter().map(|p| p.figures).collect();
    let h = header(base, Kind::Sweep, shard, size as u64, settings);
    Ok(figures_part(h, head.options, figures, trade_offs))
}

/// Runs shard `shard`'s engine runs of the sensitivity analysis of
/// `scenario` (with `sets`) over `params`; `base` as in [`sweep()`].
///
/// # Errors
/// As [`sensitivity::run_range`].
#[allow(clippy::too_many_arguments)]
pub fn sensitivity(
    base: &Plan,
    scenario: &Path,
    sets: &[String],
    params: &[Param],
    st: &Settings,
    rs: &RunSettings,
    shard: Shard,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Part, ToolError> {
    let runs = sensitivity::runs(params, st)?;
    let r = shard.range(runs.len() as u64);
    let range = r.start as usize..r.end as usize;
    let (options, figures) = sensitivity::run_range(scenario, sets, &runs, rs, range, progress)?;
    let trade_offs = vec![None; figures.len()];
    let settings = sensitivity_settings(params, st);
    let h = header(base, Kind::Sensitivity, shard, runs.len() as u64, settings);
    Ok(figures_part(h, options, figures, trade_offs))
}

/// Computes shard `shard`'s trials of the design of `plans` (variant 0 the
/// scenario, as [`design::plans`] loads them; its trials and seed final),
/// whose `--vary` words as given are `vary_words`: each trial of the shard's
/// contiguous range simulated once and every variant decided on it.
/// `progress(trials done)`.
///
/// # Errors
/// As [`design::tallies`].
pub fn design(
    plans: &[Plan],
    vary_words: &[String],
    rs: &RunSettings,
    shard: Shard,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<Part, ToolError> {
    let base = plans
        .first()
        .ok_or_else(|| ToolError::Input("error: the design has no scenario to run".into()))?;
    let range = shard.range(base.trials);
    let tallies = design::tallies(plans, rs, range, progress)?;
    let settings = vary_words.iter().map(|v| format!("vary={v}")).collect();
    Ok(Part {
        header: header(base, Kind::Design, shard, base.trials, settings),
        payload: Payload::Variants(tallies),
    })
}

/// The settings every part of one sensitivity analysis shares: each range
/// (`param=KEY=LOW:HIGH`, exact), the samples, bootstrap and design seed.
pub fn sensitivity_settings(params: &[Param], st: &Settings) -> Vec<String> {
    let mut out: Vec<String> = params
        .iter()
        .map(|p| format!("param={}={:?}:{:?}", p.key, p.low, p.high))
        .collect();
    out.push(format!("samples={}", st.samples));
    out.push(format!("bootstrap={}", st.bootstrap));
    out.push(format!("design_seed={}", st.design_seed));
    out
}

fn figures_part(
    header: Header,
    options: Vec<String>,
    units: Vec<Vec<OptionFigures>>,
    trade_offs: Vec<Option<crate::analysis::figures::TradeOff>>,
) -> Part {
    Part {
        header,
        payload: Payload::Figures {
            options,
            units,
            trade_offs,
        },
    }
}

/// What a part holds, in words: "trials 0..500 of 1000".
pub fn describe(h: &Header) -> String {
    let what = h.kind.units();
    format!("{what} {}..{} of {}", h.range.0, h.range.1, h.units)
}
