//! The one wording for the money figure, named by what the penalty action
//! does to it. "Funding at risk" read as money lost, even under `condition`,
//! where the money stays with the council: every sink (terminal, report,
//! charts, stress page, sweep, docs) takes its words from here so they agree.

use crate::scenario::plan::Action;

/// Every action, in the order their words are listed.
pub const ALL: [Action; 3] = [Action::Condition, Action::Withhold, Action::Redistribute];

/// The scenario-file keyword: `condition`, `withhold`, `redistribute`.
pub fn keyword(a: Action) -> &'static str {
    match a {
        Action::Condition => "condition",
        Action::Withhold => "withhold",
        Action::Redistribute => "redistribute",
    }
}

/// The action for a scenario-file keyword (as written in `summary.json`).
pub fn from_keyword(s: &str) -> Option<Action> {
    ALL.into_iter().find(|&a| keyword(a) == s)
}

/// What happens to the money: "under conditions", "withheld",
/// "moved between councils".
pub fn phrase(a: Action) -> &'static str {
    match a {
        Action::Condition => "under conditions",
        Action::Withhold => "withheld",
        Action::Redistribute => "moved between councils",
    }
}

/// The figure's name for one action: "funding under conditions".
pub fn figure(a: Action) -> String {
    format!("funding {}", phrase(a))
}

/// The figure's name for several options: their distinct actions joined,
/// e.g. "funding under conditions or moved between councils". With no
/// action (nothing known), "funding affected".
pub fn figure_for(actions: &[Action]) -> String {
    let present: Vec<&str> = ALL
        .into_iter()
        .filter(|a| actions.contains(a))
        .map(phrase)
        .collect();
    match present.as_slice() {
        [] => "funding affected".to_string(),
        [one] => format!("funding {one}"),
        [init @ .., last] => format!("funding {} or {last}", init.join(", ")),
    }
}

/// `s` with its first letter capitalised, for headings and labels.
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The option's figure from its `summary.json` keyword; unknown keywords
/// (older folders) fall back to "funding affected".
pub fn figure_of_keyword(k: &str) -> String {
    from_keyword(k).map_or_else(|| figure_for(&[]), figure)
}

/// One line saying what the figure means, for where it first appears.
pub fn explain(a: Action) -> &'static str {
    match a {
        Action::Condition => {
            "Under conditions: the council keeps the money but must spend it as the government \
             directs, so its net change is £0."
        }
        Action::Withhold => "Withheld: the money is taken from the council and paid to no one.",
        Action::Redistribute => {
            "Moved between councils: the money is taken from reviewed councils and paid to \
             other councils, so England's total is unchanged."
        }
    }
}

/// The explanations of the distinct actions among `actions`, one line each,
/// in a fixed order.
pub fn explain_all(actions: &[Action]) -> Vec<&'static str> {
    ALL.into_iter()
        .filter(|a| actions.contains(a))
        .map(explain)
        .collect()
}

/// Actions parsed from keywords, skipping unknown ones (older run folders).
pub fn parse_all<'a>(keywords: impl IntoIterator<Item = &'a str>) -> Vec<Action> {
    keywords.into_iter().filter_map(from_keyword).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_has_its_own_words() {
        assert_eq!(figure(Action::Condition), "funding under conditions");
        assert_eq!(figure(Action::Withhold), "funding withheld");
        assert_eq!(
            figure(Action::Redistribute),
            "funding moved between councils"
        );
        for a in ALL {
            assert_eq!(from_keyword(keyword(a)), Some(a));
            assert!(!figure(a).contains("at risk"));
            let e = explain(a);
            assert!(e.ends_with('.') && !e.contains('\n'), "one line: {e}");
            // The explanation starts with the phrase it explains.
            assert!(e.to_lowercase().starts_with(phrase(a)), "{e}");
        }
        assert_eq!(from_keyword("confiscate"), None);
    }

    #[test]
    fn several_options_list_their_distinct_actions_in_a_fixed_order() {
        use Action::*;
        assert_eq!(
            figure_for(&[Redistribute, Condition, Condition]),
            "funding under conditions or moved between councils"
        );
        assert_eq!(
            figure_for(&[Redistribute, Withhold, Condition]),
            "funding under conditions, withheld or moved between councils"
        );
        assert_eq!(figure_for(&[Withhold, Withhold]), "funding withheld");
        assert_eq!(figure_for(&[]), "funding affected");
        assert_eq!(
            explain_all(&[Redistribute, Condition, Redistribute]).len(),
            2
        );
        assert_eq!(
            parse_all(["withhold", "unknown", "condition"]),
            vec![Withhold, Condition]
        );
    }
}
