"""Dark mode in a real browser: Material's palette toggle on statuspress's pages.

The fixture site declares no palette, so statuspress gives it Material's toggle
(system preference, light, dark). The pages must follow the reader's
``prefers-color-scheme`` on a first visit, switch with the toggle (remembered on the
next page), and axe-core must find no serious or critical problem in either scheme.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.browser import (
    assert_no_axe_violations,
    js_errors,
    offline,
    save_screenshot,
    serve_directory,
)
from tests.support.builds import mkdocs_build
from tests.support.status_fixture import AT, write_status_fixture

PAGES = ["", "incidents/2026-03-14-api-errors/", "incidents/2026-03-25-db-upgrade/", "history/", "components/web/"]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = mkdocs_build(write_status_fixture(tmp_path_factory.mktemp("dark")), at=AT)
    with serve_directory(site) as url:
        yield url


def _scheme(page: Any) -> str:
    return str(page.evaluate("document.body.getAttribute('data-md-color-scheme')"))


def _visible_toggle(page: Any) -> Any:
    return page.locator("form[data-md-component=palette] label:not([hidden])")


@pytest.mark.parametrize(("preference", "scheme"), [("light", "default"), ("dark", "slate")])
def test_pages_follow_the_system_scheme_and_stay_accessible(
    page: Any, base_url: str, preference: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=preference)
    errors = offline(page)
    for url in PAGES:
        page.goto(base_url + url)
        page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{scheme}'")
        # The first option (system preference) is current: its label offers light mode.
        assert _visible_toggle(page).get_attribute("title") == "Switch to light mode"
        assert_no_axe_violations(page)
    page.goto(base_url)
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{scheme}'")
    save_screenshot(page, f"status-{preference}-scheme", full_page=True)
    assert js_errors(errors) == []


def test_toggle_switches_and_is_remembered(page: Any, base_url: str) -> None:
    page.emulate_media(color_scheme="light")
    errors = offline(page)
    page.goto(base_url)
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    _visible_toggle(page).click()  # system -> light
    assert _visible_toggle(page).get_attribute("title") == "Switch to dark mode"
    _visible_toggle(page).click()  # light -> dark
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert _visible_toggle(page).get_attribute("title") == "Switch to system preference"
    banner = page.locator(".sp-banner").evaluate("b => getComputedStyle(b).backgroundColor")
    assert banner == "rgb(194, 65, 12)"  # the banner keeps its colour (white text, 5.2:1)
    status = page.locator(".sp-status--major_outage").first.evaluate("s => getComputedStyle(s).color")
    assert status == "rgb(255, 138, 128)"  # the slate variant of the status word
    # The choice is Material's (local storage): the next page opens dark.
    page.goto(base_url + "history/")
    assert _scheme(page) == "slate"
    assert_no_axe_violations(page)
    assert js_errors(errors) == []
