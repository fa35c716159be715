"""``statuspress serve``: the content folders are watched through the platform's file
events instead of MkDocs' polling (``plugin.ContentWatcher``), and MkDocs' theme
templates compiled once for every rebuild (``plugin._TemplateCodeCache``)."""

from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path

import jinja2
import pytest
from mkdocs.livereload import LiveReloadServer

from statuspress.plugin import WATCH_ENV, ContentWatcher, StatuspressPlugin, _TemplateCodeCache
from tests.support.builds import environ, load_mkdocs_config
from tests.support.sites import incident_text, write_site


def _wait(event: threading.Event, seconds: float = 10.0) -> bool:
    return event.wait(seconds)


def test_watcher_reports_a_written_file_and_not_a_read_one(tmp_path: Path) -> None:
    folder = tmp_path / "incidents"
    folder.mkdir()
    existing = folder / "a.md"
    existing.write_text("one\n", encoding="utf-8")
    changed = threading.Event()
    watcher = ContentWatcher(changed.set)
    if not watcher.start([str(folder)]):
        pytest.skip("no file events on this platform")
    try:
        existing.read_text(encoding="utf-8")  # the build reads files: no rebuild for that
        time.sleep(0.5)
        assert not changed.is_set()
        with existing.open("a", encoding="utf-8") as handle:  # edited in place, as an editor may
            handle.write("two\n")
        assert _wait(changed)
        changed.clear()
        (folder / "sub").mkdir()
        time.sleep(0.3)
        changed.clear()  # (a folder's own entry counts for nothing, as in MkDocs)
        (folder / "sub" / "b.md").write_text("new\n", encoding="utf-8")
        assert _wait(changed)
        changed.clear()
        existing.unlink()
        assert _wait(changed)
    finally:
        watcher.stop()


def _server(tmp_path: Path) -> LiveReloadServer:
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))


def _serving_plugin(root: Path, site_dir: Path) -> tuple[StatuspressPlugin, object]:
    with environ(SOURCE_DATE_EPOCH="1774008000", STATUSPRESS_AUDIENCE="public"):
        config = load_mkdocs_config(root, site_dir)
        config.plugins.on_startup(command="serve", dirty=False)
        plugin = config.plugins["statuspress"]
        assert isinstance(plugin, StatuspressPlugin)
        plugin.on_config(config)
    return plugin, config


def test_on_serve_watches_content_by_file_events_and_asks_for_a_rebuild(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_site(tmp_path / "src", incidents={"2026-03-01-api": incident_text(title="API errors")})
    plugin, config = _serving_plugin(root, tmp_path / "site")
    server = _server(tmp_path)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.statuspress"):
        plugin.on_serve(server, config=config, builder=lambda: None)  # type: ignore[arg-type]
    try:
        if plugin.watcher is None:
            pytest.skip("no file events on this platform")
        # Said in the server's log, since MkDocs' own line names only what it polls.
        assert "statuspress: watching 'incidents', 'postmortems' for changes through file events" in [
            record.getMessage() for record in caplog.records]
        # MkDocs' polling observer is not given the content folders.
        assert str(root / "incidents") not in server._watched_paths
        assert str(root / "postmortems") not in server._watched_paths
        assert not server._want_rebuild
        path = root / "incidents" / "2026-03-01-api.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
        deadline = time.monotonic() + 10
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server._want_rebuild
    finally:
        plugin.on_shutdown()
    assert plugin.watcher is None


def test_polling_when_asked_or_when_a_folder_holds_a_link(tmp_path: Path) -> None:
    root = write_site(tmp_path / "src", incidents={"2026-03-01-api": incident_text(title="API errors")})
    plugin, config = _serving_plugin(root, tmp_path / "site")
    server = _server(tmp_path)
    with environ(**{WATCH_ENV: "poll"}):
        plugin.on_serve(server, config=config, builder=lambda: None)  # type: ignore[arg-type]
    assert plugin.watcher is None
    assert str(root / "incidents") in server._watched_paths

    (root / "postmortems").mkdir(exist_ok=True)
    (root / "postmortems" / "linked.md").symlink_to(root / "incidents" / "2026-03-01-api.md")
    server = _server(tmp_path)
    plugin.on_serve(server, config=config, builder=lambda: None)  # type: ignore[arg-type]
    try:
        # A link's target changes without an event in the folder: that folder is polled.
        assert str(root / "postmortems") in server._watched_paths
        if plugin.watcher is not None:
            assert str(root / "incidents") not in server._watched_paths
    finally:
        plugin.on_shutdown()


def test_template_code_kept_across_environments_follows_the_source(tmp_path: Path) -> None:
    template = tmp_path / "404.html"
    template.write_text("first {{ x }}", encoding="utf-8")
    cache = _TemplateCodeCache()
    compiled: list[str] = []

    def environment() -> jinja2.Environment:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), bytecode_cache=cache)
        compile_ = env.compile

        def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
            compiled.append(str(args[1] if len(args) > 1 else kwargs.get("name")))
            return compile_(*args, **kwargs)

        env.compile = counting  # type: ignore[method-assign]
        return env

    assert environment().get_template("404.html").render(x=1) == "first 1"
    assert environment().get_template("404.html").render(x=2) == "first 2"
    assert compiled == ["404.html"]  # the second environment reused the code
    template.write_text("second {{ x }}", encoding="utf-8")
    assert environment().get_template("404.html").render(x=3) == "second 3"
    assert compiled == ["404.html", "404.html"]


