//! Reading a split's parts back: every header first (checksums verified,
//! the set checked by [`super::check::whole`]), then the payloads one part
//! at a time into one accumulator. Memory: the accumulator (for a run, the
//! per-trial figures that exact quantiles need, 32 bytes per trial and
//! option, plus one tally) and one part at a time, whatever the number of
//! parts.

use super::Shard;
use super::check::{self, CheckError};
use super::part::{self, Header, Kind, Part, PartError, Payload};
use crate::analysis::figures::{OptionFigures, TradeOff};
use crate::engine::variants::VariantTally;
use crate::engine::{Partial, PartialError};
use crate::scenario::plan::Plan;
use std::path::{Path, PathBuf};

/// Why parts cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("error: {0}")]
    Part(#[from] PartError),
    #[error(transparent)]
    Check(#[from] CheckError),
    #[error("error: {}: {source}", path.display())]
    Absorb { path: PathBuf, source: PartialError },
    #[error("error: {}: {why}", path.display())]
    Payload { path: PathBuf, why: String },
}

/// The parts' headers, in the order given, once the set is known to be one
/// whole split.
///
/// # Errors
/// Unreadable, truncated, corrupt or other-format parts; parts of different
/// runs; overlapping or missing shards.
pub fn headers(paths: &[PathBuf]) -> Result<Vec<(PathBuf, Header)>, MergeError> {
    let mut out = Vec::with_capacity(paths.len());
    for p in paths {
        out.push((p.clone(), part::read_header(p)?));
    }
    check::whole(&out)?;
    Ok(out)
}

/// Reads a part and checks it still has the header read before.
fn reread(path: &Path, header: &Header) -> Result<Payload, MergeError> {
    let Part { header: h, payload } = part::read(path)?;
    if h != *header {
        return Err(MergeError::Payload {
            path: path.to_path_buf(),
            why: "the file changed while merging".into(),
        });
    }
    Ok(payload)
}

fn wrong_kind(path: &Path) -> MergeError {
    MergeError::Payload {
        path: path.to_path_buf(),
        why: "its payload does not match its header's command; the part is corrupt".into(),
    }
}

/// Merges the parts of a split `ibcf run` into one partial covering every
/// trial (see [`crate::engine::assemble`]).
///
/// # Errors
/// As [`headers`]'s checks, or payloads that do not fit together.
pub fn run_partial(parts: &[(PathBuf, Header)]) -> Result<Partial, MergeError> {
    let mut whole: Option<Partial> = None;
    for (path, h) in parts {
        let Payload::Run(p) = reread(path, h)? else {
            return Err(wrong_kind(path));
        };
        if p.range() != (h.range.0..h.range.1) || !p.is_complete() {
            return Err(MergeError::Payload {
                path: path.clone(),
                why: format!(
                    "it holds trials {:?}, its header says {}..{}; the part is corrupt",
                    p.covered(),
                    h.range.0,
                    h.range.1
                ),
            });
        }
        let acc = whole.get_or_insert_with(|| Partial::empty_like(&p, 0..h.units));
        acc.absorb(&p).map_err(|source| MergeError::Absorb {
            path: path.clone(),
            source,
        })?;
    }
    whole.ok_or_else(|| CheckError("error: no part files given".into()).into())
}

/// What the parts of a split sweep or sensitivity analysis computed, per
/// unit in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// Option ids.
    pub options: Vec<String>,
    /// Per unit, per option, the headline figures.
    pub units: Vec<Vec<OptionFigures>>,
    /// Per unit, the cost of hitting the target (`None` where not recorded).
    pub trade_offs: Vec<Option<TradeOff>>,
}

/// Merges the parts of a split sweep or sensitivity analysis.
///
/// # Errors
/// As [`run_partial`].
pub fn figures(parts: &[(PathBuf, Header)]) -> Result<Figures, MergeError> {
    let mut sorted: Vec<&(PathBuf, Header)> = parts.iter().collect();
    sorted.sort_by_key(|(_, h)| h.range);
    let mut out: Option<Figures> = None;
    for (path, h) in sorted {
        let Payload::Figures {
            options,
            units,
            trade_offs,
        } = reread(path, h)?
        else {
            return Err(wrong_kind(path));
        };
        let fits = units.len() as u64 == h.range.1 - h.range.0
            && units.iter().all(|u| u.len() == options.len())
            && trade_offs.len() == units.len()
            && out.as_ref().is_none_or(|x| x.options == options);
        if !fits {
            return Err(MergeError::Payload {
                path: path.clone(),
                why: "its figures do not match its header or the other parts".into(),
            });
        }
        let all = out.get_or_insert_with(|| Figures {
            options,
            ..Figures::default()
        });
        all.units.extend(units);
        all.trade_offs.extend(trade_offs);
    }
    Ok(out.unwrap_or_default())
}
/// Merges the parts of a split `ibcf design` into one tally per variant
/// covering every trial (integer counts and exact moments: the sum is the
/// same in any order).
///
/// # Errors
/// As [`run_partial`].
pub fn variants(parts: &[(PathBuf, Header)]) -> Result<Vec<VariantTally>, MergeError> {
    let mut whole: Option<Vec<VariantTally>> = None;
    for (path, h) in parts {
        let Payload::Variants(tallies) = reread(path, h)? else {
            return Err(wrong_kind(path));
        };
        let trials = h.range.1 - h.range.0;
        let shape = |a: &VariantTally, b: &VariantTally| a.n == b.n && a.n_opt == b.n_opt;
        let fits = tallies
            .iter()
            .all(|t| t.is_consistent() && t.moments.iter().all(|m| m.n == trials))
            && whole.as_ref().is_none_or(|w| {
                w.len() == tallies.len() && w.iter().zip(&tallies).all(|(a, b)| shape(a, b))
            });
        if !fits {
            return Err(MergeError::Payload {
                path: path.clone(),
                why: "its variant tallies do not match its header or the other parts".into(),
            });
        }
        match &mut whole {
            None => whole = Some(tallies),
            Some(w) => w.iter_mut().zip(&tallies).for_each(|(a, b)| a.merge(b)),
        }
    }
    whole.ok_or_else(|| CheckError("error: no part files given".into()).into())
}

/// A part's header for `plan` (whose trials and seed are final).
pub fn header(plan: &Plan, kind: Kind, shard: Shard, units: u64, settings: Vec<String>) -> Header {
    let r = shard.range(units);
    Header {
        ibcf_version: env!("CARGO_PKG_VERSION").into(),
        kind,
        scenario: plan.name.clone(),
        scenario_path: plan.provenance.path.display().to_string(),
        fingerprint: plan.provenance.sha256.clone(),
        overrides: plan.provenance.overrides.clone(),
        seed: plan.seed,
        trials: plan.trials,
        units,
        shard: (shard.k, shard.n),
        range: (r.start, r.end),
        settings,
    }
}

/// The value of setting `name` in a header (`name=value`).
pub fn setting<'h>(h: &'h Header, name: &str) -> Option<&'h str> {
    h.settings
        .iter()
        .find_map(|s| s.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
}

/// Every value of a repeated setting, in order.
pub fn settings<'h>(h: &'h Header, name: &str) -> Vec<&'h str> {
    h.settings
        .iter()
        .filter_map(|s| s.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
        .collect()
}
