"""The persistent page cache (``.cache/statuspress/``): a later build, in a new
process as CI's hourly rebuild is, renders again only the incident pages whose
inputs changed and those that depend on the as-of time, and its output is byte for
byte the output of a cold build at the same time."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig

from tests.support.builds import load_mkdocs_config, mkdocs_build
from tests.support.sites import ARCHIVE_AT, ARCHIVE_INCIDENTS, ARCHIVE_POSTMORTEMS, incident_text, write_site

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



def test_the_search_entries_outlive_the_build_that_made_them(tmp_path: Path) -> None:
    """MkDocs ends every ``mkdocs build`` and ``statuspress build`` with on_shutdown:
    the entries it stored must still be there for the next build (an empty
    search.json had the hourly rebuild make all 10,000 again)."""
    root = _site(tmp_path / "site")
    _, first = _build(root, tmp_path / "first", EARLIER)
    assert first.search_made == 8
    stored = json.loads((root / ".cache/statuspress/pages/public/search.json").read_text(encoding="utf-8"))
    # The seven closed incidents; the open one depends on the time and is not kept.
    assert sorted(title for _, title, _ in stored["entries"].values()) == [f"API errors {day}" for day in range(1, 8)]
    _, second = _build(root, tmp_path / "second", LATER)
    assert second.search_made == 1


def test_an_hourly_rebuild_with_nothing_changed_reuses_the_component_pages(tmp_path: Path) -> None:
    """Today's uptime bar counts the minutes up to the as-of time, but shows them
    rounded: an hour later, with nothing open, every bar reads the same and only the
    status page (it shows the time) is rendered again."""
    root = _site(tmp_path / "site")
    (root / "incidents" / f"{OPEN}.md").unlink()
    _build(root, tmp_path / "first", "2026-03-23T08:00:00Z")
    warm, stats = _build(root, tmp_path / "warm", "2026-03-23T09:00:00Z")
    assert (stats.pages_rendered, stats.pages_reused) == (1, 7 + 1 + 3)
    shutil.rmtree(root / ".cache")
    cold, _ = _build(root, tmp_path / "cold", "2026-03-23T09:00:00Z")
    assert [path for path in cold if warm.get(path) != cold[path]] == []


def test_an_open_incident_changes_todays_bar_and_its_component_pages_follow(tmp_path: Path) -> None:
    """While the open incident lasts, the API's uptime today falls with every hour:
    its component page is rendered again, the others are reused."""
    root = _site(tmp_path / "site")
    _build(root, tmp_path / "first", "2026-03-20T10:00:00Z")
    warm, stats = _build(root, tmp_path / "warm", "2026-03-20T11:00:00Z")
    # The status page, the open incident's page (its duration), the API's component
    # page, and a list that holds the open incident's state (whose status spans run
    # to the as-of time); the two other component pages are reused.
    assert (stats.pages_rendered, stats.pages_reused) == (4, 9)
    shutil.rmtree(root / ".cache")
    cold, _ = _build(root, tmp_path / "cold", "2026-03-20T11:00:00Z")
    assert [path for path in cold if warm.get(path) != cold[path]] == []
    assert warm["components/api/index.html"] != (tmp_path / "first" / "components" / "api" / "index.html").read_bytes()
    assert warm["components/web/index.html"] == (tmp_path / "first" / "components" / "web" / "index.html").read_bytes()


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
    """What the YAML parse made of each file persists in ``.cache/statuspress/documents.jsonl``,
    keyed by the file's bytes (a fresh checkout gives every file a new time)."""
    root = _site(tmp_path / "site")
    _build(root, tmp_path / "first", EARLIER)
    assert (root / ".cache" / "statuspress" / "documents.jsonl").is_file()
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


