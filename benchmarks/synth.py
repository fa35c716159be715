"""A deterministic synthetic statuspress site, for the benchmarks.

``generate_site(root, incidents=N)`` writes a ``mkdocs.yml`` with twelve components in
four groups, N incidents (200 a year, ending at ``AS_OF``) and N/5 postmortems, all written with
PyYAML's safe dumper, and returns what it wrote. The same seed always gives the same
bytes, so that two runs of a benchmark time the same content.

The mix follows the real corpora in ``../shared/corpora``:

* GitHub's status history (819 incidents, 2020-2026): 2-8 updates per incident
  (median 4), most of them status-less "Update"s; messages with a median of about
  90 characters and a long tail (p90 about 500), some with links, 57 % of them
  unique (ours: median 80, p90 470, 50 % unique, whatever N: first and last
  messages repeat, the updates between carry the incident's own figures); impact
  mostly minor (74 %), then major (17 %), none (4 %), critical (3 %); maintenance
  about 2 % (ours 4 %).
* DFDS' public postmortems: a median of about 2.7 KB of Markdown, a long tail.

Public text never contains what the process checks flag (internal host names,
private IPs, chat channels, @mentions); ``internal:`` blocks and internal-only
postmortems do, as real ones would.

Run it by hand with ``python benchmarks/synth.py OUT --incidents 1000``.
"""

from __future__ import annotations

import argparse
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

#: The as-of time every benchmark passes (``SOURCE_DATE_EPOCH`` for the CLI).
AS_OF = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
#: Incidents per year. The history grows longer with N, not denser: 1,000 incidents
#: span five years, 10,000 fifty, so that "no page grows with the size of the
#: history" is what the 1,000 vs 10,000 comparison tests (GitHub's status page had
#: about 140 a year in 2020-2026).
PER_YEAR = 200

#: (id, name, group); twelve components, four groups, two ungrouped.
COMPONENTS: tuple[tuple[str, str, str | None], ...] = (
    ("website", "Website", "Customer-facing"),
    ("dashboard", "Dashboard", "Customer-facing"),
    ("checkout", "Hosted Checkout", "Customer-facing"),
    ("mobile", "Mobile apps", "Customer-facing"),
    ("api", "Payments API", "API"),
    ("webhooks", "Webhooks", "API"),
    ("graphql", "GraphQL API", "API"),
    ("card-processing", "Card processing", "Payments"),
    ("payouts", "Payouts", "Payments"),
    ("fraud", "Fraud screening", "Payments"),
    ("auth", "Sign-in and SSO", None),
    ("docs", "Developer docs", None),
)
_NAMES = {cid: name for cid, name, _ in COMPONENTS}

# Severity mix (GitHub's impacts: critical 3 %, major 17 %, minor 74 %, none 4 %). SEV1
# and SEV2 need a postmortem; with 17 % of them, N/5 postmortems cover all of them.
_SEVERITIES = (("SEV1", 0.03), ("SEV2", 0.14), ("SEV3", 0.69), ("SEV4", 0.14))
MAINTENANCE_SHARE = 0.04

