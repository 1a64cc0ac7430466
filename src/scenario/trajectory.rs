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
use super::fields::Tab;
use super::plan::{Correlation, Councils, Jump, ModelKind, Noise, Stream, Trajectory};
use super::raw::Val;

const KEYS: [&str; 12] = [
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
];
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
        damping: 0.8,
        slope_volatility: 0.0,
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
    /// This layer's own correlation shares already sum above 1 (reported).
    pub bad_corr: bool,
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
}

fn read_patch(t: &Tab, d: &mut Diags) -> Patch {
    let mut p = Patch {
        model: t.word("model", &MODELS, d).map(|x| x.v),
        noise: t.word("noise", &NOISES, d).map(|x| x.v),
        drift: t.f64("drift", d).map(|x| x.v),
        ..Patch::default()
    };
    let num = |key: &str, ok: fn(f64) -> bool, rule: &str, d: &mut Diags| {
        t.f64(key, d)
            .filter(|v| t.check(key, v, ok(v.v), rule, d))
            .map(|v| v.v)
    };
    p.pull = num("pull", |v| (0.0..=1.0).contains(&v), "between 0 and 1", d);
    p.volatility = num("volatility", |v| v >= 0.0, "0 or more", d);
    p.offset = num("offset", |v| v > 0.0, "above 0", d);
    p.dispersion = num("dispersion", |v| v > 0.0, "above 0", d);
    p.damping = num(
        "damping",
        |v| (0.0..1.0).contains(&v),
        "0 or more and below 1",
        d,
    );
    p.slope_volatility = num("slope_volatility", |v| v >= 0.0, "0 or more", d);
    if let Some(c) = t.sub("correlation", &["national", "regional", "council"], d) {
        for (i, k) in ["national", "regional", "council"].iter().enumerate() {
            p.corr[i] = c
                .f64(k, d)
                .filter(|v| c.check(k, v, (0.0..=1.0).contains(&v.v), "between 0 and 1", d))
                .map(|v| v.v);
        }
        let sum: f64 = p.corr.iter().flatten().sum();
        if sum > 1.0 + 1e-12 {
            p.bad_corr = true;
            let shown = (sum * 1e9).round() / 1e9;
            d.push(
                Diag::new(format!("correlation shares sum to {shown}, above 1"))
                    .at(c.node.at)
                    .path(c.path.clone())
                    .help("national + regional + council is the common share of each shock; the rest is idiosyncratic"),
            );
        }
    }
    if let Some(j) = t.sub("jump", &["probability", "mean", "sd"], d) {
        p.jump[0] = j
            .f64("probability", d)
            .filter(|v| {
                j.check(
                    "probability",
                    v,
                    (0.0..=1.0).contains(&v.v),
                    "between 0 and 1",
                    d,
                )
            })
            .map(|v| v.v);
        p.jump[1] = j.f64("mean", d).map(|v| v.v);
        p.jump[2] = j
            .f64("sd", d)
            .filter(|v| j.check("sd", v, v.v >= 0.0, "0 or more", d))
            .map(|v| v.v);
    }
    read_seasonality(t, &mut p, d);
    p
}

fn read_seasonality(t: &Tab, p: &mut Patch, d: &mut Diags) {
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
        match v.as_f64() {
            Some(x) if x.is_finite() => p.seasonality[m - 1] = Some(x),
            _ => super::fields::wrong_type(v, &format!("{path}.{}", k.name), "a number", d),
        }
    }
}

/// Reads `[trajectory]` (absent means all defaults).
pub fn read(root: &Tab, councils: &Councils, d: &mut Diags) -> Spec {
    let mut spec = Spec::default();
    let mut top: Vec<&str> = KEYS.to_vec();
    top.extend(["streams", "override"]);
    let Some(t) = root.sub("trajectory", &top, d) else {
        return spec;
    };
    spec.base = read_patch(&t, d);
    if let Some(s) = t.sub("streams", &["nhs", "asc", "both"], d) {
        for st in Stream::ALL {
            if let Some(x) = s.sub(st.name(), &KEYS, d) {
                spec.streams[st as usize] = read_patch(&x, d);
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
                spec.overrides.push(read_override(&x, councils, d));
            }
        }
    }
    spec
}

