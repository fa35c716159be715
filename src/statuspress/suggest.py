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
    """The closest choice to a misspelt ``word``, if one is close enough and no other
    is as close, else the first of its ``SYNONYMS`` among the choices."""
    best = _best(word, choices)
    return best[0] if len(best) == 1 else None if best else _other_name(word, choices)


def meant(word: str, choices: Sequence[str]) -> str | None:
    """What a "did you mean …?" names for a misspelt ``word``: the closest choice in
    backticks, or the two or three equally close ones (`` `SEV1` or `SEV2` ``), in
    the order of ``choices``; None when none is close, or more are equally close (the
    message's list of choices says more than a guess then)."""
    best = _best(word, choices)
    if not best:
        other = _other_name(word, choices)
        return f"`{other}`" if other is not None else None
    if len(best) > _MOST_TIED:
        return None
    quoted = [f"`{choice}`" for choice in best]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


#: At most this many equally close choices are named in a guess.
_MOST_TIED = 3
#: How alike a word and a choice must be (``difflib``'s ratio) to be guessed.
_CUTOFF = 0.6


def _best(word: str, choices: Sequence[str]) -> list[str]:
    """The choices closest to ``word`` with at least ``_CUTOFF``'s likeness, all of
    them when several are equally close (``difflib.get_close_matches`` would pick one
    of those by their spelling), in the order of ``choices``."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    scored = []
    for choice in dict.fromkeys(choices):
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
            ratio = matcher.ratio()
            if ratio >= _CUTOFF:
                scored.append((ratio, choice))
    top = max((ratio for ratio, _ in scored), default=None)
    return [choice for ratio, choice in scored if ratio == top]


def _other_name(word: str, choices: Sequence[str]) -> str | None:
    """The choice ``word`` names in another case, or as another type's name for it."""
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    return next((synonym for synonym in SYNONYMS.get(word.lower(), ()) if synonym in choices), None)
