//! Scenario files: TOML + CSV → validated, compiled [`plan::Plan`].
//!
//! Stages: raw (serde, with spans) → layered (`extends`, `--set`) →
//! validated (every problem collected as a diagnostic) → compiled `Plan`.

pub mod plan;
