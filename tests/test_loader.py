"""Loading content into models: normalisation, line marks, the severity ladder."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from click.testing import CliRunner

from statuspress.cli import cli
from statuspress.load.documents import parse_document, sections_of
from statuspress.model import Incident, Postmortem
from statuspress.suggest import closest, meant
from tests.support.sites import incident_text, load, site_config_yaml, write_site


def test_offsets_are_normalised_to_utc(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={"2026-03-14-a": incident_text(
        started="2026-03-14T10:00:00+01:00", resolved="2026-03-14T11:30:00+01:00")})
    site = load(tmp_path)
    assert site.problems == []
    (incident,) = site.incidents
    assert incident.started == datetime(2026, 3, 14, 9, 0, tzinfo=timezone.utc)
    assert incident.resolved == datetime(2026, 3, 14, 10, 30, tzinfo=timezone.utc)
    assert incident.updates[-1].at == incident.resolved


def test_impact_defaults_from_severity_and_list_components_take_its_status(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={
        "2026-03-01-sev1": incident_text(severity="SEV1", components="[api, web]",
                                         started="2026-03-01T09:00:00Z", resolved="2026-03-01T10:00:00Z"),
        "2026-03-02-sev3": incident_text(severity="SEV3", started="2026-03-02T09:00:00Z",
                                         resolved="2026-03-02T10:00:00Z"),
        "2026-03-03-mapping": incident_text(
            severity="SEV2", started="2026-03-03T09:00:00Z", resolved="2026-03-03T10:00:00Z",
            components="{api: major_outage, web: degraded_performance}"),
        "2026-03-04-impact": incident_text(
            severity="SEV4", started="2026-03-04T09:00:00Z", resolved="2026-03-04T10:00:00Z",
            extra="impact: major"),
    })
    site = load(tmp_path)
    assert site.problems == []
    by_id = site.incidents_by_id
    assert by_id["2026-03-01-sev1"].impact == "critical"
    assert by_id["2026-03-01-sev1"].affected == {"api": "major_outage", "web": "major_outage"}
    assert by_id["2026-03-02-sev3"].impact == "minor"
    assert by_id["2026-03-02-sev3"].affected == {"api": "degraded_performance"}
    assert by_id["2026-03-03-mapping"].affected == {"api": "major_outage", "web": "degraded_performance"}
    assert by_id["2026-03-04-impact"].impact == "major"
    assert by_id["2026-03-04-impact"].affected == {"api": "partial_outage"}
    # Sorted by start.
    assert [i.id for i in site.incidents] == sorted(by_id)


def test_a_team_can_declare_its_own_ladder(tmp_path: Path) -> None:
    ladder = [
        {"key": "P1", "name": "Urgent", "impact": "critical", "public_updates": 15, "postmortem": True},
        {"key": "P2", "name": "High", "impact": "major"},
    ]
    write_site(tmp_path, incidents={
        "2026-03-01-a": incident_text(severity="P1"),
        "2026-03-02-b": incident_text(severity="SEV2", started="2026-03-02T09:00:00Z", resolved=None),
    }, config_text=site_config_yaml(severities=ladder))
    site = load(tmp_path)
    assert [p.format() for p in site.problems] == [
        "incidents/2026-03-02-b.md:3: error: `severity` is `SEV2`, which is not declared; "
        "declared severities: P1, P2",
    ]
    assert site.config.severity("P1").cadence_minutes == 15
    assert site.incidents[0].impact == "critical"


def test_maintenance_components_are_under_maintenance(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={"2026-04-01-db": """
        ---
        title: Database upgrade
        type: maintenance
        components: [db]
        scheduled_start: 2026-04-01T22:00:00Z
        scheduled_end: 2026-04-02T00:00:00Z
        updates:
          - at: 2026-03-25T10:00:00Z
            status: scheduled
            message: We will upgrade the database.
        ---
    """})
    site = load(tmp_path)
    assert site.problems == []
    (m,) = site.incidents
    assert m.affected == {"db": "under_maintenance"}
    assert m.stage == "scheduled"
    assert m.start == datetime(2026, 4, 1, 22, 0, tzinfo=timezone.utc)


def test_line_marks_survive_bom_and_crlf() -> None:
    raw = ("\ufeff---\r\ntitle: X\r\nseverity: SEV9\r\nupdates:\r\n  - at: 2026-01-01T00:00:00Z\r\n    message: m\r\n"
           "started: 2026-01-01T00:00:00Z\r\n---\r\nbody\r\n")
    incident, problems = parse_document(raw.encode("utf-8"), "x.md", "x", Incident)
    assert problems == []
    assert incident is not None
    assert incident.src.line("severity") == 3
    assert incident.src.line("updates", 0, "message") == 6
    assert incident.src.body_line == 9
    assert incident.body == "body\n"


def test_postmortem_sections_ignore_headings_in_code_blocks() -> None:
    body = "## Summary\nText.\n```bash\n## not a heading\n```\n## Root Cause\nThe cause.\n### Detail\nMore.\n"
    sections = sections_of(body, 10)
    assert [(s.title, s.line) for s in sections] == [("Summary", 10), ("Root Cause", 15)]
    assert sections[1].markdown == "The cause.\n### Detail\nMore."


def test_postmortem_accepts_a_single_incident_id() -> None:
    raw = b"---\ntitle: PM\nincidents: 2026-01-01-a\n---\n## Summary\n"
    postmortem, problems = parse_document(raw, "p.md", "p", Postmortem)
    assert problems == []
    assert postmortem is not None and postmortem.incidents == ["2026-01-01-a"]
    assert not postmortem.is_public


def test_schema_describes_the_file_format() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert (schema["if"], schema["then"], schema["else"]) == (
        {"anyOf": [{"required": [key]} for key in ("incidents", "status", "date", "authors", "services", "tags",
                                                     "root_cause", "summary", "visibility", "action_items")]},
        {"$ref": "#/$defs/postmortem"}, {"$ref": "#/$defs/incident"})
    defs = schema["$defs"]
    notice = defs["NoticeFront"]
    assert notice["additionalProperties"] is False
    # Fields the loader fills are not part of the file format.
    for name in ("IncidentFront", "MaintenanceFront", "NoticeFront", "PostmortemFront"):
        assert {"id", "body", "affected", "source", "sections"}.isdisjoint(defs[name]["properties"])
    assert defs["IncidentFront"]["properties"]["started"] == {
        "description": "When impact began.", "format": "date-time", "title": "Started", "type": "string"}
    assert set(defs["PostmortemFront"]["properties"]) >= {"title", "incidents", "status", "action_items", "visibility"}
    assert "components" in defs["SiteConfig"]["required"]


def test_a_misspelt_key_does_not_hide_the_files_other_problems(tmp_path: Path) -> None:
    """`serverity` is reported, and the file is still checked as if it said `severity`:
    the undeclared severity (on the misspelt line), the unknown component and the
    backwards times all show in the same run."""
    write_site(tmp_path, incidents={"2026-03-14-typo": """
        ---
        title: Typo
        serverity: SEV9
        components: [api, nope]
        started: 2026-03-14T10:00:00Z
        resolved: 2026-03-14T09:00:00Z
        ---
        """})
    assert [(p.line, p.message) for p in load(tmp_path).problems] == [
        (3, "`severity` is `SEV9`, which is not declared; "
            "declared severities: SEV1, SEV2, SEV3, SEV4"),
        (3, "unknown key `serverity`; did you mean `severity`?"),
        (4, "`components` names `nope`, which is not declared in the site config; declared components: api, web, db"),
        (6, "`resolved` (2026-03-14 09:00 UTC) is before `started` (2026-03-14 10:00 UTC); times must not run "
            "backwards: started ≤ detected ≤ acknowledged ≤ mitigated ≤ resolved"),
    ]


def test_misspelt_keys_inside_updates_are_checked_as_meant(tmp_path: Path) -> None:
    """`stauts` and `mesage` in an update: no "missing `message`" on top of "did you
    mean `message`?", and the update's stage still takes part in the timeline rules."""
    write_site(tmp_path, incidents={"2026-03-14-typo": """
        ---
        title: Typo
        severity: SEV2
        components: [api]
        started: 2026-03-14T10:00:00Z
        updates:
          - at: 2026-03-14T10:00:00Z
            stauts: resolved
            mesage: Fixed.
          - at: 2026-03-14T10:30:00Z
            message: Still watching.
        ---
        """})
    assert [(p.line, p.message) for p in load(tmp_path).problems] == [
        (8, "`updates[0]` is `resolved` but more updates follow; only the last update can be `resolved`"),
        (8, "unknown key `stauts` in `updates[0]`; did you mean `status`?"),
        (9, "unknown key `mesage` in `updates[0]`; did you mean `message`?"),
    ]


