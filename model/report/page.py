"""The report as one HTML page: its head, contents list and sections in order, the figures embedded."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version

from model.report.arrangements import arrangements
from model.report.caveats import caveats
from model.report.communities import communities
from model.report.context import Context
from model.report.findings import findings
from model.report.groups import groups
from model.report.markup import CSS, esc, section
from model.report.question import question
from model.report.reproduce import reproduce
from model.report.results import results
from model.report.settings import settings


def html_page(ctx: Context) -> str:
    """The whole page: nothing loaded from outside it (no scripts, fonts, styles or images)."""
    try:
        release = version("commgov")
    except PackageNotFoundError:
        release = "(development)"
    sections = [
        findings(ctx),
        question(ctx),
        arrangements(ctx),
        settings(ctx),
        results(ctx),
        groups(ctx),
        communities(ctx),
        _figures(ctx),
        caveats(ctx),
        reproduce(ctx),
    ]
    titles = re.findall(r'<section id="([^"]+)">\n<h2>([^<]*)</h2>', "\n".join(sections))
    nav = "".join(f'<li><a href="#{a}">{title}</a></li>' for a, title in titles)
    title = ctx.tr("report.title", name=ctx.r.name)
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = (
        f"<h1>{esc(title)}</h1>\n"
        f'<p class="sub">{esc(ctx.tr("report.generated", version=release, date=date))} '
        f"<code>{esc(ctx.r.directory)}</code></p>\n"
        f"<nav><b>{esc(ctx.tr('report.contents'))}</b><ol>{nav}</ol></nav>"
    )
    html_lang = "zh-CN" if ctx.lang == "zh" else "en"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{head}\n" + "\n".join(sections) + "\n</main>\n</body>\n</html>\n"
    )


def _figures(ctx: Context) -> str:
    """The Figures section: each figure as an embedded PNG with its caption, and where its files went."""
    items = ctx.figures.items if ctx.figures else []
    if not items:
        return section("figures", ctx.tr("report.figures"), f"<p>{esc(ctx.tr('report.figures.none'))}</p>")
    parts = []
    for item in items:
        data = base64.b64encode(item.png).decode("ascii")
        parts.append(
            f'<figure id="fig-{esc(item.name)}">'
            f'<img alt="{esc(item.title)}" src="data:image/png;base64,{data}">'
            f"<figcaption><b>{esc(item.title)}.</b> {esc(item.caption)}</figcaption></figure>"
        )
    if ctx.figures_folder:
        parts.append(f'<p class="note">{esc(ctx.tr("report.figures.files", folder=ctx.figures_folder))}</p>')
    return section("figures", ctx.tr("report.figures"), "\n".join(parts))