def test_the_document_store_is_written_only_when_its_lines_change(tmp_path: Path) -> None:
    """A build with nothing changed leaves the store as it is (it used to write all
    of it again, 40 MB at 10,000 incidents, and delete it); after a file is deleted,
    the next store has no line for it."""
    root = _site(tmp_path / "site")
    _build(root, tmp_path / "first", EARLIER)
    store = root / ".cache" / "statuspress" / "documents.jsonl"
    before = store.stat()
    _build(root, tmp_path / "again", EARLIER)
    after = store.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert sorted(p.name for p in store.parent.iterdir()) == ["documents.jsonl", "pages"]

    (root / "incidents" / "2026-03-03-api.md").unlink()
    _build(root, tmp_path / "fewer", EARLIER)
    names = [json.loads(line)[0] for line in store.read_text(encoding="utf-8").splitlines()[1:]]
    assert len(names) == 7 and not [name for name in names if "2026-03-03-api" in name]
    assert sorted(p.name for p in store.parent.iterdir()) == ["documents.jsonl", "pages"]
    assert _revived(root, tmp_path / "last") == 7


def _revived(root: Path, site_dir: Path) -> int:
    """How many documents a build in a new process took from the store."""
    _new_process()
    config = load_mkdocs_config(root, site_dir)
    mkdocs_build(root, at=EARLIER, config=config)
    return int(config.plugins["statuspress"].load_cache.revived)


class _Planted:
    """Unpickling this would create ``path``: a poisoned cache's payload."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.path,))


def test_a_corrupt_or_foreign_document_store_is_ignored(tmp_path: Path) -> None:
    """CI restores ``.cache/`` from a cache anyone with write access to it could have
    replaced: the store is JSON, never unpickled, and whatever in it this code did
    not write is left aside (the file is parsed) without a word."""
    root = _site(tmp_path / "site")
    _build(root, tmp_path / "first", EARLIER)
    store = root / ".cache" / "statuspress" / "documents.jsonl"
    header, *lines = store.read_text(encoding="utf-8").splitlines()
    assert json.loads(header)["format"] == 1 and len(lines) == 8
    cold, _ = _build(root, tmp_path / "cold", EARLIER)

    def build_with(content: bytes) -> int:
        store.write_bytes(content)
        _new_process()
        site_dir = tmp_path / f"warm-{len(list(tmp_path.iterdir()))}"
        config = load_mkdocs_config(root, site_dir)
        mkdocs_build(root, at=EARLIER, config=config)
        files = {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}
        assert [path for path in cold if files.get(path) != cold[path]] == []
        return int(config.plugins["statuspress"].load_cache.revived)

    def jsonl(*rows: object) -> bytes:
        return "".join(json.dumps(row) + "\n" for row in rows).encode()

    planted = tmp_path / "planted"
    assert build_with(pickle.dumps(_Planted(planted))) == 0
    assert not planted.exists()
    assert build_with(jsonl(json.loads(header), *map(json.loads, lines))[:-40]) == 7  # cut short
    assert build_with(jsonl({**json.loads(header), "version": "another"}, *map(json.loads, lines))) == 0
    # Lines of the right version that this code did not write: an unknown tag, a
    # list where a mapping item goes, another file's digest, not a record.
    records = [json.loads(line) for line in lines]
    records[0][3] = {"py/object": "os.system"}
    records[1][3] = {"m": [["title", "x"]]}
    records[2][1] = "0" * 64
    records[3] = [records[3][0], "not a record"]
    assert build_with(jsonl(json.loads(header), *records)) == 4
    # Each build wrote the store anew: the next one revives every file.
    assert build_with(store.read_bytes()) == 8


def test_a_damaged_cached_page_is_rendered_again(tmp_path: Path) -> None:
    """A cached page cut short, emptied, overwritten or replaced by a folder is not
    published: each is rendered again (and its file replaced), so the site is the
    cold build's byte for byte, with no traceback."""
    root = _site(tmp_path / "site")
    cold, _ = _build(root, tmp_path / "cold", EARLIER)
    pages = sorted(_cached_pages(root))
    assert len(pages) >= 4
    pages[0].write_bytes(pages[0].read_bytes()[:100])
    pages[1].write_bytes(b"")
    pages[2].write_bytes(b"garbage")
    pages[3].unlink()
    pages[3].mkdir()
    warm, _ = _build(root, tmp_path / "warm", EARLIER)
    assert [path for path in cold if warm.get(path) != cold[path]] == []
    # Replaced: the next build reuses them again.
    again, stats = _build(root, tmp_path / "again", EARLIER)
    assert again == cold
    assert stats.pages_rendered == 1, (stats.pages_rendered, stats.pages_reused)  # the folder in place of a page
    # A stale entry that is a folder is removed, not a traceback.
    (root / ".cache" / "statuspress" / "pages" / "public" / ("0" * 64 + ".html")).mkdir()
    assert _build(root, tmp_path / "last", EARLIER)[0] == cold


