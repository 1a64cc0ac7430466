//! docs/ERRORS.md is generated from the cases below: each copies the
//! tutorial (or uses a fixture), makes one mistake, runs `ibcf validate` or
//! `ibcf run`, checks the message says what it should, and the test checks
//! the doc holds exactly these messages. After changing a message, refresh
//! the doc with `IBCF_BLESS=1 cargo test --test robust_errors_doc`.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where the mistake is made.
enum Input {
    /// The tutorial with `(file, old, new)` replacements.
    Edit(&'static [(&'static str, &'static str, &'static str)]),
    /// A scenario under tests/fixtures/invalid.
    Fixture(&'static str),
    /// The tutorial with the councils file saved as Latin-1 (`£` as byte 0xA3).
    Latin1,
}

struct Case {
    section: &'static str,
    what: &'static str,
    input: Input,
    /// `validate` or `run`, then extra arguments (`--set …`).
    args: &'static [&'static str],
    expect: &'static str,
}

const T: &str = "scenario.toml";
const C: &str = "data/councils.csv";
const H: &str = "data/history.csv";
const G: &str = "data/targets.csv";
const FILES: &str = "Scenario files and layering";
const FIELDS: &str = "Keys and values";
const DATA: &str = "Data files (CSV)";
const MODEL: &str = "Trajectories and targets";
const RULES: &str = "Criteria and options";
const RUN: &str = "`ibcf run`";

fn e(edits: &'static [(&'static str, &'static str, &'static str)]) -> Input {
    Input::Edit(edits)
}

