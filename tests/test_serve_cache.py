"""Under ``mkdocs serve`` the plugin instance lives across rebuilds: after one
incident changes, only that incident's page is rendered again (open incidents, whose
duration grows with the clock, always are), and a reused page is byte for byte what a
fresh build writes."""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.commands.build import build

from statuspress.build import PageCache
from statuspress.load.cache import LoadCache
from tests.support.builds import all_files, cls, environ, epoch, load_mkdocs_config, mkdocs_build, page, texts
from tests.support.metrics_site import SECTIONS, postmortem_text
from tests.support.sites import incident_text, write_site

AT = "2026-03-20T12:00:00Z"
LATER = "2026-03-20T13:30:00Z"


def _site(root: Path) -> Path:
    incidents = {
        f"2026-03-{day:02d}-api-{day}": incident_text(
            title=f"API errors {day}", started=f"2026-03-{day:02d}T09:00:00Z", resolved=f"2026-03-{day:02d}T10:00:00Z",
        )
        for day in range(1, 11)
    }
    incidents["2026-03-20-web"] = incident_text(
        title="Web down", components="[web]", started="2026-03-20T09:00:00Z", resolved=None,
    )
    return write_site(root, incidents=incidents)


def _fresh_plugin(config):
    """The config's statuspress plugin with empty caches. MkDocs keeps one instance of
    a plugin that has ``on_startup`` per process (that is what makes ``serve`` keep
    it), so other tests' builds would otherwise have warmed it."""
    plugin = config.plugins["statuspress"]
    plugin.page_cache = PageCache()
    plugin.load_cache = LoadCache()
    return plugin


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "incidents" / f"{name}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_rebuild_renders_only_what_changed(tmp_path: Path) -> None:
    root = _site(tmp_path / "src")
    config = load_mkdocs_config(root, tmp_path / "site")
    plugin = _fresh_plugin(config)

    mkdocs_build(root, at=AT, config=config)
    assert (plugin.render_stats.rendered, plugin.render_stats.reused) == (11, 0)

    # Nothing changed, at the same as-of time: every page, the open incident's too, is
    # what it was.
    mkdocs_build(root, at=AT, config=config)
    assert (plugin.render_stats.rendered, plugin.render_stats.reused) == (0, 11)
    assert plugin.render_stats.pages_rendered == 0

    # One incident edited: that one only.
    _edit(root, "2026-03-05-api-5", "message: Resolved.", "message: Fixed by a rollback.")
    site = mkdocs_build(root, at=AT, config=config)
    assert plugin.render_stats.rendered_ids == ["2026-03-05-api-5"]
    assert plugin.render_stats.reused == 10
    assert "Fixed by a rollback." in (site / "incidents/2026-03-05-api-5/index.html").read_text(encoding="utf-8")
    # The loader re-read only the edited file too.
    assert plugin.load_cache.misses == 11 + 1

    # A later as-of time changes no resolved incident's page; the open one has lasted
    # longer.
    mkdocs_build(root, at=LATER, config=config)
    assert plugin.render_stats.rendered_ids == ["2026-03-20-web"]

    # A deleted incident is forgotten, the rest reused.
    (root / "incidents/2026-03-01-api-1.md").unlink()
    site = mkdocs_build(root, at=LATER, config=config)
    assert (plugin.render_stats.rendered, plugin.render_stats.reused) == (0, 10)
    assert not (site / "incidents/2026-03-01-api-1").exists()


def test_cached_pages_equal_a_fresh_build(tmp_path: Path) -> None:
    root = _site(tmp_path / "src")
    config = load_mkdocs_config(root, tmp_path / "served")
    _fresh_plugin(config)
    mkdocs_build(root, at=AT, config=config)
    _edit(root, "2026-03-05-api-5", "message: Resolved.", "message: Fixed by a rollback.")
    served = all_files(mkdocs_build(root, at=LATER, config=config))
    assert config.plugins["statuspress"].render_stats.reused == 9
    fresh_config = load_mkdocs_config(root, tmp_path / "fresh")
    plugin = _fresh_plugin(fresh_config)
    shutil.rmtree(root / ".cache")  # a cold build: no page cache on disk either
    fresh = all_files(mkdocs_build(root, at=LATER, config=fresh_config))
    assert (plugin.render_stats.rendered, plugin.render_stats.reused) == (11, 0)
    assert served == fresh


