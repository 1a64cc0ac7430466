//! Per-trial RNG derivation, the trial loop, chunked parallel runs, merging.