const NONE: &[(&str, &str, &str)] = &[];

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    let v = |section, what, input, args, expect| Case { section, what, input, args, expect };
    vec![
        v(FILES, "no scenario.toml in the folder", Input::Fixture("no-scenario"), &["validate"], "cannot read scenario file"),
        v(FILES, "TOML syntax", Input::Fixture("toml-syntax"), &["validate"], "TOML syntax error"),
        v(FILES, "extends cycle", Input::Fixture("extends-cycle/a.toml"), &["validate"], "`extends` cycle"),
        v(FILES, "--set without =", e(NONE), &["validate", "--set", "trajectory.volatility"], "has no `=`"),
        v(FILES, "--set on a bad key path", e(NONE), &["validate", "--set", "..=1"], "is not a key path"),
        v(FILES, "--set on a missing array element", e(NONE), &["validate", "--set", "option.nope.share=0.1"], "no element `nope`"),
        v(FILES, "--set inside a value", e(NONE), &["validate", "--set", "name.x=1"], "inside a value that is not a table"),
        v(FILES, "extends from --set", e(NONE), &["validate", "--set", "extends=\"x.toml\""], "cannot be set from the command line"),
        v(FIELDS, "unknown key", e(NONE), &["validate", "--set", "trajectory.volatilty=0.2"], "unknown key `volatilty`"),
        v(FIELDS, "wrong type", e(NONE), &["validate", "--set", "simulation.trials=\"many\""], "expected a whole number"),
        v(FIELDS, "missing schema", e(&[(T, "schema = 1\n", "")]), &["validate"], "missing `schema`"),
        v(FIELDS, "unsupported schema", e(NONE), &["validate", "--set", "schema=2"], "unsupported schema 2"),
        v(FIELDS, "bad name", e(NONE), &["validate", "--set", "name=\"My Run\""], "may use only a-z, 0-9 and -"),
        v(FIELDS, "missing [data]", e(&[(T, "\n[data]\n", "\n[datx]\n")]), &["validate"], "missing `[data]` table"),
        v(FIELDS, "missing required key", e(&[(T, "first_month = \"2017-08\"", "")]), &["validate"], "missing required key `first_month`"),
        v(FIELDS, "not a month", e(NONE), &["validate", "--set", "simulation.last_month=Sept 2017"], "simulation.last_month"),
        v(FIELDS, "months out of order", e(NONE), &["validate", "--set", "simulation.last_month=2017-06"], "is before first_month"),
        v(FIELDS, "out of range", e(NONE), &["validate", "--set", "trajectory.pull=1.5"], "must be between 0 and 1"),
        v(FIELDS, "below a bound", e(NONE), &["validate", "--set", "trajectory.dispersion=0"], "dispersion must be"),
        v(FIELDS, "unknown value", e(NONE), &["validate", "--set", "trajectory.model=\"garch\""], "unknown value `garch`"),
        v(FIELDS, "redefined built-in metric", e(NONE), &["validate", "--set", "metrics.asc={ weights = { nhs = 1 } }"], "is built in"),
        v(FIELDS, "metric overflowing", e(NONE), &["validate", "--set", "metrics.x={ weights = { nhs = 1e308, asc = 1e308 } }"], "overflows to infinity"),
        v(FIELDS, "metric with no weight", e(NONE), &["validate", "--set", "metrics.m={ weights = { nhs = 0 } }"], "at least one non-zero weight"),
        v(DATA, "data file missing", e(NONE), &["validate", "--set", "data.targets=\"nope.csv\""], "cannot read data file `nope.csv`"),
        v(DATA, "missing column", e(&[(C, "population_18plus", "population")]), &["validate"], "missing column `population_18plus`"),
        v(DATA, "short row", e(&[(H, "E99000001,2016-01,740,1050,124", "E99000001,2016-01,740")]), &["validate"], "has 3 cell(s) but the header names 5"),
        v(DATA, "long row (unquoted thousands)", e(&[(H, "E99000001,2016-01,740,1050,124", "E99000001,2016-01,740,1,050,124")]), &["validate"], "has 6 cells"),
        v(DATA, "not a number", e(&[(H, ",740,1050,", ",abc,1050,")]), &["validate"], "`abc` is not a number"),
        v(DATA, "spreadsheet error value", e(&[(H, ",740,1050,", ",740,#N/A,")]), &["validate"], "spreadsheet error value"),
        v(DATA, "bad comma", e(&[(G, "4.5", "\"4,5\"")]), &["validate"], "not a thousands separator"),
        v(DATA, "currency sign", e(&[(C, ",8500000,", ",£8500000,")]), &["validate"], "currency sign"),
        v(DATA, "not finite", e(&[(G, "4.5", "inf")]), &["validate"], "not a finite number"),
        v(DATA, "not UTF-8", Input::Latin1, &["validate"], "is not UTF-8 text"),
        v(DATA, "empty council code", e(&[(C, "E99000005,Midtown", ",Midtown")]), &["validate"], "empty council code"),
        v(DATA, "duplicate council", e(&[(C, "E99000005,Midtown", "E99000004,Midtown")]), &["validate"], "duplicate council code"),
        v(DATA, "population not positive", e(&[(C, ",250000,", ",0,")]), &["validate"], "population_18plus must be above 0"),
        v(DATA, "negative allocation", e(&[(C, ",8500000,", ",-1,")]), &["validate"], "must be 0 or more"),
        v(DATA, "council code mistyped", e(&[(C, "E99000002,Eastmere", "E9900002,Eastmere")]), &["validate"], "did you mean `E99000002`?"),
        v(DATA, "councils file cut to one council", Input::Fixture("own-council-only"), &["validate"], "rank councils against each other"),
        v(DATA, "unknown council", e(&[(H, "E99000001,2016-01", "E99000009,2016-01")]), &["validate"], "is not in the councils file"),
        v(DATA, "month missing", e(&[(H, "E99000001,2016-01", "E99000001,")]), &["validate"], "the month is missing"),
        v(DATA, "bad month", e(&[(H, "E99000001,2016-01", "E99000001,2016-13")]), &["validate"], "row 2, column 2"),
        v(DATA, "negative days", e(&[(H, ",740,1050,", ",-740,1050,")]), &["validate"], "cannot be negative"),
        v(DATA, "rate too large", e(&[(C, ",250000,", ",1e-306,"), (H, ",740,1050,", ",1e308,1050,")]), &["validate"], "a rate too large to compute"),
        v(DATA, "duplicate history row", e(&[(H, "E99000001,2016-02", "E99000001,2016-01")]), &["validate"], "duplicate row for council"),
        v(DATA, "ancient history", e(&[(H, "E99000001,2016-01", "E99000001,1900-01")]), &["validate"], "more than 1200 months"),
        v(DATA, "unknown metric in targets", e(&[(G, "E99000002,asc", "E99000002,acs")]), &["validate"], "unknown metric `acs`"),
        v(DATA, "negative target", e(&[(G, "4.5", "-4.5")]), &["validate"], "target rate must be 0 or more"),
        v(DATA, "duplicate target", e(&[(G, "E99000003,asc", "E99000002,asc")]), &["validate"], "duplicate target"),
        v(DATA, "no councils", e(&[(C, "E99000001", "X")]), &["validate", "--set", "data.councils=\"empty.csv\""], "cannot read data file"),
        v(MODEL, "no history before first_month", e(NONE), &["validate", "--set", "simulation.first_month=2018-01", "--set", "simulation.last_month=2018-03"], "no history for 2017-12"),
        v(MODEL, "bootstrap with too little history", e(NONE), &["validate", "--set", "trajectory.model=\"bootstrap\"", "--set", "simulation.first_month=2016-04"], "bootstrap model needs at least 7"),
        v(MODEL, "correlation above 1", e(NONE), &["validate", "--set", "trajectory.correlation={ national = 0.9 }"], "correlation shares sum to"),
        v(MODEL, "seasonality month", e(NONE), &["validate", "--set", "trajectory.seasonality={ 13 = 0.1 }"], "not a calendar month number"),
        v(MODEL, "distribution without a family", e(NONE), &["validate", "--set", "trajectory.pull={ scope = \"council\" }"], "needs one family"),
        v(MODEL, "distribution with two families", e(NONE), &["validate", "--set", "trajectory.pull={ uniform = [0.0, 0.3], triangular = [0.0, 0.1, 0.3] }"], "exactly one family"),
        v(MODEL, "distribution with the wrong parameters", e(NONE), &["validate", "--set", "trajectory.drift={ normal = [-0.02] }"], "normal takes 2 finite numbers"),
        v(MODEL, "uniform bounds reversed", e(NONE), &["validate", "--set", "trajectory.pull={ uniform = [0.3, 0.1] }"], "lo (0.3) is above hi (0.1)"),
        v(MODEL, "negative sd", e(NONE), &["validate", "--set", "trajectory.drift={ normal = [-0.02, -0.01] }"], "the sd must be 0 or more"),
        v(MODEL, "triangular mode outside its range", e(NONE), &["validate", "--set", "targets.rule.0.reduction={ triangular = [0.5, 0.9, 0.8] }"], "need lo <= mode <= hi"),
        v(MODEL, "grid points out of order", e(NONE), &["validate", "--set", "trajectory.pull={ grid = [[0.2, 1.0], [0.1, 1.0]] }"], "strictly increasing order"),
        v(MODEL, "grid beyond the key's range", e(NONE), &["validate", "--set", "trajectory.pull={ grid = [[0.0, 1.0], [1.5, 1.0]] }"], "this grid distribution can draw 1.5"),
        v(MODEL, "prior without a grid", e(NONE), &["validate", "--set", "trajectory.pull={ uniform = [0.0, 0.3], prior = { uniform = [0.0, 0.3] } }"], "belongs to a `grid` distribution"),
        v(MODEL, "distribution reaching outside the key's range", e(NONE), &["validate", "--set", "trajectory.pull={ normal = [0.15, 0.05] }"], "for every draw"),
        v(MODEL, "unknown scope", e(NONE), &["validate", "--set", "trajectory.drift={ normal = [0.0, 0.01], scope = \"region\" }"], "unknown scope `region`"),
        v(MODEL, "distribution on offset", e(NONE), &["validate", "--set", "trajectory.offset={ uniform = [0.1, 0.5] }"], "`offset` cannot be a distribution"),
        v(MODEL, "correlation draws summing above 1", e(NONE), &["validate", "--set", "trajectory.correlation={ national = { uniform = [0.0, 0.6] }, regional = 0.3, council = 0.2 }"], "largest draws"),
        v(MODEL, "override of an unknown council", e(NONE), &["validate", "--set", "trajectory.override.0.councils=[\"E99999999\"]"], "is not in the councils file"),
        v(MODEL, "override of an unknown stream", e(NONE), &["validate", "--set", "trajectory.override.0.streams=[\"social\"]"], "unknown stream `social`"),
        v(MODEL, "rule on an unknown metric", e(NONE), &["validate", "--set", "targets.rule.0.metric=\"acs\""], "unknown metric `acs`"),
        v(MODEL, "two rules for one metric and month", e(NONE), &["validate", "--set", "targets.rule.1.metric=\"asc\"", "--set", "targets.rule.1.month=\"2017-09\""], "a second rule"),
        v(MODEL, "baseline not observed", e(NONE), &["validate", "--set", "targets.rule.0.baseline=\"2017-09\""], "is not an observed month"),
        v(RULES, "unknown criterion kind", e(NONE), &["validate", "--set", "criteria.gap_sept.kind=\"gap\""], "unknown criterion kind `gap`"),
        v(RULES, "reserved criterion name", e(NONE), &["validate", "--set", "criteria.and={ kind = \"above_rate\", metric = \"asc\", month = \"2017-09\", threshold = 1 }"], "cannot be used in rules"),
        v(RULES, "criterion reads past last_month", e(NONE), &["validate", "--set", "criteria.high_asc_rate.month=\"2018-01\""], "is after the last simulated month"),
        v(RULES, "criterion reads months with no history", e(NONE), &["validate", "--set", "criteria.worse_than_feb.reference=\"2015-02\""], "no history for"),
        v(RULES, "no target for a criterion", e(NONE), &["validate", "--set", "criteria.missed_november_total.metric=\"nhs\""], "no targets for metric `nhs`"),
        v(RULES, "zero target under gap_above", e(&[(G, "4.5", "0")]), &["validate"], "gap_above divides by the target"),
        v(RULES, "bad option id", e(NONE), &["validate", "--set", "option.conditions-33.id=\"a b\""], "may use only letters, digits"),
        v(RULES, "duplicate option id", e(NONE), &["validate", "--set", "option.redistribute-10.id=\"conditions-33\""], "duplicate option id"),
        v(RULES, "rule syntax", e(NONE), &["validate", "--set", "option.conditions-33.rule=\"missed_september and (\""], "in rule, column"),
        v(RULES, "unknown criterion in a rule", e(NONE), &["validate", "--set", "option.conditions-33.rule=\"missed_sept\""], "in rule, column"),
        v(RULES, "missing action", e(&[(T, "action = \"condition\"", "")]), &["validate"], "missing required key `action`"),
        v(RULES, "share and graduated", e(NONE), &["validate", "--set", "option.withhold-graduated.share=0.1"], "not both"),
        v(RULES, "neither share nor graduated", e(&[(T, "share = 0.33", "")]), &["validate"], "missing `share`"),
        v(RULES, "share outside [0, 1]", e(NONE), &["validate", "--set", "option.conditions-33.share=1.5"], "share"),
        v(RULES, "graduated on the wrong kind", e(NONE), &["validate", "--set", "option.withhold-graduated.graduated.criterion=\"trend_worse\""], "is not a gap_above or missed_target criterion"),
        v(RULES, "graduated points out of order", e(NONE), &["validate", "--set", "option.withhold-graduated.graduated.points=[[1.0, 0.1], [0.5, 0.2]]"], "gaps must increase"),
        v(RULES, "graduated points empty", e(NONE), &["validate", "--set", "option.withhold-graduated.graduated.points=[]"], "`points` is empty"),
        v(RULES, "graduated share outside [0, 1]", e(NONE), &["validate", "--set", "option.withhold-graduated.graduated.points=[[0.0, 2.0]]"], "is outside [0, 1]"),
        v(RULES, "graduated gap not finite", e(NONE), &["validate", "--set", "option.withhold-graduated.graduated.points=[[nan, 0.1]]"], "gap NaN is not a finite number"),
        v(RULES, "redistribute_to without redistribute", e(NONE), &["validate", "--set", "option.conditions-33.redistribute_to=\"met_target\""], "only applies to action"),
        v(RULES, "met_target with no missed_target", e(NONE), &["validate", "--set", "option.redistribute-10.rule=\"trend_worse\""], "needs a missed_target criterion"),
        v(RUN, "zero trials", e(NONE), &["run", "--trials", "0"], "--trials must be at least 1"),
        v(RUN, "zero threads", e(NONE), &["run", "--threads", "0"], "--threads must be at least 1"),
        v(RUN, "too many trials for memory", e(NONE), &["run", "--trials", "10000000000000", "--threads", "1"], "trials would need about"),
        v(RUN, "output folder exists", e(NONE), &["run", "--out", "<tmp>"], "already exists; pass --force"),
    ]
}

