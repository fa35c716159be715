"""``statuspress update``: one more update, and not one byte more than it must change.

Every round-trip test compares the file before and after line by line (bytes, with
their line endings): the only differences allowed are the inserted lines, and the
``resolved:`` line for a final stage.
"""

from __future__ import annotations

import difflib
import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from statuspress.authoring import append_update
from statuspress.cli import cli
from statuspress.errors import AuthoringError
from statuspress.load import load_site_config
from statuspress.load.documents import read_document
from statuspress.model.incident import Incident
from tests.support.sites import load, maintenance_text, write_site

EPOCH = "1773479520"  # 2026-03-14T09:12:00Z
BOM = b"\xef\xbb\xbf"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": EPOCH}, catch_exceptions=False)


def changes(before: bytes, after: bytes) -> list[tuple[str, list[bytes], list[bytes]]]:
    """The non-equal opcodes between two files, as (tag, old lines, new lines)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [(tag, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def site_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes) -> Path:
    write_site(tmp_path)
    path = tmp_path / "incidents" / f"{name}.md"
    path.write_bytes(data)
    monkeypatch.chdir(tmp_path)
    return path


# Comments everywhere, keys out of the usual order, quoted values, an odd list
# indentation, a folded message whose text contains a "#", CRLF line endings and a BOM.
HAND_WRITTEN = BOM + "\r\n".join([
    "---",
    "# Incident file, edited by hand during the incident",
    "severity: 'SEV2'          # severity first, on purpose",
    'title: "API errors: EU"',
    "components: {api: partial_outage}",
    'started: "2026-03-14T09:02:00Z"',
    "detected: 2026-03-14T10:07:00+01:00   # local time",
    "updates:",
    "    -   at: 2026-03-14T09:12:00Z",
    "        status: investigating",
    "        message: >-",
    "          We are investigating errors",
    "          # in the EU region (this line is message text)",
    "",
    "        # the next update was drafted in chat",
    "    -   message: 'Still looking.'",
    "        at: 2026-03-14T09:40:00Z",
    "        # a comment that belongs to the second update",
    "",
    "# --- responders ---",
    "internal:",
    "  commander: Dana Ortiz   # IC",
    "---",
    "Public description.",
    "",
]).encode("utf-8")


def test_update_inserts_only_the_new_item_and_keeps_every_other_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = site_with(tmp_path, monkeypatch, "2026-03-14-api", HAND_WRITTEN)
    result = run("update", "2026-03-14-api", "--status", "identified", "-m", "Root cause: a bad deploy.",
                 "--at", "2026-03-14T09:50:00Z")
    assert result.exit_code == 0, result.output
    assert result.stdout == "incidents/2026-03-14-api.md\n"
    assert result.stderr == "added: Identified at 2026-03-14 09:50 UTC\n"
    after = path.read_bytes()
    assert after.startswith(BOM + b"---\r\n")
    assert changes(HAND_WRITTEN, after) == [("insert", [], [
        b"    -   at: 2026-03-14T09:50:00Z\r\n",
        b"        status: identified\r\n",
        b'        message: "Root cause: a bad deploy."\r\n',
    ])]
    # It lands after the comment that belongs to the last update, before the blank line.
    lines = after.split(b"\r\n")
    assert lines[17:21] == [
        b"        # a comment that belongs to the second update",
        b"    -   at: 2026-03-14T09:50:00Z",
        b"        status: identified",
        b'        message: "Root cause: a bad deploy."',
    ]
    (incident,) = load(tmp_path).incidents
    assert [(u.status, u.message) for u in incident.updates] == [
        ("investigating", "We are investigating errors # in the EU region (this line is message text)"),
        (None, "Still looking."),
        ("identified", "Root cause: a bad deploy."),
    ]


def test_resolving_inserts_resolved_after_the_last_timestamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = site_with(tmp_path, monkeypatch, "2026-03-14-api", HAND_WRITTEN)
    result = run("update", "incidents/2026-03-14-api.md", "--status", "resolved",
                 "-m", "Error rates are back to normal.\nWe will publish a postmortem.",
                 "--at", "2026-03-14T11:15:00+01:00")
    assert result.exit_code == 0, result.output
    assert result.stderr == "added: Resolved at 2026-03-14 10:15 UTC; resolved: 2026-03-14 10:15 UTC\n"
    after = path.read_bytes()
    assert changes(HAND_WRITTEN, after) == [
        ("insert", [], [b"resolved: 2026-03-14T10:15:00Z\r\n"]),
        ("insert", [], [
            b"    -   at: 2026-03-14T10:15:00Z\r\n",
            b"        status: resolved\r\n",
            b"        message: |\r\n",
            b"          Error rates are back to normal.\r\n",
            b"          We will publish a postmortem.\r\n",
        ]),
    ]
    assert after.split(b"\r\n")[6:8] == [b"detected: 2026-03-14T10:07:00+01:00   # local time",
                                         b"resolved: 2026-03-14T10:15:00Z"]
    site = load(tmp_path)
    assert site.problems == []
    (incident,) = site.incidents
    assert not incident.is_open and incident.stage == "resolved"


def test_an_empty_resolved_key_is_filled_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (
        b"---\ntitle: API errors\nseverity: SEV3\ncomponents: [api]\nstarted: 2026-03-14T09:00:00Z\n"
        b"resolved:            # when it is over\n"
        b"updates:\n  - at: 2026-03-14T09:05:00Z\n    status: investigating\n    message: Looking.\n---\n"
    )
    path = site_with(tmp_path, monkeypatch, "2026-03-14-api", before)
    assert run("update", "2026-03-14-api", "-s", "resolved", "-m", "Fixed.").exit_code == 0
    assert changes(before, path.read_bytes()) == [
        ("replace", [b"resolved:            # when it is over\n"],
         [b"resolved: 2026-03-14T09:12:00Z            # when it is over\n"]),
        ("insert", [], [b"  - at: 2026-03-14T09:12:00Z\n", b"    status: resolved\n", b"    message: Fixed.\n"]),
    ]
    assert load(tmp_path).problems == []


@pytest.mark.parametrize(("updates", "expected"), [
    # no `updates:` at all: created at the end of the front-matter
    ("", "updates:\n  - at: 2026-03-14T09:12:00Z\n    message: Still investigating.\n"),
    # an empty flow list: the `[]` goes, the comment stays
    ("updates: []   # none yet\n",
     "updates:   # none yet\n  - at: 2026-03-14T09:12:00Z\n    message: Still investigating.\n"),
    # items at the key's own indentation ("indentless" lists) keep that style
    ("updates:\n- at: 2026-03-14T09:05:00Z\n  message: Looking.\n",
     "updates:\n- at: 2026-03-14T09:05:00Z\n  message: Looking.\n"
     "- at: 2026-03-14T09:12:00Z\n  message: Still investigating.\n"),
])
def test_updates_block_shapes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, updates: str, expected: str) -> None:
    head = "---\ntitle: API errors\nseverity: SEV3\ncomponents: [api]\nstarted: 2026-03-14T09:00:00Z\n"
    path = site_with(tmp_path, monkeypatch, "2026-03-14-api", f"{head}{updates}---\nBody.\n".encode())
    result = run("update", "2026-03-14-api", "-m", "Still investigating.")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == f"{head}{expected}---\nBody.\n"
    assert load(tmp_path).problems == []


def test_a_flow_style_list_of_updates_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("---\ntitle: API errors\nseverity: SEV3\ncomponents: [api]\nstarted: 2026-03-14T09:00:00Z\n"
            "updates: [{at: 2026-03-14T09:05:00Z, message: Looking.}]\n---\n")
    path = site_with(tmp_path, monkeypatch, "2026-03-14-api", text.encode())
    result = run("update", "2026-03-14-api", "-m", "Still investigating.")
    assert (result.exit_code, result.stderr) == (2, (
        "error: `updates` is written in flow style (`[...]`); rewrite it as a list of `- at:` items "
        "to use `statuspress update`\n"))
    assert path.read_text(encoding="utf-8") == text


def test_an_aliased_last_message_does_not_move_the_insertion_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = (
        b"---\ntitle: API errors\nseverity: SEV3\ncomponents: [api]\nstarted: 2026-03-14T09:00:00Z\n"
        b"updates:\n  - at: 2026-03-14T09:01:00Z\n    message: &same We are looking into it.\n"
        b"  - at: 2026-03-14T09:05:00Z\n    message: *same\ninternal:\n  notes: x\n---\n"
    )
    path = site_with(tmp_path, monkeypatch, "2026-03-14-api", before)
    assert run("update", "2026-03-14-api", "-m", "Found it.").exit_code == 0
    assert changes(before, path.read_bytes()) == [
        ("insert", [], [b"  - at: 2026-03-14T09:12:00Z\n", b"    message: Found it.\n"]),
    ]
    assert path.read_bytes().split(b"\n")[9:12] == [
        b"    message: *same", b"  - at: 2026-03-14T09:12:00Z", b"    message: Found it."]


def test_maintenance_stages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = maintenance_text(start="2026-03-14T08:00:00Z", end="2026-03-14T10:00:00Z",
                            updates=[("2026-03-13T12:00:00Z", "scheduled")])
    path = site_with(tmp_path, monkeypatch, "2026-03-14-db", text.encode())
    wrong = run("update", "2026-03-14-db", "-s", "resolved", "-m", "Done.")
    assert (wrong.exit_code, wrong.stderr) == (
        2, "error: `resolved` is not a stage of maintenance; allowed: scheduled, in_progress, verifying, completed\n")
    assert run("update", "2026-03-14-db", "-s", "in progress", "-m", "Started.",
               "--at", "2026-03-14T08:00:00Z").exit_code == 0
    assert run("update", "2026-03-14-db", "-s", "completed", "-m", "Done.").exit_code == 0
    site = load(tmp_path)
    assert site.problems == []
    (maintenance,) = site.incidents
    assert [u.status for u in maintenance.updates] == ["scheduled", "in_progress", "completed"]
    assert maintenance.resolved is not None and maintenance.resolved.isoformat() == "2026-03-14T09:12:00+00:00"
    assert "resolved: 2026-03-14T09:12:00Z\n" in path.read_text(encoding="utf-8")


OPEN_INCIDENT = (
    "---\ntitle: API errors\nseverity: SEV2\ncomponents: [api]\nstarted: 2026-03-14T08:00:00Z\n"
    "mitigated: 2026-03-14T10:30:00Z\n"
    "updates:\n  - at: 2026-03-14T08:10:00Z\n    status: investigating\n    message: Looking.\n"
    "  - at: 2026-03-14T08:40:00Z\n    status: identified\n    message: Found it.\n---\n"
)


@pytest.mark.parametrize(("args", "message"), [
    (["2026-03-14-api", "-m", "x", "--at", "2026-03-14T08:30:00Z"],
     "error: --at 2026-03-14 08:30 UTC is before the last update (2026-03-14 08:40 UTC); updates are listed oldest first"),
    (["2026-03-14-apx", "-m", "x"],
     "error: ID: no incident `2026-03-14-apx` in incidents/ (did you mean `2026-03-14-api`?)"),
    (["2026-03-14-api", "-s", "fixed", "-m", "x"],
     "error: `fixed` is not a stage of an incident; allowed: investigating, identified, monitoring, resolved"),
    (["2026-03-14-api", "-s", "identifed", "-m", "x"],
     "error: `identifed` is not a stage of an incident (did you mean `identified`?); "
     "allowed: investigating, identified, monitoring, resolved"),
    (["2026-03-14-api", "-s", "monitoring"],
     "error: --message: say what customers should know, e.g. --message \"We found the cause.\""),
    (["2026-03-14-api", "-m", "x", "--at", "2026-03-14"],
     "error: --at: 2026-03-14 is a date without a time; write the time with its offset, like 2026-03-14T09:12:00Z"),
])
def test_wrong_arguments_change_nothing_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str,
) -> None:
    path = site_with(tmp_path, monkeypatch, "2026-03-14-api", OPEN_INCIDENT.encode())
    result = run("update", *args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message + "\n", "")
    assert path.read_bytes() == OPEN_INCIDENT.encode()


def test_an_invalid_result_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = site_with(tmp_path, monkeypatch, "2026-03-14-api", OPEN_INCIDENT.encode())
    result = subprocess.run(
        [sys.executable, "-m", "statuspress", "update", "2026-03-14-api", "--status", "resolved",
         "-m", "Fixed.", "--at", "2026-03-14T10:15:00Z"],
        cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: nothing was written to incidents/2026-03-14-api.md; the result would have these problems:",
        "incidents/2026-03-14-api.md:7: error: `resolved` (2026-03-14 10:15 UTC) is before `mitigated` "
        "(2026-03-14 10:30 UTC); times must not run backwards: started ≤ detected ≤ acknowledged ≤ mitigated ≤ resolved",
    ]
    assert path.read_bytes() == OPEN_INCIDENT.encode()
    assert sorted(p.name for p in path.parent.iterdir()) == ["2026-03-14-api.md"]  # no temporary file left


@pytest.mark.parametrize(("text", "problem"), [
    (OPEN_INCIDENT.replace("components: [api]", "components: [apj]"),
     "incidents/2026-03-14-api.md:4: error: `components` names `apj`, which is not declared in the site config "
     "(did you mean `api`?); declared components: api, web, db"),
    (OPEN_INCIDENT.replace("title: API errors", "title: API errors: EU"),
     "incidents/2026-03-14-api.md:2: error: invalid YAML: the value of `title` holds `: `, which YAML reads as "
     "the start of another key; put the whole value in quotes (`title: \"API errors: EU\"`)"),
])
def test_a_file_with_errors_is_not_touched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, problem: str,
) -> None:
    path = site_with(tmp_path, monkeypatch, "2026-03-14-api", text.encode())
    result = subprocess.run(
        [sys.executable, "-m", "statuspress", "update", "2026-03-14-api", "-m", "Still on it."],
        cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, check=False,
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "error: incidents/2026-03-14-api.md has problems already; fix them first (nothing was written):",
        problem,
    ]
    assert path.read_text(encoding="utf-8") == text


def test_monitoring_does_not_set_mitigated_but_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = OPEN_INCIDENT.replace("mitigated: 2026-03-14T10:30:00Z\n", "")
    path = site_with(tmp_path, monkeypatch, "2026-03-14-api", text.encode())
    result = run("update", "2026-03-14-api", "-s", "monitoring", "-m", "A fix is deployed.")
    assert result.exit_code == 0
    assert result.stderr == (
        "added: Monitoring at 2026-03-14 09:12 UTC\n"
        "hint: `mitigated` is not set: add it when you know when customer impact stopped\n"
    )
    (incident,) = load(tmp_path).incidents
    assert incident.mitigated is None and incident.stage == "monitoring"
    assert "mitigated" not in path.read_text(encoding="utf-8")


def test_a_resolved_incident_takes_no_more_updates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = site_with(tmp_path, monkeypatch, "2026-03-14-api", OPEN_INCIDENT.encode())
    assert run("update", "2026-03-14-api", "-s", "resolved", "-m", "Fixed.", "--at", "2026-03-14T11:00:00Z").exit_code == 0
    before = path.read_bytes()
    again = run("update", "2026-03-14-api", "-m", "One more thing.", "--at", "2026-03-14T11:30:00Z")
    assert (again.exit_code, again.stderr) == (2, (
        "error: `2026-03-14-api` was already resolved at 2026-03-14 11:00 UTC; an update cannot follow the final "
        "one (to reopen it, remove `resolved:` and the final `resolved` update)\n"))
    assert path.read_bytes() == before


def test_the_file_keeps_its_permissions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = site_with(tmp_path, monkeypatch, "2026-03-14-api", OPEN_INCIDENT.encode())
    path.chmod(0o640)
    assert run("update", "2026-03-14-api", "-m", "Still on it.").exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_walkthrough_new_update_resolve_postmortem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What an on-call engineer types, start to finish; the site stays valid throughout."""
    write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    new = run("new", "incident", "Checkout errors", "-s", "SEV2", "-c", "web,api", "--at", "2026-03-14T08:55:00Z")
    incident_id = Path(new.stdout.strip()).stem
    for args in (
        ["-s", "identified", "-m", "A database failover caused the errors.", "--at", "2026-03-14T09:20:00Z"],
        ["-m", "Most requests succeed again.", "--at", "2026-03-14T09:40:00Z"],
        ["-s", "monitoring", "-m", "All requests succeed; we are watching.", "--at", "2026-03-14T09:50:00Z"],
        ["-s", "resolved", "-m", "Resolved.", "--at", "2026-03-14T10:30:00Z"],
    ):
        assert run("update", incident_id, *args).exit_code == 0
        assert load(tmp_path).problems == []
    assert run("new", "postmortem", incident_id).exit_code == 0
    site = load(tmp_path)
    assert site.problems == []
    (incident,) = site.incidents
    assert [u.status for u in incident.updates] == ["investigating", "identified", None, "monitoring", "resolved"]
    assert incident.resolved == incident.updates[-1].at
    assert site.postmortems_by_incident[incident_id][0].id == incident_id


