"""``statuspress notify``: failures and retries, filters, the first-run baseline and
the dry run, against real receivers on 127.0.0.1."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from tests.support.notify_site import notify, notify_site
from tests.support.receivers import HttpReceiver, SmtpReceiver
from tests.support.sites import incident_text, maintenance_text

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

API = "2026-03-14-api-errors"
DB = "2026-03-14-db-slow"
INCIDENTS = {
    API: incident_text(started="2026-03-14T09:00:00Z", resolved=None, components="[api]"),
    DB: incident_text(title="Slow database", started="2026-03-14T09:20:00Z", resolved="2026-03-14T09:50:00Z",
                      components="[db]"),
}


def _sent(stdout: str) -> list[str]:
    return [f"{line.split()[1]} -> {line.split()[3]}" for line in stdout.splitlines() if line.startswith("sent")]


def test_a_500_is_retried_on_the_next_run_and_nothing_else_is_resent(
    tmp_path: Path, http: HttpReceiver, smtp: SmtpReceiver,
) -> None:
    targets = [
        {"name": "hook", "url": "ENV:HOOK_URL"},
        {"name": "mail", "url": "ENV:MAIL_URL"},
        {"name": "statuspage", "type": "statuspage_webhook", "url": "ENV:SP_URL"},
    ]
    root = notify_site(tmp_path, INCIDENTS, targets)
    env = {"HOOK_URL": http.url("/hook", "json"), "MAIL_URL": smtp.url(), "SP_URL": http.url("/sp")}
    # The JSON webhook fails on its second message; the Statuspage receiver on the
    # second document of its first event (the component change).
    http.answers["/hook"] = [200, 500]
    http.answers["/sp"] = [200, 500]

    first = notify(root, "2026-03-14T10:00:00Z", env=env)
    assert first.code == 1
    lines = first.stdout.splitlines()
    assert f"FAILED     {API}/declared -> statuspage (http://****): the receiver answered HTTP 500 " \
           "Internal Server Error; it is sent on the next run" in lines
    failed_hook = [line for line in lines if line.startswith("FAILED") and "-> hook" in line]
    assert failed_hook == [
        (f"FAILED     {DB}/declared -> hook (json://****): Failed to send JSON POST notification: "
        "Internal server error., error=500.; it is sent on the next run"),
    ]
    assert f"waiting    {DB}/resolved -> hook (json://****): waits for {DB}/declared, which failed" in lines
    assert lines[-1] == "summary: 4 sent, 2 failed, 3 waiting, 0 recorded as baseline, 0 already delivered"
    assert first.stderr == ("error: 5 deliveries did not happen (FAILED and waiting above); the next run sends "
                            "them, and nothing that was sent goes out twice\n")
    assert len(smtp.messages) == 3  # the mail target is not held up by the others

    second = notify(root, "2026-03-14T10:05:00Z", env=env)
    assert second.code == 0, second.output
    assert _sent(second.stdout) == [
        f"{DB}/declared -> hook", f"{DB}/resolved -> hook",
        f"{API}/declared -> statuspage", f"{DB}/declared -> statuspage", f"{DB}/resolved -> statuspage",
    ]
    assert [b["title"] for b in http.bodies("/hook")] == [
        "[Acme] Incident: API errors",
        "[Acme] Incident: Slow database",  # the 500
        "[Acme] Incident: Slow database",
        "[Acme] Resolved: Slow database",
    ]
    assert len(smtp.messages) == 3
    # The incident document of the failed event was accepted the first time: only the
    # component change is posted again.
    sp = http.bodies("/sp")
    assert [("incident" if "incident" in b else "component") for b in sp] == [
        "incident", "component", "component", "incident", "component", "incident", "component",
    ]
    assert notify(root, "2026-03-14T10:10:00Z", env=env).stdout.splitlines()[-1].startswith("summary: 0 sent")


def test_a_refused_connection_fails_and_is_not_recorded(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nobody listens there
    root = notify_site(tmp_path, {API: INCIDENTS[API]}, [
        {"name": "statuspage", "type": "statuspage_webhook", "url": "ENV:SP_URL"},
    ])
    run = notify(root, "2026-03-14T10:00:00Z", env={"SP_URL": f"http://127.0.0.1:{port}/sp"})
    assert run.code == 1
    assert f"FAILED     {API}/declared -> statuspage (http://****): cannot reach the receiver: " \
           "Connection refused; it is sent on the next run" in run.stdout
    state = json.loads((root / "notify-state.json").read_text())
    assert state["targets"]["statuspage"]["events"] == {}


def test_a_receiver_that_does_not_answer_in_time_fails(tmp_path: Path, http: HttpReceiver) -> None:
    root = notify_site(tmp_path, {API: INCIDENTS[API]}, [
        {"name": "statuspage", "type": "statuspage_webhook", "url": "ENV:SP_URL"},
    ], timeout_seconds=0.5)
    http.delays["/sp"] = [2.0]
    env = {"SP_URL": http.url("/sp")}
    run = notify(root, "2026-03-14T10:00:00Z", env=env)
    assert run.code == 1
    assert f"FAILED     {API}/declared -> statuspage (http://****): the receiver did not answer within 0.5 s; " \
           "it is sent on the next run" in run.stdout
    retry = notify(root, "2026-03-14T10:05:00Z", env=env)
    assert retry.code == 0, retry.output
    assert _sent(retry.stdout) == [f"{API}/declared -> statuspage"]


def test_component_and_event_filters(tmp_path: Path, http: HttpReceiver) -> None:
    maintenance = maintenance_text(start="2026-03-14T12:00:00Z", end="2026-03-14T13:00:00Z", components="[api]",
                                   updates=[("2026-03-14T09:30:00Z", "scheduled")])
    targets = [
        {"name": "db-team", "url": "ENV:DB_URL", "components": ["db"]},
        {"name": "closures", "url": "ENV:CLOSE_URL", "events": ["resolved", "completed"]},
        {"name": "api-maint", "url": "ENV:MAINT_URL", "components": ["api"], "events": ["scheduled"]},
    ]
    root = notify_site(tmp_path, {**INCIDENTS, "2026-03-14-api-upgrade": maintenance}, targets)
    env = {"DB_URL": http.url("/db", "json"), "CLOSE_URL": http.url("/close", "json"),
           "MAINT_URL": http.url("/maint", "json")}
    run = notify(root, "2026-03-14T10:00:00Z", env=env)
    assert run.code == 0, run.output
    assert [b["title"] for b in http.bodies("/db")] == [
        "[Acme] Incident: Slow database", "[Acme] Resolved: Slow database"]
    assert [b["title"] for b in http.bodies("/close")] == ["[Acme] Resolved: Slow database"]
    assert [b["title"] for b in http.bodies("/maint")] == ["[Acme] Scheduled maintenance: Database upgrade"]


def test_component_filter_naming_an_unknown_component_is_a_config_error(tmp_path: Path) -> None:
    root = notify_site(tmp_path, INCIDENTS, [{"name": "x", "url": "json://127.0.0.1/", "components": ["apx"]}])
    run = notify(root, "2026-03-14T10:00:00Z", "--dry-run")
    assert run.code == 1
    lines = (root / "mkdocs.yml").read_text().splitlines()
    assert lines[10].strip() == "notify:"
    assert run.stderr == (
        f"{root / 'mkdocs.yml'}:11: error: plugins.statuspress: `notify` target `x` filters on component `apx`, "
        "which is not declared; declared: api, web, db\n"
    )


OLD = {
    "2026-01-05-api-outage": incident_text(title="Old outage", started="2026-01-05T09:00:00Z",
                                           resolved="2026-01-05T10:00:00Z"),
    "2026-03-13-web-slow": incident_text(title="Yesterday", components="[web]", started="2026-03-13T12:00:00Z",
                                         resolved="2026-03-13T12:30:00Z"),
}


def test_first_run_records_old_events_as_baseline_and_sends_recent_ones(tmp_path: Path, http: HttpReceiver) -> None:
    root = notify_site(tmp_path, {**OLD, API: INCIDENTS[API]}, [{"name": "hook", "url": "ENV:HOOK_URL"}])
    env = {"HOOK_URL": http.url("/hook", "json")}
    state = root / "notify-state.json"

    preview = notify(root, "2026-03-14T09:30:00Z", "--dry-run", env=env)
    assert preview.code == 0, preview.output
    assert not state.exists()  # a dry run writes nothing
    assert http.requests == []  # and sends nothing
    lines = preview.stdout.splitlines()
    assert lines[:2] == [
        "notify as of 2026-03-14 09:30 UTC (dry run: nothing is sent or recorded)",
        (f"first run: {state} does not exist yet, so events before 2026-03-13 09:30 UTC are recorded "
        "without being sent"),
    ]
    assert [line for line in lines if line.startswith(("baseline", "would send"))] == [
        "would send 2026-03-13-web-slow/declared -> hook (json://****)",
        "would send 2026-03-13-web-slow/resolved -> hook (json://****)",
        f"would send {API}/declared -> hook (json://****)",
        "baseline   2 older events -> hook (json://****): would be recorded as sent without sending",
    ]
    assert "  Subject: [Acme] Resolved: Yesterday" in lines
    assert lines[-1] == "summary: 3 to send, 2 to record as baseline, 0 already delivered"

    run = notify(root, "2026-03-14T09:30:00Z", env=env)
    assert run.code == 0, run.output
    assert [b["title"] for b in http.bodies("/hook")] == [
        "[Acme] Incident: Yesterday", "[Acme] Resolved: Yesterday", "[Acme] Incident: API errors"]
    recorded = json.loads(state.read_text())["targets"]["hook"]
    assert recorded["since"] == "2026-03-14T09:30:00Z"
    assert {k: v["how"] for k, v in recorded["events"].items()} == {
        "2026-01-05-api-outage/declared": "baseline", "2026-01-05-api-outage/resolved": "baseline",
        "2026-03-13-web-slow/declared": "sent", "2026-03-13-web-slow/resolved": "sent",
        f"{API}/declared": "sent",
    }

    # A target added later gets its own baseline; the known one is not touched.
    root = notify_site(tmp_path, {**OLD, API: INCIDENTS[API]},
                       [{"name": "hook", "url": "ENV:HOOK_URL"}, {"name": "new", "url": "ENV:NEW_URL"}])
    later = notify(root, "2026-03-16T12:00:00Z", env={**env, "NEW_URL": http.url("/new", "json")})
    assert later.code == 0, later.output
    assert "first run" not in later.stdout
    assert http.bodies("/new") == [] and len(http.bodies("/hook")) == 3
    assert later.stdout.splitlines()[-1] == "summary: 0 sent, 0 failed, 0 waiting, 5 recorded as baseline, " \
                                            "5 already delivered"


def test_json_output(tmp_path: Path, http: HttpReceiver) -> None:
    root = notify_site(tmp_path, {API: INCIDENTS[API]}, [{"name": "hook", "url": "ENV:HOOK_URL"}])
    run = notify(root, "2026-03-14T09:30:00Z", "--dry-run", "--format", "json",
                 env={"HOOK_URL": http.url("/hook/abc123secret", "json")})
    assert run.code == 0, run.output
    report = json.loads(run.stdout)
    assert {k: report[k] for k in ("as_of", "dry_run", "first_run", "unusable_targets", "already_delivered")} == {
        "as_of": "2026-03-14T09:30:00Z", "dry_run": True, "first_run": True, "unusable_targets": {},
        "already_delivered": {"hook": 0},
    }
    [delivery] = report["deliveries"]
    assert {k: delivery[k] for k in ("event", "kind", "event_at", "target", "url", "audience", "result")} == {
        "event": f"{API}/declared", "kind": "declared", "event_at": "2026-03-14T09:00:00Z", "target": "hook",
        "url": "json://****", "audience": "public", "result": "would_send",
    }
    assert delivery["subject"] == "[Acme] Incident: API errors"
    assert delivery["text"].startswith("API errors\n\nWe are aware of this incident and are working on it.\n")


def test_a_state_file_that_is_not_one_is_refused(tmp_path: Path) -> None:
    root = notify_site(tmp_path, {API: INCIDENTS[API]}, [{"name": "hook", "url": "json://127.0.0.1:9/"}])
    (root / "notify-state.json").write_text("{\"targets\": []}")
    run = notify(root, "2026-03-14T09:30:00Z")
    assert run.code == 1
    assert run.stderr == (
        f"error: {root / 'notify-state.json'}: not a statuspress notify state file: it has no "
        "`\"version\": 1`. Nothing was sent. Restore it from its branch's history, or delete it: the next "
        "run then records a new baseline (recent events are sent again).\n"
    )


def test_templates_are_overridable_like_announce(tmp_path: Path, http: HttpReceiver) -> None:
    root = notify_site(tmp_path, {API: INCIDENTS[API]}, [{"name": "hook", "url": "ENV:HOOK_URL"}],
                       theme={"custom_dir": "overrides"})
    folder = root / "overrides" / "statuspress" / "notify"
    folder.mkdir(parents=True)
    (folder / "declared.md").write_text("Heads up: {{ a.title|md }} ({{ e.stage }}). {{ e.url }}\n")
    (folder / "subject.text").write_text("{{ site_name }} alert: {{ a.title }}\n")
    run = notify(root, "2026-03-14T09:30:00Z", env={"HOOK_URL": http.url("/hook", "json")})
    assert run.code == 0, run.output
    [body] = http.bodies("/hook")
    assert (body["title"], body["message"]) == (
        "Acme alert: API errors",
        f"Heads up: API errors (Investigating). https://status.acme.test/incidents/{API}/",
    )
