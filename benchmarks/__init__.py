"""Performance benchmarks of commgov (see benchmarks/README.md).

Run them all with `python -m benchmarks` (or `make bench`); `--quick` is a fast smoke run.
Every timing is taken as a ratio or a median against a reference measured in the same session,
alternating, because the machines these run on are shared and noisy.

This package is deliberately light to import: child processes that do the timed work run the
benchmark modules as scripts and import nothing from here.
"""
