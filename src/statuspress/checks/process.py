"""Process checks: what the severity ladder and good incident practice promise.

These are warnings from ``statuspress validate`` (errors with ``--strict``), never
build failures: a missing postmortem or a late update is a process problem, not
broken content. They depend on the as-of time, which is always passed in.

1. A resolved incident whose severity requires a postmortem has no ``published``
   postmortem ``postmortem_grace_days`` business days (Mon–Fri) after ``resolved``.
2. An unresolved incident went longer than its severity's update cadence without a
   public update (between two updates, or from the last one until now).
3. Public text (titles, update messages, public bodies) names internal host names,
   private IP addresses, chat channels, @mentions or a site-configured pattern.
4. An action item is past its due date and neither done nor won't-do.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from statuspress.checks.problems import Problem
from statuspress.formatting import duration, utc
from statuspress.model.incident import Incident
from statuspress.model.postmortem import Postmortem, is_overdue

if TYPE_CHECKING:
    from statuspress.load.site import Site

# --- 1. postmortems ---------------------------------------------------------------


def add_business_days(day: date, count: int) -> date:
    """The ``count``-th Monday–Friday after ``day`` (``day`` itself when count is 0)."""
    current = day
    while count > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            count -= 1
    return current


def postmortem_due(resolved: datetime, grace_days: int) -> date:
    """The last day a required postmortem may still be unpublished: ``grace_days``
    business days after the UTC date of ``resolved``."""
    return add_business_days(resolved.date(), grace_days)


def _missing_postmortems(site: Site, at: datetime) -> Iterator[Problem]:
    config = site.config
    grace = config.postmortem_grace_days
    for incident in site.incidents:
        severity = config.severity(incident.severity)
        if incident.type != "incident" or incident.resolved is None or severity is None or not severity.postmortem:
            continue
        due = postmortem_due(incident.resolved, grace)
        if at.date() <= due:
            continue
        covering = site.postmortems_by_incident.get(incident.id, [])
        if any(pm.status == "published" for pm in covering):
            continue
        days = f"{grace} business day{'' if grace == 1 else 's'}"
        if covering:
            pm = covering[0]
            advice = f"{pm.src.path} is `{pm.status}`: publish it once it is reviewed"
        else:
            advice = f"write one with `statuspress new postmortem {incident.id}`"
        yield Problem(
            incident.src.path, incident.src.line("resolved"), "warning",
            f"{severity.key} incident resolved {incident.resolved.date().isoformat()} has no published "
            f"postmortem after {days} (due {due.isoformat()}); {advice}",
            "postmortem-missing",
        )


# --- 2. update cadence ------------------------------------------------------------


def _late_updates(site: Site, at: datetime) -> Iterator[Problem]:
    for incident in site.incidents:
        severity = site.config.severity(incident.severity)
        cadence = severity.cadence_minutes if severity is not None else None
        if incident.type != "incident" or incident.resolved is not None or severity is None or cadence is None:
            continue
        limit = timedelta(minutes=cadence)
        promise = f"{severity.key} promises an update every {cadence} min"
        src = incident.src
        updates = incident.updates
        for index in range(1, len(updates)):
            gap = updates[index].at - updates[index - 1].at
            if gap > limit:
                yield Problem(
                    src.path, src.line("updates", index, "at"), "warning",
                    f"no public update for {duration(gap)} ({utc(updates[index - 1].at)} to "
                    f"{utc(updates[index].at)}); {promise}", "update-cadence",
                )
        if updates:
            last, line, since = updates[-1].at, src.line("updates", len(updates) - 1, "at"), ""
        else:
            # Before the first update the clock runs from the declaration: the team
            # cannot post about an incident nobody has declared yet.
            key = next((k for k in ("declared", "detected", "started") if getattr(incident, k)), None)
            if key is None:
                continue
            last, line, since = getattr(incident, key), src.line(key), f"`{key}`, "
        gap = at - last
        if gap > limit:
            yield Problem(
                src.path, line, "warning",
                f"no public update for {duration(gap)} (since {since}{utc(last)}); {promise}",
                "update-cadence",
            )


# --- 3. public text ---------------------------------------------------------------

_HOST_TLDS = ("internal", "local", "corp", "lan", "intranet")
_HOST = re.compile(
    r"(?<![\w.-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:internal|local|corp|lan|intranet))"
    r"(?![\w-]|\.[a-z0-9])",
    re.IGNORECASE,
)
# Four dotted numbers standing alone: "10.5%" or "v1.2.3.4" are not addresses.
_IPV4 = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?![\w]|\.\d)")
_PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8")
)
# Slack-style channels are lowercase. Not a channel: a heading ("# Impact", the space),
# an issue number ("#123", no letter), a URL fragment ("/#x", "page#x", "](#x)") or an
# HTML entity ("&#39;").
_CHANNEL = re.compile(r"(?<![\w&/#])(?<!\]\()#([a-z0-9][a-z0-9_.-]*)")
# An e-mail address has a word character before its "@".
_MENTION = re.compile(r"(?<![\w.@/+-])@([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class Finding:
    """Something in a public text that must not go out, at ``start`` in the text."""

    start: int
    end: int
    text: str
    kind: str


def _is_private_ip(text: str) -> bool:
    try:
        address = ipaddress.IPv4Address(text)
    except ValueError:  # 300.1.2.3, or leading zeros
        return False
    return any(address in network for network in _PRIVATE_NETWORKS)


def find_internal_details(text: str, patterns: list[re.Pattern[str]]) -> list[Finding]:
    """Internal host names, private IPv4 addresses, chat channels, @mentions and
    matches of the site's ``patterns`` in ``text``, in order; one finding per span
    (a pattern match overlapping a built-in finding is not reported twice)."""
    found: list[Finding] = []
    # Cheap tests first: most public text has none of these, and the full patterns
    # are what a 10,000-incident site spends its time on.
    lowered = text.lower()
    hosts = _HOST.finditer(text) if any(f".{tld}" in lowered for tld in _HOST_TLDS) else ()
    for match in hosts:
        found.append(Finding(match.start(1), match.end(1), match.group(1), "an internal host name"))
    for match in _IPV4.finditer(text) if "." in text else ():
        if _is_private_ip(match.group(1)):
            found.append(Finding(match.start(1), match.end(1), match.group(1), "a private IP address"))
    for regex, kind, marker in ((_CHANNEL, "a chat channel name", "#"), (_MENTION, "an @mention", "@")):
        for match in regex.finditer(text) if marker in text else ():
            name = match.group(1).rstrip("._-")  # the full stop ending a sentence is not part of it
            if not name or (regex is _CHANNEL and not re.search(r"[a-z]", name)):
                continue
            end = match.start(1) + len(name)
            found.append(Finding(match.start(), end, text[match.start():end], kind))
    for pattern in patterns:
        for match in pattern.finditer(text):
            if match.end() > match.start():
                found.append(Finding(match.start(), match.end(), match.group(0),
                                     f"`{match.group(0)}`, which matches `public_text_patterns` entry "
                                     f"`{pattern.pattern}`"))
    kept: list[Finding] = []
    for finding in found:  # built-in kinds come first, so they win an overlap
        if not any(finding.start < k.end and k.start < finding.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))


def compile_patterns(sources: list[str]) -> list[re.Pattern[str]]:
    """The site's ``public_text_patterns``, compiled (SiteConfig already refused invalid ones)."""
    return [re.compile(source) for source in sources]


