//! The optional `[consequences]` table: what hitting the target cost (beds
//! freed, care-home placements, avoidable admissions), compiled into
//! [`Consequences`]. Absent table: `None`, and a run writes exactly what it
//! wrote before. Every value is checked (shares in [0, 1], costs and stays
//! not negative, the mean delay above 0); `to_care_home` is a number for
//! every council or a CSV path (`code,to_care_home[,nursing_share]`) that
//! must name every council once. Defaults and their sources:
//! [`super::consequences_defaults`].

use super::consequences_defaults::{self as dflt, Default};
use super::diag::{Diags, SourceSet};
use super::dist::Scope;
use super::dist_read::Num;
use super::fields::{At, Tab};
use super::plan::Councils;
use super::plan::{Assumption, Consequences, Key, Placement, Readmission};
use super::uncertain::Param;
use std::path::PathBuf;

const KEYS: [&str; 9] = [
    "bed_day_cost",
    "mean_delay_days",
    "to_care_home",
    "nursing_share",
    "avoidable",
    "residential",
    "nursing",
    "readmission",
    "notes",
];

/// What a scalar must be.
#[derive(Clone, Copy)]
enum Range {
    Share,
    NotNegative,
    Positive,
}

impl Range {
    fn check(self) -> fn(f64) -> bool {
        match self {
            Range::Share => |v| (0.0..=1.0).contains(&v),
            Range::NotNegative => |v| v >= 0.0,
            Range::Positive => |v| v > 0.0,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Range::Share => "a share between 0 and 1",
            Range::NotNegative => "0 or more",
            Range::Positive => "above 0",
        }
    }
}

/// Everything `read` needs from the loader.
pub struct Ctx<'a> {
    pub councils: &'a Councils,
    /// The folder data paths written in source file `f` are relative to.
    pub dir_of: &'a dyn Fn(usize) -> PathBuf,
}

/// Reads keys that may be distributions: registers each distribution in
/// the plan's parameters and notes every value with its source.
struct Reader<'p> {
    params: &'p mut Vec<Param>,
    drawn: Vec<(Key, usize)>,
    notes: Vec<Assumption>,
}

impl Reader<'_> {
    /// The value of `key` in `tab` (its mean when a distribution); the
    /// default `def` when absent; `None` when wrong (problem in `d`).
    fn value(
        &mut self,
        tab: &Tab<'_>,
        key: &str,
        ck: Key,
        range: Range,
        source: &str,
        d: &mut Diags,
    ) -> Option<f64> {
        let v = tab.num(key, range.check(), range.words(), d)?;
        let value = match v.v {
            Num::Fixed(x) => crate::format::num(x),
            Num::Drawn(u) => {
                self.drawn.push((ck, self.params.len()));
                self.params.push(Param::new(tab.key_path(key), v.at, u));
                let per = if u.scope == Scope::Council {
                    ", drawn per council"
                } else {
                    ""
                };
                format!("{}{per}", u.dist.words())
            }
        };
        self.notes.push(Assumption {
            key: key_name(tab, key),
            value,
            source: source.into(),
        });
        Some(v.v.centre())
    }

    /// A scalar with a default: the scenario's value, or `def` (noted with its source).
    fn scalar(&mut self, tab: &Tab<'_>, ck: Key, def: Default, range: Range, d: &mut Diags) -> f64 {
        let key = def.0.rsplit('.').next().unwrap_or(def.0);
        if tab.get(key).is_none() {
            self.notes.push(note(def.0, def.1, def.2));
            return def.1;
        }
        let source = format!(
            "set in the scenario; the default, {}, is from: {}",
            crate::format::num(def.1),
            def.2
        );
        self.value(tab, key, ck, range, &source, d).unwrap_or(def.1)
    }
}

/// `key` under `[consequences]` as `explain` names it (`nursing.weekly_fee`).
fn key_name(tab: &Tab<'_>, key: &str) -> String {
    let path = tab.key_path(key);
    path.strip_prefix("consequences.")
        .unwrap_or(&path)
        .to_string()
}

