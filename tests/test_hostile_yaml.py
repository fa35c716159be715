"""YAML that once crashed ``validate`` with a traceback, or pointed at the wrong line:
each is now one ``path:line: error:`` with an exact message (issue 15, items 4 and 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import statuspress
from tests.support.sites import incident_text, site_config_yaml, write_site

NAME = "incidents/2026-03-14-api.md"


def _validate_incident(root: Path, text: str) -> list[str]:
    write_site(root, incidents={"2026-03-14-api": text})
    run = statuspress(root, "validate")
    assert run.code == 1, run.out + run.err
    assert run.err == ""
    return run.out_lines


@pytest.mark.parametrize(("title", "message"), [
    ("!!float x", "`x` is not a valid `!!float`; quote it or fix it"),
    ("!!int x", "`x` is not a valid `!!int`; quote it or fix it"),
    ("!!bool maybe", "`maybe` is not a valid `!!bool`; quote it or fix it"),
    ("!!map [1]", "`!!map` tag on a value that is not a mapping; remove the tag"),
    ("!!seq x", "`!!seq` tag on a value that is not a list; remove the tag"),
    ("!!int ''", "`` is not a valid `!!int`; quote it or fix it"),
    ("!!binary AQ==", "`!!binary` values are not allowed; write the text itself"),
    ("9" * 4301, "a number of 4,301 digits is longer than the 4,300 digits statuspress reads; quote it if it is text"),
])
def test_yaml_tags_and_huge_numbers_are_errors_at_their_line(tmp_path: Path, title: str, message: str) -> None:
    text = incident_text().replace("title: API errors", f"title: {title}")
    assert _validate_incident(tmp_path, text) == [f"{NAME}:2: error: {message}", "1 error in 1 file"]


def test_a_timestamp_tag_on_text_leaves_text(tmp_path: Path) -> None:
    """`!!timestamp x` is not a time; as a title it is the text `x`."""
    write_site(tmp_path, incidents={"2026-03-14-api": incident_text().replace(
        "title: API errors", "title: !!timestamp x")})
    assert statuspress(tmp_path, "validate").out_lines == ["1 file OK"]


@pytest.mark.parametrize(("key", "value", "line"), [
    ("resolved", "9999-12-31T23:59:59-01:00", 6),
    ("started", "0001-01-01T00:30:00+01:00", 5),
])
def test_times_at_the_edges_of_the_calendar_are_errors(tmp_path: Path, key: str, value: str, line: int) -> None:
    text = incident_text().replace(f"{key}: 2026-03-14T", f"{key}: {value} #", 1)
    assert _validate_incident(tmp_path, text) == [
        f"{NAME}:{line}: error: `{key}`: {value} is outside the years 1970 to 2099 that statuspress "
        "accepts; check the year",
        "1 error in 1 file",
    ]


def test_a_merge_key_does_not_switch_off_duplicate_detection(tmp_path: Path) -> None:
    text = incident_text().replace("title: API errors\n", (
        "title: API errors\n"
        "x-defaults: &defaults {impact: minor}\n"
        "<<: *defaults\n"
        "severity: SEV3\n"
    ))
    assert _validate_incident(tmp_path, text) == [
        f"{NAME}:6: error: key `severity` appears twice (lines 5 and 6); keep one",
        "1 error in 1 file",
    ]


def test_a_merged_key_may_still_be_overridden(tmp_path: Path) -> None:
    text = incident_text(extra="internal:\n  <<: {notes: from the anchor}\n  notes: overridden")
    write_site(tmp_path, incidents={"2026-03-14-api": text})
    assert statuspress(tmp_path, "validate").out_lines == ["1 file OK"]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_lines_are_counted_as_editors_count_them_after_yaml_only_line_breaks(
    tmp_path: Path, separator: str,
) -> None:
    """YAML counts U+2028, U+2029 and NEL as line breaks; editors, GitHub and the
    front-matter splitter do not, so the line after the title stays the file's line 4."""
    text = incident_text().replace("title: API errors", f'title: "API{separator}errors"').replace(
        "severity: SEV2\n", "severity: SEV2\nimpact: huge\n")
    assert _validate_incident(tmp_path, text) == [
        f"{NAME}:4: error: `impact` is `huge`; allowed: none, minor, major, critical",
        "1 error in 1 file",
    ]


