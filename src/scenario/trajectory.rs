//! `[trajectory]`: defaults, `[trajectory.streams.X]` overrides and
//! `[[trajectory.override]]` per-council overrides, resolved into one
//! [`Trajectory`] per council and stream (defaults, then stream, then council
//! overrides in file order). Each layer is a partial [`Patch`], range-checked
//! where it is written.
//!
//! Defaults when a key is absent everywhere: model `log_ar1`, drift 0, pull 0,
//! volatility 0.1, offset 0.1, no correlation, no seasonality, no jumps,
//! noise `negative_binomial`, dispersion 20.

use super::diag::{Diag, Diags, did_you_mean};
use super::dist_read::Num;
use super::fields::Tab;
use super::plan::{Correlation, Councils, Jump, ModelKind, Noise, Stream, Trajectory};
use super::raw::Val;
use super::uncertain::{Param, TrajKey};

const KEYS: [&str; 13] = [
    "model",
    "drift",
    "pull",
    "volatility",
    "offset",
    "correlation",
    "seasonality",
    "jump",
    "noise",
    "dispersion",
    "damping",
    "slope_volatility",
    "national_swing",
];
const CORR: [&str; 3] = ["national", "regional", "council"];
const MODELS: [(&str, ModelKind); 4] = [
    ("deterministic", ModelKind::Deterministic),
    ("log_ar1", ModelKind::LogAr1),
    ("bootstrap", ModelKind::Bootstrap),
    ("damped_trend", ModelKind::DampedTrend),
];
const NOISES: [(&str, Noise); 3] = [
    ("none", Noise::None),
    ("poisson", Noise::Poisson),
    ("negative_binomial", Noise::NegativeBinomial),
];

/// The built-in defaults.
pub fn defaults() -> Trajectory {
    Trajectory {
        model: ModelKind::LogAr1,
        drift: 0.0,
        pull: 0.0,
        volatility: 0.1,
        offset: 0.1,
        correlation: Correlation::default(),
        seasonality: [0.0; 12],
        jump: Jump::default(),
        noise: Noise::NegativeBinomial,
        dispersion: 20.0,
        drawn: Vec::new(),
        damping: 0.8,
        slope_volatility: 0.0,
        national_swing: 0.0,
    }
}

/// Some trajectory keys, as one layer sets them.
#[derive(Debug, Clone, Default)]
pub struct Patch {
    pub model: Option<ModelKind>,
    pub drift: Option<f64>,
    pub pull: Option<f64>,
    pub volatility: Option<f64>,
    pub offset: Option<f64>,
    pub corr: [Option<f64>; 3],
    pub seasonality: [Option<f64>; 12],
    pub jump: [Option<f64>; 3],
    pub noise: Option<Noise>,
    pub dispersion: Option<f64>,
    pub damping: Option<f64>,
    pub slope_volatility: Option<f64>,
    pub national_swing: Option<f64>,
    /// This layer's own correlation shares already sum above 1 (reported).
    pub bad_corr: bool,
    /// Keys this layer sets to a distribution: (key, index into `Spec::params`).
    pub drawn: Vec<(TrajKey, usize)>,
}

impl Patch {
    /// Whether this layer sets `k` (to a number or a distribution).
    pub(super) fn sets(&self, k: TrajKey) -> bool {
        match k {
            TrajKey::Drift => self.drift.is_some(),
            TrajKey::Pull => self.pull.is_some(),
            TrajKey::Volatility => self.volatility.is_some(),
            TrajKey::Dispersion => self.dispersion.is_some(),
            TrajKey::CorrNational => self.corr[0].is_some(),
            TrajKey::CorrRegional => self.corr[1].is_some(),
            TrajKey::CorrCouncil => self.corr[2].is_some(),
            TrajKey::JumpProbability => self.jump[0].is_some(),
            TrajKey::JumpMean => self.jump[1].is_some(),
            TrajKey::JumpSd => self.jump[2].is_some(),
        }
    }
}

/// A per-council override: which councils (and streams) it applies to.
#[derive(Debug, Clone)]
pub struct CouncilPatch {
    pub councils: Vec<usize>,
    pub streams: [bool; 3],
    pub patch: Patch,
}

/// Everything `[trajectory]` says.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    pub base: Patch,
    pub streams: [Patch; 3],
    pub overrides: Vec<CouncilPatch>,
    /// Every distribution written in `[trajectory]`, in reading order.
    pub params: Vec<Param>,
}

/// Reads the number-or-distribution keys of one layer into `p`, declaring
/// each distribution in `params`.
struct Reader<'p> {
    params: &'p mut Vec<Param>,
    drawn: Vec<(TrajKey, usize)>,
    /// Largest possible correlation shares of this layer (for the sum check).
    corr_upper: [f64; 3],
}

impl Reader<'_> {
    fn take(
        &mut self,
        t: &Tab,
        key: &str,
        tk: TrajKey,
        ok: fn(f64) -> bool,
        rule: &str,
        d: &mut Diags,
    ) -> Option<f64> {
        let v = t.num(key, ok, rule, d)?;
        if let Num::Drawn(u) = v.v {
            self.drawn.push((tk, self.params.len()));
            self.params.push(Param::new(t.key_path(key), v.at, u));
        }
        Some(v.v.centre())
    }
}

const OFFSET_WHY: &str = "offset is the constant c in log(rate + c): it defines the scale on which each path's starting level is filtered, so it is one number; draw drift, pull or volatility instead";
const SLOPE_WHY: &str = "the damped_trend slope is one national state per stream, so its damping and slope_volatility are one number each";
const SWING_WHY: &str = "national_swing is the loading on one common draw per trial; its own spread is already the uncertainty, so it is one number";
const SEASON_WHY: &str = "seasonal effects are estimated with, and removed from, the history that sets each path's starting level; they are one number each";

pub(super) fn read_patch(t: &Tab, params: &mut Vec<Param>, d: &mut Diags) -> Patch {
    let mut p = Patch {
        model: t.word("model", &MODELS, d).map(|x| x.v),
        noise: t.word("noise", &NOISES, d).map(|x| x.v),
        offset: t
            .fixed_f64("offset", OFFSET_WHY, d)
            .filter(|v| t.check("offset", v, v.v > 0.0, "above 0", d))
            .map(|v| v.v),
        ..Patch::default()
    };
    let mut r = Reader {
        params,
        drawn: Vec::new(),
        corr_upper: [0.0; 3],
    };
    let unit = |v: f64| (0.0..=1.0).contains(&v);
    p.drift = r.take(t, "drift", TrajKey::Drift, |_| true, "a number", d);
    p.pull = r.take(t, "pull", TrajKey::Pull, unit, "between 0 and 1", d);
    let nonneg = |v: f64| v >= 0.0;
    p.volatility = r.take(t, "volatility", TrajKey::Volatility, nonneg, "0 or more", d);
    let pos = |v: f64| v > 0.0;
    p.dispersion = r.take(t, "dispersion", TrajKey::Dispersion, pos, "above 0", d);
    p.damping = t
        .fixed_f64("damping", SLOPE_WHY, d)
        .filter(|v| {
            let ok = (0.0..1.0).contains(&v.v);
            t.check("damping", v, ok, "0 or more and below 1", d)
        })
        .map(|v| v.v);
    p.slope_volatility = t
        .fixed_f64("slope_volatility", SLOPE_WHY, d)
        .filter(|v| t.check("slope_volatility", v, v.v >= 0.0, "0 or more", d))
        .map(|v| v.v);
    p.national_swing = t
        .fixed_f64("national_swing", SWING_WHY, d)
        .filter(|v| t.check("national_swing", v, v.v >= 0.0, "0 or more", d))
        .map(|v| v.v);
    if let Some(c) = t.sub("correlation", &CORR, d) {
        let keys = [
            TrajKey::CorrNational,
            TrajKey::CorrRegional,
            TrajKey::CorrCouncil,
        ];
        for (i, k) in CORR.iter().enumerate() {
            p.corr[i] = r.take(&c, k, keys[i], unit, "between 0 and 1", d);
            r.corr_upper[i] = c.get(k).map_or(0.0, |_| {
                r.drawn
                    .iter()
                    .find(|x| x.0 == keys[i])
                    .map_or(p.corr[i].unwrap_or(0.0), |x| {
                        r.params[x.1].uncertain.dist.support().1
                    })
            });
        }
        let sum: f64 = r.corr_upper.iter().sum();
        if sum > 1.0 + 1e-12 {
            p.bad_corr = true;
            let shown = (sum * 1e9).round() / 1e9;
            d.push(
                Diag::new(format!("correlation shares sum to {shown}, above 1 (largest draws where drawn)"))
                    .at(c.node.at)
                    .path(c.path.clone())
                    .help("national + regional + council is the common share of each shock; the rest is idiosyncratic"),
            );
        }
    }
    if let Some(j) = t.sub("jump", &["probability", "mean", "sd"], d) {
        p.jump[0] = r.take(
            &j,
            "probability",
            TrajKey::JumpProbability,
            unit,
            "between 0 and 1",
            d,
        );
        p.jump[1] = r.take(&j, "mean", TrajKey::JumpMean, |_| true, "a number", d);
        p.jump[2] = r.take(&j, "sd", TrajKey::JumpSd, nonneg, "0 or more", d);
    }
    p.drawn = r.drawn;
    read_seasonality(t, &mut p, SEASON_WHY, d);
    p
}

