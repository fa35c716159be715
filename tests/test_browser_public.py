"""The public site in a real browser (Debian's Chromium driven by Playwright).

The fixture site (``tests/support/status_fixture.py``) is built by MkDocs and served
over HTTP on 127.0.0.1. The status page and an incident page must show their banner,
components, uptime bars and timeline; a day's tooltip must open on keyboard focus and
on hover (CSS only: the pages work without JavaScript); Material's search must find
our incidents; axe-core must find no serious or critical violation. Screenshots at
desktop and phone width go to ``tests/artifacts/screenshots/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.browser import (
    DESKTOP,
    PHONE,
    assert_no_axe_violations,
    js_errors,
    offline,
    save_screenshot,
    serve_directory,
    set_viewport,
)
from tests.support.builds import mkdocs_build
from tests.support.status_fixture import AT, write_status_fixture


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = mkdocs_build(write_status_fixture(tmp_path_factory.mktemp("browser")), at=AT)
    with serve_directory(site) as url:
        yield url


def _tip_width(page: Any, day: Any) -> float:
    box = day.locator(".sp-tip").bounding_box()
    assert box is not None
    return box["width"]


def test_status_page(page: Any, base_url: str) -> None:
    errors = offline(page)
    page.goto(base_url)
    banner = page.locator(".sp-banner")
    assert banner.is_visible()
    assert banner.inner_text().split("\n")[0] == "Partial System Outage"
    components = page.locator(".sp-component")
    assert components.count() == 3
    for index in range(3):
        assert components.nth(index).is_visible()
        assert components.nth(index).locator(".sp-status").is_visible()
    assert page.locator(".sp-component").first.locator(".sp-status").inner_text() == "Operational"
    bars = page.locator("ol.sp-bar")
    assert bars.count() == 3
    box = bars.first.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 20
    days = bars.first.locator("li.sp-day")
    assert days.count() == 90
    day_box = days.nth(83).bounding_box()
    assert day_box is not None and day_box["width"] > 3

    # Keyboard: focusing a day opens its tooltip (CSS :focus, no script involved).
    day = days.nth(83)
    assert _tip_width(page, day) <= 1
    day.focus()
    assert _tip_width(page, day) > 150
    tip = day.locator(".sp-tip")
    assert tip.inner_text().split("\n") == [
        "14 Mar 2026", "98.12 % uptime.", "Partial outage for 1 h 30 min: Elevated API errors",
    ]
    day.evaluate("element => element.scrollIntoView({block: 'center'})")
    save_screenshot(page, "status-desktop-tooltip")
    # Tab moves to the next day and its tooltip.
    page.keyboard.press("Tab")
    assert _tip_width(page, days.nth(84)) > 150
    assert _tip_width(page, day) <= 1
    # Hover works too.
    page.locator("body").click(position={"x": 5, "y": 5})
    days.nth(10).hover()
    assert _tip_width(page, days.nth(10)) > 150

    legend = page.locator(".sp-bar__legend").first
    assert legend.inner_text().split("\n") == ["90 days ago", "99.97 % uptime", "Today"]
    assert_no_axe_violations(page)
    save_screenshot(page, "status-desktop", full_page=True)
    set_viewport(page, PHONE)
    # Phones show the last 30 days, as Statuspage does; the figure says it is 90 days'.
    assert days.nth(59).is_hidden() and days.nth(60).is_visible()
    assert legend.inner_text().split("\n") == ["30 days ago", "99.97 % uptime over 90 days", "Today"]
    assert_no_axe_violations(page)
    save_screenshot(page, "status-phone", full_page=True)
    assert js_errors(errors) == []


def test_incident_page(page: Any, base_url: str) -> None:
    errors = offline(page)
    page.goto(base_url + "incidents/2026-03-14-api-errors/")
    assert page.locator("h1").inner_text() == "Elevated API errors"
    stages = page.locator("ol.sp-stages > li")
    assert stages.count() == 4
    assert all(stages.nth(i).is_visible() for i in range(4))
    assert page.locator("ol.sp-stages > li[aria-current='step'] .sp-stage__name").inner_text() == "Resolved"
    updates = page.locator("ol.sp-updates > li")
    assert [updates.nth(i).locator(".sp-update__stage").inner_text() for i in range(updates.count())] == [
        "Resolved", "Identified", "Update", "Investigating",
    ]
    assert updates.first.is_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, "incident-desktop", full_page=True)
    set_viewport(page, PHONE)
    assert updates.first.is_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, "incident-phone", full_page=True)
    assert js_errors(errors) == []


@pytest.mark.parametrize("url", ["history/", "history/page/2/", "components/web/", "incidents/2026-03-25-db-upgrade/",
                                 "incidents/2026-03-19-web-down/"])
def test_other_pages_are_accessible(page: Any, base_url: str, url: str) -> None:
    errors = offline(page)
    page.goto(base_url + url)
    assert page.locator("h1").is_visible()
    assert_no_axe_violations(page)
    set_viewport(page, PHONE)
    assert_no_axe_violations(page)
    set_viewport(page, DESKTOP)
    assert js_errors(errors) == []


def test_readable_without_javascript(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": DESKTOP[0], "height": DESKTOP[1]})
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                   else route.abort())
        page.goto(base_url)
        assert page.locator(".sp-banner").is_visible()
        day = page.locator("ol.sp-bar").first.locator("li.sp-day").nth(83)
        day.focus()
        assert _tip_width(page, day) > 150
        page.goto(base_url + "incidents/2026-03-14-api-errors/")
        assert page.locator("ol.sp-updates > li").count() == 4
    finally:
        context.close()


def test_material_search_finds_incidents(page: Any, base_url: str) -> None:
    errors = offline(page)
    page.goto(base_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("load balancer")  # Material searches on key events
    result = page.locator(".md-search-result__item").first
    result.wait_for(state="visible")
    assert "Website unreachable" in result.inner_text()
    link = result.locator("a").first.get_attribute("href")
    assert link is not None and link.endswith("incidents/2026-03-19-web-down/")
    assert js_errors(errors) == []


def test_local_time_is_added_where_the_reader_is_not_in_utc(browser: Any, base_url: str) -> None:
    context = browser.new_context(timezone_id="Europe/Paris", locale="en-GB")
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                   else route.abort())
        page.goto(base_url + "incidents/2026-03-14-api-errors/")
        first = page.locator("ol.sp-updates > li").first
        assert first.locator("time").inner_text() == "2026-03-14 10:30 UTC"
        assert first.locator(".sp-local").inner_text() == "14 Mar 2026, 11:30 CET (your time)"
    finally:
        context.close()

