"""The scenarios a dashboard offers: the shipped ones and the files the facilitator named at launch.

The browser picks a scenario by its identifier in this list, never by a path: anything else is
refused, so a participant cannot make the server read a file. A shipped scenario's identifier is
its name (`yicheng`); a named file's is its file name without ".toml", numbered when it is taken
(`yicheng-2` for an edited copy of yicheng.toml). `commgov dashboard FILE ...` checks the files
before the server starts and hands their full paths to it in $COMMGOV_DASHBOARD_FILES.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from model import i18n, shipped
from model.errors import InputError

FILES_ENV = "COMMGOV_DASHBOARD_FILES"
# The scenario menu's order: the baseline, the separation variants, each force, the whole reform.
# Shipped scenarios not listed come after these, by name.
SCENARIO_ORDER = (
    "traditional",
    "separation",
    "separation_equal_staff",
    "committee_expanded",
    "separation_strict",
    "separation_nominal",
    "separation_understaffed",
    "task_gatekeeping",
    "party_network",
    "self_governance",
    "social_participation",
    "market",
    "yicheng",
)


@dataclass(frozen=True)
class Entry:
    """One scenario on offer: where it is read from and, for a named file, its own title."""

    path: Path
    title: str = ""  # a named file's own title (shipped titles come from the i18n catalogue)
    title_zh: str = ""
    named: bool = False


class Catalogue:
    """The scenarios on offer, by identifier, in the menu's order."""

    def __init__(self, files: Sequence[str | Path] = ()) -> None:
        from model.scenario import find_scenario, load_scenario, shipped_scenarios

        names = shipped_scenarios()  # one community each: the dashboard shows no subdistrict
        order = [n for n in SCENARIO_ORDER if n in names] + [n for n in names if n not in SCENARIO_ORDER]
        self.entries: dict[str, Entry] = {n: Entry(shipped.named(n, "scenarios")) for n in order}
        for file in files:
            path = find_scenario(file)
            scenario = load_scenario(file)  # a ScenarioError in one sentence, before the server starts
            ident = path.stem
            base, number = ident, 1
            while ident in self.entries:
                number += 1
                ident = f"{base}-{number}"
            title = scenario.title or ident
            full = Path(os.path.abspath(path))
            self.entries[ident] = Entry(full, title, scenario.title_zh or title, named=True)

    def ids(self) -> list[str]:
        """The identifiers in the menu's order: shipped (SCENARIO_ORDER first), then the named files."""
        return list(self.entries)

    def __contains__(self, ident: object) -> bool:
        return isinstance(ident, str) and ident in self.entries

    def path(self, ident: str) -> Path:
        """The file behind `ident`; ValueError for anything not on offer."""
        if ident not in self:
            raise ValueError("not a scenario this dashboard offers")
        return self.entries[ident].path

    def label(self, ident: str, lang: str) -> str:
        """The menu's text for `ident` in `lang`."""
        entry = self.entries.get(ident)
        if entry is None or not entry.named:
            return i18n.scenario_label(ident, lang)
        return entry.title_zh if lang == "zh" else entry.title

    def files(self) -> list[Path]:
        """The named files (what the launch hands to the server)."""
        return [entry.path for entry in self.entries.values() if entry.named]


def files_value(catalogue: Catalogue) -> str:
    """$COMMGOV_DASHBOARD_FILES for the server: the named files' full paths."""
    return os.pathsep.join(str(path) for path in catalogue.files())


@cache
def current() -> Catalogue:
    """This server's catalogue, from $COMMGOV_DASHBOARD_FILES (a file gone bad since launch is left out)."""
    files = [f for f in os.environ.get(FILES_ENV, "").split(os.pathsep) if f]
    usable = []
    for file in files:
        try:
            Catalogue([file])
        except InputError as error:
            print(f"commgov dashboard: left out of the menu: {error}", file=sys.stderr, flush=True)
        else:
            usable.append(file)
    return Catalogue(usable)
