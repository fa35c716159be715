"""Property: for random sites and random as-of times, every output tells the same
story. The stage, the component statuses and the visible updates read back from the
status page, the incident pages, summary.json, incidents.json and
scheduled-maintenances.json, the Atom feed and the calendar must agree."""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import feedparser
import icalendar
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from statuspress.build import ShellContext, build_outputs
from statuspress.render.templating import make_environment
from statuspress.render.text import stage_label, status_label
from tests.support.sites import load, write_site

BASE = datetime(2026, 3, 10, 0, 0, tzinfo=timezone.utc)
COMPONENTS = ("api", "web", "db")
#: One template environment for every example (building one costs more than a site).
ENV = make_environment()
STATUSES = ("operational", "degraded_performance", "partial_outage", "major_outage")


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Update:
    at: datetime
    status: str | None
    moves: dict[str, str]


@st.composite
def incidents(draw: Any, n: int) -> str:
    start = BASE + timedelta(minutes=draw(st.integers(0, 4 * 1440)))
    named = draw(st.lists(st.sampled_from(COMPONENTS), min_size=1, max_size=2, unique=True))
    initial = {c: draw(st.sampled_from(STATUSES[1:])) for c in named}
    count = draw(st.integers(0, 4))
    moment = start
    updates: list[Update] = []
    for index in range(count):
        moment += timedelta(minutes=draw(st.integers(1, 600)))
        last = index == count - 1
        status = draw(st.sampled_from(
            (None, "investigating", "identified", "monitoring", "resolved") if last
            else (None, "investigating", "identified", "monitoring")
        ))
        moves = draw(st.dictionaries(st.sampled_from(named), st.sampled_from(STATUSES), max_size=1))
        updates.append(Update(moment, status, moves))
    resolved = updates[-1].at if updates and updates[-1].status == "resolved" else None
    lines = ["---", f"title: Incident {n}", "severity: SEV2", "components:"]
    lines += [f"  {c}: {s}" for c, s in initial.items()]
    lines.append(f"started: {iso(start)}")
    if resolved is not None:
        lines.append(f"resolved: {iso(resolved)}")
    lines += _updates(updates)
    return "\n".join([*lines, "---", ""]) + "\n"


@st.composite
def maintenances(draw: Any, n: int) -> str:
    start = BASE + timedelta(minutes=draw(st.integers(0, 5 * 1440)))
    end = start + timedelta(minutes=draw(st.integers(30, 600)))
    component = draw(st.sampled_from(COMPONENTS))
    announced = start - timedelta(minutes=draw(st.integers(60, 3 * 1440)))
    stages = draw(st.lists(st.sampled_from((None, "in_progress", "verifying")), max_size=2))
    finish = draw(st.booleans())
    updates = [Update(announced, "scheduled", {})] if draw(st.booleans()) else []
    moment = start
    for stage in stages:
        updates.append(Update(moment, stage, {}))
        moment += timedelta(minutes=draw(st.integers(1, 120)))
    resolved = None
    if finish:
        resolved = max(moment, end - timedelta(minutes=10))
        updates.append(Update(resolved, "completed", {}))
    lines = ["---", f"title: Maintenance {n}", "type: maintenance", f"components: [{component}]",
             f"scheduled_start: {iso(start)}", f"scheduled_end: {iso(end)}"]
    if resolved is not None:
        lines.append(f"resolved: {iso(resolved)}")
    lines += _updates(updates)
    return "\n".join([*lines, "---", f"Maintenance {n} description.", ""]) + "\n"


def _updates(updates: list[Update]) -> list[str]:
    lines = ["updates:"] if updates else []
    for number, update in enumerate(updates, start=1):
        lines.append(f"  - at: {iso(update.at)}")
        if update.status:
            lines.append(f"    status: {update.status}")
        lines.append(f"    message: Message {number}.")
        if update.moves:
            lines.append("    components:")
            lines += [f"      {c}: {s}" for c, s in update.moves.items()]
    return lines


@st.composite
def sites(draw: Any) -> tuple[dict[str, str], datetime]:
    files: dict[str, str] = {}
    for n in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(("incident", "maintenance")))
        text = draw(incidents(n) if kind == "incident" else maintenances(n))
        files[f"2026-03-{10 + n:02d}-{kind}-{n}"] = text
    at = BASE + timedelta(minutes=draw(st.integers(0, 8 * 1440)))
    return files, at


