"""HTML shaped for the sanitiser to parse in linear time: nesting bounded, long text
runs split, huge attribute values dropped.

nh3 parses HTML with html5ever, a conforming HTML5 tree builder. Conforming means
that every start and end tag walks the stack of open elements (to close a ``<p>``, to
find an element "in scope") and that formatting elements such as ``<b>`` are
re-opened after the element that closed them: on ten thousand nested elements that
is a hundred million steps, and ``>`` typed ten thousand times is ten thousand
nested blockquotes. ``bound_nesting`` rewrites such HTML so that no element is
deeper than a fixed limit and every element is closed explicitly, in order. The
tree builder then never holds more than about twice the limit, and never re-opens
what it closed.

html5ever is also quadratic in the number of ``&`` in one text node or attribute
value (a message of 200,000 ``&`` took minutes). Long text runs are therefore split
by an empty comment, which the sanitiser removes (the text it outputs is the same),
and an attribute value longer than ``MAX_ATTRIBUTE`` characters is dropped.

It is not a sanitiser: nh3 still decides what may stay, and reads everything this
returns. It only leaves out tags (the text between them stays), adds end tags, and
writes a ``<`` that does not start a well-formed tag as ``&lt;``. On the HTML that
cmark-gfm writes for Markdown without raw HTML, nested less deeply than the limit,
it changes nothing the sanitiser outputs.
"""

from __future__ import annotations

import re
from itertools import accumulate

#: Deeper elements are left out (their text is kept). A list nested ten levels deep
#: with a link in its last item is about 25 levels.
MAX_DEPTH = 64
#: Text between two tags longer than this is split (by ``<!---->``), and an attribute
#: value longer than ``MAX_ATTRIBUTE`` is dropped, when the HTML holds more than
#: ``FEW_AMPERSANDS`` ``&``: below that, html5ever's cost stays linear.
MAX_TEXT_RUN = 4096
MAX_ATTRIBUTE = 16384
FEW_AMPERSANDS = 256
#: Elements whose content HTML reads as text, where a comment would be shown.
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
             "plaintext")
_TOO_LONG = f"{{{MAX_ATTRIBUTE},}}"
_LONG_ATTRIBUTE = re.compile(
    rf"\s+[^\s\"'<>/=]+\s*=\s*(?:\"[^\"]{_TOO_LONG}\"|'[^']{_TOO_LONG}'|[^\s\"'=<>`]{_TOO_LONG})"
)

#: What may follow a "<": a comment or declaration opener (its end is searched for
#: apart: a pattern that scans for it would scan to the end from every opener), an
#: end tag, or a start tag (a name, attributes with an unquoted, single- or
#: double-quoted value or none, an optional "/"). Stricter than HTML, so that
#: html5ever reads any tag matched here as this same one tag; a "<" that starts
#: anything else is written as text.
_TAG = re.compile(
    r"<(?:(?P<comment>!--)|(?P<declaration>[!?])"
    r"|/(?P<end>[A-Za-z][A-Za-z0-9-]*)\s*>"
    r"|(?P<start>[A-Za-z][A-Za-z0-9-]*)"
    r"(?:\s+[^\s\"'<>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>)?"
)

#: Elements that never have content, so never stay open.
_VOID = frozenset({
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
})
#: Foreign content switches html5ever to other parsing rules; neither is allowed by
#: the sanitiser, so the tags are left out and their content is read as HTML.
_FOREIGN = frozenset({"svg", "math"})
#: Start tags that close an open ``<p>`` (HTML's "close a p element"), headings too.
_CLOSES_P = frozenset({
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol",
    "p", "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "listing", "form", "plaintext", "table", "hr", "xmp", "li", "dd", "dt",
})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Where HTML stops looking for an open ``<p>`` ("button scope").
_P_SCOPE = frozenset({"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button"})
#: HTML's "special" elements: an ``<li>`` closes an open ``<li>`` only across
#: elements that are not special (or are address, div, p).
_SPECIAL = frozenset({
    "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote",
    "body", "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div",
    "dl", "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img",
    "input", "keygen", "li", "link", "listing", "main", "marquee", "menu", "meta", "nav",
    "noembed", "noframes", "noscript", "object", "ol", "p", "param", "plaintext", "pre", "script",
    "search", "section", "select", "source", "style", "summary", "table", "tbody", "td",
    "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul", "wbr", "xmp",
}) - {"address", "div", "p"}


#: A tag of well-formed HTML, where every ``<`` and ``>`` outside tags is escaped and
#: attribute values escape them too (cmark-gfm's output for Markdown without raw HTML).
_WELL_FORMED_TAG = re.compile(r"(<[^>]*>)")
#: The void elements cmark-gfm writes.
_WELL_FORMED_VOID = re.compile(r"<(?:br|hr|img|input)[\s/>]")


def bound_nesting(html: str, max_depth: int = MAX_DEPTH, *, well_formed: bool = False) -> str:
    """``html`` with no element nested deeper than ``max_depth``, every element
    closed explicitly and in order.

    HTML with at most ``max_depth`` tags cannot nest deeper and is returned as it
    is. ``well_formed`` HTML (every tag closed, in order, every other ``<`` and
    ``>`` escaped: what cmark-gfm writes for Markdown without a ``<``) only loses
    the tags of elements nested too deep, and is returned as it is when there are
    none."""
    if html.count("<") <= max_depth and html.count("&") <= FEW_AMPERSANDS:
        return html
    if well_formed:
        return _bound_well_formed(html, max_depth)
    return _bound_any(html, max_depth)


