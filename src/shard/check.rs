//! Whether a set of part files is one whole split: the same command,
//! scenario, seed, version and settings, and shard ranges that cover every
//! unit exactly once. Every refusal names the part files involved.

use super::part::Header;
use std::path::{Path, PathBuf};

/// Why a set of parts cannot be merged (a sentence naming the parts).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CheckError(pub String);

fn show(p: &Path) -> String {
    p.display().to_string()
}

/// One field every part must share: its name and its value in a header.
type Field = (&'static str, fn(&Header) -> String);

const FIELDS: [Field; 8] = [
    ("command", |h| h.kind.command().to_string()),
    ("ibcf version", |h| h.ibcf_version.clone()),
    (
        "scenario fingerprint (SHA-256 of its files and --set overrides)",
        |h| format!("{} ({})", h.fingerprint, h.scenario),
    ),
    ("--set overrides", |h| format!("{:?}", h.overrides)),
    ("seed", |h| h.seed.to_string()),
    ("trials", |h| h.trials.to_string()),
    ("number of units split", |h| h.units.to_string()),
    ("settings", |h| format!("{:?}", h.settings)),
];

/// Checks that `parts` are the whole of one split.
///
/// # Errors
/// No parts, parts of different runs, overlapping ranges, or units in no part.
pub fn whole(parts: &[(PathBuf, Header)]) -> Result<(), CheckError> {
    let Some((p0, h0)) = parts.first() else {
        return Err(CheckError("error: no part files given".into()));
    };
    for (p, h) in &parts[1..] {
        for (name, get) in FIELDS {
            let (a, b) = (get(h0), get(h));
            if a != b {
                return Err(CheckError(format!(
                    "error: the parts are not of one run: they differ in the {name}:\n  {}: {a}\n  {}: {b}\nmerge only the parts of one split run",
                    show(p0),
                    show(p)
                )));
            }
        }
    }
    let mut sorted: Vec<&(PathBuf, Header)> = parts.iter().collect();
    sorted.sort_by_key(|(p, h)| (h.range, p.clone()));
    let unit = h0.kind.units();
    let mut at = 0u64;
    let mut gaps = Vec::new();
    let mut prev: Option<&(PathBuf, Header)> = None;
    for item in sorted {
        let (p, h) = item;
        let (lo, hi) = h.range;
        if lo > hi || hi > h.units {
            return Err(CheckError(format!(
                "error: {}: shard range {lo}..{hi} is outside the {} {unit} split; the part is corrupt",
                show(p),
                h.units
            )));
        }
        if lo < at {
            let (q, g) = prev.map_or((p0, h0), |x| (&x.0, &x.1));
            return Err(CheckError(format!(
                "error: overlapping parts: {} (shard {}/{}, {unit} {}..{}) and {} (shard {}/{}, {unit} {lo}..{hi}); give each shard once",
                show(q),
                g.shard.0,
                g.shard.1,
                g.range.0,
                g.range.1,
                show(p),
                h.shard.0,
                h.shard.1
            )));
        }
        if lo > at {
            gaps.push((at, lo));
        }
        at = at.max(hi);
        prev = Some(item);
    }
    if at < h0.units {
        gaps.push((at, h0.units));
    }
    if gaps.is_empty() {
        return Ok(());
    }
    let n = h0.shard.1;
    let missing: Vec<String> = gaps
        .iter()
        .map(|&(lo, hi)| {
            let shards: Vec<String> = (1..=n)
                .filter(|&k| {
                    let r = super::Shard { k, n }.range(h0.units);
                    r.start < hi && lo < r.end && !r.is_empty()
                })
                .map(|k| format!("{k}/{n}"))
                .collect();
            format!("{unit} {lo}..{hi} (shard {})", shards.join(", "))
        })
        .collect();
    let given: Vec<String> = parts.iter().map(|(p, _)| show(p)).collect();
    Err(CheckError(format!(
        "error: missing shards: {} are in no part; parts given: {}",
        missing.join("; "),
        given.join(", ")
    )))
}
