"""`commgov run` for a subdistrict file: run its communities, print the pooled table, write the tables.

`model.cli` hands a subdistrict file (one that lists [[communities]]) to `run_subdistrict_file`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from model import i18n
from model.cli import PROG, checked_output_dir, outcomes_table, run_folder, run_overrides
from model.files import safe_name, write_atomic, write_file
from model.formatting import table_number
from model.text_table import text_table

i18n.add_strings(
    {
        "subdistrict.heading": {
            "en": "{name}: {communities} communities, {residents:,} residents, {weeks} weeks, seed {seed}",
            "zh": "{name}：{communities} 个社区，居民 {residents:,} 人，{weeks} 周，随机种子 {seed}",
        },
        "subdistrict.windows": {
            "en": "Pooled over the communities (summed numerators and denominators). before = weeks "
            "before the first community adopts the reform (week {first}); after = from week {after}, "
            "once every community adopting it within the run has; final = last quarter of the run.",
            "zh": "按社区汇总（分子、分母分别加总）。改革前 = 第一个社区推行改革（第 {first} 周）之前；"
            "改革后 = 自第 {after} 周起，即运行期内推行改革的社区全部完成之后；"
            "最后一季 = 运行的最后一个季度。",
        },
        "subdistrict.community": {"en": "Community", "zh": "社区"},
        "subdistrict.type": {"en": "type", "zh": "类型"},
        "subdistrict.residents": {"en": "residents", "zh": "居民"},
        "subdistrict.reform_week": {"en": "reform week", "zh": "改革周"},
    }
)
COMMUNITY_COLUMNS = ("needs_met_on_time", "satisfaction", "trust")  # printed per community (final quarter)
DESCRIBED = ("community", "type", "residents", "reform_week")


def community_lines(table: Any, lang: str) -> list[tuple[str, ...]]:
    """The printed per-community table: who, when, and a few final-quarter outcomes."""
    header = tuple(i18n.t(f"subdistrict.{c}", lang) for c in DESCRIBED)
    header += tuple(i18n.outcome_label(name, lang) for name in COMMUNITY_COLUMNS)
    lines = [header]
    for _, row in table.iterrows():
        cells = (row["community"], row["type"], f"{int(row['residents']):,}", str(int(row["reform_week"])))
        lines.append(cells + tuple(table_number(row[name]) for name in COMMUNITY_COLUMNS))
    return lines


def run_subdistrict_file(args: argparse.Namespace) -> int:
    """`commgov run SUBDISTRICT`: every community, the pooled outcomes, communities.csv."""
    from model.scenario import resolved_toml, scenario_to_dict
    from model.scenario.budget import check_run, estimate
    from model.subdistrict import load_subdistrict, run_subdistrict
    from model.subdistrict.loading import parse_override

    overrides = run_overrides(args)
    subdistrict = load_subdistrict(args.scenario, overrides)
    for community in subdistrict.communities:
        shown = f"{args.scenario}, community {community.entry.name!r}"
        check_run(estimate(scenario_to_dict(community.scenario)), shown, args.allow_large)
    folder = run_folder(subdistrict.name, overrides, parse_override)
    out = Path(args.out) if args.out else Path("results") / folder
    checked_output_dir(out)

    result = run_subdistrict(subdistrict)

    outcomes, table = result.outcomes, result.community_table
    spec = subdistrict.spec
    print(
        i18n.t(
            "subdistrict.heading",
            args.lang,
            name=subdistrict.name,
            communities=len(subdistrict.communities),
            residents=result.residents,
            weeks=spec.run.weeks,
            seed=spec.run.seed,
        )
    )
    legend = i18n.t("subdistrict.windows", args.lang, first=result.first_reform, after=result.after_start)
    if spec.run.weeks <= result.first_reform:
        legend += i18n.t("run.ends_early", args.lang, week=result.first_reform)
    print(legend)
    print()
    print(outcomes_table(outcomes, args.lang))
    print()
    print(text_table(community_lines(table, args.lang), left=2))

    files = {
        "outcomes.csv": lambda p: outcomes.to_csv(p, index=False),
        "communities.csv": lambda p: table.to_csv(p, index=False),
        "timeseries.csv": lambda p: result.timeseries.to_csv(p),
    }
    scenarios = {
        f"communities/{n:02d}-{safe_name(c.entry.name)}.toml": c.scenario
        for n, c in enumerate(subdistrict.communities, 1)
    }
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, write in files.items():
            write_atomic(out / name, write)
        for name, scenario in scenarios.items():
            write_file(out / name, resolved_toml(scenario))
    except OSError as error:
        print(f"{PROG}: error: cannot write {out}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"\nwrote {out}{os.sep} ({', '.join(files)}, communities/*.toml)")
    return 0
