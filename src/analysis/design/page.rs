//! `design.html`: the frontier as a clickable chart, self-contained (data
//! embedded as JSON, no server). Clicking a point (a variant's option)
//! shows that variant's settings, a hex map of councils coloured by
//! probability of review (`report::map`'s geometry and colours, decided
//! here: the script only applies them) and its council list.

use super::{Design, Row};
use crate::report::html::{esc, page_head};
use crate::report::map::{centre, corners, extent, hex_colour, hexes, p_colour};
use crate::scenario::plan::Plan;
use std::fmt::Write;

const W: f64 = 720.0;
const H: f64 = 460.0;
const PAD: f64 = 50.0;
const HEX: f64 = 9.0;

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// The embedded data: rows, councils, per row and council the probabilities
/// of review, wrong review and wrong sparing, and the colour ramp.
fn data(d: &Design, plan: &Plan) -> serde_json::Value {
    let t = d.trials.max(1) as f64;
    let n = plan.councils.len();
    let rows: Vec<serde_json::Value> = d
        .rows
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let tally = &d.tallies[r.variant];
            let o = d.rows[..k]
                .iter()
                .filter(|x| x.variant == r.variant)
                .count();
            let p = |v: &[u64]| -> Vec<f64> {
                v[o * n..(o + 1) * n]
                    .iter()
                    .map(|&c| round4(c as f64 / t))
                    .collect()
            };
            serde_json::json!({
                "variant": r.variant,
                "settings": d.settings(r.variant),
                "option": r.option,
                "reviewed": round4(r.figures[0].0),
                "wrongly_reviewed": round4(r.figures[3].0),
                "wrongly_spared": round4(r.figures[4].0),
                "on_frontier": r.on_frontier,
                "p": p(&tally.reviewed),
                "p_wrong": p(&tally.wrongly_reviewed),
                "p_spared": p(&tally.wrongly_spared),
            })
        })
        .collect();
    let councils: Vec<serde_json::Value> = (0..n)
        .map(|i| serde_json::json!({"code": plan.councils.code[i], "name": plan.councils.name[i]}))
        .collect();
    let ramp: Vec<String> = (0..=100)
        .map(|k| hex_colour(p_colour(f64::from(k) / 100.0)))
        .collect();
    serde_json::json!({"rows": rows, "councils": councils, "ramp": ramp})
}

/// The frontier chart as SVG with one clickable circle per row.
fn scatter(d: &Design) -> String {
    let pts: Vec<(f64, f64)> = d.rows.iter().map(Row::point).collect();
    let max = |f: fn(&(f64, f64)) -> f64| {
        pts.iter()
            .map(f)
            .filter(|x| x.is_finite())
            .fold(0.0f64, f64::max)
            .max(0.1)
            * 1.08
    };
    let (mx, my) = (max(|p| p.0), max(|p| p.1));
    let sx = |x: f64| PAD + (x / mx) * (W - 2.0 * PAD);
    let sy = |y: f64| H - PAD - (y / my) * (H - 2.0 * PAD);
    let mut s = format!(
        "<svg id=\"frontier\" viewBox=\"0 0 {W} {H}\" role=\"group\" aria-label=\"Fairness frontier\">\n\
         <line x1=\"{PAD}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#888\"/>\
         <line x1=\"{PAD}\" y1=\"{PAD}\" x2=\"{PAD}\" y2=\"{b}\" stroke=\"#888\"/>\n\
         <text x=\"{cx}\" y=\"{tx}\" text-anchor=\"middle\" font-size=\"13\">councils wrongly reviewed (a trial, mean; 0 to {mx:.2})</text>\n\
         <text x=\"14\" y=\"{cy}\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 14 {cy})\">councils wrongly spared (0 to {my:.2})</text>\n",
        b = H - PAD,
        r = W - PAD,
        cx = W / 2.0,
        tx = H - 12.0,
        cy = H / 2.0,
    );
    for (k, (r, p)) in d.rows.iter().zip(&pts).enumerate() {
        if !(p.0.is_finite() && p.1.is_finite()) {
            continue;
        }
        let (fill, rad) = match (r.variant, r.on_frontier) {
            (0, _) => ("#d55e00", 7.0),
            (_, true) => ("#222", 5.0),
            _ => ("#999", 4.0),
        };
        let _ = writeln!(
            s,
            "<circle class=\"pt\" data-row=\"{k}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"{rad}\" fill=\"{fill}\" \
             tabindex=\"0\"><title>{}: {} (wrongly reviewed {:.2}, wrongly spared {:.2})</title></circle>",
            sx(p.0),
            sy(p.1),
            esc(&d.settings(r.variant)),
            esc(&r.option),
            p.0,
            p.1
        );
    }
    s.push_str("</svg>");
    s
}

