//! `[[option]]` → [`PolicyOption`]: the rule (parsed with `scenario::expr`,
//! errors pointed at the column inside the rule string), the action and the
//! share (flat or graduated), the cap and who receives redistributed money.

use super::diag::{Diag, Diags, Loc, SourceSet, did_you_mean};
use super::fields::{At, Tab};
use super::plan::{Action, Criterion, CriterionKind, PolicyOption, RedistributeTo, Share};
use super::raw::{Node, Val};
use super::rule_text;
use crate::scenario::expr::Expr;

const KEYS: [&str; 8] = [
    "id",
    "label",
    "rule",
    "action",
    "share",
    "graduated",
    "cap",
    "redistribute_to",
];
const ACTIONS: [(&str, Action); 3] = [
    ("condition", Action::Condition),
    ("withhold", Action::Withhold),
    ("redistribute", Action::Redistribute),
];

/// Reads every `[[option]]`. `names` are all declared criteria (by index),
/// `criteria` the ones that compiled.
pub fn read(
    root: &Tab,
    names: &[String],
    criteria: &[Option<Criterion>],
    sources: &SourceSet,
    d: &mut Diags,
) -> Vec<PolicyOption> {
    let mut out = Vec::new();
    let Some(n) = root.get("option") else {
        return out;
    };
    let Val::Array(items) = &n.val else {
        super::fields::wrong_type(n, "option", "an array of tables ([[option]])", d);
        return out;
    };
    let mut ids: Vec<(String, Loc)> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let id = it
            .get("id")
            .and_then(Node::as_str)
            .map_or_else(|| i.to_string(), str::to_string);
        let path = format!("option[{id}]");
        let Some(t) = Tab::open(it, &path, &KEYS, d) else {
            continue;
        };
        if let Some(idv) = t.req_str("id", d) {
            check_id(&idv, &path, &ids, d);
            ids.push((idv.v.to_string(), idv.at));
        }
        if let Some(o) = read_one(&t, names, criteria, sources, d) {
            out.push(o);
        }
    }
    out
}

fn check_id(id: &At<&str>, path: &str, ids: &[(String, Loc)], d: &mut Diags) {
    let ok = !id.v.is_empty()
        && id
            .v
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok {
        d.push(
            Diag::new(format!(
                "option id `{}` may use only letters, digits, - and _",
                id.v
            ))
            .at(id.at)
            .path(format!("{path}.id")),
        );
    }
    if ids.iter().any(|(x, _)| x == id.v) {
        d.push(
            Diag::new(format!("duplicate option id `{}`", id.v))
                .at(id.at)
                .path(format!("{path}.id"))
                .label("used by an earlier [[option]] too")
                .help("every option needs its own id (it names its rows in the outputs)"),
        );
    }
}

fn read_one(
    t: &Tab,
    names: &[String],
    criteria: &[Option<Criterion>],
    sources: &SourceSet,
    d: &mut Diags,
) -> Option<PolicyOption> {
    let id = t.get("id").and_then(Node::as_str).unwrap_or("").to_string();
    let label = t
        .str("label", d)
        .map_or_else(|| id.clone(), |l| l.v.to_string());
    let rule_s = t.req_str("rule", d);
    let rule = rule_s
        .as_ref()
        .and_then(|r| rule_text::parse(t, "rule", r, names, sources, d));
    let action = if t.get("action").is_none() {
        d.push(
            Diag::new("missing required key `action` (condition, withhold or redistribute)")
                .at(t.node.at)
                .path(t.path.clone()),
        );
        None
    } else {
        t.word("action", &ACTIONS, d).map(|a| a.v)
    };
    let share = read_share(t, names, criteria, d);
    let cap_pence = t
        .f64("cap", d)
        .filter(|c| t.check("cap", c, c.v >= 0.0, "0 or more (pounds)", d))
        .map(|c| (c.v * 100.0).round() as i64);
    let redistribute_to = read_redistribute(t, action, rule.as_ref(), criteria, d);
    Some(PolicyOption {
        id,
        label,
        rule_text: rule_s?.v.to_string(),
        rule: rule?,
        action: action?,
        share: share?,
        cap_pence,
        redistribute_to: redistribute_to?,
    })
}

fn read_share(
    t: &Tab,
    names: &[String],
    criteria: &[Option<Criterion>],
    d: &mut Diags,
) -> Option<Share> {
    let flat = t.f64("share", d);
    match (flat, t.get("graduated")) {
        (Some(_), Some(g)) => {
            d.push(
                Diag::new("give either `share` or `graduated`, not both")
                    .at(g.at)
                    .path(t.key_path("graduated")),
            );
            None
        }
        (Some(s), None) => t
            .check(
                "share",
                &s,
                (0.0..=1.0).contains(&s.v),
                "between 0 and 1",
                d,
            )
            .then_some(Share::Flat(s.v)),
        (None, Some(_)) => read_graduated(t, names, criteria, d),
        (None, None) => {
            if t.get("share").is_none() {
                d.push(
                    Diag::new("missing `share` (e.g. share = 0.33) or `graduated`")
                        .at(t.node.at)
                        .path(t.path.clone()),
                );
            }
            None
        }
    }
}

