"""Scenario discovery: where in the uncertainty space a policy fails, by PRIM and CART (ema_workbench).

`prim_box(x, failed)` peels a box around the points where the policy fails (Friedman and
Fisher's PRIM, as `ema_workbench.analysis.prim` implements it) and keeps the whole peeling
trajectory, the coverage–density trade-off: coverage is the share of all failures inside the box,
density the share of points inside the box that fail, mass the share of all points inside it.
The box chosen is the one of highest coverage among those at least `DENSITY_TARGET` dense (the
densest when none is); each side of a restriction whose quasi-p value (ema_workbench's binomial
test of whether the restriction raises density) is above `QP_MAX` is then widened back to the
initial box, so that a box does not report a peel that chance made, and the box's statistics are
counted again (the `reported` row of the trajectory). `cart_boxes` gives CART's leaves where
failures are the majority, a second view. When a policy never or always fails there is nothing
to discover and no box is drawn.

ema_workbench is the `explore` extra; it is imported when an exploration is summarised.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from model.errors import InputError
from model.formatting import significant

DENSITY_TARGET = 0.8  # the chosen PRIM box is the most covering one with at least this density
MASS_MIN = 0.05  # PRIM and CART stop at boxes holding fewer than this share of the points
PEEL_ALPHA = 0.05  # the share of points PRIM peels off at each step
QP_MAX = 0.05  # a restriction is kept only when its quasi-p value is at most this
NEVER, ALWAYS, BOX = "never fails", "always fails", "box"


class MissingExtra(InputError):
    """ema_workbench (the `explore` extra) is not installed."""


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """ema_workbench's own deprecation warnings (of pandas and numpy calls) are not the user's."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        yield


def _ema() -> tuple[Any, Any]:
    """ema_workbench's prim and cart modules, quietly (it warns about optional parallel back-ends)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from ema_workbench.analysis import cart, prim
    except ImportError:
        raise MissingExtra(
            "kind = 'explore' needs ema_workbench for scenario discovery; install it with "
            "pip install 'commgov[explore]'"
        ) from None
    logging.getLogger("EMA").setLevel(logging.WARNING)
    return prim, cart


@dataclass
class Box:
    """A policy's failure region: the chosen PRIM box, its statistics and the trajectory it came from."""

    status: str  # BOX, NEVER or ALWAYS
    limits: pd.DataFrame = field(default_factory=pd.DataFrame)  # parameter, low, high, restricted
    coverage: float = np.nan
    density: float = np.nan
    mass: float = np.nan
    trajectory: pd.DataFrame = field(default_factory=pd.DataFrame)  # step, coverage, density, ..., role
    chosen: int | None = None

    @property
    def restrictions(self) -> pd.DataFrame:
        return self.limits[self.limits["restricted"] != ""] if len(self.limits) else self.limits

    def sentence(self) -> str:
        """The box in words, e.g. `fails when trust_decay > 0.02 and admin_rate < 0.03 (coverage ...)`."""
        if self.status != BOX:
            return self.status
        conditions = " and ".join(condition(r) for _, r in self.restrictions.iterrows())
        if not conditions:
            spread = "fails throughout the explored space, no restriction significant"
            return f"{spread} (density {self.density:.2f})"
        return (
            f"fails when {conditions} (coverage {self.coverage:.2f}, density {self.density:.2f}, "
            f"mass {self.mass:.2f})"
        )


def condition(row: pd.Series) -> str:
    """One restricted dimension of a box: `key > low`, `key < high` or `low < key < high`."""
    key, low, high = row["parameter"], significant(row["low"], 3), significant(row["high"], 3)
    if row["restricted"] == "both":
        return f"{low} < {key} < {high}"
    return f"{key} > {low}" if row["restricted"] == "low" else f"{key} < {high}"


