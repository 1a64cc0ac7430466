//! The text of a plotters SVG, with each label's box estimated from its
//! font size (DejaVu Sans, the bundled font, averages about 0.58 em a
//! character): enough to tell labels that run together or off the edge.

#![allow(dead_code)] // each test file uses part of it

/// One `<text>` element.
#[derive(Debug, Clone)]
pub struct Label {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub anchor: String,
    pub rotated: bool,
}

impl Label {
    /// Estimated width in pixels.
    pub fn width(&self) -> f64 {
        0.58 * self.size * self.text.chars().count() as f64
    }

    /// Left and right edges (horizontal text).
    pub fn span(&self) -> (f64, f64) {
        let w = self.width();
        match self.anchor.as_str() {
            "middle" => (self.x - w / 2.0, self.x + w / 2.0),
            "end" => (self.x - w, self.x),
            _ => (self.x, self.x + w),
        }
    }
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_string())
}

/// The SVG's width (from `width="…"`) and its labels.
pub fn labels(svg: &str) -> (f64, Vec<Label>) {
    let open = svg.find("<svg").expect("an svg");
    let svg_tag = &svg[open..open + svg[open..].find('>').expect("svg tag")];
    let width: f64 = attr(svg_tag, "width")
        .expect("width")
        .parse()
        .expect("number");
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        let tag_end = i + rest[i..].find('>').expect("tag end");
        let tag = &rest[i..tag_end];
        let close = tag_end + rest[tag_end..].find("</text>").expect("close");
        let text = rest[tag_end + 1..close]
            .trim()
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
        let num = |n: &str| attr(tag, n).and_then(|v| v.parse().ok()).unwrap_or(0.0);
        out.push(Label {
            text,
            x: num("x"),
            y: num("y"),
            size: num("font-size"),
            anchor: attr(tag, "text-anchor").unwrap_or_else(|| "start".into()),
            rotated: tag.contains("rotate("),
        });
        rest = &rest[close..];
    }
    (width, out)
}

/// Pairs of horizontal labels on one line whose boxes overlap, and labels
/// that run past either edge of the drawing.
pub fn collisions(svg: &str) -> Vec<String> {
    let (width, all) = labels(svg);
    let flat: Vec<&Label> = all
        .iter()
        .filter(|l| !l.rotated && !l.text.is_empty())
        .collect();
    let mut bad = Vec::new();
    for (i, a) in flat.iter().enumerate() {
        let (l, r) = a.span();
        if l < -0.5 || r > width + 0.5 {
            bad.push(format!(
                "{:?} runs off the drawing ({l:.0}..{r:.0} of {width})",
                a.text
            ));
        }
        for b in &flat[i + 1..] {
            let (bl, br) = b.span();
            let same_line = (a.y - b.y).abs() < 0.8 * a.size.min(b.size);
            if same_line && l < br - 0.5 && bl < r - 0.5 {
                bad.push(format!("{:?} overlaps {:?}", a.text, b.text));
            }
        }
    }
    bad
}
