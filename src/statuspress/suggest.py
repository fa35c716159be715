""""Did you mean …?": the closest known word to a typo, shared by every message."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

#: Words that are not misspellings of a key but another type's name for it: a
#: notice ``ends``, a maintenance window closes at ``scheduled_end``.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "ends": ("scheduled_end", "resolved"),
    "end": ("scheduled_end", "resolved"),
    "starts": ("scheduled_start", "started"),
    "start": ("scheduled_start", "started"),
}


def closest(word: str, choices: Sequence[str]) -> str | None:
    """The closest choice to a misspelt ``word``, if any is close enough, else the
    first of its ``SYNONYMS`` among the choices."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if found:
        return found[0]
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    return next((synonym for synonym in SYNONYMS.get(word.lower(), ()) if synonym in choices), None)
