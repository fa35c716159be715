"""Nothing internal reaches a public notification target, in any byte; secrets from
``!ENV`` never reach the output, even in a dry run or an error.

The content is the planted-marker fixture of ``tests/test_public_only.py``: a unique
marker in every internal field (``internal:`` of an incident and of a maintenance,
every field of a draft, an internal and a public-but-draft postmortem) and hostile
HTML in every public text. Public targets (a JSON webhook, an SMTP server, a
Statuspage webhook) must receive no marker; an internal target does receive the
commander and the channel. Markdown that a receiver turns into HTML (the e-mail's
HTML part) must hold nothing executable.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.notify_site import notify, notify_site
from tests.support.receivers import HttpReceiver, SmtpReceiver, http_receiver, smtp_receiver
from tests.test_public_only import (
    DRAFT_PM,
    INCIDENT,
    INTERNAL_PM,
    MAINTENANCE,
    MARKERS,
    OPEN_INCIDENT,
    PUBLIC_DRAFT_PM,
    PUBLIC_PM,
    _executable,
)

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

TARGETS = [
    {"name": "public-hook", "url": "ENV:PUBLIC_URL"},
    {"name": "public-mail", "url": "ENV:MAIL_URL"},
    {"name": "statuspage", "type": "statuspage_webhook", "url": "ENV:SP_URL"},
    {"name": "team", "url": "ENV:TEAM_URL", "audience": "internal"},
]

#: As of these times every kind of event is due once (the maintenance runs 22:00-23:00 on the 25th).
RUNS = ("2026-03-20T12:00:00Z", "2026-03-25T21:30:00Z", "2026-03-26T00:00:00Z")


def _site(root: Path) -> Path:
    return notify_site(
        root,
        {"2026-03-14-api-errors": INCIDENT, "2026-03-20-web-down": OPEN_INCIDENT, "2026-03-25-db-upgrade": MAINTENANCE},
        TARGETS,
        postmortems={
            "2026-03-18-api-public": PUBLIC_PM, "2026-03-18-api-draft": DRAFT_PM,
            "2026-03-18-api-internal": INTERNAL_PM, "2026-03-21-web-public-draft": PUBLIC_DRAFT_PM,
        },
        baseline_hours=24 * 30,  # send the whole fixture, not only its last day
    )


@pytest.fixture(scope="module")
def delivered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[HttpReceiver, SmtpReceiver, list[str]]]:
    root = _site(tmp_path_factory.mktemp("notify-public"))
    with http_receiver() as http, smtp_receiver() as smtp:
        env = {"PUBLIC_URL": http.url("/public", "json"), "MAIL_URL": smtp.url(), "SP_URL": http.url("/sp"),
               "TEAM_URL": http.url("/team", "json")}
        outputs = [notify(root, RUNS[0], "--dry-run", env=env).stdout]
        for at in RUNS:
            run = notify(root, at, env=env)
            assert run.code == 0, run.output
            outputs.append(run.stdout)
        yield http, smtp, outputs


def test_every_kind_of_event_was_delivered(delivered: tuple[HttpReceiver, SmtpReceiver, list[str]]) -> None:
    http, smtp, _ = delivered
    kinds = sorted({r.json()["title"].split("] ")[1].split(":")[0] for r in http.requests if r.path == "/public"})
    assert kinds == [
        "Incident", "Maintenance completed", "Maintenance in progress", "Maintenance starts in 30 min",
        "Postmortem", "Resolved", "Scheduled maintenance", "Update",
    ]
    assert len(smtp.messages) == len(http.bodies("/public")) == len(http.bodies("/team")) == 9


def test_no_marker_reaches_a_public_target(delivered: tuple[HttpReceiver, SmtpReceiver, list[str]]) -> None:
    http, smtp, _ = delivered
    received = [r.body.decode("utf-8") for r in http.requests if r.path in ("/public", "/sp")]
    received += [m.as_string() for m in smtp.messages]
    assert len(received) > 20
    assert {marker for marker in MARKERS for text in received if marker in text} == set()


def test_the_internal_target_gets_the_internal_fields(
    delivered: tuple[HttpReceiver, SmtpReceiver, list[str]],
) -> None:
    http, _, _ = delivered
    team = "\n".join(body["message"] for body in http.bodies("/team"))
    assert "- **Incident commander:** Dana ZQXCOMMANDER" in team
    assert "- **Channel:** #inc-ZQXCHANNEL" in team
    # Internal targets get the same public events: no draft or internal postmortem.
    assert "ZQXDRAFTTITLE" not in team and "ZQXINTPMTITLE" not in team


def test_the_dry_run_shows_no_marker_for_public_targets(
    delivered: tuple[HttpReceiver, SmtpReceiver, list[str]],
) -> None:
    _, _, outputs = delivered
    blocks = outputs[0].split("\nwould send ")
    public = [b for b in blocks if " -> team " not in b.split("\n")[0]]
    assert len(public) > 10
    assert {marker for marker in MARKERS for block in public if marker in block} == set()


def test_nothing_executable_in_the_html_mail(delivered: tuple[HttpReceiver, SmtpReceiver, list[str]]) -> None:
    _, smtp, _ = delivered
    checked = 0
    for message in smtp.messages:
        html = message.get_body(("html",))
        if html is not None:
            assert _executable(str(html.get_content())) == [], message["Subject"]  # type: ignore[attr-defined]
            checked += 1
    assert checked == len(smtp.messages)


HOOK_SECRET = "T0KEN-abc123XYZsecret"
PATH_SECRET = "Zq9SECRETpath"


def test_secrets_from_env_are_never_printed(tmp_path: Path) -> None:
    root = notify_site(tmp_path, {"2026-03-20-web-down": OPEN_INCIDENT}, [
        {"name": "hook", "url": "ENV:HOOK_URL"},
        {"name": "mail", "url": "ENV:MAIL_URL"},
        {"name": "statuspage", "type": "statuspage_webhook", "url": "ENV:SP_URL"},
    ])
    with http_receiver() as http, smtp_receiver(password="s3cret-SMTP-pass") as smtp:
        env = {"HOOK_URL": http.url(f"/hook/{HOOK_SECRET}", "json"), "MAIL_URL": smtp.url(),
               "SP_URL": http.url(f"/sp/{PATH_SECRET}")}
        http.answers[f"/hook/{HOOK_SECRET}"] = [500]
        http.answers[f"/sp/{PATH_SECRET}"] = [302]
        runs = [
            notify(root, "2026-03-20T09:10:00Z", "--dry-run", env=env),
            notify(root, "2026-03-20T09:10:00Z", "--dry-run", "--format", "json", env=env),
            notify(root, "2026-03-20T09:10:00Z", env=env),  # the hook and the statuspage receiver fail
            notify(root, "2026-03-20T09:11:00Z", "--format", "json", env=env),
        ]
        # The hook: a 500, then 200; the statuspage receiver: a 302, then the incident and
        # its component change.
        assert len(http.requests) == 5
        assert len(smtp.messages) == 1 and smtp.logins == ["status"]
    assert [run.code for run in runs] == [0, 0, 1, 0]
    failures = [line for line in runs[2].stdout.splitlines() if line.startswith("FAILED")]
    assert failures[0].startswith("FAILED     2026-03-20-web-down/declared -> hook (json://****): ")
    assert failures[1] == ("FAILED     2026-03-20-web-down/declared -> statuspage (http://****): the receiver "
                           "answered HTTP 302 Found; it is sent on the next run")
    printed = "".join(run.output for run in runs) + (root / "notify-state.json").read_text()
    for secret in (HOOK_SECRET, PATH_SECRET, "s3cret-SMTP-pass", env["HOOK_URL"], env["SP_URL"]):
        assert secret not in printed


def test_an_unset_secret_is_reported_and_a_dry_run_still_works(tmp_path: Path) -> None:
    root = notify_site(tmp_path, {"2026-03-20-web-down": OPEN_INCIDENT}, [{"name": "slack", "url": "ENV:SLACK_URL"}])
    preview = notify(root, "2026-03-20T09:10:00Z", "--dry-run")
    assert preview.code == 0
    assert "would send 2026-03-20-web-down/declared -> slack (URL not set)" in preview.stdout
    assert ("note: target `slack` has no URL: its `url:` is empty or names an environment variable that is not "
            "set (in CI: add the repository secret and pass it to the notify step); nothing was sent to it") \
        in preview.stdout
    run = notify(root, "2026-03-20T09:10:00Z")
    assert run.code == 1
    assert run.stderr.startswith("error: target `slack` has no URL")
    assert not (root / "notify-state.json").exists() or "slack" not in (root / "notify-state.json").read_text()
