"""Errors that mean "bad input": the CLI prints them as one sentence and exits with status 2.

Kept free of heavy imports so that `model.cli` can catch them without loading pydantic.
"""

from __future__ import annotations


class InputError(Exception):
    """Bad input from the user (a file, a flag, a spec). The message is one clear sentence."""


class ScenarioError(InputError):
    """A scenario file (or an override of it) is missing, unreadable or invalid."""
