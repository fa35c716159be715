"""The status site agrees with itself: bars and statuses, the header icon and the
headline, the stage tracker and the update list, breadcrumbs and where they lead,
and the internal build says it is internal."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

from statuspress.build import ShellContext, build_outputs
from statuspress.load import Site
from statuspress.render.templating import make_environment
from tests.support.sites import incident_text, load, maintenance_text, write_site

AT = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)
CHECK_MARK = "M12 2C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2m-2 15-5-5 1.41-1.41L10 14.17l7.59-7.59L19 8z"
TRIANGLE = "M13 14h-2V9h2m0 9h-2v-2h2M1 21h22L12 2z"


def built(tmp_path: Path, incidents: dict[str, str], **options: Any) -> dict[str, Any]:
    write_site(tmp_path, incidents=incidents, **options)
    site: Site = load(tmp_path)
    assert site.problems == []
    files = build_outputs(site, AT, make_environment(), shell=ShellContext("Acme")).files
    return {path: lxml_html.fromstring(data) for path, data in files.items() if path.endswith(".html")}


def text(element: Any) -> str:
    return " ".join(element.text_content().split())


def test_a_degraded_component_never_sits_on_bars_that_say_nothing_happened(tmp_path: Path) -> None:
    # Impact stopped yesterday evening; the incident is still open (monitoring) today.
    pages = built(tmp_path, {"2026-03-19-web-slow": incident_text(
        title="Slow website", severity="SEV3", components="{web: degraded_performance}",
        started="2026-03-19T20:00:00Z", resolved=None, extra="mitigated: 2026-03-19T21:00:00Z",
    )})
    status = pages["index.html"]
    heads = [text(h) for h in status.xpath("//div[contains(@class, 'sp-component__head')]")]
    assert "Website Degraded performance" in heads
    [web] = [c for c in status.xpath("//div[@class='sp-component']")
             if c.xpath(".//a[text()='Website']")]
    today = web.xpath(".//li[contains(@class, 'sp-day')]")[-1]
    assert today.get("class") == "sp-day sp-day--degraded_performance"
    assert text(today) == (
        "20 Mar 2026 100 % uptime. Degraded performance after mitigation, no downtime counted: Slow website"
    )
    yesterday = web.xpath(".//li[contains(@class, 'sp-day')]")[-2]
    assert text(yesterday) == "19 Mar 2026 100 % uptime. Degraded performance for 1 h: Slow website"


def test_the_header_icon_follows_the_overall_status(tmp_path: Path) -> None:
    pages = built(tmp_path, {"2026-03-20-api-down": incident_text(
        severity="SEV1", components="{api: major_outage}", started="2026-03-20T09:00:00Z", resolved=None,
    )})
    def header_icon(path: str) -> str:
        return pages[path].xpath("//a[contains(@class, 'md-logo')]//*[local-name()='path']/@d")[0]

    assert text(pages["index.html"].xpath("//div[contains(@class, 'sp-banner')]")[0]).startswith(
        "Partial System Outage")
    assert header_icon("index.html") == TRIANGLE
    # The lists of incidents, rendered on every build, show the same overall status.
    assert header_icon("history/index.html") == TRIANGLE
    assert header_icon("components/api/index.html") == TRIANGLE
    assert header_icon("incidents/2026-03-20-api-down/index.html") == TRIANGLE


def test_an_upcoming_maintenance_leads_back_to_the_page_that_lists_it(tmp_path: Path) -> None:
    pages = built(tmp_path, {
        "2026-03-25-db": maintenance_text(start="2026-03-25T22:00:00Z", end="2026-03-25T23:00:00Z",
                                          updates=[("2026-03-18T10:00:00Z", "scheduled")]),
        "2026-03-05-db": maintenance_text(start="2026-03-05T22:00:00Z", end="2026-03-05T23:00:00Z",
                                          updates=[("2026-03-01T10:00:00Z", "scheduled")],
                                          resolved="2026-03-05T22:40:00Z"),
    })
    def crumbs(path: str) -> list[tuple[str, str]]:
        return [(a.get("href"), text(a)) for a in pages[path].xpath("//p[@class='sp-crumbs']/a")]

    assert crumbs("incidents/2026-03-25-db/index.html") == [("../../", "Acme status")]

    def active_tab(path: str) -> list[str]:
        return [text(a) for a in pages[path].xpath("//nav[contains(@class, 'sp-tabs')]//a[@aria-current='page']")]

    # The tab that is highlighted is the page that lists it, as the breadcrumb says.
    assert active_tab("incidents/2026-03-25-db/index.html") == ["Status"]
    assert active_tab("incidents/2026-03-05-db/index.html") == ["History"]
    assert [a.get("href") for a in pages["index.html"].xpath("//section[@aria-labelledby='sp-maintenance']//h3/a")] == [
        "incidents/2026-03-25-db/"]
    assert crumbs("incidents/2026-03-05-db/index.html") == [
        ("../../", "Acme status"), ("../../history/", "Incident history")]
    history = pages["history/index.html"]
    assert [a.get("href") for a in history.xpath("//a[contains(@class, 'sp-incident-item__title')]")] == [
        "../incidents/2026-03-05-db/"]


def test_stage_times_agree_with_the_updates(tmp_path: Path) -> None:
    # Impact began at 09:00; the first public update came at 09:04.
    late = incident_text().replace("  - at: 2026-03-14T09:00:00Z", "  - at: 2026-03-14T09:04:00Z")
    pages = built(tmp_path, {"2026-03-14-api": late})
    page = pages["incidents/2026-03-14-api/index.html"]
    steps = {text(s.xpath(".//span[@class='sp-stage__name']")[0]): s.xpath(".//time/@datetime")
             for s in page.xpath("//ol[contains(@class, 'sp-stages')]/li")}
    updates = {text(u.xpath(".//span[@class='sp-update__stage']")[0]): u.xpath(".//time/@datetime")
               for u in page.xpath("//ol[contains(@class, 'sp-updates')]/li")}
    assert steps == {"Investigating": ["2026-03-14T09:04:00Z"], "Identified": [], "Monitoring": [],
                     "Resolved": ["2026-03-14T10:00:00Z"]}
    assert updates == {"Investigating": ["2026-03-14T09:04:00Z"], "Resolved": ["2026-03-14T10:00:00Z"]}


def test_the_internal_site_says_it_is_internal(tmp_path: Path) -> None:
    pages = built(tmp_path, {"2026-03-14-api": incident_text()}, audience="internal")
    for path in ("index.html", "incidents/2026-03-14-api/index.html", "postmortems/index.html"):
        tree = pages[path]
        assert text(tree.xpath("//title")[0]).endswith(" - Acme (internal)"), path
        assert text(tree.xpath("//header//span[@class='sp-internal-badge']")[0]) == "Internal", path
    public = built(tmp_path / "public", {"2026-03-14-api": incident_text()})
    assert not public["index.html"].xpath("//*[@class='sp-internal-badge']")
    assert text(public["index.html"].xpath("//title")[0]) == "Status - Acme"


def test_a_window_that_passed_without_updates_does_not_promise_any(tmp_path: Path) -> None:
    pages = built(tmp_path, {
        "2026-03-05-db": maintenance_text(start="2026-03-05T22:00:00Z", end="2026-03-05T23:00:00Z"),
        "2026-03-25-db": maintenance_text(start="2026-03-25T22:00:00Z", end="2026-03-25T23:00:00Z"),
    })

    def empty(path: str) -> list[str]:
        return [text(p) for p in pages[path].xpath("//section[@aria-labelledby='sp-updates']/p[@class='sp-empty']")]

    assert empty("incidents/2026-03-05-db/index.html") == ["No updates were posted."]
    assert empty("incidents/2026-03-25-db/index.html") == ["No updates have been posted yet."]
