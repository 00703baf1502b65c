"""Small figures of pattern results: per check, the replications' values against the expectation."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from model.validation.pattern_parts import Lag, Pattern
from model.validation.pattern_run import CheckOutcome, PatternsResult

_COLOURS = {"holds": "#1b7837", "does not hold": "#b2182b"}


def _panel(ax, item: CheckOutcome, rng: np.random.Generator) -> None:
    values = np.asarray(item.values, dtype=float)
    values = values[np.isfinite(values)]
    result, expect = item.result, item.check.expect
    jitter = rng.uniform(-0.18, 0.18, len(values))
    ax.scatter(values, jitter, s=12, color="#888888", alpha=0.7, zorder=2)
    if math.isfinite(result.mean):
        low = result.ci_low if math.isfinite(result.ci_low) else result.mean
        high = result.ci_high if math.isfinite(result.ci_high) else result.mean
        ax.errorbar(
            [result.mean],
            [0],
            xerr=[[result.mean - low], [high - result.mean]],
            fmt="o",
            color="black",
            capsize=4,
            zorder=3,
        )
    ax.axvline(expect.threshold, color="#2166ac", linestyle="--", linewidth=1)
    colour = _COLOURS[result.verdict] if item.check.counts else "#555555"
    role = "" if item.check.counts else " (context)"
    unit = f" [{item.check.statistic.unit}]" if item.check.statistic.unit else ""
    ax.set_title(
        f"{item.check.id}: {item.check.claim}{unit} — expected {expect.text}: {result.verdict}{role}",
        fontsize=8,
        color=colour,
        loc="left",
    )
    ax.set_yticks([])
    ax.set_ylim(-0.5, 0.5)
    ax.tick_params(axis="x", labelsize=7)
    lowest = min([*values.tolist(), expect.threshold])
    highest = max([*values.tolist(), expect.threshold])
    pad = (highest - lowest) * 0.1 or max(abs(highest), 1e-3) * 0.1
    ax.set_xlim(lowest - pad, highest + pad)


def _lag_panel(ax, result: PatternsResult, pattern: Pattern, lag: Lag) -> None:
    """Mean paired responses after the rollout, each scaled to its final level."""
    reps = result.replications.get(pattern.number, [])
    if not reps:
        return
    start = reps[0].rollout_week[lag.b]
    curves: dict[str, list[np.ndarray]] = {lag.cause: [], lag.effect: []}
    for rep in reps:
        for name, response in zip((lag.cause, lag.effect), lag.responses(rep), strict=True):
            final = float(np.nanmean(response[-13:]))
            if final > 0:
                curves[name].append(response[start:] / final)
    for name, colour in ((lag.cause, "#2166ac"), (lag.effect, "#b35806")):
        if curves[name]:
            mean = np.nanmean(np.vstack(curves[name]), axis=0)
            ax.plot(np.arange(len(mean)), mean, color=colour, label=name.replace("_", " "))
    ax.axhline(0.5, color="#999999", linewidth=0.8, linestyle=":")
    ax.set_xlabel(f"weeks after the rollout (week {start})", fontsize=7)
    ax.set_ylabel("share of final\ndifference", fontsize=7)
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=7, frameon=False)
    ax.set_title(
        f"mean paired response, {pattern.arm[lag.b].shown} − {pattern.arm[lag.a].shown}",
        fontsize=8,
        loc="left",
    )


def pattern_figure(result: PatternsResult, pattern: Pattern, path: Path) -> Path:
    """One PNG for `pattern`: a row per check, plus the response curves for a lag check."""
    import matplotlib  # here, not at the top: pyplot must come after choosing a backend

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    items = [c for c in result.checks if c.pattern is pattern]
    lags = [c.check.statistic for c in items if isinstance(c.check.statistic, Lag)]
    heights = [1.0] * len(items) + [2.0] * len(lags)
    fig, axes = plt.subplots(
        len(heights),
        1,
        figsize=(7.0, 0.35 + 1.05 * sum(heights)),
        gridspec_kw={"height_ratios": heights},
        squeeze=False,
    )
    rng = np.random.default_rng(0)
    for ax, item in zip(axes[: len(items), 0], items, strict=True):
        _panel(ax, item, rng)
    for ax, lag in zip(axes[len(items) :, 0], lags, strict=True):
        _lag_panel(ax, result, pattern, lag)
    verdict = "holds" if result.holds(pattern) else "does not hold"
    fig.suptitle(
        f"Pattern {pattern.number}: {pattern.title} — {verdict} ({result.reps} paired replications)",
        fontsize=9,
        x=0.01,
        ha="left",
    )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90, format="png")
    plt.close(fig)
    return path
