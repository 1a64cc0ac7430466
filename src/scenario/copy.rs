//! `ibcf new NAME --from SCENARIO`: a copy of an existing scenario that is
//! the user's own. The folder is copied whole (TOML layers, data, README),
//! then in its `scenario.toml` the `name` becomes NAME (so runs go to
//! `output/NAME/`, never over the original's folder), the title says it is
//! a copy to edit, and every caveat (`notes`) is marked `REVIEW` so none is
//! carried over unread. [`Copied::message`] lists the caveats and the data
//! files to replace. [`NewError`] is also the error of
//! [`super::scaffold::write`].

use crate::scenario::raw::{self, Node, Val};
use std::path::{Path, PathBuf};

/// What the copy did, for the message.
#[derive(Debug, Clone, PartialEq)]
pub struct Copied {
    pub dir: PathBuf,
    pub from_name: String,
    pub notes: Vec<String>,
    /// `[data]` entries of the copy: (key, path as written).
    pub data: Vec<(String, String)>,
}

/// The prefix that marks a copied caveat.
pub const REVIEW: &str = "REVIEW (copied from";

/// A TOML basic string for `s`.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The scenario file and its folder for a path that is either.
fn scenario_file(from: &Path) -> PathBuf {
    crate::scenario::layer::resolve_path(from)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let p = e.path();
        if e.file_type()?.is_dir() {
            copy_dir(&p, &to.join(e.file_name()))?;
        } else {
            std::fs::copy(&p, to.join(e.file_name()))?;
        }
    }
    Ok(())
}

/// The text of `scenario.toml` with `name`, `title` and `notes` rewritten.
/// `notes` are the scenario's caveats as loaded (from any layer).
///
/// # Errors
/// The file does not parse (it loaded before, so only if it changed).
pub fn rewrite(
    text: &str,
    name: &str,
    from_name: &str,
    notes: &[String],
) -> Result<String, String> {
    let root = raw::parse(text, 0).map_err(|d| d.message.clone())?;
    let span = |n: &Node| (n.at.start, n.at.start + n.at.len);
    let mut edits: Vec<((usize, usize), String)> = Vec::new();
    let mut prepend = String::new();
    let title = root
        .get("title")
        .and_then(Node::as_str)
        .unwrap_or(from_name)
        .to_string();
    let new_title = format!("{name}: copy of “{title}” (edit this title)");
    for (key, value) in [("name", name.to_string()), ("title", new_title)] {
        match root.get(key) {
            Some(n) => edits.push((span(n), quoted(&value))),
            None => prepend.push_str(&format!("{key} = {}\n", quoted(&value))),
        }
    }
    let mark = |n: &str| format!("{REVIEW} {from_name}): {n}");
    match root.get("notes").map(|n| &n.val) {
        Some(Val::Array(items)) => {
            for it in items {
                if let Some(s) = it.as_str() {
                    edits.push((span(it), quoted(&mark(s))));
                }
            }
        }
        _ if !notes.is_empty() => {
            let list: Vec<String> = notes.iter().map(|n| quoted(&mark(n))).collect();
            prepend.push_str(&format!("notes = [\n  {},\n]\n", list.join(",\n  ")));
        }
        _ => {}
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0.0));
    let mut out = text.to_string();
    for ((a, b), v) in edits {
        if b <= out.len() && out.is_char_boundary(a) && out.is_char_boundary(b) {
            out.replace_range(a..b, &v);
        }
    }
    let header = format!(
        "# Copied from scenario \"{from_name}\" by `ibcf new {name} --from …`: review every note\n\
         # marked REVIEW and replace the data files with your own (see README.md).\n"
    );
    Ok(format!("{header}{prepend}{out}"))
}

