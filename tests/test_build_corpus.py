"""The 819 real incidents of GitHub's status history (2022-2026), imported with the
Statuspage converter, build into a clean public site (strict: no warning), checked
here page by page on a few incidents whose figures were read off the source."""

from __future__ import annotations

from pathlib import Path

import pytest

from statuspress.importers.statuspage_jsonl import import_jsonl
from statuspress.load import load_site_config
from tests.support.builds import cls, mkdocs_build, page, text, texts
from tests.support.corpora import GITHUB_STATUS, require

AT = "2026-08-21T00:00:00Z"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = require(GITHUB_STATUS)
    root = tmp_path_factory.mktemp("github")
    summary = import_jsonl(corpus, root)
    assert summary.written == 819
    return mkdocs_build(root, at=AT, strict=True)


def test_every_incident_has_a_page(site: Path) -> None:
    assert len(list((site / "incidents").iterdir())) == 819
    # 819 past incidents at 20 per page.
    assert texts(page(site, "history/"), "//h1") == ["Incident history page 1 of 41"]
    assert (site / "history/page/41/index.html").is_file()
    assert not (site / "history/page/42").exists()


def test_a_large_incident_page_by_page(site: Path) -> None:
    tree = page(site, "incidents/2026-03-03-incident-with-all-github-services-28769993/")
    assert texts(tree, "//h1") == ["Incident with all GitHub services"]
    assert texts(tree, f"//dl[{cls('sp-summary')}]/div") == [
        "Impact Major impact", "Status Resolved", "Started 2026-03-03 18:59 UTC",
        "Resolved 2026-03-03 20:09 UTC", "Duration 1 h 10 min",
    ]
    named = {"Git Operations", "Webhooks", "API Requests", "Issues", "Pull Requests", "Actions", "Codespaces", "Copilot"}
    # In the order the site declares them, as the JSON API and the status page list them.
    declared = [c.name for c in load_site_config(site.parent / "mkdocs.yml").components if c.name in named]
    assert len(declared) == 8
    assert texts(tree, f"//ul[{cls('sp-affected')}]/li") == [f"{name}: Partial outage" for name in declared]
    updates = tree.xpath(f"//ol[{cls('sp-updates')}]/li")
    assert len(updates) == 25
    labels = [text(u.xpath(f".//*[{cls('sp-update__stage')}]")[0]) for u in updates]
    assert labels[0] == "Resolved" and labels[-1] == "Investigating"
    assert set(labels[1:-1]) == {"Update"}
    assert [t.get("datetime") for t in (updates[0].xpath(".//time")[0], updates[-1].xpath(".//time")[0])] == [
        "2026-03-03T20:09:00Z", "2026-03-03T18:59:00Z",
    ]


def test_a_maintenance_page(site: Path) -> None:
    tree = page(site, "incidents/2025-05-29-codespaces-scheduled-maintenance-25303483/")
    assert texts(tree, f"//dl[{cls('sp-summary')}]/div") == [
        "Type Maintenance", "Status Completed",
        "Window 2025-05-29 21:30 UTC – 2025-05-31 04:30 UTC (1 d 7 h)",
        "Completed 2025-05-31 04:30 UTC",
    ]
    assert texts(tree, f"//ol[{cls('sp-updates')}]/li//*[{cls('sp-update__stage')}]") == [
        "Completed", "In progress", "Scheduled",
    ]
