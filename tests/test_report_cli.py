"""``statuspress report``: exact Markdown and JSON for the hand-computed quarter of
tests/support/metrics_site.py (the figures are worked out in tests/test_metrics.py;
here they are only rounded for display, half up, to the unit shown)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from statuspress.cli import cli
from statuspress.render.text import rounded_duration
from tests.support.metrics_site import AT, metrics_site
from tests.support.sites import incident_text, write_site

ENV = {"SOURCE_DATE_EPOCH": str(int(AT.timestamp()))}

# Display rounding of the hand-computed values: MTTA mean 220 s = 3 min 40 s -> 4 min;
# MTTA p90 336 s -> 6 min; MTBF mean 21272 min = 14 d 18 h 32 min -> 14 d 19 h;
# MTBF median 21470 min = 14 d 21 h 50 min -> 14 d 22 h; SEV1 MTBF (A -> E) 03-15 09:00 −
# 01-05 10:10 = 68 d 22 h 50 min -> 68 d 23 h; SEV2 MTBF (B -> C 30460 min, C -> F 54570 min)
# mean 42515 min = 29 d 12 h 35 min -> 29 d 13 h, p90 30460 + 0.9 × 24110 = 52159 min -> 36 d 5 h.
Q1_MARKDOWN = """# Incident metrics: 2026-01-01 to 2026-03-31

Incidents that started on or after 2026-01-01 and before 2026-04-01 (UTC dates); maintenance is not counted. As of 2026-04-10 12:00 UTC.

6 incidents.

## Overall

| Metric | With data | Mean | Median | p90 |
| --- | ---: | ---: | ---: | ---: |
| MTTD (time to detect) | 5 of 6 | 25 min | 10 min | 1 h 2 min |
| MTTA (time to acknowledge) | 3 of 6 | 4 min | 4 min | 6 min |
| MTTM (time to mitigate) | 4 of 6 | 38 min | 25 min | 1 h 17 min |
| MTTR (time to resolve) | 5 of 6 | 40 min | 30 min | 1 h 16 min |
| MTBF (time between failures) | 5 of 5 | 14 d 19 h | 14 d 22 h | 20 d 2 h |

## By severity

| Severity | Incidents | Metric | With data | Mean | Median | p90 |
| --- | ---: | --- | ---: | ---: | ---: | ---: |
| SEV1 Critical | 2 | MTTD | 2 of 2 | 46 min | 46 min | 1 h 21 min |
| SEV1 Critical | 2 | MTTA | 2 of 2 | 3 min | 3 min | 4 min |
| SEV1 Critical | 2 | MTTM | 2 of 2 | 52 min | 52 min | 1 h 26 min |
| SEV1 Critical | 2 | MTTR | 2 of 2 | 55 min | 55 min | 1 h 31 min |
| SEV1 Critical | 2 | MTBF | 1 of 1 | 68 d 23 h | 68 d 23 h | 68 d 23 h |
| SEV2 Major | 3 | MTTD | 2 of 3 | 7 min | 7 min | 9 min |
| SEV2 Major | 3 | MTTA | 0 of 3 | — | — | — |
| SEV2 Major | 3 | MTTM | 1 of 3 | 15 min | 15 min | 15 min |
| SEV2 Major | 3 | MTTR | 2 of 3 | 25 min | 25 min | 29 min |
| SEV2 Major | 3 | MTBF | 2 of 2 | 29 d 13 h | 29 d 13 h | 36 d 5 h |
| SEV3 Minor | 1 | MTTD | 1 of 1 | 20 min | 20 min | 20 min |
| SEV3 Minor | 1 | MTTA | 1 of 1 | 6 min | 6 min | 6 min |
| SEV3 Minor | 1 | MTTM | 1 of 1 | 35 min | 35 min | 35 min |
| SEV3 Minor | 1 | MTTR | 1 of 1 | 40 min | 40 min | 40 min |
| SEV3 Minor | 1 | MTBF | 0 of 0 | — | — | — |
| SEV4 Low | 0 | — | — | — | — | — |

## By component