_TITLES = (
    "Elevated error rates on {name}",
    "Degraded performance for {name}",
    "{name} unavailable for some customers",
    "Increased latency on {name}",
    "Delays in {name}",
    "Intermittent failures in {name}",
    "Disruption with some {name} requests",
    "{name} is partially unavailable",
)
_MAINTENANCE_TITLES = (
    "Scheduled database upgrade for {name}",
    "Planned network maintenance affecting {name}",
    "{name} platform migration",
    "Certificate rotation for {name}",
)
_FIRST = (
    "We are investigating reports of degraded performance for {name}.",
    "We are investigating elevated error rates on {name}.",
    "We are currently investigating this issue.",
    "Some customers may see failed or slow requests to {name}. We are investigating.",
)
_SENTENCES = (
    "We are continuing to investigate the issue.",
    "We have identified a configuration change as the likely cause and are rolling it back.",
    "Error rates are decreasing and we are monitoring the recovery.",
    "Customers in the EU region may see timeouts when creating new payments.",
    "Retries with exponential backoff succeed for most requests.",
    "The issue is limited to a subset of accounts created in the last week.",
    "A fix has been deployed to production and we are verifying it.",
    "Delayed events are being delivered; no data has been lost.",
    "We are working with our upstream provider to restore full capacity.",
    "Requests that failed during this window can be safely retried.",
    "Latency is back to normal for most customers; a small backlog remains.",
    "We have scaled out the affected service to absorb the additional load.",
    "Card authorisations are succeeding again, but settlement reports may be late.",
    "We will provide another update within the hour.",
)
_LINKS = (
    "See [retry guidance](https://docs.acme.example/errors/retries) for how to retry safely.",
    "Follow progress on https://status.acme.example/ or subscribe to the RSS feed.",
    "The [API changelog](https://docs.acme.example/changelog) lists the affected endpoints.",
)
_BULLETS = (
    "Card payments in EUR and GBP",
    "Refunds created through the dashboard",
    "Webhook deliveries to endpoints in the US",
    "Payouts scheduled for today",
    "Sign-in with SAML single sign-on",
    "Exports of monthly statements",
)
_LAST = (
    "This incident has been resolved.",
    "This incident has been resolved. We will publish a summary of what happened.",
    "Error rates have returned to normal. This incident is resolved.",
)
_PEOPLE = (
    "Dana Ortiz", "Sam Lee", "Priya Raman", "Jo Kim", "Alex Novak", "Maria Rossi",
    "Tomás Silva", "Aiko Tanaka", "Lena Fischer", "Omar Haddad", "Grace Chen", "Ben Carter",
)
_TAGS = (
    "config-change", "deploy", "capacity", "dns", "certificate", "database", "network",
    "third-party", "kubernetes", "cache", "rate-limiting", "monitoring-gap", "queue",
)
_ROOT_CAUSES = (
    "config-change", "capacity", "software-bug", "dependency-failure",
    "certificate-expiry", "network", "data-migration", "hardware",
)
_PM_SENTENCES = (
    "The rollout reached every region within ten minutes because the canary stage was skipped.",
    "Connection pools on the API tier were exhausted while the database failed over.",
    "Alerting fired on the symptom, not the cause, which cost us the first twenty minutes.",
    "The runbook for this service described a topology we retired last year.",
    "Retries from clients amplified the load by a factor of three during the outage.",
    "A certificate renewal job had been failing silently for two weeks.",
    "The change passed review and tests; the failure only shows under production traffic.",
    "Queue consumers fell behind and the backlog took an hour to drain after the fix.",
    "Our dashboards did not show per-region error rates, so the scope was unclear.",
    "The on-call engineer had to wait for database credentials from another team.",
    "Feature flags let us disable the new code path without a deploy.",
    "Customer support saw the first reports before our monitoring did.",
)
_INTERNAL_NOTES = (
    "Failover of db-primary-2.payments.internal took longer than the runbook says.",
    "Traffic from 10.20.4.0/24 was shed at the load balancer during mitigation.",
    "Escalated to the database team via the pager; see the incident channel for the log.",
)


@dataclass
class SynthSite:
    """What ``generate_site`` wrote."""

    root: Path
    config_file: Path
    incident_ids: list[str] = field(default_factory=list)
    postmortem_ids: list[str] = field(default_factory=list)
    #: Incidents whose page depends on the as-of time (open, or a window in the future).
    time_dependent_ids: list[str] = field(default_factory=list)
    #: Total bytes of the incident and postmortem files.
    content_bytes: int = 0

    @property
    def incidents_dir(self) -> Path:
        return self.root / "incidents"

    @property
    def postmortems_dir(self) -> Path:
        return self.root / "postmortems"


# --- YAML output ----------------------------------------------------------------


class Stamp(str):
    """A time written as an unquoted ISO 8601 scalar (``2026-03-14T09:12:00Z``), as
    people write them; ``safe_dump`` would quote a string that looks like a time."""


class Day(str):
    """A date written unquoted (``2026-03-18``)."""


