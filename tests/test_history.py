"""Incident history and its pages (statuspress.views.history, views.index)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from statuspress.load import Site
from statuspress.views.history import (
    HistoryPage,
    MonthGroup,
    component_history,
    paginate,
    past_incidents,
)
from statuspress.views.index import incidents_by_component
from tests.support.sites import incident_text, load, maintenance_text, write_site

AT = datetime(2026, 4, 1, tzinfo=timezone.utc)


def site_with(tmp_path: Path, incidents: dict[str, str]) -> Site:
    write_site(tmp_path, incidents=incidents)
    site = load(tmp_path)
    assert site.problems == []
    return site


def monthly(months: tuple[int, ...] = (1, 2, 3), per_month: int = 15) -> dict[str, str]:
    """``per_month`` incidents on days 1.. of each month of 2026, at 09:00."""
    return {
        f"2026-{m:02d}-{d:02d}-inc": incident_text(
            started=f"2026-{m:02d}-{d:02d}T09:00:00Z", resolved=f"2026-{m:02d}-{d:02d}T10:00:00Z")
        for m in months for d in range(1, per_month + 1)
    }


def ids(incidents: object) -> list[str]:
    return [i.id for i in incidents]  # type: ignore[attr-defined]


def shape(page: HistoryPage) -> list[tuple[date, int]]:
    return [(group.month, len(group.incidents)) for group in page.months]


def test_forty_five_incidents_make_pages_of_20_20_5(tmp_path: Path) -> None:
    site = site_with(tmp_path, monthly())
    past = past_incidents(site, AT)
    assert len(past) == 45
    assert past[0].id == "2026-03-15-inc" and past[-1].id == "2026-01-01-inc"
    pages = paginate(past, site.config.history_page_size)
    assert [(p.number, p.count, sum(len(g.incidents) for g in p.months)) for p in pages] == [
        (1, 3, 20), (2, 3, 20), (3, 3, 5),
    ]
    # Newest first: March 15..1, then February 15..11 on page 1; February carries on.
    assert shape(pages[0]) == [(date(2026, 3, 1), 15), (date(2026, 2, 1), 5)]
    assert (pages[0].first, pages[0].last) == (date(2026, 3, 15), date(2026, 2, 11))
    assert shape(pages[1]) == [(date(2026, 2, 1), 10), (date(2026, 1, 1), 10)]
    assert (pages[1].first, pages[1].last) == (date(2026, 2, 10), date(2026, 1, 6))
    assert shape(pages[2]) == [(date(2026, 1, 1), 5)]
    assert (pages[2].first, pages[2].last) == (date(2026, 1, 5), date(2026, 1, 1))
    assert ids(pages[2].months[0].incidents) == [f"2026-01-0{d}-inc" for d in (5, 4, 3, 2, 1)]


def test_pages_never_grow_when_history_does(tmp_path: Path) -> None:
    incidents = monthly()
    incidents["2026-03-20-new"] = incident_text(
        started="2026-03-20T09:00:00Z", resolved="2026-03-20T10:00:00Z")
    site = site_with(tmp_path, incidents)
    pages = paginate(past_incidents(site, AT), 20)
    assert [sum(len(g.incidents) for g in p.months) for p in pages] == [20, 20, 6]
    assert pages[0].first == date(2026, 3, 20)
    assert pages[0].last == date(2026, 2, 12)


def test_no_history_is_one_empty_page() -> None:
    assert paginate([], 20) == [HistoryPage(number=1, count=1, months=(), first=None, last=None)]


def test_exact_multiple_of_the_page_size(tmp_path: Path) -> None:
    site = site_with(tmp_path, monthly(months=(1,), per_month=4))
    pages = paginate(past_incidents(site, AT), 2)
    assert [(p.number, p.count, shape(p)) for p in pages] == [
        (1, 2, [(date(2026, 1, 1), 2)]), (2, 2, [(date(2026, 1, 1), 2)]),
    ]


def test_page_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="page_size must be at least 1, got 0"):
        paginate([], 0)


def test_past_incidents_start_at_or_before_the_as_of_time(tmp_path: Path) -> None:
    site = site_with(tmp_path, {
        "2026-03-31-b": incident_text(started="2026-03-31T09:00:00Z", resolved=None),
        "2026-03-31-a": incident_text(started="2026-03-31T09:00:00Z", resolved=None),
        "2026-04-01-now": incident_text(started="2026-04-01T00:00:00Z", resolved=None),
        "2026-04-02-future": incident_text(started="2026-04-02T09:00:00Z", resolved=None),
        "2026-03-30-maint": maintenance_text(
            start="2026-03-30T22:00:00Z", end="2026-03-30T23:00:00Z", resolved="2026-03-30T22:40:00Z"),
        "2026-04-03-upcoming": maintenance_text(start="2026-04-03T22:00:00Z", end="2026-04-03T23:00:00Z"),
    })
    # Equal starts fall back to the id, newest (largest) first.
    assert ids(past_incidents(site, AT)) == [
        "2026-04-01-now", "2026-03-31-b", "2026-03-31-a", "2026-03-30-maint",
    ]


def test_month_groups_are_utc_months(tmp_path: Path) -> None:
    site = site_with(tmp_path, {
        # 00:30 on 1 March in UTC, written with a -01:00 offset (still February locally).
        "2026-03-01-a": incident_text(started="2026-02-28T23:30:00-01:00", resolved=None),
        "2026-02-28-b": incident_text(started="2026-02-28T23:30:00Z", resolved="2026-02-28T23:45:00Z"),
    })
    (page,) = paginate(past_incidents(site, AT), 20)
    assert page.months == (
        MonthGroup(date(2026, 3, 1), (site.incidents_by_id["2026-03-01-a"],)),
        MonthGroup(date(2026, 2, 1), (site.incidents_by_id["2026-02-28-b"],)),
    )
    assert (page.first, page.last) == (date(2026, 3, 1), date(2026, 2, 28))


def test_component_history(tmp_path: Path) -> None:
    site = site_with(tmp_path, {
        "2026-03-01-api": incident_text(started="2026-03-01T09:00:00Z", resolved=None, components="[api]"),
        "2026-03-02-both": incident_text(
            started="2026-03-02T09:00:00Z", resolved=None, components="[api, web]"),
        "2026-03-03-web": incident_text(started="2026-03-03T09:00:00Z", resolved=None, components="[web]"),
        "2026-03-04-none": incident_text(
            severity="SEV4", started="2026-03-04T09:00:00Z", resolved=None, components="[api]"),
        "2026-03-05-maint": maintenance_text(
            components="[api]", start="2026-03-05T22:00:00Z", end="2026-03-05T23:00:00Z"),
        "2026-04-05-future": incident_text(started="2026-04-05T09:00:00Z", resolved=None, components="[api]"),
    })
    assert ids(component_history(site, "api", AT)) == [
        "2026-03-05-maint", "2026-03-04-none", "2026-03-02-both", "2026-03-01-api",
    ]
    assert ids(component_history(site, "web", AT)) == ["2026-03-03-web", "2026-03-02-both"]
    assert component_history(site, "db", AT) == []
    assert component_history(site, "undeclared", AT) == []


def test_incidents_by_component_is_built_once_per_site(tmp_path: Path) -> None:
    site = site_with(tmp_path, {
        "2026-03-02-both": incident_text(
            started="2026-03-02T09:00:00Z", resolved=None, components="[web, api]"),
        "2026-03-01-api": incident_text(started="2026-03-01T09:00:00Z", resolved=None, components="[api]"),
    })
    index = incidents_by_component(site)
    assert {cid: ids(found) for cid, found in index.items()} == {
        "api": ["2026-03-01-api", "2026-03-02-both"], "web": ["2026-03-02-both"], "db": [],
    }
    assert incidents_by_component(site) is index
    # Replacing the incidents invalidates the cached index.
    site.incidents = site.incidents[:1]
    assert ids(incidents_by_component(site)["web"]) == []
    # Another Site object with the same content gets its own index.
    twin = dataclasses.replace(site)
    assert incidents_by_component(twin) is not incidents_by_component(site)
