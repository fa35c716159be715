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


def test_a_warm_build_is_a_cold_build_byte_for_byte(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    _, first = _build(root, tmp_path / "first", EARLIER)
    assert first.rendered == 8
    cache = root / ".cache" / "statuspress" / "pages" / "public"
    assert len(list(cache.iterdir())) == 8

    warm, stats = _build(root, tmp_path / "warm", LATER)
    # Only the open incident depends on the time; the seven others come from the cache.
    assert (stats.rendered, stats.reused, stats.rendered_ids) == (1, 7, [OPEN])

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
    assert sorted(stats.rendered_ids) == ["2026-03-03-api", OPEN]
    assert b"A later note." in warm["incidents/2026-03-03-api/index.html"]
    # The cache holds this build's pages only: the old page of the edited incident and
    # the page of the deleted one are gone.
    assert len(list((root / ".cache" / "statuspress" / "pages" / "public").iterdir())) == 7

    shutil.rmtree(root / ".cache")
    cold, _ = _build(root, tmp_path / "cold", EARLIER)
    assert [path for path in cold if warm.get(path) != cold[path]] == []


def test_each_audience_keeps_its_own_pages(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    _build(root, tmp_path / "public", EARLIER)
    _build(root, tmp_path / "internal", EARLIER, audience="internal")
    _, public = _build(root, tmp_path / "public-again", EARLIER)
    _, internal = _build(root, tmp_path / "internal-again", EARLIER, audience="internal")
    assert (public.rendered, internal.rendered) == (1, 1)


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