def test_the_compiled_templates_follow_the_language(tmp_path: Path) -> None:
    """Templates are compiled with their fixed texts translated: switching
    ``theme.language`` with a warm cache gives the new language's pages, byte for
    byte those of a cold build."""
    root = _site(tmp_path / "site")
    _build(root, tmp_path / "english", EARLIER)
    assert list((root / ".cache" / "statuspress-bytecode").iterdir())
    assert not (root / ".cache" / "statuspress" / "jinja").exists()  # what CI restores holds no code
    config_file = root / "mkdocs.yml"
    config_file.write_text(config_file.read_text(encoding="utf-8").replace(
        "name: material", "name: material\n  language: de"), encoding="utf-8")
    warm, _ = _build(root, tmp_path / "german", EARLIER)
    page = warm["incidents/2026-03-03-api/index.html"].decode("utf-8")
    assert '<html lang="de"' in page
    assert "Abonnieren" in page
    assert "Subscribe" not in page
    shutil.rmtree(root / ".cache")
    cold, _ = _build(root, tmp_path / "cold", EARLIER)
    assert [path for path in cold if warm.get(path) != cold[path]] == []


#: The site of the byte-for-byte comparison: the archive fixture (incidents, an
#: upcoming maintenance, postmortems public and internal) with two notices and an
#: incident still open at the time of the builds.
_NOTICES = {
    "2026-09-01-support-hours": """
        ---
        title: "Support hours: autumn"
        type: notice
        pinned: true
        started: 2026-09-01T09:00:00Z
        ends: 2026-09-30T08:00:00Z
        ---
        Support answers from **10:00 to 16:00 UTC**.
        """,
    "2026-09-05-sign-in": """
        ---
        title: New sign-in page
        type: notice
        started: 2026-09-05T08:00:00Z
        ---
        We are rolling out a new sign-in page.
        """,
}


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_cold_warm_and_warm_after_an_edit_are_the_same_site(tmp_path: Path, audience: str) -> None:
    """Every file of ``site_dir`` (pages, feeds, JSON, search index, sitemap), as
    ``diff -r`` compares them: a warm build an hour later with nothing changed, and
    a warm build after one edit, are the cold builds of the same content and time."""
    still_open = incident_text(title="Still open", started="2026-09-10T11:00:00Z", resolved=None)
    root = write_site(tmp_path / "site", incidents={**ARCHIVE_INCIDENTS, **_NOTICES, OPEN: still_open},
                      postmortems=ARCHIVE_POSTMORTEMS)
    first, hour_later = ARCHIVE_AT, "2026-09-10T13:00:00Z"
    _build(root, tmp_path / "first", first, audience)

    def cold(at: str) -> dict[str, bytes]:
        shutil.move(root / ".cache", tmp_path / "kept-cache")
        files, _ = _build(root, tmp_path / f"cold-{len(list(tmp_path.iterdir()))}", at, audience)
        shutil.rmtree(root / ".cache")
        shutil.move(tmp_path / "kept-cache", root / ".cache")
        return files

    def differing(warm: dict[str, bytes], cold: dict[str, bytes]) -> list[str]:
        return sorted(path for path in warm.keys() | cold.keys() if warm.get(path) != cold.get(path))

    warm, stats = _build(root, tmp_path / "warm", hour_later, audience)
    assert stats.reused > 0
    assert differing(warm, cold(hour_later)) == []

    edited = root / "incidents" / "2026-05-20-api-latency.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA later note.\n", encoding="utf-8")
    warm, stats = _build(root, tmp_path / "edited", hour_later, audience)
    assert "2026-05-20-api-latency" in stats.rendered_ids
    assert b"A later note." in warm["incidents/2026-05-20-api-latency/index.html"]
    assert differing(warm, cold(hour_later)) == []
