"""Every Markdown text renders in time linear in its length (issue 15, item 1).

python-markdown took 4.4 s for ``[a](`` typed 4,000 times and hung on 30,000 ``[``;
a message may be 1 MiB. Each pathological shape below is rendered at two sizes, ten
times apart (``to_html`` and ``to_text``, nothing cached): a quadratic renderer
spends ten times as long per character on the larger one, a linear one about as
long. The check allows four times as long, so that a busy shared machine does not
fail it (cmark-gfm's bounded look-backs also cost a little more per character until
their bound is reached): the fastest of three runs (a neighbour only ever adds
time), the two sizes taken in turn, tens of thousands of characters each.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from statuspress.render import markdown


def _repeat(unit: str, tail: str = "") -> Callable[[int], str]:
    return lambda n: unit * (n // len(unit)) + tail


def _growing_runs(n: int) -> str:
    """Backtick runs of lengths 1, 2, 3, ... (each closes none of the earlier ones)."""
    parts, size, length = [], 0, 1
    while size < n:
        parts.append("`" * length + "a")
        size += length + 1
        length += 1
    return "".join(parts)


def _deepening_lists(n: int) -> str:
    lines, size, depth = [], 0, 0
    while size < n:
        line = "  " * depth + "- item\n"
        lines.append(line)
        size += len(line)
        depth += 1
    return "".join(lines)


def _nested(opener: str, middle: str, closer: str) -> Callable[[int], str]:
    def text(n: int) -> str:
        count = n // (len(opener) + len(closer))
        return opener * count + middle + closer * count
    return text


PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    # nested brackets and link openers
    "[ run": _repeat("["),
    "] run": _repeat("]"),
    "[[[a]]]": _nested("[", "a", "]"),
    "[[[a](b)](b)](b)": _nested("[", "a", "](b)"),
    "![![a](b)](b)": _nested("![", "a", "](b)"),
    "[a]( run": _repeat("[a]("),
    "[a](< run": _repeat("[a](<"),
    '[a](b " run': _repeat('[a](b "'),
    "[a]( then ( run": lambda n: "[a](" + "(" * n,
    "[a]: definitions": _repeat("[a]: "),
    # emphasis runs
    "* run": _repeat("*"),
    "_ run": _repeat("_"),
    "*a_ run": _repeat("*a_"),
    "**a**": _nested("**", "a", "**"),
    "a**b_c run": _repeat("a**b_c"),
    "*a space run": _repeat("*a "),
    "~~a run": _repeat("~~a"),
    "*_~ run": _repeat("*_~"),
    # backticks
    "` run": _repeat("`"),
    "growing ` runs": _growing_runs,
    # HTML openers
    "< run": _repeat("<"),
    "<a  run": _repeat("<a "),
    '<a href=" run': _repeat('<a href="'),
    "<div> run": _repeat("<div>"),
    "<b id> run": lambda n: "".join(f"<b id={i}>" for i in range(n // 9)),
    "<!-- run": _repeat("<!--"),
    "<? run": _repeat("<?"),
    "<![CDATA[ run": _repeat("<![CDATA["),
    "<!A run": _repeat("<!A "),
    "<p><b> then paragraphs": lambda n: "<p>" + "<b id=x>" * (n // 20) + "\n\n" + "x\n\n" * (n // 6),
    # deep quotes and lists
    "> run": _repeat(">", " a"),
    "> space run": _repeat("> ", "a"),
    "- run": _repeat("- ", "a"),
    "* run of items": _repeat("* ", "a"),
    "1. run": _repeat("1. ", "a"),
    "> - run": _repeat("> - ", "a"),
    "deepening list lines": _deepening_lists,
    # tables and autolinks
    "wide table": lambda n: "|a" * (n // 4) + "\n" + "|-" * (n // 4) + "\n",
    "table with empty rows": lambda n: "|a|b|\n|-|-|\n" + "|\n" * (n // 2),
    "www. run": _repeat("www."),
    "a@ run": _repeat("a@"),
    "long URL": lambda n: "http://" + "a." * (n // 2),
    "&# run": _repeat("&#"),
    "& run": _repeat("& "),
    "& in a URL": lambda n: "[a](http://example.com/?" + "a&" * (n // 2) + ")",
    "& in code": lambda n: "`" + "&" * n + "`",
    "& in raw HTML": lambda n: "<b>x</b> " + "&amp;" * (n // 5),
}

#: Characters at the smaller size (the larger is ten times more): a multiple of every
#: repeated unit's length above is not needed, the sizes only have to be ten apart.
SMALL = 20_000


def _seconds_per_char(text: str) -> float:
    markdown._convert.cache_clear()
    started = time.perf_counter()
    markdown.to_html(text)
    markdown.to_text(text)
    return (time.perf_counter() - started) / len(text)


@pytest.mark.parametrize("shape", PATHOLOGICAL)
def test_rendering_time_grows_linearly(shape: str) -> None:
    small, large = PATHOLOGICAL[shape](SMALL), PATHOLOGICAL[shape](10 * SMALL)
    assert 9 * len(small) <= len(large) <= 11 * len(small)
    rates: dict[str, list[float]] = {"small": [], "large": []}
    for _ in range(3):
        rates["small"].append(_seconds_per_char(small))
        rates["large"].append(_seconds_per_char(large))
    small_rate, large_rate = min(rates["small"]), min(rates["large"])
    assert large_rate <= 4 * small_rate, (
        f"{shape}: {1e9 * small_rate:.0f} ns/char at {len(small):,} chars, "
        f"{1e9 * large_rate:.0f} ns/char at {len(large):,}"
    )