def test_a_lone_carriage_return_counts_as_a_line_break(tmp_path: Path) -> None:
    text = incident_text().replace("severity: SEV2\n", "severity: SEV2\rimpact: huge\r")
    (tmp_path / "incidents").mkdir(parents=True)
    write_site(tmp_path)
    (tmp_path / NAME).write_bytes(text.encode("utf-8"))
    run = statuspress(tmp_path, "validate")
    assert run.out_lines == [
        f"{NAME}:4: error: `impact` is `huge`; allowed: none, minor, major, critical",
        "1 error in 1 file",
    ]


def test_nesting_is_limited(tmp_path: Path) -> None:
    deep = "".join(f"\n{'  ' * (level + 1)}k{level}:" for level in range(300)) + " x"
    text = incident_text(extra="internal:" + deep)
    assert _validate_incident(tmp_path, text) == [
        f"{NAME}:34: error: values are nested more than 20 levels deep here; flatten the lists and mappings",
        "1 error in 1 file",
    ]


@pytest.mark.parametrize(("value", "message"), [
    ("!!float x", "`x` is not a valid `!!float`; quote it or fix it"),
    ("!!bool maybe", "`maybe` is not a valid `!!bool`; quote it or fix it"),
    ("!!map [1]", "`!!map` tag on a value that is not a mapping; remove the tag"),
    ("9" * 4301, "a number of 4,301 digits is longer than the 4,300 digits statuspress reads; quote it if it is text"),
])
def test_the_same_in_mkdocs_yml(tmp_path: Path, value: str, message: str) -> None:
    config = site_config_yaml().replace("site_name: Acme Status", f"site_name: {value}")
    write_site(tmp_path, config_text=config)
    for command in ("validate", "build"):
        run = statuspress(tmp_path, command)
        assert (run.code, run.out, run.err_lines) == (1, "", [f"mkdocs.yml:1: error: {message}"])
    assert not (tmp_path / "site").exists()


def test_an_out_of_range_number_in_mkdocs_yml_is_an_error(tmp_path: Path) -> None:
    config = site_config_yaml(history_page_size=10**40)
    write_site(tmp_path, config_text=config)
    run = statuspress(tmp_path, "validate")
    assert (run.code, run.err_lines) == (1, [
        "mkdocs.yml:11: error: plugins.statuspress: `history_page_size` is a number of 41 digits; "
        "it must be at most 1000",
    ])


_QUOTE_IT = "put the whole value in quotes"


