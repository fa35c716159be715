"""Updates that move components (``components:`` on an update): the status page, the
incident page, the uptime bars and the Statuspage JSON all follow them."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from statuspress.build import ShellContext, build_outputs
from statuspress.load import Site
from statuspress.render.templating import make_environment
from statuspress.views.snapshot import ComponentChange, snapshot
from tests.support.sites import load, write_site

AT = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)

RECOVERING = """
    ---
    title: API outage
    severity: SEV1
    components:
      api: major_outage
    started: 2026-03-20T08:00:00Z
    updates:
      - at: 2026-03-20T08:05:00Z
        status: investigating
        message: The API is down.
      - at: 2026-03-20T09:00:00Z
        status: identified
        message: Requests succeed again, slowly.
        components:
          api: degraded_performance
      - at: 2026-03-20T10:00:00Z
        status: monitoring
        message: Latency is back to normal; we keep watching.
        components:
          api: operational
    ---
    """


def t(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    write_site(tmp_path, incidents={"2026-03-20-api-outage": RECOVERING})
    site = load(tmp_path)
    assert site.problems == []
    return site


def outputs(site: Site, at: datetime) -> dict[str, bytes]:
    return build_outputs(site, at, make_environment(), shell=ShellContext("Acme")).files


def api_json(files: dict[str, bytes], name: str) -> Any:
    return json.loads(files[f"api/v2/{name}"])


def text(element: Any) -> str:
    return " ".join(element.text_content().split())


@pytest.mark.parametrize(("at", "status", "label"), [
    ("2026-03-20T08:30", "major_outage", "Major outage"),
    ("2026-03-20T09:30", "degraded_performance", "Degraded performance"),
    ("2026-03-20T12:00", "operational", "Operational"),
])
def test_every_output_follows_the_latest_update(site: Site, at: str, status: str, label: str) -> None:
    files = outputs(site, t(at))
    summary = api_json(files, "summary.json")
    assert [(c["id"], c["status"]) for c in summary["components"] if c["id"] == "api"] == [("api", status)]
    # The incident is still open while its component recovers.
    assert [i["status"] for i in summary["incidents"]] == [
        {"2026-03-20T08:30": "investigating", "2026-03-20T09:30": "identified"}.get(at, "monitoring")
    ]
    status_page = lxml_html.fromstring(files["index.html"])
    heads = [text(h) for h in status_page.xpath("//div[contains(@class, 'sp-component__head')]")]
    assert f"API {label}" in heads
    incident_page = lxml_html.fromstring(files["incidents/2026-03-20-api-outage/index.html"])
    assert [text(li) for li in incident_page.xpath("//ul[contains(@class, 'sp-affected')]/li")] == [f"API: {label}"]


def test_affected_components_lists_each_move(site: Site) -> None:
    (incident,) = api_json(outputs(site, AT), "incidents.json")["incidents"]
    assert [(u["id"], u["affected_components"]) for u in incident["incident_updates"]] == [
        ("2026-03-20-api-outage-3", [
            {"code": "api", "name": "API", "old_status": "degraded_performance", "new_status": "operational"},
        ]),
        ("2026-03-20-api-outage-2", [
            {"code": "api", "name": "API", "old_status": "major_outage", "new_status": "degraded_performance"},
        ]),
        ("2026-03-20-api-outage-1", [
            {"code": "api", "name": "API", "old_status": "operational", "new_status": "major_outage"},
        ]),
    ]
    assert [u.changes for u in snapshot(site, AT).by_id["2026-03-20-api-outage"].updates] == [
        (ComponentChange("api", "operational", "major_outage"),),
        (ComponentChange("api", "major_outage", "degraded_performance"),),
        (ComponentChange("api", "degraded_performance", "operational"),),
    ]


def test_uptime_counts_each_status_for_its_own_time(site: Site) -> None:
    today = snapshot(site, AT).uptime["api"].days[-1]
    # 08:00-09:00 major outage (weight 1), 09:00-10:00 degraded (weight 0), then operational.
    assert (today.minutes["major_outage"], today.minutes["degraded_performance"]) == (60.0, 60.0)
    assert (today.downtime, today.tracked) == (60.0, 720.0)
    page = lxml_html.fromstring(outputs(site, AT)["index.html"])
    [cell] = [li for li in page.xpath("//li[contains(@class, 'sp-day')]") if "20 Mar 2026" in text(li)][:1]
    assert text(cell) == (
        "20 Mar 2026 91.66 % uptime. Major outage for 1 h: API outage Degraded performance for 1 h: API outage"
    )


def test_an_update_may_name_an_undeclared_component_only_with_an_error(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={"2026-03-20-api-outage": RECOVERING.replace(
        "api: degraded_performance", "apj: degraded_performance")})
    assert [(p.path, p.line, p.message) for p in load(tmp_path).problems] == [(
        "incidents/2026-03-20-api-outage.md", 15,
        ("update 2's `components` names `apj`, which is not declared in the site config (did you mean `api`?); "
         "declared components: api, web, db"),
    )]
