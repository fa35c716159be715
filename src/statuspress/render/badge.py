"""The status badge: SVG and shields.io endpoint JSON.

``badges(snap, env)`` -> ``badge.svg`` and ``badge.json``: "status | <overall
description>", coloured by the overall indicator. The SVG comes from the template
``statuspress/badge.svg``; its widths are computed here from approximate Verdana
11 px glyph widths, and ``textLength`` pins each text to its computed width, so a
different fallback font can never overflow the badge.

The SVG is for people and speaks the site's language (``Status | Alle Systeme
betriebsbereit``); ``badge.json`` is for shields.io and other programs and stays in
English, like the JSON API.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

import jinja2

from statuspress.render.templating import localizer
from statuspress.render.text import N_
from statuspress.views.snapshot import Snapshot

__all__ = ["BADGE_TEMPLATE", "Badge", "badge_for", "badges", "text_width"]

BADGE_TEMPLATE = "statuspress/badge.svg"
LABEL = N_("status")

#: Overall indicator -> (shields.io colour name, SVG fill, SVG text colour). The
#: fills keep a contrast of at least 4.5:1 with their text (WCAG AA).
COLOURS: dict[str, tuple[str, str, str]] = {
    "none": ("green", "#2e7d32", "#fff"),
    "minor": ("yellow", "#fbc02d", "#1a1a1a"),
    "major": ("orange", "#c2410c", "#fff"),
    "critical": ("red", "#c62828", "#fff"),
    "maintenance": ("blue", "#1565c0", "#fff"),
}
LABEL_FILL = "#555"

# Approximate advance widths of Verdana at 11 px, by class of character.
_NARROW = set("iljI.,:;'!|()[] ")
_SEMI = set("frt-/\"")
_WIDE = set("mwMW%@")
_PADDING = 6  # pixels on each side of a text


def text_width(text: str) -> int:
    """The approximate width in pixels of ``text`` in Verdana 11 px (rounded up)."""
    total = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            total += 11.0  # a CJK glyph of the fallback font is about one em wide
        elif char in _NARROW:
            total += 3.6
        elif char in _SEMI:
            total += 4.6
        elif char in _WIDE:
            total += 10.0
        elif char.isupper() or char.isdigit():
            total += 7.6
        else:
            total += 6.7
    return int(total + 0.999)


@dataclass(frozen=True)
class Badge:
    """Everything the SVG template draws: texts, colours and pixel geometry."""

    label: str
    message: str
    colour: str  # the shields.io colour name
    fill: str
    text_fill: str
    label_text_width: int
    message_text_width: int

    @property
    def label_width(self) -> int:
        return self.label_text_width + 2 * _PADDING

    @property
    def message_width(self) -> int:
        return self.message_text_width + 2 * _PADDING

    @property
    def width(self) -> int:
        return self.label_width + self.message_width

    @property
    def alt(self) -> str:
        """The accessible name: ``status: All Systems Operational``."""
        return f"{self.label}: {self.message}"


def badge_for(indicator: str, description: str, label: str = LABEL) -> Badge:
    """The badge of an overall indicator (``none``, ``minor``... ``maintenance``)."""
    colour, fill, text_fill = COLOURS.get(indicator, COLOURS["none"])
    return Badge(
        label=label, message=description, colour=colour, fill=fill, text_fill=text_fill,
        label_text_width=text_width(label), message_text_width=text_width(description),
    )


def badges(snap: Snapshot, env: jinja2.Environment) -> dict[str, bytes]:
    """``badge.svg`` and the shields.io endpoint ``badge.json`` of the snapshot's status."""
    overall = snap.status.overall
    badge = badge_for(overall.indicator, overall.description)
    t = localizer(env)
    shown = badge_for(overall.indicator, t.gettext(overall.description), t.gettext(LABEL))
    svg = env.get_template(BADGE_TEMPLATE).render(badge=shown, label_fill=LABEL_FILL)
    endpoint = {"schemaVersion": 1, "label": badge.label, "message": badge.message, "color": badge.colour}
    return {
        "badge.svg": svg.encode("utf-8"),
        "badge.json": json.dumps(endpoint, ensure_ascii=False).encode("utf-8"),
    }
