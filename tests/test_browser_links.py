"""Every link on both sites, clicked in a real browser: none runs script (issue 15).

A small site carries script-running links in every place content reaches a page:
Markdown links, reference links, autolinks and raw ``<a>`` tags in update messages,
descriptions, postmortem sections and internal notes, in every spelling that got
past filters before (``JaVaScRiPt:``, a leading space, a tab, ``data:``,
``vbscript:``), next to the allowed kinds (an https tracker link, a mailto link, a
relative link) and a ``nav:`` tab. Both audiences are built by MkDocs and served on
127.0.0.1; every distinct link in the page content and the tabs of every page is
clicked, with a handler that records any dialog. Script would show itself as an
``alert``; none may appear.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lxml_html

from tests.support.browser import js_errors, offline, serve_directory
from tests.support.builds import mkdocs_build
from tests.support.sites import incident_text, site_config_yaml, write_site

AT = "2026-03-20T12:00:00Z"
SECTIONS = ["Summary", "Impact", "Timeline", "Root Cause", "Contributing Factors", "What Went Well",
            "What Went Poorly"]

#: Markdown and HTML that would run ``alert`` when clicked, were it left live.
PAYLOADS = "\n\n".join([
    "[plain](javascript:alert('md'))",
    "[mixed case](JaVaScRiPt:alert('case'))",
    "[spaced]( javascript:alert('space'))",
    "[entity](&#106;avascript:alert('entity'))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+)",
    "[vb](vbscript:msgbox('vb'))",
    "[reference][evil]",
    "<javascript:alert('autolink')>",
    "<a href=\"javascript:alert('raw')\">raw anchor</a>",
    "<a href=\"java&#x09;script:alert('tab')\">tab anchor</a>",
    "<a href=\"#\" onclick=\"alert('onclick')\">handler</a>",
    "[safe](https://example.com/ok) [mail](mailto:ops@example.com) [relative](../../history/)",
    "[evil]: javascript:alert('reference')",
])
PAYLOAD_YAML = '"' + PAYLOADS.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _postmortem(visibility: str) -> str:
    body = "\n".join(f"## {title}\n\n{PAYLOADS}\n" for title in SECTIONS)
    return f"""---
title: Postmortem ({visibility})
incidents: [2026-03-14-api]
status: published
visibility: {visibility}
date: 2026-03-18
summary: {PAYLOAD_YAML}
action_items:
  - title: Tracker link
    owner: Sam Lee
    due: 2026-04-01
    link: https://tracker.example/OPS-1
  - title: Mail link
    owner: Sam Lee
    due: 2026-04-02
    link: mailto:ops@example.com
  - title: Relative link
    owner: Dana Ortiz
    due: 2026-04-03
    link: ../../history/
---
{body}"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    config = site_config_yaml() + "nav:\n  - About: about.md\n  - Docs: https://docs.example.com/\n"
    root = write_site(
        tmp_path_factory.mktemp("links"),
        config_text=config,
        incidents={
            "2026-03-14-api": incident_text(
                extra=f"internal:\n  notes: {PAYLOAD_YAML}", body=PAYLOADS,
            ).replace("message: We are investigating.", f"message: {PAYLOAD_YAML}"),
            "2026-03-19-web": incident_text(
                title="Web", components="[web]", started="2026-03-19T09:00:00Z", resolved=None,
            ).replace("message: We are investigating.", f"message: {PAYLOAD_YAML}"),
        },
        postmortems={"2026-03-18-public": _postmortem("public"), "2026-03-18-internal": _postmortem("internal")},
    )
    out = tmp_path_factory.mktemp("built")
    return {
        audience: mkdocs_build(root, at=AT, audience=audience, site_dir=out / audience)
        for audience in ("public", "internal")
    }


def _pages(site: Path) -> list[str]:
    """The site's pages that hold a link no page before them holds (read with lxml, so
    the browser opens only the pages it has something to click on)."""
    pages = sorted(
        p.relative_to(site).as_posix().removesuffix("index.html")
        for p in site.rglob("index.html")
        if not p.relative_to(site).as_posix().startswith(("assets/", "search/"))
    )
    seen: set[str] = set()
    chosen = []
    for path in pages:
        tree = lxml_html.fromstring((site / path / "index.html").read_bytes())
        links = tree.xpath("//main//a[@href] | //nav[contains(@class, 'md-tabs')]//a[@href]")
        targets = {urljoin("http://site/" + path, link.get("href")) for link in links}
        if targets - seen:
            chosen.append(path)
            seen |= targets
    return chosen


#: Each visible link in the page's content and tabs: (its index among all, its href, where it leads).
_LINKS = """() => Array.from(document.querySelectorAll('main a[href], .md-tabs a[href]'))
    .map((a, index) => [index, a.getAttribute('href'), a.href, a.checkVisibility()])
    .filter((link) => link[3]).map((link) => link.slice(0, 3))"""


def _goto(page: Any, url: str) -> None:
    """Load ``url``; a navigation the last click started may interrupt a try."""
    from playwright.sync_api import Error

    for attempt in range(3):
        try:
            page.goto(url, wait_until="domcontentloaded")
            return
        except Error:
            if attempt == 2:
                raise
            page.wait_for_timeout(200)


def _click_every_link(page: Any, base_url: str, pages: list[str]) -> tuple[set[str], list[str]]:
    """Click each distinct link once (by where it leads), on the first page that has
    it, as a person would. Returns the hrefs clicked and the dialogs that opened."""
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message} (on {page.url})")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.context.on("page", lambda new_page: new_page.on("dialog", on_dialog))
    clicked: set[str] = set()
    seen: set[str] = set()
    for path in pages:
        url = base_url + path
        _goto(page, url)
        stayed = True
        for index, href, target in page.evaluate(_LINKS):
            if target in seen:
                continue
            seen.add(target)
            clicked.add(href)
            if not stayed:  # the last click may have left the page (or be leaving it)
                _goto(page, url)
            page.locator("main a[href], .md-tabs a[href]").nth(index).click(
                no_wait_after=True, timeout=5000)
            stayed = target.split("#", 1)[0] == url
            page.wait_for_timeout(50)
    page.wait_for_timeout(200)
    return clicked, dialogs


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_no_link_on_the_site_runs_script(audience: str, sites: dict[str, Path], page: Any) -> None:
    site = sites[audience]
    errors = offline(page)
    # Links off the site lead to a stub page instead of a failed load (registered
    # after ``offline``, so this route is asked first).
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
               else route.fulfill(status=200, content_type="text/html", body="<p>elsewhere</p>"))
    with serve_directory(site) as base_url:
        clicked, dialogs = _click_every_link(page, base_url, _pages(site))
    assert dialogs == []
    assert [e for e in js_errors(errors) if "alert" in e] == []
    # The test clicked what it was meant to: the safe kinds of content links, the nav
    # tab, and (internal) the action-item links, on every page of the site.
    assert {"https://example.com/ok", "mailto:ops@example.com", "https://docs.example.com/"} <= clicked
    if audience == "internal":
        assert "https://tracker.example/OPS-1" in clicked
    schemes = {urlsplit(urljoin(base_url, href)).scheme for href in clicked}
    assert schemes <= {"http", "https", "mailto"}, schemes


def test_the_payloads_reach_every_page_kind(sites: dict[str, Path]) -> None:
    """Guards the premise: the hostile text is on the incident, postmortem and
    status pages (shown as text or as a defused link), so the clicks above covered it."""
    internal = sites["internal"]
    for path in ("incidents/2026-03-14-api/index.html", "postmortems/2026-03-18-internal/index.html", "index.html"):
        assert "plain" in (internal / path).read_text(encoding="utf-8"), path


@pytest.fixture(autouse=True)
def _no_leak(sites: dict[str, Path]) -> Iterator[None]:
    yield
    assert "Postmortem (internal)" not in "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in sites["public"].rglob("*.html"))
