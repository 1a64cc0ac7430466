//! `ibcf new NAME`: scaffolds a small, commented, valid scenario folder for
//! a user to edit (library: `scenario::scaffold`); with `--from SCENARIO`, a
//! copy of that scenario made the user's own (`scenario::copy`). Never
//! overwrites.

use super::fail::new_failure;
use crate::cli::NewArgs;
use crate::error::CmdResult;
use crate::scenario::{copy, scaffold};

/// Runs `ibcf new`.
///
/// # Errors
/// Exit 2 for a bad name, an existing folder or a scenario to copy that
/// does not load; exit 1 when writing fails.
pub fn run(args: &NewArgs) -> CmdResult {
    let dir = args.dir.join(&args.name);
    if let Some(from) = &args.from {
        if !crate::scenario::settings::valid_name(&args.name) {
            return Err(new_failure(copy::NewError::BadName(args.name.clone())));
        }
        let c = copy::copy(from, &args.name, &dir).map_err(new_failure)?;
        return super::say(&c.message(&args.name));
    }
    scaffold::write(&dir, &args.name).map_err(new_failure)?;
    super::say(&format!(
        "created {}: scenario.toml and data/ (councils, history, targets)\nnext: ibcf validate {0} && ibcf explain {0}\n",
        dir.display()
    ))
}
