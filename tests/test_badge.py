"""Status badge (SVG, shields.io endpoint) (statuspress.render.badge)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import pytest

from statuspress.load import Site
from statuspress.render.badge import badge_for, badges, text_width
from statuspress.render.templating import make_environment
from statuspress.views.snapshot import snapshot
from tests.support.sites import load, timeline_site, write_site

AT = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return timeline_site(tmp_path)


def test_badge_files(site: Site) -> None:
    assert sorted(badges(snapshot(site, AT), make_environment())) == ["badge.json", "badge.svg"]


def test_shields_endpoint_json_is_exact(site: Site) -> None:
    data = badges(snapshot(site, AT), make_environment())["badge.json"]
    assert data == (
        b'{"schemaVersion": 1, "label": "status", "message": "Partially Degraded Service", "color": "yellow"}'
    )


def test_svg_parses_and_is_accessible(site: Site) -> None:
    svg = ET.fromstring(badges(snapshot(site, AT), make_environment())["badge.svg"])
    assert svg.tag == SVG + "svg"
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == "status: Partially Degraded Service"
    assert svg.findtext(SVG + "title") == "status: Partially Degraded Service"
    # Widths: 36 px for "status", 150 px for the message, 6 px padding each side.
    assert (svg.get("width"), svg.get("height"), svg.get("viewBox")) == ("210", "20", "0 0 210 20")
    rects = svg.findall(f"{SVG}g/{SVG}rect")
    assert [(r.get("x"), r.get("width"), r.get("fill")) for r in rects] == [
        (None, "48", "#555"), ("48", "162", "#fbc02d"), (None, "210", "url(#s)"),
    ]
    texts = svg.findall(f"{SVG}g/{SVG}text")
    # Dark text on yellow, so no shadow under the message.
    assert [(t.text, t.get("x"), t.get("fill"), t.get("textLength")) for t in texts] == [
        ("status", "24.0", "#010101", "36"),
        ("status", "24.0", "#fff", "36"),
        ("Partially Degraded Service", "129.0", "#1a1a1a", "150"),
    ]


@pytest.mark.parametrize(("indicator", "colour", "fill"), [
    ("none", "green", "#2e7d32"),
    ("minor", "yellow", "#fbc02d"),
    ("major", "orange", "#c2410c"),
    ("critical", "red", "#c62828"),
    ("maintenance", "blue", "#1565c0"),
])
def test_colour_follows_the_indicator(indicator: str, colour: str, fill: str) -> None:
    badge = badge_for(indicator, "All Systems Operational")
    assert (badge.colour, badge.fill) == (colour, fill)
    svg = ET.fromstring(
        make_environment().get_template("statuspress/badge.svg").render(badge=badge, label_fill="#555")
    )
    assert svg.findall(f"{SVG}g/{SVG}rect")[1].get("fill") == fill
    assert svg.get("width") == str(badge.width)


def test_operational_site_badge(tmp_path: Path) -> None:
    write_site(tmp_path)
    files = badges(snapshot(load(tmp_path), AT), make_environment())
    assert json.loads(files["badge.json"]) == {
        "schemaVersion": 1, "label": "status", "message": "All Systems Operational", "color": "green",
    }
    svg = ET.fromstring(files["badge.svg"])
    assert svg.get("aria-label") == "status: All Systems Operational"


def test_text_width_is_approximate_verdana() -> None:
    assert text_width("status") == 36
    assert text_width("") == 0
    assert text_width("il") == 8  # narrow letters: 3.6 px each, rounded up
    assert text_width("MW") == 20


def test_the_badge_escapes_its_text() -> None:
    badge = badge_for("none", 'A <b>"quoted"</b> & more')
    text = make_environment().get_template("statuspress/badge.svg").render(badge=badge, label_fill="#555")
    svg = ET.fromstring(text)
    assert svg.findtext(SVG + "title") == 'status: A <b>"quoted"</b> & more'


def test_badges_are_deterministic(site: Site) -> None:
    env = make_environment()
    assert badges(snapshot(site, AT), env) == badges(snapshot(site, AT), env)
