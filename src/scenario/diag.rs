//! Diagnostics for scenario input: where a problem is (file + byte span),
//! what it is (key path, council, message) and how to fix it (hint), rendered
//! with miette as a snippet with a caret.
//!
//! Every source text the loader reads (TOML layers, `--set` strings, CSV
//! files) is registered in a [`SourceSet`]; a [`Loc`] names one of them by
//! index, so a diagnostic can always show the text it points into.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use std::fmt;
use std::io::IsTerminal;
use std::sync::Arc;

pub use super::suggest::{closest, did_you_mean, levenshtein};

/// A byte span inside one registered source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Loc {
    pub file: usize,
    pub start: usize,
    pub len: usize,
}

impl Loc {
    pub fn new(file: usize, range: std::ops::Range<usize>) -> Loc {
        Loc {
            file,
            start: range.start,
            len: range.end.saturating_sub(range.start),
        }
    }
}

/// One source text, named as the user wrote it.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: Arc<str>,
}

/// Every text read while loading one scenario.
#[derive(Debug, Default)]
pub struct SourceSet {
    pub files: Vec<Source>,
}

impl SourceSet {
    /// Registers a text and returns its index for [`Loc::file`].
    pub fn add(&mut self, name: impl Into<String>, text: &str) -> usize {
        self.files.push(Source {
            name: name.into(),
            text: Arc::from(text),
        });
        self.files.len() - 1
    }

    pub fn name(&self, file: usize) -> &str {
        self.files.get(file).map_or("?", |s| s.name.as_str())
    }
}

/// One problem, not yet rendered.
#[derive(Debug, Clone, Default)]
pub struct Diag {
    pub message: String,
    pub at: Option<Loc>,
    pub key_path: Option<String>,
    pub council: Option<String>,
    pub label: Option<String>,
    pub help: Option<String>,
    /// A remark, not a problem: printed as `note:` and not counted.
    pub note: bool,
    /// A warning: printed as `⚠ warning: …` with its snippet; not a
    /// problem, and the scenario still loads (see [`Diags::warn`]).
    pub warning: bool,
    /// "council X is not in the councils file": hidden when X's own row in
    /// the councils file was refused (the problem follows from that one).
    pub unknown_council: bool,
}

impl Diag {
    pub fn new(message: impl Into<String>) -> Diag {
        Diag {
            message: message.into(),
            ..Diag::default()
        }
    }

    pub fn at(mut self, loc: Loc) -> Diag {
        self.at = Some(loc);
        self
    }

    pub fn path(mut self, path: impl Into<String>) -> Diag {
        self.key_path = Some(path.into());
        self
    }