@pytest.mark.parametrize(("title", "message"), [
    ("*bold* outage", "the value of `title` starts with `*`, which YAML reads as an alias, a reference to an "
                      f'`&anchor` above; {_QUOTE_IT} (`title: "*bold* outage"`)'),
    ("*bold*", "the value of `title` starts with `*`, which YAML reads as an alias, a reference to an "
               f'`&anchor` above; {_QUOTE_IT} (`title: "*bold*"`)'),
    ("%d errors", f'the value of `title` starts with `%`, which YAML reads as the start of a directive; {_QUOTE_IT} '
                  '(`title: "%d errors"`)'),
    ("> quote", "the value of `title` starts with `>`, which YAML reads as the start of a folded block, text on the "
                f'indented lines below; {_QUOTE_IT} (`title: "> quote"`), or, for text over several lines, end this '
                "line at `>` and indent the text below it"),
    ("| table |", "the value of `title` starts with `|`, which YAML reads as the start of a literal block, text on "
                  f'the indented lines below; {_QUOTE_IT} (`title: "| table |"`), or, for text over several lines, '
                  "end this line at `|` and indent the text below it"),
    ("- rollback", f'the value of `title` starts with `- `, which YAML reads as a list item; {_QUOTE_IT} '
                   '(`title: "- rollback"`), or, for a list, put each `- item` on a line of its own below `title:`'),
    ("!important fix", "the value of `title` starts with `!`, which YAML reads as a tag (`!important`), the type of "
                       f'the value after it; {_QUOTE_IT} (`title: "!important fix"`)'),
    ("!!python/object:os.system x", "the value of `title` starts with `!`, which YAML reads as a tag "
                                    "(`!!python/object:os.system`), the type of the value after it; "
                                    f'{_QUOTE_IT} (`title: "!!python/object:os.system x"`)'),
    ("& outage", "the value of `title` starts with `&`, which YAML reads as an anchor, a name for the value after "
                 f'it; {_QUOTE_IT} (`title: "& outage"`)'),
    ("@team paged", "the value of `title` starts with `@`, which YAML reserves, so no value may start with it "
                    f'unquoted; {_QUOTE_IT} (`title: "@team paged"`)'),
    ("`kubectl` broke", "the value of `title` starts with `` ` ``, which YAML reserves, so no value may start with "
                        f'it unquoted; {_QUOTE_IT} (`` title: "`kubectl` broke" ``)'),
    ("? outage", f'the value of `title` starts with `? `, which YAML reads as a mapping key; {_QUOTE_IT} '
                 '(`title: "? outage"`)'),
    ('*bold* "API" \\o/', "the value of `title` starts with `*`, which YAML reads as an alias, a reference to an "
                          f"`&anchor` above; {_QUOTE_IT} (`title: '*bold* \"API\" \\o/'`)"),
    ("*bold* outage  # fix later", "the value of `title` starts with `*`, which YAML reads as an alias, a reference "
                                   f'to an `&anchor` above; {_QUOTE_IT} (`title: "*bold* outage"`)'),
])
def test_a_value_that_starts_with_yaml_syntax_asks_for_quotes(tmp_path: Path, title: str, message: str) -> None:
    """libyaml said "did not find expected alphabetic or numeric character", "found
    character that cannot start any token" or named a Python tag."""
    text = incident_text().replace("title: API errors", f"title: {title}")
    assert _validate_incident(tmp_path, text) == [f"{NAME}:2: error: invalid YAML: {message}", "1 error in 1 file"]


def test_an_update_message_that_starts_with_yaml_syntax_is_named_on_its_line(tmp_path: Path) -> None:
    text = incident_text().replace("message: Resolved.", "message: - rolled back, all good")
    assert _validate_incident(tmp_path, text) == [
        f"{NAME}:13: error: invalid YAML: the value of `message` starts with `- `, which YAML reads as a list item; "
        f'{_QUOTE_IT} (`message: "- rolled back, all good"`), or, for a list, put each `- item` on a line of its own '
        "below `message:`",
        "1 error in 1 file",
    ]


def test_a_list_item_that_starts_with_yaml_syntax_asks_for_quotes(tmp_path: Path) -> None:
    postmortem = "---\ntitle: API errors\nincidents: [2026-03-14-api]\ntags:\n  - *bold* tag\n---\n## Summary\n"
    write_site(tmp_path, incidents={"2026-03-14-api": incident_text()}, postmortems={"2026-03-18-api": postmortem})
    run = statuspress(tmp_path, "validate")
    assert run.out_lines == [
        "postmortems/2026-03-18-api.md:5: error: invalid YAML: this list item starts with `*`, which YAML reads as an "
        'alias, a reference to an `&anchor` above; put the whole item in quotes (`- "*bold* tag"`)',
        "1 error in 1 of 2 files",
    ]


def test_a_tag_inside_a_value_is_named_without_internals(tmp_path: Path) -> None:
    text = incident_text(components="[api, !!python/name:os.system web]")
    assert _validate_incident(tmp_path, text) == [
        f"{NAME}:4: error: invalid YAML: `!!python/name:os.system` is a YAML tag, which statuspress does not read; "
        "remove it, or quote the value if the `!` is part of the text",
        "1 error in 1 file",
    ]


def test_a_forgotten_dash_that_merges_two_updates_says_so(tmp_path: Path) -> None:
    """Without its `- `, the second update's keys join the first's, and YAML's complaint
    is a duplicate key: the message says where a new item would start."""
    text = incident_text().replace("  - at: 2026-03-14T10:00:00Z", "    at: 2026-03-14T10:00:00Z")
    assert _validate_incident(tmp_path, text) == [
        f"{NAME}:11: error: key `at` appears twice in one list item (lines 8 and 11); if line 11 starts a new item, "
        "begin it with `- ` as the item on line 8 does; otherwise keep one",
        "1 error in 1 file",
    ]


def test_a_duplicate_key_outside_a_list_keeps_its_message(tmp_path: Path) -> None:
    text = incident_text(extra="title: API errors again")
    assert _validate_incident(tmp_path, text) == [
        f"{NAME}:14: error: key `title` appears twice (lines 2 and 14); keep one",
        "1 error in 1 file",
    ]


def test_a_forgotten_dash_at_the_items_indentation_says_so(tmp_path: Path) -> None:
    # libyaml: "did not find expected '-' indicator".
    text = incident_text().replace("  - at: 2026-03-14T10:00:00Z", "  at: 2026-03-14T10:00:00Z")
    assert _validate_incident(tmp_path, text) == [
        f"{NAME}:11: error: invalid YAML: `at:` is indented like the `- ` items of the list that starts on line 8, "
        "but does not start with `- `; begin it with `- ` if it starts a new item, or indent it like the keys of "
        "the item above",
        "1 error in 1 file",
    ]


def test_a_list_item_among_keys_says_where_it_belongs(tmp_path: Path) -> None:
    # libyaml: "did not find expected key".
    text = incident_text(components="").replace("components: \n", "components:\n  - api\n- web\n")
    assert _validate_incident(tmp_path, text) == [
        f"{NAME}:6: error: invalid YAML: this line is a list item (`- `) where YAML expects `key: value` lines; "
        "indent it under the key whose list it belongs to, like that list's other items, or quote the value if "
        "the `- ` is part of it",
        "1 error in 1 file",
    ]


@pytest.mark.parametrize(("title", "message"), [
    ("yes", '`title` should be text, but YAML reads an unquoted `yes` as true; put it in quotes (`title: "yes"`)'),
    ("Off", '`title` should be text, but YAML reads an unquoted `Off` as false; put it in quotes (`title: "Off"`)'),
    ("no  # for now", "`title` should be text, but YAML reads an unquoted `no` as false; put it in quotes "
                     '(`title: "no"`)'),
    ("404", '`title` should be text, but YAML reads an unquoted `404` as a number; put it in quotes (`title: "404"`)'),
    ("2026-03-14", "`title` should be text, but YAML reads an unquoted `2026-03-14` as a date; put it in quotes "
                   '(`title: "2026-03-14"`)'),
    ("#1 outage", "`title` is empty: YAML reads `#1 outage` as a comment, because a `#` after a space starts one; "
                  'put the whole value in quotes (`title: "#1 outage"`)'),
])
def test_a_title_yaml_reads_as_another_type_asks_for_quotes(tmp_path: Path, title: str, message: str) -> None:
    """pydantic has `True` where the file says `yes`, and `None` where it says `#1 outage`
    ("should be text, found `true`" / "found nothing"): the message quotes the line."""
    text = incident_text().replace("title: API errors", f"title: {title}")
    assert _validate_incident(tmp_path, text) == [f"{NAME}:2: error: {message}", "1 error in 1 file"]


def test_an_update_message_read_as_false_or_as_a_comment_is_named_on_its_line(tmp_path: Path) -> None:
    text = incident_text().replace("message: We are investigating.", "message: off").replace(
        "message: Resolved.", "message: #2 resolved")
    assert _validate_incident(tmp_path, text) == [
        f"{NAME}:10: error: `updates[0].message` should be text, but YAML reads an unquoted `off` as false; "
        'put it in quotes (`message: "off"`)',
        f"{NAME}:13: error: `updates[1].message` is empty: YAML reads `#2 resolved` as a comment, because a `#` "
        'after a space starts one; put the whole value in quotes (`message: "#2 resolved"`)',
        "2 errors in 1 file",
    ]


