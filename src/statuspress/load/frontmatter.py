"""Splitting a content file into its YAML front-matter and Markdown body.

Everything that can go wrong before YAML parsing is caught here: size, encoding,
emptiness and the fences. Each failure is one message a tired engineer can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 1024 * 1024

#: Characters XML 1.0 cannot hold: the feeds, the calendar and the sitemap would
#: refuse them at build time, so they are refused when the file is read.
UNPUBLISHABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def unpublishable_message(char: str) -> str:
    """What to say about a character that cannot be published."""
    kind = "control character" if char < " " else "non-character"
    return (
        f"the {kind} U+{ord(char):04X} cannot be published (RSS, Atom and XML refuse it); "
        "remove it"
    )


@dataclass(frozen=True)
class Split:
    """A file's front-matter text and body, with the line numbers they start at."""

    yaml_text: str
    yaml_line: int  # the line number of the first YAML line
    body: str
    body_line: int
    end_line: int  # the last line of the file


class SplitError(Exception):
    """The file cannot be split; ``line`` and ``message`` say why."""

    def __init__(self, line: int, message: str, code: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.code = code


_FENCE_HELP = "a content file starts with a line `---`, then YAML keys such as `title: ...`, then another `---` line"


def split_document(raw: bytes) -> Split:
    """Decode ``raw`` and split it; raise ``SplitError`` when it cannot be read."""
    if len(raw) > MAX_BYTES:
        raise SplitError(
            1,
            f"the file is {len(raw) / MAX_BYTES:.1f} MiB; content files are limited to 1 MiB "
            "(move long logs or data to a linked document)",
            "too-large",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SplitError(
            line,
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X} on line {line}); "
            "save it with UTF-8 encoding",
            "encoding",
        ) from None
    if "\r" in text:
        # A lone CR is a line break to YAML and to editors; count it as one too.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SplitError(1, f"the file is empty; {_FENCE_HELP}", "empty")
    if "\x00" in text:
        raise SplitError(1, "the file contains NUL bytes; it does not look like a text file", "encoding")
    bad = UNPUBLISHABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise SplitError(line, unpublishable_message(bad.group()), "character")

    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise SplitError(1, f"missing front-matter: {_FENCE_HELP}", "fence")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            close = index
            break
    else:
        raise SplitError(
            1,
            "the front-matter opened on line 1 is never closed: add a line `---` after the last key",
            "fence",
        )
    yaml_text = "\n".join(lines[1:close])
    body = "\n".join(lines[close + 1 :])
    end_line = len(lines) - 1 if text.endswith("\n") else len(lines)
    return Split(yaml_text, 2, body, close + 2, max(end_line, 1))
