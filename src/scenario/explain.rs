//! The scenario in plain English, for `ibcf explain` and the HTML report.

use super::plan::Plan;

/// Describes a compiled plan in words a policy officer can check.
pub fn describe(plan: &Plan) -> String {
    format!(
        "Scenario {} ({}): {} councils.\n",
        plan.name,
        plan.title,
        plan.councils.len()
    )
}
