"""The real GitHub status-history corpus, imported, passes statuspress validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from statuspress.content import load_site
from statuspress.importers.statuspage_jsonl import import_jsonl
from statuspress.load import load_site_config
from tests.support.corpora import GITHUB_STATUS as CORPUS
from tests.support.corpora import github_corpus  # noqa: F401  (a fixture)


@pytest.mark.usefixtures("github_corpus")
def test_imported_corpus_has_no_errors(tmp_path: Path) -> None:
    summary = import_jsonl(CORPUS, tmp_path)
    config = load_site_config(tmp_path / "mkdocs.yml")
    site = load_site(config, tmp_path)
    errors = [p.format() for p in site.problems if p.level == "error"]
    assert errors == []
    assert len(site.incidents) == summary.written == 819
    assert sum(i.is_maintenance for i in site.incidents) == summary.maintenance
    assert not any(i.is_open for i in site.incidents)
    # Components given as a list take the status the impact implies.
    assert all(set(i.affected) == set(i.components) for i in site.incidents)
