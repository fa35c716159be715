"""The public site, built by MkDocs from a small fixture with hand-computed figures.

The fixture is ``tests/support/status_fixture.py``: api errors on the 14th (09:00-10:30,
SEV2), slow db queries across midnight on the 17th (SEV3), the website down since
23:00 on the 19th (SEV1, open) and a db upgrade on the 25th, as of 2026-03-20 12:00.

Uptime over the 90 days ending with the as-of day: 89 full days and 12 hours of the
20th, 128,880 tracked minutes.

* api: 90 min of partial outage x 0.3 = 27 min: 100 x (1 - 27/128880) = 99.979 -> "99.97";
  on the 14th 100 x (1 - 27/1440) = 98.125 -> "98.12".
* web: 13 h of major outage (23:00 to 12:00) = 780 min: 99.394 -> "99.39"; the 19th
  60 min -> 95.833 -> "95.83"; the 20th, 720 of 720 tracked minutes -> "0".
* db: degraded performance weighs 0 -> "100", though the 17th and 18th each show 30 min.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.builds import cls, mkdocs_build, page, text, texts
from tests.support.sites import write_site
from tests.support.status_fixture import API_ERRORS as API_ERRORS_TEXT
from tests.support.status_fixture import AT, write_status_fixture


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mkdocs_build(write_status_fixture(tmp_path_factory.mktemp("public")), at=AT)


def _component(tree, name: str):
    name_link = f".//*[{cls('sp-component__name')}]//a[normalize-space()='{name}']"
    [found] = tree.xpath(f"//div[{cls('sp-component')}][{name_link}]")
    return found


def _day(component, date_label: str) -> str:
    [found] = [text(li) for li in component.xpath(f".//li[{cls('sp-day')}]") if text(li).startswith(date_label + " ")]
    return found


# ---------------------------------------------------------------- status page


def test_status_page_banner_and_active_items(site: Path) -> None:
    tree = page(site, "")
    assert text(tree.xpath("//title")[0]) == "Status - Acme Status"
    [banner] = tree.xpath(f"//div[{cls('sp-banner')}]")
    assert banner.get("class") == "sp-banner sp-banner--major"
    assert text(banner) == "Partial System Outage Updated 2026-03-20 12:00 UTC"
    assert texts(tree, "//section[@aria-labelledby='sp-active']//h3") == ["Website unreachable"]
    [notice] = tree.xpath("//section[@aria-labelledby='sp-active']//article")
    assert text(notice) == (
        "Website unreachable Critical impact · Identified · started 2026-03-19 23:00 UTC, "
        "ongoing for 13 h Identified · 2026-03-20 01:00 UTC A load balancer failed; we are replacing it. "
        # Like a maintenance card, an incident card names its components (with their status).
        "Components: Website (Major outage)"
    )
    assert texts(tree, "//section[@aria-labelledby='sp-maintenance']//h3") == ["Database upgrade"]
    [maintenance] = tree.xpath("//section[@aria-labelledby='sp-maintenance']//article")
    assert "Scheduled · 2026-03-25 22:00 UTC – 2026-03-25 23:00 UTC" in text(maintenance)


def test_status_page_components_in_groups_with_words(site: Path) -> None:
    tree = page(site, "")
    groups = tree.xpath(f"//div[{cls('sp-group')}]")
    assert [texts(g, f".//*[{cls('sp-group__head')}]") for g in groups] == [["Platform Major outage"], []]
    heads = texts(tree, f"//div[{cls('sp-component__head')}]")
    assert heads == ["API Operational", "Website Major outage", "Database Operational"]
    # Colour is never alone: each status has its words and an icon.
    for status in tree.xpath(f"//span[{cls('sp-status')}]"):
        assert status.xpath("./*[local-name()='svg'][@aria-hidden='true']")
        assert text(status)


def test_status_page_uptime_bars(site: Path) -> None:
    tree = page(site, "")
    api, web, db = (_component(tree, n) for n in ("API", "Website", "Database"))
    for component in (api, web, db):
        days = component.xpath(f".//li[{cls('sp-day')}]")
        assert len(days) == 90
        assert all(day.get("tabindex") == "0" for day in days)
    assert texts(api, f".//*[{cls('sp-uptime')}]") == ["99.97 % uptime over 90 days"]
    assert texts(web, f".//*[{cls('sp-uptime')}]") == ["99.39 % uptime over 90 days"]
    assert texts(db, f".//*[{cls('sp-uptime')}]") == ["100 % uptime over 90 days"]
    assert _day(api, "14 Mar 2026") == "14 Mar 2026 98.12 % uptime. Partial outage for 1 h 30 min: Elevated API errors"
    assert _day(api, "15 Mar 2026") == "15 Mar 2026 100 % uptime. No downtime recorded."
    assert _day(web, "19 Mar 2026") == "19 Mar 2026 95.83 % uptime. Major outage for 1 h: Website unreachable"
    assert _day(web, "20 Mar 2026") == "20 Mar 2026 0 % uptime. Major outage for 12 h: Website unreachable"
    assert _day(db, "17 Mar 2026") == "17 Mar 2026 100 % uptime. Degraded performance for 30 min: Slow database queries"
    assert _day(db, "18 Mar 2026") == "18 Mar 2026 100 % uptime. Degraded performance for 30 min: Slow database queries"
    first_days = [api.xpath(f".//li[{cls('sp-day')}]")[i].get("class") for i in (0, 83, 89)]
    assert first_days == ["sp-day sp-day--operational", "sp-day sp-day--partial_outage", "sp-day sp-day--operational"]


def test_status_page_recent_history_and_links(site: Path) -> None:
    tree = page(site, "")
    assert texts(tree, f"//section[@aria-labelledby='sp-recent']//a[{cls('sp-incident-item__title')}]") == [
        "Slow database queries", "Elevated API errors",
    ]
    feeds = [(link.get("type"), link.get("href")) for link in tree.xpath("//link[@rel='alternate']")]
    assert feeds == [("application/rss+xml", "history.rss"), ("application/atom+xml", "history.atom")]
    links = {text(a): a.get("href") for a in tree.xpath("//nav[@aria-label='Subscribe']//a")}
    assert links == {
        "RSS feed": "history.rss", "Atom feed": "history.atom",
        "JSON API": "api/v2/summary.json", "Maintenance calendar": "maintenance.ics",
    }
    assert tree.xpath("//a[normalize-space()='Incident history →']/@href") == ["history/"]
    tabs = [(text(a), a.get("href")) for a in tree.xpath("//nav[@aria-label='Sections']//a")]
    assert tabs == [("Status", "./"), ("History", "history/"), ("About", "about/")]


def test_every_file_the_site_needs_is_written(site: Path) -> None:
    for path in (
        "index.html", "history/index.html", "history/page/2/index.html",
        "incidents/2026-03-14-api-errors/index.html", "incidents/2026-03-25-db-upgrade/index.html",
        "components/api/index.html", "components/db/index.html",
        "history.rss", "history.atom", "components/api/history.rss",
        "api/v2/summary.json", "api/v2/status.json", "badge.svg", "badge.json", "maintenance.ics",
        "assets/statuspress/statuspress.css", "assets/statuspress/statuspress.js",
        "about/index.html", "search/search_index.json", "sitemap.xml",
    ):
        assert (site / path).is_file(), path


def test_sitemap_lists_every_generated_page(site: Path) -> None:
    """Search engines find the incident pages: MkDocs' sitemap lists only the Markdown
    pages (about/), the plugin adds the rest; sitemap.xml.gz holds the same."""
    import gzip
    from xml.etree import ElementTree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    xml = (site / "sitemap.xml").read_bytes()
    locs = [loc.text for loc in ElementTree.fromstring(xml).findall("s:url/s:loc", ns)]
    base = "https://status.acme.test/"
    assert locs == [base + path for path in (
        "about/", "", "components/api/", "components/db/", "components/web/", "history/", "history/page/2/",
        "incidents/2026-03-14-api-errors/", "incidents/2026-03-17-db-slow/", "incidents/2026-03-19-web-down/",
        "incidents/2026-03-25-db-upgrade/",
    )]
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == xml


# ---------------------------------------------------------------- incident pages


def test_incident_page(site: Path) -> None:
    tree = page(site, "incidents/2026-03-14-api-errors/")
    assert texts(tree, "//h1") == ["Elevated API errors"]
    assert texts(tree, f"//dl[{cls('sp-summary')}]/div") == [
        "Impact Major impact", "Status Resolved", "Started 2026-03-14 09:00 UTC",
        "Resolved 2026-03-14 10:30 UTC", "Duration 1 h 30 min",
    ]
    assert texts(tree, f"//ul[{cls('sp-affected')}]/li") == ["API: Partial outage"]
    assert texts(tree, f"//section[{cls('sp-description')}]") == ["Requests to the API failed with HTTP 500."]
    steps = [(s.get("class"), text(s)) for s in tree.xpath(f"//ol[{cls('sp-stages')}]/li")]
    # Each stage's time is that of the update that reached it, as in the list below.
    assert steps == [
        ("sp-stage sp-stage--done", "Investigating (done) 2026-03-14 09:05 UTC"),
        ("sp-stage sp-stage--done", "Identified (done) 2026-03-14 09:45 UTC"),
        ("sp-stage sp-stage--skipped", "Monitoring (skipped)"),
        ("sp-stage sp-stage--current sp-stage--final", "Resolved (current stage) 2026-03-14 10:30 UTC"),
    ]
    updates = tree.xpath(f"//ol[{cls('sp-updates')}]/li")
    assert [text(u) for u in updates] == [
        "Resolved 2026-03-14 10:30 UTC Error rates are back to normal.",
        "Identified 2026-03-14 09:45 UTC A configuration change is being rolled back.",
        "Update 2026-03-14 09:30 UTC Errors are limited to requests in eu-west.",
        "Investigating 2026-03-14 09:05 UTC We are investigating elevated error rates on the API.",
    ]
    assert [t.get("datetime") for t in updates[0].xpath(".//time")] == ["2026-03-14T10:30:00Z"]
    # The public build shows nothing internal.
    assert not tree.xpath(f"//*[{cls('sp-box--internal')}]")


def test_open_incident_page_says_ongoing(site: Path) -> None:
    tree = page(site, "incidents/2026-03-19-web-down/")
    assert texts(tree, f"//dl[{cls('sp-summary')}]/div") == [
        "Impact Critical impact", "Status Identified", "Started 2026-03-19 23:00 UTC", "Duration ongoing for 13 h",
    ]
    assert [s.get("class").split()[1] for s in tree.xpath(f"//ol[{cls('sp-stages')}]/li")] == [
        "sp-stage--done", "sp-stage--current", "sp-stage--todo", "sp-stage--todo",
    ]


def test_maintenance_page(site: Path) -> None:
    tree = page(site, "incidents/2026-03-25-db-upgrade/")
    assert texts(tree, "//h1") == ["Database upgrade"]
    assert texts(tree, f"//dl[{cls('sp-summary')}]/div") == [
        "Type Maintenance", "Status Scheduled",
        "Window 2026-03-25 22:00 UTC – 2026-03-25 23:00 UTC (1 h)",
    ]
    assert texts(tree, f"//ul[{cls('sp-affected')}]/li") == ["Database"]
    assert texts(tree, f"//ol[{cls('sp-stages')}]/li") == [
        "Scheduled (current stage) 2026-03-18 10:00 UTC", "In progress (not reached)",
        "Verifying (not reached)", "Completed (not reached)",
    ]
    assert texts(tree, f"//ol[{cls('sp-updates')}]/li") == [
        "Scheduled 2026-03-18 10:00 UTC We will upgrade the database to the next major version.",
    ]


# ---------------------------------------------------------------- history and components


def test_history_is_paginated_by_month(site: Path) -> None:
    first = page(site, "history/")
    assert texts(first, "//h1") == ["Incident history page 1 of 2"]
    assert texts(first, f"//*[{cls('sp-month__title')}]") == ["March 2026"]
    assert texts(first, f"//a[{cls('sp-incident-item__title')}]") == ["Website unreachable", "Slow database queries"]
    assert texts(first, f"//*[{cls('sp-incident-item__meta')}]") == [
        "Critical impact · 2026-03-19 23:00 UTC · ongoing",
        "Minor impact · 2026-03-17 23:30 UTC · lasted 1 h",
    ]
    assert first.xpath("//nav[@aria-label='Incident history pages']//a/@href") == ["../history/page/2/"]
    assert first.xpath("//link[@rel='next']/@href") == ["../history/page/2/"]
    second = page(site, "history/page/2/")
    assert texts(second, "//h1") == ["Incident history page 2 of 2"]
    assert texts(second, f"//a[{cls('sp-incident-item__title')}]") == ["Elevated API errors"]
    assert second.xpath("//nav[@aria-label='Incident history pages']//a/@href") == ["../../../history/"]
    assert second.xpath(f"//a[{cls('sp-incident-item__title')}]/@href") == ["../../../incidents/2026-03-14-api-errors/"]
    assert not (site / "history/page/3/index.html").exists()


def test_component_page(site: Path) -> None:
    tree = page(site, "components/db/")
    assert texts(tree, "//h1") == ["Database"]
    assert texts(tree, f"//div[{cls('sp-component__head')}]") == ["Current status Operational"]
    assert texts(tree, f"//*[{cls('sp-uptime')}]") == ["100 % uptime over 90 days"]
    assert len(tree.xpath(f"//li[{cls('sp-day')}]")) == 90
    # Past only: the upgrade on the 25th is not history yet.
    assert texts(tree, f"//a[{cls('sp-incident-item__title')}]") == ["Slow database queries"]
    # The component's feeds are marked in the body: Material's script fetches a
    # sitemap.xml next to every <link rel=alternate>, and there is none in components/db/.
    assert tree.xpath("//link[@rel='alternate']") == []
    assert [(link.get("type"), link.get("href")) for link in tree.xpath("//a[@rel='alternate']")] == [
        ("application/rss+xml", "../../components/db/history.rss"),
        ("application/atom+xml", "../../components/db/history.atom"),
    ]
    assert (site / "components/db/history.atom").is_file()
    web = page(site, "components/web/")
    assert texts(web, f"//div[{cls('sp-component__head')}]") == ["Current status Major outage"]
    assert texts(web, "//h2[normalize-space()='Affecting it now']/following-sibling::ul[1]/li/a") == [
        "Website unreachable",
    ]


def test_search_index_has_the_incidents(site: Path) -> None:
    import json

    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    ours = [doc for doc in index["docs"] if doc["location"].startswith("incidents/")]
    assert [doc["location"] for doc in ours] == [
        "incidents/2026-03-14-api-errors/", "incidents/2026-03-17-db-slow/",
        "incidents/2026-03-19-web-down/", "incidents/2026-03-25-db-upgrade/",
    ]
    assert ours[0]["title"] == "Elevated API errors"
    assert ours[0]["text"] == (
        "Requests to the API failed with HTTP 500. Error rates are back to normal. "
        "A configuration change is being rolled back. Errors are limited to requests in eu-west. "
        "We are investigating elevated error rates on the API."
    )
    # MkDocs' own pages are still indexed.
    assert any(doc["location"] == "about/" for doc in index["docs"])


def test_pages_do_not_grow_with_history(tmp_path: Path) -> None:
    """Ten times more (older) history does not grow any page: the status page and an
    incident page keep their exact size; history and component pages differ only by
    the digits of their page count ("page 1 of 7" / "page 1 of 67")."""
    from datetime import date, timedelta

    from tests.support.sites import incident_text

    def sizes(older: int) -> dict[str, int]:
        incidents = {}
        for n in range(30 + older):
            day = (date(2026, 3, 19) - timedelta(days=n if n < 30 else 100 + n)).isoformat()
            incidents[f"{day}-x{n}"] = incident_text(
                title=f"Incident {n % 30:03d}", started=f"{day}T09:00:00Z", resolved=f"{day}T10:00:00Z",
            )
        root = write_site(tmp_path / str(older), incidents=incidents, history_page_size=5)
        built = mkdocs_build(root, at="2026-03-20T12:00:00Z")
        return {
            url: len((built / url / "index.html").read_bytes())
            for url in ("", "history/", "history/page/2/", "incidents/2026-03-19-x0/", "components/api/")
        }

    small, large = sizes(0), sizes(300)
    assert small[""] == large[""]
    assert small["incidents/2026-03-19-x0/"] == large["incidents/2026-03-19-x0/"]
    for url in small:
        assert 0 <= large[url] - small[url] <= 4, (url, small[url], large[url])


def test_example_site_builds_without_warnings(tmp_path: Path) -> None:
    """The example site in the repository (Lumen) builds in strict mode."""
    root = Path(__file__).resolve().parents[1]
    if not (root / "incidents").is_dir():
        pytest.skip("the example content is not in this checkout")
    from mkdocs.commands.build import build

    from tests.support.builds import environ, epoch, load_mkdocs_config

    with environ(SOURCE_DATE_EPOCH=epoch("2026-10-01T12:00:00Z"), STATUSPRESS_AUDIENCE="public"):
        config = load_mkdocs_config(root, tmp_path / "site", strict=True)
        build(config)
    index = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    # The site's overrides/ folder replaces the package's empty footer partial.
    assert "mailto:support@lumen.example" in index


def test_updates_after_the_as_of_time_are_not_shown_yet(tmp_path: Path) -> None:
    """A build as of 10:00 shows an incident resolved at 10:30 as it was at 10:00."""
    root = write_site(tmp_path, incidents={"2026-03-14-api-errors": API_ERRORS_TEXT})
    site = mkdocs_build(root, at="2026-03-14T10:00:00Z")
    tree = page(site, "")
    [notice] = tree.xpath("//section[@aria-labelledby='sp-active']//article")
    assert text(notice).startswith(
        "Elevated API errors Major impact · Identified · started 2026-03-14 09:00 UTC, ongoing for 1 h "
        "Identified · 2026-03-14 09:45 UTC"
    )
    incident = page(site, "incidents/2026-03-14-api-errors/")
    assert texts(incident, f"//dl[{cls('sp-summary')}]/div")[1:] == [
        "Status Identified", "Started 2026-03-14 09:00 UTC", "Duration ongoing for 1 h",
    ]
    assert [text(u).split(" 2026")[0] for u in incident.xpath(f"//ol[{cls('sp-updates')}]/li")] == [
        "Identified", "Update", "Investigating",
    ]
