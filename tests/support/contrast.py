"""WCAG 2.x contrast ratios, and the custom properties of a stylesheet's blocks.

``contrast("#fff", "#1b7a3a")`` is the ratio (1 to 21) of two opaque sRGB colours;
text needs 4.5 (AA), graphics such as uptime bars and borders that carry meaning
need 3 (WCAG 1.4.11). ``properties(css, selector)`` reads the ``--name: #hex``
declarations of the first block whose selector is exactly ``selector``.
"""

from __future__ import annotations

import re


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The relative luminance of ``#rgb`` or ``#rrggbb``."""
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(d * 2 for d in hex_digits)
    r, g, b = (int(hex_digits[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def properties(css: str, selector: str) -> dict[str, str]:
    """The ``--name: #hex`` custom properties declared in ``selector { ... }``."""
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    if match is None:
        raise LookupError(f"no block {selector!r} in the stylesheet")
    return dict(re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\b", match.group(1)))
