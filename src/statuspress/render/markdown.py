"""Markdown from content files -> safe HTML.

Every piece of Markdown a person wrote (update messages, incident bodies,
postmortems) goes through ``to_html`` exactly once per build: python-markdown, then
nh3 (ammonia) with an allow-list, so that no script, event handler or
``javascript:`` URL can reach a page or a feed.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown as _markdown
import nh3
from markupsafe import Markup

# magiclink (from pymdown-extensions, which Material already needs) links bare URLs,
# which real status updates are full of.
_EXTENSIONS = ["extra", "sane_lists", "smarty", "pymdownx.magiclink"]

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "code": {"class"},
    "span": {"class"},
    "div": {"class"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
}
_URL_SCHEMES = {"http", "https", "mailto"}


def sanitise(html: str) -> str:
    """Strip everything not on the allow-list (scripts, handlers, unsafe URLs)."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@lru_cache(maxsize=1)
def _converter() -> _markdown.Markdown:
    # Building a converter (loading its extensions) costs more than converting a
    # typical update message; one converter, reset before each document, is reused.
    return _markdown.Markdown(extensions=_EXTENSIONS, output_format="html")


#: One line of text that no Markdown rule or extension touches: it starts with a
#: letter (no list, heading or definition marker) and holds only letters, digits,
#: spaces and punctuation that is not Markdown syntax (no ``*_`[]<>&#|\\{}~'"@``).
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;:()%/?!=+-]*")


def plain_paragraph(text: str) -> str | None:
    """``<p>text</p>`` when python-markdown (with our extensions) and the sanitiser
    would produce exactly that, else None. Most status updates are such one-line
    sentences; skipping the full conversion for them halves the Markdown cost of a
    build. Smarty's ``--`` and ``...`` and magiclink's ``://`` and ``www.`` are left
    to the full conversion; ``tests/test_markdown_plain.py`` checks the equivalence."""
    line = text.rstrip("\n")  # a trailing newline (a YAML block scalar) changes nothing
    if not _PLAIN.fullmatch(line) or "  " in line or line.endswith(" "):
        return None
    if "--" in line or "..." in line or "://" in line or "www." in line.lower():
        return None
    return f"<p>{line}</p>"


@lru_cache(maxsize=65536)
def _convert(text: str) -> str:
    plain = plain_paragraph(text)
    if plain is not None:
        return plain
    return sanitise(_converter().reset().convert(text))


def to_html(text: str | None) -> Markup:
    """Markdown -> sanitised HTML, safe to put in a template unescaped."""
    if not text or not text.strip():
        return Markup("")
    return Markup(_convert(text))


def to_text(text: str | None) -> str:
    """Markdown -> plain text (for titles, summaries, search and plain-text messages).

    Every entity is decoded (``html.unescape``: ``&nbsp;``, ``&eacute;``...); list
    items become lines of their own, ``- item`` or ``1. item``, indented by two spaces
    per level of nesting; blocks end a line; empty lines are dropped.
    """
    if not text:
        return ""
    rendered = _convert(text)
    if "<li" not in rendered and "<br" not in rendered:
        # No list and no line break: stripping the tags is all there is to it.
        plain = html.unescape(nh3.clean(rendered, tags=set()))
        return "\n".join(line.rstrip() for line in plain.split("\n") if line.strip()).strip()
    parts: list[str] = []
    lists: list[list[int]] = []  # one counter per open list; [-1] for a bulleted one
    for token in re.split(r"(<[^>]*>)", rendered):
        if not token.startswith("<"):
            parts.append(token)
            continue
        found = re.match(r"</?\s*([a-zA-Z0-9]+)", token)
        name = found.group(1).lower() if found else ""
        closing = token.startswith("</")
        if name in ("ul", "ol"):
            if closing:
                if lists:
                    lists.pop()
            else:
                lists.append([0] if name == "ol" else [-1])
            parts.append("\n")
        elif name == "li" and not closing:
            counter = lists[-1] if lists else [-1]
            if counter[0] >= 0:
                counter[0] += 1
                marker = f"{counter[0]}. "
            else:
                marker = "- "
            parts.append("\n" + "  " * max(len(lists) - 1, 0) + marker)
        elif name == "br" or (closing and name in _TEXT_BLOCKS):
            parts.append("\n")
    lines = (line.rstrip() for line in html.unescape("".join(parts)).split("\n"))
    return "\n".join(line for line in lines if line.strip()).strip()


#: Elements whose end also ends a line of plain text.
_TEXT_BLOCKS = frozenset({
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "dt", "dd", "table",
})
