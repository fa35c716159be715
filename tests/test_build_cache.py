"""The persistent page cache (``.cache/statuspress/``): a later build, in a new
process as CI's hourly rebuild is, renders again only the incident pages whose
inputs changed and those that depend on the as-of time, and its output is byte for
byte the output of a cold build at the same time."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig

from tests.support.builds import load_mkdocs_config, mkdocs_build
from tests.support.sites import incident_text, write_site

EARLIER = "2026-03-20T12:00:00Z"
LATER = "2026-03-23T08:30:00Z"
OPEN = "2026-03-20-open"


def _site(root: Path) -> Path:
    incidents = {
        f"2026-03-{day:02d}-api": incident_text(
            title=f"API errors {day}", started=f"2026-03-{day:02d}T09:00:00Z",
            resolved=f"2026-03-{day:02d}T10:00:00Z", body=f"Description {day} with a [link](https://example.com/).")
        for day in range(1, 8)
    }
    incidents[OPEN] = incident_text(title="Still open", started="2026-03-20T09:00:00Z", resolved=None)
    return write_site(root, incidents=incidents)


def _new_process() -> None:
    """Forget the plugin instances MkDocs keeps for ``mkdocs serve`` (one per plugin
    name, for the whole process), so that the next build starts as a new process."""
    for _, option in MkDocsConfig._schema:
        if isinstance(option, config_options.Plugins):
            option.plugin_cache.clear()


def _build(root: Path, site_dir: Path, at: str, audience: str = "public") -> tuple[dict[str, bytes], Any]:
    _new_process()
    config = load_mkdocs_config(root, site_dir)
    mkdocs_build(root, at=at, audience=audience, config=config)
    files = {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}
    return files, config.plugins["statuspress"].render_stats


def _cached_pages(root: Path, audience: str = "public") -> list[Path]:
    return list((root / ".cache" / "statuspress" / "pages" / audience).glob("*.html"))


def test_a_warm_build_is_a_cold_build_byte_for_byte(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    _, first = _build(root, tmp_path / "first", EARLIER)
    assert first.rendered == 8
    cache = root / ".cache" / "statuspress" / "pages" / "public"
    # Every page through the cache: 8 incidents, the status page, the history, the
    # component pages; and the search entries of the 7 closed incidents.
    assert first.pages_rendered == 8 + 1 + 1 + 3
    assert len(_cached_pages(root)) == first.pages_rendered
    assert (cache / "search.json").is_file()

    warm, stats = _build(root, tmp_path / "warm", LATER)
    # Only the open incident depends on the time; the seven others come from the cache.
    assert (stats.rendered, stats.reused, stats.rendered_ids) == (1, 7, [OPEN])
    # And the pages that list it or show the time: the status page, the history, and
    # the three component pages, whose uptime bars end three days later.
    assert stats.pages_rendered == 1 + 1 + 1 + 3

    shutil.rmtree(root / ".cache")
    cold, stats = _build(root, tmp_path / "cold", LATER)
    assert stats.rendered == 8
    assert warm.keys() == cold.keys()
    assert [path for path in cold if warm[path] != cold[path]] == []


def test_an_edit_renders_that_page_again_and_old_pages_are_dropped(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    _build(root, tmp_path / "first", EARLIER)
    edited = root / "incidents" / "2026-03-03-api.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA later note.\n", encoding="utf-8")
    (root / "incidents" / "2026-03-05-api.md").unlink()

    warm, stats = _build(root, tmp_path / "warm", EARLIER)
    # At the same as-of time the open incident's page is what it was.
    assert stats.rendered_ids == ["2026-03-03-api"]
    assert b"A later note." in warm["incidents/2026-03-03-api/index.html"]
    # The cache holds this build's pages only: the old page of the edited incident and
    # the page of the deleted one are gone.
    assert len(_cached_pages(root)) == stats.pages_rendered + stats.pages_reused == 7 + 5

    shutil.rmtree(root / ".cache")
    cold, _ = _build(root, tmp_path / "cold", EARLIER)
    assert [path for path in cold if warm.get(path) != cold[path]] == []


def test_each_audience_keeps_its_own_pages(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    _build(root, tmp_path / "public", EARLIER)
    _build(root, tmp_path / "internal", EARLIER, audience="internal")
    _, public = _build(root, tmp_path / "public-again", EARLIER)
    _, internal = _build(root, tmp_path / "internal-again", EARLIER, audience="internal")
    # Same content, same as-of time: neither build renders a page again.
    assert (public.pages_rendered, internal.pages_rendered) == (0, 0)
    assert (public.reused, internal.reused) == (8, 8)


def test_a_change_of_the_overall_status_renders_every_incident_page_again(tmp_path: Path) -> None:
    """Every incident page's header shows the overall status: when the open incident is
    resolved, the other pages must not keep the outage icon from the cache."""
    root = _site(tmp_path / "site")
    _build(root, tmp_path / "first", LATER)
    (root / "incidents" / f"{OPEN}.md").write_text(incident_text(
        title="Still open", started="2026-03-20T09:00:00Z", resolved="2026-03-20T10:00:00Z"), encoding="utf-8")
    warm, stats = _build(root, tmp_path / "warm", LATER)
    assert (stats.rendered, stats.reused) == (8, 0)
    shutil.rmtree(root / ".cache")
    cold, _ = _build(root, tmp_path / "cold", LATER)
    assert [path for path in cold if warm.get(path) != cold[path]] == []


def test_a_new_process_parses_only_the_files_that_changed(tmp_path: Path) -> None:
    """The parsed documents persist in ``.cache/statuspress/documents.pickle``, keyed by
    each file's bytes (a fresh checkout gives every file a new time)."""
    root = _site(tmp_path / "site")
    _build(root, tmp_path / "first", EARLIER)
    assert (root / ".cache" / "statuspress" / "documents.pickle").is_file()
    edited = root / "incidents" / "2026-03-03-api.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Description 3", "Described anew"),
                      encoding="utf-8")
    for path in (root / "incidents").iterdir():
        path.touch()  # as a checkout leaves them

    _new_process()
    config = load_mkdocs_config(root, tmp_path / "warm")
    mkdocs_build(root, at=EARLIER, config=config)
    loaded = config.plugins["statuspress"].load_cache
    assert (loaded.misses, loaded.revived) == (8, 7)
    warm = (tmp_path / "warm" / "incidents" / "2026-03-03-api" / "index.html").read_bytes()
    assert b"Described anew" in warm

    shutil.rmtree(root / ".cache")
    _build(root, tmp_path / "cold", EARLIER)
    assert (tmp_path / "cold" / "incidents" / "2026-03-03-api" / "index.html").read_bytes() == warm
