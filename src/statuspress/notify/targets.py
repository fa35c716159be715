"""Delivery to targets, and the secrets in their URLs.

Apprise does the talking for every service (Slack, Teams, Discord, Mattermost,
Telegram, SMTP, generic JSON webhooks, ...): one library instead of a client per
service. Targets of ``type: statuspage_webhook`` are a payload format rather than a
service, so they are a plain HTTPS POST whose answer must be 2xx (a redirect counts
as a failure, as on Statuspage).

A target URL is a secret (a Slack webhook URL is a password; an SMTP URL holds
one). The output names a target by its ``name`` and shows its URL as
``scheme://****``; ``Secrets.mask`` scrubs every URL, and every password and token
in it, from any text that is printed, apprise's error messages included.
"""

from __future__ import annotations

import logging
import socket
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import parse_qsl, unquote, urlsplit

from statuspress import __version__
from statuspress.model.config import NotifyTarget

MASK = "****"

#: A path segment or query value is taken for a token when it is this long, or
#: shorter (but not under 6) with both letters and digits: `T1JJ3T3L2` is a token,
#: `hooks` and `statuspage` are words (masking a word would hide target names too).
_TOKEN_LENGTH = 16


def _is_token(value: str) -> bool:
    if len(value) >= _TOKEN_LENGTH:
        return True
    return len(value) >= 6 and any(c.isdigit() for c in value) and any(c.isalpha() for c in value)


class DeliveryFailed(Exception):
    """A target did not accept a notification; the message is already masked."""


class Secrets:
    """Every secret string of the configured targets, for scrubbing output."""

    def __init__(self, targets: Iterable[NotifyTarget]) -> None:
        found: set[str] = set()
        for target in targets:
            if target.url:
                found.update(_secret_parts(target.url))
        # Longest first, so that a URL is replaced whole before its parts.
        self._secrets = sorted(found, key=len, reverse=True)

    def mask(self, text: str) -> str:
        """``text`` with every secret replaced by ``****``."""
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text


def _secret_parts(url: str) -> set[str]:
    parts = {url, url.strip()}
    split = urlsplit(url.strip())
    if split.password:
        parts.update({split.password, unquote(split.password)})
    for segment in split.path.split("/"):
        if _is_token(unquote(segment)):
            parts.update({segment, unquote(segment)})
    for key, value in parse_qsl(split.query, keep_blank_values=False):
        if key.lower() in ("pass", "password", "token", "key", "secret", "apikey") or (
            _is_token(value) and "@" not in value and key.lower() not in ("smtp", "from", "to")
        ):
            parts.add(value)
    return {p for p in parts if p}


def shown_url(target: NotifyTarget) -> str:
    """How the output shows a target's URL: ``slack://****``, or why there is none."""
    if not target.url:
        return "URL not set"
    scheme = urlsplit(target.url.strip()).scheme
    return f"{scheme}://{MASK}" if scheme else MASK


def url_problem(target: NotifyTarget) -> str | None:
    """Why ``target`` cannot be delivered to, or None when its URL looks usable."""
    if not target.url or not target.url.strip():
        return (
            "has no URL: its `url:` is empty or names an environment variable that is not set "
            "(in CI: add the repository secret and pass it to the notify step)"
        )
    url = target.url.strip()
    if target.type == "statuspage_webhook":
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            return "is a statuspage_webhook, whose URL must be an http:// or https:// address"
        return None
    import apprise

    with _apprise_log() as _:
        service = apprise.Apprise.instantiate(url)
    if service is None:
        return f"has a URL apprise does not understand ({shown_url(target)}); see apprise's list of services"
    return None


def send_apprise(target: NotifyTarget, subject: str, text: str, markdown: str) -> None:
    """Deliver one message through apprise; raise ``DeliveryFailed`` with apprise's reason."""
    import apprise

    assert target.url is not None
    with _apprise_log() as records:
        service = apprise.Apprise.instantiate(target.url.strip())
        if service is None:
            raise DeliveryFailed(f"apprise does not understand the URL ({shown_url(target)})")
        notifier = apprise.Apprise()
        notifier.add(service)
        if target.format == "markdown":
            ok = notifier.notify(body=markdown, title=subject, body_format=apprise.NotifyFormat.MARKDOWN)
        else:
            ok = notifier.notify(body=text, title=subject, body_format=apprise.NotifyFormat.TEXT)
    if not ok:
        reasons = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
        raise DeliveryFailed(reasons[-1] if reasons else "apprise reported a failure")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer that is not 2xx: a failure, as for Statuspage."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects())


def post_json(url: str, body: bytes, timeout: float) -> None:
    """POST ``body`` as JSON; anything but a 2xx answer raises ``DeliveryFailed``."""
    request = urllib.request.Request(
        url.strip(), data=body, method="POST",
        headers={"Content-Type": "application/json", "User-Agent": f"statuspress/{__version__}"},
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        raise DeliveryFailed(f"the receiver answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise DeliveryFailed(f"the receiver did not answer within {timeout:g} s") from None
        raise DeliveryFailed(f"cannot reach the receiver: {getattr(reason, 'strerror', None) or reason}") from None
    except TimeoutError:
        raise DeliveryFailed(f"the receiver did not answer within {timeout:g} s") from None
    except OSError as exc:
        raise DeliveryFailed(f"cannot reach the receiver: {exc.strerror or exc}") from None
    if not 200 <= status < 300:
        raise DeliveryFailed(f"the receiver answered HTTP {status}")


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _apprise_log() -> Iterator[list[logging.LogRecord]]:
    """Apprise's warnings, collected instead of printed: they may hold parts of a
    secret URL, and whatever is shown goes through ``Secrets.mask`` first."""
    logger = logging.getLogger("apprise")
    handler = _Records()
    previous = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous
