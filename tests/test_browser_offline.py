"""Every kind of page of both sites loads with nothing but the site itself.

A status page must load when the company's infrastructure and the internet around it
are in trouble, and must not tell a font CDN who reads it. The example site (the
repository's own ``mkdocs.yml``) is built public and internal, served on 127.0.0.1,
and every kind of page is opened in Debian's Chromium at desktop and phone widths
with every request to another host refused. Nothing may be refused, no request may
fail (a 404 included), and the console must stay free of errors: unlike the other
browser tests, nothing is filtered out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import DESKTOP, PHONE, serve_directory, set_viewport
from tests.support.builds import mkdocs_build

REPO = Path(__file__).resolve().parents[1]
AT = "2026-12-15T12:00:00Z"
LOCAL = "http://127.0.0.1:"

#: One page of each kind: (label, a glob under the built site, or an exact path).
PUBLIC_KINDS = [
    ("status page", ""),
    ("incident", "incidents/*/"),
    ("maintenance", "maintenance"),
    ("history", "history/"),
    ("component", "components/*/"),
    ("Markdown page (Material)", "about/"),
    ("not found", "404.html"),
]
INTERNAL_KINDS = [
    *PUBLIC_KINDS,
    ("postmortem archive", "postmortems/"),
    ("postmortem", "postmortems/20*/"),
    ("facet index", "postmortems/tag/"),
    ("facet page", "postmortems/tag/*/"),
    ("action items", "action-items/"),
    ("action items of an owner", "action-items/*/"),
    ("metrics", "metrics/"),
    ("quarterly review", "metrics/*/"),
]


def _maintenance_id() -> str:
    for path in sorted((REPO / "incidents").glob("*.md")):
        if re.search(r"^type:\s*maintenance\s*$", path.read_text(encoding="utf-8"), re.M):
            return path.stem
    raise AssertionError("the example site has no maintenance")


def _url(site: Path, pattern: str) -> str:
    """The first page of the built site that matches ``pattern``."""
    if pattern == "maintenance":
        return f"incidents/{_maintenance_id()}/"
    if "*" not in pattern:
        target = site / pattern
        assert (target / "index.html").is_file() or target.is_file(), pattern
        return pattern
    found = sorted(p.parent for p in site.glob(pattern + "index.html"))
    assert found, pattern
    return found[0].relative_to(site).as_posix() + "/"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[str, Path]]]:
    built = {
        audience: mkdocs_build(REPO, at=AT, audience=audience,
                               site_dir=tmp_path_factory.mktemp(audience) / "site")
        for audience in ("public", "internal")
    }
    with serve_directory(built["public"]) as public, serve_directory(built["internal"]) as internal:
        yield {"public": (public, built["public"]), "internal": (internal, built["internal"])}


def _load_recording(page: Any, url: str) -> list[str]:
    """Open ``url`` and wait for the network to settle; everything that went wrong."""
    problems: list[str] = []

    def route(route: Any) -> None:
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            problems.append(f"request to another host: {route.request.url}")
            route.abort()

    def on_response(response: Any) -> None:
        if response.status >= 400:
            problems.append(f"HTTP {response.status}: {response.url}")

    def on_failed(request: Any) -> None:
        if request.url.startswith(LOCAL):
            problems.append(f"failed request: {request.url} ({request.failure})")

    def on_console(message: Any) -> None:
        if message.type == "error":
            problems.append(f"console error: {message.text}")

    page.route("**/*", route)
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"uncaught: {exc}"))
    page.goto(url, wait_until="networkidle")
    return problems


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_every_kind_of_page_loads_from_the_site_alone(browser: Any, sites: Any, audience: str) -> None:
    base, site = sites[audience]
    kinds = PUBLIC_KINDS if audience == "public" else INTERNAL_KINDS
    seen: dict[str, list[str]] = {}
    for size in (DESKTOP, PHONE):
        context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="en-US",
                                      timezone_id="UTC")
        try:
            for label, pattern in kinds:
                url = _url(site, pattern)
                page = context.new_page()
                set_viewport(page, size)
                problems = _load_recording(page, base + url)
                if problems:
                    seen[f"{label} ({url}) at {size[0]}px"] = problems
                page.close()
        finally:
            context.close()
    assert seen == {}
