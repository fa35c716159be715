"""Markdown from content files -> safe HTML.

Every piece of Markdown a person wrote (update messages, incident bodies,
postmortems) goes through ``to_html`` once per build, and reads as it does in a
GitHub pull request: GitHub-flavoured Markdown through cmark-gfm (``render/cmark``),
its nesting bounded (``render/nesting``), then nh3 (ammonia) with an allow-list, so
that no script, event handler or ``javascript:`` URL can reach a page or a feed.
Each of the three takes time linear in the length of the text, whatever the text.
The dialect is documented in ``docs/format.md``.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3
from markupsafe import Markup

from statuspress.render.cmark import gfm_to_html
from statuspress.render.nesting import bound_nesting

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "li", "mark", "ol", "p",
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
    "input": {"checked"},
}
#: A task list item's box (``- [x] done``): a checkbox, always disabled, as on GitHub.
_ATTRIBUTE_VALUES = {"input": {"type": {"checkbox"}}}
_FORCED_ATTRIBUTES = {"input": {"disabled": ""}}
_URL_SCHEMES = {"http", "https", "mailto"}


_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    tag_attribute_values=_ATTRIBUTE_VALUES,
    set_tag_attribute_values=_FORCED_ATTRIBUTES,
    url_schemes=_URL_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def sanitise(html: str, *, well_formed: bool = False) -> str:
    """Strip everything not on the allow-list (scripts, handlers, unsafe URLs).
    ``well_formed``: ``html`` is cmark-gfm's rendering of Markdown with no raw HTML."""
    return _CLEANER.clean(bound_nesting(html, well_formed=well_formed))


def render(text: str) -> str:
    """Markdown -> sanitised HTML, without the shortcut or the cache of ``to_html``."""
    return sanitise(gfm_to_html(text), well_formed="<" not in text).rstrip("\n")


#: One line of text that no Markdown rule or extension touches: it starts with a
#: letter (no list, heading or block marker) and holds only letters, digits, spaces
#: and punctuation that is not Markdown syntax (no ``*_`[]<>&#|\\{}~'"@``).
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;:()%/?!=+-]*")


def plain_paragraph(text: str) -> str | None:
    """``<p>text</p>`` when cmark-gfm and the sanitiser would produce exactly that,
    else None. Most status updates are such one-line sentences; this check costs
    a twentieth of the fixed cost of a cmark-gfm and an nh3 call. Autolinks (``://``,
    ``www.``) are left to the full conversion; ``tests/test_markdown_plain.py``
    checks the equivalence."""
    line = text.rstrip("\n")  # a trailing newline (a YAML block scalar) changes nothing
    if not _PLAIN.fullmatch(line) or line.endswith(" ") or "://" in line or "www." in line.lower():
        return None
    return f"<p>{line}</p>"


@lru_cache(maxsize=65536)
def _convert(text: str) -> str:
    plain = plain_paragraph(text)
    if plain is not None:
        return plain
    return render(text)


def to_html(text: str | None, references: str = "") -> Markup:
    """Markdown -> sanitised HTML, safe to put in a template unescaped.

    ``references``: link reference definitions (``[name]: url``) from elsewhere in
    the document, for a part of it rendered on its own (``link_definitions``)."""
    if not text or not text.strip():
        return Markup("")
    return Markup(_convert(f"{text}\n\n{references}" if references else text))


#: A link reference definition on one line: ``[PM2019-009]: ./PM2019-009.md "title"``.
_DEFINITION = re.compile(r"^ {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*\S.*$", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE)


def link_definitions(markdown: str) -> str:
    """The one-line link reference definitions of a document, outside fenced code:
    what each of its ``##`` sections needs, rendered on its own, to resolve a
    ``[text][name]`` link defined at the end of the document."""
    if "]:" not in markdown:
        return ""
    found, fenced, position = [], False, 0
    for fence in [*_FENCE.finditer(markdown), None]:
        end = fence.start() if fence is not None else len(markdown)
        if not fenced:
            found += _DEFINITION.findall(markdown, position, end)
        if fence is not None:
            fenced, position = not fenced, fence.end()
    return "\n".join(definition.strip() for definition in found)