fn read_graduated(
    t: &Tab,
    names: &[String],
    criteria: &[Option<Criterion>],
    d: &mut Diags,
) -> Option<Share> {
    let g = t.sub("graduated", &["criterion", "points"], d)?;
    let c = g.req_str("criterion", d);
    let crit = c.and_then(|c| {
        let i = names.iter().position(|n| n == c.v);
        if i.is_some_and(|i| criteria[i].is_none()) {
            return None; // that criterion's own problem is reported already
        }
        let ok = i.is_some_and(|i| {
            matches!(
                criteria[i].as_ref().map(|x| &x.kind),
                Some(CriterionKind::GapAbove { .. } | CriterionKind::MissedTarget { .. })
            )
        });
        if !ok {
            let names: Vec<&str> = criteria
                .iter()
                .flatten()
                .filter(|x| {
                    matches!(
                        x.kind,
                        CriterionKind::GapAbove { .. } | CriterionKind::MissedTarget { .. }
                    )
                })
                .map(|x| x.name.as_str())
                .collect();
            d.push(
                Diag::new(format!(
                    "`{}` is not a gap_above or missed_target criterion",
                    c.v
                ))
                .at(c.at)
                .path(g.key_path("criterion"))
                .help(did_you_mean(c.v, names.iter().copied()).unwrap_or_else(|| {
                    format!(
                        "graduated shares read the gap measured by one of: {}",
                        names.join(", ")
                    )
                })),
            );
        }
        i.filter(|_| ok)
    });
    let points = read_points(&g, d);
    Some(Share::Graduated {
        criterion: crit?,
        points: points?,
    })
}

fn read_points(g: &Tab, d: &mut Diags) -> Option<Vec<(f64, f64)>> {
    let path = g.key_path("points");
    let Some(n) = g.get("points") else {
        d.push(
            Diag::new("missing `points`, e.g. points = [[0.0, 0.1], [1.0, 0.5]]")
                .at(g.node.at)
                .path(path),
        );
        return None;
    };
    let Val::Array(items) = &n.val else {
        super::fields::wrong_type(n, &path, "an array of [gap, share] pairs", d);
        return None;
    };
    let mut pts = Vec::new();
    let mut ok = !items.is_empty();
    for (i, it) in items.iter().enumerate() {
        let pair = match &it.val {
            Val::Array(p) if p.len() == 2 => p[0].as_f64().zip(p[1].as_f64()),
            _ => None,
        };
        let Some((gap, share)) = pair else {
            super::fields::wrong_type(
                it,
                &format!("{path}[{i}]"),
                "a [gap, share] pair of numbers",
                d,
            );
            ok = false;
            continue;
        };
        if !(0.0..=1.0).contains(&share) {
            d.push(
                Diag::new(format!("share {share} is outside [0, 1]"))
                    .at(it.at)
                    .path(format!("{path}[{i}]")),
            );
            ok = false;
        }
        if !gap.is_finite() {
            // TOML allows `nan` and `inf`; a gap must be a real threshold.
            d.push(
                Diag::new(format!("gap {gap} is not a finite number"))
                    .at(it.at)
                    .path(format!("{path}[{i}]")),
            );
            ok = false;
        }
        if let Some(&(prev, _)) = pts.last()
            && gap <= prev
        {
            d.push(
                Diag::new(format!("gaps must increase: {gap} follows {prev}"))
                    .at(it.at)
                    .path(format!("{path}[{i}]"))
                    .help("list points in increasing order of gap"),
            );
            ok = false;
        }
        pts.push((gap, share));
    }
    if items.is_empty() {
        d.push(Diag::new("`points` is empty").at(n.at).path(path));
    }
    ok.then_some(pts)
}

fn read_redistribute(
    t: &Tab,
    action: Option<Action>,
    rule: Option<&Expr>,
    criteria: &[Option<Criterion>],
    d: &mut Diags,
) -> Option<RedistributeTo> {
    let words = [("not_reviewed", 0u8), ("met_target", 1u8)];
    let Some(w) = t.word("redistribute_to", &words, d) else {
        return (t.get("redistribute_to").is_none()).then_some(RedistributeTo::NotReviewed);
    };
    if action.is_some_and(|a| a != Action::Redistribute) {
        d.push(
            Diag::new("`redistribute_to` only applies to action = \"redistribute\"")
                .at(w.at)
                .path(t.key_path("redistribute_to")),
        );
        return None;
    }
    if w.v == 0 {
        return Some(RedistributeTo::NotReviewed);
    }
    let mut used = Vec::new();
    rule?.criteria(&mut used);
    if used
        .iter()
        .any(|&i| criteria.get(i).is_some_and(Option::is_none))
    {
        return None; // a criterion of the rule failed and is reported already
    }
    let first = used.into_iter().find(|&i| {
        matches!(
            criteria.get(i).and_then(Option::as_ref).map(|c| &c.kind),
            Some(CriterionKind::MissedTarget { .. })
        )
    });
    if first.is_none() {
        d.push(
            Diag::new("`met_target` needs a missed_target criterion in this option's rule")
                .at(w.at)
                .path(t.key_path("redistribute_to"))
                .help("money goes to councils for which the rule's first missed_target criterion is false"),
        );
    }
    first.map(|criterion| RedistributeTo::MetTarget { criterion })
}