def test_list_items_read_as_booleans_or_comments_are_named(tmp_path: Path) -> None:
    postmortem = ("---\ntitle: API errors\nincidents: [2026-03-14-api]\nservices:\n  - no\n  - #api\n"
                  "tags: [on]\n---\n## Summary\n")
    write_site(tmp_path, incidents={"2026-03-14-api": incident_text()}, postmortems={"2026-03-18-api": postmortem})
    assert statuspress(tmp_path, "validate").out_lines == [
        "postmortems/2026-03-18-api.md:5: error: `services[0]` should be text, but YAML reads an unquoted `no` as "
        'false; put it in quotes (`- "no"`)',
        "postmortems/2026-03-18-api.md:6: error: `services[1]` is empty: YAML reads `#api` as a comment, because a "
        '`#` after a space starts one; put the whole value in quotes (`- "#api"`)',
        # In a `[...]` list the line holds more than the one value: no quoting to copy.
        "postmortems/2026-03-18-api.md:7: error: `tags[0]` should be text, found `true` (YAML reads an unquoted "
        "yes, no, on, off, true or false as true or false); put the value in quotes",
        "3 errors in 1 of 2 files",
    ]


def test_an_optional_value_turned_comment_is_a_warning(tmp_path: Path) -> None:
    """`channel: #inc-api` is valid YAML with an empty channel: nothing refuses it,
    so without a warning the channel would be lost without a word. A real comment
    (`notes:   # later`) is not one."""
    text = incident_text(extra="internal:\n  channel: #inc-api\n  notes:   # later")
    write_site(tmp_path, incidents={"2026-03-14-api": text})
    run = statuspress(tmp_path, "validate")
    assert run.out_lines == [
        f"{NAME}:15: warning: `internal.channel` is empty: YAML reads `#inc-api` as a comment, because a `#` after a "
        'space starts one; if it is the value, put it in quotes (`channel: "#inc-api"`)',
        "1 warning in 1 file",
    ]
    assert run.code == 0
    assert statuspress(tmp_path, "validate", "--strict").code == 1


def test_a_boolean_in_mkdocs_yml_where_text_is_expected_says_why(tmp_path: Path) -> None:
    config = site_config_yaml().replace("    name: Acme\n", "    name: yes\n", 1)
    write_site(tmp_path, config_text=config)
    line = config.split("\n").index("    name: yes") + 1
    run = statuspress(tmp_path, "validate")
    assert (run.code, run.out, run.err_lines) == (1, "", [
        f"mkdocs.yml:{line}: error: plugins.statuspress: `name` should be text, found `true` (YAML reads an unquoted "
        "yes, no, on, off, true or false as true or false); put the value in quotes",
    ])


def test_the_quoting_example_in_format_md_is_what_validate_says(tmp_path: Path) -> None:
    doc = (Path(__file__).parent.parent / "docs" / "format.md").read_text(encoding="utf-8")
    example = next(line for line in doc.split("\n") if line.startswith(f"{NAME}:2: error: invalid YAML: the value"))
    text = incident_text().replace("title: API errors", "title: *bold* outage")
    assert _validate_incident(tmp_path, text) == [example, "1 error in 1 file"]


_RUNAWAY = """---
title: {title}
severity: SEV2
started: 2026-03-14T09:00:00Z
updates:
  - at: 2026-03-14T09:05:00Z
    status: investigating
    message: {first}
  - at: 2026-03-14T10:00:00Z
    status: identified
    message: A config change caused it.
# internal:
#   channel: "#inc-api"
---
"""


