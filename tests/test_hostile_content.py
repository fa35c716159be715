"""Content that once validated and then crashed the build, or published what it must
not (issue 15, items 2, 5, 6 and 10): each is now refused by ``validate`` with an
exact message, and content at every documented limit builds (docs/format.md, "Limits")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.builds import mkdocs_build
from tests.support.cli import statuspress
from tests.support.sites import incident_text, write_site

SECTIONS = ["Summary", "Impact", "Timeline", "Root Cause", "Contributing Factors", "What Went Well",
            "What Went Poorly"]
BODY = "\n".join(f"## {title}\n\nText.\n" for title in SECTIONS)
ID_RULE = ("cannot be an id, which becomes the page's address: rename the file to lowercase letters, "
           "digits, `-` and `_` (at most 100 characters before `.md`)")
SCHEMES = "only http, https, mailto links (or relative links) are allowed"


def postmortem(extra: str = "", status: str = "published") -> str:
    return f"---\ntitle: PM\nincidents: [2026-03-14-api]\nstatus: {status}\ndate: 2026-03-18\n{extra}\n---\n{BODY}"


def action(link: str) -> str:
    return f"action_items:\n  - title: Fix\n    owner: Sam\n    due: 2026-04-01\n    link: {link}"


def _errors(root: Path, **content: dict[str, str]) -> list[str]:
    write_site(root, incidents={"2026-03-14-api": incident_text(), **content.get("incidents", {})},
               postmortems=content.get("postmortems"))
    run = statuspress(root, "validate")
    assert (run.code, run.err) == (1, ""), run.out + run.err
    return run.out_lines[:-1]


@pytest.mark.parametrize(("link", "scheme"), [
    ('"javascript:alert(document.domain)"', "javascript:"),
    ('" JaVaScRiPt:alert(1)"', "JaVaScRiPt:"),
    ('"java\\tscript:alert(1)"', "javascript:"),
    ('"data:text/html,<script>alert(1)</script>"', "data:"),
    ('"vbscript:msgbox(1)"', "vbscript:"),
])
def test_only_safe_link_schemes_are_accepted(tmp_path: Path, link: str, scheme: str) -> None:
    errors = _errors(tmp_path, postmortems={"2026-03-18-api": postmortem(action(link))})
    assert len(errors) == 1
    assert errors[0].startswith("postmortems/2026-03-18-api.md:10: error: `action_items[0].link`: `")
    assert errors[0].endswith(f"` uses the scheme `{scheme}`; {SCHEMES}")


@pytest.mark.parametrize("link", ["https://tracker.example/OPS-1", "HTTP://x.example/", "mailto:ops@example.com",
                                  "../runbooks/db.md", "/tracker/1", "#action-items"])
def test_http_https_mailto_and_relative_links_are_accepted(tmp_path: Path, link: str) -> None:
    write_site(tmp_path, incidents={"2026-03-14-api": incident_text()},
               postmortems={"2026-03-18-api": postmortem(action(f'"{link}"'))})
    assert statuspress(tmp_path, "validate").out_lines == ["2 files OK"]


def test_a_nav_link_that_runs_script_is_an_error(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={"2026-03-14-api": incident_text()})
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        config + "nav:\n  - About: about.md\n  - Evil: 'javascript://%0Aalert(1)'\n", encoding="utf-8")
    run = statuspress(tmp_path, "validate")
    assert (run.code, run.err_lines) == (1, [
        f"mkdocs.yml:22: error: `nav[1].Evil`: `javascript://%0Aalert(1)` uses the scheme `javascript:`; {SCHEMES}",
    ])


def test_the_site_url_must_be_http_or_https(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={"2026-03-14-api": incident_text()}, url="javascript:alert(1)//")
    run = statuspress(tmp_path, "validate")
    assert (run.code, run.err_lines) == (1, [
        "mkdocs.yml:10: error: plugins.statuspress: `url` is `javascript:alert(1)//`; write the public "
        "site's absolute address, like https://status.example.com/",
    ])


def test_unpublishable_characters_are_refused_where_they_are(tmp_path: Path) -> None:
    open_incident = {"started": "2026-03-15T09:00:00Z", "resolved": None}
    errors = _errors(tmp_path, incidents={
        "2026-03-15-title": incident_text(title='"API\\x01errors"', **open_incident),
        "2026-03-15-message": incident_text(**open_incident).replace(
            "We are investigating.", '"We are \\x1b investigating."'),
        "2026-03-15-body": incident_text(body="Body \ufffe here", **open_incident),
        "2026-03-15-internal": incident_text(extra='internal:\n  notes: "a\\x0cb"', **open_incident),
    })
    rest = "cannot be published (RSS, Atom and XML refuse it); remove it"
    assert errors == [
        f"incidents/2026-03-15-body.md:11: error: the non-character U+FFFE {rest}",
        f"incidents/2026-03-15-internal.md:11: error: `internal.notes`: the control character U+000C {rest}",
        f"incidents/2026-03-15-message.md:9: error: `updates[0].message`: the control character U+001B {rest}",
        f"incidents/2026-03-15-title.md:2: error: `title`: the control character U+0001 {rest}",
    ]


def test_names_that_become_page_paths_are_bounded(tmp_path: Path) -> None:
    long = "x" * 300
    errors = _errors(tmp_path, postmortems={"2026-03-18-api": postmortem(
        f"tags: [{long}]\nservices: [{long}]\nroot_cause: {long}\n"
        f"action_items:\n  - title: Fix\n    owner: {long}\n    due: 2026-04-01")},
        incidents={"2026-03-16-title": incident_text(title="T" * 201, started="2026-03-16T09:00:00Z")})
    assert errors == [
        "incidents/2026-03-16-title.md:2: error: `title` is 201 characters long; at most 200 are allowed",
        "postmortems/2026-03-18-api.md:6: error: `tags[0]` is 300 characters long; at most 100 are allowed",
        "postmortems/2026-03-18-api.md:7: error: `services[0]` is 300 characters long; at most 100 are allowed",
        "postmortems/2026-03-18-api.md:8: error: `root_cause` is 300 characters long; at most 100 are allowed",
        "postmortems/2026-03-18-api.md:11: error: `action_items[0].owner` is 300 characters long; "
        "at most 100 are allowed",
    ]


def test_counts_are_limited(tmp_path: Path) -> None:
    updates = "".join(f"  - at: 2026-03-17T09:00:00Z\n    message: m{i}\n" for i in range(500))
    items = "".join(f"  - {{title: a{i}, owner: o, due: 2026-04-01}}\n" for i in range(201))
    errors = _errors(
        tmp_path,
        incidents={"2026-03-17-api": incident_text(started="2026-03-17T09:00:00Z", resolved=None).replace(
            "updates:\n", "updates:\n" + updates)},
        postmortems={"2026-03-18-api": postmortem("action_items:\n" + items)},
    )
    assert errors == [
        "incidents/2026-03-17-api.md:6: error: `updates` has 501 entries; at most 500 are allowed",
        "postmortems/2026-03-18-api.md:6: error: `action_items` has 201 entries; at most 200 are allowed",
    ]


def test_too_many_components_is_an_error(tmp_path: Path) -> None:
    components = [{"id": f"c{i}", "name": f"C{i}"} for i in range(501)]
    write_site(tmp_path, components=components)
    run = statuspress(tmp_path, "validate")
    assert (run.code, run.err_lines) == (1, [
        "mkdocs.yml:11: error: plugins.statuspress: `components` has 501 entries; at most 500 are allowed",
    ])


@pytest.mark.parametrize(("name", "shown"), [
    ("bad?id", "`bad?id.md`"), ("bad#id", "`bad#id.md`"), ("bad%2Fid", "`bad%2Fid.md`"),
    ("bad\nid", "`bad\\nid.md`"), ("Upper", "`Upper.md`"), ("x" * 101, f"`{'x' * 57}...`"),
])
def test_ids_are_limited_to_their_character_set(tmp_path: Path, name: str, shown: str) -> None:
    errors = _errors(tmp_path, incidents={name: incident_text(started="2026-03-16T09:00:00Z")})
    assert errors == [f"incidents/{name}.md:1: error: the file name {shown} {ID_RULE}".replace("\n", "\\n")]


def test_a_postmortem_named_index_html_is_refused(tmp_path: Path) -> None:
    errors = _errors(tmp_path, postmortems={"index.html": postmortem()})
    assert errors == [f"postmortems/index.html.md:1: error: the file name `index.html.md` {ID_RULE}"]


def test_content_at_every_limit_builds(tmp_path: Path) -> None:
    """What validate accepts builds: the longest names, titles and ids, the deepest
    nesting, the most updates and action items, times at the edges of the range."""
    name = "n" * 100
    nested = "".join(f"\n{'  ' * (level + 1)}k{level}:" for level in range(19)) + " x"
    updates = "".join(f"  - at: 2099-12-31T23:59:59Z\n    message: m{i}\n" for i in range(499))
    incident_id = "i" * 100
    write_site(tmp_path, incidents={
        incident_id: incident_text(title="T" * 200, severity="SEV4", started="1970-01-01T00:00:00Z", resolved=None).replace(
            "---\n\n", updates + "---\n"),
        "2026-03-14-api": incident_text(extra="internal:" + nested),
    }, postmortems={"p" * 100: postmortem(
        f"tags: [{name}]\nservices: [{name}]\nroot_cause: {name}\nauthors: [{name}]\n"
        "action_items:\n" + "".join(
            f"  - {{title: {'a' * 199}{i % 10}, owner: {name}, due: 2099-12-31}}\n" for i in range(200)),
    ).replace("incidents: [2026-03-14-api]", f"incidents: [2026-03-14-api, {incident_id}]")})
    run = statuspress(tmp_path, "validate")
    assert run.out_lines == ["3 files OK"], run.out
    for audience in ("public", "internal"):
        site = mkdocs_build(tmp_path, at="2026-03-20T12:00:00Z", audience=audience,
                            site_dir=tmp_path / audience)
        assert (site / "incidents" / incident_id / "index.html").is_file()
    assert (tmp_path / "internal" / "postmortems" / ("p" * 100) / "index.html").is_file()


def test_the_schema_shows_the_limits() -> None:
    """`statuspress schema` tells editors the same limits validation enforces."""
    import re

    from statuspress.schema import json_schemas

    schemas = json_schemas()
    incident, postmortem, config = schemas["incident"], schemas["postmortem"], schemas["config"]
    for kind in ("IncidentFront", "MaintenanceFront", "NoticeFront"):
        assert incident["$defs"][kind]["properties"]["title"]["maxLength"] == 200
        assert incident["$defs"][kind]["properties"]["updates"]["maxItems"] == 500
    assert postmortem["properties"]["tags"] == {
        "items": {"maxLength": 100, "minLength": 1, "type": "string"}, "maxItems": 50, "title": "Tags",
        "type": "array"}
    assert postmortem["properties"]["action_items"]["maxItems"] == 200
    assert config["properties"]["components"]["maxItems"] == 500
    link = postmortem["$defs"]["ActionItem"]["properties"]["link"]["anyOf"][0]
    pattern = re.compile(link["pattern"])
    assert [bool(pattern.match(u)) for u in (
        "https://x.example/", "mailto:a@b.example", "../x", "#y", "javascript:alert(1)", "data:x", " https://x")
    ] == [True, True, True, True, False, False, False]
