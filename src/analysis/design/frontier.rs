//! The fairness frontier: the rules for which no other rule both wrongly
//! reviews and wrongly spares fewer councils (both minimised; one at least
//! as good in both and better in one *dominates*). A pure function of the
//! points, so it is property-tested on its own.

/// Whether `a` dominates `b`: no worse in both coordinates, better in one.
pub fn dominates(a: (f64, f64), b: (f64, f64)) -> bool {
    a.0 <= b.0 && a.1 <= b.1 && (a.0 < b.0 || a.1 < b.1)
}

/// Per point (wrongly reviewed, wrongly spared): whether it is on the
/// frontier (dominated by no point). Points with a NaN coordinate are never
/// on it. Time O(n log n).
pub fn frontier(points: &[(f64, f64)]) -> Vec<bool> {
    let mut on = vec![false; points.len()];
    let mut order: Vec<usize> = (0..points.len())
        .filter(|&i| !points[i].0.is_nan() && !points[i].1.is_nan())
        .collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (points[a], points[b]);
        pa.0.total_cmp(&pb.0).then(pa.1.total_cmp(&pb.1))
    });
    // Best (smallest) second coordinate among points with a strictly smaller first.
    let mut best = f64::INFINITY;
    let mut k = 0;
    while k < order.len() {
        let x = points[order[k]].0;
        let mut end = k;
        while end < order.len() && points[order[end]].0 == x {
            end += 1;
        }
        // Within equal x, sorted by y: the smallest y (and its ties) may be on it.
        let y = points[order[k]].1;
        if y < best {
            for &i in &order[k..end] {
                on[i] = points[i].1 == y;
            }
            best = y;
        }
        k = end;
    }
    on
}

/// Per point: a frontier point dominating it (the one with the smallest sum
/// of the two coordinates, first in order on ties), `None` for points on
/// the frontier (or with NaN).
pub fn dominator(points: &[(f64, f64)], on: &[bool]) -> Vec<Option<usize>> {
    let front: Vec<usize> = (0..points.len()).filter(|&i| on[i]).collect();
    points
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            if on[i] {
                return None;
            }
            front
                .iter()
                .copied()
                .filter(|&j| dominates(points[j], p))
                .min_by(|&a, &b| {
                    let s = |j: usize| points[j].0 + points[j].1;
                    s(a).total_cmp(&s(b)).then(a.cmp(&b))
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute(points: &[(f64, f64)]) -> Vec<bool> {
        points
            .iter()
            .map(|&p| !points.iter().any(|&q| dominates(q, p)))
            .collect()
    }

    #[test]
    fn a_small_hand_case() {
        let p = [
            (1.0, 5.0),
            (2.0, 2.0),
            (3.0, 3.0),
            (5.0, 1.0),
            (2.0, 2.0),
            (1.0, 6.0),
        ];
        assert_eq!(frontier(&p), [true, true, false, true, true, false]);
        let d = dominator(&p, &frontier(&p));
        assert_eq!(d[2], Some(1));
        assert_eq!(d[5], Some(0));
    }

    proptest! {
        /// A dominated point is never on the frontier; an undominated one
        /// always is (against the quadratic definition), and every
        /// dominated point names a frontier point that dominates it.
        #[test]
        fn dominated_points_are_never_on_the_frontier(
            raw in prop::collection::vec((0u8..12, 0u8..12), 0..60)
        ) {
            let points: Vec<(f64, f64)> =
                raw.iter().map(|&(a, b)| (f64::from(a) / 2.0, f64::from(b) / 3.0)).collect();
            let on = frontier(&points);
            prop_assert_eq!(&on, &brute(&points));
            for (i, &p) in points.iter().enumerate() {
                if points.iter().any(|&q| dominates(q, p)) {
                    prop_assert!(!on[i]);
                }
            }
            for (i, d) in dominator(&points, &on).into_iter().enumerate() {
                match d {
                    Some(j) => prop_assert!(on[j] && dominates(points[j], points[i])),
                    None => prop_assert!(on[i]),
                }
            }
        }
    }
}
