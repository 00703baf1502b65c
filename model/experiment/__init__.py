"""Experiments: specs, seeding, execution backends, the results store and the runner.

from model.experiment.api import compare, sweep, experiment
"""
