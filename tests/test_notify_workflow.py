"""The publishing workflow keeps the notify state where a fresh CI clone finds it:
the `run:` scripts of publish.yml's notify job, run with bash against a real git
remote (a bare repository on disk), between real `statuspress notify` runs."""

from __future__ import annotations

import os
import subprocess
import sysconfig
from pathlib import Path
from typing import Any

import yaml

from tests.support.notify_site import notify_site, statuspress
from tests.support.receivers import HttpReceiver
from tests.support.sites import incident_text

ROOT = Path(__file__).resolve().parent.parent
BRANCH = "statuspress-notify-state"


def _job() -> dict[str, Any]:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    return workflow["jobs"]["notify"]  # type: ignore[no-any-return]


def _script(name: str) -> str:
    return next(step["run"] for step in _job()["steps"] if step.get("name") == name)


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _step(clone: Path, name: str, temp: Path, run_id: int) -> str:
    env = {**os.environ, **_job()["env"], "RUNNER_TEMP": str(temp), "GITHUB_RUN_ID": str(run_id)}
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", _script(name)], cwd=clone, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_state_survives_into_a_fresh_clone(tmp_path: Path, http: HttpReceiver) -> None:
    assert _job()["needs"] == "deploy"
    assert _job()["if"] == "${{ github.ref == 'refs/heads/main' }}"
    remote = tmp_path / "origin.git"
    _git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    work = notify_site(tmp_path / "work", {"2026-03-14-api-errors": incident_text(resolved=None)},
                       [{"name": "hook", "url": "ENV:HOOK_URL"}])
    for args in (("init", "--quiet", "--initial-branch=main"), ("add", "."),
                 ("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "site"),
                 ("push", "--quiet", str(remote), "main")):
        _git(work, *args)
    env = {"HOOK_URL": http.url("/hook", "json")}

    def ci_run(run_id: int, at: str) -> str:
        """One workflow run: a fresh shallow clone, fetch, notify, save."""
        clone, temp = tmp_path / f"clone{run_id}", tmp_path / f"temp{run_id}"
        temp.mkdir()
        _git(tmp_path, "clone", "--quiet", "--depth=1", f"file://{remote}", str(clone))
        fetched = _step(clone, "Fetch the delivery record", temp, run_id)
        run = statuspress(clone, at, "notify", "--state", str(temp / "notify-state.json"), env=env)
        assert run.code == 0, run.output
        return fetched + _step(clone, "Save the delivery record", temp, run_id)

    first = ci_run(1, "2026-03-14T09:10:00Z")
    assert "No statuspress-notify-state branch yet: this first run records a baseline" in first
    assert len(http.bodies("/hook")) == 1
    assert _git(remote, "log", "--format=%s", BRANCH).splitlines() == ["notify: deliveries of run 1"]
    assert _git(remote, "ls-tree", "--name-only", BRANCH).splitlines() == ["notify-state.json"]

    # The next run (another merge, or the hourly schedule) starts from that record.
    second = ci_run(2, "2026-03-14T09:20:00Z")
    assert "Nothing new to record" in second
    assert len(http.bodies("/hook")) == 1

    # A new update is sent once, and recorded on top of the first record.
    path = tmp_path / "clone3-src"
    _git(tmp_path, "clone", "--quiet", f"file://{remote}", str(path))
    assert statuspress(path, "2026-03-14T09:30:00Z", "update", "2026-03-14-api-errors",
                       "-m", "Still looking.").code == 0
    _git(path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-am", "update")
    _git(path, "push", "--quiet", "origin", "main")
    ci_run(3, "2026-03-14T09:31:00Z")
    ci_run(4, "2026-03-14T09:40:00Z")
    assert [b["title"] for b in http.bodies("/hook")] == ["[Acme] Incident: API errors", "[Acme] Update: API errors"]
    assert _git(remote, "log", "--format=%s", BRANCH).splitlines() == [
        "notify: deliveries of run 3", "notify: deliveries of run 1"]
    # The main branch never changes: the record lives on its own branch.
    assert _git(remote, "log", "--format=%s", "main").splitlines() == ["update", "site"]


def test_the_pull_request_preview_reads_the_record_and_sends_nothing(tmp_path: Path, http: HttpReceiver) -> None:
    remote = tmp_path / "origin.git"
    _git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    work = notify_site(tmp_path / "work", {"2026-03-14-api-errors": incident_text(resolved=None)},
                       [{"name": "slack", "url": "ENV:SLACK_WEBHOOK_URL"}])
    _git(work, "init", "--quiet", "--initial-branch=main")
    _git(work, "add", ".")
    _git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "site")
    _git(work, "remote", "add", "origin", f"file://{remote}")
    _git(work, "push", "--quiet", "origin", "main")
    temp = tmp_path / "temp"
    temp.mkdir()
    # main has delivered the declaration already.
    _step(work, "Fetch the delivery record", temp, 1)
    sent = statuspress(work, "2026-03-14T09:10:00Z", "notify", "--state", str(temp / "notify-state.json"),
                       env={"SLACK_WEBHOOK_URL": http.url("/hook", "json")})
    assert sent.code == 0, sent.output
    _step(work, "Save the delivery record", temp, 1)
    # The pull request adds an update; its preview shows that one message only.
    assert statuspress(work, "2026-03-14T09:30:00Z", "update", "2026-03-14-api-errors",
                       "-m", "We found the cause.").code == 0
    pr = yaml.safe_load((ROOT / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8"))
    script = next(step["run"] for step in pr["jobs"]["validate-and-build"]["steps"]
                  if step.get("name") == "Preview the notifications that merging would send")
    summary = tmp_path / "summary.md"
    pr_temp = tmp_path / "pr-temp"
    pr_temp.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "SLACK_WEBHOOK_URL"}
    # The `statuspress` this test runs under, as `pip install -e .` puts it on PATH in CI.
    env["PATH"] = os.pathsep.join([sysconfig.get_path("scripts"), env.get("PATH", "")])
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], cwd=work, capture_output=True, text=True, check=False,
        env={**env, "RUNNER_TEMP": str(pr_temp), "GITHUB_STEP_SUMMARY": str(summary),
             "SOURCE_DATE_EPOCH": "1773480600"},  # 2026-03-14T09:30:00Z
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = summary.read_text().splitlines()
    assert lines[:4] == ["## Notifications this pull request would send", "", "`````text",
                         "notify as of 2026-03-14 09:30 UTC (dry run: nothing is sent or recorded)"]
    assert [line for line in lines if line.startswith("would send")] == [
        "would send 2026-03-14-api-errors/update/2/2026-03-14T09:30:00Z -> slack (URL not set)"]
    assert "  Subject: [Acme] Update: API errors" in lines
    assert lines[-1] == "`````"
    assert len(http.bodies("/hook")) == 1


def test_an_unreadable_record_stops_the_job_instead_of_starting_a_new_baseline(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    _git(tmp_path, "init", "--quiet", str(clone))
    _git(clone, "remote", "add", "origin", f"file://{tmp_path / 'gone.git'}")
    env = {**os.environ, **_job()["env"], "RUNNER_TEMP": str(tmp_path), "GITHUB_RUN_ID": "1"}
    result = subprocess.run(["bash", "-e", "-c", _script("Fetch the delivery record")], cwd=clone, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "::error::Cannot read the statuspress-notify-state branch (git exit status 128); nothing is sent" \
        in result.stdout
    assert not (tmp_path / "notify-state.json").exists()