| Component | Incidents | Metric | With data | Mean | Median | p90 |
| --- | ---: | --- | ---: | ---: | ---: | ---: |
| API | 4 | MTTD | 4 of 4 | 27 min | 7 min | 1 h 6 min |
| API | 4 | MTTA | 2 of 4 | 3 min | 3 min | 4 min |
| API | 4 | MTTM | 3 of 4 | 39 min | 15 min | 1 h 19 min |
| API | 4 | MTTR | 3 of 4 | 43 min | 20 min | 1 h 24 min |
| API | 4 | MTBF | 3 of 3 | 24 d 15 h | 14 d 22 h | 46 d 5 h |
| Website | 2 | MTTD | 1 of 2 | 2 min | 2 min | 2 min |
| Website | 2 | MTTA | 1 of 2 | 1 min | 1 min | 1 min |
| Website | 2 | MTTM | 1 of 2 | 8 min | 8 min | 8 min |
| Website | 2 | MTTR | 2 of 2 | 20 min | 20 min | 28 min |
| Website | 2 | MTBF | 1 of 1 | 36 d 2 h | 36 d 2 h | 36 d 2 h |
| Database | 2 | MTTD | 2 of 2 | 55 min | 55 min | 1 h 23 min |
| Database | 2 | MTTA | 2 of 2 | 5 min | 5 min | 6 min |
| Database | 2 | MTTM | 2 of 2 | 1 h 5 min | 1 h 5 min | 1 h 29 min |
| Database | 2 | MTTR | 2 of 2 | 1 h 10 min | 1 h 10 min | 1 h 34 min |
| Database | 2 | MTBF | 1 of 1 | 14 d 8 h | 14 d 8 h | 14 d 8 h |

## Incidents per month

| Month | Incidents | SEV1 | SEV2 | SEV3 | SEV4 | MTTR (median) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
| 2026-01 | 2 | 1 | 1 | 0 | 0 | 15 min |
| 2026-02 | 1 | 0 | 1 | 0 | 0 | 30 min |
| 2026-03 | 3 | 1 | 1 | 1 | 0 | 1 h 10 min |

## Action items

