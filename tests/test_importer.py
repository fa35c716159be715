"""The Statuspage JSON Lines importer: exact front-matter for hand-written records,
the timeline adjustments, and the whole GitHub status-history corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from statuspress.importers.statuspage_jsonl import (
    RecordError,
    components_from,
    convert_record,
    file_id,
    import_jsonl,
    slugify,
)
from tests.support.corpora import GITHUB_STATUS as CORPUS
from tests.support.corpora import github_corpus  # noqa: F401  (a fixture)

needs_corpus = pytest.mark.usefixtures("github_corpus")


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a converted file into its parsed front-matter and its body."""
    assert text.startswith("---\n")
    head, sep, body = text[4:].partition("\n---\n")
    assert sep, "the front-matter is not closed"
    data = yaml.load(head, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert isinstance(data, dict)
    return data, body


MAINTENANCE = {
    "id": "9629077",
    "title": "Scheduled Maintenance for GitHub Actions",
    "url": "https://www.githubstatus.com/incidents/9nmsrrxb5brs",
    "started_at": "2022-03-25T15:31:00Z",
    "resolved_at": "2022-03-28T15:03:00Z",
    "impact": "maintenance",
    "components": ["Actions"],
    "updates": [
        {"at": "2022-03-25T15:31:00Z", "status": "Scheduled",
         "message": "Actions will be in a maintenance window on Monday, March 28th from 12:00 to 16:30 UTC."},
        {"at": "2022-03-28T12:01:00Z", "status": "In progress",
         "message": "Scheduled maintenance is currently in progress. We will provide updates as necessary."},
        {"at": "2022-03-28T15:03:00Z", "status": "Completed", "message": "The scheduled maintenance has been completed."},
    ],
}

TRICKY_MESSAGE = (
    "Mitigation: we're rolling back #4521 -- see https://example.com/a?b=c#frag\n"
    "- first: \"quoted\" item\n"
    "* second item with 'single' quotes\n"
    "# not a heading, a hash\n"
    "---\n"
    "key: value | > & ! % @ `tick`"
)

INCIDENT = {
    "id": "12345678",
    "title": "Incident with Pull Requests: High percentage of 500s",
    "url": "https://www.githubstatus.com/incidents/abc123",
    "started_at": "2024-05-01T23:50:00Z",
    "resolved_at": "2024-05-02T01:10:00Z",
    "impact": "major",
    "components": ["Pull Requests", "API Requests"],
    "updates": [
        {"at": "2024-05-01T23:50:00Z", "status": "Investigating",
         "message": "We are investigating reports of degraded performance for Pull Requests"},
        {"at": "2024-05-02T00:20:00Z", "status": "Update", "message": TRICKY_MESSAGE},
        {"at": "2024-05-02T00:20:00Z", "status": "Identified", "message": "- starts with a dash"},
        {"at": "2024-05-02T00:45:00Z", "status": "Monitoring", "message": "* starts with a star: and a colon"},
        {"at": "2024-05-02T01:10:00Z", "status": "Resolved", "message": "This incident has been resolved."},
    ],
}

NO_COMPONENTS = {
    "id": "777",
    "title": "Test Incident Posted in Error \u2013 No Customer Impact (Will Be Removed)",
    "url": "https://www.githubstatus.com/incidents/zzz",
    "started_at": "2025-02-03T10:00:00Z",
    "resolved_at": "2025-02-03T10:05:00Z",
    "impact": "none",
    "updates": [
        {"at": "2025-02-03T10:00:00Z", "status": "Investigating", "message": "Testing."},
        {"at": "2025-02-03T10:05:00Z", "status": "Resolved", "message": "This incident has been resolved."},
    ],
}


def test_maintenance_front_matter() -> None:
    doc_id, text = convert_record(MAINTENANCE)
    assert doc_id == "2022-03-25-scheduled-maintenance-for-github-actions-9629077"
    data, body = front_matter(text)
    assert body == ""
    assert data == {
        "title": "Scheduled Maintenance for GitHub Actions",
        "type": "maintenance",
        "components": ["actions"],
        "scheduled_start": "2022-03-28T12:01:00Z",  # the first "In progress" update
        "scheduled_end": "2022-03-28T15:03:00Z",
        "resolved": "2022-03-28T15:03:00Z",
        "updates": [
            {"at": "2022-03-25T15:31:00Z", "status": "scheduled",
             "message": "Actions will be in a maintenance window on Monday, March 28th from 12:00 to 16:30 UTC."},
            {"at": "2022-03-28T12:01:00Z", "status": "in_progress",
             "message": "Scheduled maintenance is currently in progress. We will provide updates as necessary."},
            {"at": "2022-03-28T15:03:00Z", "status": "completed",
             "message": "The scheduled maintenance has been completed."},
        ],
        "internal": {"source": "https://www.githubstatus.com/incidents/9nmsrrxb5brs"},
    }
    assert "severity" not in data and "started" not in data and "impact" not in data


def test_maintenance_without_in_progress_starts_at_started_at() -> None:
    record = dict(MAINTENANCE, updates=[MAINTENANCE["updates"][0], MAINTENANCE["updates"][2]])
    data, _ = front_matter(convert_record(record)[1])
    assert data["scheduled_start"] == "2022-03-25T15:31:00Z"
    assert data["scheduled_end"] == data["resolved"] == "2022-03-28T15:03:00Z"


def test_incident_with_tricky_messages() -> None:
    doc_id, text = convert_record(INCIDENT)
    assert doc_id == "2024-05-01-incident-with-pull-requests-high-percentage-of-500s-12345678"
    data, body = front_matter(text)
    assert body == ""
    assert data == {
        "title": "Incident with Pull Requests: High percentage of 500s",
        "severity": "SEV2",
        "impact": "major",
        "components": ["pull-requests", "api-requests"],
        "started": "2024-05-01T23:50:00Z",
        "resolved": "2024-05-02T01:10:00Z",
        "updates": [
            {"at": "2024-05-01T23:50:00Z", "status": "investigating",
             "message": "We are investigating reports of degraded performance for Pull Requests"},
            {"at": "2024-05-02T00:20:00Z", "message": TRICKY_MESSAGE},  # "Update": no status
            {"at": "2024-05-02T00:20:00Z", "status": "identified", "message": "- starts with a dash"},
            {"at": "2024-05-02T00:45:00Z", "status": "monitoring", "message": "* starts with a star: and a colon"},
            {"at": "2024-05-02T01:10:00Z", "status": "resolved", "message": "This incident has been resolved."},
        ],
        "internal": {"source": "https://www.githubstatus.com/incidents/abc123"},
    }
    # The message's own `---` line is indented, so it cannot end the front-matter.
    assert text.count("\n---\n") == 1


def test_incident_without_components() -> None:
    doc_id, text = convert_record(NO_COMPONENTS)
    assert doc_id == "2025-02-03-test-incident-posted-in-error-no-customer-impact-will-be-777"  # cut at a word
    data, _ = front_matter(text)
    assert "components" not in data
    assert data["severity"] == "SEV4" and data["impact"] == "none"
    assert data["title"] == NO_COMPONENTS["title"]  # non-ASCII kept as is
    assert "internal: {" not in text and "\\u2013" not in text  # allow_unicode, block style


@pytest.mark.parametrize(("impact", "severity"), [("critical", "SEV1"), ("major", "SEV2"), ("minor", "SEV3"), ("none", "SEV4")])
def test_impact_to_severity(impact: str, severity: str) -> None:
    data, _ = front_matter(convert_record(dict(INCIDENT, impact=impact))[1])
    assert (data["severity"], data["impact"]) == (severity, impact)


def test_slugs_and_ids() -> None:
    assert slugify("Pull Requests") == "pull-requests"
    assert slugify("Copilot AI Model Providers") == "copilot-ai-model-providers"
    assert slugify("Delays with Actions Jobs\u00a0for Larger Runners") == "delays-with-actions-jobs-for-larger-runners"
    long_title = "Incident " + "with a very long title " * 10
    doc_id = file_id(dict(INCIDENT, title=long_title))
    slug = doc_id[len("2024-05-01-"):-len("-12345678")]
    assert len(slug) <= 60 and not slug.endswith("-")
    assert slug == slugify(long_title)[: len(slug)] and slugify(long_title)[len(slug)] == "-"
    assert slugify("x" * 80, 60) == "x" * 60  # one long word: cut where it must be
    # A title with no letters or digits still gives an id.
    assert file_id(dict(INCIDENT, title="???")) == "2024-05-01-incident-12345678"
    # The date is the UTC date of started_at.
    assert file_id(dict(INCIDENT, started_at="2024-05-02T00:30:00+02:00")).startswith("2024-05-01-")


def test_components_from() -> None:
    records = [INCIDENT, MAINTENANCE, NO_COMPONENTS, {"components": ["Pull Requests", "Git Operations"]}]
    assert components_from(records) == [
        {"id": "actions", "name": "Actions"},
        {"id": "api-requests", "name": "API Requests"},
        {"id": "git-operations", "name": "Git Operations"},
        {"id": "pull-requests", "name": "Pull Requests"},
    ]


# --- adjustments to the timeline rules -------------------------------------------


def _import_one(tmp_path: Path, record: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps(record) + "\n", encoding="utf-8")
    summary = import_jsonl(src, tmp_path / "site")
    (path,) = (tmp_path / "site" / "incidents").glob("*.md")
    return front_matter(path.read_text(encoding="utf-8"))[0], summary


def test_resolved_follows_the_final_update(tmp_path: Path) -> None:
    data, summary = _import_one(tmp_path, dict(INCIDENT, resolved_at="2024-05-02T01:30:00Z"))
    assert data["resolved"] == data["updates"][-1]["at"] == "2024-05-02T01:10:00Z"
    assert summary.adjustments == {"resolved-moved-to-final-update": 1}
    assert data["internal"]["import_adjustments"] == ["resolved-moved-to-final-update"]


def test_backwards_updates_are_sorted_and_early_resolution_dropped(tmp_path: Path) -> None:
    updates = [dict(u) for u in INCIDENT["updates"]]
    updates[1], updates[3] = updates[3], updates[1]  # 00:45 before 00:20
    updates[2]["status"] = "Resolved"  # resolved, then more updates (reopened)
    data, summary = _import_one(tmp_path, dict(INCIDENT, updates=updates))
    times = [u["at"] for u in data["updates"]]
    assert times == sorted(times)
    assert [u.get("status") for u in data["updates"]] == ["investigating", None, None, "monitoring", "resolved"]
    assert summary.adjustments == {"early-final-status-dropped": 1, "updates-reordered": 1}


def test_missing_final_update_is_added(tmp_path: Path) -> None:
    data, summary = _import_one(tmp_path, dict(INCIDENT, updates=INCIDENT["updates"][:-1]))
    assert data["updates"][-1] == {
        "at": "2024-05-02T01:10:00Z", "status": "resolved", "message": "This incident has been resolved.",
    }
    assert data["resolved"] == "2024-05-02T01:10:00Z"
    assert summary.adjustments == {"final-update-added": 1}


def test_open_incident_stays_open() -> None:
    record = dict(INCIDENT, resolved_at=None, updates=INCIDENT["updates"][:2])
    data, _ = front_matter(convert_record(record)[1])
    assert "resolved" not in data


def test_time_without_offset_is_refused() -> None:
    with pytest.raises(RecordError, match="no UTC offset"):
        convert_record(dict(INCIDENT, started_at="2024-05-01T23:50:00"))


# --- the whole corpus ------------------------------------------------------------


@needs_corpus
def test_whole_corpus_imports(tmp_path: Path) -> None:
    summary = import_jsonl(CORPUS, tmp_path)
    files = sorted((tmp_path / "incidents").glob("*.md"))
    assert summary.records == summary.written == len(files) == 819
    assert len(set(summary.ids)) == 819
    assert summary.incidents + summary.maintenance == 819
    assert summary.components and all(set(c) == {"id", "name"} for c in summary.components)
    assert {"id": "pull-requests", "name": "Pull Requests"} in summary.components
    assert (tmp_path / "pages" / "about.md").is_file()
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "pages"
    plugin = config["plugins"][1]["statuspress"]
    assert plugin["name"] == "GitHub" and plugin["components"] == summary.components

    # Every message, title and time reads back exactly as in the source.
    records = {json.loads(line)["id"]: json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()}
    for path in files:
        data, body = front_matter(path.read_text(encoding="utf-8"))
        assert body == ""
        record = records[path.stem.rsplit("-", 1)[1]]
        assert data["title"] == record["title"].strip()
        assert [u["message"] for u in data["updates"]] == [u["message"] for u in record["updates"]]
        assert data["resolved"] == data["updates"][-1]["at"]
        assert data["internal"]["source"] == record["url"]


def test_module_entry_point(tmp_path: Path) -> None:
    src = tmp_path / "three.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in (MAINTENANCE, INCIDENT, NO_COMPONENTS)), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "statuspress.importers.statuspage_jsonl", str(src), str(tmp_path / "gh")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "3 records: 2 incidents, 1 maintenance; 3 files written" in result.stdout
    assert len(list((tmp_path / "gh" / "incidents").glob("*.md"))) == 3


def test_module_entry_point_reports_a_bad_record(tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text(json.dumps(dict(INCIDENT, started_at="2024-05-01 23:50")) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "statuspress.importers.statuspage_jsonl", str(src), str(tmp_path / "gh")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert "record 1 (id '12345678')" in result.stderr and "no UTC offset" in result.stderr
    assert not (tmp_path / "gh").exists()  # nothing is written when a record is refused