def test_a_notice_or_maintenance_without_type_is_told_which_type_to_add(tmp_path: Path) -> None:
    """A file without `type` is read as an incident; when its keys are another type's,
    each message says which `type:` to add, and a maintenance's `ends` points to
    `scheduled_end`."""
    write_site(tmp_path, incidents={
        "2026-03-14-note": """
            ---
            title: Holiday hours
            started: 2026-03-14T10:00:00Z
            pinned: true
            ends: 2026-03-20T10:00:00Z
            ---
            Closed.
            """,
        "2026-03-15-window": """
            ---
            type: maintenance
            title: Database upgrade
            scheduled_start: 2026-03-15T10:00:00Z
            ends: 2026-03-15T12:00:00Z
            ---
            """,
        "2026-03-16-window": """
            ---
            title: Database upgrade
            scheduled_start: 2026-03-16T10:00:00Z
            scheduled_end: 2026-03-16T12:00:00Z
            ---
            """,
    })
    assert [(Path(p.path).name, p.line, p.message) for p in load(tmp_path).problems] == [
        ("2026-03-14-note.md", 1, "`severity` is required for an incident (one of the declared severities, "
         "e.g. SEV2); `pinned` and `ends` are notice keys: add `type: notice` if this file is a notice"),
        ("2026-03-14-note.md", 4, "unknown key `pinned` for an incident; `pinned` is a notice key: "
         "add `type: notice` if this file is a notice"),
        ("2026-03-14-note.md", 5, "unknown key `ends` for an incident; `ends` is a notice key: "
         "add `type: notice` if this file is a notice"),
        ("2026-03-15-window.md", 5, "unknown key `ends`; did you mean `scheduled_end`?"),
        ("2026-03-16-window.md", 1, "`severity` is required for an incident (one of the declared severities, "
         "e.g. SEV2); `scheduled_start` and `scheduled_end` are maintenance keys: add `type: maintenance` "
         "if this file is a maintenance"),
        ("2026-03-16-window.md", 1, "`started` is required for an incident: when the impact began, e.g. `started: 2026-03-14T09:05:00Z`; "
         "`scheduled_start` and `scheduled_end` are maintenance keys: add `type: maintenance` "
         "if this file is a maintenance"),
        ("2026-03-16-window.md", 3, "`scheduled_start` is only for `type: maintenance`; an incident uses `started`"),
        ("2026-03-16-window.md", 4, "`scheduled_end` is only for `type: maintenance`; an incident uses `started`"),
    ]


