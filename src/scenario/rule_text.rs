//! A rule expression written in a scenario string (an option's `rule`,
//! `[fairness] intent`): parsed against the criteria names with
//! `scenario::expr`, an error's column mapped into the file so the
//! diagnostic points inside the string.

use super::diag::{Diag, Diags, Loc, SourceSet, did_you_mean};
use super::fields::{At, Tab};
use crate::scenario::expr::{self, Expr};

/// Parses `r`, the value of key `key` of table `t`; `None` (with a
/// diagnostic naming the key path) when it does not parse or names an
/// unknown criterion.
pub fn parse(
    t: &Tab,
    key: &str,
    r: &At<&str>,
    names: &[String],
    sources: &SourceSet,
    d: &mut Diags,
) -> Option<Expr> {
    let resolve = |s: &str| {
        names
            .iter()
            .position(|n| n == s)
            .ok_or_else(|| did_you_mean(s, names.iter().map(String::as_str)))
    };
    match expr::parse(r.v, resolve) {
        Ok(e) => Some(e),
        Err(e) => {
            let at = inner_loc(r, sources).map_or(r.at, |base| Loc {
                file: base.file,
                start: base.start + e.offset,
                len: e.len,
            });
            let help = e.help.clone().or_else(|| {
                (e.message.starts_with("unknown criterion") && !names.is_empty())
                    .then(|| format!("criteria: {}", names.join(", ")))
            });
            d.push(
                Diag::new(format!("in {key}, column {}: {}", e.offset + 1, e.message))
                    .at(at)
                    .path(t.key_path(key))
                    .label(e.message.clone())
                    .help_opt(help),
            );
            None
        }
    }
}

/// Where the rule text itself starts in the source, when it was written verbatim.
fn inner_loc(r: &At<&str>, sources: &SourceSet) -> Option<Loc> {
    let text = &sources.files.get(r.at.file)?.text;
    [1usize, 0, 3].iter().find_map(|q| {
        let s = r.at.start + q;
        (text.get(s..s + r.v.len()) == Some(r.v)).then_some(Loc {
            file: r.at.file,
            start: s,
            len: r.v.len(),
        })
    })
}
