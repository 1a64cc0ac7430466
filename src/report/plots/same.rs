//! Options whose drawn series are identical (same reviews, same money:
//! options that share a rule and a share, or a scenario where every option
//! catches the same councils). Drawn one over another they hide each other
//! while the legend lists them all, so charts draw each distinct series once
//! and name every option it stands for.

/// Groups of equal items, each listed by index in order of first
/// appearance: `[a, b, a, c]` → `[[0, 2], [1], [3]]`.
pub(crate) fn groups<T: PartialEq>(items: &[T]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        match out.iter_mut().find(|g| items[g[0]] == *it) {
            Some(g) => g.push(i),
            None => out.push(vec![i]),
        }
    }
    out
}

/// The legend entry of a group: the option's id, or `a = b = c` when one
/// series stands for several.
pub(crate) fn label(ids: &[String], group: &[usize]) -> String {
    group
        .iter()
        .filter_map(|&i| ids.get(i).map(String::as_str))
        .collect::<Vec<_>>()
        .join(" = ")
}

/// A sentence for the caption naming the options drawn as one, or empty.
pub(crate) fn note(ids: &[String], groups: &[Vec<usize>]) -> String {
    let shared: Vec<String> = groups
        .iter()
        .filter(|g| g.len() > 1)
        .map(|g| label(ids, g))
        .collect();
    match shared.is_empty() {
        true => String::new(),
        false => format!(" Identical results, drawn once: {}.", shared.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_series_form_one_group_named_after_all_its_options() {
        let ids: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let series = [vec![1.0, 2.0], vec![3.0], vec![1.0, 2.0], vec![1.0, 2.0]];
        let g = groups(&series);
        assert_eq!(g, vec![vec![0, 2, 3], vec![1]]);
        assert_eq!(label(&ids, &g[0]), "a = c = d");
        assert_eq!(label(&ids, &g[1]), "b");
        assert_eq!(note(&ids, &g), " Identical results, drawn once: a = c = d.");
        assert_eq!(note(&ids, &groups(&[1, 2, 3])), "");
    }
}
