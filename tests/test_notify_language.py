"""Notifications speak the site's ``theme.language``, as its pages do: the words of
the templates and the texts composed for them (stages, durations), through real
SMTP and HTTP receivers on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.notify_site import notify, notify_site
from tests.support.receivers import HttpReceiver, SmtpReceiver
from tests.support.sites import incident_text, maintenance_text

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

DB = "2026-03-14-db-slow"
UPGRADE = "2026-03-14-database-upgrade"
SITE = {
    DB: incident_text(title="Slow database", started="2026-03-14T09:20:00Z", resolved="2026-03-14T09:50:00Z",
                      components="[db]"),
    UPGRADE: maintenance_text(start="2026-03-14T22:00:00Z", end="2026-03-14T23:00:00Z"),
}


def test_a_german_site_notifies_in_german(tmp_path: Path, http: HttpReceiver, smtp: SmtpReceiver) -> None:
    targets = [{"name": "mail", "url": "ENV:MAIL_URL", "format": "text"}, {"name": "hook", "url": "ENV:HOOK_URL"}]
    root = notify_site(tmp_path, SITE, targets, theme={"language": "de"})
    env = {"MAIL_URL": smtp.url(), "HOOK_URL": http.url("/hook", "json")}

    run = notify(root, "2026-03-14T21:10:00Z", env=env)

    assert run.code == 0, run.output
    mails = {m["Subject"]: m.get_content().replace("\r\n", "\n") for m in smtp.messages}
    assert sorted(mails) == [
        "[Acme] Behoben: Slow database",
        "[Acme] Geplante Wartung: Database upgrade",
        "[Acme] Störung: Slow database",
        "[Acme] Wartung beginnt in 50 Min.: Database upgrade",
    ]
    resolved = mails["[Acme] Behoben: Slow database"]
    assert resolved.startswith("Slow database\n\nDiese Störung ist behoben.\n")
    assert "\nBetroffen: Database\nBegonnen: 2026-03-14 09:20 UTC\nBehoben: 2026-03-14 09:50 UTC (30 Min.)\n" in resolved
    reminder = mails["[Acme] Wartung beginnt in 50 Min.: Database upgrade"]
    assert "Erinnerung: Diese Wartung beginnt in 50 Min., um 2026-03-14 22:00 UTC." in reminder
    assert "\nZeitfenster: 2026-03-14 22:00 UTC bis 2026-03-14 23:00 UTC\n" in reminder
    declared = http.bodies("/hook")[0]["message"]
    # The stage, impact and component status are the pages' German labels; the
    # update is sent as the team wrote it.
    assert declared == (
        "**Slow database**\n\n"
        "Wir wissen von dieser Störung und arbeiten daran.\n\n"
        "**Untersuchung** (2026-03-14 09:20 UTC): We are investigating.\n\n"
        "- **Auswirkung:** Erheblich\n"
        "- **Betroffen:** Database (Teilausfall)\n"
        "- **Begonnen:** 2026-03-14 09:20 UTC\n\n"
        "[Auf der Statusseite ansehen](https://status.acme.test/incidents/2026-03-14-db-slow/)"
    )
    # No English sentence of a template is left.
    for text in [*mails.values(), *(b["message"] for b in http.bodies("/hook"))]:
        assert "incident" not in text.lower().replace("/incidents/", "")
        assert "maintenance" not in text.lower()


def test_a_late_reminder_says_how_long_is_really_left(tmp_path: Path, http: HttpReceiver) -> None:
    # An hourly run sends the reminder up to an hour after it fell due (an hour before
    # the window): two minutes before the start, it says two minutes.
    root = notify_site(tmp_path, {UPGRADE: SITE[UPGRADE]}, [{"name": "hook", "url": "ENV:HOOK_URL"}])
    run = notify(root, "2026-03-14T21:58:00Z", env={"HOOK_URL": http.url("/hook", "json")})
    assert run.code == 0, run.output
    reminder = [b for b in http.bodies("/hook") if "starts in" in b["title"]]
    assert [b["title"] for b in reminder] == ["[Acme] Maintenance starts in 2 min: Database upgrade"]
    assert "Reminder: this maintenance starts in 2 min, at 2026-03-14 22:00 UTC." in reminder[0]["message"]