def _public_fields(document: Incident | Postmortem) -> Iterator[tuple[str, str, int]]:
    """(field as named in messages, text, line of the field) for each public text."""
    src = document.src
    yield "`title`", document.title, src.line("title")
    if isinstance(document, Incident):
        for index, update in enumerate(document.updates):
            yield f"`updates[{index}].message`", update.message, src.line("updates", index, "message")
        body_name = "the public description"
    else:
        if document.summary:
            yield "`summary`", document.summary, src.line("summary")
        body_name = "the postmortem"
    # Each line of the body separately, so the problem points at the line itself.
    for offset, line in enumerate(document.body.split("\n")):
        if line.strip():
            yield body_name, line, src.body_line + offset


def _leaks(site: Site) -> Iterator[Problem]:
    patterns = compile_patterns(site.config.public_text_patterns)
    # Postmortems marked public are checked too: they reach the public site once published.
    documents: list[Incident | Postmortem] = [*site.incidents]
    documents += [pm for pm in site.postmortems if pm.visibility == "public"]
    for document in documents:
        for field, text, line in _public_fields(document):
            seen: set[tuple[str, str]] = set()
            for finding in find_internal_details(text, patterns):
                if (finding.kind, finding.text) in seen:
                    continue
                seen.add((finding.kind, finding.text))
                what = finding.kind if finding.kind.startswith("`") else f"{finding.kind} `{finding.text}`"
                yield Problem(
                    document.src.path, line, "warning",
                    f"{field} contains {what}; keep internal details out of public text", "public-text",
                )


# --- 4. action items --------------------------------------------------------------


def _overdue_actions(site: Site, at: datetime) -> Iterator[Problem]:
    for pm in site.postmortems:
        for index, item in enumerate(pm.action_items):
            if is_overdue(item, at):
                state = item.status.replace("_", " ")
                yield Problem(
                    pm.src.path, pm.src.line("action_items", index), "warning",
                    f"action item '{item.title}' (owner {item.owner}) was due {item.due.isoformat()} "
                    f"and is still {state}", "action-overdue",
                )


def process_checks(site: Site, at: datetime) -> list[Problem]:
    """Every process warning for ``site`` as of ``at``, sorted by file and line."""
    problems = [
        *_missing_postmortems(site, at),
        *_late_updates(site, at),
        *_leaks(site),
        *_overdue_actions(site, at),
    ]
    return sorted(problems, key=lambda p: (p.path, p.line, p.message))