def to_text(text: str | None) -> str:
    """Markdown -> plain text (for the JSON API, the calendar, plain-text messages,
    summaries and search).

    Every entity is decoded (``html.unescape``: ``&nbsp;``, ``&eacute;``...); blocks
    (paragraphs, headings, lists, tables, code) are separated by an empty line, as
    in the Markdown; list items become lines of their own, ``- item`` or ``1. item``,
    indented by two spaces per level of nesting; a link reads ``text (url)``, or
    ``url`` alone when that is its text. A Statuspage client shows ``body`` as it
    is, and ``statuspress import statuspage`` reads it back as Markdown, so nothing
    a reader needs may be lost here.
    """
    if not text:
        return ""
    rendered = _convert(text)
    if rendered.startswith("<p>") and rendered.count("<") == 2:
        # One paragraph and no markup (most updates): nothing to lay out.
        return _lines(html.unescape(rendered[3:-4]))
    parts: list[str] = []
    lists: list[list[int]] = []  # one counter per open list; [-1] for a bulleted one
    link: tuple[str, int] | None = None  # the open link's URL, and where its text starts in parts
    name = ""
    for token in _TAG.split(rendered):
        if not token.startswith("<"):
            if name not in _LAYOUT or token.strip() or "\n" not in token:
                parts.append(html.unescape(token))
            # else: the newline cmark-gfm writes between two blocks, not a soft line break
            continue
        found = re.match(r"</?\s*([a-zA-Z0-9]+)", token)
        name = found.group(1).lower() if found else ""
        closing = token.startswith("</")
        if name in ("ul", "ol"):
            if closing:
                if lists:
                    lists.pop()
                parts.append(_BREAK if not lists else "\n")
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
        elif name == "a":
            if not closing:
                href = _HREF.search(token)
                link = (html.unescape(href.group(1)), len(parts)) if href else None
            elif link is not None:
                url, start = link
                parts.append(_link_suffix(url, "".join(parts[start:]).strip()))
                link = None
        elif closing and name in _PARAGRAPHS:
            parts.append("\n" if lists else _BREAK)
        elif name == "hr":
            parts.append(_BREAK)
        elif name == "br" or (closing and name in _LINES):
            parts.append("\n")
        elif closing and name in ("td", "th"):
            parts.append(" ")
    return _lines("".join(parts))


def _link_suffix(url: str, text: str) -> str:
    """What follows a link's text in plain text: `` (url)``, unless the text already
    says it (an autolink: ``https://x``, ``www.x``, ``ops@x``) or the URL points
    within the page."""
    if not url or url.startswith("#") or text in (url, url.partition("://")[2], url.removeprefix("mailto:")):
        return ""
    return f" ({url})"


def _lines(plain: str) -> str:
    """``plain`` with each line's trailing spaces and every empty line dropped (the
    HTML's own line breaks), and each run of block breaks made one empty line."""
    out: list[str] = []
    for line in plain.split("\n"):
        line = line.rstrip()
        if line == _BREAK.strip("\n"):
            if out and out[-1]:
                out.append("")
        elif line.strip():
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


#: A block break in the text being laid out: a line of its own, made an empty line
#: at the end (the HTML's own newlines are dropped, so they cannot be told apart).
_BREAK = "\n\x00\n"
#: A tag as the sanitiser writes it: attribute values double-quoted (a ``>`` may stand in them).
_TAG = re.compile(r'(<[^>"]*(?:"[^"]*"[^>"]*)*>)')
_HREF = re.compile(r'\shref="([^"]*)"')
#: Elements whose end ends a block: an empty line follows (a line break within a list).
_PARAGRAPHS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table", "dl"})
#: Elements whose end ends a line of plain text.
_LINES = frozenset({"li", "tr", "dt", "dd"})
#: Elements around which cmark-gfm's newlines are layout, not text.
_LAYOUT = _PARAGRAPHS | _LINES | {"ul", "ol", "li", "hr", "td", "th", "thead", "tbody", "br"}