/// Reads `[consequences]`; `None` when absent or wrong (problems in `d`).
/// Data files read are hashed into `hashes` (scenario provenance); keys
/// written as distributions are appended to `params`.
pub fn read(
    root: &Tab<'_>,
    cx: &Ctx<'_>,
    sources: &mut SourceSet,
    hashes: &mut Vec<[u8; 32]>,
    params: &mut Vec<Param>,
    d: &mut Diags,
) -> Option<Consequences> {
    let t = root.sub("consequences", &KEYS, d)?;
    let before = d.len();
    let mut r = Reader {
        params,
        drawn: Vec::new(),
        notes: Vec::new(),
    };
    let bed_day_cost = r.scalar(
        &t,
        Key::BedDayCost,
        dflt::BED_DAY_COST,
        Range::NotNegative,
        d,
    );
    let mean_delay_days = r.scalar(
        &t,
        Key::MeanDelayDays,
        dflt::MEAN_DELAY_DAYS,
        Range::Positive,
        d,
    );
    let avoidable = r.scalar(&t, Key::Avoidable, dflt::AVOIDABLE, Range::Share, d);
    let empty = super::raw::Node::table(t.node.at);
    let sub = |key: &str, keys: &[&str], d: &mut Diags| {
        t.sub(key, keys, d).unwrap_or(Tab {
            node: &empty,
            path: t.key_path(key),
        })
    };
    let place = ["weekly_fee", "stay_weeks"];
    let res = sub("residential", &place, d);
    let residential = Placement {
        weekly_fee: r.scalar(
            &res,
            Key::ResidentialFee,
            dflt::RESIDENTIAL_FEE,
            Range::NotNegative,
            d,
        ),
        stay_weeks: r.scalar(
            &res,
            Key::ResidentialStay,
            dflt::RESIDENTIAL_STAY,
            Range::NotNegative,
            d,
        ),
    };
    let nur = sub("nursing", &place, d);
    let nursing = Placement {
        weekly_fee: r.scalar(
            &nur,
            Key::NursingFee,
            dflt::NURSING_FEE,
            Range::NotNegative,
            d,
        ),
        stay_weeks: r.scalar(
            &nur,
            Key::NursingStay,
            dflt::NURSING_STAY,
            Range::NotNegative,
            d,
        ),
    };
    let re = sub("readmission", &["share", "cost"], d);
    let readmission = Readmission {
        share: r.scalar(
            &re,
            Key::ReadmissionShare,
            dflt::READMISSION_SHARE,
            Range::Share,
            d,
        ),
        cost: r.scalar(
            &re,
            Key::ReadmissionCost,
            dflt::READMISSION_COST,
            Range::NotNegative,
            d,
        ),
    };
    let n = cx.councils.len();
    let (to_care_home, from_csv_nursing) = shares(&t, cx, sources, hashes, &mut r, d);
    let nursing_share = if t.get("nursing_share").is_some() {
        let every = "set in the scenario (every council)";
        r.value(
            &t,
            "nursing_share",
            Key::NursingShare,
            Range::Share,
            every,
            d,
        )
        .map_or_else(Vec::new, |v| vec![v; n])
    } else {
        from_csv_nursing.unwrap_or_else(|| {
            let def = dflt::NURSING_SHARE;
            r.notes.push(note(def.0, def.1, def.2));
            vec![def.1; n]
        })
    };
    if let Some(list) = t.strings("notes", d) {
        for s in list {
            r.notes.push(Assumption {
                key: "note".into(),
                value: String::new(),
                source: s.v.to_string(),
            });
        }
    }
    if d.len() > before {
        return None;
    }
    Some(Consequences {
        bed_day_cost,
        mean_delay_days,
        to_care_home,
        nursing_share,
        avoidable,
        residential,
        nursing,
        readmission,
        drawn: r.drawn,
        assumptions: r.notes,
    })
}

fn note(key: &str, v: f64, source: &str) -> Assumption {
    Assumption {
        key: key.into(),
        value: crate::format::num(v),
        source: source.into(),
    }
}

/// `to_care_home` per council, and `nursing_share` per council when the CSV has it.
fn shares(
    t: &Tab<'_>,
    cx: &Ctx<'_>,
    sources: &mut SourceSet,
    hashes: &mut Vec<[u8; 32]>,
    r: &mut Reader<'_>,
    d: &mut Diags,
) -> (Vec<f64>, Option<Vec<f64>>) {
    let n = cx.councils.len();
    let Some(node) = t.get("to_care_home") else {
        let def = dflt::TO_CARE_HOME;
        r.notes.push(note(def.0, def.1, def.2));
        return (vec![def.1; n], None);
    };
    let Some(path) = node.as_str() else {
        let every = "set in the scenario (every council)";
        let v = r.value(t, "to_care_home", Key::ToCareHome, Range::Share, every, d);
        return (v.map_or_else(Vec::new, |v| vec![v; n]), None);
    };
    let written = At {
        v: path,
        at: node.at,
    };
    let resolved = (cx.dir_of)(written.at.file).join(path);
    let Some(table) = super::consequences_csv::share_csv(t, written, &resolved, sources, d) else {
        return (Vec::new(), None);
    };
    hashes.push(table.sha256);
    let (share, nursing) = super::consequences_csv::share_rows(&table, cx.councils, d);
    r.notes.push(Assumption {
        key: "to_care_home".into(),
        value: format!("per council, from {path}"),
        source: "each council's own mix of delay reasons (DI, DII vs E), see that file".into(),
    });
    if nursing.is_some() {
        r.notes.push(Assumption {
            key: "nursing_share".into(),
            value: format!("per council, from {path}"),
            source: "each council's DII / (DI + DII), see that file".into(),
        });
    }
    (share, nursing)
}
