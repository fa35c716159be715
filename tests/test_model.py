"""The file format is the front-matter models: one per `type`, frozen, joined on
`type`; the loaded objects wrap them; the schema and docs/format.md say the same."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, get_args

import jsonschema
import pydantic
import pytest
import yaml
from click.testing import CliRunner
from jsonschema.exceptions import best_match

from statuspress.cli import cli
from statuspress.load.documents import parse_document
from statuspress.model import Incident
from statuspress.model.incident_file import FRONT_MODELS, IncidentUpdate, MaintenanceUpdate, NoticeUpdate
from statuspress.model.postmortem_file import ActionItem, PostmortemFront
from statuspress.model.values import INCIDENT_STAGES, INCIDENT_TYPES, MAINTENANCE_STAGES
from tests.support.sites import load, write_site

ROOT = Path(__file__).resolve().parents[1]


def _errors(tmp_path: Path, text: str, name: str = "2026-05-01-n") -> list[str]:
    write_site(tmp_path, incidents={name: text})
    return [p.format() for p in load(tmp_path).problems]


NOTICE = """
    ---
    title: New status page address
    type: notice
    started: 2026-05-01T09:00:00Z
    ends: 2026-05-08T09:00:00Z
    pinned: true
    updates:
      - at: 2026-05-02T10:00:00Z
        message: The old address now redirects.
    internal:
      owner: comms
    ---
    Our status page moves to status.acme.test.
