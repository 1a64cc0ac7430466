//! The councils file's codes against the history file's, before either is
//! checked row by row: two mistakes there would otherwise surface far from
//! their cause, as dozens or hundreds of problems in every other file.
//!
//! - **A code typo** (`E1000018` for `E10000018`): the councils row has no
//!   history and the history has a code close to it that the councils file
//!   lacks. One error at the councils row, naming both codes; the row is set
//!   aside and both codes marked refused, so what follows from it (history
//!   rows, overrides, targets, criteria, care-home shares) is hidden.
//! - **The file cut to one's own council**: the history names more councils
//!   missing from the councils file than the file lists. The rules rank
//!   councils against each other, so one error says to keep every council;
//!   nothing else is checked ([`Cross::Stop`]).

use super::csvdata::Table;
use super::data::bad;
use super::diag::{Diag, Diags, Loc, closest};
use std::collections::HashSet;

/// What the loader does after the cross-check.
#[derive(Debug, PartialEq, Eq)]
pub enum Cross {
    /// Go on; these codes (typo and intended code) are refused.
    Go(Vec<String>),
    /// Stop: the one error said is the whole story.
    Stop,
}

/// Compares the codes; removes a mistyped row from `councils` (see module docs).
/// `decl` and `key` are where the scenario names the councils file.
pub fn cross_check(
    councils: &mut Table,
    history: &Table,
    decl: Loc,
    key: &str,
    d: &mut Diags,
) -> Cross {
    let listed: HashSet<&str> = councils
        .rows
        .iter()
        .map(|r| councils.cell(r, 0).0)
        .collect();
    let mut in_history: HashSet<&str> = HashSet::new();
    let mut missing: Vec<String> = Vec::new();
    for r in &history.rows {
        let code = history.cell(r, 0).0;
        if !code.is_empty() && in_history.insert(code) && !listed.contains(code) {
            missing.push(code.to_string());
        }
    }
    let n = councils.rows.len() + councils.refused.len();
    if missing.len() >= 2 && missing.len() > n {
        let shown = missing
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = match missing.len().saturating_sub(3) {
            0 => String::new(),
            k => format!(" and {k} more"),
        };
        d.push(
            Diag::new(format!(
                "`{}` lists {n} council(s) but `{}` has rows for {} council(s) not in it \
                 ({shown}{more}): the rules rank councils against each other (quartiles, \
                 national shares), so the councils file must list them all",
                councils.name,
                history.name,
                missing.len()
            ))
            .at(decl)
            .path(key)
            .label("this file")
            .help(
                "keep every council in the councils file and change your own row \
                 (allocation, and optionally asc_budget, reserves)",
            ),
        );
        return Cross::Stop;
    }
    let mut refused = Vec::new();
    let mut drop = HashSet::new();
    for r in &councils.rows {
        let (code, col) = councils.cell(r, 0);
        if code.is_empty() || in_history.contains(code) {
            continue;
        }
        let left = missing.iter().filter(|m| !refused.contains(*m));
        let Some(near) = closest(code, left.map(String::as_str)) else {
            continue;
        };
        let name = councils.cell(r, 1).0;
        d.push(
            bad(
                councils,
                r,
                col,
                format!(
                    "council code `{code}` ({name}) has no rows in `{}`, which has rows for \
                     `{near}`, a code not in this file",
                    history.name
                ),
                code,
            )
            .label("not in the history")
            .help(format!(
                "did you mean `{near}`? every other file finds {name} by this code"
            )),
        );
        refused.push(code.to_string());
        refused.push(near);
        drop.insert(r.line);
    }
    councils.rows.retain(|r| !drop.contains(&r.line));
    Cross::Go(refused)
}
