"""What the property-based fuzz test (tests/test_fuzz.py) mutates and how it checks
one input.

``SEEDS`` are valid files of each kind; ``mutations()`` is a hypothesis strategy of
edits to one of them (insert, delete, duplicate or replace text, biased towards what
breaks YAML, Markdown, feeds and file systems). ``check_site(root)`` runs
``statuspress validate`` and, when it accepts the site, renders every output of both
audiences and writes each file, as the build does.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from hypothesis import strategies as st

from statuspress.build import build_outputs
from statuspress.content import load_site
from statuspress.load import load_site_config
from statuspress.model.config import SiteConfig
from statuspress.render.site import ShellContext
from statuspress.render.templating import make_environment
from tests.support.cli import EPOCH, statuspress
from tests.support.sites import incident_text, maintenance_text, site_config_yaml

SECTIONS = ["Summary", "Impact", "Timeline", "Root Cause", "Contributing Factors", "What Went Well",
            "What Went Poorly"]

POSTMORTEM = textwrap.dedent("""\
    ---
    title: API errors after a config rollout
    incidents: [2026-03-14-api]
    status: published
    visibility: public
    date: 2026-03-18
    authors: [Dana Ortiz]
    services: [api]
    tags: [config-change]
    root_cause: config-change
    action_items:
      - title: Validate config in CI
        owner: Sam Lee
        due: 2026-04-01
        link: https://tracker.example/OPS-1
    ---
    """) + "\n".join(f"## {title}\n\nSome *text* with [a link](https://example.com/).\n" for title in SECTIONS)

#: file path -> a valid text; the site they make validates and builds.
SEEDS: dict[str, str] = {
    "mkdocs.yml": site_config_yaml(),
    "incidents/2026-03-14-api.md": incident_text(
        extra="internal:\n  commander: Dana\n  notes: Free text.", body="The API returned **errors**."),
    "incidents/2026-03-18-db.md": maintenance_text(
        start="2026-03-18T22:00:00Z", end="2026-03-18T23:00:00Z",
        updates=[("2026-03-17T09:00:00Z", "scheduled")], resolved="2026-03-18T22:40:00Z"),
    "incidents/2026-03-25-db.md": maintenance_text(start="2026-03-25T22:00:00Z", end="2026-03-25T23:00:00Z"),
    "postmortems/2026-03-14-api.md": POSTMORTEM,
}

#: Fragments that broke something once, or break parsers in general.
HOSTILE = [
    "!!float x", "!!int x", "!!bool maybe", "!!map [1]", "!!seq x", "!!timestamp x", "!!binary x", "!!binary AQ==", "!!set {a}",
    "9" * 4301, "1e999", "-.inf", ".nan", "0x" + "f" * 50, "9999-12-31T23:59:59-01:00",
    "0001-01-01T00:30:00+01:00", "2026-02-30T09:00:00Z", "2026-03-14", "\u2028", "\u2029", "\x85", "\r", "\r\n",
    "\t", "\x01", "\x1b", "\ufffe", "\ufeff", "\\x01", '"\\x0c"', '"\\uFFFE"', "javascript:alert(1)",
    " JaVaScRiPt:alert(1)", "data:text/html,x", "&a ", "*a", "<<: *a", "<<: {x: 1}", "? [a]", "{", "}", "[", "]",
    ": ", "- ", "#", "'", '"', "|", ">", "~", "null", "---", "...", "%YAML 1.1", "@", "`",
    "x" * 300, "index.html", "../../etc/passwd", "a?b#c%2F", "\n", "\n\n", "  ", "é", "🙂", "\u202e",
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "{{ 7*7 }}", "{% raw %}",
    "[x]: javascript:alert(1)", "<<: *" + "a" * 5, "&anchor [*anchor]",
]

#: Markdown that python-markdown parsed in quadratic time (issue 15, item 1); cmark-gfm
#: and render/nesting.py keep rendering linear in it.
MARKDOWN_PATHOLOGICAL = ["[" * 3000, "[a](" * 500, "*" * 3000, "`" * 2000, "<" * 2000, "> " * 500, "- " * 500]
HOSTILE += MARKDOWN_PATHOLOGICAL

_WORDS = st.sampled_from(HOSTILE) | st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z")), max_size=12)


#: Lines whose value is free text: a quoted string there keeps the file valid.
_VALUE_LINE = re.compile(
    r"^(\s*(?:- )?(?:title|message|notes|commander|summary|owner|name|site_name|group|description):) (.+)$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Mutation:
    """One edit of one seed file. ``raw``: replace ``text[start:end]`` with ``insert``
    (times ``repeat``). ``value``: make the value of the ``key: value`` line nearest
    ``start`` the string ``insert * repeat``, as a quoted YAML scalar (the YAML stays
    well-formed, so the edit reaches validation and, when accepted, the build).
    ``body``: append ``insert * repeat`` to the Markdown body."""

    path: str
    start: float  # fractions of the file's length, so the edit fits any seed
    end: float
    insert: str
    repeat: int
    mode: str = "raw"

    def apply(self, text: str) -> str:
        low, high = sorted((int(self.start * len(text)), int(self.end * len(text))))
        added = self.insert * self.repeat
        if self.mode == "body":
            return text + added
        if self.mode == "value":
            lines = list(_VALUE_LINE.finditer(text))
            if not lines:
                return text
            line = min(lines, key=lambda m: abs(m.start() - low))
            return text[:line.start(2)] + json.dumps(added, ensure_ascii=False) + text[line.end(2):]
        return text[:low] + added + text[high:]


def _fraction() -> st.SearchStrategy[float]:
    # Rarely the very start: breaking the opening fence is one (tested) message.
    return st.floats(min_value=0.0, max_value=1.0, allow_nan=False).map(lambda f: f if f > 0.02 else f + 0.02)


@st.composite
def _mutation(draw: st.DrawFn, paths: list[str], modes: tuple[str, ...]) -> Mutation:
    path = draw(st.sampled_from(paths))
    start = draw(_fraction())
    # Mostly insertions and small replacements; sometimes a large cut.
    end = draw(st.one_of(st.just(start), _fraction().map(lambda f: start + (f - start) * 0.05), _fraction()))
    insert = draw(st.one_of(_WORDS, st.lists(_WORDS, max_size=6).map(" ".join), st.just("")))
    repeat = draw(st.sampled_from([1, 1, 1, 2, 3, 20, 300]))
    mode = draw(st.sampled_from(modes))
    return Mutation(path, start, end, insert, repeat, mode)


def mutations(
    paths: list[str], max_edits: int = 3, modes: tuple[str, ...] = ("raw", "value", "value", "body"),
) -> st.SearchStrategy[list[Mutation]]:
    """One to ``max_edits`` edits of the seed files at ``paths``. With ``modes``
    ``("value", "body")`` most inputs stay valid, which tests the build rather than
    the messages."""
    return st.lists(_mutation(paths, modes), min_size=1, max_size=max_edits)


def write_mutated(root: Path, edits: list[Mutation]) -> dict[str, str]:
    """Write the seed site with ``edits`` applied into ``root`` (emptied first)."""
    shutil.rmtree(root, ignore_errors=True)
    texts = dict(SEEDS)
    for edit in edits:
        texts[edit.path] = edit.apply(texts[edit.path])
    write_texts(root, texts)
    return texts


def write_texts(root: Path, texts: dict[str, str]) -> None:
    """Write a site given as path -> text (no dedenting, newlines kept as given)."""
    (root / "pages").mkdir(parents=True, exist_ok=True)
    (root / "pages/about.md").write_text("# About\n", encoding="utf-8")
    for path, text in texts.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8", "surrogatepass"))


class Hang(Exception):
    """One input took longer than the time allowed."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise ``Hang`` in the main thread after ``seconds`` (a hang is a failure too)."""

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


