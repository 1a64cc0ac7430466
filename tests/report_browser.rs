//! report.html used as a reader uses it, in a real browser (Debian's
//! chromium, headless, driven over the DevTools protocol; offline): the
//! table fills, sorts and filters; the map draws a hex per council and a
//! hover shows its figures, a click opens its page; the options table is not
//! clipped at desktop or phone width; screenshots are not blank; and the page
//! logs no error. Skips (loudly) only outside CI when chromium is missing.

#![allow(clippy::unwrap_used)] // tests may panic on setup failures

mod cdp;
#[path = "support/skip.rs"]
mod skip;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use cdp::{Browser, chromium};
use ibcf::report::render::render;
use serde_json::json;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/run-output")
}

/// Distinct council codes in the fixture's councils.csv (read independently of the loader).
fn council_codes() -> BTreeSet<String> {
    let mut reader = csv::Reader::from_path(fixture().join("councils.csv")).unwrap();
    reader
        .records()
        .map(|r| r.unwrap().get(1).unwrap().to_string())
        .collect()
}

fn rendered_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(fixture()).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    render(dir.path()).unwrap();
    dir
}

/// A real run of the national scenario (few trials): five options with long
/// names, eight criteria and consequences, which the small fixture lacks.
fn national_run() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_ibcf"))
        .args([
            "run",
            "scenarios/november-2017",
            "--trials",
            "200",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(status.success(), "ibcf run failed");
    for entry in fs::read_dir(&out).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::rename(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    dir
}

fn open_report(size: (u32, u32), mobile: bool) -> Option<(Browser, tempfile::TempDir)> {
    open_folder(size, mobile, rendered_fixture)
}

fn open_folder(
    size: (u32, u32),
    mobile: bool,
    folder: fn() -> tempfile::TempDir,
) -> Option<(Browser, tempfile::TempDir)> {
    let Some(chrome) = chromium() else {
        skip::skip("`chromium` is not installed (CI installs it and fails without it)");
        return None;
    };
    let dir = folder();
    let mut b = Browser::launch(&chrome);
    b.viewport(size.0, size.1, mobile);
    b.open(&format!(
        "file://{}",
        dir.path().join("report.html").display()
    ));
    Some((b, dir))
}

/// Names in the council table, top to bottom.
fn table_names(b: &mut Browser) -> Vec<String> {
    let v = b.eval(
        "Array.from(document.querySelectorAll('#councils-body tr.c-row td:first-child'))\
         .map(td => td.textContent)",
    );
    serde_json::from_value(v).unwrap()
}

/// A PNG that is not blank: many colours and plenty of non-white pixels.
fn assert_not_blank(png_bytes: &[u8], what: &str) {
    let decoder = png::Decoder::new(png_bytes);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let px = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(px).collect();
    let colours: BTreeSet<&[u8]> = pixels.iter().map(|p| &p[..3]).collect();
    let ink = pixels.iter().filter(|p| p[..3] != [255, 255, 255]).count();
    assert!(colours.len() > 40, "{what}: only {} colours", colours.len());
    assert!(
        ink * 20 > pixels.len(),
        "{what}: {ink} of {} pixels not white",
        pixels.len()
    );
}

#[test]
fn council_table_fills_sorts_filters_and_exports_what_is_shown() {
    let Some((mut b, _dir)) = open_report((1280, 900), false) else {
        return;
    };
    let n = council_codes().len();
    assert_eq!(table_names(&mut b).len(), n, "council table rows");
    let count = b.eval("document.getElementById('count').textContent");
    assert_eq!(count, json!(format!("Showing {n} of {n} councils")));
    // Sorting by name (a real click on the heading) puts the rows in order.
    let before = table_names(&mut b);
    b.eval("document.querySelector('#councils-head th[data-key=name]').click()");
    let sorted = table_names(&mut b);
    let mut want = sorted.clone();
    want.sort();
    assert_eq!(sorted, want, "ascending by name after one click");
    assert_ne!(before, sorted, "sorting changed nothing");
    b.eval("document.querySelector('#councils-head th[data-key=name]').click()");
    let mut desc = table_names(&mut b);
    desc.reverse();
    assert_eq!(desc, want, "descending after a second click");
    // Filtering by typing keeps exactly the matching councils.
    b.eval("document.getElementById('q').focus()");
    b.type_text("ham");
    let shown = table_names(&mut b);
    let expect = sorted
        .iter()
        .filter(|s| s.to_lowercase().contains("ham"))
        .count();
    assert!(
        expect > 0 && expect < n,
        "fixture has {expect} 'ham' councils"
    );
    assert_eq!(shown.len(), expect, "filtered rows: {shown:?}");
    // The CSV export holds exactly the rows shown, in order.
    let csv_text = b.eval("window.ibcf.shownCsv()");
    let csv_text = csv_text.as_str().unwrap();
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let names: Vec<String> = r
        .records()
        .map(|x| x.unwrap().get(2).unwrap().to_string())
        .collect();
    assert_eq!(names, shown);
    assert!(b.errors().is_empty(), "console errors: {:?}", b.errors());
}

#[test]
fn map_draws_every_council_and_a_click_opens_its_page() {
    let Some((mut b, _dir)) = open_report((1280, 900), false) else {
        return;
    };
    let shapes = b.eval("document.querySelectorAll('#map-review path.hex[data-code]').length");
    assert!(shapes.as_u64().unwrap() >= 150, "{shapes} hexes");
    let codes = b.eval(
        "new Set(Array.from(document.querySelectorAll('#map-money path.hex')).map(p => p.dataset.code)).size",
    );
    assert!(codes.as_u64().unwrap() >= 150, "{codes} council codes");
    // The fixture's councils are coloured; the rest of England is grey.
    let code = "E10000014"; // Hampshire, the fixture's most likely
    let sel = format!("#map-review path[data-code={code}]");
    assert_ne!(
        b.eval(&format!(
            "document.querySelector('{sel}').getAttribute('fill')"
        )),
        json!("#e8e8e8")
    );
    // Switching the option recolours the money map.
    let money = |b: &mut Browser| {
        b.eval("Array.from(document.querySelectorAll('#map-money path.hex')).map(p => p.getAttribute('fill')).join()")
    };
    let first = money(&mut b);
    b.eval(
        "const s = document.getElementById('map-opt'); s.selectedIndex = s.options.length - 1; \
         s.dispatchEvent(new Event('change'))",
    );
    assert_ne!(first, money(&mut b), "switching option changed no colour");
    // Hover: the tooltip names the council with its figures.
    let bx = b.eval(&format!(
        "(() => {{ const p = document.querySelector('{sel}'); p.scrollIntoView({{block: 'center'}}); \
         const r = p.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
    ));
    let (x, y) = (bx[0].as_f64().unwrap(), bx[1].as_f64().unwrap());
    b.mouse("mouseMoved", x, y);
    b.wait_for("!document.getElementById('map-tip').hidden");
    let tip = b.eval("document.getElementById('map-tip').textContent");
    assert!(
        tip.as_str().unwrap().starts_with("HampshireP(review)"),
        "{tip}"
    );
    // Click: the council's page opens in place of the report.
    b.mouse("mousePressed", x, y);
    b.mouse("mouseReleased", x, y);
    b.wait_for(&format!("location.hash === '#council/{code}'"));
    b.wait_for("!document.getElementById('council-page').hidden");
    let text = b.eval("document.getElementById('council-page').textContent");
    let text = text.as_str().unwrap();
    for want in [
        "Hampshire",
        "Probability of review and money",
        "reviewed mostly because",
        "Caught by noise",
        "What would make it safe",
        "ibcf stress",
    ] {
        assert!(text.contains(want), "council page lacks {want:?}");
    }
    let fans = b.eval("document.querySelectorAll('#council-page svg.fan path').length");
    assert!(fans.as_u64().unwrap() >= 4, "fan chart not drawn: {fans}");
    let others = b.eval("getComputedStyle(document.getElementById('councils')).display");
    assert_eq!(
        others,
        json!("none"),
        "the report stays visible under the page"
    );
    // Back to the report.
    b.eval("location.hash = '#councils'");
    b.wait_for("document.getElementById('council-page').hidden");
    assert!(b.errors().is_empty(), "console errors: {:?}", b.errors());
}

/// Whether the options table's container must scroll sideways.
fn options_clipped(b: &mut Browser) -> bool {
    let v = b.eval(
        "(() => { const s = document.querySelector('#options .scroll'); \
         return s.scrollWidth > s.clientWidth + 1 || document.documentElement.scrollWidth > innerWidth + 1; })()",
    );
    v == json!(true)
}

#[test]
fn desktop_and_phone_screenshots_are_not_blank_and_nothing_is_clipped() {
    for (w, h, mobile, what) in [(1280, 900, false, "desktop"), (390, 844, true, "phone")] {
        let Some((mut b, _dir)) = open_report((w, h), mobile) else {
            return;
        };
        assert!(!options_clipped(&mut b), "{what}: options table clipped");
        let shot = b.screenshot();
        assert_not_blank(&shot, &format!("{what} top"));
        b.eval("document.getElementById('maps').scrollIntoView()");
        assert_not_blank(&b.screenshot(), &format!("{what} maps"));
        assert!(
            b.errors().is_empty(),
            "{what}: console errors: {:?}",
            b.errors()
        );
    }
}

/// Not a check but the README's screenshot, made by scripts/readme-screenshot.sh:
/// the maps section of the run folder `IBCF_SHOT_RUN`, written to `IBCF_SHOT_OUT`.
#[test]
#[ignore = "run by scripts/readme-screenshot.sh"]
fn readme_screenshot() {
    let run = PathBuf::from(std::env::var("IBCF_SHOT_RUN").expect("IBCF_SHOT_RUN"));
    let out = PathBuf::from(std::env::var("IBCF_SHOT_OUT").expect("IBCF_SHOT_OUT"));
    let chrome = chromium().expect("chromium is needed for the screenshot");
    let mut b = Browser::launch(&chrome);
    b.viewport(1180, 900, false);
    b.open(&format!("file://{}", run.join("report.html").display()));
    let png = b.screenshot_of("#maps");
    assert_not_blank(&png, "maps");
    assert!(b.errors().is_empty(), "console errors: {:?}", b.errors());
    fs::write(&out, png).unwrap();
}

/// Not a check but the before/after pictures in docs/img (scripts/issue-24-screenshots.sh):
/// the element `IBCF_SHOT_SELECTOR` of the page `IBCF_SHOT_PAGE` (a file path, with an
/// optional `#fragment`) at `IBCF_SHOT_WIDTH` CSS pixels, written to `IBCF_SHOT_OUT`.
#[test]
#[ignore = "run by scripts/issue-24-screenshots.sh"]
fn element_screenshot() {
    let var = |k: &str| std::env::var(k).unwrap_or_else(|_| panic!("{k} is not set"));
    let chrome = chromium().expect("chromium is needed for the screenshot");
    let mut b = Browser::launch(&chrome);
    b.viewport(var("IBCF_SHOT_WIDTH").parse().unwrap(), 900, false);
    b.call(
        "Page.navigate",
        json!({"url": format!("file://{}", var("IBCF_SHOT_PAGE"))}),
    );
    b.wait_for("document.readyState === 'complete' && (!document.body.hasAttribute('data-ready') || document.body.getAttribute('data-ready') === '1')");
    // IBCF_SHOT_SCALE (default 1) shrinks a tall element's picture.
    let scale: f64 = std::env::var("IBCF_SHOT_SCALE").map_or(1.0, |s| s.parse().unwrap());
    let r = b.eval(&format!(
        "(() => {{ const r = document.querySelector('{}').getBoundingClientRect(); \
         return [r.x + scrollX, r.y + scrollY, r.width, r.height]; }})()",
        var("IBCF_SHOT_SELECTOR")
    ));
    let f = |i: usize| r[i].as_f64().unwrap();
    let shot = b.call(
        "Page.captureScreenshot",
        json!({"format": "png", "captureBeyondViewport": true,
               "clip": {"x": f(0), "y": f(1), "width": f(2), "height": f(3), "scale": scale}}),
    );
    let png = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        shot["data"].as_str().unwrap(),
    )
    .unwrap();
    assert!(png.len() > 1000, "empty screenshot");
    fs::write(var("IBCF_SHOT_OUT"), png).unwrap();
}

/// The text of every visible numeric table cell (`td.num`) whose text runs
/// over more than one line (a money figure broken inside its digits reads
/// as a different number).
fn wrapped_numbers(b: &mut Browser) -> Vec<String> {
    wrapped_numbers_in(b, "table td.num")
}

/// As [`wrapped_numbers`], for the cells `selector` picks.
fn wrapped_numbers_in(b: &mut Browser, selector: &str) -> Vec<String> {
    let v = b.eval(&format!(
        "(() => {{ const bad = []; document.querySelectorAll('{selector}').forEach(td => {{ \
           if (!td.offsetParent || !td.textContent.trim()) return; \
           const lines = new Set(), walk = document.createTreeWalker(td, NodeFilter.SHOW_TEXT); \
           for (let t = walk.nextNode(); t; t = walk.nextNode()) {{ \
             const r = document.createRange(); r.selectNodeContents(t); \
             Array.from(r.getClientRects()).filter(x => x.width > 0) \
               .forEach(x => lines.add(Math.round(x.top))); }} \
           if (lines.size > 1) bad.push(td.textContent); }}); return bad; }})()",
    ));
    serde_json::from_value(v).unwrap()
}

#[test]
fn every_number_in_every_table_is_on_one_line_at_desktop_widths() {
    let runs: [fn() -> tempfile::TempDir; 2] = [rendered_fixture, national_run];
    for (w, folder) in [1024, 1440, 1920]
        .into_iter()
        .flat_map(|w| runs.map(|f| (w, f)))
    {
        let Some((mut b, _dir)) = open_folder((w, 900), false, folder) else {
            return;
        };
        let n = b.eval("document.querySelectorAll('table td.num').length");
        assert!(n.as_u64().unwrap() > 100, "{w} px: only {n} numeric cells");
        let bad = wrapped_numbers(&mut b);
        assert!(bad.is_empty(), "{w} px: numbers over two lines: {bad:?}");
        assert!(!options_clipped(&mut b), "{w} px: options table clipped");
        // A council's page has its own tables.
        b.eval("location.hash = '#council/E10000014'");
        b.wait_for("!document.getElementById('council-page').hidden");
        let bad = wrapped_numbers(&mut b);
        assert!(
            bad.is_empty(),
            "{w} px council page: numbers over two lines: {bad:?}"
        );
        assert!(
            b.errors().is_empty(),
            "{w} px: console errors: {:?}",
            b.errors()
        );
    }
}

#[test]
fn council_page_fits_its_box_and_explains_with_the_rule_criteria_only() {
    // The national run: its criterion table (five options) overflowed at 1440 px.
    let Some((mut b, _dir)) = open_folder((1440, 900), false, national_run) else {
        return;
    };
    b.eval("location.hash = '#council/E10000014'");
    b.wait_for("!document.getElementById('council-page').hidden");
    // No element pokes out of the page's box (a table that needs to scroll
    // sideways counts: its cells pass the box's right edge).
    let over = b.eval(
        "(() => { const page = document.getElementById('council-page'); \
           const right = page.getBoundingClientRect().right; \
           return Array.from(page.querySelectorAll('*')) \
             .filter(e => e.getBoundingClientRect().right > right + 1) \
             .map(e => e.tagName + ':' + e.textContent.slice(0, 40)); })()",
    );
    assert_eq!(over, json!([]), "elements wider than the council page");
    // The fan charts' labels stay inside their drawing (the last month was cut to `2017-1`).
    let clipped = b.eval(
        "(() => { const out = []; document.querySelectorAll('#council-page svg.fan').forEach(svg => { \
           const w = svg.viewBox.baseVal.width, h = svg.viewBox.baseVal.height; \
           svg.querySelectorAll('text').forEach(t => { const bb = t.getBBox(); \
             if (bb.x < 0 || bb.y < 0 || bb.x + bb.width > w || bb.y + bb.height > h) out.push(t.textContent); }); }); \
           return out; })()",
    );
    assert_eq!(clipped, json!([]), "fan chart text outside its drawing");
    let months = b.eval(
        "Array.from(document.querySelectorAll('#council-page svg.fan text')).map(t => t.textContent)",
    );
    assert!(
        months.as_array().unwrap().contains(&json!("2017-11")),
        "the last month is not labelled: {months}"
    );
    // "Why" names only the criteria of each option's rule: the October
    // letter's rule uses the oct_* criteria and bottom_quartile, never the
    // December ones; December's never the oct_* ones.
    let why = b.eval(
        "Array.from(document.querySelectorAll('#council-page li')).map(li => li.textContent)",
    );
    let why: Vec<String> = serde_json::from_value(why).unwrap();
    let line = |start: &str| {
        why.iter()
            .find(|t| t.starts_with(start))
            .unwrap_or_else(|| panic!("no Why line for {start}: {why:?}"))
            .clone()
    };
    let october = line("(a) October letter:");
    assert!(october.contains("oct bottom quartile"), "{october}");
    for other in [
        "worse than feb",
        "missed september",
        "worse than year before",
    ] {
        assert!(
            !october.contains(other),
            "{other:?} is not in the October rule: {october}"
        );
    }
    let december = line("(b) December letter:");
    assert!(december.contains("missed september"), "{december}");
    assert!(
        !december.contains("oct "),
        "oct_* is not in the December rule: {december}"
    );
    // penalty_cheaper is a consequence, not a criterion.
    let text = b.eval("document.getElementById('council-page').textContent");
    let text = text.as_str().unwrap();
    assert!(
        !text.contains("penalty cheaper"),
        "penalty_cheaper shown as a criterion"
    );
    assert!(
        text.contains("Taking the penalty is cheaper than compliance under (a) October letter")
    );
    assert!(b.errors().is_empty(), "console errors: {:?}", b.errors());
}

#[test]
fn stress_page_gives_the_option_column_room() {
    let Some(chrome) = chromium() else {
        skip::skip("`chromium` is not installed (CI installs it and fails without it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("st");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_ibcf"))
        .args([
            "stress",
            "scenarios/november-2017",
            "--council",
            "E06000021",
        ])
        .args(["--trials", "100", "--quiet", "--out"])
        .arg(&out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut b = Browser::launch(&chrome);
    b.viewport(1440, 900, false);
    let url = format!("file://{}", out.join("stress.html").display());
    b.call("Page.navigate", json!({ "url": url }));
    b.wait_for(
        "document.readyState === 'complete' && document.querySelector('table.stress-options')",
    );
    // The option column was squeezed to 8 characters ("october-" / "whole-").
    let widths = b.eval(
        "Array.from(document.querySelectorAll('table.stress-options tbody td:first-child')) \
         .map(td => td.getBoundingClientRect().width / parseFloat(getComputedStyle(td).fontSize))",
    );
    let widths: Vec<f64> = serde_json::from_value(widths).unwrap();
    assert!(!widths.is_empty());
    for w in &widths {
        assert!(*w >= 14.0, "option column {w:.1} em wide");
    }
    let bad = wrapped_numbers_in(
        &mut b,
        "table.stress-options td:nth-child(n+3):nth-last-child(n+2)",
    );
    assert!(bad.is_empty(), "stress figures over two lines: {bad:?}");
    assert!(b.errors().is_empty(), "console errors: {:?}", b.errors());
}