@pytest.mark.parametrize(("title", "first", "line", "end", "owner"), [
    # Found by a trial: validated OK, and the commented-out internal block and the
    # second update were published inside the first update's message.
    ("API errors", '"We are investigating.', 8, 13, "`message`"),
    ('"API errors', "We are investigating.", 2, 13, "`title`"),
])
def test_a_quote_that_runs_on_over_keys_and_comments_is_refused(
    tmp_path: Path, title: str, first: str, line: int, end: int, owner: str,
) -> None:
    text = _RUNAWAY.format(title=title, first=first)
    assert _validate_incident(tmp_path, text) == [
        f'{NAME}:{line}: error: invalid YAML: the `"` on this line is not closed with `"` on it, so YAML read on to '
        f"line {end} looking for it and took the lines between into {owner}; close it; a `\"` inside a value in "
        'double quotes is written `\\"`, or use single quotes',
        "1 error in 1 file",
    ]


def test_a_quoted_value_folded_over_lines_is_still_read(tmp_path: Path) -> None:
    """What YAML writers emit for a long quoted text: continuation lines indented
    under their key, some with a colon in them."""
    text = _RUNAWAY.format(title="'API: errors on the\n  payments path: EU'", first="We are investigating.")
    write_site(tmp_path, incidents={"2026-03-14-api": text})
    assert statuspress(tmp_path, "validate").code == 0


def test_a_quote_left_open_above_a_parse_error_is_named_at_its_line(tmp_path: Path) -> None:
    """The open quote ends at the next update's opening quote, and YAML fails there
    (found by a trial: the message named line 11's key and suggested a `- `)."""
    text = _RUNAWAY.format(title="API errors", first='"We are investigating.').replace(
        "message: A config change caused it.", 'message: "A config change caused it."')
    assert _validate_incident(tmp_path, text) == [
        f'{NAME}:8: error: invalid YAML: the `"` on this line is not closed with `"` on it, so YAML read on to '
        'line 11 looking for it; close it; a `"` inside a value in double quotes is written `\\"`, or use single '
        "quotes",
        "1 error in 1 file",
    ]


@pytest.mark.parametrize(("old", "new", "line", "key", "quoted"), [
    ("title: API errors", "title: API: elevated errors", 2, "title", '"API: elevated errors"'),
    ("message: We are investigating.", "message: Cause: a bad deploy # see the PR", 8, "message",
     '"Cause: a bad deploy"'),
])
def test_a_colon_and_space_inside_a_value_asks_for_quotes(
    tmp_path: Path, old: str, new: str, line: int, key: str, quoted: str,
) -> None:
    text = _RUNAWAY.format(title="API errors", first="We are investigating.").replace(old, new)
    assert _validate_incident(tmp_path, text) == [
        f"{NAME}:{line}: error: invalid YAML: the value of `{key}` holds `: `, which YAML reads as the start of "
        f"another key; put the whole value in quotes (`{key}: {quoted}`)",
        "1 error in 1 file",
    ]


def test_a_postmortem_missing_required_keys_shows_how_to_write_them(tmp_path: Path) -> None:
    """As for an incident's `started`: each message carries an example line (found by
    the third trial: "`incidents` is required but missing" said nothing more)."""
    postmortem = """---
status: draft
action_items:
  - title: Alert on queue depth
    due: 2026-04-01
---
## Summary
"""
    write_site(tmp_path, incidents={"2026-03-14-api": incident_text()}, postmortems={"2026-03-14-api": postmortem})
    run = statuspress(tmp_path, "validate")
    assert run.code == 1
    assert run.out_lines == [
        "postmortems/2026-03-14-api.md:1: error: `incidents` is required for a postmortem: the ids of the incidents "
        "it reviews, e.g. `incidents: [2026-03-14-api-errors]`",
        "postmortems/2026-03-14-api.md:1: error: `title` is required for a postmortem, e.g. "
        "`title: Checkout errors after a config change`",
        "postmortems/2026-03-14-api.md:4: error: `action_items[0].owner` is required for an action item: who is "
        "accountable, e.g. `owner: dana`",
        "3 errors in 1 of 2 files",
    ]