def test_served_404_page_follows_an_edited_theme_override(tmp_path: Path) -> None:
    """Rebuilds in one serving process: an override of MkDocs' theme template edited
    between them changes the page (the kept code is not reused for the new source)."""
    from mkdocs.commands.build import build

    root = write_site(tmp_path / "src", incidents={"2026-03-01-api": incident_text(title="API errors")})
    config_file = root / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
                           encoding="utf-8")
    (root / "overrides").mkdir()
    override = root / "overrides" / "404.html"
    site_dir = tmp_path / "site"
    for words in ("Nothing here, first.", "Nothing here, second."):
        override.write_text(f'{{% extends "main.html" %}}{{% block content %}}{words}{{% endblock %}}',
                            encoding="utf-8")
        with environ(SOURCE_DATE_EPOCH="1774008000", STATUSPRESS_AUDIENCE="public"):
            config = load_mkdocs_config(root, site_dir)
            config.plugins.on_startup(command="serve", dirty=False)
            build(config, serve_url="http://127.0.0.1:8000/")
        assert words in (site_dir / "404.html").read_text(encoding="utf-8")
    plugin = config.plugins["statuspress"]
    assert isinstance(plugin, StatuspressPlugin) and plugin._theme_code._code


def test_serving_stores_the_search_entries_when_it_stops(tmp_path: Path) -> None:
    """Serving, ``search.json`` is not dumped again after each edit but when the server
    stops, holding the entries of the last rebuild; a build uses them as any other."""
    from mkdocs.commands.build import build

    from statuspress.build import PageCache
    from statuspress.buildcache import SEARCH_FILE

    root = write_site(tmp_path / "src", incidents={
        "2026-03-01-api": incident_text(title="API errors", started="2026-03-01T09:00:00Z",
                                        resolved="2026-03-01T10:00:00Z"),
    })
    stored = root / ".cache/statuspress/pages/public" / SEARCH_FILE
    site_dir = tmp_path / "site"

    def serve_build() -> StatuspressPlugin:
        with environ(SOURCE_DATE_EPOCH="1774008000", STATUSPRESS_AUDIENCE="public"):
            config = load_mkdocs_config(root, site_dir)
            config.plugins.on_startup(command="serve", dirty=False)
            plugin = config.plugins["statuspress"]
            assert isinstance(plugin, StatuspressPlugin)
            build(config, serve_url="http://127.0.0.1:8000/")
        return plugin

    plugin = serve_build()
    plugin.page_cache = PageCache()  # other tests' serving instance: start from none
    plugin = serve_build()
    assert not stored.exists()
    path = root / "incidents" / "2026-03-01-api.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited while serving.\n", encoding="utf-8")
    serve_build()
    assert not stored.exists()
    plugin.on_shutdown()
    entries = json.loads(stored.read_text(encoding="utf-8"))["entries"]
    # The last rebuild's entry only (the one before the edit was forgotten).
    assert len(entries) == 1 and "Edited while serving." in next(iter(entries.values()))[2]


def test_serving_freezes_the_loaded_content_for_the_collector_during_a_build_only(tmp_path: Path) -> None:
    import gc

    root = write_site(tmp_path / "src", incidents={"2026-03-01-api": incident_text(title="API errors")})
    plugin, config = _serving_plugin(root, tmp_path / "site")
    try:
        assert gc.get_freeze_count() > 0
    finally:
        plugin.on_post_build(config=config)  # type: ignore[arg-type]
    assert gc.get_freeze_count() == 0
