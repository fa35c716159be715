"""The embeds inside a customer's page, in a real browser (Debian's Chromium).

The fixture site (``tests/support/embed_fixture.py``) is built by MkDocs once per
state and served on 127.0.0.1 with ``Access-Control-Allow-Origin: *`` (as GitHub Pages
sends it). A host page on another loopback origin (another port) embeds both the
iframe (``embed/status/``) and the script (``embed/widget.js``). For every state the
test asserts what the visitor sees in each, that axe-core finds no serious or critical
problem in light and dark, and that the host page logs no console error. Atlassian's own
``@statuspage/status-widget`` must read the same summary. The browser clock is set to the build's as-of time, as the widget compares maintenance windows
with the visitor's clock.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import (
    assert_no_axe_violations,
    collect_console_errors,
    js_errors,
    save_screenshot,
    serve_directory,
)
from tests.support.builds import mkdocs_build
from tests.support.embed_fixture import STATES, write_embed_fixture

CORS = {"Access-Control-Allow-Origin": "*"}
#: Atlassian's web component (npm @statuspage/status-widget 1.0.5, Apache-2.0).
ATLASSIAN_WIDGET = Path(__file__).parent / "vendor" / "statuspage-status-widget" / "index.js"
WIDGET = "[data-statuspress-widget]"

HOST_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Acme dashboard</title>
<link rel="icon" href="data:,">
<style>
  body {{ font-family: Georgia, serif; margin: 2rem; }}
  p {{ color: rgb(34, 34, 34); }}
  button {{ background: rgb(255, 0, 0); }}
  aside {{ display: none; }}
</style>
<script>window.hostGlobals = Object.getOwnPropertyNames(window);</script>
</head>
<body>
<main>
  <h1>Acme dashboard</h1>
  <p id="host-text">Your invoices.</p>
  <iframe src="{site}embed/status/" title="Acme status" width="480" height="260"></iframe>
</main>
<script src="{site}embed/widget.js" async {attrs}></script>
</body>
</html>
"""


def _moment(at: str) -> datetime:
    return datetime.fromisoformat(at.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """state -> the base URL of the site built in that state (with the CORS header)."""
    root = write_embed_fixture(tmp_path_factory.mktemp("embed-site"))
    urls: dict[str, str] = {}
    with contextlib.ExitStack() as stack:
        for state, at in STATES.items():
            site = mkdocs_build(root, at=at, site_dir=tmp_path_factory.mktemp(state) / "site")
            urls[state] = stack.enter_context(serve_directory(site, headers=CORS))
        yield urls


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Any]:
    """Write a host page for a site and serve it on its own origin: call with the
    site's base URL (and the script's data- attributes); returns the page's URL."""
    with contextlib.ExitStack() as stack:
        def make(site: str, attrs: str = "") -> str:
            folder = tmp_path / f"host{len(list(tmp_path.iterdir()))}"
            folder.mkdir()
            (folder / "index.html").write_text(HOST_PAGE.format(site=site, attrs=attrs), encoding="utf-8")
            return stack.enter_context(serve_directory(folder))
        yield make


def _open(page: Any, url: str, at: str) -> list[str]:
    """Open the host page with the browser clock at ``at``; wait until the widget has
    read the summary; return the console errors recorded."""
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:"))
               else route.abort())
    errors = collect_console_errors(page)
    page.clock.set_fixed_time(_moment(at))
    page.goto(url)
    page.wait_for_function("() => window.StatuspressWidget !== undefined")
    page.evaluate("() => window.StatuspressWidget.refresh()")
    page.frame_locator("iframe").locator("h1").wait_for()
    return errors


def _widget_lines(page: Any) -> list[str]:
    """The notice's paragraphs as a screen reader gets them (before text-transform)."""
    return [p.text_content() for p in page.locator(f"{WIDGET} [role=status] p").all()]


#: state -> (iframe headline, iframe notice titles, widget lines or None when silent).
SEEN: dict[str, tuple[str, list[str], list[str] | None]] = {
    "operational": ("All Systems Operational", [], None),
    "incident": (
        "Minor Service Outage", ["Checkout errors", "Database upgrade"],
        ["Incident · Identified", "Checkout errors", "Major impact · Updated May 10, 2026, 9:40 AM UTC"],
    ),
    "maintenance-upcoming": (
        "All Systems Operational", ["Database upgrade"],
        ["Scheduled maintenance", "Database upgrade",
         "Starts May 12, 2026, 10:00 PM UTC, until May 12, 2026, 11:00 PM UTC"],
    ),
    "maintenance-active": (
        "Service Under Maintenance", ["Database upgrade"],
        ["Maintenance · In progress", "Database upgrade", "Until May 12, 2026, 11:00 PM UTC"],
    ),
}

