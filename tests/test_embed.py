"""The iframe embed (``embed/status/``) and the widget script in the built files.

What a customer's dashboard shows in each state: the headline, the open incident or
maintenance with its stage and last update, links into the status page; the page
stays under 10 KB and requests nothing (no script, stylesheet, image or font).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from lxml import html as lxml_html

from statuspress.build import ShellContext, build_outputs
from statuspress.render.embed import EMBED_SCHEMES, MAX_NOTICES
from statuspress.render.templating import make_environment
from tests.support.builds import text, texts
from tests.support.embed_fixture import STATES, write_embed_fixture
from tests.support.sites import load, write_site

PAGES = ["embed/status/index.html", "embed/status/light/index.html", "embed/status/dark/index.html"]


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return load(write_embed_fixture(tmp_path_factory.mktemp("embed")))


def _files(site, state: str) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    return build_outputs(site, _at(STATES[state]), make_environment(), shell=ShellContext("Acme Status")).files


def _shown(page: bytes) -> tuple[str, list[str], list[str]]:
    tree = lxml_html.fromstring(page)
    return (
        text(tree.xpath("//h1")[0]),
        texts(tree, "//li"),
        [a.get("href") for a in tree.xpath("//li/a")],
    )


EXPECTED = {
    "operational": ("All Systems Operational", [], []),
    "incident": (
        "Minor Service Outage",
        ["Checkout errors Major impact · Identified · updated 2026-05-10 09:40 UTC",
         "Database upgrade Maintenance · Scheduled · 2026-05-12 22:00 UTC – 2026-05-12 23:00 UTC"],
        ["incidents/2026-05-10-checkout-errors/", "incidents/2026-05-12-db-upgrade/"],
    ),
    "maintenance-upcoming": (
        "All Systems Operational",
        ["Database upgrade Maintenance · Scheduled · 2026-05-12 22:00 UTC – 2026-05-12 23:00 UTC"],
        ["incidents/2026-05-12-db-upgrade/"],
    ),
    "maintenance-active": (
        "Service Under Maintenance",
        [("Database upgrade Maintenance · In progress · 2026-05-12 22:00 UTC – 2026-05-12 23:00 UTC"
          " · updated 2026-05-12 22:00 UTC")],
        ["incidents/2026-05-12-db-upgrade/"],
    ),
}


@pytest.mark.parametrize("state", list(STATES))
def test_embed_page_shows_the_state(site, state: str) -> None:  # type: ignore[no-untyped-def]
    files = _files(site, state)
    headline, notices, links = EXPECTED[state]
    for path, prefix in zip(PAGES, ["../../", "../../../", "../../../"], strict=True):
        assert _shown(files[path]) == (headline, notices, [prefix + link for link in links])
        tree = lxml_html.fromstring(files[path])
        footer = tree.xpath("//footer")[0]
        assert text(footer) == f"Acme status page · as of {STATES[state][:10]} {STATES[state][11:16]} UTC"
        assert footer.xpath("a/@href") == [prefix]
        # Links leave the iframe: the status page opens in its own tab.
        assert {a.get("target") for a in tree.xpath("//a")} == {"_blank"}


@pytest.mark.parametrize("state", list(STATES))
def test_embed_page_is_small_and_self_contained(site, state: str) -> None:  # type: ignore[no-untyped-def]
    files = _files(site, state)
    for path in PAGES:
        assert len(files[path]) < 10_000
        tree = lxml_html.fromstring(files[path])
        assert tree.xpath("//script | //link | //img | //iframe | //object | //embed") == []
        assert tree.xpath("//*[@src]") == []
        assert "url(" not in files[path].decode() and "@import" not in files[path].decode()


def test_embed_schemes(site) -> None:  # type: ignore[no-untyped-def]
    """The plain page follows the reader's scheme; light/ and dark/ are fixed."""
    files = _files(site, "incident")
    assert EMBED_SCHEMES == ("auto", "light", "dark")
    pages = {path: files[path].decode() for path in PAGES}
    auto, light, dark = pages.values()
    assert '<meta name="color-scheme" content="light dark">' in auto
    assert "@media (prefers-color-scheme:dark)" in auto
    assert '<meta name="color-scheme" content="light">' in light and "prefers-color-scheme" not in light
    assert '<meta name="color-scheme" content="dark">' in dark and "prefers-color-scheme" not in dark
    assert ":root{--bg:#fff;" in light and ":root{--bg:#1e2129;" in dark


def test_embed_page_caps_the_notices(tmp_path: Path) -> None:
    incidents = {
        f"2026-05-10-outage-{n}": f"""
        ---
        title: Outage {n}
        severity: SEV3
        components: [api]
        started: 2026-05-10T0{n}:00:00Z
        ---
        """
        for n in range(1, 6)
    }
    site = load(write_site(tmp_path, incidents=incidents))
    files = build_outputs(site, _at("2026-05-10T12:00:00Z"), make_environment(), shell=ShellContext("Acme")).files
    _, notices, _ = _shown(files[PAGES[0]])
    assert [n.split(" Minor")[0] for n in notices] == ["Outage 5", "Outage 4", "Outage 3"]
    assert len(notices) == MAX_NOTICES
    footer = text(lxml_html.fromstring(files[PAGES[0]]).xpath("//footer")[0])
    assert footer.startswith("And 2 more. Acme status page")


def test_widget_script_is_shipped(site) -> None:  # type: ignore[no-untyped-def]
    widget = _files(site, "operational")["embed/widget.js"].decode()
    assert len(widget.encode()) < 12_000
    assert "api/v2/summary.json" in widget
    code = widget.split("*/", 1)[1]  # after the usage comment
    # One global only; no import, no URL of its own (it reads the site it came from).
    assert code.count("window.StatuspressWidget =") == 1
    assert "import " not in code and "http" not in code
