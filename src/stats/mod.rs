//! Mergeable accumulators, quantiles, standard errors, paired comparisons.
