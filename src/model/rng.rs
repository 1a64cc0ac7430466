//! Per-trial random numbers, derived from (seed, trial index) alone.
//!
//! Each trial has two Xoshiro256++ generators: the **latent** one drives the
//! trajectory shocks, jumps and bootstrap draws; the **noise** one drives
//! only the observation noise, so switching the noise off (or changing it)
//! leaves every latent path exactly as it was (DECISIONS #24).
//!
//! Derivation (`mix` is SplitMix64's bijective finaliser):
//! `a = mix(seed + K0)`, `b = mix(2·trial + stream + K1)` (stream 0 latent,
//! 1 noise), state = `[a, b, mix(a ^ rotl(b, 32) + K2), mix(b ^ rotl(a, 17) + K3)]`.
//! The first two words make the map from (seed, trial, stream) to the state
//! injective for trials below 2^63, so no two streams of a run, or of runs
//! with different seeds, start from the same state; every word is a full
//! avalanche of its inputs, so neighbouring trials start from unrelated
//! points of the 2^256 − 1 period. Xoshiro256++ replaced ChaCha8 here because
//! the generator was ~15% of the instructions of a negative binomial trial
//! (docs/PERFORMANCE.md); a trial's numbers never depend on which thread,
//! chunk or shard ran it.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

/// The per-trial generator.
pub type TrialRng = Xoshiro256PlusPlus;

const K: [u64; 4] = [
    0x9e37_79b9_7f4a_7c15,
    0xd1b5_4a32_d192_ed03,
    0x8cb9_2ba7_2f3d_8dd7,
    0xf135_7aea_2e62_a9c5,
];

/// SplitMix64's finaliser: a bijection on u64 with full avalanche.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Stream `stream` (0 latent, 1 noise) of trial `trial` under `seed`.
pub fn stream_rng(seed: u64, trial: u64, stream: u64) -> TrialRng {
    let mut bytes = [0u8; 32];
    for (chunk, w) in bytes
        .chunks_exact_mut(8)
        .zip(stream_words(seed, trial, stream))
    {
        chunk.copy_from_slice(&w.to_le_bytes());
    }
    Xoshiro256PlusPlus::from_seed(bytes)
}

/// The four state words [`stream_rng`] seeds its generator with (for
/// `sampler::lanes`, which runs eight such generators side by side). An
/// all-zero state (never met: `a` and `b` would both have to be 0) is
/// replaced as `Xoshiro256PlusPlus::from_seed` replaces it.
pub fn stream_words(seed: u64, trial: u64, stream: u64) -> [u64; 4] {
    let a = mix(seed.wrapping_add(K[0]));
    let b = mix(trial
        .wrapping_mul(2)
        .wrapping_add(stream & 1)
        .wrapping_add(K[1]));
    let c = mix((a ^ b.rotate_left(32)).wrapping_add(K[2]));
    let d = mix((b ^ a.rotate_left(17)).wrapping_add(K[3]));
    if [a, b, c, d] == [0; 4] {
        // rand's seed_from_u64(0): SplitMix64 steps of K[0].
        return std::array::from_fn(|i| mix(K[0].wrapping_mul(i as u64 + 1)));
    }
    [a, b, c, d]
}

/// Added to the trial index for the parameter-draw generator: `K_PARAM - K[1]`
/// is 2^63, so its second state word equals a latent or noise stream's
/// (`mix(2·t' + s + K1)`) only for t' ≥ 2^62, beyond any run.
const K_PARAM: u64 = K[1].wrapping_add(1 << 63);

/// The generator for trial `trial`'s parameter draws (`model::draws`): built
/// like [`stream_rng`] with second word `mix(trial + K_PARAM)`, so it
/// depends on (seed, trial) alone and leaves the latent and noise streams
/// untouched.
pub fn param_rng(seed: u64, trial: u64) -> TrialRng {
    let a = mix(seed.wrapping_add(K[0]));
    let b = mix(trial.wrapping_add(K_PARAM));
    let c = mix((a ^ b.rotate_left(32)).wrapping_add(K[2]));
    let d = mix((b ^ a.rotate_left(17)).wrapping_add(K[3]));
    let mut bytes = [0u8; 32];
    for (chunk, w) in bytes.chunks_exact_mut(8).zip([a, b, c, d]) {
        chunk.copy_from_slice(&w.to_le_bytes());
    }
    Xoshiro256PlusPlus::from_seed(bytes)
}

/// A trial's two generators.
pub struct TrialRngs {
    /// Latent trajectory: shocks, jumps, bootstrap month indices.
    pub latent: TrialRng,
    /// Observation noise only.
    pub noise: TrialRng,
}

/// The generators for trial `trial` of a run seeded `seed`.
pub fn trial_rngs(seed: u64, trial: u64) -> TrialRngs {
    TrialRngs {
        latent: stream_rng(seed, trial, LATENT_STREAM),
        noise: stream_rng(seed, trial, NOISE_STREAM),
    }
}

/// The stream number of a trial's latent generator ([`stream_rng`]).
pub const LATENT_STREAM: u64 = 0;
/// The stream number of a trial's observation-noise generator.
pub const NOISE_STREAM: u64 = 1;

/// The latent generator for one trial (for callers that need one stream).
pub fn trial_rng(seed: u64, trial: u64) -> TrialRng {
    stream_rng(seed, trial, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;
    use std::collections::HashSet;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: u64 = trial_rng(7, 3).random();
        let b: u64 = trial_rng(7, 3).random();
        let c: u64 = trial_rng(7, 4).random();
        let d: u64 = trial_rng(8, 3).random();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn latent_and_noise_streams_differ() {
        let mut r = trial_rngs(7, 3);
        let (x, y): ([u64; 4], [u64; 4]) = (r.latent.random(), r.noise.random());
        assert_ne!(x, y);
        let z: [u64; 4] = stream_rng(7, 3, 1).random();
        assert_eq!(y, z);
    }

    /// First outputs of many neighbouring streams: no repeats, and each
    /// output bit is set about half the time (a crude avalanche check that
    /// fails for an unmixed derivation such as `state = [seed, trial, 0, 0]`).
    #[test]
    fn neighbouring_streams_look_independent() {
        let n = 20_000u64;
        let mut seen = HashSet::new();
        let mut ones = [0u32; 64];
        for t in 0..n / 2 {
            for s in 0..2 {
                let x: u64 = stream_rng(1, t, s).random();
                assert!(seen.insert(x), "repeat at trial {t} stream {s}");
                for (b, o) in ones.iter_mut().enumerate() {
                    *o += ((x >> b) & 1) as u32;
                }
            }
        }
        // Binomial(n, 1/2): sd = sqrt(n)/2 ≈ 71; allow 5 sd.
        for (b, &o) in ones.iter().enumerate() {
            let dev = (f64::from(o) - n as f64 / 2.0).abs();
            assert!(dev < 5.0 * (n as f64).sqrt() / 2.0, "bit {b}: {o}");
        }
    }
}