LINKS = {
    "incident": "https://status.acme.test/incidents/2026-05-10-checkout-errors/",
    "maintenance-upcoming": "https://status.acme.test/incidents/2026-05-12-db-upgrade/",
    "maintenance-active": "https://status.acme.test/incidents/2026-05-12-db-upgrade/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("state", list(STATES))
def test_host_page_shows_the_state(page: Any, sites: dict[str, str], host: Any, state: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    errors = _open(page, host(sites[state]), STATES[state])
    headline, titles, widget = SEEN[state]
    frame = page.frame_locator("iframe")
    assert frame.locator("h1").inner_text() == headline
    assert [a.inner_text() for a in frame.locator("li > a").all()] == titles
    if widget is None:
        assert page.locator(WIDGET).count() == 0
    else:
        assert _widget_lines(page) == widget
        assert page.locator(f"{WIDGET} [role=status] a").first.get_attribute("href") == LINKS[state]
        assert page.locator(f"{WIDGET} aside").is_visible()  # the host's `aside {display: none}` stays out
    # The iframe follows the reader's scheme.
    background = frame.locator("body").evaluate("b => getComputedStyle(b).backgroundColor")
    assert background == ("rgb(255, 255, 255)" if scheme == "light" else "rgb(30, 33, 41)")
    # The host page is untouched: one new global (besides the iframe's window index
    # and the host's own record), its own styles as they were.
    added = page.evaluate("() => Object.getOwnPropertyNames(window).filter(n => !window.hostGlobals.includes(n))")
    assert sorted(added) == ["0", "StatuspressWidget", "hostGlobals"]
    assert page.locator("#host-text").evaluate("p => getComputedStyle(p).color") == "rgb(34, 34, 34)"
    assert_no_axe_violations(page)
    save_screenshot(page, f"embed-host-{state}-{scheme}")
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("variant", ["", "light/", "dark/"])
def test_embed_page_is_accessible(page: Any, sites: dict[str, str], variant: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    errors = collect_console_errors(page)
    page.goto(sites["incident"] + "embed/status/" + variant)
    assert page.locator("li").count() == 2
    assert_no_axe_violations(page)
    expected = (variant.rstrip("/") or scheme)
    background = page.locator("body").evaluate("b => getComputedStyle(b).backgroundColor")
    assert background == {"light": "rgb(255, 255, 255)", "dark": "rgb(30, 33, 41)"}[expected]
    # Opened on its own (not in an iframe), the browser also asks for /favicon.ico.
    assert [e for e in errors if "favicon.ico" not in e] == []


def test_widget_is_dismissed_with_the_keyboard(page: Any, sites: dict[str, str], host: Any) -> None:
    url = host(sites["incident"])
    errors = _open(page, url, STATES["incident"])
    # Tab from the host page's last control reaches the notice's link, then its button.
    page.locator(f"{WIDGET} [role=status] a").focus()
    page.keyboard.press("Tab")
    button = page.locator(f"{WIDGET} button")
    assert button.evaluate("b => b.getRootNode().activeElement === b")
    assert button.get_attribute("aria-label") == "Dismiss this notice"
    # The host's `button {background: red}` does not reach into the shadow root.
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgba(0, 0, 0, 0)"
    page.keyboard.press("Enter")
    assert page.locator(WIDGET).count() == 0
    # It stays dismissed on the next visit, until the incident is updated.
    _open(page, url, STATES["incident"])
    assert page.locator(WIDGET).count() == 0
    assert errors == []


def test_escape_dismisses_the_widget(page: Any, sites: dict[str, str], host: Any) -> None:
    _open(page, host(sites["maintenance-active"], 'data-position="top"'), STATES["maintenance-active"])
    aside = page.locator(f"{WIDGET} aside")
    # Measure where the bar comes to rest, not a frame of its slide-in.
    aside.evaluate("a => Promise.all(a.getAnimations({subtree: true}).map(x => x.finished))")
    box = aside.bounding_box()
    assert box is not None and box["y"] == 0 and box["width"] == 1280  # a bar across the top
    page.locator(f"{WIDGET} [role=status] a").focus()
    page.keyboard.press("Escape")
    assert page.locator(WIDGET).count() == 0


def test_maintenance_notice_time_is_configurable(page: Any, sites: dict[str, str], host: Any) -> None:
    # Ten hours ahead, but 0 hours asked: silent until it starts.
    _open(page, host(sites["maintenance-upcoming"], 'data-maintenance-hours="0"'), STATES["maintenance-upcoming"])
    assert page.locator(WIDGET).count() == 0
    # Eleven days ahead (silent by default, see SEEN), with 300 hours asked: shown.
    page2 = page.context.new_page()
    _open(page2, host(sites["operational"], 'data-maintenance-hours="300"'), STATES["operational"])
    assert _widget_lines(page2)[0] == "Scheduled maintenance"


def test_widget_respects_reduced_motion(page: Any, sites: dict[str, str], host: Any) -> None:
    url = host(sites["incident"])
    _open(page, url, STATES["incident"])
    animation = "a => getComputedStyle(a).animationName"
    assert page.locator(f"{WIDGET} aside").evaluate(animation) == "sp-in"
    page.emulate_media(reduced_motion="reduce")
    page.evaluate("() => localStorage.clear()")
    _open(page, url, STATES["incident"])
    assert page.locator(f"{WIDGET} aside").evaluate(animation) == "none"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_widget_is_silent_when_the_site_is_unreachable(page: Any, sites: dict[str, str], host: Any) -> None:
    dead = f"http://127.0.0.1:{_closed_port()}/"
    errors = _open(page, host(sites["incident"], f'data-site="{dead}"'), STATES["incident"])
    assert page.locator(WIDGET).count() == 0
    assert page.locator("#host-text").is_visible()
    # Only the browser's own note of the refused request: nothing thrown.
    assert js_errors(errors) == []


def test_widget_is_silent_without_the_cors_header(page: Any, tmp_path_factory: pytest.TempPathFactory,
                                                  host: Any) -> None:
    root = write_embed_fixture(tmp_path_factory.mktemp("embed-nocors"))
    site = mkdocs_build(root, at=STATES["incident"])
    with serve_directory(site) as url:
        errors = _open(page, host(url), STATES["incident"])
        assert page.locator(WIDGET).count() == 0
    assert [e for e in errors if "uncaught" in e] == []


@pytest.mark.parametrize(("state", "indicator", "description"), [
    ("operational", "none", "All Systems Operational"),
    ("incident", "minor", "Minor Service Outage"),
    ("maintenance-active", "maintenance", "Service Under Maintenance"),
])
def test_atlassian_status_widget_reads_our_summary(
    page: Any, sites: dict[str, str], tmp_path: Path, state: str, indicator: str, description: str
) -> None:
    """It fetches ``/api/v2/summary.json`` from the origin root of ``src``, across
    origins: our site at the root of its host, with the CORS header, is enough."""
    folder = tmp_path / "atlassian"
    folder.mkdir()
    (folder / "status-widget.js").write_bytes(ATLASSIAN_WIDGET.read_bytes())
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>'
        '<link rel="icon" href="data:,"></head><body><main>'
        f'<statuspage-widget src="{sites[state]}"></statuspage-widget>'
        f'<statuspage-widget src="{sites[state]}" appearance="badge"></statuspage-widget>'
        '</main><script src="status-widget.js"></script></body></html>',
        encoding="utf-8",
    )
    with serve_directory(folder) as host_url:
        errors = collect_console_errors(page)
        page.goto(host_url)
        basic, badge = page.locator("statuspage-widget").all()
        basic.locator(".status-text").wait_for()
        assert basic.locator(".status-text").inner_text() == description
        assert basic.locator(".status-indicator").get_attribute("class") == f"status-indicator {indicator}"
        assert basic.locator("a").get_attribute("href") == sites[state]
        assert badge.locator(".status-indicator").inner_text() == description.lower()  # its CSS lowercases
    # The bundle reports its own loader missing at start-up (it expects Parcel's); not ours.
    assert [e for e in errors if "parcelRequire is not defined" not in e] == []


def test_widget_works_under_a_sub_path(page: Any, tmp_path_factory: pytest.TempPathFactory, host: Any) -> None:
    """A project site (``user.github.io/status/``): the widget reads the summary next
    to itself, not at the origin root as Atlassian's component does."""
    parent = tmp_path_factory.mktemp("subpath")
    mkdocs_build(write_embed_fixture(tmp_path_factory.mktemp("subpath-src")), at=STATES["incident"],
                 site_dir=parent / "status")
    with serve_directory(parent, headers=CORS) as origin:
        _open(page, host(origin + "status/"), STATES["incident"])
        assert _widget_lines(page)[1] == "Checkout errors"
        assert page.frame_locator("iframe").locator("h1").inner_text() == "Minor Service Outage"
