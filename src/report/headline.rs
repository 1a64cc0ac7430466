//! The quotable headline: one sentence per option, generated from the
//! national figures with their ranges, e.g. "Under (b) December letter,
//! about 45 councils (90% range 35–55) would be formally reviewed, with
//! £72m (P95 £91m) of iBCF under conditions." Shared by the report page,
//! the terminal summary and the workbook, so all three say the same thing.
//!
//! The money is named by the option's action through
//! [`crate::rules::money_words`], as everywhere else.

use crate::format::money_m;

/// The figures one sentence needs.
#[derive(Debug, Clone)]
pub struct Figures<'a> {
    /// Option id (used when the label is empty).
    pub id: &'a str,
    /// Option label, as in the scenario.
    pub label: &'a str,
    /// `condition`, `withhold` or `redistribute` (summary.json `action`).
    pub action: &'a str,
    /// Councils reviewed: mean, 5th and 95th percentiles over trials.
    pub reviewed: (f64, f64, f64),
    /// Money affected, pounds: mean and 95th percentile over trials.
    pub money: (f64, f64),
}

/// What happens to the money an option touches, by its `summary.json`
/// action keyword: the words that follow "of iBCF" (from
/// [`crate::rules::money_words`], the project's one wording).
pub fn money_words(action: &str) -> &'static str {
    crate::rules::money_words::from_keyword(action)
        .map_or("affected", crate::rules::money_words::phrase)
}

/// A short name for an option: its label up to the first `:` or `,` (the
/// scenario's labels lead with a name, then explain), else the id.
pub fn short_name(id: &str, label: &str) -> String {
    let cut = label.find([':', ',']).map_or(label, |i| &label[..i]).trim();
    match cut.is_empty() {
        true => id.to_string(),
        false => cut.to_string(),
    }
}

/// "about 45 councils": whole councils from ten up, one decimal below.
fn about_councils(mean: f64) -> String {
    let n = match mean {
        m if m >= 9.95 => format!("{m:.0}"),
        m => format!("{m:.1}"),
    };
    let plural = if n == "1" || n == "1.0" { "" } else { "s" };
    format!("about {n} council{plural}")
}

/// The sentence for one option.
pub fn sentence(f: &Figures<'_>) -> String {
    let (mean, p5, p95) = f.reviewed;
    let range = match p5 == p95 {
        true => format!("{p5:.0} in 90% of futures"),
        false => format!("90% range {p5:.0}–{p95:.0}"),
    };
    format!(
        "Under {name}, {about} ({range}) would be formally reviewed, with {money} \
         (P95 {p95m}) of iBCF {words}.",
        name = short_name(f.id, f.label),
        about = about_councils(mean),
        money = money_m(f.money.0),
        p95m = money_m(f.money.1),
        words = money_words(f.action),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(action: &'static str) -> Figures<'static> {
        Figures {
            id: "december-33",
            label: "(b) December letter: missed September expectation",
            action,
            reviewed: (44.6, 35.0, 55.0),
            money: (72.04e6, 91.4e6),
        }
    }

    #[test]
    fn sentence_quotes_the_figures_and_the_action() {
        assert_eq!(
            sentence(&figures("condition")),
            "Under (b) December letter, about 45 councils (90% range 35–55) would be formally \
             reviewed, with £72.0m (P95 £91.4m) of iBCF under conditions."
        );
        assert!(sentence(&figures("redistribute")).ends_with("of iBCF moved between councils."));
        assert!(sentence(&figures("withhold")).ends_with("(P95 £91.4m) of iBCF withheld."));
    }

    #[test]
    fn small_counts_and_names() {
        let mut f = figures("withhold");
        f.reviewed = (1.0, 1.0, 1.0);
        f.label = "";
        let s = sentence(&f);
        assert!(
            s.starts_with("Under december-33, about 1.0 council (1 in 90% of futures)"),
            "{s}"
        );
        assert_eq!(
            short_name("x", "(c) December criteria, cap"),
            "(c) December criteria"
        );
    }
}
