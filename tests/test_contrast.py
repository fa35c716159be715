"""Status colours keep WCAG AA contrast in both colour schemes.

axe-core (in the browser tests, run in light and dark) checks text; it does not check
graphics. These tests hold the colours themselves: status words and muted text at
4.5:1 on the page background, uptime-bar fills at 3:1 (WCAG 1.4.11, non-text
contrast), banner and badge texts at 4.5:1 on their fills, and the same for the
embed page, the widget and the charts. The dark background is Material's slate
(``hsla(225deg, 15%, 14%)``, i.e. #1e2129).
"""

from __future__ import annotations

import re
from importlib import resources

import pytest

from statuspress.render.badge import COLOURS, LABEL_FILL
from statuspress.render.charts import BAR_COLOUR, LINE_COLOUR, SERIES_COLOURS
from tests.support.contrast import contrast, properties

LIGHT_BG = "#ffffff"
SLATE_BG = "#1e2129"
STATUSES = ("operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance")


def _package_text(*parts: str) -> str:
    return (resources.files("statuspress").joinpath(*parts)).read_text(encoding="utf-8")


def _schemes() -> dict[str, tuple[dict[str, str], str]]:
    css = _package_text("assets", "statuspress.css")
    light = properties(css, ":root")
    dark = {**light, **properties(css, '[data-md-color-scheme="slate"]')}
    return {"light": (light, LIGHT_BG), "dark": (dark, SLATE_BG)}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_status_words_and_muted_text(scheme: str) -> None:
    colours, background = _schemes()[scheme]
    for name in [f"--sp-{s}-text" for s in STATUSES] + ["--sp-muted"]:
        assert contrast(colours[name], background) >= 4.5, (scheme, name, colours[name])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_uptime_bar_fills(scheme: str) -> None:
    colours, background = _schemes()[scheme]
    for name in [f"--sp-{s}" for s in STATUSES] + ["--sp-nodata"]:
        ratio = contrast(colours[name], background)
        assert ratio >= 3, f"{scheme}: {name} {colours[name]} has {ratio:.2f}:1 on {background}"


def test_banners() -> None:
    css = _package_text("assets", "statuspress.css")
    light, _ = _schemes()["light"]
    fills = dict(re.findall(r"\.sp-banner--(\w+) \{ background: (#[0-9a-f]{6})", css))
    fills["none"] = light["--sp-operational-text"]  # `background: var(--sp-operational-text)`
    slate_none = re.search(r'slate"\] \.sp-banner--none \{ background: (#[0-9a-f]{6})', css)
    assert slate_none is not None
    assert set(fills) == {"none", "minor", "major", "critical", "maintenance"}
    for indicator, fill in [*fills.items(), ("none (slate)", slate_none.group(1))]:
        text = "#1f2329" if indicator == "minor" else "#ffffff"
        assert contrast(text, fill) >= 4.5, (indicator, fill)


def test_badges() -> None:
    for indicator, (_, fill, text) in COLOURS.items():
        assert contrast(text, fill) >= 4.5, (indicator, fill, text)
    assert contrast("#ffffff", LABEL_FILL) >= 4.5


def test_charts_on_their_own_background() -> None:
    """The SVG charts draw their own white background, so one check covers both schemes."""
    chart = _package_text("templates", "statuspress", "charts", "_chart.svg")
    assert 'fill="#ffffff"/>' in chart
    for colour in (*SERIES_COLOURS, BAR_COLOUR, LINE_COLOUR):
        assert contrast(colour, LIGHT_BG) >= 3, colour
    for text in set(re.findall(r'<text [^>]*fill="(#[0-9a-f]{6})"', chart)):
        assert contrast(text, LIGHT_BG) >= 4.5, text


def _embed_schemes() -> dict[str, dict[str, str]]:
    template = _package_text("templates", "statuspress", "embed", "status.html")
    found = dict(re.findall(r"\{% set (light|dark) %\}([^{]*)\{% endset %\}", template))
    return {name: dict(re.findall(r"(--\w+):(#[0-9a-f]{3,6})", value)) for name, value in found.items()}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_embed_page(scheme: str) -> None:
    colours = _embed_schemes()[scheme]
    for name in ("--fg", "--muted", "--link"):
        assert contrast(colours[name], colours["--bg"]) >= 4.5, (scheme, name)
    for name in ("--minor", "--major", "--critical", "--maintenance", "--none"):
        assert contrast(colours[name], colours["--bg"]) >= 3, (scheme, name)


def _widget_block(pattern: str) -> dict[str, str]:
    widget = _package_text("assets", "widget.js")
    match = re.search(pattern, widget)
    assert match is not None, pattern
    return dict(re.findall(r"(--\w+):(#[0-9a-f]{3,6})", match.group(1)))


def test_widget() -> None:
    light = _widget_block(r'"\.n\{([^"]*)"')
    dark = {**light, **_widget_block(r'"\.n\.dark\{([^}]*)\}')}
    for colours in (light, dark):
        for name in ("--fg", "--muted", "--link"):
            assert contrast(colours[name], colours["--bg"]) >= 4.5, name
        for name in ("--mi", "--ma", "--cr", "--mt"):
            assert contrast(colours[name], colours["--bg"]) >= 3, name
