"""``statuspress notify`` through an incident's and a maintenance's whole life, driven
by ``statuspress update`` and by moving the as-of time, delivered to a real JSON
webhook, a real SMTP server and a Statuspage-format webhook on 127.0.0.1, each event
exactly once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.support.notify_site import notify, notify_site, statuspress
from tests.support.receivers import HttpReceiver, SmtpReceiver, http_receiver, smtp_receiver
from tests.support.sites import maintenance_text

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

INCIDENT_ID = "2026-03-14-api-errors"
DECLARED = """\
---
title: API errors
severity: SEV2
components: [api]
started: 2026-03-14T09:00:00Z
updates:
  - at: 2026-03-14T09:05:00Z
    status: investigating
    message: We are investigating **elevated** error rates.
---
"""

TARGETS = [
    {"name": "hook", "url": "ENV:HOOK_URL"},
    {"name": "mail", "url": "ENV:MAIL_URL", "format": "text"},
    {"name": "statuspage", "type": "statuspage_webhook", "url": "ENV:STATUSPAGE_URL"},
]


@pytest.fixture
def receivers() -> Iterator[tuple[HttpReceiver, SmtpReceiver]]:
    with http_receiver() as http, smtp_receiver() as smtp:
        yield http, smtp


def _env(http: HttpReceiver, smtp: SmtpReceiver) -> dict[str, str]:
    return {
        "HOOK_URL": http.url("/hook", "json"),
        "MAIL_URL": smtp.url(),
        "STATUSPAGE_URL": http.url("/statuspage"),
    }


def plain(mail: EmailMessage) -> str:
    """The plain-text part of an e-mail, with Python's line ends (SMTP sends CRLF)."""
    part = mail.get_body(("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")  # type: ignore[attr-defined]


def _subjects(http: HttpReceiver) -> list[str]:
    return [body["title"] for body in http.bodies("/hook")]


def test_declare_update_resolve_each_sent_once(tmp_path: Path, receivers: tuple[HttpReceiver, SmtpReceiver]) -> None:
    http, smtp = receivers
    env = _env(http, smtp)
    root = notify_site(tmp_path, {INCIDENT_ID: DECLARED}, TARGETS)

    first = notify(root, "2026-03-14T09:10:00Z", env=env)
    assert first.code == 0, first.output
    assert first.stdout.splitlines()[2:] == [
        f"sent       {INCIDENT_ID}/declared -> hook (json://****)",
        f"sent       {INCIDENT_ID}/declared -> mail (mailto://****)",
        f"sent       {INCIDENT_ID}/declared -> statuspage (http://****)",
        "summary: 3 sent, 0 failed, 0 waiting, 0 recorded as baseline, 0 already delivered",
    ]
    assert http.bodies("/hook") == [{
        "version": "1.0",
        "title": "[Acme] Incident: API errors",
        "message": (
            "**API errors**\n\nWe are aware of this incident and are working on it.\n\n"
            "**Investigating** (2026-03-14 09:05 UTC): We are investigating **elevated** error rates.\n\n"
            "- **Impact:** Major\n- **Affected:** API (partial outage)\n- **Started:** 2026-03-14 09:00 UTC\n\n"
            f"[View on the status page](https://status.acme.test/incidents/{INCIDENT_ID}/)"
        ),
        "attachments": [],
        "type": "info",
    }]
    [mail] = smtp.messages
    assert mail["Subject"] == "[Acme] Incident: API errors"
    assert mail["To"] == "customers@example.com"
    assert plain(mail) == (
        "API errors\n\nWe are aware of this incident and are working on it.\n\n"
        "Investigating (2026-03-14 09:05 UTC):\nWe are investigating elevated error rates.\n\n"
        "Impact: Major\nAffected: API (partial outage)\nStarted: 2026-03-14 09:00 UTC\n\n"
        f"Status page: https://status.acme.test/incidents/{INCIDENT_ID}/\n"
    )
    assert smtp.logins == ["status"]

    # Nothing new: nothing is sent again.
    again = notify(root, "2026-03-14T09:12:00Z", env=env)
    assert again.code == 0, again.output
    assert again.stdout.splitlines()[-1] == "summary: 0 sent, 0 failed, 0 waiting, 0 recorded as baseline, " \
                                            "3 already delivered"
    assert len(http.requests) == 1 + 2 and len(smtp.messages) == 1  # hook + statuspage incident and component

    # An update with a new stage.
    done = statuspress(root, "2026-03-14T09:30:00Z", "update", INCIDENT_ID, "--status", "identified",
                       "-m", "A configuration change caused the errors.")
    assert done.code == 0, done.output
    assert notify(root, "2026-03-14T09:31:00Z", env=env).code == 0
    assert _subjects(http) == ["[Acme] Incident: API errors", "[Acme] Identified: API errors"]
    assert "**Identified** (2026-03-14 09:30 UTC): A configuration change caused the errors." in \
        http.bodies("/hook")[1]["message"]

    # Fixing a typo in an update that was sent does not send it again.
    path = root / "incidents" / f"{INCIDENT_ID}.md"
    path.write_text(path.read_text().replace("caused the errors.", "caused the errors (now rolled back)."))
    edited = notify(root, "2026-03-14T09:40:00Z", env=env)
    assert edited.code == 0 and "0 sent" in edited.stdout, edited.output
    assert len(http.bodies("/hook")) == 2

    # A stage-less update, then the resolution.
    statuspress(root, "2026-03-14T09:45:00Z", "update", INCIDENT_ID, "-m", "Error rates are dropping.")
    statuspress(root, "2026-03-14T10:00:00Z", "update", INCIDENT_ID, "--status", "resolved",
                "-m", "Error rates are back to normal.")
    late = notify(root, "2026-03-14T10:07:00Z", env=env)
    assert late.code == 0, late.output
    assert [line.split()[1] for line in late.stdout.splitlines() if line.startswith("sent")] == [
        f"{INCIDENT_ID}/update/3/2026-03-14T09:45:00Z", f"{INCIDENT_ID}/resolved",  # hook
        f"{INCIDENT_ID}/update/3/2026-03-14T09:45:00Z", f"{INCIDENT_ID}/resolved",  # mail
        f"{INCIDENT_ID}/update/3/2026-03-14T09:45:00Z", f"{INCIDENT_ID}/resolved",  # statuspage
    ]
    assert _subjects(http) == [
        "[Acme] Incident: API errors", "[Acme] Identified: API errors", "[Acme] Update: API errors",
        "[Acme] Resolved: API errors",
    ]
    assert [m["Subject"] for m in smtp.messages] == _subjects(http)
    resolved_mail = plain(smtp.messages[-1])
    assert "Resolved (2026-03-14 10:00 UTC):\nError rates are back to normal.\n" in resolved_mail
    assert "Resolved: 2026-03-14 10:00 UTC (1 h)\n" in resolved_mail
    assert "\nAffected: API\n" in resolved_mail

    # The Statuspage receiver saw the incident at each step, and the component move.
    incidents = [b["incident"] for b in http.bodies("/statuspage") if "incident" in b]
    assert [(i["status"], len(i["incident_updates"])) for i in incidents] == [
        ("investigating", 1), ("identified", 2), ("identified", 3), ("resolved", 4),
    ]
    changes = [b["component_update"] for b in http.bodies("/statuspage") if "component_update" in b]
    assert [(c["component_id"], c["old_status"], c["new_status"], c["created_at"]) for c in changes] == [
        ("api", "operational", "partial_outage", "2026-03-14T09:00:00.000Z"),
        ("api", "partial_outage", "operational", "2026-03-14T10:00:00.000Z"),
    ]

    # And once more: nothing.
    final = notify(root, "2026-03-14T11:07:00Z", env=env)
    assert final.stdout.splitlines()[-1] == "summary: 0 sent, 0 failed, 0 waiting, 0 recorded as baseline, " \
                                            "12 already delivered"
    assert len(http.bodies("/hook")) == 4 and len(smtp.messages) == 4


def test_statuspage_webhook_has_statuspage_shape(tmp_path: Path, receivers: tuple[HttpReceiver, SmtpReceiver]) -> None:
    http, smtp = receivers
    root = notify_site(tmp_path, {INCIDENT_ID: DECLARED}, TARGETS[2:])
    assert notify(root, "2026-03-14T09:10:00Z", env=_env(http, smtp)).code == 0
    incident_doc, component_doc = http.bodies("/statuspage")
    assert list(incident_doc) == ["meta", "page", "incident"]
    assert incident_doc["meta"] == {
        "unsubscribe": "https://status.acme.test/", "documentation": "https://status.acme.test/",
        "generated_at": "2026-03-14T09:10:00.000Z",
    }
    assert incident_doc["page"] == {
        "id": "acme", "status_indicator": "minor", "status_description": "Minor Service Outage",
    }
    assert list(incident_doc["incident"]) == [
        "id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact",
        "shortlink", "started_at", "page_id", "incident_updates", "components",
    ]
    [update] = incident_doc["incident"]["incident_updates"]
    assert update["body"] == "We are investigating elevated error rates."
    assert update["status"] == "investigating"
    assert list(component_doc) == ["meta", "page", "component_update", "component"]
    assert component_doc["component_update"] == {
        "old_status": "operational", "new_status": "partial_outage", "created_at": "2026-03-14T09:00:00.000Z",
        "component_type": "Component", "id": f"{INCIDENT_ID}/declared/component/api", "component_id": "api",
    }
    assert component_doc["component"]["id"] == "api"
    assert component_doc["component"]["status"] == "partial_outage"
    assert http.requests[0].headers["Content-Type"] == "application/json"


MAINTENANCE_ID = "2026-03-20-db-upgrade"


def test_maintenance_lifecycle_by_the_clock(tmp_path: Path, receivers: tuple[HttpReceiver, SmtpReceiver]) -> None:
    """Nobody touches the file after announcing it: the reminder, the start and the
    end go out as the as-of time moves (the hourly scheduled run)."""
    http, smtp = receivers
    env = _env(http, smtp)
    text = maintenance_text(start="2026-03-20T22:00:00Z", end="2026-03-20T23:00:00Z",
                            updates=[("2026-03-18T10:00:00Z", "scheduled")])
    root = notify_site(tmp_path, {MAINTENANCE_ID: text}, TARGETS)

    def sent(at: str) -> list[str]:
        run = notify(root, at, env=env)
        assert run.code == 0, run.output
        return [line.split()[1] for line in run.stdout.splitlines() if line.startswith("sent") and "-> hook" in line]

    assert sent("2026-03-18T10:07:00Z") == [f"{MAINTENANCE_ID}/scheduled"]
    assert sent("2026-03-20T20:07:00Z") == []  # the reminder is due from 21:00
    assert sent("2026-03-20T21:07:00Z") == [f"{MAINTENANCE_ID}/reminder"]
    assert sent("2026-03-20T21:59:00Z") == []
    assert sent("2026-03-20T22:07:00Z") == [f"{MAINTENANCE_ID}/started"]
    assert sent("2026-03-20T23:07:00Z") == [f"{MAINTENANCE_ID}/completed"]
    # The team adds the completion afterwards: that phase was already announced.
    statuspress(root, "2026-03-20T23:10:00Z", "update", MAINTENANCE_ID, "--status", "completed", "-m", "Done.")
    assert sent("2026-03-21T00:07:00Z") == []
    assert _subjects(http) == [
        "[Acme] Scheduled maintenance: Database upgrade",
        "[Acme] Maintenance starts in 53 min: Database upgrade",  # sent at 21:07
        "[Acme] Maintenance in progress: Database upgrade",
        "[Acme] Maintenance completed: Database upgrade",
    ]
    assert [m["Subject"] for m in smtp.messages] == _subjects(http)
    changes = [b["component_update"] for b in http.bodies("/statuspage") if "component_update" in b]
    assert [(c["component_id"], c["old_status"], c["new_status"], c["created_at"]) for c in changes] == [
        ("db", "operational", "under_maintenance", "2026-03-20T22:00:00.000Z"),
        ("db", "under_maintenance", "operational", "2026-03-20T23:00:00.000Z"),
    ]
    assert [b["incident"]["status"] for b in http.bodies("/statuspage") if "incident" in b] == [
        "scheduled", "scheduled", "in_progress", "completed"]
    reminder = plain(smtp.messages[1])
    assert reminder == (
        "Database upgrade\n\nReminder: this maintenance starts in 53 min, at 2026-03-20 22:00 UTC.\n\n"
        "Affected: Database (under maintenance)\nWindow: 2026-03-20 22:00 UTC to 2026-03-20 23:00 UTC\n\n"
        f"Status page: https://status.acme.test/incidents/{MAINTENANCE_ID}/\n"
    )


def test_maintenance_lifecycle_by_updates(tmp_path: Path, receivers: tuple[HttpReceiver, SmtpReceiver]) -> None:
    """The team starts early and completes early with `statuspress update`; a
    reminder lead of 30 min comes from the config."""
    http, smtp = receivers
    env = _env(http, smtp)
    text = maintenance_text(start="2026-03-20T22:00:00Z", end="2026-03-20T23:00:00Z",
                            updates=[("2026-03-18T10:00:00Z", "scheduled")])
    root = notify_site(tmp_path, {MAINTENANCE_ID: text}, TARGETS[:1], reminder_minutes=30)
    assert notify(root, "2026-03-18T10:07:00Z", env=env).code == 0
    assert notify(root, "2026-03-20T21:07:00Z", env=env).code == 0  # not yet: 30 min before is 21:30
    statuspress(root, "2026-03-20T21:40:00Z", "update", MAINTENANCE_ID, "--status", "in_progress",
                "-m", "We are starting early.")
    # The reminder window has come, but the maintenance already began: no reminder.
    assert notify(root, "2026-03-20T21:45:00Z", env=env).code == 0
    statuspress(root, "2026-03-20T22:30:00Z", "update", MAINTENANCE_ID, "-m", "Half way.")
    statuspress(root, "2026-03-20T22:40:00Z", "update", MAINTENANCE_ID, "--status", "completed",
                "-m", "All done, ahead of time.")
    assert notify(root, "2026-03-20T22:41:00Z", env=env).code == 0
    assert _subjects(http) == [
        "[Acme] Scheduled maintenance: Database upgrade",
        "[Acme] Maintenance in progress: Database upgrade",
        "[Acme] Update: Database upgrade",
        "[Acme] Maintenance completed: Database upgrade",
    ]
    messages = [b["message"] for b in http.bodies("/hook")]
    assert "**In progress** (2026-03-20 21:40 UTC): We are starting early." in messages[1]
    assert "**Completed** (2026-03-20 22:40 UTC): All done, ahead of time." in messages[3]
    state = json.loads((root / "notify-state.json").read_text())
    assert sorted(state["targets"]["hook"]["events"]) == [
        f"{MAINTENANCE_ID}/completed", f"{MAINTENANCE_ID}/scheduled", f"{MAINTENANCE_ID}/started",
        f"{MAINTENANCE_ID}/update/3/2026-03-20T22:30:00Z",
    ]
