//! Parts of `[trajectory]` reading that stand apart from the numeric keys:
//! the `seasonality` table (calendar month → effect) and one
//! `[[trajectory.override]]` entry (its councils and streams, then its keys).

use super::diag::{Diag, Diags, did_you_mean};
use super::fields::Tab;
use super::plan::{Councils, Stream};
use super::trajectory::{CouncilPatch, Patch};
use super::uncertain::Param;

pub(super) fn read_seasonality(t: &Tab, p: &mut Patch, why: &str, d: &mut Diags) {
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

pub(super) fn read_override(
    t: &Tab,
    councils: &Councils,
    params: &mut Vec<Param>,
    d: &mut Diags,
) -> CouncilPatch {
    let mut out = CouncilPatch {
        councils: Vec::new(),
        streams: [true; 3],
        patch: super::trajectory::read_patch(t, params, d),
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
