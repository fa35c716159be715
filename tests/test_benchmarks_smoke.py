"""The benchmarks' synthetic-site generator must keep producing valid content: a
generator that rots would make every benchmark time the error path."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from statuspress.checks.process import process_checks
from statuspress.content import load_site
from statuspress.load import load_site_config

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_synth", BENCHMARKS / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_generated_site_validates_with_zero_errors(tmp_path: Path) -> None:
    synth = _synth()
    written = synth.generate_site(tmp_path / "site", 20)
    site = load_site(load_site_config(written.config_file), written.root)

    errors = [p.format() for p in site.problems if p.level == "error"]
    errors += [p.format() for p in process_checks(site, synth.AS_OF) if p.level == "error"]
    assert errors == []
    assert len(site.incidents) == 20
    assert len(site.postmortems) == 4
    assert sorted(i.id for i in site.incidents) == sorted(written.incident_ids)
    # The two newest are the pages that depend on the as-of time: an open incident
    # and a maintenance that has not started.
    newest = {i.id: i for i in site.incidents if i.id in written.time_dependent_ids}
    assert len(newest) == 2
    assert sorted((i.type, i.is_open) for i in newest.values()) == [("incident", True), ("maintenance", True)]
    assert all(pm.incidents[0] in site.incidents_by_id for pm in site.postmortems)


def test_generator_is_deterministic(tmp_path: Path) -> None:
    synth = _synth()
    first = synth.generate_site(tmp_path / "a", 20)
    second = synth.generate_site(tmp_path / "b", 20)
    files_a = sorted(p.relative_to(first.root) for p in first.root.rglob("*.md"))
    files_b = sorted(p.relative_to(second.root) for p in second.root.rglob("*.md"))
    assert files_a == files_b
    assert all((first.root / p).read_bytes() == (second.root / p).read_bytes() for p in files_a)
    assert first.content_bytes == second.content_bytes
