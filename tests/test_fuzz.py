"""Property-based fuzzing of the content format (issue 15, "Done means").

Valid incident, maintenance and postmortem files and ``mkdocs.yml`` are mutated by
hypothesis. For every input, ``validate`` either accepts it or reports
``path:line: level: message`` lines, never a traceback and never a hang; and
whatever it accepts builds. Content mutations are rendered for both audiences by the
core and every file written (as the plugin and MkDocs do); ``mkdocs.yml`` mutations get
a real MkDocs build.

The ``ci`` profile is deterministic (``derandomize``) and takes about a minute; set
``STATUSPRESS_FUZZ=long`` for a random, longer run (``STATUSPRESS_FUZZ_EXAMPLES``
examples per test, 2,000 by default) that keeps its examples in ``.hypothesis/``. Every input that ever failed is kept in ``tests/fuzz_regressions.py``
and replayed first.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz_regressions import CONFIG_REGRESSIONS, CONTENT_REGRESSIONS, MARKDOWN_REGRESSIONS
from tests.support.builds import mkdocs_build
from tests.support.fuzzing import SEEDS, Mutation, check_site, mutations, time_limit, write_mutated

_CHECKS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
settings.register_profile("ci", deadline=None, derandomize=True, database=None, suppress_health_check=_CHECKS,
                          print_blob=True)
settings.register_profile("long", deadline=None, suppress_health_check=_CHECKS, print_blob=True,
                          max_examples=2000)
PROFILE = os.environ.get("STATUSPRESS_FUZZ", "ci")
CONTENT_EXAMPLES = 40 if PROFILE == "ci" else int(os.environ.get("STATUSPRESS_FUZZ_EXAMPLES", "2000"))
CONFIG_EXAMPLES = 8 if PROFILE == "ci" else CONTENT_EXAMPLES // 6

CONTENT = [path for path in SEEDS if path != "mkdocs.yml"]
#: One input may take this long, validation and build together; more is a hang.
LIMIT = 60


def test_the_seed_site_is_valid_and_builds(tmp_path: Path) -> None:
    write_mutated(tmp_path / "site", [])
    assert check_site(tmp_path / "site", tmp_path / "out")


def _content(edits: list[Mutation], tmp: Path) -> None:
    write_mutated(tmp / "site", edits)
    with time_limit(LIMIT):
        check_site(tmp / "site", tmp / "out")


@pytest.mark.parametrize("edits", CONTENT_REGRESSIONS, ids=range(len(CONTENT_REGRESSIONS)))
def test_content_regressions(edits: list[Mutation], tmp_path: Path) -> None:
    _content(edits, tmp_path)


@pytest.mark.parametrize("edits", MARKDOWN_REGRESSIONS, ids=range(len(MARKDOWN_REGRESSIONS)))
def test_markdown_regressions(edits: list[Mutation], tmp_path: Path) -> None:
    _content(edits, tmp_path)


@settings(settings.get_profile(PROFILE), max_examples=CONTENT_EXAMPLES)
@given(edits=mutations(CONTENT))
def test_mutated_content_validates_cleanly_and_builds(
    edits: list[Mutation], tmp_path_factory: pytest.TempPathFactory,
) -> None:
    _content(edits, tmp_path_factory.mktemp("fuzz"))


@settings(settings.get_profile(PROFILE), max_examples=CONTENT_EXAMPLES)
@given(edits=mutations(CONTENT, modes=("value", "value", "body")))
def test_hostile_text_in_valid_files_builds(edits: list[Mutation], tmp_path_factory: pytest.TempPathFactory) -> None:
    """Hostile text where free text goes (titles, messages, notes, bodies): mostly
    accepted, so this is the half that checks "what validate accepts builds"."""
    _content(edits, tmp_path_factory.mktemp("fuzz"))


def _config(edits: list[Mutation], tmp: Path) -> None:
    write_mutated(tmp / "site", edits)
    with time_limit(LIMIT):
        if check_site(tmp / "site", tmp / "out"):
            mkdocs_build(tmp / "site", at="2026-03-20T12:00:00Z", site_dir=tmp / "mkdocs-site")


@pytest.mark.parametrize("edits", CONFIG_REGRESSIONS, ids=range(len(CONFIG_REGRESSIONS)))
def test_config_regressions(edits: list[Mutation], tmp_path: Path) -> None:
    _config(edits, tmp_path)


@settings(settings.get_profile(PROFILE), max_examples=CONFIG_EXAMPLES)
@given(edits=mutations(["mkdocs.yml"], max_edits=2))
def test_mutated_mkdocs_yml_validates_cleanly_and_builds(
    edits: list[Mutation], tmp_path_factory: pytest.TempPathFactory,
) -> None:
    _config(edits, tmp_path_factory.mktemp("fuzz"))
