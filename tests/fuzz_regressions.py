"""Every input the fuzz test (tests/test_fuzz.py) ever failed on, replayed on each run.

Each case is a list of edits to the seed site of ``tests/support/fuzzing.py``.
"""

from __future__ import annotations

from tests.support.fuzzing import Mutation

CONTENT_REGRESSIONS: list[list[Mutation]] = [
]

#: Hangs of python-markdown's quadratic link parsing (issue 15, item 1), fixed by the
#: switch to cmark-gfm.
MARKDOWN_REGRESSIONS: list[list[Mutation]] = [
    [Mutation(path="incidents/2026-03-14-api.md", start=0.8, end=0.8, insert="[a](" * 500, repeat=20, mode="body")],
]

CONFIG_REGRESSIONS: list[list[Mutation]] = [
    # `theme: {"n!!float xame": material}`: validate said OK, MkDocs refused the theme.
    [Mutation(path="mkdocs.yml", start=0.25, end=0.25, insert="!!float x", repeat=1)],
]
