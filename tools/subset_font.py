"""Rebuild the dashboard's Chinese web font: Noto Sans CJK SC cut down to the characters it shows.

    python -m tools.subset_font REGULAR BOLD

REGULAR and BOLD are Noto Sans CJK (SIL Open Font License 1.1): Debian's fonts-noto-cjk
(NotoSansCJK-Regular.ttc, NotoSansCJK-Bold.ttc; the Simplified Chinese face is taken from the
collection) or the noto-cjk release's NotoSansCJKsc-Regular.otf and -Bold.otf. The subsets are
written as WOFF2 to model/dashboard/assets/fonts/, next to the licence. Run it again whenever
tests/test_dashboard.py says a Chinese character of the dashboard is missing from the font.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "model" / "dashboard" / "assets" / "fonts"
WEIGHTS = ("Regular", "Bold")
FAMILY = "Noto Sans CJK SC"
# What the font is asked for (and the page's @font-face unicode-range): CJK punctuation, ideographs
# and full-width forms. Latin letters, digits and symbols come from the page's Latin font.
CJK_RANGES = ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))


def font_path(weight: str) -> Path:
    """Where the subset of `weight` is kept (and served from)."""
    return FONTS / f"NotoSansSC-commgov-{weight}.woff2"


def is_cjk(char: str) -> bool:
    """Whether `char` is one the served font must provide."""
    return any(low <= ord(char) <= high for low, high in CJK_RANGES)


def dashboard_text() -> str:
    """Every Chinese string the dashboard can show: its labels, levers, outcomes, scenarios, communities."""
    from model import i18n
    from model.dashboard.catalogue import Catalogue
    from model.outcomes import BY_NAME

    texts = [i18n.t(key, "zh") for prefix in ("ui.", "map.") for key in i18n.string_keys(prefix)]
    for key in i18n.schema_keys():
        texts += [i18n.key_label(key, "zh"), i18n.key_unit(key, "zh")]
        texts += [i18n.choice_label(key, choice, "zh") for choice in i18n.choices(key)]
    for name in BY_NAME:
        texts += [i18n.outcome_label(name, "zh"), i18n.outcome_unit(name, "zh")]
    offered = Catalogue()  # the shipped scenarios, subdistricts and their communities
    for ident in [*offered.ids(), *offered.picks]:
        texts += [offered.label(ident, "zh"), offered.description(ident, "zh", "")]
    texts.append("中文")  # the language button (a language's own name, in every language)
    return "".join(texts)


def cjk_characters() -> str:
    """The CJK characters of `dashboard_text()`, sorted: what the subsets contain."""
    return "".join(sorted({char for char in dashboard_text() if is_cjk(char)}))


def _simplified_face(source: Path) -> Any:
    """The Simplified Chinese face of `source` (a single font, or the SC member of a collection)."""
    from fontTools.ttLib import TTCollection, TTFont

    if source.read_bytes()[:4] != b"ttcf":
        return TTFont(source)
    faces = TTCollection(source).fonts
    found = [face for face in faces if face["name"].getDebugName(1) == FAMILY]
    if not found:
        raise SystemExit(f"{source} has no {FAMILY} face")
    return found[0]


def subset(source: Path, target: Path, characters: str) -> None:
    """Write `characters` of `source`'s Simplified Chinese face to `target` as WOFF2."""
    from fontTools import subset as fontsubset

    font = _simplified_face(source)
    options = fontsubset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep vertical forms and punctuation spacing
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.notdef_outline = True
    subsetter = fontsubset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.recalcTimestamp = False  # the same source gives the same bytes
    font.save(target)


def main(argv: list[str] | None = None) -> int:
    """Subset both weights; print what was written."""
    parser = argparse.ArgumentParser(prog="python -m tools.subset_font", description=__doc__.splitlines()[0])
    parser.add_argument("regular", type=Path, help="Noto Sans CJK Regular (.ttc or SC .otf)")
    parser.add_argument("bold", type=Path, help="Noto Sans CJK Bold (.ttc or SC .otf)")
    args = parser.parse_args(argv)
    characters = cjk_characters()
    for weight, source in zip(WEIGHTS, (args.regular, args.bold), strict=True):
        target = font_path(weight)
        subset(source, target, characters)
        print(f"{target.relative_to(ROOT)}: {len(characters)} characters, {target.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
