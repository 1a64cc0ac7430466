//! The per-council `to_care_home` CSV of `[consequences]`
//! (`code,to_care_home[,nursing_share]`): every council exactly once, every
//! share in [0, 1], each bad cell named by file, row and column.

use super::csvdata::{self, Capped, Table};
use super::data::{bad, number};
use super::diag::{Diag, Diags, SourceSet};
use super::fields::{At, Tab};
use super::plan::Councils;
use std::path::Path;

const SHARE_COLS: [&str; 2] = ["code", "to_care_home"];
const SHARE_OPT: [&str; 1] = ["nursing_share"];

/// Reads the CSV written at `p`, found at `resolved` (relative to the
/// folder of the file that names it).
pub fn share_csv(
    t: &Tab<'_>,
    p: At<&str>,
    resolved: &Path,
    sources: &mut SourceSet,
    d: &mut Diags,
) -> Option<Table> {
    let key = t.key_path("to_care_home");
    csvdata::read(
        resolved,
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
pub fn share_rows(t: &Table, councils: &Councils, d: &mut Diags) -> (Vec<f64>, Option<Vec<f64>>) {
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
