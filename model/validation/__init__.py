"""Validation of the model: stylised patterns (`commgov patterns`) and calibration (`commgov calibrate`).

- `observe`: a run that also measures what the standard outcomes do not (concentration of
  volunteer hours, monthly inactivity, reach of the elder-care provider, whole-run windows);
- `patterns`: the stylised patterns (their text in patterns.toml), each a small paired experiment with checks;
- `checks`: the one-sided tests and verdicts behind every check;
- `report`: the patterns table as text, CSV, figures and docs/validation.md;
- `calibration`: targets files and fitting parameters to them with scipy.optimize;
- `commands`: the two subcommands.
"""
