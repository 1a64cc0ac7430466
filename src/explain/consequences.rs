//! `[consequences]` in words, for `ibcf explain`, `explain.txt` and the
//! report: the model in one paragraph, then every assumption with its value
//! and source (docs/CONSEQUENCES.md says the same at length).

use crate::scenario::plan::Consequences;
use std::fmt::Write;

/// The consequences section of `explain`.
pub fn describe(c: &Consequences) -> String {
    let mut s =
        String::from("\nThe cost of hitting the target ([consequences], docs/CONSEQUENCES.md)\n");
    s.push_str(
        "  Each trial also steps every council's path without the pull towards its target, on the\n  \
         same random numbers; the difference in expected delayed days is what the response to the\n  \
         target avoided. All days avoided are bed-days freed (valued at the bed-day cost). Of the\n  \
         social-care (asc + both) days avoided, a share was ended by discharge to a care home:\n  \
         days / mean delay = people; a share of them are avoidable permanent admissions, each\n  \
         costing a weekly fee over an expected stay (residential and nursing mixed per council).\n  \
         The stake is what an option would put at risk were the council reviewed; taking the\n  \
         penalty was cheaper in a trial when the cost of compliance exceeded it.\n",
    );
    s.push_str("  Assumptions (value; source):\n");
    for a in &c.assumptions {
        let source = if a.source.is_empty() {
            "set in the scenario"
        } else {
            &a.source
        };
        if a.key == "note" {
            let _ = writeln!(s, "    - note: {source}");
        } else {
            let _ = writeln!(s, "    - {} = {}; {source}", a.key, a.value);
        }
    }
    let _ = writeln!(
        s,
        "  Per avoidable admission: {} residential, {} nursing over the expected stay{}.",
        crate::format::pounds(c.residential.lifetime_cost()),
        crate::format::pounds(c.nursing.lifetime_cost()),
        if c.drawn.is_empty() {
            ""
        } else {
            " (at the distributions' means; each trial uses its own draws)"
        }
    );
    s
}
