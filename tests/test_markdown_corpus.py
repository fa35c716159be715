"""Every DFDS postmortem (40 real files written for GitHub) shows the list items and
tables that GitHub's renderer gives it: the postmortem pages of a real internal build
are compared, section by section, with ``cmarkgfm``'s own rendering of each file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from lxml import html as lxml_html

from statuspress.render.markdown import to_html
from tests.support.builds import mkdocs_build, page, text
from tests.support.corpora import DFDS_POSTMORTEMS, require
from tests.support.sites import incident_text, write_site

AT = "2026-03-20T12:00:00Z"


def _files() -> list[Path]:
    folder = require(DFDS_POSTMORTEMS)
    return sorted(p for p in folder.iterdir() if p.name.startswith("PM"))


def _github(markdown: str) -> Any:
    """cmark-gfm's HTML for ``markdown`` (GitHub's extensions), as an element tree."""
    rendered = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    return lxml_html.fragment_fromstring(rendered, create_parent="div")


def _items(tree: Any) -> list[str]:
    return [text(li) for li in tree.iter("li")]


def _tables(tree: Any) -> list[list[list[str]]]:
    return [[[text(cell) for cell in row.xpath("./th|./td")] for row in table.iter("tr")]
            for table in tree.iter("table")]


def _sections(tree: Any) -> list[tuple[str, Any]]:
    """The ``<h2>`` sections of cmark-gfm's rendering: (title, a div of what follows)."""
    sections: list[tuple[str, Any]] = []
    for element in tree:
        if element.tag == "h2":
            sections.append((text(element), lxml_html.Element("div")))
        elif sections:
            sections[-1][1].append(element)
    return sections


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    root = write_site(
        tmp_path_factory.mktemp("dfds"), audience="internal", postmortem_sections=[],
        incidents={"2020-02-03-platform": incident_text(started="2020-02-03T10:00:00Z",
                                                         resolved="2020-02-03T12:00:00Z")},
    )
    ids: dict[str, Path] = {}
    for number, source in enumerate(_files(), start=1):
        pm_id = f"2020-02-{number:02d}-dfds"
        ids[pm_id] = source
        front = (f"---\ntitle: {source.stem!r}\nincidents: [2020-02-03-platform]\nstatus: published\n"
                 "date: 2020-02-10\n---\n")
        (root / "postmortems" / f"{pm_id}.md").write_text(front + source.read_text(encoding="utf-8"),
                                                         encoding="utf-8")
    # Not strict: real postmortems hold real mistakes (a Timeline row a minute before the
    # row above it), which are warnings; what this test checks is the Markdown.
    return mkdocs_build(root, at=AT, audience="internal"), ids


def test_the_corpus_is_all_there() -> None:
    assert len(_files()) == 40  # 39 postmortems and the team's template


@pytest.mark.parametrize("source", _files(), ids=lambda p: p.name[:11])
def test_postmortem_markdown_keeps_githubs_lists_and_tables(source: Path) -> None:
    markdown = source.read_text(encoding="utf-8")
    ours = lxml_html.fragment_fromstring(str(to_html(markdown)), create_parent="div")
    github = _github(markdown)
    assert _items(ours) == _items(github)
    assert _tables(ours) == _tables(github)


def test_postmortem_pages_show_githubs_lists_and_tables(archive: tuple[Path, dict[str, Path]]) -> None:
    site, ids = archive
    compared_items = compared_rows = 0
    for pm_id, source in ids.items():
        expected = _sections(_github(source.read_text(encoding="utf-8")))
        shown = page(site, f"postmortems/{pm_id}/").xpath("//section[contains(@class, 'sp-section')]")
        assert len(shown) >= len(expected), pm_id
        for (title, github), section in zip(expected, shown[: len(expected)], strict=True):
            assert text(section.xpath("./h2")[0]) == re.sub(r"\s+", " ", title), pm_id
            assert _items(section) == _items(github), (pm_id, title)
            compared_items += len(_items(github))
            if title.casefold() != "timeline":
                assert _tables(section) == _tables(github), (pm_id, title)
                continue
            # The Timeline table is shown merged with the incident's own events: every
            # event of the postmortem's table is there, as GitHub renders its cells.
            shown_text = text(section)
            for table in _tables(github):
                for row in table[1:]:
                    assert all(cell in shown_text for cell in row[1:]), (pm_id, row)
                    compared_rows += 1
    assert compared_items > 500 and compared_rows > 200
