//! The optional `[consequences]` table: what hitting the target cost (beds
//! freed, care-home placements, avoidable admissions), compiled into
//! [`Consequences`]. Absent table: `None`, and a run writes exactly what it
//! wrote before. Every value is checked (shares in [0, 1], costs and stays
//! not negative, the mean delay above 0); `to_care_home` is a number for
//! every council or a CSV path (`code,to_care_home[,nursing_share]`) that
//! must name every council once. Defaults and their sources:
//! [`crate::consequences::defaults`].

use super::csvdata::{self, Capped, Table};
use super::data::{bad, number};
use super::diag::{Diag, Diags, SourceSet};
use super::fields::{At, Tab};
use super::plan::Councils;
use crate::consequences::defaults::{self as dflt, Default};
use crate::consequences::params::{Assumption, Consequences, Placement, Readmission};
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
const SHARE_COLS: [&str; 2] = ["code", "to_care_home"];
const SHARE_OPT: [&str; 1] = ["nursing_share"];

/// What a scalar must be.
#[derive(Clone, Copy)]
enum Range {
    Share,
    NotNegative,
    Positive,
}

impl Range {
    fn ok(self, v: f64) -> bool {
        match self {
            Range::Share => (0.0..=1.0).contains(&v),
            Range::NotNegative => v >= 0.0,
            Range::Positive => v > 0.0,
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

/// Reads `[consequences]`; `None` when absent or wrong (problems in `d`).
/// Data files read are hashed into `hashes` (scenario provenance).
pub fn read(
    root: &Tab<'_>,
    cx: &Ctx<'_>,
    sources: &mut SourceSet,
    hashes: &mut Vec<[u8; 32]>,
    d: &mut Diags,
) -> Option<Consequences> {
    let t = root.sub("consequences", &KEYS, d)?;
    let before = d.len();
    let mut notes = Vec::new();
    let mut scalar = |tab: &Tab<'_>, key: &str, def: Default, range: Range, d: &mut Diags| {
        let (v, source) = match tab.f64(key, d) {
            Some(v) if tab.check(key, &v, range.ok(v.v), range.words(), d) => {
                (v.v, "set in the scenario".to_string())
            }
            Some(_) => (def.1, String::new()),
            None => (def.1, def.2.to_string()),
        };
        notes.push(Assumption {
            key: def.0.to_string(),
            value: crate::report::format::num(v),
            source,
        });
        v
    };
    let bed_day_cost = scalar(
        &t,
        "bed_day_cost",
        dflt::BED_DAY_COST,
        Range::NotNegative,
        d,
    );
    let mean_delay_days = scalar(
        &t,
        "mean_delay_days",
        dflt::MEAN_DELAY_DAYS,
        Range::Positive,
        d,
    );
    let avoidable = scalar(&t, "avoidable", dflt::AVOIDABLE, Range::Share, d);
    let mut kind = |key: &str, fee: Default, stay: Default, d: &mut Diags| {
        let empty = super::raw::Node::table(t.node.at);
        let sub = t.sub(key, &["weekly_fee", "stay_weeks"], d);
        let sub = sub.unwrap_or(Tab {
            node: &empty,
            path: t.key_path(key),
        });
        // `empty` lives only here: read both numbers before it goes.
        let weekly_fee = scalar(&sub, "weekly_fee", fee, Range::NotNegative, d);
        let stay_weeks = scalar(&sub, "stay_weeks", stay, Range::NotNegative, d);
        Placement {
            weekly_fee,
            stay_weeks,
        }
    };
    let residential = kind(
        "residential",
        dflt::RESIDENTIAL_FEE,
        dflt::RESIDENTIAL_STAY,
        d,
    );
    let nursing = kind("nursing", dflt::NURSING_FEE, dflt::NURSING_STAY, d);
    let readmission = {
        let empty = super::raw::Node::table(t.node.at);
        let sub = t.sub("readmission", &["share", "cost"], d);
        let sub = sub.unwrap_or(Tab {
            node: &empty,
            path: t.key_path("readmission"),
        });
        Readmission {
            share: scalar(&sub, "share", dflt::READMISSION_SHARE, Range::Share, d),
            cost: scalar(&sub, "cost", dflt::READMISSION_COST, Range::NotNegative, d),
        }
    };
    let n = cx.councils.len();
    let (to_care_home, from_csv_nursing) = shares(&t, cx, sources, hashes, &mut notes, d);
    let nursing_share = match t.f64("nursing_share", d) {
        Some(v)
            if t.check(
                "nursing_share",
                &v,
                Range::Share.ok(v.v),
                Range::Share.words(),
                d,
            ) =>
        {
            notes.push(note(
                "nursing_share",
                v.v,
                "set in the scenario (every council)",
            ));
            vec![v.v; n]
        }
        Some(_) => Vec::new(),
        None => from_csv_nursing.unwrap_or_else(|| {
            notes.push(note(
                "nursing_share",
                dflt::NURSING_SHARE.1,
                dflt::NURSING_SHARE.2,
            ));
            vec![dflt::NURSING_SHARE.1; n]
        }),
    };
    if let Some(list) = t.strings("notes", d) {
        for s in list {
            notes.push(Assumption {
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
        assumptions: notes,
    })
}

fn note(key: &str, v: f64, source: &str) -> Assumption {
    Assumption {
        key: key.into(),
        value: crate::report::format::num(v),
        source: source.into(),
    }
}

/// `to_care_home` per council, and `nursing_share` per council when the CSV has it.
fn shares(
    t: &Tab<'_>,
    cx: &Ctx<'_>,
    sources: &mut SourceSet,
    hashes: &mut Vec<[u8; 32]>,
    notes: &mut Vec<Assumption>,
    d: &mut Diags,
) -> (Vec<f64>, Option<Vec<f64>>) {
    let n = cx.councils.len();
    let Some(node) = t.get("to_care_home") else {
        notes.push(note(
            "to_care_home",
            dflt::TO_CARE_HOME.1,
            dflt::TO_CARE_HOME.2,
        ));
        return (vec![dflt::TO_CARE_HOME.1; n], None);
    };
    if let Some(path) = node.as_str() {
        let written = At {
            v: path,
            at: node.at,
        };
        let Some(table) = share_csv(t, cx, written, sources, d) else {
            return (Vec::new(), None);
        };
        hashes.push(table.sha256);
        let (share, nursing) = share_rows(&table, cx.councils, d);
        notes.push(Assumption {
            key: "to_care_home".into(),
            value: format!("per council, from {path}"),
            source: "each council's own mix of delay reasons (DI, DII vs E), see that file".into(),
        });
        if nursing.is_some() {
            notes.push(Assumption {
                key: "nursing_share".into(),
                value: format!("per council, from {path}"),
                source: "each council's DII / (DI + DII), see that file".into(),
            });
        }
        return (share, nursing);
    }
    match t.f64("to_care_home", d) {
        Some(v)
            if t.check(
                "to_care_home",
                &v,
                Range::Share.ok(v.v),
                Range::Share.words(),
                d,
            ) =>
        {
            notes.push(note(
                "to_care_home",
                v.v,
                "set in the scenario (every council)",
            ));
            (vec![v.v; n], None)
        }
        _ => (Vec::new(), None),
    }
}

fn share_csv(
    t: &Tab<'_>,
    cx: &Ctx<'_>,
    p: At<&str>,
    sources: &mut SourceSet,
    d: &mut Diags,
) -> Option<Table> {
    let resolved = (cx.dir_of)(p.at.file).join(p.v);
    let key = t.key_path("to_care_home");
    csvdata::read(
        &resolved,
        p.v,
        p.at,
        &key,
        &SHARE_COLS,
        &SHARE_OPT,
        sources,
        d,
    )
}

/// Parses the rows; every council exactly once, shares in [0, 1].
fn share_rows(t: &Table, councils: &Councils, d: &mut Diags) -> (Vec<f64>, Option<Vec<f64>>) {
    let n = councils.len();
    let mut share = vec![f64::NAN; n];
    let has_nursing = t.cols.get(2).copied().flatten().is_some();
    let mut nursing = vec![f64::NAN; n];
    let mut cap = Capped::new(d, &t.name);
    for row in &t.rows {
        let (code, code_col) = t.cell(row, 0);
        let Some(i) = councils.index_of(code) else {
            if cap.d.follows_from_refused(code) {
                continue; // its councils-file row was refused: said once there
            }
            cap.push(
                bad(t, row, code_col, format!("unknown council `{code}`"), code)
                    .help("every code must be in the councils file"),
            );
            continue;
        };
        if !share[i].is_nan() {
            cap.push(bad(
                t,
                row,
                code_col,
                format!("council `{code}` appears twice"),
                code,
            ));
            continue;
        }
        for (k, out) in [(1, &mut share), (2, &mut nursing)] {
            if k == 2 && !has_nursing {
                continue;
            }
            let col = t.cols[k];
            match number(t, row, k, code, &mut cap) {
                Ok(Some(v)) if (0.0..=1.0).contains(&v) => out[i] = v,
                Ok(v) => {
                    let shown = v.map_or("blank".to_string(), |v| v.to_string());
                    let msg = format!(
                        "{} must be a share between 0 and 1, got {shown}",
                        SHARE_COLS.get(k).unwrap_or(&"nursing_share")
                    );
                    cap.push(bad(t, row, col, msg, code));
                    out[i] = 0.0;
                }
                Err(()) => out[i] = 0.0,
            }
        }
    }
    let missing: Vec<&str> = (0..n)
        .filter(|&i| share[i].is_nan())
        .map(|i| councils.code[i].as_str())
        .collect();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(10).copied().collect();
        cap.push(
            Diag::new(format!(
                "{}: no to_care_home for {} council(s): {}{}",
                t.name,
                missing.len(),
                shown.join(", "),
                if missing.len() > 10 { ", ..." } else { "" }
            ))
            .path("consequences.to_care_home")
            .council(missing[0])
            .help("add a row per council (code,to_care_home), or give one number for all"),
        );
    }
    cap.finish();
    (share, has_nursing.then_some(nursing))
}
