//! Bisection for the smallest input that brings a non-increasing function
//! below a threshold. Used on common random numbers, where the function is
//! a deterministic step function of its input (steps of 1/trials).

/// How a search ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Already below the threshold at the lower end.
    AlreadyBelow,
    /// Bracketed to the tolerance.
    Found,
    /// Still at or above the threshold at the upper end.
    NotReached,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::AlreadyBelow => "already_safe",
            Status::Found => "found",
            Status::NotReached => "not_reached",
        }
    }
}

/// The result: `x` is the smallest input known to give a value below the
/// threshold (`hi` of the final bracket), `lo` the largest known not to.
#[derive(Debug, Clone, PartialEq)]
pub struct Bisection {
    pub status: Status,
    pub x: f64,
    pub lo: f64,
    pub hi: f64,
    /// Every (input, value) evaluated, in order.
    pub evals: Vec<(f64, f64)>,
}

/// Smallest `x` in `[lo, hi]` with `f(x) < threshold`, for `f`
/// non-increasing, to within `tol`. Evaluations: 2 + ceil(log2((hi-lo)/tol)).
///
/// # Errors
/// The first error `f` returns.
pub fn smallest_below<E>(
    f: &mut dyn FnMut(f64) -> Result<f64, E>,
    threshold: f64,
    lo: f64,
    hi: f64,
    tol: f64,
) -> Result<Bisection, E> {
    let mut evals = Vec::new();
    let mut eval = |x: f64, evals: &mut Vec<(f64, f64)>| -> Result<f64, E> {
        let v = f(x)?;
        evals.push((x, v));
        Ok(v)
    };
    if eval(lo, &mut evals)? < threshold {
        return Ok(Bisection {
            status: Status::AlreadyBelow,
            x: lo,
            lo,
            hi: lo,
            evals,
        });
    }
    if eval(hi, &mut evals)? >= threshold {
        return Ok(Bisection {
            status: Status::NotReached,
            x: f64::NAN,
            lo: hi,
            hi,
            evals,
        });
    }
    let (mut a, mut b) = (lo, hi);
    while b - a > tol.max(f64::EPSILON * b.abs().max(1.0)) {
        let m = 0.5 * (a + b);
        if eval(m, &mut evals)? < threshold {
            b = m;
        } else {
            a = m;
        }
    }
    Ok(Bisection {
        status: Status::Found,
        x: b,
        lo: a,
        hi: b,
        evals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_crossing_of_a_decreasing_function() {
        let mut f = |x: f64| -> Result<f64, ()> { Ok((-x).exp()) };
        let b = smallest_below(&mut f, 0.25, 0.0, 5.0, 1e-6).expect("ok");
        assert_eq!(b.status, Status::Found);
        assert!((b.x - 4f64.ln()).abs() < 1e-6 && b.lo < 4f64.ln() && b.hi >= 4f64.ln());
        let b = smallest_below(&mut f, 2.0, 0.0, 5.0, 1e-6).expect("ok");
        assert_eq!((b.status, b.x), (Status::AlreadyBelow, 0.0));
        let b = smallest_below(&mut f, 1e-9, 0.0, 5.0, 1e-6).expect("ok");
        assert_eq!(b.status, Status::NotReached);
    }
}