REPOSITORY = Path(__file__).resolve().parent.parent


def test_the_example_site_s_incidents_round_trip() -> None:
    """On the repository's own hand-written incidents: an open one takes an update and
    a resolution with nothing but insertions (and the `resolved:` line); a resolved
    one refuses more updates."""
    config = load_site_config(REPOSITORY / "mkdocs.yml")
    paths = sorted((REPOSITORY / config.incidents_dir).glob("*.md"))
    assert paths, "the example site has no incidents"
    opened = 0
    for path in paths:
        raw = path.read_bytes()
        incident, problems = read_document(path, path.name, Incident)
        assert incident is not None, problems
        last = incident.updates[-1].at if incident.updates else incident.start
        assert last is not None
        at = last + timedelta(minutes=5)
        if incident.resolved is not None:
            with pytest.raises(AuthoringError, match="already"):
                append_update(raw, path.name, path.stem, config, at=at, message="More.")
            continue
        if incident.is_notice:  # plain updates only: a notice has no stages
            result = append_update(raw, path.name, path.stem, config, at=at, message="More.")
            assert {tag for tag, _, _ in changes(raw, result.data)} == {"insert"}
            with pytest.raises(AuthoringError, match="no stages"):
                append_update(raw, path.name, path.stem, config, at=at, message="More.", status="resolved")
            continue
        opened += 1
        final = "completed" if incident.is_maintenance else "resolved"
        for status in (None, final):
            result = append_update(raw, path.name, path.stem, config, at=at, message="Line: one\n\n- two",
                                   status=status)
            assert {tag for tag, _, _ in changes(raw, result.data)} == {"insert"}
            inserted = [line for _, _, new in changes(raw, result.data) for line in new]
            assert len(inserted) == (7 if status else 5)
            assert result.incident.updates[-1].message == "Line: one\n\n- two\n"
            assert (result.incident.resolved == at) is (status == final)
    assert opened >= 1


@pytest.mark.parametrize("command", [["init"], ["new"], ["new", "incident"], ["new", "maintenance"],
                                     ["new", "notice"], ["new", "postmortem"], ["update"]])
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    examples = result.stdout.split("Examples:\n", 1)[1]
    assert examples.lstrip().startswith("statuspress " + command[0])
