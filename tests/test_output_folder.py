"""Issue 13: the build writes each generated file into ``site_dir`` as it renders it
(``outputdir.OutputFolder``) instead of holding every page until MkDocs writes it,
and appends to the search index a document at a time. Neither changes a byte: the
files are those ``build_outputs`` returns in memory, the index is the one
``json.dumps`` would write, and the rules around the generated files (a docs page at
one of our paths wins, a failed build leaves no half-built site) still hold."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from statuspress.build import build_outputs
from statuspress.buildcache import DiskPageCache
from statuspress.outputdir import OutputFolder
from statuspress.render.search_index import document_text, search_index_chunks
from statuspress.render.site import ShellContext
from statuspress.render.templating import make_environment
from tests.support.builds import all_files, load_mkdocs_config, mkdocs_build
from tests.support.sites import ARCHIVE_AT, archive_site, incident_text, write_site


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_files_written_to_a_folder_are_the_files_held_in_memory(tmp_path: Path) -> None:
    site = archive_site(tmp_path / "src", audience="internal", archive_page_size=2)
    shell = ShellContext(site_title="Acme")
    held = build_outputs(site, _at(ARCHIVE_AT), make_environment(), shell=shell)
    folder = OutputFolder(tmp_path / "out")
    written = build_outputs(site, _at(ARCHIVE_AT), make_environment(), shell=shell, files=folder)

    assert written.files is folder
    assert list(folder) == list(held.files)  # the same files, in the same order
    assert all_files(tmp_path / "out") == dict(held.files)
    assert "postmortems/index.html" in folder and "postmortems/page/2/index.html" in folder
    assert folder["postmortems/index.html"] == held.files["postmortems/index.html"]
    assert written.search == held.search


def test_an_output_folder_writes_nothing_outside_itself_or_where_it_was_told_not_to(tmp_path: Path) -> None:
    folder = OutputFolder(tmp_path / "out", skip={"history/index.html"})
    folder["history/index.html"] = b"ours"
    folder["history/index.html"] = b"ours again"
    folder["a/b/index.html"] = b"page"
    assert folder.skipped == ["history/index.html"]
    assert list(folder) == ["a/b/index.html"] and len(folder) == 1
    assert all_files(tmp_path / "out") == {"a/b/index.html": b"page"}
    for bad in ("../escape.html", "/etc/x", ""):
        with pytest.raises(ValueError, match="not a path inside the site"):
            folder[bad] = b"x"
    del folder["a/b/index.html"]
    assert all_files(tmp_path / "out") == {} and "a/b/index.html" not in folder
    with pytest.raises(KeyError):
        folder["a/b/index.html"]


@pytest.mark.parametrize("index", [
    {"config": {"lang": ["en"], "separator": "[\\s\\-]+"}, "docs": [{"location": "", "title": "Über", "text": "ä"}]},
    {"config": {"lang": ["de"]}},
    {"docs": [], "config": {"lang": ["en"]}},
    {},
])
@pytest.mark.parametrize("added", [0, 1, 3])
def test_the_search_index_is_written_as_json_dumps_would_write_it(index: dict[str, Any], added: int) -> None:
    ours = [{"location": f"incidents/{n}/", "title": f"API &lt;{n}&gt; “quoted”", "text": "Résolu\n\"x\""}
            for n in range(added)]
    expected = json.loads(json.dumps(index))
    expected.setdefault("docs", []).extend(ours)
    text = "".join(search_index_chunks(index, map(document_text, ours)))
    assert text == json.dumps(expected, separators=(",", ":"), ensure_ascii=False)


def test_a_docs_page_at_a_generated_path_wins_and_the_build_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_site(tmp_path / "src", incidents={"2026-03-01-api": incident_text(title="API errors")},
                      pages={"about.md": "# About\n", "history.md": "# Our own history page\n"})
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.statuspress"):
        site = mkdocs_build(root, at="2026-03-20T12:00:00Z", site_dir=tmp_path / "site")
    assert "Our own history page" in (site / "history" / "index.html").read_text(encoding="utf-8")
    assert "API errors" in (site / "incidents" / "2026-03-01-api" / "index.html").read_text(encoding="utf-8")
    assert [r.getMessage() for r in caplog.records if "replaces" in r.getMessage()] == [
        "statuspress: history.md replaces the generated history/index.html; rename it to keep statuspress's page"]


def test_a_build_that_fails_while_rendering_leaves_none_of_its_files(tmp_path: Path) -> None:
    root = write_site(tmp_path / "src", incidents={"2026-03-01-api": incident_text(title="API errors")})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n"), encoding="utf-8")
    # The history page is rendered after the status and incident pages.
    (root / "overrides" / "statuspress").mkdir(parents=True)
    (root / "overrides" / "statuspress" / "history.html").write_text("{{ 1 // 0 }}", encoding="utf-8")
    with pytest.raises(ZeroDivisionError):
        mkdocs_build(root, at="2026-03-20T12:00:00Z", site_dir=tmp_path / "site")
    assert all_files(tmp_path / "site") == {}


def test_the_page_cache_keeps_its_pages_on_disk_only(tmp_path: Path) -> None:
    """A later build reads a reused page back from ``.cache/statuspress/``: a page
    whose cache file is gone is rendered again, even by the same plugin instance."""
    incidents = {f"2026-03-0{day}-api": incident_text(title=f"API errors {day}", started=f"2026-03-0{day}T09:00:00Z",
                                                      resolved=f"2026-03-0{day}T10:00:00Z") for day in (1, 2)}
    root = write_site(tmp_path / "src", incidents=incidents)
    config = load_mkdocs_config(root, tmp_path / "site")
    plugin = config.plugins["statuspress"]
    plugin.page_cache = DiskPageCache(root / ".cache" / "statuspress" / "pages" / "public")
    mkdocs_build(root, at="2026-03-20T12:00:00Z", config=config)
    assert plugin.render_stats.rendered == 2
    first = all_files(tmp_path / "site")
    # Every page is cached; take away the file of one incident page.
    page = first["incidents/2026-03-01-api/index.html"]
    folder = root / ".cache" / "statuspress" / "pages" / "public"
    # (A cached file is the page itself, named by the digests of its key and bytes.)
    cached = [p for p in folder.iterdir() if p.read_bytes() == page]
    assert len(cached) == 1
    # The page in site_dir is that file, linked: its bytes were written once.
    assert os.path.samefile(cached[0], tmp_path / "site" / "incidents" / "2026-03-01-api" / "index.html")
    cached[0].unlink()
    mkdocs_build(root, at="2026-03-20T12:00:00Z", config=config)
    assert (plugin.render_stats.rendered, plugin.render_stats.reused) == (1, 1)
    assert all_files(tmp_path / "site") == first


@pytest.mark.parametrize(("override", "reason"), [
    ("<p>{% if %}</p>\n", "Expected an expression, got 'end of statement block'"),
    ("<p>\n{{ page.nosuch.x }}</p>\n", "'statuspress.render.site.Page object' has no attribute 'nosuch'"),
])
def test_a_mistake_in_a_site_template_names_the_file_and_line(
    tmp_path: Path, override: str, reason: str, caplog: pytest.LogCaptureFixture,
) -> None:
    """A site's own template that does not compile or render is the site's mistake,
    reported as one line with its file and line, not as a statuspress bug."""
    from mkdocs.exceptions import Abort

    root = write_site(tmp_path / "src", incidents={"2026-03-01-api": incident_text(title="API errors")})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n"), encoding="utf-8")
    template = root / "overrides" / "statuspress" / "history.html"
    template.parent.mkdir(parents=True)
    template.write_text(override, encoding="utf-8")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        mkdocs_build(root, at="2026-03-20T12:00:00Z", site_dir=tmp_path / "site")
    line = override.count("\n", 0, override.index("{{" if "{{" in override else "{%")) + 1
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        f"{template}:{line}: error: in this template: {reason} (fix the template, or remove the override)"]
    assert all_files(tmp_path / "site") == {}


def test_a_linked_file_is_replaced_never_written_through(tmp_path: Path) -> None:
    """A page linked from the page cache and then changed gets a file of its own:
    the cached page keeps its bytes (it may be linked into another site too)."""
    cached = tmp_path / "cache.html"
    cached.write_bytes(b"<p>cached</p>")
    folder = OutputFolder(tmp_path / "site")
    folder.put_keyed("incidents/a/index.html", "k1", b"<p>cached</p>", lambda: str(cached))
    written = tmp_path / "site" / "incidents" / "a" / "index.html"
    assert os.path.samefile(written, cached)
    folder["incidents/a/index.html"] = b"<p>edited</p>"
    assert written.read_bytes() == b"<p>edited</p>"
    assert cached.read_bytes() == b"<p>cached</p>"
    assert not os.path.samefile(written, cached)
    # Linked again over a file in place, and written where no file can be linked.
    folder.put_keyed("incidents/a/index.html", "k1", b"<p>cached</p>", lambda: str(cached))
    assert os.path.samefile(written, cached)
    folder.put_keyed("incidents/b/index.html", "k2", b"<p>b</p>", lambda: str(tmp_path / "gone.html"))
    assert (tmp_path / "site" / "incidents" / "b" / "index.html").read_bytes() == b"<p>b</p>"
    assert list(folder) == ["incidents/a/index.html", "incidents/b/index.html"]


def test_a_site_dir_on_another_file_system_gets_its_pages_written(tmp_path: Path) -> None:
    """Pages cannot be linked across file systems (a site_dir on a tmpfs, the cache on
    disk): they are written, and the build is the same."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second file system here")
    incidents = {"2026-03-01-api": incident_text(started="2026-03-01T09:00:00Z", resolved="2026-03-01T10:00:00Z")}
    root = write_site(tmp_path / "src", incidents=incidents)
    mkdocs_build(root, at="2026-03-20T12:00:00Z", config=load_mkdocs_config(root, tmp_path / "site"))
    near = all_files(tmp_path / "site")
    assert os.stat(tmp_path / "site" / "incidents" / "2026-03-01-api" / "index.html").st_nlink == 2
    with tempfile.TemporaryDirectory(dir=shm) as far:
        mkdocs_build(root, at="2026-03-20T12:00:00Z", config=load_mkdocs_config(root, Path(far) / "site"))
        assert all_files(Path(far) / "site") == near
        assert os.stat(Path(far) / "site" / "incidents" / "2026-03-01-api" / "index.html").st_nlink == 1
