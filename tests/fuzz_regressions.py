"""Every input the fuzz test (tests/test_fuzz.py) ever failed on, replayed on each run.

Each case is a list of edits to the seed site of ``tests/support/fuzzing.py``.
"""

from __future__ import annotations

from tests.support.fuzzing import Mutation

CONTENT_REGRESSIONS: list[list[Mutation]] = [
]

CONFIG_REGRESSIONS: list[list[Mutation]] = [
    # `theme: {"n!!float xame": material}`: validate said OK, MkDocs refused the theme.
    [Mutation(path="mkdocs.yml", start=0.25, end=0.25, insert="!!float x", repeat=1)],
]