SERVE_URL = "http://127.0.0.1:8000/"


def _serve_build(root: Path, site_dir: Path, at: str, *, command: str = "serve") -> object:
    """One build of ``mkdocs serve``'s loop: the config loaded again, the plugin kept."""
    with environ(SOURCE_DATE_EPOCH=epoch(at), STATUSPRESS_AUDIENCE="public"):
        config = load_mkdocs_config(root, site_dir)
        config.site_url = SERVE_URL
        config.plugins.on_startup(command=command, dirty=False)
        build(config, serve_url=SERVE_URL if command == "serve" else None)
    return config.plugins["statuspress"]


def test_serving_writes_only_what_changed(tmp_path: Path) -> None:
    """MkDocs empties ``site_dir`` before each rebuild; the plugin keeps its own files
    through that and writes only those whose bytes changed, and the served folder is
    then exactly what a clean build writes."""
    root = _site(tmp_path / "src")
    served = tmp_path / "served"
    _fresh_plugin(load_mkdocs_config(root, served))
    _serve_build(root, served, AT)
    untouched = served / "incidents/2026-03-01-api-1/index.html"
    before = untouched.stat()

    _edit(root, "2026-03-05-api-5", "message: Resolved.", "message: Fixed by a rollback.")
    (root / "incidents/2026-03-02-api-2.md").unlink()
    plugin = _serve_build(root, served, AT)
    assert plugin.render_stats.rendered_ids == ["2026-03-05-api-5"]  # type: ignore[attr-defined]
    after = untouched.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert "Fixed by a rollback." in (served / "incidents/2026-03-05-api-5/index.html").read_text(encoding="utf-8")
    assert not (served / "incidents/2026-03-02-api-2").exists()
    assert not (served / ".statuspress-kept").exists()

    _fresh_plugin(load_mkdocs_config(root, tmp_path / "clean"))
    shutil.rmtree(root / ".cache")
    _serve_build(root, tmp_path / "clean", AT, command="build")
    assert all_files(served) == all_files(tmp_path / "clean")


POSTMORTEM = postmortem_text(
    "API errors 3", ["2026-03-03-api-3"], visibility="public", date="2026-03-06",
    body="\n".join(f"## {name}\n\n{'A bad config.' if name == 'Summary' else 'Text.'}\n" for name in SECTIONS),
)


def test_served_pages_follow_what_they_take_from_other_files(tmp_path: Path) -> None:
    """A served rebuild keys an unchanged incident's page without its context
    (``build._page_key_inputs``); a postmortem published for it, and the overall
    status changing in every page's header, still render it again, and the served
    folder is exactly what a cold build writes."""
    root = _site(tmp_path / "src")
    served = tmp_path / "served"
    _fresh_plugin(load_mkdocs_config(root, served))
    _serve_build(root, served, AT)
    cached = sorted((root / ".cache/statuspress/pages/public").glob("*.html"))
    _serve_build(root, served, AT)  # the page keys are known from here on
    # Pages kept in site_dir without being read stay in the page cache for the next process.
    assert sorted((root / ".cache/statuspress/pages/public").glob("*.html")) == cached
    (root / "postmortems/2026-03-06-api-3.md").write_text(POSTMORTEM, encoding="utf-8")
    plugin = _serve_build(root, served, AT)
    assert plugin.render_stats.rendered_ids == ["2026-03-03-api-3"]  # type: ignore[attr-defined]
    assert "A bad config." in (served / "incidents/2026-03-03-api-3/index.html").read_text(encoding="utf-8")
    (root / "incidents/2026-03-20-web.md").write_text(incident_text(
        title="Web down", components="[web]", started="2026-03-20T09:00:00Z", resolved="2026-03-20T10:00:00Z",
    ), encoding="utf-8")
    plugin = _serve_build(root, served, LATER)
    assert plugin.render_stats.rendered == 11  # type: ignore[attr-defined]  # every header: all operational

    _fresh_plugin(load_mkdocs_config(root, tmp_path / "clean"))
    shutil.rmtree(root / ".cache")
    _serve_build(root, tmp_path / "clean", LATER, command="build")
    assert all_files(served) == all_files(tmp_path / "clean")


