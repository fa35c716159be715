"""Plain text from Markdown (statuspress.render.markdown.to_text): what the JSON API,
the calendar, Slack text and the search index carry."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from statuspress.render.markdown import to_text
from statuspress.render.statuspage import statuspage_api
from statuspress.views.snapshot import snapshot
from tests.support.sites import load, write_site


def test_every_entity_is_decoded() -> None:
    assert to_text("Fixed&nbsp;it &mdash; at 09:12 &amp; again &eacute;t&eacute; &#8364;5 &lt;b&gt;") == (
        "Fixed\u00a0it \u2014 at 09:12 & again \u00e9t\u00e9 \u20ac5 <b>"
    )


def test_lists_become_readable_lines() -> None:
    assert to_text(
        "We changed three things:\n\n- the pool size\n- the timeout\n    - for reads\n    - for writes\n\n"
        "Next steps:\n\n1. watch\n2. report\n\nDone."
    ) == (
        "We changed three things:\n\n- the pool size\n- the timeout\n  - for reads\n  - for writes\n\n"
        "Next steps:\n\n1. watch\n2. report\n\nDone."
    )


def test_paragraphs_stay_apart_and_links_keep_their_url() -> None:
    """What a Statuspage client shows of ``body``, and what ``statuspress import
    statuspage`` reads back: paragraphs separated by an empty line, and a link's URL
    after its text unless the text is the URL (an autolink)."""
    assert to_text(
        "We rolled back.\nErrors are falling.\n\n\n\nRetry with an [idempotency key](https://docs.example/keys?a=1&b=2)"
        " or see https://status.example, www.example.com, <ops@example.com> and [below](#faq).\n\n"
        "- loose\n\n- [list](mailto:ops@example.com)\n\n---\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    ) == (
        "We rolled back.\nErrors are falling.\n\n"
        "Retry with an idempotency key (https://docs.example/keys?a=1&b=2) or see https://status.example, "
        "www.example.com, ops@example.com and below.\n\n"
        "- loose\n- list (mailto:ops@example.com)\n\nquoted\n\na b\n1 2"
    )


def test_inline_markup_and_hostile_html_leave_only_words() -> None:
    assert to_text("A **bold** `code` [link](https://example.com) line\nand a second.") == (
        "A bold code link (https://example.com) line\nand a second."
    )
    assert to_text("Slow. <script>alert(1)</script><img src=x onerror=alert(3)>") == "Slow."
    assert to_text("") == "" and to_text(None) == ""


def test_the_json_carries_the_decoded_text(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={"2026-03-14-api": """
        ---
        title: API errors
        severity: SEV2
        components: [api]
        started: 2026-03-14T09:00:00Z
        updates:
          - at: 2026-03-14T09:05:00Z
            status: investigating
            message: "Errors&nbsp;on:\\n\\n- EU\\n- US"
        ---
        """})
    at = datetime(2026, 3, 14, 12, 0, tzinfo=timezone.utc)
    doc = json.loads(statuspage_api(snapshot(load(tmp_path), at))["api/v2/incidents.json"])
    assert doc["incidents"][0]["incident_updates"][0]["body"] == "Errors\u00a0on:\n\n- EU\n- US"
