"""``statuspress notify`` and ``statuspress announce`` for a notice: posted once when it
is shown (its message), each update once, nothing when it ends; delivered to a real
JSON webhook, a real SMTP server and a Statuspage-format webhook on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.support.notify_site import notify, notify_site, statuspress
from tests.support.receivers import HttpReceiver, SmtpReceiver, http_receiver, smtp_receiver
from tests.support.sites import INTERNAL_MARKER

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

NOTICE_ID = "2026-03-14-new-dashboard"
NOTICE = f"""\
---
title: A new dashboard is coming
type: notice
pinned: true
started: 2026-03-14T09:00:00Z
ends: 2026-04-01T00:00:00Z
updates:
  - at: 2026-03-16T10:00:00Z
    message: The preview is open to **every** account.
internal:
  notes: {INTERNAL_MARKER}
---
The new dashboard arrives on **1 April**.
"""

TARGETS = [
    {"name": "hook", "url": "ENV:HOOK_URL"},
    {"name": "mail", "url": "ENV:MAIL_URL", "format": "text"},
    {"name": "statuspage", "type": "statuspage_webhook", "url": "ENV:STATUSPAGE_URL"},
]
URL = f"https://status.acme.test/incidents/{NOTICE_ID}/"


@pytest.fixture
def receivers() -> Iterator[tuple[HttpReceiver, SmtpReceiver]]:
    with http_receiver() as http, smtp_receiver() as smtp:
        yield http, smtp


def _plain(mail: EmailMessage) -> str:
    part = mail.get_body(("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")  # type: ignore[attr-defined]


def test_a_notice_is_sent_once_when_posted_and_once_per_update(
    tmp_path: Path, receivers: tuple[HttpReceiver, SmtpReceiver],
) -> None:
    http, smtp = receivers
    env = {"HOOK_URL": http.url("/hook", "json"), "MAIL_URL": smtp.url(), "STATUSPAGE_URL": http.url("/statuspage")}
    root = notify_site(tmp_path, {NOTICE_ID: NOTICE}, TARGETS)

    assert notify(root, "2026-03-14T08:59:00Z", env=env).stdout.splitlines()[-1].startswith("summary: 0 sent")
    posted = notify(root, "2026-03-14T09:05:00Z", env=env)
    assert posted.code == 0, posted.output
    assert [line.split()[1] for line in posted.stdout.splitlines() if line.startswith("sent")] == [
        f"{NOTICE_ID}/declared"] * 3
    assert http.bodies("/hook") == [{
        "version": "1.0",
        "title": "[Acme] Notice: A new dashboard is coming",
        "message": (
            "**A new dashboard is coming**\n\nThe new dashboard arrives on **1 April**.\n\n"
            "- **Shown:** from 2026-03-14 09:00 UTC until 2026-04-01 00:00 UTC\n\n"
            f"[View on the status page]({URL})"
        ),
        "attachments": [],
        "type": "info",
    }]
    [mail] = smtp.messages
    assert mail["Subject"] == "[Acme] Notice: A new dashboard is coming"
    assert _plain(mail) == (
        "A new dashboard is coming\n\nThe new dashboard arrives on 1 April.\n\n"
        "Shown: from 2026-03-14 09:00 UTC until 2026-04-01 00:00 UTC\n\n"
        f"Status page: {URL}\n"
    )
    [document] = http.bodies("/statuspage")  # no component moved: no component document
    incident = document["incident"]
    assert (incident["status"], incident["impact"], incident["components"]) == ("identified", "none", [])
    assert [u["body"] for u in incident["incident_updates"]] == ["The new dashboard arrives on 1 April."]

    update = notify(root, "2026-03-16T10:05:00Z", env=env)
    assert update.code == 0, update.output
    assert [b["title"] for b in http.bodies("/hook")] == [
        "[Acme] Notice: A new dashboard is coming", "[Acme] Update: A new dashboard is coming"]
    assert http.bodies("/hook")[1]["message"].startswith(
        "**A new dashboard is coming**\n\nThere is an update on this notice.\n\n"
        "**Update** (2026-03-16 10:00 UTC): The preview is open to **every** account.\n\n")

    # Its end is not news; and nothing internal ever left.
    ended = notify(root, "2026-04-02T00:00:00Z", env=env)
    assert ended.stdout.splitlines()[-1].startswith("summary: 0 sent"), ended.output
    sent = [str(b) for b in http.bodies("/hook") + http.bodies("/statuspage")] + [_plain(m) for m in smtp.messages]
    assert not any(INTERNAL_MARKER in body for body in sent)


def test_announce_a_notice(tmp_path: Path) -> None:
    root = notify_site(tmp_path, {NOTICE_ID: NOTICE}, [])
    run = statuspress(root, "2026-03-20T12:00:00Z", "announce", NOTICE_ID, "--template", "declared")
    assert run.code == 0, run.output
    assert run.stdout == (
        "[NOTICE] A new dashboard is coming\n\nThe new dashboard arrives on 1 April.\n\n"
        "Update (2026-03-16 10:00 UTC):\nThe preview is open to every account.\n\n"
        "Shown from 2026-03-14 09:00 UTC until 2026-04-01 00:00 UTC.\n"
        f"Status page: {URL}\n"
    )
    # A notice has one message whichever template is asked for; once ended, it says so.
    ended = statuspress(root, "2026-04-02T00:00:00Z", "announce", NOTICE_ID, "--template", "resolved",
                        "--format", "email")
    assert ended.code == 0, ended.output
    assert ended.stdout.startswith("Subject: [NOTICE] A new dashboard is coming\n\n")
    assert "Shown from 2026-03-14 09:00 UTC until 2026-04-01 00:00 UTC (ended).\n" in ended.stdout


def test_announce_a_notice_in_the_site_language(tmp_path: Path) -> None:
    root = notify_site(tmp_path, {NOTICE_ID: NOTICE}, [], theme={"language": "de"})
    text = statuspress(root, "2026-03-20T12:00:00Z", "announce", NOTICE_ID, "--template", "declared")
    assert text.code == 0, text.output
    assert text.stdout == (
        "[HINWEIS] A new dashboard is coming\n\nThe new dashboard arrives on 1 April.\n\n"
        "Aktualisierung (2026-03-16 10:00 UTC):\nThe preview is open to every account.\n\n"
        "Angezeigt von 2026-03-14 09:00 UTC bis 2026-04-01 00:00 UTC.\n"
        f"Statusseite: {URL}\n"
    )
    slack = statuspress(root, "2026-04-02T00:00:00Z", "announce", NOTICE_ID, "--template", "resolved",
                        "--format", "slack")
    assert slack.code == 0, slack.output
    assert "*Angezeigt:* 2026-03-14 09:00 UTC bis 2026-04-01 00:00 UTC (beendet)\n" in slack.stdout
    assert slack.stdout.endswith(f"<{URL}|Statusseite>\n")
