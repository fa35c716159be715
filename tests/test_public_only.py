"""Public means public only, and Markdown is sanitised, in every byte of the build.

A fixture plants a unique marker in every internal field (the ``internal:`` mapping,
and every field of a draft, an internal-but-published and a public-but-draft
postmortem) and hostile HTML in every public Markdown field (titles, bodies, update
messages, the public postmortem). The public build is then scanned file by file
(gzip files decompressed): no marker may appear anywhere, and nothing executable
(``<script>``, an event-handler attribute, a ``javascript:`` URL) may appear where a
browser or a feed reader would run it. The internal build does show the internal
fields.

Where text is *data* rather than markup (the Statuspage JSON's names and the
iCalendar file), a title is written as it was typed, as Statuspage does; those files
are checked for markers only. The search index is markup (Material renders its
``title`` and ``text`` as HTML), so it is checked like a page.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from tests.support.builds import all_files, mkdocs_build, page, text
from tests.support.sites import site_config_yaml, write_site

AT = "2026-03-20T12:00:00Z"
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"
HOSTILE_YAML = json.dumps(HOSTILE)  # a double-quoted YAML scalar

#: Marker -> where it was planted. None of them may reach the public build.
MARKERS = {
    "ZQXCOMMANDER": "internal.commander",
    "ZQXOPSLEAD": "internal.ops_lead",
    "ZQXCOMMSLEAD": "internal.comms_lead",
    "ZQXSCRIBE": "internal.scribe",
    "ZQXCHANNEL": "internal.channel",
    "ZQXNOTES": "internal.notes",
    "ZQXCUSTOM": "internal.runbook (a custom key)",
    "ZQXNESTED": "internal.links.dashboard (nested)",
    "ZQXDRAFTTITLE": "draft postmortem title",
    "ZQXDRAFTBODY": "draft postmortem body",
    "ZQXDRAFTSUMMARY": "draft postmortem summary",
    "ZQXDRAFTTAG": "draft postmortem tags",
    "ZQXDRAFTCAUSE": "draft postmortem root_cause",
    "ZQXDRAFTAUTHOR": "draft postmortem authors",
    "ZQXDRAFTACTION": "draft postmortem action item title",
    "ZQXDRAFTOWNER": "draft postmortem action item owner",
    "ZQXDRAFTLINK": "draft postmortem action item link",
    "ZQXINTPMTITLE": "published internal postmortem title",
    "ZQXINTPMBODY": "published internal postmortem body",
    "ZQXINTPMACTION": "published internal postmortem action item",
    "ZQXPUBDRAFTTITLE": "public draft postmortem title",
    "ZQXPUBDRAFTBODY": "public draft postmortem body",
}

SECTIONS = ["Summary", "Impact", "Timeline", "Root Cause", "Contributing Factors", "What Went Well",
            "What Went Poorly"]


def _body(text_in_each: str) -> str:
    return "\n".join(f"## {title}\n\n{text_in_each}\n" for title in SECTIONS)


INCIDENT = f"""
---
title: {HOSTILE_YAML}
severity: SEV2
components: [api]
started: 2026-03-14T09:00:00Z
detected: 2026-03-14T09:04:00Z
acknowledged: 2026-03-14T09:06:00Z
mitigated: 2026-03-14T10:00:00Z
resolved: 2026-03-14T10:30:00Z
updates:
  - at: 2026-03-14T09:05:00Z
    status: investigating
    message: {HOSTILE_YAML}
  - at: 2026-03-14T09:30:00Z
    message: {json.dumps("Still looking. " + HOSTILE)}
  - at: 2026-03-14T10:30:00Z
    status: resolved
    message: {HOSTILE_YAML}
internal:
  commander: Dana ZQXCOMMANDER
  ops_lead: Sam ZQXOPSLEAD
  comms_lead: Priya ZQXCOMMSLEAD
  scribe: Jo ZQXSCRIBE
  channel: "#inc-ZQXCHANNEL"
  notes: The real cause was ZQXNOTES.
  runbook: https://wiki.example/ZQXCUSTOM
  links:
    dashboard: https://grafana.example/ZQXNESTED
