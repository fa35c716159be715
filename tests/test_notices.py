"""Notices (`type: notice`): shown while started <= as-of < ends, pinned ones at the
top of the status page, on their own page, in the history, the feeds and the
Statuspage JSON as incidents with impact `none`; never in a component status, the
headline, uptime, the maintenance lists or the calendar. One real MkDocs build."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import feedparser
import pytest
from icalendar import Calendar

from statuspress.views.snapshot import snapshot
from tests.support.builds import all_files, cls, mkdocs_build, page, text, texts
from tests.support.sites import INTERNAL_MARKER, load, write_site

AT = "2026-03-20T12:00:00Z"
AT_TIME = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)

PINNED = "2026-03-18-new-dashboard"
SHOWN = "2026-03-19-card-fees"
PAST = "2026-03-01-office-move"
FUTURE = "2026-03-25-easter-hours"
INCIDENT = "2026-03-20-api-errors"

CONTENT = {
    PINNED: f"""
        ---
        title: A new dashboard is coming
        type: notice
        pinned: true
        started: 2026-03-18T09:00:00Z
        ends: 2026-04-01T00:00:00Z
        updates:
          - at: 2026-03-19T10:00:00Z
            message: The preview is open to every account.
        internal:
          notes: {INTERNAL_MARKER} rollout plan
        ---
        The **new dashboard** arrives on 1 April.
        """,
    SHOWN: """
        ---
        title: Card fees change in April
        type: notice
        started: 2026-03-19T08:00:00Z
        ---
        Card fees change on 1 April; see the pricing page.
        """,
    PAST: """
        ---
        title: Our office moved
        type: notice
        pinned: true
        started: 2026-03-01T09:00:00Z
        ends: 2026-03-08T09:00:00Z
        ---
        Our postal address changed.
        """,
    FUTURE: """
        ---
        title: Support hours over Easter
        type: notice
        started: 2026-03-25T09:00:00Z
        ---
        Support answers from 10:00 to 16:00 UTC over Easter.
        """,
    INCIDENT: """
        ---
        title: API errors
        severity: SEV2
        components: [api]
        started: 2026-03-20T11:00:00Z
        updates:
          - at: 2026-03-20T11:05:00Z
            status: investigating
            message: We are investigating API errors.
        ---
        """,
}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_site(tmp_path_factory.mktemp("notices"), CONTENT)


@pytest.fixture(scope="module")
def site(root: Path) -> Path:
    return mkdocs_build(root, at=AT)


def _json(site: Path, name: str) -> Any:
    return json.loads((site / "api" / "v2" / name).read_bytes())


def test_notices_validate(root: Path) -> None:
    assert load(root).problems == []


def test_status_page_pins_notices_at_the_top(site: Path) -> None:
    tree = page(site, "")
    main = tree.xpath("//h1[contains(@class, 'sp-visually-hidden')]/following-sibling::*")
    # First the pinned notice, then the headline (which only the incident sets).
    assert main[0].get("aria-label") == "Pinned notices"
    assert texts(main[0], ".//h2") == ["A new dashboard is coming"]
    assert texts(main[0], f".//*[{cls('sp-notice__meta')}]") == [
        "Pinned notice · posted 2026-03-18 09:00 UTC · until 2026-04-01 00:00 UTC",
        "Update · 2026-03-19 10:00 UTC",
    ]
    assert "The new dashboard arrives on 1 April." in text(main[0])
    assert "sp-banner" in main[1].get("class")
    assert text(main[1]).startswith("Minor Service Outage")
    # The other shown notice has its own section; past and future ones are not shown.
    assert texts(tree, "//section[@aria-labelledby='sp-notices']//h3") == ["Card fees change in April"]
    assert texts(tree, "//section[@aria-labelledby='sp-active']//h3") == ["API errors"]
    body = text(tree)
    assert "Our office moved" not in body and "Support hours over Easter" not in body


def test_notice_page_has_the_message_and_updates_only(site: Path) -> None:
    tree = page(site, f"incidents/{PINNED}/")
    assert texts(tree, "//h1") == ["A new dashboard is coming"]
    assert texts(tree, f"//dl[{cls('sp-summary')}]/div") == [
        "Posted 2026-03-18 09:00 UTC", "Shown until 2026-04-01 00:00 UTC",
    ]
    assert texts(tree, f"//*[{cls('sp-description')}]") == ["The new dashboard arrives on 1 April."]
    assert texts(tree, f"//li[{cls('sp-update')}]") == [
        "Update 2026-03-19 10:00 UTC The preview is open to every account.",
    ]
    assert tree.xpath(f"//*[{cls('sp-stages')}]") == []
    assert tree.xpath("//*[@id='sp-affected']") == []
    ended = page(site, f"incidents/{PAST}/")
    assert texts(ended, f"//dl[{cls('sp-summary')}]/div") == [
        "Posted 2026-03-01 09:00 UTC", "Ended 2026-03-08 09:00 UTC",
    ]


def test_history_lists_notices_as_notices(site: Path) -> None:
    items = texts(page(site, "history/"), f"//li[{cls('sp-incident-item')}]")
    assert items == [
        "API errors Major impact · 2026-03-20 11:00 UTC · ongoing",
        "Card fees change in April Notice · 2026-03-19 08:00 UTC · shown now",
        "A new dashboard is coming Notice · 2026-03-18 09:00 UTC · shown now",
        "Our office moved Notice · 2026-03-01 09:00 UTC · until 2026-03-08 09:00 UTC",
    ]


def test_feeds_carry_notices_from_their_start(site: Path) -> None:
    feed = feedparser.parse((site / "history.atom").read_bytes())
    entries = [(e.title, e.updated) for e in feed.entries]
    assert entries == [
        ("API errors", "2026-03-20T11:05:00+00:00"),
        ("A new dashboard is coming", "2026-03-19T10:00:00+00:00"),  # its update dates it
        ("Card fees change in April", "2026-03-19T08:00:00+00:00"),
        ("Our office moved", "2026-03-08T09:00:00+00:00"),  # its end dates it
    ]
    by_title = {e.title: e.content[0].value for e in feed.entries}
    assert by_title["A new dashboard is coming"] == (
        "<p><small>2026-03-19 10:00 UTC</small><br /><strong>Update</strong></p>\n"
        "<p>The preview is open to every account.</p>\n"
        "<p><small>2026-03-18 09:00 UTC</small><br /><strong>Notice</strong></p>\n"
        "<p>The <strong>new dashboard</strong> arrives on 1 April.</p>"
    )
    assert by_title["Our office moved"] == (
        "<p><small>2026-03-08 09:00 UTC</small><br /><strong>Ended</strong></p>\n"
        "<p><small>2026-03-01 09:00 UTC</small><br /><strong>Notice</strong></p>\n"
        "<p>Our postal address changed.</p>"
    )
    rss = feedparser.parse((site / "history.rss").read_bytes())
    assert [e.title for e in rss.entries] == [title for title, _ in entries]
    # A notice names no component, so no component feed lists it.
    api = feedparser.parse((site / "components" / "api" / "history.atom").read_bytes())
    assert [e.title for e in api.entries] == ["API errors"]


def test_json_shows_notices_as_incidents_without_impact(site: Path) -> None:
    incidents = {i["id"]: i for i in _json(site, "incidents.json")["incidents"]}
    assert list(incidents) == [INCIDENT, SHOWN, PINNED, PAST]
    pinned = incidents[PINNED]
    assert {k: pinned[k] for k in ("status", "impact", "components", "created_at", "updated_at", "started_at",
                                     "resolved_at", "monitoring_at")} == {
        "status": "identified", "impact": "none", "components": [],
        "created_at": "2026-03-18T09:00:00.000Z", "updated_at": "2026-03-19T10:00:00.000Z",
        "started_at": "2026-03-18T09:00:00.000Z", "resolved_at": None, "monitoring_at": None,
    }
    assert [(u["id"], u["status"], u["body"], u["created_at"], u["affected_components"])
            for u in pinned["incident_updates"]] == [
        (f"{PINNED}-1", "identified", "The preview is open to every account.", "2026-03-19T10:00:00.000Z", None),
        (f"{PINNED}-0", "identified", "The new dashboard arrives on 1 April.", "2026-03-18T09:00:00.000Z", None),
    ]
    past = incidents[PAST]
    assert (past["status"], past["resolved_at"], past["updated_at"]) == (
        "resolved", "2026-03-08T09:00:00.000Z", "2026-03-08T09:00:00.000Z")
    # Its end is the newest update, as a resolution is: a widget that shows the newest
    # update said `identified` for ever.
    assert [(u["id"], u["status"], u["body"], u["created_at"]) for u in past["incident_updates"]] == [
        (f"{PAST}-end", "resolved", "", "2026-03-08T09:00:00.000Z"),
        (f"{PAST}-0", "identified", "Our postal address changed.", "2026-03-01T09:00:00.000Z"),
    ]
    shown = [INCIDENT, SHOWN, PINNED]
    assert [i["id"] for i in _json(site, "incidents/unresolved.json")["incidents"]] == shown
    summary = _json(site, "summary.json")
    assert [i["id"] for i in summary["incidents"]] == shown
    assert summary["scheduled_maintenances"] == []
    assert _json(site, "scheduled-maintenances.json")["scheduled_maintenances"] == []
    # The headline and the components follow the incident alone.
    assert summary["status"] == {"indicator": "minor", "description": "Minor Service Outage"}
    assert {c["id"]: c["status"] for c in summary["components"] if not c["group"]} == {
        "api": "partial_outage", "web": "operational", "db": "operational",
    }


def test_calendar_and_badge_ignore_notices(site: Path) -> None:
    calendar = Calendar.from_ical((site / "maintenance.ics").read_bytes())
    assert [str(e.get("summary")) for e in calendar.walk("VEVENT")] == []
    badge = json.loads((site / "badge.json").read_bytes())
    assert (badge["message"], badge["label"]) == ("Minor Service Outage", "status")


def test_embed_shows_pinned_notices_only(site: Path) -> None:
    tree = page(site, "embed/status/")
    assert texts(tree, "//li") == [
        "API errors Major impact · Investigating · updated 2026-03-20 11:05 UTC",
        "A new dashboard is coming Notice · updated 2026-03-19 10:00 UTC",
    ]


def test_notices_change_no_status_and_no_uptime(root: Path) -> None:
    site = load(root)
    without = dataclasses.replace(site, incidents=tuple(i for i in site.incidents if not i.is_notice))
    with_notices, plain = snapshot(site, AT_TIME), snapshot(without, AT_TIME)
    assert with_notices.status.components == plain.status.components
    assert with_notices.status.overall == plain.status.overall
    assert with_notices.uptime == plain.uptime
    assert [s.id for s in with_notices.status.notices] == [PINNED, SHOWN]
    assert with_notices.status.recent == plain.status.recent


def test_nothing_internal_of_a_notice_is_public(site: Path, root: Path, tmp_path: Path) -> None:
    leaked = [path for path, data in all_files(site).items() if INTERNAL_MARKER.encode() in data]
    assert leaked == []
    internal = mkdocs_build(root, at=AT, audience="internal", site_dir=tmp_path / "internal")
    assert INTERNAL_MARKER in text(page(internal, f"incidents/{PINNED}/"))


def test_the_page_cache_renders_a_notice_again_only_when_it_ends(tmp_path: Path) -> None:
    from mkdocs.config import config_options
    from mkdocs.config.defaults import MkDocsConfig

    from tests.support.builds import load_mkdocs_config

    def build(site_dir: Path, at: str) -> tuple[dict[str, bytes], Any]:
        for _, option in MkDocsConfig._schema:  # a new process, as CI's hourly rebuild is
            if isinstance(option, config_options.Plugins):
                option.plugin_cache.clear()
        config = load_mkdocs_config(root, site_dir)
        mkdocs_build(root, at=at, config=config)
        return all_files(site_dir), config.plugins["statuspress"].render_stats

    notices = {
        "2026-03-01-ended": CONTENT[PAST],
        "2026-03-18-ending": CONTENT[PINNED].replace("ends: 2026-04-01T00:00:00Z", "ends: 2026-03-22T00:00:00Z"),
        "2026-03-19-open-ended": CONTENT[SHOWN],
    }
    root = write_site(tmp_path / "site", notices)
    _, first = build(tmp_path / "first", AT)
    assert first.rendered == 3
    warm, stats = build(tmp_path / "warm", "2026-03-23T00:00:00Z")
    assert (stats.rendered, stats.rendered_ids) == (1, ["2026-03-18-ending"])
    assert "Ended 2026-03-22 00:00 UTC" in text(lxml_page(warm["incidents/2026-03-18-ending/index.html"]))
    shutil.rmtree(root / ".cache")
    cold, _ = build(tmp_path / "cold", "2026-03-23T00:00:00Z")
    assert [path for path in cold if warm.get(path) != cold[path]] == []


def lxml_page(data: bytes) -> Any:
    from lxml import html as lxml_html

    return lxml_html.fromstring(data)


def test_metrics_leave_notices_out(root: Path) -> None:
    from statuspress.views.metrics import mtbf, period_metrics

    site = load(root)
    without = dataclasses.replace(site, incidents=tuple(i for i in site.incidents if not i.is_notice))
    assert period_metrics(site, None, None, AT_TIME) == period_metrics(without, None, None, AT_TIME)
    assert mtbf(site.incidents).total == 0  # one incident: no pair, whatever the notices