/// The hex map, every hex grey until a point is chosen.
fn map() -> String {
    let (w, h, top) = extent();
    let mut s = format!(
        "<svg id=\"map\" class=\"hexmap\" viewBox=\"0 0 {:.0} {:.0}\" role=\"group\" aria-label=\"Hex map: probability of review\">\n",
        w * HEX,
        h * HEX
    );
    for hx in hexes() {
        let (cx, cy) = centre(hx, top);
        let mut p = String::new();
        for (k, (x, y)) in corners(cx * HEX, cy * HEX, HEX - 0.5).iter().enumerate() {
            let _ = write!(p, "{}{x:.1},{y:.1}", if k == 0 { "M" } else { "L" });
        }
        let _ = writeln!(
            s,
            "<path class=\"hex\" data-code=\"{}\" d=\"{p}Z\" fill=\"#e8e8e8\"><title>{}</title></path>",
            esc(&hx.code),
            esc(&hx.name)
        );
    }
    s.push_str("</svg>");
    s
}

const SCRIPT: &str = r#"
const D = JSON.parse(document.getElementById('design-data').textContent);
function pick(k) {
  const r = D.rows[k];
  document.getElementById('chosen').textContent =
    (r.variant === 0 ? 'The scenario' : 'Variant ' + r.variant + ': ' + r.settings) + ' — option ' + r.option +
    ': reviews ' + r.reviewed.toFixed(2) + ' councils a trial, ' + r.wrongly_reviewed.toFixed(2) +
    ' wrongly; spares ' + r.wrongly_spared.toFixed(2) + ' wrongly' + (r.on_frontier ? ' (on the frontier)' : '');
  const byCode = {};
  D.councils.forEach((c, i) => { byCode[c.code] = i; });
  document.querySelectorAll('#map .hex').forEach(h => {
    const i = byCode[h.dataset.code];
    const p = i === undefined ? 0 : r.p[i];
    h.setAttribute('fill', p > 0 ? D.ramp[Math.round(p * 100)] : '#e8e8e8');
    const t = h.querySelector('title');
    if (i !== undefined) t.textContent = D.councils[i].name + ': P(review) ' + (100 * p).toFixed(1) + '%';
  });
  const order = D.councils.map((c, i) => i).sort((a, b) => r.p[b] - r.p[a]);
  const body = document.querySelector('#councils tbody');
  body.innerHTML = '';
  order.forEach(i => {
    const tr = document.createElement('tr');
    [D.councils[i].name, D.councils[i].code, r.p[i], r.p_wrong[i], r.p_spared[i]].forEach((v, j) => {
      const td = document.createElement('td');
      td.textContent = j < 2 ? v : (100 * v).toFixed(1) + '%';
      tr.appendChild(td);
    });
    body.appendChild(tr);
  });
  document.getElementById('detail').hidden = false;
  document.querySelectorAll('.pt').forEach(c => c.classList.toggle('chosen', +c.dataset.row === k));
}
document.querySelectorAll('.pt').forEach(c => {
  c.addEventListener('click', () => pick(+c.dataset.row));
  c.addEventListener('keydown', e => { if (e.key === 'Enter') pick(+c.dataset.row); });
});
document.body.setAttribute('data-ready', '1');
"#;

/// The whole page.
pub fn render(d: &Design, plan: &Plan) -> String {
    let json = data(d, plan).to_string().replace("</", "<\\/");
    let keys: Vec<&str> = d.vary.iter().map(|v| v.key.as_str()).collect();
    let mut s = page_head(&format!("Design: {}", esc(&plan.title)));
    let _ = write!(
        s,
        "<main>\n<h1>Which rule is fair? {}</h1>\n<p>{} variants of {} on one simulated set of \
         futures ({} trials, seed {}). Each point is one option of one variant: councils it \
         reviews that do not deserve it (their latent, noise-free performance meets the \
         expectation) against councils it spares that do. The black points are the frontier: no \
         other rule does better on both. Orange: the scenario's own options. Click a point for its \
         map and councils.</p>\n{}\n<p id=\"chosen\">No point chosen.</p>\n\
         <section id=\"detail\" hidden>\n{}\n<table id=\"councils\"><thead><tr><th>council</th>\
         <th>code</th><th>P(review)</th><th>P(wrongly reviewed)</th><th>P(wrongly spared)</th>\
         </tr></thead><tbody></tbody></table>\n</section>\n</main>\n\
         <style>.pt{{cursor:pointer}} .pt.chosen{{stroke:#0072b2;stroke-width:3}} \
         #frontier{{max-width:760px}} #map{{max-width:520px;display:block}}</style>\n\
         <script type=\"application/json\" id=\"design-data\">{json}</script>\n<script>{SCRIPT}</script>\n\
         </body>\n</html>\n",
        esc(&plan.title),
        d.variants.len() - 1,
        esc(&keys.join(" × ")),
        d.trials,
        d.seed,
        scatter(d),
        map(),
    );
    s
}