/// Reads `[trajectory]` (absent means all defaults).
pub fn read(root: &Tab, councils: &Councils, d: &mut Diags) -> Spec {
    let mut spec = Spec::default();
    let mut top: Vec<&str> = KEYS.to_vec();
    top.extend(["streams", "override"]);
    let Some(t) = root.sub("trajectory", &top, d) else {
        return spec;
    };
    spec.base = read_patch(&t, &mut spec.params, d);
    if let Some(s) = t.sub("streams", &["nhs", "asc", "both"], d) {
        for st in Stream::ALL {
            if let Some(x) = s.sub(st.name(), &KEYS, d) {
                spec.streams[st as usize] = read_patch(&x, &mut spec.params, d);
            }
        }
    }
    if let Some(o) = t.get("override") {
        let Val::Array(items) = &o.val else {
            super::fields::wrong_type(
                o,
                "trajectory.override",
                "an array of tables ([[trajectory.override]])",
                d,
            );
            return spec;
        };
        let mut okeys: Vec<&str> = KEYS.to_vec();
        okeys.extend(["councils", "streams"]);
        for (i, it) in items.iter().enumerate() {
            let path = format!("trajectory.override[{i}]");
            if let Some(x) = Tab::open(it, &path, &okeys, d) {
                let o = read_override(&x, councils, &mut spec.params, d);
                spec.overrides.push(o);
            }
        }
    }
    spec
}

/// The words for a model kind / noise, for explain.
pub fn model_name(m: ModelKind) -> &'static str {
    MODELS.iter().find(|x| x.1 == m).map_or("?", |x| x.0)
}

pub fn noise_name(n: Noise) -> &'static str {
    NOISES.iter().find(|x| x.1 == n).map_or("?", |x| x.0)
}

/// The `seasonality` table (calendar month → effect).
fn read_seasonality(t: &Tab, p: &mut Patch, why: &str, d: &mut Diags) {
    let Some(n) = t.get("seasonality") else {
        return;
    };
    let path = t.key_path("seasonality");
    let Some(entries) = n.entries() else {
        super::fields::wrong_type(n, &path, "a table like { 12 = 0.05, 1 = 0.08 }", d);
        return;
    };
    for (k, v) in entries {
        let m = k
            .name
            .parse::<usize>()
            .ok()
            .filter(|m| (1..=12).contains(m));
        let Some(m) = m else {
            d.push(
                Diag::new(format!("`{}` is not a calendar month number 1-12", k.name))
                    .at(k.at)
                    .path(format!("{path}.{}", k.name)),
            );
            continue;
        };
        if super::dist_read::is_dist(v) {
            d.push(
                Diag::new("a seasonal effect cannot be a distribution")
                    .at(v.at)
                    .path(format!("{path}.{}", k.name))
                    .help(why),
            );
            continue;
        }
        match v.as_f64() {
            Some(x) if x.is_finite() => p.seasonality[m - 1] = Some(x),
            _ => super::fields::wrong_type(v, &format!("{path}.{}", k.name), "a number", d),
        }
    }
}

/// One `[[trajectory.override]]` entry: its councils and streams, then its keys.
fn read_override(
    t: &Tab,
    councils: &Councils,
    params: &mut Vec<Param>,
    d: &mut Diags,
) -> CouncilPatch {
    let mut out = CouncilPatch {
        councils: Vec::new(),
        streams: [true; 3],
        patch: read_patch(t, params, d),
    };
    match t.strings("councils", d) {
        Some(codes) => {
            for c in codes {
                match councils.index_of(c.v) {
                    Some(i) => out.councils.push(i),
                    None if councils.is_empty() => {}
                    None => d.push(
                        Diag::new(format!("council `{}` is not in the councils file", c.v))
                            .at(c.at)
                            .path(t.key_path("councils"))
                            .council(c.v)
                            .help_opt(did_you_mean(c.v, councils.code.iter().map(String::as_str)))
                            .unknown_council(),
                    ),
                }
            }
        }
        None if t.get("councils").is_none() => d.push(
            Diag::new("missing required key `councils` (a list of council codes)")
                .at(t.node.at)
                .path(t.path.clone()),
        ),
        None => {}
    }
    if let Some(ss) = t.strings("streams", d) {
        out.streams = [false; 3];
        for s in ss {
            match Stream::ALL.iter().find(|x| x.name() == s.v) {
                Some(x) => out.streams[*x as usize] = true,
                None => d.push(
                    Diag::new(format!("unknown stream `{}`", s.v))
                        .at(s.at)
                        .path(t.key_path("streams"))
                        .help("streams are nhs, asc, both"),
                ),
            }
        }
    }
    out
}
