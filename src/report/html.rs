//! `report.html`: one self-contained page (inline CSS, SVG and script, no
//! network requests) built from a loaded run folder and its charts. Owns
//! HTML escaping: every string from the run folder goes through [`esc`] or,
//! for the script's data, through `json_for_script`.

#[cfg(test)]
use serde_json::json;

use super::load::Run;
use super::plots::PlotFile;

pub(crate) mod briefing;
mod data;
mod fairness;
mod sections;

const TEMPLATE: &str = include_str!("assets/report.html");
/// The one stylesheet of every page: `report.html`, `stress.html` and
/// `backtest.html` (which add no CSS of their own).
pub(crate) const CSS: &str = include_str!("assets/report.css");
/// The page's scripts: council table, maps, council pages (one concern each).
const JS: [&str; 3] = [
    include_str!("assets/report.js"),
    include_str!("assets/map.js"),
    include_str!("assets/council.js"),
];

/// The start of a standalone page in the report's style (`stress.html`,
/// `backtest.html`), up to and including `<body>`, with [`CSS`] inline;
/// `title` is HTML, already escaped.
pub(crate) fn page_head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n"
    )
}

/// The whole page.
pub fn page(run: &Run, plots: &[PlotFile]) -> String {
    let m = &run.summary.manifest;
    let title = match m.title.is_empty() {
        true => m.scenario.clone(),
        false => m.title.clone(),
    };
    fill(
        TEMPLATE,
        &[
            ("version", esc(&m.version)),
            ("title", esc(&title)),
            ("lede", esc(&sections::lede(run))),
            ("css", CSS.to_string()),
            ("js", JS.join("\n")),
            ("headline", briefing::headline(run)),
            ("shared", briefing::shared_rules(run)),
            ("maps", briefing::maps(run)),
            ("notes", sections::notes(run)),
            ("cards", sections::cards(run)),
            ("money_note", sections::money_note(run)),
            ("options_table", sections::options_table(run)),
            ("comparison", sections::comparison(run)),
            ("consequences", sections::consequences(run)),
            ("fairness", fairness::section(run)),
            ("charts", charts(plots)),
            ("explain", esc(&run.explain_text)),
            ("scenario_text", esc(&run.scenario_text)),
            ("methods", sections::methods(run)),
            ("manifest", sections::manifest(run)),
            ("data", json_for_script(&data::council_data(run))),
        ],
    )
}

/// Replaces each `{{key}}` in one pass, so substituted text is never re-scanned.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() * 4);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let key = &after[..end];
                match values.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[start..start + 4 + end]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON safe inside a `<script>` element: no `<`, `>` or `&` can close it or
/// start a comment, and U+2028/2029 are escaped for old parsers.
fn json_for_script(v: &serde_json::Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Every chart as an inline SVG figure with its caption and PNG link.
pub(crate) fn charts(plots: &[PlotFile]) -> String {
    plots
        .iter()
        .map(|p| {
            format!(
                "<figure id=\"fig-{stem}\">\n{svg}\n<figcaption>{caption} \
                 <a href=\"plots/{stem}.png\">PNG</a> · <a href=\"plots/{stem}.svg\">SVG</a></figcaption>\n</figure>\n",
                stem = esc(&p.stem),
                svg = inline_svg(&p.svg, &p.title),
                caption = esc(&p.caption),
            )
        })
        .collect()
}

/// Makes a plotters SVG fit the page: drops the fixed size and the XML
/// namespace (not needed inline), adds an accessible name.
pub(crate) fn inline_svg(svg: &str, title: &str) -> String {
    let Some(end) = svg.find('>') else {
        return String::new();
    };
    let open = &svg[..end];
    let view_box = open
        .split("viewBox=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or("0 0 1000 600");
    format!(
        "<svg viewBox=\"{}\" role=\"img\" aria-label=\"{}\" preserveAspectRatio=\"xMidYMid meet\"{}",
        esc(view_box),
        esc(title),
        &svg[end..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(esc("<b a='1'>\"&"), "&lt;b a=&#39;1&#39;&gt;&quot;&amp;");
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let s = json_for_script(&json!({"n": "</script><!--"}));
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).expect("valid JSON");
        assert_eq!(back["n"], "</script><!--");
    }

    #[test]
    fn fill_does_not_rescan_values() {
        let out = fill(
            "a {{x}} b {{y}} {{z}}",
            &[("x", "{{y}}".into()), ("y", "Y".into())],
        );
        assert_eq!(out, "a {{y}} b Y {{z}}");
    }

    #[test]
    fn inline_svg_drops_namespace_and_size() {
        let s = inline_svg(
            "<svg width=\"10\" height=\"5\" viewBox=\"0 0 10 5\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/></svg>",
            "T",
        );
        assert!(s.starts_with("<svg viewBox=\"0 0 10 5\" role=\"img\" aria-label=\"T\""));
        assert!(!s.contains("http") && !s.contains("width=\"10\""));
        assert!(s.ends_with("<rect/></svg>"));
    }
}
