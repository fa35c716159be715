"""One mistake, one error: a broken incident file does not also break its
postmortem's reference, and an over-indented key gets an indentation hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.sites import incident_text, load, write_site

POSTMORTEM = """
    ---
    title: API errors
    incidents: [2026-03-14-api]
    ---
    ## Summary
    """


def problems(root: Path) -> list[tuple[str, int, str, str]]:
    return [(p.path, p.line, p.level, p.message) for p in load(root).problems if p.level == "error"]


def test_an_unreadable_incident_is_reported_once(tmp_path: Path) -> None:
    broken = incident_text().replace("title: API errors", "title: [unclosed")
    write_site(tmp_path, incidents={"2026-03-14-api": broken}, postmortems={"2026-03-18-api": POSTMORTEM})
    found = problems(tmp_path)
    # The line that opens the list: libyaml notices only where the next key starts.
    assert [(path, line) for path, line, _, _ in found] == [("incidents/2026-03-14-api.md", 2)]
    assert not any("no incident with that id" in message for *_, message in found)


def test_a_postmortem_naming_a_missing_incident_is_still_an_error(tmp_path: Path) -> None:
    write_site(tmp_path, postmortems={"2026-03-18-api": POSTMORTEM})
    assert problems(tmp_path) == [(
        "postmortems/2026-03-18-api.md", 3, "error",
        "`incidents` names `2026-03-14-api`, but there is no incident with that id",
    )]


def test_an_over_indented_key_gets_an_indentation_hint(tmp_path: Path) -> None:
    over = incident_text().replace("\nseverity: SEV2", "\n  severity: SEV2")
    write_site(tmp_path, incidents={"2026-03-14-api": over})
    assert problems(tmp_path) == [(
        "incidents/2026-03-14-api.md", 3, "error",
        ("invalid YAML: mapping values are not allowed in this context (`severity:` is indented more than "
         "`title:` on the line above, so YAML reads it as part of that value; indent it like the keys around it)"),
    )]


def test_a_colon_in_a_value_still_asks_for_quotes(tmp_path: Path) -> None:
    colon = incident_text().replace("title: API errors", "title: API errors: EU")
    write_site(tmp_path, incidents={"2026-03-14-api": colon})
    assert problems(tmp_path) == [(
        "incidents/2026-03-14-api.md", 2, "error",
        "invalid YAML: the value of `title` holds `: `, which YAML reads as the start of another key; put the "
        "whole value in quotes (`title: \"API errors: EU\"`)",
    )]


def test_an_unclosed_bracket_is_reported_where_it_opens(tmp_path: Path) -> None:
    unclosed = incident_text(components="[api, web").replace("title: API errors", "title: {unclosed: yes")
    write_site(tmp_path, incidents={"2026-03-14-api": unclosed})
    assert problems(tmp_path) == [(
        "incidents/2026-03-14-api.md", 2, "error",
        "invalid YAML: the `{` on this line is not closed with `}` (YAML read on to line 3 looking for it); "
        "close it, or quote the value if the `{` is part of it",
    )]
    write_site(tmp_path, incidents={"2026-03-14-api": incident_text(components="[api, web")})
    line = next(number for number, text in enumerate(incident_text(components="[api, web").lstrip("\n").split("\n"), 1)
                if text.startswith("components:"))
    assert problems(tmp_path) == [(
        "incidents/2026-03-14-api.md", line, "error",
        f"invalid YAML: the `[` on this line is not closed with `]` (YAML read on to line {line + 1} looking for "
        "it); close it, or quote the value if the `[` is part of it",
    )]


@pytest.mark.parametrize(("title", "message"), [
    ("[EU] API errors", "invalid YAML: the value of `title` starts with `[`, so YAML reads it as a list, and the text "
                        'after its closing bracket `]` is not YAML; put the whole value in quotes '
                        '(`title: "[EU] API errors"`)'),
    ("{EU} API errors", "invalid YAML: the value of `title` starts with `{`, so YAML reads it as a mapping, and the "
                        'text after its closing brace `}` is not YAML; put the whole value in quotes '
                        '(`title: "{EU} API errors"`)'),
])
def test_a_value_that_starts_with_a_bracket_asks_for_quotes(tmp_path: Path, title: str, message: str) -> None:
    bracketed = incident_text().replace("title: API errors", f"title: {title}")
    write_site(tmp_path, incidents={"2026-03-14-api": bracketed})
    assert problems(tmp_path) == [("incidents/2026-03-14-api.md", 2, "error", message)]


@pytest.mark.parametrize(("title", "message"), [
    ('"API errors', "invalid YAML: the `\"` on this line is not closed with `\"` (YAML read on to line {end} looking "
                    'for it); close it; a `"` inside a value in double quotes is written `\\"`, or use single quotes'),
    ("'API errors", "invalid YAML: the `'` on this line is not closed with `'` (YAML read on to line {end} looking "
                    "for it); close it; a `'` inside a value in single quotes is written twice (`'it''s down'`), or "
                    "use double quotes"),
    ("'it's down'", "invalid YAML: the value of `title` is in quotes, and there is text after its closing `'`; a `'` "
                    "inside a value in single quotes is written twice (`'it''s down'`), or use double quotes"),
])
def test_a_quote_left_open_or_closed_too_early_is_named_on_its_line(tmp_path: Path, title: str, message: str) -> None:
    # libyaml said "found unexpected end of stream" at the front-matter's last line.
    text = incident_text().replace("title: API errors", f"title: {title}")
    write_site(tmp_path, incidents={"2026-03-14-api": text})
    end = text.lstrip("\n").split("\n").index("---", 1)  # the closing fence's line, less one
    assert problems(tmp_path) == [("incidents/2026-03-14-api.md", 2, "error", message.format(end=end))]


@pytest.mark.parametrize(("quote", "advice"), [
    ('"', 'a `"` inside a value in double quotes is written `\\"`, or use single quotes'),
    ("'", "a `'` inside a value in single quotes is written twice (`'it''s down'`), or use double quotes"),
])
def test_a_quote_left_open_on_the_last_line_is_named_on_its_line(tmp_path: Path, quote: str, advice: str) -> None:
    # The front-matter ends without a line break, so libyaml's "found unexpected end
    # of stream" came on the line of the quote itself, where no other rule looked.
    text = incident_text(extra=f"title: {quote}API down").replace("title: API errors\n", "", 1)
    write_site(tmp_path, incidents={"2026-03-14-api": text})
    line = text.lstrip("\n").split("\n").index("---", 1)
    assert problems(tmp_path) == [(
        "incidents/2026-03-14-api.md", line, "error",
        f"invalid YAML: the `{quote}` on this line is not closed with `{quote}` (YAML read on to the end of the "
        f"front-matter looking for it); close it; {advice}",
    )]