---
{HOSTILE}

More public text with <iframe src="https://evil.example/"></iframe>
and <a href="javascript:alert(2)" onclick="alert(3)">a link</a>.
"""

OPEN_INCIDENT = f"""
---
title: {HOSTILE_YAML}
severity: SEV1
components: [web]
started: 2026-03-20T09:00:00Z
updates:
  - at: 2026-03-20T09:05:00Z
    status: investigating
    message: {HOSTILE_YAML}
internal:
  commander: Dana ZQXCOMMANDER
---
"""

MAINTENANCE = f"""
---
title: {HOSTILE_YAML}
type: maintenance
components: [db]
scheduled_start: 2026-03-25T22:00:00Z
scheduled_end: 2026-03-25T23:00:00Z
updates:
  - at: 2026-03-18T10:00:00Z
    status: scheduled
    message: {HOSTILE_YAML}
internal:
  notes: ZQXNOTES in maintenance
---
{HOSTILE}
"""

PUBLIC_PM = f"""
---
title: {HOSTILE_YAML}
incidents: [2026-03-14-api-errors]
status: published
visibility: public
date: 2026-03-18
action_items:
  - title: {HOSTILE_YAML}
    owner: Sam
    due: 2026-04-01
---
{_body(HOSTILE)}
"""

DRAFT_PM = f"""
---
title: Draft ZQXDRAFTTITLE
incidents: [2026-03-14-api-errors]
status: draft
visibility: internal
summary: ZQXDRAFTSUMMARY
tags: [ZQXDRAFTTAG]
root_cause: ZQXDRAFTCAUSE
authors: [ZQXDRAFTAUTHOR]
action_items:
  - title: Fix ZQXDRAFTACTION
    owner: ZQXDRAFTOWNER
    due: 2026-04-01
    link: https://tracker.example/ZQXDRAFTLINK
---
{_body("ZQXDRAFTBODY")}
"""

INTERNAL_PM = f"""
---
title: Internal ZQXINTPMTITLE
incidents: [2026-03-14-api-errors]
status: published
visibility: internal
action_items:
  - title: ZQXINTPMACTION
    owner: Sam
    due: 2026-04-01
---
{_body("ZQXINTPMBODY")}
"""

PUBLIC_DRAFT_PM = f"""
---
title: ZQXPUBDRAFTTITLE
incidents: [2026-03-20-web-down]
status: in_review
visibility: public
---
{_body("ZQXPUBDRAFTBODY")}
"""


@pytest.fixture(scope="module", params=["default", "content-in-docs"])
def root(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site in the default layout, and with the content folders inside ``docs_dir``
    (``pages/incidents``, ``pages/postmortems``), where MkDocs itself would render every
    raw postmortem as a public page if statuspress did not leave them out."""
    inside = request.param == "content-in-docs"
    options = {"incidents_dir": "pages/incidents", "postmortems_dir": "pages/postmortems"} if inside else {}
    root = write_site(
        tmp_path_factory.mktemp("public-only"),
        config_text=site_config_yaml(**options),
        incidents={
            "2026-03-14-api-errors": INCIDENT,
            "2026-03-20-web-down": OPEN_INCIDENT,
            "2026-03-25-db-upgrade": MAINTENANCE,
        },
        postmortems={
            "2026-03-18-api-public": PUBLIC_PM,
            "2026-03-18-api-draft": DRAFT_PM,
            "2026-03-18-api-internal": INTERNAL_PM,
            "2026-03-21-web-public-draft": PUBLIC_DRAFT_PM,
        },
    )
    if inside:
        for folder in ("incidents", "postmortems"):
            (root / folder).rename(root / "pages" / folder)
    return root