/// Runs one case: (exit code, normalised stderr).
fn run_case(c: &Case) -> (i32, String) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let scen = match &c.input {
        Input::Fixture(f) => root().join("tests/fixtures/invalid").join(f),
        Input::Latin1 | Input::Edit(_) => {
            let edits = match &c.input {
                Input::Edit(x) => *x,
                _ => NONE,
            };
            let d = tmp.path().join("tutorial");
            std::fs::create_dir_all(d.join("data")).expect("mkdir");
            for f in [T, C, H, G] {
                let mut text = std::fs::read_to_string(root().join("scenarios/tutorial").join(f))
                    .expect("read");
                for (file, old, new) in edits {
                    if *file == f {
                        assert!(text.contains(old), "{}: `{old}` not in {f}", c.what);
                        text = text.replacen(old, new, 1);
                    }
                }
                let mut bytes = text.into_bytes();
                if matches!(c.input, Input::Latin1) && f == C {
                    bytes.extend_from_slice(b"# \xA3\n");
                }
                std::fs::write(d.join(f), bytes).expect("write");
            }
            d
        }
    };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ibcf"));
    cmd.env("NO_COLOR", "1").arg(c.args[0]).arg(&scen);
    let out_dir = tmp.path().join("out");
    for a in &c.args[1..] {
        cmd.arg(if *a == "<tmp>" {
            out_dir.as_os_str()
        } else {
            std::ffi::OsStr::new(a)
        });
    }
    if c.args[0] == "run" {
        cmd.args(["--quiet", "--no-report"]);
        if c.args.contains(&"<tmp>") {
            std::fs::create_dir_all(&out_dir).expect("mkdir");
        } else {
            cmd.arg("--out").arg(&out_dir);
        }
    }
    let o = cmd.output().expect("runs");
    let err = String::from_utf8_lossy(&o.stderr)
        .replace(&tmp.path().display().to_string(), "<tmp>")
        .replace(&root().display().to_string(), ".");
    // What is available differs by machine: mask it.
    let err = match (err.find("), but "), err.find(" or fewer")) {
        (Some(a), Some(b)) if a < b => format!(
            "{}), but <available> is available (MemAvailable); use --trials <fits>{}",
            &err[..a],
            &err[b..]
        ),
        _ => err,
    };
    (o.status.code().unwrap_or(-1), err.trim_end().to_string())
}

