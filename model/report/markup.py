"""The report's style and the HTML pieces every section is built from: tables, paragraphs, headings."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

from model import i18n

MAX_TABLE_ROWS = 40  # rows of a sweep's points shown; the rest are in the results folder's tables


def esc(value: Any) -> str:
    """`value` as HTML text, quotes included, so nothing in a label or path can break the page."""
    return html.escape(str(value), quote=True)


CSS = """
:root { --ink: #1a1a1a; --muted: #5a5a5a; --line: #d9d9d9; --zebra: #f6f6f6;
        --better: #0072B2; --better-bg: #e1eef8; --worse: #B34700; --worse-bg: #fbe8dc; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans",
       "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
       color: var(--ink); line-height: 1.5; margin: 0; background: #fff; }
html:lang(zh-CN) body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
       "Microsoft YaHei", "WenQuanYi Micro Hei", system-ui, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 1.75rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 22px 0 6px; }
p, li { max-width: 72em; }
.sub { color: var(--muted); margin: 0 0 12px; }
.question { font-size: 1.12rem; font-weight: 600; }
nav ol { columns: 2; margin: 6px 0 0; padding-left: 1.4em; }
table { border-collapse: collapse; margin: 8px 0 14px; font-size: 0.92rem; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 10px; text-align: left; vertical-align: top; }
th { background: #eeeeee; font-weight: 600; max-width: 14em; }
.wide { overflow-x: auto; }
.ci { color: var(--muted); font-size: 0.85rem; }
tbody tr:nth-child(even) td { background: var(--zebra); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.changed { font-weight: 700; }
tr.group th { background: #fff; border-bottom: 2px solid var(--ink); padding-top: 14px; }
.verdict { font-weight: 600; white-space: nowrap; padding: 1px 8px; border-radius: 10px; }
.v-better { color: var(--better); background: var(--better-bg); }
.v-worse { color: var(--worse); background: var(--worse-bg); }
.v-higher, .v-lower, .v-none { color: var(--muted); background: #eeeeee; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.86rem; }
code { color: #444; }
pre { background: #f3f3f3; padding: 10px 12px; overflow-x: auto; white-space: pre-wrap;
      word-break: break-all; border-left: 3px solid #999; }
figure { margin: 18px 0 28px; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 4px; max-width: 72em; }
figcaption b { color: var(--ink); }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; }
dl.settings dt { font-weight: 600; }
dl.settings dd { margin: 0; }
.caveats li { margin-bottom: 6px; }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--muted); }
.note { color: var(--muted); font-size: 0.9rem; }
.failed { color: var(--worse); border-left: 3px solid var(--worse); padding-left: 10px; }
@media print { main { max-width: none; } nav { display: none; } figure { break-inside: avoid; } }
"""



def section(anchor: str, title: str, body: str) -> str:
    """A section of the page with its heading; the contents list is read from these."""
    return f'<section id="{anchor}">\n<h2>{esc(title)}</h2>\n{body}\n</section>'


def table(
    header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = (), raw: bool = False
) -> str:
    """An HTML table; cells are escaped unless `raw` (then they are HTML already)."""

    def cell(tag: str, i: int, value: str) -> str:
        cls = ' class="num"' if i in numeric else ""
        return f"<{tag}{cls}>{value if raw else esc(value)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = "\n".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows)
    return wide_table(f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>")


def wide_table(inner: str) -> str:
    """A table that scrolls sideways on a narrow screen instead of overflowing the page."""
    return f'<div class="wide"><table>\n{inner}\n</table></div>'


def para(text: str, cls: str | None = None) -> str:
    """A paragraph of plain text."""
    return f'<p class="{cls}">{esc(text)}</p>' if cls else f"<p>{esc(text)}</p>"


def labelled(label: str, code: str) -> str:
    """A label for people with the name code uses below it."""
    return f"{esc(label)}<br><code>{esc(code)}</code>"


def verdict_html(verdict: str, lang: str) -> str:
    """A comparison's verdict as a coloured tag: blue better, vermillion worse, grey otherwise."""
    cls = {"better": "v-better", "worse": "v-worse", "higher": "v-higher", "lower": "v-lower"}.get(
        verdict, "v-none"
    )
    return f'<span class="verdict {cls}">{esc(i18n.t("report.verdict." + verdict, lang))}</span>'