def test_component_history_after_its_first_page_does_not_move_with_the_clock(tmp_path: Path) -> None:
    """Only a component's first page shows its status and uptime bar (today's bar
    counts the minutes up to now); its later history pages are the same a day later
    and are not rendered again."""
    incidents = {
        f"2026-03-{day:02d}-api-{day}": incident_text(
            title=f"API errors {day}", started=f"2026-03-{day:02d}T09:00:00Z", resolved=f"2026-03-{day:02d}T10:00:00Z",
        )
        for day in range(1, 6)
    }
    root = write_site(tmp_path / "src", incidents=incidents, history_page_size=2)
    served = tmp_path / "served"
    _fresh_plugin(load_mkdocs_config(root, served))
    _serve_build(root, served, AT)
    first, second = served / "components/api/index.html", served / "components/api/page/2/index.html"
    tree = page(served, "components/api/")
    assert texts(tree, f"//div[{cls('sp-component__head')}]") == ["Current status Operational"]
    assert len(tree.xpath(f"//li[{cls('sp-day')}]")) == 90
    later = page(served, "components/api/page/2/")
    assert texts(later, "//h1") == ["API page 2 of 3"]
    # Its breadcrumb leads back to the first page, where the status and the bar are.
    crumbs = later.xpath(f"//p[{cls('sp-crumbs')}]/a")
    assert [(a.text_content(), a.get("href")) for a in crumbs] == [("Acme status", "../../../../"), ("API", "../../../../components/api/")]
    assert later.xpath(f"//div[{cls('sp-component__head')}] | //li[{cls('sp-day')}]") == []
    assert texts(later, f"//a[{cls('sp-incident-item__title')}]") == ["API errors 3", "API errors 2"]
    before = first.read_bytes(), second.stat()

    _serve_build(root, served, "2026-03-21T12:00:00Z")
    after = second.stat()
    assert first.read_bytes() != before[0]  # the bar moved on by a day
    assert (after.st_ino, after.st_mtime_ns) == (before[1].st_ino, before[1].st_mtime_ns)


def test_template_override_invalidates_every_page(tmp_path: Path) -> None:
    root = _site(tmp_path / "src")
    overrides = root / "overrides"
    (overrides / "statuspress").mkdir(parents=True)
    config_file = root / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
                           encoding="utf-8")
    config = load_mkdocs_config(root, tmp_path / "site")
    plugin = _fresh_plugin(config)
    mkdocs_build(root, at=AT, config=config)
    (overrides / "statuspress/timeline.html").write_text("unused", encoding="utf-8")
    mkdocs_build(root, at=AT, config=config)
    assert (plugin.render_stats.rendered, plugin.render_stats.reused) == (11, 0)


def test_statuspress_serve_rebuilds_when_an_incident_changes(tmp_path: Path) -> None:
    """``statuspress serve`` (``mkdocs serve`` underneath) watches ``incidents/``, which
    lies outside the docs folder, and serves the rebuilt page."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    root = _site(tmp_path / "src")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    script = Path(sys.executable).with_name("statuspress")
    command = [str(script)] if script.is_file() else [sys.executable, "-c", "from statuspress.cli import main; main()"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1774008000"}
    server = subprocess.Popen(
        [*command, "serve", "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/incidents/2026-03-05-api-5/"

    def fetch() -> str:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")

    def wait_for(predicate, seconds: float = 60.0) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if predicate(fetch()):
                    return True
            except OSError:
                pass
            time.sleep(0.3)
        return False

    try:
        assert wait_for(lambda html: "API errors 5" in html)
        _edit(root, "2026-03-05-api-5", "message: Resolved.", "message: Fixed by a rollback.")
        assert wait_for(lambda html: "Fixed by a rollback." in html)
        search = root / ".cache" / "statuspress" / "pages" / "public" / "search.json"
        search.unlink(missing_ok=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    # SIGTERM (systemd, `docker stop`) stops it as Ctrl-C does: cleanly, and the
    # search entries kept for serving are stored.
    assert server.returncode == 0
    assert search.is_file()
