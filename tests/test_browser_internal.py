"""The internal knowledge base in a real browser (Debian's Chromium via Playwright).

The example site (the repository's own ``mkdocs.yml``: Lumen's incidents and
postmortems) is built by MkDocs with ``audience: internal`` and served over HTTP on
127.0.0.1. Material's search must find a word that appears only in one postmortem's
Root Cause and list that postmortem first; clicking the result opens it. axe-core
must find no serious or critical violation on the archive, a postmortem, the action
items and the metrics pages. Screenshots at desktop and phone width go to
``tests/artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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

REPO = Path(__file__).resolve().parents[1]
#: After the example site's last incident (2026-12-06).
AT = "2026-12-15T12:00:00Z"
#: Appears once in the example content: in the Root Cause of this (internal) postmortem.
WORD = "conntrack"
POSTMORTEM = "postmortems/2026-09-29-api-timeouts/"
TITLE = "API timeouts when connection churn exhausted a kernel table on the pooler nodes"


def test_the_word_is_only_in_that_root_cause() -> None:
    """Guards the browser test's premise against edits of the example content."""
    found = [p.relative_to(REPO).as_posix() for folder in ("incidents", "postmortems", "pages")
             for p in sorted((REPO / folder).rglob("*.md")) if WORD in p.read_text(encoding="utf-8").lower()]
    assert found == ["postmortems/2026-09-29-api-timeouts.md"]
    text = (REPO / found[0]).read_text(encoding="utf-8").lower()
    root_cause = text.split("## root cause", 1)[1].split("\n## ", 1)[0]
    assert text.count(WORD) == root_cause.count(WORD) == 1


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = mkdocs_build(REPO, at=AT, audience="internal", site_dir=tmp_path_factory.mktemp("internal") / "site")
    with serve_directory(site) as url:
        yield url


def test_search_finds_the_root_cause_postmortem_first(page: Any, base_url: str) -> None:
    errors = offline(page)
    page.goto(base_url + "postmortems/")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(WORD)  # Material searches on key events
    first = page.locator(".md-search-result__item").first
    first.wait_for(state="visible")
    # Material adds ?h=<query> to highlight the word on the page it opens.
    links = [urlsplit(a.get_attribute("href") or "") for a in first.locator("a").all()]
    assert links[0].path == "/" + POSTMORTEM
    # The section that matched is listed under it, with its anchor.
    assert ("/" + POSTMORTEM, "root-cause") in [(link.path, link.fragment) for link in links]
    assert page.locator(".md-search-result__item").count() == 1
    save_screenshot(page, "internal-search-results")
    first.locator("a").first.click()
    page.wait_for_url(re.compile(re.escape(POSTMORTEM) + r"(\?[^#]*)?(#.*)?$"))
    assert page.locator("h1").inner_text() == TITLE
    assert WORD in page.locator("section[aria-labelledby='root-cause']").inner_text()
    assert js_errors(errors) == []


@pytest.mark.parametrize(("url", "name"), [
    ("postmortems/", "internal-archive"),
    ("postmortems/tag/", "internal-archive-tags"),
    (POSTMORTEM, "internal-postmortem"),
    ("action-items/", "internal-action-items"),
    ("action-items/mei-lin/", "internal-action-items-owner"),
    ("metrics/", "internal-metrics"),
    ("metrics/2026-q3/", "internal-quarter"),
])
def test_pages_are_accessible_and_look_right(page: Any, base_url: str, url: str, name: str) -> None:
    errors = offline(page)
    set_viewport(page, DESKTOP)
    page.goto(base_url + url)
    assert page.locator("h1").is_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, name, full_page=True)
    set_viewport(page, PHONE)
    # Nothing is wider than a phone: wide tables scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    assert_no_axe_violations(page)
    save_screenshot(page, name + "-phone")
    assert js_errors(errors) == []


def test_pages_are_accessible_in_dark_mode(page: Any, base_url: str) -> None:
    """The example site's palette toggle follows the reader's dark preference."""
    page.emulate_media(color_scheme="dark")
    errors = offline(page)
    for url in ("postmortems/", POSTMORTEM, "action-items/", "metrics/"):
        page.goto(base_url + url)
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        assert_no_axe_violations(page)
    save_screenshot(page, "internal-metrics-dark", full_page=True)
    assert js_errors(errors) == []


def test_archive_works_without_javascript(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                   else route.abort())
        page.goto(base_url + "postmortems/")
        page.get_by_role("link", name="Payments API").first.click()
        page.wait_for_url(re.compile(r"postmortems/service/api/$"))
        assert page.locator("h1").inner_text() == "Postmortems: service Payments API"
        assert page.locator("li.sp-pm").count() == 3
        # The charts are inline SVG: visible with no script at all.
        page.goto(base_url + "metrics/")
        chart = page.locator("figure.sp-chart svg").first
        box = chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 150
    finally:
        context.close()


@pytest.mark.parametrize("url", [POSTMORTEM, "action-items/", "metrics/"])
def test_a_phone_reaches_every_tab_and_every_table_column(page: Any, base_url: str, url: str) -> None:
    errors = offline(page)
    set_viewport(page, PHONE)
    page.goto(base_url + url)
    # The internal build says so, on a phone too.
    assert page.locator("header .sp-internal-badge").is_visible()
    tabs = page.locator(".sp-tabs .md-tabs__link")
    names = [tabs.nth(i).inner_text().strip() for i in range(tabs.count())]
    assert names[:2] == ["Status", "History"] and "Postmortems" in names and "Metrics" in names
    for index in range(tabs.count()):
        link = tabs.nth(index)
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0] + 1, names[index]
    tables = page.locator("table")
    assert tables.count() > 0
    for index in range(tables.count()):
        table = tables.nth(index)
        # Scroll the table's own box to its right end: the last header cell comes into view.
        table.evaluate(
            "t => { for (let e = t.parentElement; e; e = e.parentElement) { e.scrollLeft = e.scrollWidth; } }")
        last = table.locator("tr").first.locator("th, td").last
        box = last.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE[0] + 1, (url, index)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    assert js_errors(errors) == []
