//! `[sensitivity]` in the loader, and `ibcf sensitivity` on the tutorial:
//! a parameter with no effect gets indices of exactly zero (common random
//! numbers make the output a deterministic function of the parameters).

use ibcf::analysis::RunSettings;
use ibcf::analysis::figures::Output;
use ibcf::analysis::sensitivity::{self, Param, Settings};
use ibcf::scenario;
use std::path::Path;

fn overlay(body: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let base = std::fs::canonicalize("scenarios/tutorial/scenario.toml").expect("tutorial");
    let path = dir.path().join("scenario.toml");
    let text = format!(
        "schema = 1\nextends = {:?}\n{body}",
        base.display().to_string()
    );
    std::fs::write(&path, text).expect("write");
    (dir, path)
}

#[test]
fn sensitivity_ranges_are_read_and_checked() {
    let (_d, ok) = overlay("[sensitivity]\n\"trajectory.pull\" = [0.0, 0.3]\n");
    let plan = scenario::load(&ok, &[]).expect("loads");
    assert_eq!(
        plan.provenance.sensitivity,
        vec![("trajectory.pull".to_string(), 0.0, 0.3)]
    );
    let (_d, bad) = overlay("[sensitivity]\n\"trajectory.pull\" = [0.3, 0.1]\n\"x\" = 3\n");
    let e = scenario::load(&bad, &[]).expect_err("bad ranges").render();
    assert!(e.contains("must be below high"), "{e}");
    assert!(e.contains("array [low, high]"), "{e}");
}

#[test]
fn a_parameter_without_effect_has_zero_indices() {
    let params = [
        Param {
            key: "trajectory.pull".into(),
            low: 0.0,
            high: 0.4,
            dist: None,
        },
        Param {
            key: "option.conditions-33.cap".into(),
            low: 1e9,
            high: 2e9,
            dist: None,
        },
    ];
    let st = Settings {
        samples: 12,
        bootstrap: 50,
        design_seed: 3,
    };
    let rs = RunSettings {
        trials: Some(300),
        seed: Some(9),
        threads: None,
    };
    let path = Path::new("scenarios/tutorial");
    let s = sensitivity::run(path, &[], &params, &st, &rs, &mut |_, _| {}).expect("run");
    assert_eq!(s.sobol.len(), s.options.len());
    for (o, per) in s.sobol.iter().enumerate() {
        assert_eq!(per.len(), Output::ALL.len());
        for ix in per {
            assert_eq!(ix.total[1], 0.0, "cap has no effect (option {o})");
            assert_eq!(ix.first[1], 0.0);
            assert!(ix.total[0] > 0.0, "pull moves everything");
        }
        let sw = &s.tornado[1][o];
        assert_eq!(sw.at_low, sw.at_high);
        assert_ne!(s.tornado[0][o].at_low, s.tornado[0][o].at_high);
    }
    let dir = tempfile::tempdir().expect("dir");
    sensitivity::write_csv(&dir.path().join("s.csv"), &s).expect("csv");
    let rows = csv::Reader::from_path(dir.path().join("s.csv"))
        .expect("read")
        .records()
        .count();
    assert_eq!(rows, s.options.len() * Output::ALL.len() * params.len());

    // With 12 samples the intervals are too wide to rank: the table says so
    // and names the samples that would do, from the widest interval.
    let w = ibcf::analysis::sensitivity::precision::widest(&s).expect("intervals");
    assert!(
        w.width > ibcf::analysis::sensitivity::precision::RANK_WIDTH,
        "{w:?}"
    );
    let need = ibcf::analysis::sensitivity::precision::samples_needed(12, w.width);
    assert!(need > 12);
    let table = sensitivity::table(&s);
    assert!(
        table.contains("too wide to rank the parameters")
            && table.contains(&format!("about --samples {need} ")),
        "{table}"
    );
}

#[test]
fn ranges_parse_and_merge() {
    let p = sensitivity::parse_range("trajectory.pull=0:0.3").expect("ok");
    assert_eq!((p.low, p.high), (0.0, 0.3));
    assert!(sensitivity::parse_range("trajectory.pull=0.3:0").is_err());
    assert!(sensitivity::parse_range("trajectory.pull").is_err());
    let m = sensitivity::merge(
        &[("trajectory.pull".into(), 0.0, 0.1), ("a".into(), 1.0, 2.0)],
        &[],
        &[p],
    );
    assert_eq!(m.len(), 2);
    assert_eq!(m[0].high, 0.3);
}

/// Without a range, a key's distribution is the parameter: the tornado at
/// its 5% and 95% points, the design through its quantile function; a
/// range for the same key wins.
#[test]
fn distributions_are_parameters_where_no_range_is_given() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial");
    let plan = scenario::load(
        &dir,
        &[
            "trajectory.pull={ triangular = [0.0, 0.1, 0.4] }".into(),
            "trajectory.drift={ normal = [-0.01, 0.01] }".into(),
        ],
    )
    .unwrap_or_else(|d| panic!("{}", d.render()));
    let ranges = [("trajectory.drift".to_string(), -0.05, 0.0)];
    let m = sensitivity::merge(&ranges, &plan.params, &[]);
    assert_eq!(m.len(), 2);
    assert_eq!((m[0].key.as_str(), m[0].dist), ("trajectory.drift", None));
    let pull = &m[1];
    assert_eq!(pull.key, "trajectory.pull");
    // Triangular [0, 0.1, 0.4]: P(X < x) = x^2 / 0.04 below the mode.
    assert!((pull.low - (0.05f64 * 0.04).sqrt()).abs() < 1e-12);
    assert!((pull.high - (0.4 - (0.05f64 * 0.4 * 0.3).sqrt())).abs() < 1e-12);
    let declared = plan.params.iter().find(|p| p.set_key == "trajectory.pull");
    let declared = declared.expect("pull declared").uncertain.dist;
    assert_eq!(pull.at(0.5), declared.quantile(0.5));
    assert!(pull.at(0.0).is_finite() && pull.at(0.0) >= 0.0);
}
