//! The cost of hitting the target (`[consequences]`, docs/CONSEQUENCES.md).
//!
//! Each trial simulates every council's latent path twice on the same
//! random numbers: with the scenario's pull towards its target and without
//! it. The difference, as delayed days, is what the response to the target
//! avoided; [`values`] (one council's parameters in one trial, from the
//! plan's [`Consequences`](crate::scenario::plan::Consequences)) turns
//! social-care days avoided into care-home placements, avoidable permanent
//! admissions and their lifetime cost, and all days avoided into bed-days
//! freed and their value. [`tally`] keeps
//! integer sums per council (exact and order-free, like the engine's own
//! tally) and [`figures`] summarises them for the report sinks.
//!
//! Everything here is linear in two per-council, per-trial numbers: all
//! delayed days avoided (signed) and social-care days avoided (clamped at 0:
//! a council pulled *up* towards a target above it makes no placements).
//! Off (`Plan::consequences` is `None`): none of this runs. The parameters
//! are read by `scenario::consequences` (defaults with sources in
//! `scenario::consequences_defaults`); `explain::consequences` puts them
//! in words.

pub mod figures;
pub mod tally;
pub mod values;