def words(element: Any) -> str:
    return " ".join(element.text_content().split())


def _stamp(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sites())
def test_every_output_tells_the_same_story(example: tuple[dict[str, str], datetime]) -> None:
    files_in, at = example
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        # Ten daily bars instead of ninety: the same rules, a tenth of the rendering.
        write_site(root, incidents=files_in, uptime_days=10)
        site = load(root)
        assert [p for p in site.problems if p.level == "error"] == []
        out = build_outputs(site, at, ENV, shell=ShellContext("Acme")).files

    def doc(name: str) -> Any:
        return json.loads(out[f"api/v2/{name}"])

    summary = doc("summary.json")
    by_json: dict[str, dict[str, Any]] = {i["id"]: i for i in doc("incidents.json")["incidents"]}
    by_json.update((m["id"], m) for m in doc("scheduled-maintenances.json")["scheduled_maintenances"])
    status_page = lxml_html.fromstring(out["index.html"])

    # Component statuses: summary.json and the status page.
    page_heads = {
        words(h.xpath(".//a")[0]): words(h.xpath(".//span[contains(@class, 'sp-status')]")[0])
        for h in status_page.xpath("//div[contains(@class, 'sp-component__head')]")
    }
    json_statuses = {c["name"]: status_label(c["status"]) for c in summary["components"] if not c["group"]}
    assert page_heads == json_statuses

    # Active incidents and maintenance: the same ones, in the same stage.
    cards = {
        a.get("href").split("/")[1]: words(a.xpath("ancestor::article[1]//span[@class='sp-notice__meta']//strong")[0])
        for a in status_page.xpath("//article[contains(@class, 'sp-notice')]//h3/a")
    }
    listed = {i["id"]: stage_label(i["status"]) for i in
              [*summary["incidents"], *summary["scheduled_maintenances"]]}
    assert cards == listed

    entries = {e.link.split("/")[-2]: e for e in feedparser.parse(out["history.atom"]).entries}
    calendar = {str(e["UID"]).split("@")[0]: e for e in
                icalendar.Calendar.from_ical(out["maintenance.ics"]).walk("VEVENT")}
    for incident_id, obj in by_json.items():
        page = lxml_html.fromstring(out[f"incidents/{incident_id}/index.html"])
        shown = words(page.xpath("//dl[contains(@class, 'sp-summary')]//dt[text()='Status']/../dd")[0])
        assert shown == stage_label(obj["status"]), incident_id
        times = [_stamp(t) for t in page.xpath("//ol[contains(@class, 'sp-updates')]//time/@datetime")]
        json_times = [_stamp(u["created_at"]) for u in obj["incident_updates"]]
        assert times == json_times, incident_id
        assert all(t <= at for t in times)
        # The stage each update left the incident in, as the page and the JSON say it.
        labels = [words(s) for s in page.xpath("//ol[contains(@class, 'sp-updates')]//span[@class='sp-update__stage']")]
        assert len(labels) == len(obj["incident_updates"])
        # The page's affected components agree with what the JSON lists for it.
        affected = [words(li).split(":")[0] for li in page.xpath("//ul[contains(@class, 'sp-affected')]/li")]
        assert affected == [c["name"] for c in obj["components"]], incident_id
        if incident_id in entries:
            content = entries[incident_id].content[0].value
            feed_times = re.findall(r"<small>(\d{4}-\d\d-\d\d \d\d:\d\d) UTC</small>", content)
            assert feed_times == [t.strftime("%Y-%m-%d %H:%M") for t in times], incident_id
            assert _stamp(entries[incident_id].updated) == (times[0] if times else _stamp(obj["started_at"]))
        if incident_id in calendar:
            event = calendar[incident_id]
            assert int(event["SEQUENCE"]) == max(len(times) - 1, 0)
            assert str(event["DESCRIPTION"]).count(" UTC · ") == len(times)
            assert event.decoded("DTSTAMP") <= at
        # A maintenance is in the feed once announced by an update or once its window started.
        if obj.get("scheduled_for") is not None:
            started = _stamp(obj["scheduled_for"]) <= at
            assert (incident_id in entries) == (bool(times) or started), incident_id
