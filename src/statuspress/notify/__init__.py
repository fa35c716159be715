"""``statuspress notify``: tell subscribers about incidents and maintenance, exactly once.

A static site has no server to send notifications from, so they are sent where the
content changes: by the publishing workflow, after each deploy and on its hourly
schedule. Every message derives from the content files as of one as-of time, so a
pull request can show what merging it would send.

    content.py   the one adapter between the site's views and this package
    events.py    what is due at the as-of time, each with a content-derived id
    state.py     the state file: which target got which event, written as it happens
    messages.py  subject, text and Markdown bodies from the announce-style templates
    payloads.py  Statuspage's webhook JSON
    targets.py   delivery (apprise, or an HTTP POST for statuspage_webhook); secret masking
    run.py       the plan (baseline, filters, already delivered) and its execution
"""

from __future__ import annotations
