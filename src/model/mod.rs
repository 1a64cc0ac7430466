//! Trajectory models and samplers: the stochastic part.
