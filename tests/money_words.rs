//! The money figure is named by each option's penalty action everywhere it
//! is shown, with a one-line explanation where it first appears: money
//! under `condition` stays with the council and must not read as lost.

#![allow(clippy::unwrap_used)] // tests may panic on setup failures

use ibcf::engine::{RunConfig, run};
use ibcf::report::render::render;
use ibcf::scenario::testkit;
use std::fs;
use std::path::Path;

#[test]
fn terminal_summary_names_money_by_action_and_explains_it() {
    let plan = testkit::rich_plan(200);
    let res = run(&plan, &RunConfig::default()).unwrap();
    let text = ibcf::report::terminal::render(&plan, &res);
    // The table follows the headline sentences.
    let lines: Vec<&str> = text.lines().collect();
    let head = lines.iter().position(|l| l.starts_with("option ")).unwrap();
    let table = &lines[head..head + 4];
    assert!(
        table[0].contains("money is") && table[0].contains("P95"),
        "{text}"
    );
    // rich_plan: condition, redistribute, withhold, in that order.
    assert!(table[1].contains("under conditions"), "{text}");
    assert!(table[2].contains("moved between councils"), "{text}");
    assert!(table[3].contains("withheld"), "{text}");
    for line in [
        "Under conditions: the council keeps the money",
        "Withheld: the money is taken from the council",
        "Moved between councils: the money is taken",
    ] {
        assert_eq!(text.matches(line).count(), 1, "{line} once:\n{text}");
    }
    assert!(!text.contains("at risk"), "{text}");
}

#[test]
fn report_page_and_charts_name_money_by_action() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/run-output");
    for e in fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
        }
    }
    render(dir.path()).unwrap();
    let html = fs::read_to_string(dir.path().join("report.html")).unwrap();
    // The fixture's options: condition, withhold, redistribute.
    for card in [
        "Expected funding under conditions",
        "Expected funding withheld",
        "Expected funding moved between councils",
    ] {
        assert!(html.contains(card), "no card `{card}`");
    }
    assert!(html.contains("What the money means"));
    assert!(html.contains("keeps the money but must spend it as the government directs"));
    assert!(!html.to_lowercase().contains("funding at risk"));
    let svg = fs::read_to_string(dir.path().join("plots/funding_at_risk.svg")).unwrap();
    assert!(
        svg.contains("funding under conditions, withheld or moved between councils"),
        "funding chart title"
    );
    let cmp = fs::read_to_string(dir.path().join("plots/options_compared.svg")).unwrap();
    assert!(!cmp.to_lowercase().contains("at risk"));
}
