//! The engine's split runs: partials of contiguous trial ranges, simulated
//! separately (any thread count), absorbed in any order and assembled, give
//! exactly the results of one run, noise check included; and the part file
//! round-trips them bit for bit.

use ibcf::engine::{self, Partial, PartialError, Results, RunConfig};
use ibcf::scenario::testkit;
use ibcf::shard::Shard;
use ibcf::shard::part::{self, Header, Kind, Part, Payload};

fn cfg(threads: usize) -> RunConfig<'static> {
    RunConfig {
        threads: Some(threads),
        ..RunConfig::default()
    }
}

/// The results as text with the timing fields zeroed (text, because fan
/// charts hold NaN targets, and NaN != NaN).
fn timeless(mut r: Results) -> String {
    r.threads = 0;
    r.elapsed_s = 0.0;
    format!("{r:?}")
}

#[test]
fn absorbed_partials_assemble_to_the_whole_run() {
    let plan = testkit::rich_plan(901);
    for noise_check in [false, true] {
        let whole = match noise_check {
            true => engine::run_with_noise_check(&plan, &cfg(2)),
            false => engine::run(&plan, &cfg(2)),
        }
        .expect("run");
        for n in [1u32, 2, 7] {
            let parts: Vec<Partial> = (1..=n)
                .map(|k| {
                    let r = Shard { k, n }.range(plan.trials);
                    engine::run_range(&plan, &cfg(1 + k as usize % 2), noise_check, r)
                        .expect("shard")
                })
                .collect();
            let mut acc = Partial::empty_like(&parts[0], 0..plan.trials);
            // Reverse order: absorbing is order-free.
            for p in parts.iter().rev() {
                assert!(!acc.is_complete());
                acc.absorb(p).expect("absorb");
            }
            assert!(acc.is_complete() && acc.missing().is_empty());
            let merged = engine::assemble(&plan, acc, noise_check).expect("assemble");
            assert!(
                timeless(merged) == timeless(whole.clone()),
                "N = {n}: merged results differ"
            );
        }
    }
}

#[test]
fn overlaps_gaps_and_foreign_shapes_are_refused() {
    let plan = testkit::rich_plan(300);
    let a = engine::run_range(&plan, &cfg(1), false, 0..100).expect("a");
    let b = engine::run_range(&plan, &cfg(1), false, 50..200).expect("b");
    let mut acc = Partial::empty_like(&a, 0..300);
    acc.absorb(&a).expect("a");
    assert_eq!(acc.absorb(&b), Err(PartialError::Overlap(50, 200)));
    assert_eq!(acc.missing(), vec![(100, 300)]);
    assert!(engine::assemble(&plan, acc.clone(), false).is_err(), "gaps");
    assert!(engine::run_range(&plan, &cfg(1), false, 250..301).is_err());
    let mut wide = Partial::empty_like(&a, 0..1000);
    let c = engine::run_range(&plan, &cfg(1), false, 200..300).expect("c");
    wide.absorb(&c).expect("fits anywhere in range");
    let mut narrow = Partial::empty_like(&a, 0..250);
    assert_eq!(
        narrow.absorb(&c),
        Err(PartialError::Outside(200, 300, 0, 250))
    );
}

#[test]
fn a_part_file_round_trips_and_detects_damage() {
    let plan = testkit::rich_plan(200);
    let p = engine::run_range(&plan, &cfg(1), true, 50..150).expect("run");
    let part = Part {
        header: Header {
            ibcf_version: "x".into(),
            kind: Kind::Run,
            scenario: "rich".into(),
            scenario_path: "rich.toml".into(),
            fingerprint: "f".into(),
            overrides: vec!["a=1".into()],
            seed: plan.seed,
            trials: 200,
            units: 200,
            shard: (2, 4),
            range: (50, 150),
            settings: vec![],
        },
        payload: Payload::Run(Box::new(p)),
    };
    let bytes = part::encode(&part).expect("encode");
    let path = std::path::Path::new("mem.ibcfpart");
    assert_eq!(part::decode(path, &bytes).expect("decode"), part);
    // Every truncation and every single-bit flip is refused, never accepted.
    for cut in (0..bytes.len()).step_by(97) {
        assert!(part::decode(path, &bytes[..cut]).is_err(), "cut at {cut}");
    }
    for i in (0..bytes.len()).step_by(13) {
        let mut b = bytes.clone();
        b[i] ^= 1 << (i % 8);
        assert!(part::decode(path, &b).is_err(), "bit flipped at {i}");
    }
}