fn render(all: &[(&Case, String)]) -> String {
    let mut s = String::from(
        "# Errors\n\n\
         Every message the scenario loader and `ibcf run` give for bad input, one example\n\
         each, as printed (colours off). All exit with status 2; runtime failures (I/O,\n\
         threads) exit 1 and name the file or the cause. **Generated** by\n\
         `tests/robust_errors_doc.rs` from the tutorial with one mistake each (or a fixture\n\
         under `tests/fixtures/invalid/`); refresh with\n\
         `IBCF_BLESS=1 cargo test --test robust_errors_doc`. Paths under the temporary\n\
         folder are shown as `<tmp>`.\n\n\
         Engine errors cannot come from a scenario that validates: the engine re-checks the\n\
         plan (`the plan is inconsistent: …`, exit 1, a bug to report), the model checks its\n\
         parameters (`ModelError`, exit 1), and `could not start worker threads: …` (exit 1)\n\
         reports an operating-system refusal.\n",
    );
    let mut section = "";
    for (c, err) in all {
        if c.section != section {
            section = c.section;
            s.push_str(&format!("\n## {section}\n"));
        }
        let how = match &c.input {
            Input::Fixture(f) => format!("fixture `tests/fixtures/invalid/{f}`"),
            Input::Latin1 => {
                "the tutorial with a Latin-1 `£` (byte 0xA3) in `data/councils.csv`".to_string()
            }
            Input::Edit([]) => "the tutorial".to_string(),
            Input::Edit(ed) => {
                let parts: Vec<String> = ed
                    .iter()
                    .map(|(f, o, n)| format!("in `{f}`, `{}` → `{}`", o.trim(), n.trim()))
                    .collect();
                format!("the tutorial with {}", parts.join("; "))
            }
        };
        let args: Vec<&str> = c.args[1..].to_vec();
        s.push_str(&format!(
            "\n### {}\n\n`ibcf {} …` on {how}{}:\n\n```text\n{err}\n```\n",
            c.what,
            c.args[0],
            if args.is_empty() {
                String::new()
            } else {
                format!(", `{}`", args.join(" "))
            }
        ));
    }
    s
}

#[test]
fn errors_doc_is_up_to_date() {
    let cases = cases();
    let mut all = Vec::new();
    let mut wrong = Vec::new();
    for c in &cases {
        let (code, err) = run_case(c);
        if code != 2 || !err.contains(c.expect) || err.contains("panicked") {
            wrong.push(format!(
                "{} (exit {code}): wanted `{}` in\n{err}",
                c.what, c.expect
            ));
        }
        all.push((c, err));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    let doc = render(&all);
    let path = root().join("docs/ERRORS.md");
    if std::env::var_os("IBCF_BLESS").is_some() {
        std::fs::write(&path, &doc).expect("write docs/ERRORS.md");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == doc,
        "docs/ERRORS.md is out of date: run IBCF_BLESS=1 cargo test --test robust_errors_doc"
    );
}