Completion rate: **25%** (1 done of 4; 1 won't do not counted).
Open: 2, in progress: 1, overdue: 2. From the postmortems of these incidents.

| Due | Action item | Owner | Status | Postmortem |
| --- | --- | --- | --- | --- |
| 2026-03-30 | Canary config changes | Dana Ortiz | in progress | 2026-03-18-pm-e |
| 2026-04-01 | Add alert on queue depth | Sam Lee | open | 2026-01-08-pm-a |

## Repeat incidents

Postmortems that share a tag and a service, the most repeated first (at most 10 ids shown; the JSON lists all).

| Tag | Service | Postmortems | Ids |
| --- | --- | ---: | --- |
| config-change | api | 2 | 2026-01-08-pm-a, 2026-03-18-pm-e |

## Definitions

- **MTTD** (time to detect): detected − started.
- **MTTA** (time to acknowledge): acknowledged − detected.
- **MTTM** (time to mitigate): mitigated − started.
- **MTTR** (time to resolve): resolved − started.
- **MTBF** (time between failures): next incident's started − previous incident's resolved, for consecutive incidents in start order; an overlap (the next incident started before the previous one was resolved) counts as 0.
- Mean, median and p90 are taken over the incidents with the data ("With data"): a missing timestamp makes a duration unknown, never zero.
- p90 interpolates linearly between the closest ranks (the inclusive method: position 0.9 × (n − 1) in the sorted values, counted from 0); with one value, p90 is that value.
- Maintenance is not an incident and is counted nowhere.
- Action-item completion rate: done ÷ (all − won't do). Overdue: due before the as-of date and still open or in progress.
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report")
    metrics_site(path)
    return path


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["report", "-f", str(root / "mkdocs.yml"), *args], env=ENV)


def test_markdown_report_for_a_quarter(root: Path) -> None:
    result = run(root, "--since", "2026-01-01", "--until", "2026-04-01")
    assert result.exit_code == 0, result.output
    assert result.output == Q1_MARKDOWN


def test_json_report_durations_in_seconds(root: Path) -> None:
    result = run(root, "--since", "2026-01-01", "--until", "2026-04-01", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["period"] == {"since": "2026-01-01", "until": "2026-04-01", "as_of": "2026-04-10T12:00:00Z"}
    assert data["units"] == {"durations": "seconds"}
    overall = data["overall"]
    assert overall["incidents"] == 6
    # TTR 10, 20, 30, 40, 100 min -> mean 2400 s, median 1800 s, p90 76 min = 4560 s.
    assert overall["time_to_resolve"] == {"n": 5, "total": 6, "mean": 2400, "median": 1800, "p90": 4560}
    # MTBF mean 21272 min = 1276320 s, median 21470 min = 1288200 s, p90 28920 min = 1735200 s.
    assert overall["mtbf"] == {"n": 5, "total": 5, "mean": 1276320, "median": 1288200, "p90": 1735200}
    sev4 = data["by_severity"][3]
    assert sev4 == {
        "key": "SEV4", "name": "Low", "incidents": 0,
        **{name: {"n": 0, "total": 0, "mean": None, "median": None, "p90": None}
           for name in ("time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve", "mtbf")},
    }
    # api: TTR 10, 20, 100 min -> mean 130/3 min = 2600 s, median 1200 s, p90 84 min = 5040 s.
    api = data["by_component"][0]
    assert (api["key"], api["incidents"], api["time_to_resolve"]) == (
        "api", 4, {"n": 3, "total": 4, "mean": 2600, "median": 1200, "p90": 5040})
    assert data["months"][0] == {
        "month": "2026-01", "incidents": 2, "by_severity": {"SEV1": 1, "SEV2": 1, "SEV3": 0, "SEV4": 0},
        "time_to_resolve": {"n": 2, "total": 2, "mean": 900, "median": 900, "p90": 1140},
    }
    assert [(b["label"], b["from"], b["to"], b["incidents"]) for b in data["time_to_detect_histogram"]] == [
        ("< 5 min", 0, 300, 2), ("5–15 min", 300, 900, 1), ("15–30 min", 900, 1800, 1),
        ("30–60 min", 1800, 3600, 0), ("1–4 h", 3600, 14400, 1), ("≥ 4 h", 14400, None, 0),
    ]
    assert data["action_items"] == {
        "total": 5, "done": 1, "wont_do": 1, "open": 2, "in_progress": 1, "completion_rate": 0.25,
        "overdue": [
            {"postmortem": "2026-03-18-pm-e", "title": "Canary config changes", "owner": "Dana Ortiz",
             "due": "2026-03-30", "status": "in_progress"},
            {"postmortem": "2026-01-08-pm-a", "title": "Add alert on queue depth", "owner": "Sam Lee",
             "due": "2026-04-01", "status": "open"},
        ],
    }
    assert data["repeats"] == [
        {"tag": "config-change", "service": "api", "postmortems": ["2026-01-08-pm-a", "2026-03-18-pm-e"]}]


def test_empty_period(root: Path) -> None:
    result = run(root, "--since", "2027-01-01", "--until", "2027-02-01")
    assert result.exit_code == 0, result.output
    assert "\n0 incidents.\n" in result.output
    assert "| MTTR (time to resolve) | 0 of 0 | — | — | — |\n" in result.output
    assert "| 2027-01 | 0 | 0 | 0 | 0 | 0 | — |\n" in result.output
    assert "Completion rate: — (no action items to complete).\n" in result.output
    assert "None: no two postmortems share a tag and a service.\n" in result.output
    data = json.loads(run(root, "--since", "2027-01-01", "--until", "2027-02-01", "--format", "json").output)
    assert data["overall"]["time_to_detect"] == {"n": 0, "total": 0, "mean": None, "median": None, "p90": None}
    assert data["action_items"]["completion_rate"] is None


def test_open_ended_report_covers_everything(root: Path) -> None:
    result = run(root)
    assert result.output.startswith(
        "# Incident metrics: all time\n\nAll incidents (UTC dates); maintenance is not counted. "
        "As of 2026-04-10 12:00 UTC.\n\n8 incidents.\n")
    assert "From every postmortem." in result.output


def test_until_must_be_after_since(root: Path) -> None:
    result = run(root, "--since", "2026-04-01", "--until", "2026-04-01")
    assert result.exit_code == 2
    assert "Invalid value for --until: 2026-04-01 is not after --since 2026-04-01; " \
        "--until is the day after the period" in result.output


def test_content_errors_are_refused(tmp_path: Path) -> None:
    write_site(tmp_path, {"bad": incident_text(severity="SEV9")})
    result = subprocess.run(
        [sys.executable, "-m", "statuspress", "report", "-f", str(tmp_path / "mkdocs.yml")],
        capture_output=True, text=True, env={**ENV, "PATH": ""},
    )
    assert result.returncode == 1
    assert result.stdout == ""
    # Only the error lines (the validation message itself is tested with the loader).
    assert result.stderr.startswith("incidents/bad.md:3: error: `severity` is `SEV9`, which is not declared")
    assert result.stderr.count("\n") == 1


def test_rounded_duration_rounds_half_up_to_the_unit_shown() -> None:
    assert rounded_duration(timedelta(seconds=220)) == "4 min"  # 3 min 40 s
    assert rounded_duration(timedelta(seconds=209)) == "3 min"  # 3 min 29 s
    assert rounded_duration(timedelta(minutes=59, seconds=30)) == "1 h"
    assert rounded_duration(timedelta(days=14, hours=18, minutes=30)) == "14 d 19 h"
    assert rounded_duration(timedelta(seconds=29.5)) == "30 s"
    assert rounded_duration(None) == ""