    pub fn council(mut self, code: impl Into<String>) -> Diag {
        self.council = Some(code.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Diag {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diag {
        self.help = Some(help.into());
        self
    }

    /// Marks a remark that is not counted as a problem.
    pub fn as_note(mut self) -> Diag {
        self.note = true;
        self
    }

    /// Marks "council X is not in the councils file" (see [`Diags::hide_cascade`]).
    pub fn unknown_council(mut self) -> Diag {
        self.unknown_council = true;
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Diag {
        self.help = help;
        self
    }

    /// The one-line headline: key path, message, council.
    fn headline(&self) -> String {
        let mut s = String::new();
        if let Some(p) = &self.key_path {
            s.push_str(p);
            s.push_str(": ");
        }
        s.push_str(&self.message);
        if let Some(c) = &self.council {
            s.push_str(&format!(" (council {c})"));
        }
        s
    }
}

/// The problems collected so far.
#[derive(Debug, Default)]
pub struct Diags {
    pub list: Vec<Diag>,
    /// Codes of councils whose row in the councils file was refused: later
    /// stages do not report them as unknown (see [`Diags::hide_cascade`]).
    pub refused: std::collections::HashSet<String>,
    /// Problems not reported because they follow from a refused row, by code.
    pub hidden: Vec<String>,
    /// Warnings: shown, never counted, never stopping the load.
    pub warnings: Vec<Diag>,
}

impl Diags {
    /// Whether a "council not in the councils file" problem for `code`
    /// follows from its refused row; if so it is counted, not reported.
    pub fn follows_from_refused(&mut self, code: &str) -> bool {
        let refused = self.refused.contains(code);
        if refused {
            self.hidden.push(code.to_string());
        }
        refused
    }

    pub fn push(&mut self, d: Diag) {
        self.list.push(d);
    }

    /// Adds a warning (kept apart from the problems).
    pub fn warn(&mut self, mut d: Diag) {
        d.warning = true;
        self.warnings.push(d);
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Drops "council X is not in the councils file" for every refused X
    /// still in the list, and adds one note saying how many problems were
    /// hidden (here and by [`Diags::follows_from_refused`]) and for whom.
    pub fn hide_cascade(&mut self) {
        let refused = std::mem::take(&mut self.refused);
        let mut hidden = std::mem::take(&mut self.hidden);
        self.list.retain(|d| {
            let hide = d.unknown_council && d.council.as_ref().is_some_and(|c| refused.contains(c));
            if hide && let Some(c) = &d.council {
                hidden.push(c.clone());
            }
            !hide
        });
        if hidden.is_empty() {
            return;
        }
        let mut codes: Vec<&str> = Vec::new();
        for c in &hidden {
            if !codes.contains(&c.as_str()) {
                codes.push(c);
            }
        }
        let shown = codes.iter().take(3).copied().collect::<Vec<_>>().join(", ");
        let more = match codes.len().saturating_sub(3) {
            0 => String::new(),
            k => format!(" and {k} more"),
        };
        self.push(
            Diag::new(format!(
                "{} row(s) or reference(s) elsewhere for council(s) {shown}{more} were not \
                 checked: those councils' rows in the councils file were refused above",
                hidden.len()
            ))
            .help("fix the councils file first; the rest is checked then")
            .as_note(),
        );
    }

    /// Problems, not counting notes.
    pub fn problems(&self) -> usize {
        self.list.iter().filter(|d| !d.note).count()
    }
}

/// A diagnostic bound to its source text, in the shape miette renders.
#[derive(Debug)]
struct Bound {
    headline: String,
    warning: bool,
    help: Option<String>,
    src: Option<NamedSource<Arc<str>>>,
    span: Option<LabeledSpan>,
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline)
    }
}

impl std::error::Error for Bound {}

impl Diagnostic for Bound {
    fn severity(&self) -> Option<miette::Severity> {
        self.warning.then_some(miette::Severity::Warning)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h.as_str()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.src.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.span
            .as_ref()
            .map(|s| Box::new(std::iter::once(s.clone())) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
}

/// Whether to draw colours: not when `NO_COLOR` is set or stderr is not a terminal.
fn use_colour() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Renders one diagnostic against the sources (file:line:col header, snippet,
/// caret, hint); a note as `note: …` lines.
pub fn render(d: &Diag, sources: &SourceSet) -> String {
    if d.note {
        let mut out = format!("  note: {}\n", d.headline());
        if let Some(h) = &d.help {
            out.push_str(&format!("  help: {h}\n"));
        }
        return out;
    }
    let theme = if use_colour() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_wrap_lines(false);
    let mut headline = d.headline();
    let (src, span) = match d.at.and_then(|l| sources.files.get(l.file).map(|s| (l, s))) {
        Some((loc, s)) => {
            let start = loc.start.min(s.text.len());
            let len = loc.len.min(s.text.len() - start);
            let label = d.label.clone().or_else(|| Some("here".to_string()));
            (
                Some(NamedSource::new(&s.name, Arc::clone(&s.text))),
                Some(LabeledSpan::new(label, start, len)),
            )
        }
        None => (None, None),
    };
    if src.is_none() && d.at.is_some() {
        headline.push_str(" [source unavailable]");
    }
    if d.warning {
        headline.insert_str(0, "warning: ");
    }
    let b = Bound {
        headline,
        warning: d.warning,
        help: d.help.clone(),
        src,
        span,
    };
    let mut out = String::new();
    if handler.render_report(&mut out, &b).is_err() {
        out = format!("error: {}\n", b.headline);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_column_and_caret() {
        let mut s = SourceSet::default();
        let f = s.add("a.toml", "x = 1\nvolatilty = 2\n");
        let d = Diag::new("unknown key `volatilty`")
            .at(Loc::new(f, 6..15))
            .path("trajectory.volatilty")
            .help("did you mean `volatility`?");
        let r = render(&d, &s);
        assert!(r.contains("a.toml:2:1"), "{r}");
        assert!(r.contains("did you mean `volatility`?"), "{r}");
        assert!(r.contains("trajectory.volatilty: unknown key"), "{r}");
    }
}
