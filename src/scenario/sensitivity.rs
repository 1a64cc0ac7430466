//! The optional `[sensitivity]` table: parameter ranges for
//! `ibcf sensitivity`, one entry per `--set` key path,
//! `"trajectory.pull" = [0.0, 0.3]`. Checked here: two finite numbers,
//! low < high. Whether the key exists is checked by the tool, which loads
//! the scenario with the key set to each end (an unknown key is then the
//! loader's usual "unknown key" diagnostic).

use super::diag::{Diag, Diags};
use super::fields::Tab;
use super::raw::{Node, Val};

/// A parameter range: `--set` key path, low, high.
pub type Range = (String, f64, f64);

/// Reads `[sensitivity]` (absent: no ranges).
pub fn read(t: &Tab<'_>, d: &mut Diags) -> Vec<Range> {
    let Some(node) = t.get("sensitivity") else {
        return Vec::new();
    };
    let Some(entries) = node.entries() else {
        super::fields::wrong_type(node, "sensitivity", "a table", d);
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(k, v)| range(&k.name, v, d))
        .collect()
}

fn range(key: &str, v: &Node, d: &mut Diags) -> Option<Range> {
    let path = format!("sensitivity.\"{key}\"");
    let bad = |d: &mut Diags, msg: &str| {
        d.push(
            Diag::new(msg.to_string())
                .at(v.at)
                .path(path.clone())
                .help(format!(
                    "write the range as two numbers, low then high: \"{key}\" = [0.1, 0.3]"
                )),
        );
    };
    let Val::Array(items) = &v.val else {
        bad(d, "a sensitivity range must be an array [low, high]");
        return None;
    };
    let nums: Vec<f64> = items.iter().filter_map(Node::as_f64).collect();
    match nums[..] {
        [lo, hi] if items.len() == 2 && lo.is_finite() && hi.is_finite() && lo < hi => {
            Some((key.to_string(), lo, hi))
        }
        [lo, hi] if items.len() == 2 && lo >= hi => {
            bad(d, &format!("low ({lo}) must be below high ({hi})"));
            None
        }
        _ => {
            bad(
                d,
                "a sensitivity range must be two finite numbers [low, high]",
            );
            None
        }
    }
}
