"""Analysis of experiment results: statistics (paired comparisons, sweeps, sensitivity)."""
