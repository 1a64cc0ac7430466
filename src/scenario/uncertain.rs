//! Uncertain parameters in the compiled plan: every distribution a scenario
//! declares becomes one [`Param`] (in the order the loader read them), and
//! the numbers that depend on it point at it by index, so the engine can
//! draw each parameter once per trial (or once per council and trial) and
//! re-prepare only what depends on it.
//!
//! Plain numbers everywhere else in the plan hold the distribution's mean
//! (`Dist::mean`), the value used where one number is needed: the filtered
//! start of each path, the fan charts' target line, `explain`'s summary.

use super::diag::{Loc, SourceSet};
use super::dist::Uncertain;

/// A trajectory key that may be a distribution. `offset` and `seasonality`
/// may not (DECISIONS: they define the filtered starting level).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrajKey {
    Drift,
    Pull,
    Volatility,
    Dispersion,
    CorrNational,
    CorrRegional,
    CorrCouncil,
    JumpProbability,
    JumpMean,
    JumpSd,
}

impl TrajKey {
    /// The key as written under `[trajectory]`.
    pub fn name(self) -> &'static str {
        match self {
            TrajKey::Drift => "drift",
            TrajKey::Pull => "pull",
            TrajKey::Volatility => "volatility",
            TrajKey::Dispersion => "dispersion",
            TrajKey::CorrNational => "correlation.national",
            TrajKey::CorrRegional => "correlation.regional",
            TrajKey::CorrCouncil => "correlation.council",
            TrajKey::JumpProbability => "jump.probability",
            TrajKey::JumpMean => "jump.mean",
            TrajKey::JumpSd => "jump.sd",
        }
    }
}

/// One distribution the scenario declares.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Key path as diagnostics write it, e.g. `trajectory.override[3].drift`.
    pub path: String,
    /// The same key for `--set`, e.g. `trajectory.override.3.drift`.
    pub set_key: String,
    /// `file:line:column` where it was written (filled by the loader).
    pub place: String,
    pub at: Loc,
    pub uncertain: Uncertain,
}

impl Param {
    pub fn new(path: String, at: Loc, uncertain: Uncertain) -> Param {
        Param {
            set_key: set_key(&path),
            path,
            place: String::new(),
            at,
            uncertain,
        }
    }
}

/// `a.b[3].c` → `a.b.3.c` (the `--set` spelling of an array element).
pub fn set_key(path: &str) -> String {
    path.replace('[', ".").replace(']', "")
}

/// `file:line:column` of a place.
pub fn place(sources: &SourceSet, at: Loc) -> String {
    let Some(src) = sources.files.get(at.file) else {
        return "?".into();
    };
    let before = &src.text[..at.start.min(src.text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("{}:{line}:{col}", src.name)
}

/// A number of the plan that is either fixed or a parameter's draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Fixed(f64),
    Param(usize),
}

/// A target rule with a drawn `reduction`, `floor` or `ceiling`: the
/// engine recomputes its targets every trial from the baselines.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleDraw {
    pub reduction: Value,
    pub floor: Option<Value>,
    pub ceiling: Option<Value>,
    /// Per council: the rule's baseline; `NaN` where the targets CSV gave
    /// the target (that target is kept as it is).
    pub baseline: Vec<f64>,
}
