"""A pinned notice in a customer's page, in a real browser (Debian's Chromium): the
iframe (``embed/status/``) shows it, the widget stays silent (a notice does not affect
the service), and the status page pins it above the headline without an axe
violation."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import assert_no_axe_violations, collect_console_errors, serve_directory
from tests.support.builds import mkdocs_build
from tests.support.sites import write_site

AT = "2026-03-20T12:00:00Z"
NOTICE = """
    ---
    title: A new dashboard is coming
    type: notice
    pinned: true
    started: 2026-03-18T09:00:00Z
    ends: 2026-04-01T00:00:00Z
    ---
    The new dashboard arrives on 1 April.
    """
HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme dashboard</title><link rel="icon" href="data:,"></head>
<body><main><h1>Acme dashboard</h1>
<iframe src="{site}embed/status/" title="Acme status" width="480" height="260"></iframe></main>
<script src="{site}embed/widget.js" async></script></body></html>
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(the status site's URL, the host page's URL), each on its own origin."""
    root = write_site(tmp_path_factory.mktemp("notice-site"), {"2026-03-18-new-dashboard": NOTICE})
    site = mkdocs_build(root, at=AT)
    host = tmp_path_factory.mktemp("notice-host")
    with contextlib.ExitStack() as stack:
        base = stack.enter_context(serve_directory(site, headers={"Access-Control-Allow-Origin": "*"}))
        (host / "index.html").write_text(HOST_PAGE.format(site=base), encoding="utf-8")
        yield base, stack.enter_context(serve_directory(Path(host)))


def _offline(page: Any) -> None:
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:"))
               else route.abort())
    page.clock.set_fixed_time(datetime.fromisoformat(AT.replace("Z", "+00:00")))


def test_the_iframe_shows_a_pinned_notice_and_the_widget_stays_silent(page: Any, served: tuple[str, str]) -> None:
    _offline(page)
    errors = collect_console_errors(page)
    page.goto(served[1])
    page.wait_for_function("() => window.StatuspressWidget !== undefined")
    page.evaluate("() => window.StatuspressWidget.refresh()")
    frame = page.frame_locator("iframe")
    frame.locator("h1").wait_for()
    assert frame.locator("h1").inner_text() == "All Systems Operational"
    assert [li.inner_text() for li in frame.locator("li").all()] == [
        "A new dashboard is coming\nNotice · updated 2026-03-18 09:00 UTC"]
    assert page.locator("[data-statuspress-widget]").count() == 0
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_status_page_pins_the_notice_accessibly(page: Any, served: tuple[str, str], scheme: str) -> None:
    _offline(page)
    page.emulate_media(color_scheme=scheme)
    errors = collect_console_errors(page)
    page.goto(served[0])
    pinned = page.locator("section[aria-label='Pinned notices'] article")
    assert pinned.locator("h2").inner_text() == "A new dashboard is coming"
    assert pinned.is_visible()
    # Above the headline: the first thing a reader sees.
    assert pinned.bounding_box()["y"] < page.locator(".sp-banner").bounding_box()["y"]
    assert_no_axe_violations(page)
    assert errors == []