class _Dumper(yaml.SafeDumper):
    """The safe dumper, plus multi-line messages as ``|`` blocks and unquoted times."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Stamp, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", str(v)))
_Dumper.add_representer(Day, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", str(v)))


def _stamp(moment: datetime) -> Stamp:
    return Stamp(moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))


def dump_document(front: dict[str, Any], body: str) -> str:
    """A content file: ``---``, the front-matter, ``---``, the body."""
    text = yaml.dump(front, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{text}---\n{body}"


# --- incidents ------------------------------------------------------------------


def _slug(text: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    return "-".join(w for w in words if w not in {"a", "the", "for", "on", "in", "of", "some", "is"})[:40].strip("-")


_REGIONS = ("eu-west", "eu-central", "us-east", "us-west", "ap-southeast", "sa-east")
_DETAILS = (
    "About {pct}% of requests to {name} in {region} are failing.",
    "We have rolled back release {sha} and error rates for {name} are recovering.",
    "Around {count} delayed events remain queued; we expect them to be delivered by {hhmm} UTC.",
    "Latency at the 99th percentile is {ms} ms, down from {ms2} ms at {hhmm} UTC.",
    "Requests to {name} made between {hhmm} and {hhmm2} UTC may have returned errors.",
    "We have moved traffic for {name} out of {region} while we replace {count} unhealthy hosts.",
)


def _detail(rng: random.Random, name: str) -> str:
    """A sentence with this incident's own figures: real updates are mostly unique
    (57 % of GitHub's messages are), so the benchmark must not be a cache test."""
    hour, minute = rng.randrange(24), rng.randrange(60)
    return rng.choice(_DETAILS).format(
        name=name, region=rng.choice(_REGIONS), pct=rng.randint(2, 60), sha=f"{rng.getrandbits(28):07x}",
        count=rng.randint(12, 48000), ms=rng.randint(300, 2400), ms2=rng.randint(2500, 9000),
        hhmm=f"{hour:02d}:{minute:02d}", hhmm2=f"{(hour + 1) % 24:02d}:{minute:02d}",
    )


def _message(rng: random.Random, name: str) -> str:
    """An update message with GitHub's length mix: a third one sentence, most two to
    four, a tail of multi-paragraph Markdown with a list and a link; most carry the
    incident's own figures."""
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(_SENTENCES) if rng.random() < 0.25 else _detail(rng, name)
    if roll < 0.8:
        text = " ".join([_detail(rng, name), *rng.sample(_SENTENCES, rng.randint(1, 3))])
        return text + (" " + rng.choice(_LINKS) if rng.random() < 0.25 else "")
    bullets = "\n".join(f"- {b}" for b in rng.sample(_BULLETS, rng.randint(2, 4)))
    return (
        f"{_detail(rng, name)} {rng.choice(_SENTENCES)}\n\nThe following are affected for **{name}**:\n\n"
        f"{bullets}\n\n{' '.join(rng.sample(_SENTENCES, 2))} {rng.choice(_LINKS)}\n"
    )


def _duration(rng: random.Random) -> float:
    """Minutes from start to resolution: log-normal, median about 70 minutes."""
    return min(max(math.exp(rng.gauss(math.log(70), 0.9)), 8.0), 60 * 36)


def _incident(rng: random.Random, start: datetime, severity: str) -> dict[str, Any]:
    chosen = rng.sample(COMPONENTS, rng.randint(1, 3)) if rng.random() > 0.08 else []
    ids = [c[0] for c in chosen]
    name = _NAMES[ids[0]] if ids else "some services"
    title = rng.choice(_TITLES).format(name=name)
    front: dict[str, Any] = {"title": title, "severity": severity}
    if rng.random() < 0.1:
        front["impact"] = rng.choice(["minor", "major"])
    if ids and rng.random() < 0.25:
        statuses = ("degraded_performance", "partial_outage", "major_outage")
        front["components"] = {cid: rng.choice(statuses) for cid in ids}
    elif ids:
        front["components"] = ids
    # Whole minutes after ``start``, in the order the format requires.
    count = rng.choice((2, 3, 3, 4, 4, 4, 5, 5, 6, 7, 8))
    detect = rng.randint(0, 15)
    ack = detect + rng.randint(0, 8)
    first = detect + 3
    total = max(round(_duration(rng)), first + 2 * count, ack + 2)
    mitigate = max(ack, round(total * rng.uniform(0.5, 0.95)))

    def at(minutes: int) -> Stamp:
        return _stamp(start + timedelta(minutes=minutes))

    front["started"] = at(0)
    if rng.random() < 0.9:
        front["detected"] = at(detect)
        if rng.random() < 0.8:
            front["acknowledged"] = at(ack)
    front["declared"] = at(detect + 2)
    if rng.random() < 0.85:
        front["mitigated"] = at(mitigate)
    front["resolved"] = at(total)
    front["updates"] = _updates(rng, count, start, first, total, name)
    if rng.random() < 0.6:
        front["internal"] = _internal(rng, start, title)
    return front


def _updates(
    rng: random.Random, count: int, start: datetime, first: int, last: int, name: str
) -> list[dict[str, Any]]:
    """``count`` updates from minute ``first`` to minute ``last`` after ``start``:
    investigating, then mostly status-less updates (sometimes identified and
    monitoring), then resolved."""
    step = (last - first) / (count - 1)
    minutes = [first + round(step * i) for i in range(count - 1)] + [last]
    updates: list[dict[str, Any]] = [{
        "at": _stamp(start + timedelta(minutes=minutes[0])), "status": "investigating",
        "message": rng.choice(_FIRST).format(name=name),
    }]
    middle: list[str | None] = [None] * (count - 2)
    if len(middle) >= 2 and rng.random() < 0.3:
        middle[rng.randrange(len(middle) // 2)] = "identified"
    if middle and rng.random() < 0.2:
        middle[-1] = "monitoring"
    for index, stage in enumerate(middle, start=1):
        update: dict[str, Any] = {"at": _stamp(start + timedelta(minutes=minutes[index]))}
        if stage:
            update["status"] = stage
        update["message"] = _message(rng, name)
        updates.append(update)
    updates.append({
        "at": _stamp(start + timedelta(minutes=last)), "status": "resolved", "message": rng.choice(_LAST),
    })
    return updates


def _internal(rng: random.Random, start: datetime, title: str) -> dict[str, Any]:
    people = rng.sample(_PEOPLE, 4)
    block: dict[str, Any] = {
        "commander": people[0], "ops_lead": people[1], "comms_lead": people[2], "scribe": people[3],
        "channel": f"#inc-{start:%Y-%m-%d}-{_slug(title)[:20].strip('-')}",
    }
    if rng.random() < 0.5:
        block["notes"] = rng.choice(_INTERNAL_NOTES)
    return block


def _maintenance(rng: random.Random, start: datetime, upcoming: bool) -> dict[str, Any]:
    ids = [c[0] for c in rng.sample(COMPONENTS, rng.randint(1, 2))]
    name = _NAMES[ids[0]]
    hours = rng.choice((1, 2, 2, 3, 4))
    end = start + timedelta(hours=hours)
    front: dict[str, Any] = {
        "title": rng.choice(_MAINTENANCE_TITLES).format(name=name),
        "type": "maintenance",
        "components": ids,
        "scheduled_start": _stamp(start),
        "scheduled_end": _stamp(end),
    }
    announce = {"at": _stamp(start - timedelta(days=rng.randint(2, 7))), "status": "scheduled",
                "message": f"We will perform maintenance on {name}. Some requests may be slower than usual."}
    if upcoming:
        front["updates"] = [announce]
        return front
    done = start + timedelta(minutes=rng.randint(30, hours * 60))
    front["resolved"] = _stamp(done)
    front["updates"] = [
        announce,
        {"at": _stamp(start), "status": "in_progress", "message": "Scheduled maintenance is in progress."},
        {"at": _stamp(done), "status": "completed", "message": "The scheduled maintenance has been completed."},
    ]
    return front


def _body(rng: random.Random, name: str) -> str:
    if rng.random() < 0.7:
        return ""
    return (f"Between the times below, some requests to {name} failed or were slow. "
            f"{rng.choice(_SENTENCES)}\n")


# --- postmortems ----------------------------------------------------------------


def _paragraph(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(_PM_SENTENCES) for _ in range(rng.randint(low, high)))


def _postmortem_body(rng: random.Random, incident: dict[str, Any], public: bool) -> str:
    """All seven default sections; about 2.7 KB at the median, with a long tail."""
    start = datetime.fromisoformat(str(incident["started"]).replace("Z", "+00:00"))
    rows = [f"| {start + timedelta(minutes=m):%Y-%m-%d %H:%M} | {rng.choice(_PM_SENTENCES)[:70]} |"
            for m in sorted(rng.sample(range(180), rng.randint(4, 9)))]
    long_tail = rng.random() < 0.15
    parts = [
        "## Summary\n\n" + _paragraph(rng, 2, 4) + "\n\n" + _paragraph(rng, 2, 4),
        "## Impact\n\n" + _paragraph(rng, 1, 3) + "\n\n" + "\n".join(
            f"- {b}" for b in rng.sample(_BULLETS, rng.randint(2, 4))),
        "## Timeline\n\nAll times in UTC.\n\n| Time | Event |\n| --- | --- |\n" + "\n".join(rows),
        "## Root Cause\n\n" + _paragraph(rng, 2, 5) + (
            "\n\n```text\nERROR pool exhausted: 512/512 connections in use\n```" if rng.random() < 0.3 else ""),
        "## Contributing Factors\n\n" + "\n".join(f"- {rng.choice(_PM_SENTENCES)}" for _ in range(rng.randint(2, 5))),
        "## What Went Well\n\n" + "\n".join(f"- {rng.choice(_PM_SENTENCES)}" for _ in range(rng.randint(1, 3))),
        "## What Went Poorly\n\n" + "\n".join(f"- {rng.choice(_PM_SENTENCES)}" for _ in range(rng.randint(1, 4))),
    ]
    if long_tail:
        parts.append("## Lessons Learned\n\n" + "\n\n".join(_paragraph(rng, 3, 6) for _ in range(rng.randint(3, 8))))
    if not public and rng.random() < 0.3:
        parts.append("## Notes for responders\n\n" + rng.choice(_INTERNAL_NOTES))
    return "\n\n".join(parts) + "\n"


def _postmortem(rng: random.Random, incident_id: str, incident: dict[str, Any]) -> dict[str, Any]:
    resolved = datetime.fromisoformat(str(incident["resolved"]).replace("Z", "+00:00"))
    review = (resolved + timedelta(days=rng.randint(2, 4))).date()
    recent = (AS_OF - resolved) < timedelta(days=30)
    public = rng.random() < 0.15
    status = "published" if not recent else rng.choice(["published", "in_review", "reviewed"])
    components = list(incident.get("components") or ["api"])
    front: dict[str, Any] = {
        "title": f"Postmortem: {incident['title']}",
        "incidents": [incident_id],
        "status": status,
        "date": Day(review.isoformat()),
        "authors": rng.sample(_PEOPLE, rng.randint(1, 3)),
        "services": components[:3],
        "tags": rng.sample(_TAGS, rng.randint(1, 4)),
        "root_cause": rng.choice(_ROOT_CAUSES),
    }
    if rng.random() < 0.5:
        front["summary"] = rng.choice(_PM_SENTENCES)
    if public:
        front["visibility"] = "public"
    front["action_items"] = [_action_item(rng, review) for _ in range(rng.randint(2, 6))]
    return front


def _action_item(rng: random.Random, review: date) -> dict[str, Any]:
    due = review + timedelta(days=rng.choice((7, 14, 30, 60, 90)))
    if due < AS_OF.date():
        # Old items are mostly closed; a few stay open past their due date, as in life.
        status = rng.choices(["done", "wont_do", "open", "in_progress"], [88, 8, 2, 2])[0]
    else:
        status = rng.choices(["open", "in_progress", "done"], [50, 30, 20])[0]
    item: dict[str, Any] = {
        "title": rng.choice((
            "Add a canary stage to the config rollout",
            "Alert on per-region error rates",
            "Update the failover runbook",
            "Load-test the connection pool limits",
            "Monitor certificate renewal jobs",
            "Cap client retries in the SDKs",
        )),
        "owner": rng.choice(_PEOPLE),
        "due": Day(due.isoformat()),
        "status": status,
    }
    if rng.random() < 0.6:
        item["priority"] = rng.choice(("P1", "P2", "P3"))
    if rng.random() < 0.4:
        item["link"] = f"https://tracker.acme.example/OPS-{rng.randint(100, 9999)}"
    return item


# --- the site -------------------------------------------------------------------


def config_text(audience: str = "public") -> str:
    """The synthetic site's ``mkdocs.yml`` (Material theme, search, statuspress)."""
    components = []
    for cid, name, group in COMPONENTS:
        entry: dict[str, Any] = {"id": cid, "name": name}
        if group:
            entry["group"] = group
        entry["description"] = f"{name} for Acme's merchants."
        components.append(entry)
    config = {
        "site_name": "Acme Status",
        "site_url": "https://status.acme.example/",
        "docs_dir": "pages",
        "theme": {"name": "material"},
        "plugins": ["search", {"statuspress": {
            "name": "Acme", "url": "https://status.acme.example/", "audience": audience,
            "components": components,
        }}],
    }
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def generate_site(
    root: Path, incidents: int, postmortems: int | None = None, *, seed: int = 2026, audience: str = "public"
) -> SynthSite:
    """Write a synthetic site with ``incidents`` incidents and ``postmortems``
    postmortems (default ``incidents // 5``) into ``root`` (created; must be empty)."""
    rng = random.Random(seed)
    n_pm = incidents // 5 if postmortems is None else postmortems
    root.mkdir(parents=True, exist_ok=True)
    for folder in ("incidents", "postmortems", "pages"):
        (root / folder).mkdir(exist_ok=True)
    (root / "mkdocs.yml").write_text(config_text(audience), encoding="utf-8")
    (root / "pages" / "about.md").write_text("# About\n\nAcme's status page.\n", encoding="utf-8")
    site = SynthSite(root, root / "mkdocs.yml")

    end = AS_OF - timedelta(days=2)
    span = timedelta(days=365.25 * max(incidents / PER_YEAR, 1.0)).total_seconds()
    first = end - timedelta(seconds=span)
    starts = sorted(first + timedelta(minutes=round(rng.uniform(0, span) / 60)) for _ in range(incidents))
    fronts: dict[str, tuple[dict[str, Any], str]] = {}
    severe: list[str] = []
    minor: list[str] = []
    for index, start in enumerate(starts):
        # The two newest are an incident still open and a maintenance still to come
        # at AS_OF: the pages whose content depends on the as-of time.
        volatile = incidents >= 2 and index >= incidents - 2
        if volatile and index == incidents - 2:
            front = _open_incident(rng)
        elif volatile:
            front = _maintenance(rng, AS_OF + timedelta(days=3), upcoming=True)
        elif rng.random() < MAINTENANCE_SHARE:
            front = _maintenance(rng, start.replace(hour=rng.choice((1, 2, 22, 23)), minute=0), upcoming=False)
        else:
            severity = rng.choices([s for s, _ in _SEVERITIES], [w for _, w in _SEVERITIES])[0]
            front = _incident(rng, start, severity)
        base = f"{str(front.get('started') or front['scheduled_start'])[:10]}-{_slug(front['title'])}"
        incident_id, suffix = base, 2
        while incident_id in fronts:  # two incidents with one title on one day
            incident_id, suffix = f"{base}-{suffix}", suffix + 1
        name = _NAMES.get(next(iter(front.get("components") or ["api"])), "our services")
        fronts[incident_id] = (front, _body(rng, name))
        if volatile:
            site.time_dependent_ids.append(incident_id)
        elif front.get("severity") in ("SEV1", "SEV2"):
            severe.append(incident_id)
        elif front.get("severity") == "SEV3":
            minor.append(incident_id)

    for incident_id, (front, body) in fronts.items():
        text = dump_document(front, body)
        (root / "incidents" / f"{incident_id}.md").write_text(text, encoding="utf-8")
        site.incident_ids.append(incident_id)
        site.content_bytes += len(text.encode("utf-8"))

    # Every incident that requires a postmortem gets one first (as a team that follows
    # its ladder would), then minor incidents, chosen at random.
    targets = severe[:n_pm] + rng.sample(minor, min(len(minor), max(0, n_pm - len(severe))))
    for incident_id in targets:
        front = _postmortem(rng, incident_id, fronts[incident_id][0])
        body = _postmortem_body(rng, fronts[incident_id][0], front.get("visibility") == "public")
        text = dump_document(front, body)
        (root / "postmortems" / f"{incident_id}.md").write_text(text, encoding="utf-8")
        site.postmortem_ids.append(incident_id)
        site.content_bytes += len(text.encode("utf-8"))
    return site


def _open_incident(rng: random.Random) -> dict[str, Any]:
    """An incident still open at ``AS_OF``: SEV3 (no update cadence to miss)."""
    start = AS_OF - timedelta(minutes=50)
    return {
        "title": "Delays in Webhooks",
        "severity": "SEV3",
        "components": {"webhooks": "degraded_performance"},
        "started": _stamp(start),
        "detected": _stamp(start + timedelta(minutes=4)),
        "updates": [
            {"at": _stamp(start + timedelta(minutes=10)), "status": "investigating",
             "message": "We are investigating delayed webhook deliveries."},
            {"at": _stamp(start + timedelta(minutes=35)), "status": "identified",
             "message": rng.choice(_SENTENCES)},
        ],
        "internal": {"commander": rng.choice(_PEOPLE), "channel": "#inc-webhooks-delays"},
    }


def main() -> None:
    """``python benchmarks/synth.py OUT --incidents N [--postmortems M] [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--postmortems", type=int, default=None)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--audience", choices=("public", "internal"), default="public")
    args = parser.parse_args()
    site = generate_site(args.out, args.incidents, args.postmortems, seed=args.seed, audience=args.audience)
    print(f"wrote {len(site.incident_ids)} incidents and {len(site.postmortem_ids)} postmortems "
          f"({site.content_bytes / 1e6:.1f} MB) to {site.root}")


if __name__ == "__main__":
    main()