@pytest.fixture(scope="module")
def public(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mkdocs_build(root, at=AT, site_dir=tmp_path_factory.mktemp("out") / "site")


@pytest.fixture(scope="module")
def internal(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mkdocs_build(root, at=AT, audience="internal", site_dir=tmp_path_factory.mktemp("out") / "internal")


def _decoded(path: str, data: bytes) -> str:
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")  # binary assets (images, fonts) too


def _executable(markup: str | bytes, *, xml: bool = False) -> list[str]:
    """What a browser or feed reader would run in ``markup``: a script that calls
    ``alert``, any ``iframe``/``object``/``embed``, an ``on*`` event-handler
    attribute, a ``javascript:`` URL. The markup is parsed, so escaped text such as
    ``&lt;script&gt;`` (shown, not run) is not matched."""
    if xml:
        root = etree.fromstring(markup if isinstance(markup, bytes) else markup.encode("utf-8"))
    elif isinstance(markup, bytes) or markup.lstrip().lower().startswith("<!doctype"):
        root = lxml_html.document_fromstring(markup)
    else:
        root = lxml_html.fragment_fromstring(markup or "", create_parent="div")
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname.lower()
        if tag == "script" and "alert" in (element.text or ""):
            found.append(f"<script>{element.text}")
        if tag in ("iframe", "object", "embed"):
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            local = etree.QName(name).localname.lower()
            if local.startswith("on"):
                found.append(f"{local}={value}")
            if local in ("href", "src", "action", "formaction") and value.strip().lower().startswith("javascript:"):
                found.append(f"{local}={value}")
    return found


def _feed_html(data: bytes) -> list[str]:
    """The HTML fragments of a feed: RSS descriptions, Atom html content/summaries."""
    tree = etree.fromstring(data)
    atom = "{http://www.w3.org/2005/Atom}"
    found = tree.xpath("//item/description")
    found += [e for e in tree.iter(f"{atom}content", f"{atom}summary") if e.get("type") == "html"]
    return [e.text or "" for e in found]


def test_no_marker_in_any_public_file(public: Path) -> None:
    files = all_files(public)
    assert len(files) > 40
    found = {
        (path, marker)
        for path, data in files.items()
        for marker in MARKERS
        if marker in _decoded(path, data)
    }
    assert found == set()


def test_nothing_executable_in_pages_feeds_and_search(public: Path) -> None:
    files = all_files(public)
    checked = feed_fragments = 0
    for path, data in files.items():
        content = _decoded(path, data)
        if path.endswith(".html"):
            assert _executable(data) == [], path
            checked += 1
        elif path.endswith((".svg", ".xml", ".xml.gz")):
            assert _executable(content, xml=True) == [], path
            checked += 1
        elif path.endswith((".rss", ".atom")):
            # The entries' HTML (RSS description, Atom content of type html) is escaped
            # inside the XML; a feed reader unescapes it once and renders it. Titles
            # are plain text (Atom's default type), shown as typed.
            assert _executable(data, xml=True) == [], path
            fragments = _feed_html(data)
            for markup in fragments:
                assert _executable(markup) == [], path
            feed_fragments += len(fragments)
            checked += 1
        elif path == "search/search_index.json":
            for doc in json.loads(content)["docs"]:
                assert _executable(doc["title"]) == [], doc["location"]
                assert _executable(doc["text"]) == [], doc["location"]
            checked += 1
    assert checked >= 20  # pages, feeds, sitemap, badge and the search index
    assert feed_fragments >= 4  # the feeds did carry the hostile updates


def test_hostile_markup_is_shown_as_text_or_removed(public: Path) -> None:
    tree = page(public, "incidents/2026-03-14-api-errors/")
    # The title is text: shown exactly as typed, never interpreted.
    assert [text(h) for h in tree.xpath("//h1")] == [HOSTILE]
    raw = (public / "incidents/2026-03-14-api-errors/index.html").read_text(encoding="utf-8")
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; " in raw
    # Markdown is sanitised: the script and the handler are gone, the link lost its URL.
    # A line that starts with <script> is a raw HTML block in GitHub's Markdown, so the
    # Markdown link on it stays text, as on GitHub.
    body = tree.xpath("//section[contains(@class, 'sp-description')]")[0]
    assert body.xpath(".//script | .//iframe | .//*[@onerror] | .//*[@onclick]") == []
    assert [a.get("href") for a in body.xpath(".//a")] == [None]
    assert "[x](javascript:alert(1))" in text(body)
    assert [img.get("src") for img in body.xpath(".//img")] == ["x"]


def test_public_postmortem_is_shown_and_no_other(public: Path) -> None:
    tree = page(public, "incidents/2026-03-14-api-errors/")
    assert [text(h) for h in tree.xpath("//section[contains(@class, 'sp-postmortem')]/h2[1]")] == [
        "Postmortem: " + HOSTILE,
    ]
    assert not (public / "postmortems").exists()


def test_internal_build_shows_the_internal_fields(internal: Path) -> None:
    raw = (internal / "incidents/2026-03-14-api-errors/index.html").read_text(encoding="utf-8")
    for marker in ("ZQXCOMMANDER", "ZQXOPSLEAD", "ZQXCOMMSLEAD", "ZQXSCRIBE", "ZQXCHANNEL", "ZQXNOTES",
                   "ZQXCUSTOM", "ZQXNESTED", "ZQXDRAFTTITLE", "ZQXINTPMTITLE"):
        assert marker in raw, marker
    tree = page(internal, "incidents/2026-03-14-api-errors/")
    facts = [text(e) for e in tree.xpath("//section[contains(@class, 'sp-box--internal')]//dl[1]/*")]
    assert facts[:10] == [
        "Incident commander", "Dana ZQXCOMMANDER", "Ops / technical lead", "Sam ZQXOPSLEAD",
        "Communications lead", "Priya ZQXCOMMSLEAD", "Scribe", "Jo ZQXSCRIBE", "Channel", "#inc-ZQXCHANNEL",
    ]
    times = [text(e) for e in tree.xpath("//section[contains(@class, 'sp-box--internal')]//dl[2]/*")]
    assert times == [
        "Started", "2026-03-14 09:00 UTC", "Detected", "2026-03-14 09:04 UTC", "Declared", "not recorded",
        "Acknowledged", "2026-03-14 09:06 UTC", "Mitigated", "2026-03-14 10:00 UTC",
        "Resolved", "2026-03-14 10:30 UTC", "Time to detect", "4 min", "Time to acknowledge", "2 min",
        "Time to mitigate", "1 h", "Time to resolve", "1 h 30 min",
    ]
    links = [(text(a), a.get("href")) for a in tree.xpath(
        "//section[contains(@class, 'sp-box--internal')]//ul/li/a")]
    assert links == [
        ("Draft ZQXDRAFTTITLE", "../../postmortems/2026-03-18-api-draft/"),
        ("Internal ZQXINTPMTITLE", "../../postmortems/2026-03-18-api-internal/"),
        (HOSTILE, "../../postmortems/2026-03-18-api-public/"),
    ]


def test_no_knowledge_base_in_the_public_build(public: Path) -> None:
    """The internal build's archive, action items and metrics (and their tabs, styles
    and search entries) never reach the public build."""
    files = all_files(public)
    assert [p for p in files if p.startswith(("postmortems/", "action-items/", "metrics/"))] == []
    assert "assets/statuspress/archive.css" not in files
    assert [text(a) for a in page(public, "").xpath("//nav[@aria-label='Sections']//a")] == [
        "Status", "History", "About"]
    docs = json.loads(files["search/search_index.json"])["docs"]
    assert [d["location"] for d in docs if "postmortems/" in d["location"] or "#sp-internal" in d["location"]] == []


def test_knowledge_base_is_sanitised(internal: Path) -> None:
    """The internal pages render the same hostile Markdown, sanitised, and show
    hostile titles as text."""
    files = all_files(internal)
    pages = [p for p in files if p.startswith(("postmortems/", "action-items/", "metrics/")) and p.endswith(".html")]
    assert len(pages) >= 10
    for path in pages:
        assert _executable(files[path]) == [], path
    for doc in json.loads(files["search/search_index.json"])["docs"]:
        assert _executable(doc["title"]) == [], doc["location"]
        assert _executable(doc["text"]) == [], doc["location"]
    tree = page(internal, "postmortems/2026-03-18-api-public/")
    assert [text(h) for h in tree.xpath("//h1")] == [HOSTILE]
    assert "ZQXDRAFTBODY" in files["postmortems/2026-03-18-api-draft/index.html"].decode("utf-8")
