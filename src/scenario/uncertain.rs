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
use super::plan::Trajectory;

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

    /// Sets this key of a resolved trajectory.
    pub fn set(self, t: &mut Trajectory, v: f64) {
        match self {
            TrajKey::Drift => t.drift = v,
            TrajKey::Pull => t.pull = v,
            TrajKey::Volatility => t.volatility = v,
            TrajKey::Dispersion => t.dispersion = v,
            TrajKey::CorrNational => t.correlation.national = v,
            TrajKey::CorrRegional => t.correlation.regional = v,
            TrajKey::CorrCouncil => t.correlation.council = v,
            TrajKey::JumpProbability => t.jump.probability = v,
            TrajKey::JumpMean => t.jump.mean = v,
            TrajKey::JumpSd => t.jump.sd = v,
        }
    }

    /// This key of a resolved trajectory.
    pub fn get(self, t: &Trajectory) -> f64 {
        match self {
            TrajKey::Drift => t.drift,
            TrajKey::Pull => t.pull,
            TrajKey::Volatility => t.volatility,
            TrajKey::Dispersion => t.dispersion,
            TrajKey::CorrNational => t.correlation.national,
            TrajKey::CorrRegional => t.correlation.regional,
            TrajKey::CorrCouncil => t.correlation.council,
            TrajKey::JumpProbability => t.jump.probability,
            TrajKey::JumpMean => t.jump.mean,
            TrajKey::JumpSd => t.jump.sd,
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

/// The rule `t = b (1 − reduction)`, `t = max(t, min(b, floor))`, `t = min(t, ceiling)`.
pub fn rule_target(b: f64, reduction: f64, floor: Option<f64>, ceiling: Option<f64>) -> f64 {
    super::plan::TargetRule::apply(b, reduction, floor, ceiling)
}
