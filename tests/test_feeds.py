"""RSS and Atom history feeds (statuspress.render.feeds), site-wide and per component."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest

from statuspress.load import Site
from statuspress.render.feeds import entry_id, history_feeds
from statuspress.render.templating import make_environment
from statuspress.views.snapshot import snapshot
from tests.support.sites import (
    INTERNAL_MARKER,
    incident_text,
    load,
    timeline_site,
    write_site,
)

AT = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)
ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://status.acme.test/"

FEED_PATHS = [
    "components/api/history.atom", "components/api/history.rss",
    "components/db/history.atom", "components/db/history.rss",
    "components/web/history.atom", "components/web/history.rss",
    "history.atom", "history.rss",
]

API_ERRORS_CONTENT = (
    "<p><small>2026-03-01 10:00 UTC</small><br><strong>Resolved</strong></p>\n"
    "<p>Error rates are back to normal.</p>\n"
    "<p><small>2026-03-01 09:45 UTC</small><br><strong>Monitoring</strong></p>\n"
    "<p>A fix has been deployed.</p>\n"
    "<p><small>2026-03-01 09:30 UTC</small><br><strong>Update</strong></p>\n"
    "<p>Errors are limited to <strong>eu-west</strong>.</p>\n"
    "<p><small>2026-03-01 09:05 UTC</small><br><strong>Investigating</strong></p>\n"
    "<p>We are investigating elevated errors.</p>\n"
)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return timeline_site(tmp_path)


@pytest.fixture
def feeds(site: Site) -> dict[str, bytes]:
    return history_feeds(snapshot(site, AT), make_environment())


def _atom_entries(data: bytes) -> list[ET.Element]:
    return ET.fromstring(data).findall(f"{ATOM}entry")


def _atom_contents(data: bytes) -> dict[str, str]:
    """Entry id -> the exact HTML content (feedparser would normalise it)."""
    return {
        e.findtext(f"{ATOM}id", ""): e.findtext(f"{ATOM}content", "") for e in _atom_entries(data)
    }


def test_every_feed_is_written_and_parses_cleanly(feeds: dict[str, bytes]) -> None:
    assert sorted(feeds) == FEED_PATHS
    for path, data in feeds.items():
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if path.endswith(".atom") else "rss20")


def test_site_atom_feed_header(feeds: dict[str, bytes]) -> None:
    feed = feedparser.parse(feeds["history.atom"]).feed
    assert feed.title == "Acme Status - Incident History"
    assert feed.id == "tag:status.acme.test,2005:/history"
    assert feed.author == "Acme"
    # The latest entry's update (the deploy's in_progress update), not the clock or `at`.
    assert feed.updated == "2026-03-20T11:00:00+00:00"
    assert [(link.rel, link.href, link.type) for link in feed.links] == [
        ("self", BASE + "history.atom", "application/atom+xml"),
        ("alternate", BASE + "history/", "text/html"),
    ]


def test_site_atom_entries_newest_update_first(feeds: dict[str, bytes]) -> None:
    entries = feedparser.parse(feeds["history.atom"]).entries
    # The upcoming migration has not started by `at`, but it was announced on 19 March:
    # a scheduled maintenance is news from its first update on, as on Statuspage.
    assert [(e.id, e.title, e.published, e.updated, e.link) for e in entries] == [
        ("tag:status.acme.test,2005:Incident/2026-03-20-api-deploy", "API deploy; writes paused, briefly",
         "2026-03-20T11:00:00+00:00", "2026-03-20T11:00:00+00:00", BASE + "incidents/2026-03-20-api-deploy/"),
        ("tag:status.acme.test,2005:Incident/2026-03-25-web-migration",
         "Website migration to the new hosting platform in the eu-west region",
         "2026-03-19T15:00:00+00:00", "2026-03-19T15:00:00+00:00",
         BASE + "incidents/2026-03-25-web-migration/"),
        ("tag:status.acme.test,2005:Incident/2026-03-10-web-slow", "Slow website",
         "2026-03-10T08:10:00+00:00", "2026-03-10T08:10:00+00:00", BASE + "incidents/2026-03-10-web-slow/"),
        ("tag:status.acme.test,2005:Incident/2026-03-05-db-upgrade", "Database upgrade",
         "2026-03-05T22:50:00+00:00", "2026-03-05T22:50:00+00:00", BASE + "incidents/2026-03-05-db-upgrade/"),
        ("tag:status.acme.test,2005:Incident/2026-03-01-api-errors", "Elevated API errors",
         "2026-03-01T10:00:00+00:00", "2026-03-01T10:00:00+00:00", BASE + "incidents/2026-03-01-api-errors/"),
        ("tag:status.acme.test,2005:Incident/2026-01-10-old-maintenance", "Old maintenance",
         "2026-01-10T01:30:00+00:00", "2026-01-10T01:30:00+00:00",
         BASE + "incidents/2026-01-10-old-maintenance/"),
    ]


def test_entry_content_lists_updates_newest_first_with_stage_labels(feeds: dict[str, bytes]) -> None:
    contents = _atom_contents(feeds["history.atom"])
    assert contents["tag:status.acme.test,2005:Incident/2026-03-01-api-errors"] == API_ERRORS_CONTENT
    assert contents["tag:status.acme.test,2005:Incident/2026-03-20-api-deploy"] == (
        "<p><small>2026-03-20 11:00 UTC</small><br><strong>In progress</strong></p>\n"
        "<p>The deploy has started; writes pause, reads continue.</p>\n"
        "<p>Logs go to C:\\ops\\deploy.</p>\n"
        "<p><small>2026-03-18 10:00 UTC</small><br><strong>Scheduled</strong></p>\n"
        "<p>Writes will pause for up to two hours.</p>\n"
    )


def test_updates_after_the_as_of_time_are_left_out(feeds: dict[str, bytes]) -> None:
    contents = _atom_contents(feeds["history.atom"])
    web = contents["tag:status.acme.test,2005:Incident/2026-03-10-web-slow"]
    assert "Identified" not in web
    assert all(b"Posted after the as-of time" not in data for data in feeds.values())


def test_hostile_markdown_is_sanitised(feeds: dict[str, bytes]) -> None:
    contents = _atom_contents(feeds["history.atom"])
    assert contents["tag:status.acme.test,2005:Incident/2026-03-10-web-slow"] == (
        "<p><small>2026-03-10 08:10 UTC</small><br><strong>Investigating</strong></p>\n"
        '<p>Pages load slowly.  <a rel="noopener noreferrer nofollow">x</a> <img src="x"></p>\n'
    )
    for path, data in feeds.items():
        text = data.decode("utf-8")
        for needle in ("<script", "&lt;script", "onerror", "javascript:", "alert("):
            assert needle not in text, (path, needle)


def test_internal_details_never_appear(feeds: dict[str, bytes]) -> None:
    for path, data in feeds.items():
        assert INTERNAL_MARKER.encode() not in data, path


def test_site_rss_feed(feeds: dict[str, bytes]) -> None:
    parsed = feedparser.parse(feeds["history.rss"])
    assert parsed.feed.title == "Acme Status - Incident History"
    assert parsed.feed.link == BASE + "history/"
    assert parsed.feed.updated == "Fri, 20 Mar 2026 11:00:00 +0000"
    assert [(e.title, e.link, e.id, e.published) for e in parsed.entries] == [
        ("API deploy; writes paused, briefly", BASE + "incidents/2026-03-20-api-deploy/",
         BASE + "incidents/2026-03-20-api-deploy/", "Fri, 20 Mar 2026 11:00:00 +0000"),
        ("Website migration to the new hosting platform in the eu-west region",
         BASE + "incidents/2026-03-25-web-migration/", BASE + "incidents/2026-03-25-web-migration/",
         "Thu, 19 Mar 2026 15:00:00 +0000"),
        ("Slow website", BASE + "incidents/2026-03-10-web-slow/",
         BASE + "incidents/2026-03-10-web-slow/", "Tue, 10 Mar 2026 08:10:00 +0000"),
        ("Database upgrade", BASE + "incidents/2026-03-05-db-upgrade/",
         BASE + "incidents/2026-03-05-db-upgrade/", "Thu, 05 Mar 2026 22:50:00 +0000"),
        ("Elevated API errors", BASE + "incidents/2026-03-01-api-errors/",
         BASE + "incidents/2026-03-01-api-errors/", "Sun, 01 Mar 2026 10:00:00 +0000"),
        ("Old maintenance", BASE + "incidents/2026-01-10-old-maintenance/",
         BASE + "incidents/2026-01-10-old-maintenance/", "Sat, 10 Jan 2026 01:30:00 +0000"),
    ]
    channel = ET.fromstring(feeds["history.rss"]).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert [i.find("guid").get("isPermaLink") for i in items] == ["true"] * 6  # type: ignore[union-attr]
    # The same HTML as the Atom content.
    assert items[4].findtext("description") == API_ERRORS_CONTENT


def test_component_feeds_carry_only_their_incidents(feeds: dict[str, bytes]) -> None:
    def ids(path: str) -> list[str]:
        return [e.id for e in feedparser.parse(feeds[path]).entries]

    tag = "tag:status.acme.test,2005:Incident/"
    assert ids("components/api/history.atom") == [tag + "2026-03-20-api-deploy", tag + "2026-03-01-api-errors"]
    assert ids("components/web/history.atom") == [tag + "2026-03-25-web-migration", tag + "2026-03-10-web-slow"]
    assert ids("components/db/history.atom") == [tag + "2026-03-05-db-upgrade", tag + "2026-01-10-old-maintenance"]
    assert ids("components/db/history.rss") == [
        BASE + "incidents/2026-03-05-db-upgrade/", BASE + "incidents/2026-01-10-old-maintenance/",
    ]
    api = feedparser.parse(feeds["components/api/history.atom"]).feed
    assert api.title == "Acme Status - API Incident History"
    assert api.id == "tag:status.acme.test,2005:/components/api/history"
    assert api.updated == "2026-03-20T11:00:00+00:00"
    assert [(link.rel, link.href) for link in api.links] == [
        ("self", BASE + "components/api/history.atom"), ("alternate", BASE + "components/api/"),
    ]
    web = feedparser.parse(feeds["components/web/history.rss"]).feed
    assert web.title == "Acme Status - Website Incident History"
    assert web.link == BASE + "components/web/"
    assert web.updated == "Thu, 19 Mar 2026 15:00:00 +0000"


def test_limit_keeps_the_most_recently_updated(site: Site) -> None:
    feeds = history_feeds(snapshot(site, AT), make_environment(), limit=2)
    tag = "tag:status.acme.test,2005:Incident/"
    assert [e.id for e in feedparser.parse(feeds["history.atom"]).entries] == [
        tag + "2026-03-20-api-deploy", tag + "2026-03-25-web-migration",
    ]
    assert [e.id for e in feedparser.parse(feeds["components/db/history.rss"]).entries] == [
        BASE + "incidents/2026-03-05-db-upgrade/", BASE + "incidents/2026-01-10-old-maintenance/",
    ]


def test_output_is_deterministic(site: Site, feeds: dict[str, bytes]) -> None:
    assert history_feeds(snapshot(site, AT), make_environment()) == feeds


def test_an_earlier_as_of_time_shows_the_past(site: Site) -> None:
    at = datetime(2026, 3, 1, 9, 40, tzinfo=timezone.utc)
    feeds = history_feeds(snapshot(site, at), make_environment())
    atom = feedparser.parse(feeds["history.atom"])
    assert [e.title for e in atom.entries] == ["Elevated API errors", "Old maintenance"]
    assert atom.entries[0].updated == "2026-03-01T09:30:00+00:00"
    assert atom.feed.updated == "2026-03-01T09:30:00+00:00"
    assert _atom_contents(feeds["history.atom"])[
        "tag:status.acme.test,2005:Incident/2026-03-01-api-errors"
    ] == (
        "<p><small>2026-03-01 09:30 UTC</small><br><strong>Update</strong></p>\n"
        "<p>Errors are limited to <strong>eu-west</strong>.</p>\n"
        "<p><small>2026-03-01 09:05 UTC</small><br><strong>Investigating</strong></p>\n"
        "<p>We are investigating elevated errors.</p>\n"
    )


def test_empty_site_gives_valid_empty_feeds(tmp_path: Path) -> None:
    write_site(tmp_path)
    feeds = history_feeds(snapshot(load(tmp_path), AT), make_environment())
    assert sorted(feeds) == FEED_PATHS
    for path, data in feeds.items():
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, path
        assert parsed.entries == []
    # With no entry, the feed's time is the as-of time.
    assert feedparser.parse(feeds["history.atom"]).feed.updated == "2026-03-20T12:00:00+00:00"
    assert feedparser.parse(feeds["history.rss"]).feed.updated == "Fri, 20 Mar 2026 12:00:00 +0000"


def test_entry_ids_survive_edits(tmp_path: Path) -> None:
    first = write_site(tmp_path / "a", incidents={"2026-03-14-api": incident_text(title="API errors")})
    second = write_site(tmp_path / "b", incidents={"2026-03-14-api": incident_text(
        title="API errors in eu-west", started="2026-03-14T08:55:00Z")})
    ids = [
        [e.id for e in feedparser.parse(history_feeds(snapshot(load(root), AT), make_environment())["history.atom"]).entries]
        for root in (first, second)
    ]
    assert ids == [["tag:status.acme.test,2005:Incident/2026-03-14-api"]] * 2


def test_entry_id_without_a_site_url_uses_localhost(tmp_path: Path) -> None:
    write_site(tmp_path, url="")
    assert entry_id(load(tmp_path).config, "x") == "tag:localhost,2005:Incident/x"


def test_site_overrides_replace_the_entry_template(site: Site, tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    (overrides / "statuspress" / "feeds").mkdir(parents=True)
    (overrides / "statuspress" / "feeds" / "entry.html").write_text(
        "{{ updates|length }} updates of {{ incident.title }}", encoding="utf-8")
    feeds = history_feeds(snapshot(site, AT), make_environment([overrides]))
    assert _atom_contents(feeds["history.atom"])[
        "tag:status.acme.test,2005:Incident/2026-03-01-api-errors"
    ] == "4 updates of Elevated API errors"
