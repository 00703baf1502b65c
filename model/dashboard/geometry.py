"""The community map's geometry: where each building sits, and what each building shows this week."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from model.needs import NeedKind

COLOUR_BY = ("satisfaction", "belonging", "trust")


@dataclass(frozen=True)
class BuildingLayout:
    """Where each building sits on the map: compounds are blocks, buildings cells in a block."""

    x: np.ndarray  # column of each building
    y: np.ndarray  # row of each building
    width: int
    height: int
    compound_centres: tuple[tuple[float, float], ...]


def layout_of(population: Any) -> BuildingLayout:
    """Compounds as near-square blocks of cells, blocks in near-square rows, one cell apart."""
    compound_of = np.asarray(population.building_compound)
    buildings = len(compound_of)
    compounds = int(compound_of.max()) + 1 if buildings else 0
    per_compound = np.bincount(compound_of, minlength=compounds) if buildings else np.zeros(0, int)
    largest = int(per_compound.max()) if buildings else 1
    block_w = max(int(np.ceil(np.sqrt(largest))), 1)
    block_h = max(int(np.ceil(largest / block_w)), 1)
    blocks_per_row = max(int(np.ceil(np.sqrt(max(compounds, 1) * block_h / block_w * 4 / 3))), 1)
    first = np.searchsorted(compound_of, np.arange(compounds)) if buildings else np.zeros(0, int)
    index_in_compound = np.arange(buildings) - first[compound_of] if buildings else np.zeros(0, int)
    block_col = compound_of % blocks_per_row
    block_row = compound_of // blocks_per_row
    x = block_col * (block_w + 1) + index_in_compound % block_w
    y = block_row * (block_h + 1) + index_in_compound // block_w
    rows = int(np.ceil(compounds / blocks_per_row)) if compounds else 1
    centres = tuple(
        (
            float((c % blocks_per_row) * (block_w + 1) + (block_w - 1) / 2),
            float((c // blocks_per_row) * (block_h + 1) + (block_h - 1) / 2),
        )
        for c in range(compounds)
    )
    return BuildingLayout(
        x=x.astype(np.int32),
        y=y.astype(np.int32),
        width=int(min(blocks_per_row, max(compounds, 1)) * (block_w + 1) - 1),
        height=int(rows * (block_h + 1) - 1),
        compound_centres=centres,
    )


@dataclass
class MapData:
    """What the map of one community shows this week."""

    grid: np.ndarray  # (height, width): mean colour attribute of the building in each cell, NaN = none
    building_values: np.ndarray  # mean colour attribute per building
    disputes: np.ndarray  # neighbour disputes waiting, per building
    waiting: np.ndarray  # residents' needs waiting (every kind), per building
    layout: BuildingLayout
    colour_by: str


def map_data(
    community: Any, colour_by: str = "satisfaction", layout: BuildingLayout | None = None
) -> MapData:
    """Per-building means and waiting needs of `community`, laid out on the map grid."""
    if colour_by not in COLOUR_BY:
        raise ValueError(f"colour_by must be one of {', '.join(COLOUR_BY)}, not {colour_by!r}")
    population = community.population
    layout = layout or layout_of(population)
    buildings = len(population.building_compound)
    residents = np.bincount(population.building, minlength=buildings)
    total = np.bincount(population.building, weights=getattr(population, colour_by), minlength=buildings)
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.where(residents > 0, total / np.maximum(residents, 1), np.nan)
    book = community.book
    waiting = book.waiting
    who = book.resident[waiting]
    kinds = book.kind[waiting]
    own = who >= 0  # top-down tasks belong to nobody
    where = population.building[who[own]]
    waiting_count = np.bincount(where, minlength=buildings)
    disputes = np.bincount(where[kinds[own] == NeedKind.DISPUTE], minlength=buildings)
    grid = np.full((layout.height, layout.width), np.nan)
    grid[layout.y, layout.x] = values
    return MapData(grid, values, disputes, waiting_count, layout, colour_by)
