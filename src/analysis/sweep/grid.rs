//! `--vary KEY=LIST|start:stop:count` parsing and the full grid of points.
//!
//! Values stay text, exactly as they will be given to `--set`, so any key
//! the scenario accepts can be varied (numbers, strings, months); numeric
//! values also carry their number for charts.

use crate::format::num;

/// Most values one `--vary` range may generate.
pub const MAX_VALUES: usize = 1000;

/// Most points a grid may have (each is a full engine run).
pub const MAX_POINTS: usize = 10_000;

/// One varied key and its values, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    pub key: String,
    pub values: Vec<String>,
}

impl Vary {
    /// The values as numbers, when every one is a number.
    pub fn numbers(&self) -> Option<Vec<f64>> {
        self.values.iter().map(|v| v.parse::<f64>().ok()).collect()
    }
}

/// Parses `KEY=a,b,c` or `KEY=start:stop:count` (count points, ends included).
///
/// # Errors
/// A sentence naming the flag and the fix.
pub fn parse_vary(s: &str) -> Result<Vary, String> {
    let Some((key, rhs)) = s.split_once('=') else {
        return Err(format!(
            "--vary {s}: expected KEY=LIST or KEY=START:STOP:COUNT, e.g. --vary option.conditions-33.share=0.1,0.33,0.5"
        ));
    };
    let key = key.trim();
    if key.is_empty() {
        return Err(format!("--vary {s}: the key is empty"));
    }
    let values = if rhs.contains(':') && !rhs.contains(',') {
        range(rhs).map_err(|e| format!("--vary {s}: {e}"))?
    } else {
        let v: Vec<String> = rhs.split(',').map(|x| x.trim().to_string()).collect();
        if v.iter().any(String::is_empty) {
            return Err(format!("--vary {s}: empty value in the list"));
        }
        v
    };
    Ok(Vary {
        key: key.to_string(),
        values,
    })
}

/// `start:stop:count` → `count` equally spaced values, ends included.
fn range(rhs: &str) -> Result<Vec<String>, String> {
    let parts: Vec<&str> = rhs.split(':').map(str::trim).collect();
    let [a, b, n] = parts[..] else {
        return Err("a range is START:STOP:COUNT, e.g. 0.08:0.20:4".into());
    };
    let (Ok(a), Ok(b)) = (a.parse::<f64>(), b.parse::<f64>()) else {
        return Err("START and STOP of a range must be numbers".into());
    };
    let n: usize = n
        .parse()
        .map_err(|_| "COUNT of a range must be a whole number".to_string())?;
    if !(a.is_finite() && b.is_finite()) || n == 0 || n > MAX_VALUES {
        return Err(format!(
            "a range needs finite ends and COUNT from 1 to {MAX_VALUES}"
        ));
    }
    if n == 1 {
        return Ok(vec![num(a)]);
    }
    Ok((0..n)
        .map(|k| num(a + (b - a) * k as f64 / (n - 1) as f64))
        .collect())
}

/// Every combination of values, the first key varying slowest; each point
/// is the index of its value per key.
pub fn points(vary: &[Vary]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new()];
    for v in vary {
        out = out
            .into_iter()
            .flat_map(|p| {
                (0..v.values.len()).map(move |k| {
                    let mut q = p.clone();
                    q.push(k);
                    q
                })
            })
            .collect();
    }
    out
}

/// The `--set` strings of one point.
pub fn overrides(vary: &[Vary], point: &[usize]) -> Vec<String> {
    vary.iter()
        .zip(point)
        .map(|(v, &k)| format!("{}={}", v.key, v.values[k]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_ranges() {
        let v = parse_vary("trajectory.volatility=0.08:0.20:4").expect("range");
        assert_eq!(v.values, ["0.08", "0.12", "0.16", "0.2"]);
        let v = parse_vary("option.a.share=0.1, 0.33").expect("list");
        assert_eq!(v.key, "option.a.share");
        assert_eq!(v.numbers(), Some(vec![0.1, 0.33]));
        assert!(parse_vary("novalue").is_err());
        assert!(parse_vary("k=1:2").is_err());
        assert!(parse_vary("k=1,,2").is_err());
        let w = parse_vary("simulation.first_month=2017-08,2017-09").expect("strings");
        assert_eq!(w.numbers(), None);
    }

    #[test]
    fn grid_is_full_and_first_key_slowest() {
        let a = parse_vary("a=1,2").expect("a");
        let b = parse_vary("b=x,y,z").expect("b");
        let p = points(&[a.clone(), b.clone()]);
        assert_eq!(p.len(), 6);
        assert_eq!(p[1], vec![0, 1]);
        assert_eq!(overrides(&[a, b], &p[5]), ["a=2", "b=z"]);
    }
}