/// `[data]` entries written in a scenario text: (key, path).
fn data_entries(text: &str) -> Vec<(String, String)> {
    let Ok(root) = raw::parse(text, 0) else {
        return Vec::new();
    };
    root.get("data")
        .and_then(Node::entries)
        .map(|e| {
            e.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.name.clone(), s.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// Why a scenario could not be made (`ibcf new`).
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    /// A name that is not `a-z`, `0-9` and `-`.
    #[error("error: `{0}` is not a scenario name: use only a-z, 0-9 and -, e.g. `my-council`")]
    BadName(String),
    /// The folder to write exists (nothing is overwritten).
    #[error("error: `{}` already exists; ibcf new never overwrites: pick another name or --dir", .0.display())]
    Exists(PathBuf),
    /// The scenario to copy does not load (its diagnostics, rendered).
    #[error("{0}")]
    Load(String),
    /// The copy does not load on its own (its diagnostics, rendered).
    #[error("error: the copy of `{}` does not load on its own (does it use files outside its folder?):\n{rendered}", from.display())]
    CopyDoesNotLoad { from: PathBuf, rendered: String },
    /// Writing the folder failed.
    #[error("error: could not write `{}`: {message}", dir.display())]
    Write { dir: PathBuf, message: String },
}

impl NewError {
    /// Whether the user can fix it (bad name, existing folder, a scenario
    /// that does not load) rather than the machine (writing failed).
    pub fn is_input(&self) -> bool {
        !matches!(self, NewError::Write { .. })
    }
}

/// Copies the scenario at `from` to `dir` as scenario `name`.
///
/// # Errors
/// `from` does not load, `dir` exists, the copy does not load on its own,
/// or writing fails (nothing is left half-written: the copy is built in a
/// temporary sibling).
pub fn copy(from: &Path, name: &str, dir: &Path) -> Result<Copied, NewError> {
    let plan = crate::scenario::load(from, &[]).map_err(|d| NewError::Load(d.render()))?;
    let file = scenario_file(from);
    let src_dir = file
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let file_name = file
        .file_name()
        .map(PathBuf::from)
        .unwrap_or_else(|| "scenario.toml".into());
    if dir.exists() {
        return Err(NewError::Exists(dir.to_path_buf()));
    }
    let fail = |e: String| NewError::Write {
        dir: dir.to_path_buf(),
        message: e,
    };
    let tmp = dir.with_file_name(format!(".{name}.ibcf-new-tmp"));
    let _ = std::fs::remove_dir_all(&tmp);
    copy_dir(&src_dir, &tmp).map_err(|e| fail(e.to_string()))?;
    let text = std::fs::read_to_string(tmp.join(&file_name)).map_err(|e| fail(e.to_string()))?;
    let new_text = rewrite(&text, name, &plan.name, &plan.provenance.notes).map_err(fail)?;
    let data = data_entries(&new_text);
    let scenario_path = tmp.join("scenario.toml");
    if file_name != Path::new("scenario.toml") {
        let _ = std::fs::remove_file(tmp.join(&file_name));
    }
    std::fs::write(&scenario_path, new_text).map_err(|e| fail(e.to_string()))?;
    // The copy must load as it is (data outside the folder would not follow).
    if let Err(d) = crate::scenario::load(&tmp, &[]) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(NewError::CopyDoesNotLoad {
            from: from.to_path_buf(),
            rendered: d.render(),
        });
    }
    std::fs::rename(&tmp, dir).map_err(|e| {
        let _ = std::fs::remove_dir_all(&tmp);
        fail(e.to_string())
    })?;
    Ok(Copied {
        dir: dir.to_path_buf(),
        from_name: plan.name,
        notes: plan.provenance.notes,
        data,
    })
}

impl Copied {
    /// The message after a copy: caveats to review and files to replace.
    pub fn message(&self, name: &str) -> String {
        let c = self;
        let d = c.dir.display();
        let mut s = format!(
            "created {d}: a copy of scenario \"{}\" named \"{name}\" (runs go to output/{name}/); edit its title in scenario.toml\n",
            c.from_name
        );
        if !c.notes.is_empty() {
            s.push_str("\nReview these caveats, copied from the original and marked REVIEW in scenario.toml (delete the ones that no longer hold):\n");
            for (i, n) in c.notes.iter().enumerate() {
                let short: String = n.chars().take(110).collect();
                let more = if n.chars().count() > 110 { "…" } else { "" };
                s.push_str(&format!("  {}. {short}{more}\n", i + 1));
            }
        }
        if !c.data.is_empty() {
            s.push_str("\nReplace these data files with your own numbers (same columns):\n");
            for (k, p) in &c.data {
                let cols = match k.as_str() {
                    "councils" => {
                        "code,name,region,population_18plus,allocation[,asc_budget,reserves] (pounds)"
                    }
                    "history" => {
                        "code,month,nhs_days,asc_days,both_days (delayed days in the month)"
                    }
                    "targets" => "code,metric,month,rate",
                    _ => "",
                };
                s.push_str(&format!("  {d}/{p}  {cols}\n"));
            }
        }
        s.push_str(&format!("\nnext: ibcf validate {d} && ibcf run {d}\n"));
        s
    }
}
