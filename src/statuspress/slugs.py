"""Slugs: the one way statuspress turns a title or a name into part of a URL or a
file name.

``Сбой оплаты`` -> ``sboy-oplaty``, ``ログイン障害`` -> ``roguinzhanghai``,
``Élevé (EU)`` -> ``eleve-eu``: every script is transliterated to ASCII (anyascii)
before the cut to lowercase letters, digits and hyphens, so a title in another script
gets a readable slug of its own instead of a fallback shared with every other one.
"""

from __future__ import annotations

import re

from anyascii import anyascii

__all__ = ["SLUG_MAX", "slugify", "unique_slug"]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")

#: Bounded, so that a page's folder name always fits a file system's limit.
SLUG_MAX = 80


def slugify(text: str, fallback: str = "", max_length: int | None = SLUG_MAX) -> str:
    """``"Elevated API errors (EU)"`` -> ``elevated-api-errors-eu``.

    Lowercase ASCII letters, digits and hyphens, transliterated from any script; cut
    at a hyphen when longer than ``max_length`` so that no word is split;
    ``fallback`` when nothing is left (a title of only punctuation or emoji that
    has no transliteration).
    """
    slug = _NOT_SLUG.sub("-", anyascii(text).lower()).strip("-")
    if max_length is not None and len(slug) > max_length:
        head = slug[: max_length + 1]
        slug = head[: head.rfind("-")] if "-" in head else slug[:max_length]
        slug = slug.strip("-")
    return slug or fallback


def unique_slug(value: str, taken: set[str], fallback: str = "value") -> str:
    """``slugify(value)``, or ``-2``, ``-3``... appended when it is already in
    ``taken``; the result is added to ``taken``."""
    base = slugify(value, fallback)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate
