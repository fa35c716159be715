"""The example site in German and Japanese, in a real browser.

The repository's example site is built with ``theme.language: de`` and ``ja`` (a copy,
with that one line added). A visitor sees the status page in that language in light
and dark, Material's own search texts are Material's for that language, axe-core
finds no serious or critical problem, and screenshots are saved under
``tests/artifacts/screenshots/`` (``status-de-light``, ``status-ja-light``,
``status-ja-dark``, ``status-de-dark``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import assert_no_axe_violations, js_errors, offline, save_screenshot, serve_directory
from tests.support.builds import mkdocs_build

REPO = Path(__file__).resolve().parents[1]
#: An incident (card authorisations, minor) is open at this time in the example site.
AT = "2026-12-15T12:00:00Z"

#: What a visitor reads, per language: (CSS selector, its exact visible text).
SEEN: dict[str, list[tuple[str, str]]] = {
    "de": [
        (".sp-banner__text", "Teilweise eingeschränkter Dienst"),
        ("#sp-active", "Aktive Vorfälle"),
        ("#sp-components", "Komponenten"),
        ("#sp-recent", "Letzte 7 Tage"),
        (".md-tabs__item:nth-child(2) .md-tabs__link", "Verlauf"),
        (".sp-bar__to", "Heute"),
        (".sp-subscribe a[href$='maintenance.ics']", "Wartungskalender"),
    ],
    "ja": [
        (".sp-banner__text", "サービスの一部で性能低下"),
        ("#sp-active", "発生中のインシデント"),
        ("#sp-components", "コンポーネント"),
        ("#sp-recent", "過去 7 日間"),
        (".md-tabs__item:nth-child(2) .md-tabs__link", "履歴"),
        (".sp-bar__to", "今日"),
        (".sp-subscribe a[href$='maintenance.ics']", "メンテナンスカレンダー"),
    ],
}
#: The first status card's line under its title: impact and stage in the language,
#: the incident's own title above it as written.
NOTICE = {
    "de": "Geringe Auswirkung · Beobachtung",
    "ja": "軽微な影響 · 監視中",
}
TITLE = "Slow card authorisations for some European cards"


def _example_site(language: str, folder: Path) -> Path:
    for name in ("incidents", "postmortems", "overrides", "pages"):
        shutil.copytree(REPO / name, folder / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.count("\n  name: material\n") == 1
    (folder / "mkdocs.yml").write_text(
        config.replace("\n  name: material\n", f"\n  name: material\n  language: {language}\n"), encoding="utf-8")
    return mkdocs_build(folder, at=AT, site_dir=folder / "site")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    built = {language: _example_site(language, tmp_path_factory.mktemp(language)) for language in SEEN}
    with serve_directory(built["de"]) as german, serve_directory(built["ja"]) as japanese:
        yield {"de": german, "ja": japanese}


@pytest.mark.parametrize(("language", "preference"), [("de", "light"), ("ja", "light"), ("ja", "dark"),
                                                      ("de", "dark")])
def test_status_page_in_the_site_language(page: Any, sites: dict[str, str], language: str,
                                          preference: str) -> None:
    page.emulate_media(color_scheme=preference)
    errors = offline(page)
    page.goto(sites[language])
    scheme = "slate" if preference == "dark" else "default"
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{scheme}'")
    assert page.locator("html").get_attribute("lang") == language
    for selector, expected in SEEN[language]:
        found = page.locator(selector).first
        assert found.is_visible(), selector
        assert found.inner_text().strip() == expected, selector
    card = page.locator("#sp-active ~ .sp-notice").first
    assert card.locator(".sp-notice__title").inner_text() == TITLE
    assert card.locator(".sp-notice__head .sp-notice__meta").inner_text().startswith(NOTICE[language])
    assert_no_axe_violations(page)
    save_screenshot(page, f"status-{language}-{preference}", full_page=True)
    assert js_errors(errors) == []


@pytest.mark.parametrize(("language", "placeholder", "prompt"), [
    ("de", "Suche", "Suchbegriff eingeben"),
    ("ja", "検索", "検索キーワードを入力してください"),
])
def test_material_search_speaks_the_site_language(page: Any, sites: dict[str, str], language: str,
                                                 placeholder: str, prompt: str) -> None:
    errors = offline(page)
    page.goto(sites[language])
    query = page.locator("input.md-search__input")
    assert query.get_attribute("placeholder") == placeholder
    query.click()
    # Material's script writes this once its worker is ready, from the __config texts.
    page.locator(".md-search-result__meta", has_text=prompt).wait_for()
    assert js_errors(errors) == []