"""


def test_a_notice_loads_with_its_own_api(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={"2026-05-01-address": NOTICE})
    site = load(tmp_path)
    assert site.problems == []
    (notice,) = site.incidents
    assert (notice.type, notice.is_notice, notice.is_maintenance, notice.pinned) == ("notice", True, False, True)
    assert notice.title == "New status page address"
    assert notice.start == notice.started == datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc)
    assert notice.ends == datetime(2026, 5, 8, 9, 0, tzinfo=timezone.utc)
    assert (notice.stage, notice.stages, notice.is_open) == ("posted", (), False)
    assert notice.sort_key == (notice.start, "2026-05-01-address")
    assert (notice.severity, notice.impact, notice.components, notice.affected) == (None, "none", {}, {})
    assert (notice.resolved, notice.scheduled_start, notice.scheduled_end, notice.detected) == (None, None, None, None)
    assert [(u.at.hour, u.status, u.components, u.message) for u in notice.updates] == [
        (10, None, {}, "The old address now redirects.")]
    assert notice.internal == {"owner": "comms"}
    assert notice.body == "Our status page moves to status.acme.test.\n"
    assert notice.src.line("ends") == 5


def test_a_notice_without_ends_is_open_and_not_pinned(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={"2026-05-01-n": "---\ntitle: Hello\ntype: notice\nstarted: 2026-05-01T09:00:00Z\n---\n"})
    (notice,) = load(tmp_path).incidents
    assert (notice.ends, notice.is_open, notice.pinned, notice.updates) == (None, True, False, [])


def test_the_other_types_read_as_none_for_notice_keys(tmp_path: Path) -> None:
    raw = b"---\ntitle: X\nseverity: SEV2\nstarted: 2026-01-01T00:00:00Z\n---\n"
    incident, problems = parse_document(raw, "x.md", "x", Incident)
    assert problems == [] and incident is not None
    assert (incident.is_notice, incident.pinned, incident.ends, incident.stages) == (
        False, False, None, INCIDENT_STAGES)


@pytest.mark.parametrize(("lines", "expected"), [
    ("components: [api]",
     "incidents/2026-05-01-n.md:5: error: `components`: a notice affects no component; make it an incident "
     "(`type: incident`) to show impact"),
    ("severity: SEV2",
     "incidents/2026-05-01-n.md:5: error: `severity`: a notice affects no component and counts no downtime; "
     "make it an incident (`type: incident`) to rate its severity"),
    ("impact: major",
     "incidents/2026-05-01-n.md:5: error: `impact`: a notice affects no component and counts no downtime; "
     "make it an incident (`type: incident`) to show impact"),
    ("mitigated: 2026-05-01T10:00:00Z",
     "incidents/2026-05-01-n.md:5: error: `mitigated`: a notice has no response times; make it an incident "
     "(`type: incident`) to record them"),
    ("resolved: 2026-05-01T10:00:00Z",
     "incidents/2026-05-01-n.md:5: error: `resolved`: a notice is not resolved; set `ends` to when it stops "
     "being shown, or remove the file"),
    ("scheduled_end: 2026-05-01T10:00:00Z",
     "incidents/2026-05-01-n.md:5: error: `scheduled_end`: a notice has no window; it is shown from `started` "
     "until `ends` (planned work is `type: maintenance`)"),
    ("updates:\n  - at: 2026-05-01T10:00:00Z\n    status: resolved\n    message: Done.",
     "incidents/2026-05-01-n.md:7: error: `updates[0].status`: a notice has no stages; leave `status` out "
     "(only incidents and maintenance have stages)"),
    ("updates:\n  - at: 2026-05-01T10:00:00Z\n    message: Moved.\n    components:\n      api: operational",
     "incidents/2026-05-01-n.md:8: error: `updates[0].components`: a notice affects no component; leave "
     "`components` out, or make it an incident (`type: incident`) to show impact"),
    ("ends: 2026-05-01T08:00:00Z",
     "incidents/2026-05-01-n.md:5: error: `ends` (2026-05-01 08:00 UTC) must be after `started` "
     "(2026-05-01 09:00 UTC); a notice stops being shown after it is posted"),
    # (Found by a trial: the JSON then said it was resolved two days before its update.)
    ("ends: 2026-05-02T09:00:00Z\nupdates:\n  - at: 2026-05-02T09:00:00Z\n    message: Last word.\n"
     "  - at: 2026-05-03T10:00:00Z\n    message: Too late.",
     "incidents/2026-05-01-n.md:9: error: `updates[1].at` (2026-05-03 10:00 UTC) is after `ends` (2026-05-02 "
     "09:00 UTC): the notice is no longer shown then; move `ends` to the update's time or later, or remove the "
     "update"),
])
def test_a_notice_refuses_what_only_incidents_have(tmp_path: Path, lines: str, expected: str) -> None:
    text = f"---\ntitle: Hello\ntype: notice\nstarted: 2026-05-01T09:00:00Z\n{lines}\n---\n"
    assert _errors(tmp_path, text) == [expected]


def test_a_notice_needs_started_and_an_unknown_type_names_the_types(tmp_path: Path) -> None:
    assert _errors(tmp_path, "---\ntitle: Hello\ntype: notice\n---\n") == [
        "incidents/2026-05-01-n.md:1: error: `started` is required for a notice: when it is first shown, e.g. `started: 2026-03-14T09:00:00Z`"]
    assert _errors(tmp_path, "---\ntitle: Hello\ntype: notise\n---\n") == [
        "incidents/2026-05-01-n.md:3: error: `type` is `notise`; allowed: incident, maintenance, notice "
        "(did you mean `notice`?)"]
    assert _errors(tmp_path, "---\ntitle: Hello\ntype: [a]\n---\n") == [
        "incidents/2026-05-01-n.md:3: error: `type` is a list; allowed: incident, maintenance, notice"]


def test_a_maintenance_refuses_response_times(tmp_path: Path) -> None:
    text = ("---\ntitle: DB\ntype: maintenance\nscheduled_start: 2026-05-01T22:00:00Z\n"
            "scheduled_end: 2026-05-01T23:00:00Z\nstarted: 2026-05-01T22:00:00Z\n---\n")
    assert _errors(tmp_path, text) == [
        "incidents/2026-05-01-n.md:6: error: `started`: a maintenance is planned and runs from `scheduled_start` "
        "to `scheduled_end`; unplanned impact is an incident (`type: incident`)"]


def test_a_refused_key_is_not_read_as_a_typo(tmp_path: Path) -> None:
    """`scheduled_start` resembles `started`; in a notice it is refused, and not also
    checked as if it were a misspelt `started`."""
    text = "---\ntitle: Hello\ntype: notice\nscheduled_start: 2026-05-01T09:00:00Z\n---\n"
    assert _errors(tmp_path, text) == [
        "incidents/2026-05-01-n.md:1: error: `started` is required for a notice: when it is first shown, e.g. `started: 2026-03-14T09:00:00Z`",
        "incidents/2026-05-01-n.md:4: error: `scheduled_start`: a notice has no window; it is shown from "
        "`started` until `ends` (planned work is `type: maintenance`)",
    ]


def test_front_matter_and_loaded_objects_are_frozen(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={"2026-05-01-address": NOTICE})
    (notice,) = load(tmp_path).incidents
    with pytest.raises(pydantic.ValidationError, match="frozen"):
        notice.front.title = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        notice.id = "x"  # type: ignore[misc]


def test_enumerations_are_derived_from_the_models() -> None:
    assert tuple(FRONT_MODELS) == INCIDENT_TYPES == ("incident", "maintenance", "notice")
    assert get_args(IncidentUpdate.model_fields["status"].annotation)[0].__args__ == INCIDENT_STAGES
    assert get_args(MaintenanceUpdate.model_fields["status"].annotation)[0].__args__ == MAINTENANCE_STAGES
    assert "status" not in NoticeUpdate.model_fields


# --- statuspress schema ---------------------------------------------------------------


def _schema(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["schema", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_the_incident_schema_states_each_types_required_keys_and_stages() -> None:
    schema = _schema("--kind", "incident")
    defs = schema["$defs"]
    branches = {}
    # `if` the file has a type `then` that type's model; a missing `type` is an incident.
    assert [rule["if"] for rule in schema["allOf"]] == [
        {"properties": {"type": {"const": "incident"}}},
        {"properties": {"type": {"const": "maintenance"}}, "required": ["type"]},
        {"properties": {"type": {"const": "notice"}}, "required": ["type"]},
    ]
    assert schema["properties"]["type"]["enum"] == ["incident", "maintenance", "notice"]
    for rule in schema["allOf"]:
        branch = defs[rule["then"]["$ref"].removeprefix("#/$defs/")]
        branches[branch["properties"]["type"]["const"]] = branch
    assert {kind: b["required"] for kind, b in branches.items()} == {
        "incident": ["title", "severity", "started"],
        "maintenance": ["type", "title", "scheduled_start", "scheduled_end"],
        "notice": ["type", "title", "started"],
    }
    assert schema["discriminator"] == {"propertyName": "type", "mapping": {
        "incident": "#/$defs/IncidentFront", "maintenance": "#/$defs/MaintenanceFront",
        "notice": "#/$defs/NoticeFront"}}

    def stages(kind: str) -> list[str] | None:
        update = defs[branches[kind]["properties"]["updates"]["items"]["$ref"].removeprefix("#/$defs/")]
        status = update["properties"].get("status")
        return None if status is None else status["anyOf"][0]["enum"]

    assert stages("incident") == ["investigating", "identified", "monitoring", "resolved"]
    assert stages("maintenance") == ["scheduled", "in_progress", "verifying", "completed"]
    assert stages("notice") is None
    assert branches["incident"]["properties"]["type"]["default"] == "incident"
    assert branches["notice"]["properties"]["pinned"] == {
        "default": False, "description": "Shown at the top of the status page.", "title": "Pinned",
        "type": "boolean"}


def _front_matter(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    # As an editor's YAML plugin sees it: times and dates are strings.
    return json.loads(json.dumps(data, default=lambda v: v.isoformat()))


def test_a_json_schema_validator_accepts_the_example_site_and_refuses_what_validate_refuses() -> None:
    validator = jsonschema.Draft202012Validator(_schema(), format_checker=jsonschema.FormatChecker())
    jsonschema.Draft202012Validator.check_schema(validator.schema)
    files = sorted((ROOT / "incidents").glob("*.md")) + sorted((ROOT / "postmortems").glob("*.md"))
    assert len(files) > 10
    for path in files:
        assert list(validator.iter_errors(_front_matter(path))) == [], path.name
    notice = {"title": "Hi", "type": "notice", "started": "2026-05-01T09:00:00Z"}
    assert validator.is_valid(notice)
    assert not validator.is_valid({**notice, "components": ["api"]})
    assert not validator.is_valid({**notice, "updates": [{"at": "2026-05-01T09:00:00Z", "message": "m",
                                                          "status": "resolved"}]})
    assert not validator.is_valid({"title": "DB", "type": "maintenance", "scheduled_start": "2026-05-01T09:00:00Z"})
    assert not validator.is_valid({"title": "X", "severity": "SEV2", "started": "2026-05-01T09:00:00Z",
                                   "updates": [{"at": "2026-05-01T09:00:00Z", "message": "m",
                                                "status": "completed"}]})
    assert not validator.is_valid({"title": "X", "type": "notise", "started": "2026-05-01T09:00:00Z"})


def test_a_json_schema_validator_names_the_key_that_is_wrong() -> None:
    """What an editor or a CI step using jsonschema shows (``best_match``): the file is
    checked against its own type only, so the message names the key at fault, not
    "not valid under any of the given schemas" or another type's stages."""
    notice = {"title": "Hi", "type": "notice", "started": "2026-05-01T09:00:00Z"}
    update = {"at": "2026-05-01T09:00:00Z", "message": "m"}
    cases = [
        ({**notice, "components": ["api"]}, [], "Additional properties are not allowed ('components' was unexpected)"),
        ({**notice, "updates": [{**update, "status": "resolved"}]}, ["updates", 0],
         "Additional properties are not allowed ('status' was unexpected)"),
        ({"title": "DB", "type": "maintenance", "scheduled_start": "2026-05-01T09:00:00Z"}, [],
         "'scheduled_end' is a required property"),
        ({"title": "X", "severity": "SEV2", "started": "2026-05-01T09:00:00Z",
          "updates": [{**update, "status": "completed"}]}, ["updates", 0, "status"],
         "'completed' is not one of ['investigating', 'identified', 'monitoring', 'resolved']"),
        ({"title": "X", "type": "notise", "started": "2026-05-01T09:00:00Z"}, ["type"],
         "'notise' is not one of ['incident', 'maintenance', 'notice']"),
        ({"title": "X", "severity": "SEV2", "started": "2026-05-01T09:00:00Z", "pinned": True}, [],
         "Additional properties are not allowed ('pinned' was unexpected)"),
        ({"title": "PM", "incidents": ["a"], "status": "done"}, ["status"],
         "'done' is not one of ['draft', 'in_review', 'reviewed', 'published']"),
        ({"title": "PM", "status": "published"}, [], "'incidents' is a required property"),
    ]
    for args in ([], ["--kind", "incident"]):
        validator = jsonschema.Draft202012Validator(_schema(*args), format_checker=jsonschema.FormatChecker())
        for document, path, message in cases:
            if args and document["title"] == "PM":
                continue
            error = best_match(validator.iter_errors(document))
            assert error is not None and (list(error.absolute_path), error.message) == (path, message), document