#: What validate may print: problem lines, the summary, click's own usage errors.
PROBLEM_LINE = re.compile(r"^[^\n]+:\d+: (error|warning): .+$")
SUMMARY_LINE = re.compile(r"^(\d+ files? OK|(\d+ errors?)?(, )?(\d+ warnings?)? in (\d+ of )?\d+ files?)$")
AT = datetime.fromtimestamp(int(EPOCH), tz=timezone.utc)


def check_site(root: Path, out: Path) -> bool:
    """Validate ``root``; when it is accepted, render and write both audiences into
    ``out``. Returns whether it was accepted. Fails on a traceback, a line that is not
    ``path:line: level: message`` or a summary, or any error while building."""
    run = statuspress(root, "validate")
    assert run.code in (0, 1), f"validate exited {run.code}:\n{run.err}"
    for line in run.out_lines[:-1] + run.err_lines:
        assert PROBLEM_LINE.match(line), f"not a problem line: {line!r}\n{run.err}"
    if run.out_lines:
        assert SUMMARY_LINE.match(run.out_lines[-1]), run.out
    if run.code != 0:
        assert any(": error: " in line for line in run.out_lines + run.err_lines), run.out + run.err
        return False
    config = load_site_config(root / "mkdocs.yml")
    env = make_environment([])
    for audience in ("public", "internal"):
        site = load_site(replace_audience(config, audience), root)
        assert not site.has_errors
        outputs = build_outputs(site, AT, env, shell=ShellContext(site_title="Fuzz", site_url="https://s.test/"))
        target = out / audience
        shutil.rmtree(target, ignore_errors=True)
        for path, content in outputs.files.items():
            file = target / path
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(content)
        json.dumps([asdict(entry) for entry in outputs.search])
    return True


def replace_audience(config: SiteConfig, audience: str) -> SiteConfig:
    """The site config for ``audience`` (what ``STATUSPRESS_AUDIENCE`` does)."""
    return config.model_copy(update={"audience": audience})


__all__ = ["SEEDS", "Hang", "Mutation", "check_site", "mutations", "time_limit", "write_mutated", "write_texts"]
