"""Figures of experiment results (matplotlib, drawn off-screen, no pyplot state), one module per kind.

    from model.analysis.results import load_results
    from model.analysis.figures import experiment_figures, save_figures
    figures = experiment_figures(load_results("results/separation_quick"), lang="zh")
    save_figures(figures, "results/separation_quick/figures")   # NAME.png and NAME.svg

- compare: outcome time series per arm (`timeseries`) and a forest plot of paired differences from
  the reference arm (`forest`);
- sweep: response curves, heatmaps and Latin-hypercube point means (`sweeps`);
- sensitivity: first-order and total Sobol indices with their bootstrap intervals (`sobol`);
- shared: colours, matplotlib settings and drawing helpers (`style`), the words on
  figures (`labels`), and an experiment's figures drawn and saved (`experiment`).
"""

from model.analysis.figures.experiment import Figures, Rendered, experiment_figures, save_figures
from model.analysis.figures.labels import arm_label, outcome_title, outcome_unit

__all__ = [
    "Figures",
    "Rendered",
    "arm_label",
    "experiment_figures",
    "outcome_title",
    "outcome_unit",
    "save_figures",
]