def split_text_runs(html: str) -> str:
    """``html`` (the sanitiser's own output: tags well-formed, attributes quoted) with
    every long text run split by an empty comment, for a second pass through nh3."""
    if html.count("&") <= FEW_AMPERSANDS:
        return html
    pieces = _SANITISED_TAG.split(html)
    pieces[0::2] = map(_split_run, pieces[0::2])
    return "".join(pieces)


#: A tag as the sanitiser writes it: attribute values always double-quoted (a ``>``
#: may stand in them unescaped).
_SANITISED_TAG = re.compile(r"(</?[A-Za-z][^\s/>]*(?:\s+[^\s=/>]+(?:=\"[^\"]*\")?)*\s*/?>)")


def _split_run(text: str) -> str:
    """``text`` with ``<!---->`` every ``MAX_TEXT_RUN`` characters, never inside a
    character reference."""
    if len(text) <= MAX_TEXT_RUN:
        return text
    parts, start = [], 0
    while len(text) - start > MAX_TEXT_RUN:
        cut = start + MAX_TEXT_RUN
        ampersand = text.rfind("&", cut - 40, cut)  # the longest reference is 33 characters
        if ampersand > start and ";" not in text[ampersand:cut]:
            cut = ampersand
        parts.append(text[start:cut])
        start = cut
    parts.append(text[start:])
    return "<!---->".join(parts)


def _cap_attributes(tag: str) -> str:
    return _LONG_ATTRIBUTE.sub("", tag) if len(tag) > MAX_ATTRIBUTE else tag


def _level_change(tag: str) -> int:
    if tag.startswith("</"):
        return -1
    return 0 if _WELL_FORMED_VOID.match(tag) else 1


def _bound_well_formed(html: str, max_depth: int) -> str:
    pieces = _WELL_FORMED_TAG.split(html)  # text, tag, text, tag, ..., text
    changes = list(map(_level_change, pieces[1::2]))
    # The level of a tag's element: the depth after a start tag, before an end tag.
    levels = [after + (change < 1) for after, change in zip(accumulate(changes), changes, strict=True)]
    for index, level in enumerate(levels):
        tag = pieces[2 * index + 1]
        pieces[2 * index + 1] = "" if level > max_depth else _cap_attributes(tag)
    pieces[0::2] = map(_split_run, pieces[0::2])
    return "".join(pieces)


class _OpenElements:
    """The elements open at a point of the output, innermost last, with a count per
    name so that "is a <p> open?" does not walk the whole stack."""

    def __init__(self, out: list[str]) -> None:
        self.names: list[str] = []
        self.count: dict[str, int] = {}
        self.out = out

    def push(self, name: str) -> None:
        self.names.append(name)
        self.count[name] = self.count.get(name, 0) + 1

    def text(self, text: str) -> str:
        """``text`` to output here: long runs split, unless HTML reads it as text."""
        if len(text) <= MAX_TEXT_RUN or any(self.count.get(name) for name in _RAW_TEXT):
            return text
        return _split_run(text)

    def close_to(self, index: int) -> None:
        """End tags for the elements from ``index`` inwards, innermost first."""
        while len(self.names) > index:
            name = self.names.pop()
            self.count[name] -= 1
            self.out.append(f"</{name}>")

    def innermost(self, names: set[str], *, stop: frozenset[str] | set[str]) -> int | None:
        """The index of the innermost open element in ``names``, unless an element
        in ``stop`` is open inside it."""
        if not any(self.count.get(name) for name in names):
            return None
        for index in range(len(self.names) - 1, -1, -1):
            if self.names[index] in names:
                return index
            if self.names[index] in stop:
                return None
        return None

    def close_implied(self, name: str) -> None:
        """Close, explicitly, what HTML closes when ``name`` starts: an open ``<p>``,
        a heading in a heading, the previous list item, definition, row or cell."""
        index: int | None = None
        if name in _CLOSES_P:
            index = self.innermost({"p"}, stop=_P_SCOPE)
            if index is not None:
                self.close_to(index)
        if name in _HEADINGS and self.names and self.names[-1] in _HEADINGS:
            self.close_to(len(self.names) - 1)
        if name == "li":
            index = self.innermost({"li"}, stop=_SPECIAL)
        elif name in ("dd", "dt"):
            index = self.innermost({"dd", "dt"}, stop=_SPECIAL)
        elif name in ("td", "th"):
            index = self.innermost({"td", "th"}, stop={"table"})
        elif name == "tr":
            index = self.innermost({"tr"}, stop={"table"})
        else:
            return
        if index is not None:
            self.close_to(index)


def _bound_any(html: str, max_depth: int) -> str:
    out: list[str] = []
    elements = _OpenElements(out)
    position = 0
    while True:
        opener = html.find("<", position)
        if opener < 0:
            break
        out.append(elements.text(html[position:opener]))
        match = _TAG.match(html, opener)
        assert match is not None  # the pattern matches "<" alone
        position = match.end()
        if match["comment"] or match["declaration"]:
            # Left out, up to its end (the sanitiser strips comments; HTML reads an
            # unterminated one to the end of the text).
            close = html.find("-->" if match["comment"] else ">", position)
            position = len(html) if close < 0 else close + (3 if match["comment"] else 1)
        elif match["start"]:
            name = match["start"].lower()
            if name in _FOREIGN:
                continue
            elements.close_implied(name)
            if name in _VOID:
                out.append(_cap_attributes(match.group()))
            elif len(elements.names) < max_depth:
                elements.push(name)
                out.append(_cap_attributes(match.group()))
        elif match["end"]:
            name = match["end"].lower()
            if elements.count.get(name):
                elements.close_to(len(elements.names) - 1 - elements.names[::-1].index(name))
        else:
            out.append("&lt;")
    out.append(elements.text(html[position:]))
    elements.close_to(0)
    return "".join(out)