def _limits(box_lim: pd.DataFrame, initial: pd.DataFrame, qp: dict | None = None) -> pd.DataFrame:
    """Per uncertainty: the box's limits, which side is restricted, and the quasi-p values if known."""
    rows = []
    for key in box_lim.columns:
        low, high = float(box_lim[key].iloc[0]), float(box_lim[key].iloc[1])
        cut_low, cut_high = low > float(initial[key].iloc[0]), high < float(initial[key].iloc[1])
        restricted = "both" if cut_low and cut_high else "low" if cut_low else "high" if cut_high else ""
        q_low, q_high = (qp or {}).get(key, (-1, -1))
        rows.append(
            {
                "parameter": key,
                "low": low,
                "high": high,
                "restricted": restricted,
                "qp_low": float(q_low) if q_low >= 0 else np.nan,
                "qp_high": float(q_high) if q_high >= 0 else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=["parameter", "low", "high", "restricted", "qp_low", "qp_high"])


def without_weak_sides(box_lim: pd.DataFrame, initial: pd.DataFrame, qp: dict) -> pd.DataFrame:
    """`box_lim` with every side whose quasi-p value is above QP_MAX widened back to `initial`'s."""
    widened = box_lim.copy()
    for key, values in qp.items():
        for side, value in enumerate(values):
            if value >= 0 and value > QP_MAX:
                widened.loc[widened.index[side], key] = initial[key].iloc[side]
    return widened


def box_stats(x: pd.DataFrame, y: np.ndarray, box_lim: pd.DataFrame) -> dict[str, float]:
    """Coverage, density and mass of the box `box_lim` (rows low, high) over points `x` failing where `y`."""
    inside = np.ones(len(x), dtype=bool)
    for key in box_lim.columns:
        values = x[key].to_numpy(dtype=float)
        inside &= (values >= float(box_lim[key].iloc[0])) & (values <= float(box_lim[key].iloc[1]))
    hits = int((inside & y).sum())
    return {
        "coverage": hits / int(y.sum()),
        "density": hits / int(inside.sum()) if inside.any() else np.nan,
        "mass": float(inside.mean()),
        "res_dim": float(len(box_lim.columns)),
    }


def choose(trajectory: pd.DataFrame, target: float = DENSITY_TARGET) -> int:
    """The step of the trajectory to report: most coverage at density >= target, else the densest."""
    dense = trajectory[trajectory["density"] >= target]
    pool = dense if len(dense) else trajectory[trajectory["density"] == trajectory["density"].max()]
    best = pool.sort_values(["coverage", "res_dim", "step"], ascending=[False, True, True])
    return int(best["step"].iloc[0])


def prim_box(x: pd.DataFrame, failed: np.ndarray, target: float = DENSITY_TARGET) -> Box:
    """PRIM's box around the failures among the points `x` (one column per uncertainty)."""
    y = np.asarray(failed, dtype=bool)
    if not y.any():
        return Box(NEVER)
    if y.all():
        return Box(ALWAYS)
    prim, _ = _ema()
    x = x.reset_index(drop=True).astype(float)
    with _quiet():
        finder = prim.Prim(x, y, threshold=target, peel_alpha=PEEL_ALPHA, mass_min=MASS_MIN)
        box = finder.find_box()
    columns = ["step", "coverage", "density", "mass", "res_dim"]
    trajectory = box.peeling_trajectory.reset_index(drop=True).rename(columns={"id": "step"})[columns]
    step = choose(trajectory, target)
    qp = box.qp[step]
    box_lim = without_weak_sides(box.box_lims[step], finder.box_init, qp)
    limits = _limits(box_lim, finder.box_init, qp)
    trajectory = trajectory.assign(role=np.where(trajectory["step"] == step, "chosen", "peel"))
    row = trajectory.iloc[step].to_dict()
    if not box_lim.equals(box.box_lims[step]):
        row = box_stats(x, y, box_lim) | {"step": np.nan, "role": "reported"}
        row["res_dim"] = float((limits["restricted"] != "").sum())
        trajectory = pd.concat([trajectory, pd.DataFrame([row])], ignore_index=True)
    coverage, density, mass = (float(row[k]) for k in ("coverage", "density", "mass"))
    return Box(BOX, limits, coverage, density, mass, trajectory, step)


def cart_boxes(x: pd.DataFrame, failed: np.ndarray) -> pd.DataFrame:
    """CART's leaves where most points fail: one row per leaf and uncertainty, with its statistics."""
    columns = ["leaf", "parameter", "low", "high", "restricted", "coverage", "density", "mass"]
    y = np.asarray(failed, dtype=bool)
    if y.all() or not y.any():
        return pd.DataFrame(columns=columns)
    _, cart = _ema()
    x = x.reset_index(drop=True).astype(float)
    with _quiet():
        tree = cart.CART(x, y, mass_min=MASS_MIN)
        tree.build_tree()
    initial = pd.DataFrame({k: [x[k].min(), x[k].max()] for k in x.columns})
    rows = []
    for leaf, (limits, stats) in enumerate(zip(tree.boxes, tree.stats, strict=True)):
        if float(stats["density"]) < 0.5:
            continue
        for _, row in _limits(limits, initial).iterrows():
            rows.append(
                {
                    "leaf": leaf,
                    **row.to_dict(),
                    "coverage": float(stats["coverage"]),
                    "density": float(stats["density"]),
                    "mass": float(stats["mass"]),
                }
            )
    return pd.DataFrame(rows, columns=columns)
