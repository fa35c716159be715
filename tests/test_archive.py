"""The internal knowledge base, built by MkDocs from ``archive_site`` (tests/support/
sites.py) with ``archive_page_size: 3``, as of 2026-09-10 12:00 UTC.

Hand-computed figures (durations in minutes; "-" unknown):

=========================  ====  ====  ====  ====  ========
incident                    TTD   TTA   TTM   TTR  severity
=========================  ====  ====  ====  ====  ========
2025-12-10-api-errors         5     2    40    60  SEV1
2026-02-03-db-slow           20    10    60   120  SEV2
2026-04-15-web-down           2     -    30    60  SEV2
2026-05-20-api-latency        -     -     -    90  SEV3
2026-07-01-db-failover       10     5    60    90  SEV1
2026-07-15-web-errors        30     -     -    60  SEV3
2026-08-01-api-auth          10     2    30    45  SEV2
=========================  ====  ====  ====  ====  ========

* MTTD over 6 known: mean 77/6 = 12 min 50 s -> "13 min", median (10+10)/2 = 10 min, p90 at
  position 0.9 x 5 = 4.5 between 20 and 30 = 25 min.
* MTTR over 7: mean 525/7 = 75 min = "1 h 15 min", median 60, p90 at 5.4: 90 + 0.4 x 30 =
  102 min = "1 h 42 min".
* 2026 Q3 (three incidents): MTTR mean 65 min, median 60, p90 at 1.8: 60 + 0.8 x 30 = 84 min.
* Action items: 10, 4 done, 1 won't do: 4/9 = 44 %; overdue (due before 2026-09-10, open or
  in progress): 3. In Q3's postmortems: 4 items, 2 done: 50 %, 1 overdue.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from statuspress.load import Site
from statuspress.render import report
from statuspress.render.archive import archive_outputs, internal_shell
from statuspress.render.site import ShellContext
from statuspress.render.templating import make_environment
from statuspress.views.knowledge import KnowledgeBase, knowledge_base
from statuspress.views.metrics import period_metrics
from statuspress.views.snapshot import snapshot
from tests.support.builds import all_files, cls, mkdocs_build, page, text, texts
from tests.support.lunr_search import MaterialSearch
from tests.support.sites import (
    ARCHIVE_AT,
    ARCHIVE_ROOT_CAUSE_WORD,
    archive_site,
    incident_text,
    load,
    write_site,
)

AT = datetime(2026, 9, 10, 12, 0, tzinfo=timezone.utc)


def _knowledge(site: Site) -> tuple[Site, KnowledgeBase]:
    """The site and its knowledge base at ``AT``, as ``build_outputs`` hands them over."""
    return site, knowledge_base(site, snapshot(site, AT))
PM_A = "postmortems/2025-12-12-api-errors/"


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    root = tmp_path_factory.mktemp("archive")
    return root, archive_site(root, archive_page_size=3)


@pytest.fixture(scope="module")
def internal(source: tuple[Path, Site], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mkdocs_build(source[0], at=ARCHIVE_AT, audience="internal",
                        site_dir=tmp_path_factory.mktemp("out") / "internal")


@pytest.fixture(scope="module")
def public(source: tuple[Path, Site], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mkdocs_build(source[0], at=ARCHIVE_AT, site_dir=tmp_path_factory.mktemp("out") / "public")


def _facts(tree) -> list[tuple[str, str]]:
    return [(text(d.xpath("dt")[0]), text(d.xpath("dd")[0])) for d in tree.xpath("//dl[@class='sp-summary']/div")]


def _rows(table) -> list[list[str]]:
    return [[text(c) for c in tr.xpath("th|td")] for tr in table.xpath("tbody/tr")]


# ---------------------------------------------------------------- what is built


def test_knowledge_base_pages(internal: Path) -> None:
    built = sorted(p for p in all_files(internal)
                   if p.startswith(("postmortems/", "action-items/", "metrics/")))
    ids = ["2025-12-12-api-errors", "2026-02-05-db-slow", "2026-04-17-web-down", "2026-05-22-api-latency",
           "2026-07-03-db-failover", "2026-07-16-web-errors", "2026-08-03-api-auth"]
    facet_lists = [
        "root-cause/config-change", "root-cause/resource-exhaustion", "root-cause/third-party",
        "service/api", "service/api/page/2", "service/auth", "service/db", "service/gateway", "service/web",
        "severity/sev1", "severity/sev2", "severity/sev3",
        "status/draft", "status/in-review", "status/published", "status/published/page/2", "status/reviewed",
        "tag/capacity", "tag/cdn", "tag/config-change", "tag/failover", "tag/latency", "tag/rollback",
        "tag/secrets", "tag/third-party",
        "year/2025", "year/2026", "year/2026/page/2",
    ]
    expected = (
        ["action-items/index.html"]
        + [f"action-items/{o}/index.html" for o in ("dana-ortiz", "jo-kim", "priya-raman", "sam-lee")]
        # Exactly the quarters with incidents: none for the maintenance in 2026 Q4.
        + [f"metrics/{q}/index.html" for q in ("2025-q4", "2026-q1", "2026-q2", "2026-q3")]
        + ["metrics/index.html"]
        + [f"postmortems/{i}/index.html" for i in ids]
        + ["postmortems/index.html", "postmortems/page/2/index.html", "postmortems/page/3/index.html"]
        + [f"postmortems/{f}/index.html" for f in facet_lists]
        + [f"postmortems/{k}/index.html" for k in ("root-cause", "service", "severity", "status", "tag", "year")]
    )
    assert built == sorted(expected)


def test_tabs_in_the_internal_build(internal: Path) -> None:
    for url, active in [("", "Status"), ("incidents/2026-07-01-db-failover/", "History"), (PM_A, "Postmortems"),
                        ("postmortems/tag/cdn/", "Postmortems"), ("action-items/", "Action items"),
                        ("metrics/2026-q1/", "Metrics")]:
        tree = page(internal, url)
        assert texts(tree, "//nav[@aria-label='Sections']//a") == [
            "Status", "History", "Postmortems", "Action items", "Metrics", "About"], url
        current = texts(tree, "//nav[@aria-label='Sections']//a[@aria-current='page']")
        assert current == ([active] if active else []), url


# ---------------------------------------------------------------- a postmortem page


def test_postmortem_page_facts_and_sections(internal: Path) -> None:
    tree = page(internal, PM_A)
    assert texts(tree, "//h1") == ["API errors after a gateway configuration change"]
    assert texts(tree, f"//p[{cls('sp-pm-badges')}]/span") == ["Published", "Internal"]
    assert _facts(tree) == [
        ("Date", "12 Dec 2025"), ("Severity", "SEV1 · Critical"), ("Duration", "1 h"),
        ("Authors", "Dana Ortiz, Sam Lee"), ("Services", "API, gateway"), ("Tags", "config-change, rollback"),
        ("Root cause", "config-change"),
    ]
    links = [(text(a), a.get("href")) for a in tree.xpath("//dl[@class='sp-summary']//a")]
    assert links == [
        ("SEV1 · Critical", "../../postmortems/severity/sev1/"), ("API", "../../postmortems/service/api/"),
        ("gateway", "../../postmortems/service/gateway/"), ("config-change", "../../postmortems/tag/config-change/"),
        ("rollback", "../../postmortems/tag/rollback/"),
        ("config-change", "../../postmortems/root-cause/config-change/"),
    ]
    # Every section has an anchor that search results link to.
    assert [(h.get("id"), text(h)) for h in tree.xpath("//h2")] == [
        ("summary", "Summary"), ("impact", "Impact"), ("timeline", "Timeline"), ("root-cause", "Root Cause"),
        ("contributing-factors", "Contributing Factors"), ("what-went-well", "What Went Well"),
        ("what-went-poorly", "What Went Poorly"), ("incidents", "Incidents"), ("action-items", "Action items"),
        ("related", "Related postmortems"),
    ]
    [root_cause] = tree.xpath("//section[@aria-labelledby='root-cause']")
    assert texts(root_cause, "p") == [
        "The gateway accepted a configuration whose zanzibar flag disabled token checks."]


def test_postmortem_page_merged_timeline(internal: Path) -> None:
    tree = page(internal, PM_A)
    [section] = tree.xpath("//section[@aria-labelledby='timeline']")
    # The section's own text around its table stays; the table becomes the merged one.
    assert texts(section, "p") == ["Times are UTC.", "The rollback took 20 minutes."]
    [table] = section.xpath(".//table")
    assert _rows(table) == [
        ["2025-12-10 09:55", "The configuration change is merged.", "Postmortem"],
        ["2025-12-10 10:00", "Impact started", "Incident record"],
        ["2025-12-10 10:03", "Error rates start rising.", "Postmortem"],
        ["2025-12-10 10:05", "Detected", "Incident record"],
        ["2025-12-10 10:05", "The error-rate alert pages the on-call.", "Postmortem"],
        ["2025-12-10 10:07", "Acknowledged", "Incident record"],
        ["2025-12-10 10:08", "Declared", "Incident record"],
        ["2025-12-10 10:10", "Investigating We are investigating API errors.", "Public update"],
        ["2025-12-10 10:20", "Rollback started.", "Postmortem"],
        ["2025-12-10 10:30", "Identified A configuration change is being rolled back.", "Public update"],
        ["2025-12-10 10:40", "Mitigated", "Incident record"],
        ["2025-12-10 11:00", "Resolved", "Incident record"],
        ["2025-12-10 11:00", "Resolved Error rates are back to normal.", "Public update"],
        ["later", "Customer emails answered.", "Postmortem (time not read)"],
    ]
    assert [t.get("datetime") for t in table.xpath(".//time")][:2] == ["2025-12-10T09:55:00Z", "2025-12-10T10:00:00Z"]


def test_timeline_written_as_prose_is_kept(internal: Path) -> None:
    tree = page(internal, "postmortems/2026-04-17-web-down/")
    [section] = tree.xpath("//section[@aria-labelledby='timeline']")
    assert texts(section, "p") == ["The CDN rule went live at 12:00 and was reverted at 12:30."]
    assert texts(section, "h3") == ["Incident events"]
    assert _rows(section.xpath(".//table")[0]) == [
        ["2026-04-15 12:00", "Impact started", "Incident record"],
        ["2026-04-15 12:02", "Detected", "Incident record"],
        ["2026-04-15 12:05", "Investigating The website is down.", "Public update"],
        ["2026-04-15 12:30", "Mitigated", "Incident record"],
        ["2026-04-15 13:00", "Resolved", "Incident record"],
        ["2026-04-15 13:00", "Resolved The website is back.", "Public update"],
    ]


def test_two_incidents_name_their_source(internal: Path) -> None:
    tree = page(internal, "postmortems/2026-08-03-api-auth/")
    [table] = tree.xpath("//section[@aria-labelledby='timeline']//table")
    rows = _rows(table)
    assert rows[0] == ["2026-07-15 14:00", "Impact started", "Incident record 2026-07-15-web-errors"]
    assert rows[6] == ["2026-08-01 09:05", "The keys expire.", "Postmortem"]
    assert len(rows) == 13
    assert texts(tree, f"//div[{cls('sp-pm-incident')}]/h3") == ["Website errors", "Authentication failures"]
    assert _facts(tree)[2] == ("Duration", "16 d 19 h")


def test_postmortem_page_roles_action_items_related(internal: Path) -> None:
    tree = page(internal, PM_A)
    [incident] = tree.xpath(f"//div[{cls('sp-pm-incident')}]")
    assert [(a.get("href"), text(a)) for a in incident.xpath("h3/a")] == [
        ("../../incidents/2025-12-10-api-errors/", "API errors")]
    assert texts(incident, "dl/*") == [
        "Incident commander", "Dana Ortiz", "Ops / technical lead", "Sam Lee", "Communications lead",
        "Priya Raman", "Scribe", "Jo Kim", "Channel", "#inc-2025-12-10-api", "Time to detect", "5 min",
        "Time to acknowledge", "2 min", "Time to mitigate", "40 min", "Time to resolve", "1 h",
    ]
    assert texts(incident, "p[last()]") == ["The rollback ran from the quokka deploy host."]
    [actions] = tree.xpath("//section[@aria-labelledby='action-items']//table")
    assert _rows(actions) == [
        ["Validate gateway config in CI", "Sam Lee", "5 Jan 2026", "Done", "P1"],
        ["Add a canary stage for config changes", "Dana Ortiz", "1 Mar 2026", "Open Overdue", "P2"],
        ["Write the rollback runbook", "sam lee", "1 Dec 2026", "In progress", ""],
    ]
    assert [tr.get("class") for tr in actions.xpath("tbody/tr")] == [None, "sp-actions__row--overdue", None]
    assert [a.get("href") for a in actions.xpath(".//a")] == ["https://tracker.example/OPS-1"]
    related = tree.xpath("//ul[@class='sp-related']/li")
    assert [text(li) for li in related] == [
        "Authentication failures after key rotation (3 Aug 2026; shares service API; tag config-change)",
        "Website down after a CDN configuration change (17 Apr 2026; shares service API; tag config-change)",
        "API latency from a noisy neighbour (20 May 2026; shares service API)",
    ]
    assert [li.xpath("a")[0].get("href") for li in related] == [
        "../../postmortems/2026-08-03-api-auth/", "../../postmortems/2026-04-17-web-down/",
        "../../postmortems/2026-05-22-api-latency/",
    ]


# ---------------------------------------------------------------- the archive lists


def _titles(tree) -> list[str]:
    return texts(tree, "//li[@class='sp-pm']//a[@class='sp-pm__title']")


def _paging(tree) -> list[tuple[str, str]]:
    head = [(link.get("rel"), link.get("href")) for link in tree.xpath("//head/link[@rel='prev' or @rel='next']")]
    body = [(a.get("rel"), a.get("href")) for a in tree.xpath("//nav[@class='sp-pagination']/a")]
    assert head == body
    return head


def test_archive_index_is_paginated(internal: Path) -> None:
    first, second, third = (page(internal, u) for u in
                            ("postmortems/", "postmortems/page/2/", "postmortems/page/3/"))
    assert texts(first, "//h1") == ["Postmortems page 1 of 3"]
    assert _titles(first) == ["Authentication failures after key rotation", "Website errors from a CDN outage",
                              "Database failover at midnight"]
    assert _titles(second) == ["API latency from a noisy neighbour", "Website down after a CDN configuration change",
                               "Slow database queries after a traffic spike"]
    assert _titles(third) == ["API errors after a gateway configuration change"]
    assert _paging(first) == [("next", "../postmortems/page/2/")]
    assert _paging(second) == [("prev", "../../../postmortems/"), ("next", "../../../postmortems/page/3/")]
    assert _paging(third) == [("prev", "../../../postmortems/page/2/")]
    assert texts(second, "//nav[@class='sp-pagination']/span") == ["Page 2 of 3"]
    assert texts(first, f"//div[{cls('sp-archive__list')}]/p[1]") == ["7 postmortems, newest first. Showing 1–3."]


def test_archive_entries_show_summary_severity_duration_date_status(internal: Path) -> None:
    second = page(internal, "postmortems/page/2/")
    assert texts(second, "//li[@class='sp-pm']") == [
        "API latency from a noisy neighbour Draft Latency rose for 90 minutes. SEV3 · Minor lasted 1 h 30 min "
        "20 May 2026 API",
        "Website down after a CDN configuration change Published A CDN rule sent every request to a deleted "
        "origin. SEV2 · Major lasted 1 h 17 Apr 2026 Website, API",
        # The first paragraph of Summary, as plain text.
        "Slow database queries after a traffic spike Reviewed The database was slow for two hours because a "
        "traffic spike exhausted its connection pool. SEV2 · Major lasted 2 h 5 Feb 2026 Database",
    ]


def test_facet_navigation_with_counts(internal: Path) -> None:
    tree = page(internal, "postmortems/")
    nav = {text(f.xpath("h3")[0]): texts(f, "ul/li") for f in tree.xpath("//div[@class='sp-facet']")}
    assert nav == {
        "Year": ["2026 6", "2025 1"],
        "Severity": ["SEV1 · Critical 2", "SEV2 · Major 3", "SEV3 · Minor 2"],
        "Status": ["Draft 1", "In review 1", "Reviewed 1", "Published 4"],
        "Service": ["API 4", "Database 2", "Website 2", "auth 1", "gateway 1"],
        "Tag": ["config-change 3", "capacity 2", "cdn 2", "failover 1", "latency 1", "rollback 1", "secrets 1",
                "third-party 1"],
        "Root cause": ["config-change 3", "resource-exhaustion 2", "third-party 1"],
    }
    status_links = [a.get("href") for a in tree.xpath("//ul[@aria-labelledby='sp-facet-status']//a")]
    assert status_links == ["../postmortems/status/draft/", "../postmortems/status/in-review/",
                            "../postmortems/status/reviewed/", "../postmortems/status/published/"]


def test_facet_value_pages(internal: Path) -> None:
    tag = page(internal, "postmortems/tag/config-change/")
    assert texts(tag, "//h1") == ["Postmortems: tag config-change"]
    assert _titles(tag) == ["Authentication failures after key rotation",
                            "Website down after a CDN configuration change",
                            "API errors after a gateway configuration change"]
    assert texts(tag, "//ul[@aria-labelledby='sp-facet-tag']//strong[@aria-current='page']") == ["config-change"]
    api1, api2 = page(internal, "postmortems/service/api/"), page(internal, "postmortems/service/api/page/2/")
    assert texts(api1, "//h1") == ["Postmortems: service API page 1 of 2"]
    assert len(_titles(api1)) == 3 and _titles(api2) == ["API errors after a gateway configuration change"]
    assert _paging(api2) == [("prev", "../../../../../postmortems/service/api/")]
    assert _titles(page(internal, "postmortems/year/2025/")) == ["API errors after a gateway configuration change"]
    assert _titles(page(internal, "postmortems/severity/sev1/")) == [
        "Database failover at midnight", "API errors after a gateway configuration change"]
    assert _titles(page(internal, "postmortems/status/in-review/")) == ["Database failover at midnight"]
    assert _titles(page(internal, "postmortems/root-cause/third-party/")) == ["Website errors from a CDN outage"]
    overview = page(internal, "postmortems/root-cause/")
    assert texts(overview, "//ul[@class='sp-facet-overview']/li") == [
        "config-change 3", "resource-exhaustion 2", "third-party 1"]


def test_facet_nav_is_capped(tmp_path: Path) -> None:
    """Twelve tags: the navigation shows the eight most common and links to the rest."""
    postmortems = {
        f"pm-{n:02d}": f"""
            ---
            title: Postmortem {n}
            incidents: [inc]
            tags: [common, tag-{n:02d}]
            ---
            """
        for n in range(11)
    }
    write_site(tmp_path, incidents={"inc": incident_text()}, postmortems=postmortems,
               postmortem_sections=[], archive_page_size=4)
    site = load(tmp_path)
    files = archive_outputs(*_knowledge(site), make_environment(), internal_shell(ShellContext(site_title="Acme"))).files
    from lxml import html as lxml_html
    tree = lxml_html.fromstring(files["postmortems/index.html"])
    tags = tree.xpath("//div[@class='sp-facet'][h3='Tag']")[0]
    assert texts(tags, "ul/li") == ["common 11", "tag-00 1", "tag-01 1", "tag-02 1", "tag-03 1", "tag-04 1",
                                    "tag-05 1", "tag-06 1"]
    assert [(text(a), a.get("href")) for a in tags.xpath("a")] == [("All 12 tag values", "../postmortems/tag/")]
    assert len(tree.xpath("//li[@class='sp-pm']")) == 4


def test_index_page_size_does_not_grow(tmp_path: Path) -> None:
    """With 12 or 120 postmortems (page size 10), the first index page lists 10 and its
    size changes only by the digits of the counts."""
    sizes = []
    for count in (12, 120):
        root = tmp_path / str(count)
        postmortems = {
            f"2026-01-{n % 28 + 1:02d}-pm-{n:03d}": f"""
                ---
                title: Postmortem number {n:03d}
                incidents: [inc]
                status: published
                date: 2026-01-{n % 28 + 1:02d}
                services: [api]
                tags: [tag-{n % 5}]
                ---
                """
            for n in range(count)
        }
        write_site(root, incidents={"inc": incident_text()}, postmortems=postmortems,
                   postmortem_sections=[], archive_page_size=10)
        files = archive_outputs(*_knowledge(load(root)), make_environment(), ShellContext(site_title="Acme")).files
        assert files["postmortems/index.html"].count(b'<li class="sp-pm">') == 10
        sizes.append(len(files["postmortems/index.html"]))
    assert abs(sizes[1] - sizes[0]) < 60


# ---------------------------------------------------------------- action items


def test_action_item_tracker(internal: Path) -> None:
    tree = page(internal, "action-items/")
    figures = [(text(d.xpath("dt")[0]), text(d.xpath("dd")[0])) for d in tree.xpath("//dl[@class='sp-figures']/div")]
    assert figures == [("Completion rate", "44%"), ("Done", "4 of 9"), ("Overdue", "3"), ("Open", "3"),
                       ("In progress", "2"), ("Won't do", "1")]
    owners = tree.xpath(f"//section[{cls('sp-owner')}]")
    assert [text(s.xpath("h2")[0]) for s in owners] == [
        "Dana Ortiz 2 items, 2 overdue, 2 open",
        "Priya Raman 2 items, 1 overdue, 1 open, 1 done",
        "Sam Lee 3 items, 2 open, 1 done",
        "Jo Kim 3 items, 2 done, 1 won't do",
    ]
    assert [s.xpath("h2/a")[0].get("href") for s in owners] == [
        "../action-items/dana-ortiz/", "../action-items/priya-raman/", "../action-items/sam-lee/",
        "../action-items/jo-kim/",
    ]
    # The main page lists what is left to do, overdue first; done items are on the owner's page.
    assert [_rows(s.xpath(".//table")[0]) if s.xpath(".//table") else texts(s, "p") for s in owners] == [
        [["Add a canary stage for config changes", "1 Mar 2026", "Open Overdue", "P2",
          "API errors after a gateway configuration change"],
         ["Rotate auth keys automatically", "1 Sep 2026", "Open Overdue", "",
          "Authentication failures after key rotation"]],
        [["Pin the CDN configuration", "1 May 2026", "In progress Overdue", "",
          "Website down after a CDN configuration change"]],
        [["Test failover monthly", "30 Sep 2026", "Open", "", "Database failover at midnight"],
         ["Write the rollback runbook", "1 Dec 2026", "In progress", "",
          "API errors after a gateway configuration change"]],
        ["Nothing left to do."],
    ]
    first_link = owners[0].xpath(".//tbody/tr[1]/td[5]/a")[0].get("href")
    assert first_link == "../postmortems/2025-12-12-api-errors/#action-items"


def test_action_items_of_one_owner(internal: Path) -> None:
    sam = page(internal, "action-items/sam-lee/")
    assert texts(sam, "//h1") == ["Action items: Sam Lee"]
    assert _rows(sam.xpath("//table")[0]) == [
        ["Test failover monthly", "30 Sep 2026", "Open", "", "Database failover at midnight"],
        ["Write the rollback runbook", "1 Dec 2026", "In progress", "",
         "API errors after a gateway configuration change"],
        ["Validate gateway config in CI", "5 Jan 2026", "Done", "P1",
         "API errors after a gateway configuration change"],
    ]
    jo = page(internal, "action-items/jo-kim/")
    assert [r[:3] for r in _rows(jo.xpath("//table")[0])] == [
        ["Alert on slow queries", "10 Mar 2026", "Done"], ["Grow the replica", "20 Jul 2026", "Done"],
        ["Add the missing index", "20 Feb 2026", "Won't do"],
    ]


def test_owner_page_keeps_the_most_recent_finished_items(tmp_path: Path) -> None:
    """53 done items and 2 open ones: the owner's page lists both open ones and the 50
    done items due most recently, and says where the 3 oldest are."""
    items = "\n".join(
        f"  - {{title: Done {n:02d}, owner: Kim, due: 2025-{n // 28 + 1:02d}-{n % 28 + 1:02d}, status: done}}"
        for n in range(53)
    )
    postmortems = {"2026-01-05-pm": f"""
        ---
        title: Postmortem
        incidents: [inc]
        action_items:
          - {{title: Open later, owner: Kim, due: 2026-12-01, status: open}}
          - {{title: Open soon, owner: Kim, due: 2026-10-01, status: in_progress}}
        {items}
        ---
        """.replace("\n  - {title: Done", "\n          - {title: Done")}
    write_site(tmp_path, incidents={"inc": incident_text()}, postmortems=postmortems, postmortem_sections=[])
    files = archive_outputs(*_knowledge(load(tmp_path)), make_environment(), ShellContext(site_title="Acme")).files
    from lxml import html as lxml_html
    kim = lxml_html.fromstring(files["action-items/kim/index.html"])
    rows = _rows(kim.xpath("//table")[0])
    assert [r[0] for r in rows] == ["Open soon", "Open later"] + [f"Done {n:02d}" for n in range(3, 53)]
    assert text(kim.xpath("//p[@class='sp-muted']")[0]) == (
        "55 items, 2 open, 53 done, as of 10 September 2026: overdue first, then open and in progress by due "
        "date, then done, then won't do. Listed: everything still to do and the 50 done or won't-do items due "
        "most recently; the 3 older ones are on their postmortems' pages.")


# ---------------------------------------------------------------- metrics


def _table(tree, section: str) -> list[list[str]]:
    return _rows(tree.xpath(f"//section[@aria-labelledby='{section}']//table")[0])


def test_metrics_page_states_the_definitions(internal: Path) -> None:
    tree = page(internal, "metrics/")
    defs = dict(zip(texts(tree, "//section[@aria-labelledby='definitions']//dt"),
                    texts(tree, "//section[@aria-labelledby='definitions']//dd"), strict=True))
    assert defs["MTTD Time to detect"] == "detected − started"
    assert defs["MTTA Time to acknowledge"] == "acknowledged − detected"
    assert defs["MTTM Time to mitigate"] == "mitigated − started"
    assert defs["MTTR Time to resolve"] == "resolved − started"
    assert defs["Unknown values"].startswith("A missing timestamp makes a duration unknown, never zero.")
    assert defs["p90"] == "p90 interpolates linearly between the closest ranks (the inclusive method: position " \
                          "0.9 × (n − 1) in the sorted values, counted from 0); with one value, p90 is that value."
    assert defs["Maintenance"] == "Maintenance is not an incident and is counted in none of these figures."


def test_metrics_page_figures(internal: Path, source: tuple[Path, Site]) -> None:
    tree = page(internal, "metrics/")
    overall = _table(tree, "overall")
    assert overall == [
        ["MTTD Time to detect", "6 of 7", "13 min", "10 min", "25 min"],
        ["MTTA Time to acknowledge", "4 of 7", "5 min", "4 min", "9 min"],
        ["MTTM Time to mitigate", "5 of 7", "44 min", "40 min", "1 h"],
        ["MTTR Time to resolve", "7 of 7", "1 h 15 min", "1 h", "1 h 42 min"],
        ["MTBF Time between failures", "6 of 6", "38 d 23 h", "38 d 17 h", "63 d"],
    ]
    # The same numbers as the metrics view (and so as `statuspress report`).
    metrics = period_metrics(source[1], None, None, AT)
    assert overall == [
        [f"{m.abbreviation} {m.label}", f"{s.n} of {s.total}", report.stat(s.mean), report.stat(s.median),
         report.stat(s.p90)]
        for m in report.TABLE_METRICS for s in [metrics.overall.summary(m.name)]
    ]
    severity = _table(tree, "by-severity")
    assert severity[:5] == [
        ["SEV1 · Critical", "2", "MTTD", "2 of 2", "8 min", "8 min", "10 min"],
        ["MTTA", "2 of 2", "4 min", "4 min", "5 min"],
        ["MTTM", "2 of 2", "50 min", "50 min", "58 min"],
        ["MTTR", "2 of 2", "1 h 15 min", "1 h 15 min", "1 h 27 min"],
        ["MTBF", "1 of 1", "203 d 13 h", "203 d 13 h", "203 d 13 h"],
    ]
    assert severity[-1] == ["SEV4 · Low", "0", "No incidents"]
    assert next(r for r in _table(tree, "by-component") if len(r) == 7)[:2] == ["API", "4"]
    months = _table(tree, "per-month")
    assert months[0] == ["2025-12", "1", "1", "0", "0", "0", "1 h"]
    assert months[1] == ["2026-01", "0", "0", "0", "0", "0", "—"]
    assert len(months) == 9  # 2025-12 to 2026-08, empty months included
    charts = tree.xpath("//figure[@class='sp-chart']/*[local-name()='svg']")
    assert [c.get("id") for c in charts] == ["incidents-per-month", "mttr-trend", "detect-distribution"]
    assert all(c.get("role") == "img" and c.get("aria-label") for c in charts)
    assert "Completion rate: 44% (4 done of 9; 1 won't do not counted)." in text(
        tree.xpath("//section[@aria-labelledby='actions']/p")[0])
    assert [r[1] for r in _table(tree, "actions")] == [
        "Add a canary stage for config changes", "Pin the CDN configuration", "Rotate auth keys automatically"]
    # Most repeated first (the metrics view's order), then by tag.
    assert _table(tree, "repeats") == [
        ["config-change", "api", "3", "2025-12-12-api-errors, 2026-04-17-web-down, 2026-08-03-api-auth"],
        ["capacity", "db", "2", "2026-02-05-db-slow, 2026-07-03-db-failover"],
        ["cdn", "web", "2", "2026-04-17-web-down, 2026-07-16-web-errors"],
    ]
    assert [(r[0], r[1]) for r in _table(tree, "repeats")] == [(g.tag, g.service) for g in metrics.repeats]


def test_metrics_page_does_not_grow_with_a_long_history(tmp_path: Path) -> None:
    """Six years of incidents and 25 repeated (tag, service) pairs: the all-time page
    shows the last 36 months and the 20 most repeated pairs, and says where the rest is."""
    incidents = {
        f"{year}-{month:02d}-03-inc": incident_text(started=f"{year}-{month:02d}-03T09:00:00Z",
                                                  resolved=f"{year}-{month:02d}-03T10:00:00Z")
        for year in range(2020, 2026) for month in (1, 4, 7, 10)
    }
    postmortems = {
        f"pm-{n:02d}-{copy}": f"""
            ---
            title: Postmortem {n} {copy}
            incidents: [2025-10-03-inc]
            services: [svc-{n:02d}]
            tags: [tag-{n:02d}]
            ---
            """
        for n in range(25) for copy in ("a", "b")
    }
    write_site(tmp_path, incidents=incidents, postmortems=postmortems, postmortem_sections=[])
    site = load(tmp_path)
    files = archive_outputs(*_knowledge(site), make_environment(), internal_shell(ShellContext(site_title="Acme"))).files
    from lxml import html as lxml_html
    tree = lxml_html.fromstring(files["metrics/index.html"])
    months = _table(tree, "per-month")
    assert (months[0][0], months[-1][0], len(months)) == ("2022-11", "2025-10", 36)
    assert text(tree.xpath("//section[@aria-labelledby='per-month']/p")[0]) == (
        "The last 36 months. The 34 before them are on their quarterly review pages; "
        "the figures above count every month.")
    assert _table(tree, "overall")[3][1] == "24 of 24"
    repeats = _table(tree, "repeats")
    assert [r[0] for r in repeats] == [f"tag-{n:02d}" for n in range(20)]
    assert text(tree.xpath("//section[@aria-labelledby='repeats']/p")[0]) == (
        "Postmortems that share a tag and a service: the same failure coming back. "
        "The 20 most repeated of 25 pairs; statuspress report lists them all.")
    # A quarter's page keeps its own months, all three.
    quarter = lxml_html.fromstring(files["metrics/2020-q1/index.html"])
    assert [r[0] for r in _table(quarter, "per-month")] == ["2020-01", "2020-02", "2020-03"]


def test_quarterly_review_pages(internal: Path, source: tuple[Path, Site]) -> None:
    tree = page(internal, "metrics/")
    assert [(text(a), a.get("href")) for a in tree.xpath("//nav[@aria-label='Quarterly reviews']//a")] == [
        ("2026 Q3", "../metrics/2026-q3/"), ("2026 Q2", "../metrics/2026-q2/"), ("2026 Q1", "../metrics/2026-q1/"),
        ("2025 Q4", "../metrics/2025-q4/"),
    ]
    q3 = page(internal, "metrics/2026-q3/")
    assert texts(q3, "//h1") == ["Quarterly review: 2026 Q3"]
    figures = [(text(d.xpath("dt")[0]), text(d.xpath("dd")[0])) for d in q3.xpath("//dl[@class='sp-figures']/div")]
    assert figures == [("Incidents", "3"), ("Median time to resolve", "1 h"), ("Median time to detect", "10 min"),
                       ("Action items done", "50%"), ("Overdue action items", "1")]
    assert _table(q3, "overall")[3] == ["MTTR Time to resolve", "3 of 3", "1 h 5 min", "1 h", "1 h 24 min"]
    # Exactly `statuspress report --since 2026-07-01 --until 2026-10-01`.
    assert "statuspress report --since 2026-07-01 --until 2026-10-01" in text(q3.xpath("//main//p[2]")[0])
    metrics = period_metrics(source[1], date(2026, 7, 1), date(2026, 10, 1), AT)
    assert _table(q3, "overall") == [
        [f"{m.abbreviation} {m.label}", f"{s.n} of {s.total}", report.stat(s.mean), report.stat(s.median),
         report.stat(s.p90)]
        for m in report.TABLE_METRICS for s in [metrics.overall.summary(m.name)]
    ]
    assert _table(q3, "per-month") == [
        ["2026-07", "2", "1", "0", "1", "0", "1 h 15 min"],
        ["2026-08", "1", "0", "1", "0", "0", "45 min"],
        ["2026-09", "0", "0", "0", "0", "0", "—"],
    ]


# ---------------------------------------------------------------- search


def _search(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_search_entries_for_postmortems_and_incidents(internal: Path) -> None:
    docs = {d["location"]: d for d in _search(internal)["docs"]}
    assert docs[PM_A]["title"] == "API errors after a gateway configuration change"
    assert docs[PM_A]["text"] == (
        "A gateway configuration change broke API authentication for an hour. SEV1 · Critical Published API gateway "
        "config-change rollback config-change Dana Ortiz Sam Lee API errors"
    )
    assert docs[PM_A + "#root-cause"] == {
        "location": PM_A + "#root-cause", "title": "Root Cause",
        "text": "The gateway accepted a configuration whose zanzibar flag disabled token checks.",
    }
    sections = [loc for loc in docs if loc.startswith(PM_A + "#")]
    assert sections == [PM_A + "#" + a for a in ("summary", "impact", "timeline", "root-cause", "contributing-factors",
                                                 "what-went-well", "what-went-poorly", "action-items")]
    # The page's own document comes before its sections (Material groups by it).
    order = [d["location"] for d in _search(internal)["docs"]]
    assert order.index(PM_A) < order.index(PM_A + "#summary")
    internal_doc = docs["incidents/2025-12-10-api-errors/#sp-internal"]
    assert internal_doc["title"] == "Response: API errors"
    assert internal_doc["text"] == ("Dana Ortiz Sam Lee Priya Raman Jo Kim #inc-2025-12-10-api "
                                    "The rollback ran from the quokka deploy host.")
    assert order.index("incidents/2025-12-10-api-errors/") < order.index("incidents/2025-12-10-api-errors/#sp-internal")


def test_root_cause_word_finds_its_postmortem_first(internal: Path) -> None:
    search = MaterialSearch(_search(internal))
    groups = search.search(ARCHIVE_ROOT_CAUSE_WORD)
    assert [g.page for g in groups] == [PM_A]
    assert groups[0].locations == (PM_A + "#root-cause",)
    # A word from an incident's internal notes finds that incident's internal block.
    [found] = search.search("quokka")
    assert (found.page, found.locations) == ("incidents/2025-12-10-api-errors/",
                                             ("incidents/2025-12-10-api-errors/#sp-internal",))
    # A word in one postmortem's Root Cause and in another's Summary: the Root Cause one
    # is not guaranteed first, but both are found.
    assert {g.page for g in search.search("connection")} >= {"postmortems/2026-02-05-db-slow/"}


# ---------------------------------------------------------------- the public build


def test_public_build_has_none_of_it(public: Path) -> None:
    files = all_files(public)
    assert not [p for p in files if p.startswith(("postmortems/", "action-items/", "metrics/"))]
    assert "assets/statuspress/archive.css" not in files
    for url in ("", "incidents/2026-04-15-web-down/", "history/"):
        assert texts(page(public, url), "//nav[@aria-label='Sections']//a") == ["Status", "History", "About"]
    docs = _search(public)["docs"]
    assert not [d for d in docs if d["location"].startswith("postmortems/") or "#sp-internal" in d["location"]]
    everything = b"".join(files.values())
    for word in (ARCHIVE_ROOT_CAUSE_WORD.encode(), b"quokka", b"Action items", b"sp-facet", b"sp-merged"):
        assert word not in everything, word
