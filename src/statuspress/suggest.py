""""Did you mean …?": the closest known word to a typo, shared by every message."""

from __future__ import annotations

import difflib
from collections.abc import Sequence


def closest(word: str, choices: Sequence[str]) -> str | None:
    """The closest choice to a misspelt ``word``, if any is close enough."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not found:
        lowered = {c.lower(): c for c in choices}
        return lowered.get(word.lower())
    return found[0]