# --- docs/format.md -------------------------------------------------------------------


def _table_after(heading: str) -> list[list[str]]:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    section = text[text.index(heading):]
    rows = []
    for line in section.splitlines()[1:]:
        if rows and not line.startswith("|"):
            break
        if line.startswith("|") and not line.startswith("| ---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows[1:]


def _documented(heading: str, columns: list[str]) -> dict[str, dict[str, str]]:
    """column -> key -> cell, for the keys a column does not mark `—`."""
    out: dict[str, dict[str, str]] = {column: {} for column in columns}
    for key_cell, *cells in _table_after(heading):
        for key in re.findall(r"`([a-z_]+)`", key_cell):
            for column, cell in zip(columns, cells, strict=True):
                if cell != "—":
                    out[column][key] = cell
    return out


def _fields(model: type[pydantic.BaseModel]) -> dict[str, str]:
    return {name: "required" if field.is_required() else "optional" for name, field in model.model_fields.items()}


def test_format_md_lists_exactly_each_types_keys() -> None:
    documented = _documented("### Keys of each type", list(FRONT_MODELS))
    for kind, model in FRONT_MODELS.items():
        said = {key: cell.split(" ")[0].rstrip(":") for key, cell in documented[kind].items()}
        assert said == _fields(model), kind


def test_format_md_lists_exactly_each_types_update_keys_and_stages() -> None:
    documented = _documented("### Keys of an update", list(FRONT_MODELS))
    models = {"incident": IncidentUpdate, "maintenance": MaintenanceUpdate, "notice": NoticeUpdate}
    for kind, model in models.items():
        said = {key: cell.split(" ")[0].rstrip(":") for key, cell in documented[kind].items()}
        assert said == _fields(model), kind
    assert re.findall(r"`(\w+)`", documented["incident"]["status"]) == list(INCIDENT_STAGES)
    assert re.findall(r"`(\w+)`", documented["maintenance"]["status"]) == list(MAINTENANCE_STAGES)


def test_format_md_lists_exactly_the_postmortem_keys() -> None:
    documented = _documented("### Keys of a postmortem", ["postmortem"])["postmortem"]
    assert {key: cell.split(" ")[0].rstrip(":") for key, cell in documented.items()} == _fields(PostmortemFront)
    items = _documented("### Keys of an action item", ["action item"])["action item"]
    assert {key: cell.split(" ")[0].rstrip(":") for key, cell in items.items()} == _fields(ActionItem)


def test_statuspress_update_appends_to_a_notice_and_refuses_a_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(tmp_path, incidents={"2026-05-01-address": NOTICE})
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "incidents" / "2026-05-01-address.md"
    before = path.read_bytes()
    env = {"SOURCE_DATE_EPOCH": "1777800000"}  # 2026-05-03 09:20 UTC
    refused = CliRunner().invoke(cli, ["update", "2026-05-01-address", "-s", "resolved", "-m", "x"], env=env)
    assert (refused.exit_code, refused.stderr) == (
        2, "error: `2026-05-01-address` is a notice, which has no stages: leave out --status (to stop showing it, "
        "set `ends:`)\n")
    assert path.read_bytes() == before
    done = CliRunner().invoke(cli, ["update", "2026-05-01-address", "-m", "Bookmarks keep working."], env=env)
    assert done.exit_code == 0, done.output
    (notice,) = load(tmp_path).incidents
    assert [(u.at.isoformat(), u.message) for u in notice.updates] == [
        ("2026-05-02T10:00:00+00:00", "The old address now redirects."),
        ("2026-05-03T09:20:00+00:00", "Bookmarks keep working."),
    ]
