"""The scenarios a dashboard offers: the shipped ones and the files the facilitator named at launch.

The browser picks a scenario by its identifier in this list, never by a path: anything else is
refused, so a participant cannot make the server read a file. A shipped scenario's identifier is
its name (`yicheng`); a named file's is its file name without ".toml", numbered when it is taken
(`yicheng-2` for an edited copy of yicheng.toml). A subdistrict file (shipped or named) is on the
menu too, and each of its communities is offered by its own identifier (model/dashboard/communities.py).
`commgov dashboard FILE ...` checks the files before the server starts and hands their full paths
to it in $COMMGOV_DASHBOARD_FILES.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from model import i18n, shipped
from model.dashboard import communities
from model.errors import InputError
from model.schema import Scenario

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
    subdistrict: bool = False  # a subdistrict file: the arm runs one of its communities


def _unique(ident: str, taken: Collection[str]) -> str:
    """`ident`, numbered when it is taken (`yicheng-2`)."""
    base, number = ident, 1
    while ident in taken:
        number += 1
        ident = f"{base}-{number}"
    return ident


class Catalogue:
    """The scenarios and subdistricts on offer, by identifier, in the menu's order, and the communities."""

    def __init__(self, files: Sequence[str | Path] = ()) -> None:
        from model.scenario import find_scenario, load_scenario, shipped_scenarios
        from model.subdistrict import is_subdistrict

        names = shipped_scenarios()
        order = [n for n in SCENARIO_ORDER if n in names] + [n for n in names if n not in SCENARIO_ORDER]
        self.entries: dict[str, Entry] = {n: Entry(shipped.named(n, "scenarios")) for n in order}
        for name in shipped.names("scenarios"):
            if name not in names:
                self.entries[name] = Entry(shipped.named(name, "scenarios"), subdistrict=True)
        for file in files:
            path = find_scenario(file)
            full = Path(os.path.abspath(path))
            ident = _unique(path.stem, self.entries)
            if is_subdistrict(path):  # a ScenarioError in one sentence, before the server starts
                self.entries[ident] = Entry(full, named=True, subdistrict=True)
                communities.loaded(full)
                continue
            scenario = load_scenario(file)
            title = scenario.title or ident
            self.entries[ident] = Entry(full, title, scenario.title_zh or title, named=True)
        self.picks: dict[str, communities.Pick] = {}
        for district, entry in self.entries.items():
            if entry.subdistrict:
                for ident, pick in communities.picks(district, entry.path):
                    self.picks[_unique(ident, self.picks)] = pick

    def ids(self) -> list[str]:
        """The menu's identifiers: shipped (SCENARIO_ORDER first), shipped subdistricts, then named files."""
        return list(self.entries)

    def __contains__(self, ident: object) -> bool:
        return isinstance(ident, str) and (ident in self.entries or ident in self.picks)

    def path(self, ident: str) -> Path:
        """The file behind menu identifier `ident`; ValueError for anything not on offer."""
        if ident not in self or ident in self.picks:
            raise ValueError("not a scenario this dashboard offers")
        return self.entries[ident].path

    def pick(self, ident: str) -> communities.Pick | None:
        """The community `ident` names, or None for a one-community scenario."""
        return self.picks.get(ident)

    def arm(self, ident: str) -> str:
        """What an arm runs for menu identifier `ident`: a subdistrict's first community, else `ident`."""
        if ident not in self:
            raise ValueError("not a scenario this dashboard offers")
        if ident in self.entries and self.entries[ident].subdistrict:
            return next(i for i, pick in self.picks.items() if pick.district == ident)
        return ident

    def menu_value(self, ident: str) -> str:
        """The scenario menu's value for an arm running `ident`: a community's subdistrict, else `ident`."""
        pick = self.picks.get(ident)
        return pick.district if pick is not None else ident

    def community_ids(self, ident: str) -> list[str]:
        """The communities of the subdistrict `ident` belongs to, as in the subdistrict (the second menu)."""
        district = self.menu_value(ident)
        return [i for i, pick in self.picks.items() if pick.district == district and pick.reformed]

    def twin(self, ident: str, reformed: bool) -> str:
        """Community `ident` as in the subdistrict (`reformed`) or without the reform."""
        pick = self.picks[ident]
        wanted = replace(pick, reformed=reformed)
        return next(i for i, other in self.picks.items() if other == wanted)

    def scenario(self, ident: str) -> Scenario:
        """What arm identifier `ident` runs, before the dashboard's settings; ValueError if not offered."""
        from model.scenario import load_scenario

        if ident not in self or self.arm(ident) != ident:  # a subdistrict: an arm runs a community of it
            raise ValueError("not a scenario this dashboard offers")
        pick = self.picks.get(ident)
        if pick is not None:
            return communities.scenario(pick)
        return load_scenario(self.entries[ident].path)

    def label(self, ident: str, lang: str) -> str:
        """The menu's text for `ident` in `lang` (a community: name, type and size)."""
        pick = self.picks.get(ident)
        if pick is not None:
            return communities.label(pick, lang)
        entry = self.entries.get(ident)
        if entry is not None and entry.subdistrict:
            return communities.district_label(entry.path, lang)
        if entry is None or not entry.named:
            return i18n.scenario_label(ident, lang)
        return entry.title_zh if lang == "zh" else entry.title

    def description(self, ident: str, lang: str, own: str) -> str:
        """What arm `ident` runs, in a sentence: a community's type, a shipped scenario's, else `own`."""
        pick = self.picks.get(ident)
        if pick is not None:
            return communities.type_description(pick, lang)
        return i18n.scenario_description(ident, lang, own)

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
