//! Trajectory models and samplers: the stochastic part.
//!
//! [`prepared`] turns a [`Plan`](crate::Plan) into flat per-council, per-stream
//! constants once per run; [`trajectory`] advances every council one trial at a
//! time without allocating; [`noise`] turns an expected rate into an observed one,
//! with the exact gamma and Poisson samplers of [`sampler`]; [`slope`] is the
//! national slope state of the `damped_trend` model. [`rng`] derives each
//! trial's generators from (seed, trial) alone and [`draws`] draws the
//! plan's uncertain parameters per trial.

pub mod draws;
pub mod noise;
pub mod observe_lanes;
pub mod per_trial;
pub mod prepared;
pub mod rng;
pub mod sampler;
pub mod slope;
pub mod start;
pub mod trajectory;

pub use prepared::{ModelError, Prepared};
