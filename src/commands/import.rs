//! `ibcf import nhse-dtoc`: workbooks → history CSV, merged by month.

use crate::cli::ImportDtocArgs;
use crate::error::{CmdResult, Failure};
use crate::import::{MonthTable, merge_months, read_history_csv, read_workbook, write_history_csv};

/// Runs `ibcf import nhse-dtoc`: reads every workbook first (nothing is
/// written if any is refused), then merges into `--out` and reports on stderr.
///
/// # Errors
/// Input problems (exit 2) or runtime failures (exit 1).
pub fn run(args: &ImportDtocArgs) -> CmdResult {
    let say = |line: String| {
        if !args.quiet {
            eprintln!("{line}");
        }
    };
    let mut tables: Vec<MonthTable> = Vec::with_capacity(args.files.len());
    for f in &args.files {
        let t = read_workbook(f).map_err(|e| Failure::input(format!("error: {e}")))?;
        say(format!(
            "read {}: {}, {} councils",
            f.display(),
            t.month.label(),
            t.days.len()
        ));
        tables.push(t);
    }
    let existing = if args.out.exists() {
        read_history_csv(&args.out).map_err(|e| Failure::input(format!("error: {e}")))?
    } else {
        Vec::new()
    };
    let out = merge_months(existing, &tables).map_err(|e| Failure::input(format!("error: {e}")))?;
    for m in &out.replaced {
        say(format!(
            "note: {} was already in {}; replaced by the imported workbook's figures",
            m.label(),
            args.out.display()
        ));
    }
    write_history_csv(&args.out, &out.rows).map_err(|e| {
        Failure::runtime(format!("error: cannot write {}: {e}", args.out.display()))
    })?;
    say(format!(
        "wrote {}: {} rows ({} month(s) added, {} replaced)",
        args.out.display(),
        out.rows.len(),
        out.added.len(),
        out.replaced.len()
    ));
    Ok(())
}
