//! Stress results on council pages. `ibcf stress` searches, per council,
//! for the improvement that makes it safe; that search is too costly to run
//! for all 151 councils in every run, so a run folder holds the results of
//! the councils someone stressed: `stress/<code>.csv`, a copy of the stress
//! folder's `stress.csv`, attached by `ibcf report RUN --stress DIR`. The
//! council page then shows each option's sentence (`improvement_words`).

use super::error::ReportError;
use std::collections::BTreeMap;
use std::path::Path;

/// Per council code, one sentence per option: "Under OPTION: WORDS".
pub type StressNotes = BTreeMap<String, Vec<String>>;

/// The rows of one `stress.csv`: (code, option, improvement words).
fn read_rows(path: &Path) -> Result<Vec<(String, String, String)>, ReportError> {
    let bad = |why: String| ReportError::malformed(path, why);
    let mut r = csv::Reader::from_path(path).map_err(|e| bad(e.to_string()))?;
    let head = r.headers().map_err(|e| bad(e.to_string()))?.clone();
    let col = |name: &str| {
        head.iter().position(|h| h == name).ok_or_else(|| {
            bad(format!(
                "no `{name}` column; is this a stress.csv written by this version of `ibcf stress`?"
            ))
        })
    };
    let (c_code, c_opt, c_words) = (col("code")?, col("option")?, col("improvement_words")?);
    let mut out = Vec::new();
    for (n, row) in r.records().enumerate() {
        let row = row.map_err(|e| bad(format!("row {}: {e}", n + 2)))?;
        let cell = |k: usize| row.get(k).unwrap_or("").to_string();
        out.push((cell(c_code), cell(c_opt), cell(c_words)));
    }
    match out.first() {
        Some(_) => Ok(out),
        None => Err(bad("no rows".into())),
    }
}

/// The notes of every `stress/*.csv` in the run folder `dir` (none: empty).
///
/// # Errors
/// A stress file that cannot be read or parsed (an input error).
pub fn load(dir: &Path) -> Result<StressNotes, ReportError> {
    let mut notes = StressNotes::new();
    let Ok(entries) = std::fs::read_dir(dir.join("stress")) else {
        return Ok(notes);
    };
    let mut files: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    for f in files {
        for (code, option, words) in read_rows(&f)? {
            notes
                .entry(code)
                .or_default()
                .push(format!("Under {option}: {words}"));
        }
    }
    Ok(notes)
}

/// Copies the `stress.csv` of the stress folder `stress_dir` into
/// `run_dir/stress/<code>.csv`, after checking that it is for one of the
/// run's councils and has the run's options (`codes`, `options`).
///
/// # Errors
/// A file that is not a stress result of this run (an input error), or
/// [`ReportError::Io`] when it cannot be copied.
pub fn attach(
    run_dir: &Path,
    stress_dir: &Path,
    codes: &[&str],
    options: &[&str],
) -> Result<String, ReportError> {
    let src = stress_dir.join("stress.csv");
    if !src.is_file() {
        return Err(ReportError::NotStressFolder(stress_dir.to_path_buf()));
    }
    let rows = read_rows(&src)?;
    let code = rows[0].0.clone();
    let mismatch = |why: String| ReportError::malformed(&src, why);
    if !codes.contains(&code.as_str()) {
        return Err(mismatch(format!("council {code} is not in this run")));
    }
    let theirs: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    if theirs != options || rows.iter().any(|r| r.0 != code) {
        return Err(mismatch(format!(
            "its options ({}) are not this run's ({}); stress the same scenario",
            theirs.join(", "),
            options.join(", ")
        )));
    }
    let folder = run_dir.join("stress");
    let io = |e: std::io::Error| ReportError::io(folder.display().to_string(), e);
    std::fs::create_dir_all(&folder).map_err(io)?;
    // Written beside, then renamed: never a half-written file.
    let bytes = std::fs::read(&src).map_err(io)?;
    let dst = folder.join(format!("{code}.csv"));
    crate::report::output_dir::write_file(&dst, &bytes, true).map_err(|e| io(e.into_io()))?;
    Ok(code)
}