fn read_override(t: &Tab, councils: &Councils, d: &mut Diags) -> CouncilPatch {
    let mut out = CouncilPatch {
        councils: Vec::new(),
        streams: [true; 3],
        patch: read_patch(t, d),
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

/// Applies a patch on top of resolved parameters.
pub fn apply(t: &mut Trajectory, p: &Patch) {
    let set = |dst: &mut f64, src: Option<f64>| {
        if let Some(v) = src {
            *dst = v;
        }
    };
    if let Some(m) = p.model {
        t.model = m;
    }
    if let Some(n) = p.noise {
        t.noise = n;
    }
    set(&mut t.drift, p.drift);
    set(&mut t.pull, p.pull);
    set(&mut t.volatility, p.volatility);
    set(&mut t.offset, p.offset);
    set(&mut t.dispersion, p.dispersion);
    set(&mut t.damping, p.damping);
    set(&mut t.slope_volatility, p.slope_volatility);
    set(&mut t.correlation.national, p.corr[0]);
    set(&mut t.correlation.regional, p.corr[1]);
    set(&mut t.correlation.council, p.corr[2]);
    set(&mut t.jump.probability, p.jump[0]);
    set(&mut t.jump.mean, p.jump[1]);
    set(&mut t.jump.sd, p.jump[2]);
    for (dst, src) in t.seasonality.iter_mut().zip(p.seasonality) {
        set(dst, src);
    }
}

/// One trajectory per council and stream, flat `[council][stream]`.
pub fn resolve(spec: &Spec, councils: &Councils, d: &mut Diags) -> Vec<Trajectory> {
    let mut base = defaults();
    apply(&mut base, &spec.base);
    let mut out = Vec::with_capacity(councils.len() * 3);
    let reported = spec.base.bad_corr
        || spec.streams.iter().any(|p| p.bad_corr)
        || spec.overrides.iter().any(|o| o.patch.bad_corr);
    let mut bad: Vec<String> = Vec::new();
    let mut slope: [Option<(f64, f64)>; 3] = [None; 3];
    for i in 0..councils.len() {
        for s in Stream::ALL {
            let mut t = base.clone();
            apply(&mut t, &spec.streams[s as usize]);
            for o in spec
                .overrides
                .iter()
                .filter(|o| o.streams[s as usize] && o.councils.contains(&i))
            {
                apply(&mut t, &o.patch);
            }
            check_slope(&mut slope, &t, i, s, councils, d);
            let c = t.correlation;
            if c.national + c.regional + c.council > 1.0 + 1e-12 {
                bad.push(format!("{} {}", councils.code[i], s.name()));
            }
            out.push(t);
        }
    }
    if !bad.is_empty() && !reported {
        d.push(
            Diag::new(format!(
                "after stream and council overrides, correlation shares sum above 1 for: {}",
                bad.join(", ")
            ))
            .path("trajectory.correlation")
            .help("lower national, regional or council shares in [trajectory] or in the overrides"),
        );
    }
    out
}

/// The `damped_trend` slope is one national state per stream, so its
/// `damping` and `slope_volatility` must be the same for every council of a
/// stream that uses the model (a per-council value would be silently
/// ignored otherwise).
fn check_slope(
    seen: &mut [Option<(f64, f64)>; 3],
    t: &Trajectory,
    i: usize,
    s: Stream,
    councils: &Councils,
    d: &mut Diags,
) {
    if t.model != ModelKind::DampedTrend {
        return;
    }
    let v = (t.damping, t.slope_volatility);
    match seen[s as usize] {
        None => seen[s as usize] = Some(v),
        Some(w) if w == v => {}
        Some(w) => {
            seen[s as usize] = Some(v);
            d.push(
                Diag::new(format!(
                    "council {} stream {}: damping {} and slope_volatility {} differ from another council's ({}, {}); the damped_trend slope is national per stream",
                    councils.code[i], s.name(), v.0, v.1, w.0, w.1
                ))
                .path("trajectory.override")
                .council(&councils.code[i])
                .help("set damping and slope_volatility in [trajectory] or [trajectory.streams.X], not per council"),
            );
        }
    }
}

/// Names of the keys a patch sets, with values, e.g. "drift 0.03, volatility 0.2".
pub fn describe(p: &Patch) -> String {
    let mut parts = Vec::new();
    if let Some(m) = p.model {
        parts.push(format!(
            "model {}",
            MODELS.iter().find(|x| x.1 == m).map_or("?", |x| x.0)
        ));
    }
    let nums = [
        ("drift", p.drift),
        ("pull", p.pull),
        ("volatility", p.volatility),
        ("offset", p.offset),
        ("dispersion", p.dispersion),
        ("damping", p.damping),
        ("slope volatility", p.slope_volatility),
    ];
    parts.extend(
        nums.iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k} {v}"))),
    );
    for (k, v) in ["national", "regional", "council"].iter().zip(p.corr) {
        if let Some(v) = v {
            parts.push(format!("{k} correlation {v}"));
        }
    }
    for (k, v) in ["jump probability", "jump mean", "jump sd"]
        .iter()
        .zip(p.jump)
    {
        if let Some(v) = v {
            parts.push(format!("{k} {v}"));
        }
    }
    for (m, v) in p.seasonality.iter().enumerate() {
        if let Some(v) = v {
            parts.push(format!("seasonal effect {v:+} in month {}", m + 1));
        }
    }
    if let Some(n) = p.noise {
        parts.push(format!(
            "noise {}",
            NOISES.iter().find(|x| x.1 == n).map_or("?", |x| x.0)
        ));
    }
    parts.join(", ")
}

/// The words for a model kind / noise, for explain.
pub fn model_name(m: ModelKind) -> &'static str {
    MODELS.iter().find(|x| x.1 == m).map_or("?", |x| x.0)
}

pub fn noise_name(n: Noise) -> &'static str {
    NOISES.iter().find(|x| x.1 == n).map_or("?", |x| x.0)
}