def test_a_guess_names_every_equally_close_choice_or_none(tmp_path: Path) -> None:
    """`web` is as close to `web1` as to `web2`: naming one of them (the last in
    spelling order, as `difflib` picks) would send a tired reader to the wrong one.
    Two or three equally close choices are named together; more, none (the declared
    list follows); a single closest one, as before."""
    components = [{"id": "web1", "name": "Web 1"}, {"id": "web2", "name": "Web 2"},
                  {"id": "api", "name": "API"}]
    write_site(tmp_path, components=components, incidents={
        "2026-03-14-a": incident_text(components="[web, apii]", severity="SEV7"),
    })
    assert [p.message for p in load(tmp_path).problems] == [
        "`severity` is `SEV7`, which is not declared; declared severities: SEV1, SEV2, SEV3, SEV4",
        "`components` names `apii`, which is not declared in the site config (did you mean `api`?); "
        "declared components: web1, web2, api",
        "`components` names `web`, which is not declared in the site config (did you mean `web1` or "
        "`web2`?); declared components: web1, web2, api",
    ]
    assert meant("SEV", ["SEV1", "SEV2", "SEV3"]) == "`SEV1`, `SEV2` or `SEV3`"
    assert meant("ends", ["resolved", "scheduled_end"]) == "`scheduled_end`"
    assert closest("web", ["web1", "web2"]) is None  # the loader renames a key only on a sure guess


def test_a_file_the_model_refuses_still_gets_its_undeclared_names(tmp_path: Path) -> None:
    """Without `started`, the model refuses the file; its undeclared severity and
    components used to be reported only once that was fixed, a second trip through
    CI. A value the model already complains about keeps that one message, and a
    notice (which names neither) gets none."""
    write_site(tmp_path, incidents={
        "2026-03-14-nostart": """
            ---
            title: No start
            severity: SEV9
            components: [api, nope]
            updates:
              - at: 2026-03-14T10:00:00Z
                status: investigating
                message: Looking.
                components: {gone: major_outage}
            ---
            """,
        "2026-03-15-badimpact": """
            ---
            title: Bad impact
            severity: SEV1
            impact: huge
            started: 2026-03-15T10:00:00Z
            components: [[nested]]
            ---
            """,
        "2026-03-16-notice": """
            ---
            title: Notice
            type: notice
            components: [nope]
            ---
            """,
    })
    assert [(Path(p.path).stem, p.line, p.message) for p in load(tmp_path).problems] == [
        ("2026-03-14-nostart", 1, "`started` is required for an incident: when the impact began, e.g. `started: 2026-03-14T09:05:00Z`"),
        ("2026-03-14-nostart", 3, "`severity` is `SEV9`, which is not declared; declared severities: "
                                  "SEV1, SEV2, SEV3, SEV4"),
        ("2026-03-14-nostart", 4, "`components` names `nope`, which is not declared in the site config; "
                                  "declared components: api, web, db"),
        ("2026-03-14-nostart", 9, "update 1's `components` names `gone`, which is not declared in the site "
                                  "config; declared components: api, web, db"),
        ("2026-03-15-badimpact", 4, "`impact` is `huge`; allowed: none, minor, major, critical"),
        # (It said "found MarkedList", the loader's class.)
        ("2026-03-15-badimpact", 6, "`components` item 0 should be a component id, found a list"),
        ("2026-03-16-notice", 1, "`started` is required for a notice: when it is first shown, e.g. `started: 2026-03-14T09:00:00Z`"),
        ("2026-03-16-notice", 4, "`components`: a notice affects no component; make it an incident "
                                 "(`type: incident`) to show impact"),
    ]
