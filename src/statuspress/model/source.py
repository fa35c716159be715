"""Where a document came from, so that any later rule can point at a line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class Source:
    """A content file as read: its display path, the parsed front-matter with line
    marks, and where the front-matter and body start."""

    path: str
    data: Any = None
    front_line: int = 1
    body_line: int = 1
    end_line: int = 1
    _cache: dict[tuple[Any, ...], int] = field(default_factory=dict, repr=False)

    def line(self, *keys: Any) -> int:
        """The line of the deepest key on ``keys`` that exists, e.g.
        ``line("updates", 2, "status")``; the front-matter fence when none does."""
        best = self.front_line
        node = self.data
        for key in keys:
            lines = getattr(node, "key_lines", None)
            if lines is None or key not in lines:
                break
            best = lines[key]
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                break
        return best
