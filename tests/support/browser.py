"""Helpers for tests that open pages in a real browser (Debian's Chromium via Playwright).

Plain functions, usable with the ``browser`` / ``page`` fixtures of
``tests.support.browser_fixtures`` (registered in ``tests/conftest.py``)::

    from tests.support.browser import DESKTOP, PHONE, axe_violations, format_violations
    from tests.support.browser import save_screenshot, serve_directory, set_viewport

    def test_home(page, built_site):
        with serve_directory(built_site / "site") as base_url:   # "http://127.0.0.1:PORT/"
            page.goto(base_url)
            violations = axe_violations(page)                     # serious + critical only
            assert not violations, format_violations(violations)
            set_viewport(page, PHONE)
            save_screenshot(page, "home-phone")                  # tests/artifacts/screenshots/

Pages are always served over HTTP from 127.0.0.1 (never ``file://``), so that
relative paths, search and ``fetch`` behave as on a real host.
"""

from __future__ import annotations

import contextlib
import functools
import re
import socket
import sys
import threading
from collections.abc import Iterable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

# Viewport sizes (width, height) in CSS pixels.
DESKTOP: tuple[int, int] = (1280, 900)
PHONE: tuple[int, int] = (390, 844)

#: Where ``save_screenshot`` writes PNGs (``/tests/artifacts/`` is gitignored).
SCREENSHOT_DIR: Path = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"

#: axe-core impact levels, least severe first.
IMPACT_LEVELS: tuple[str, ...] = ("minor", "moderate", "serious", "critical")


# --------------------------------------------------------------------------- serving


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files, no request log, no caching, and the content types a built site uses."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".json": "application/json",
        ".xml": "application/xml",
        ".atom": "application/atom+xml",
        ".rss": "application/rss+xml",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass

    #: Extra response headers (``serve_directory(..., headers=...)``).
    extra_headers: ClassVar[dict[str, str]] = {}

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that closes a connection early (navigation, prefetch) is not an error.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, socket.timeout)):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_directory(path: str | Path, *, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve ``path`` over HTTP on 127.0.0.1 (a free port) for the ``with`` block.

    Yields the base URL with a trailing slash, e.g. ``"http://127.0.0.1:40123/"``, so
    ``base_url + "history/"`` and ``page.goto(base_url)`` both work. The server runs in
    a background thread (one thread per request) and is shut down on exit. ``headers``
    are sent with every response, e.g. ``{"Access-Control-Allow-Origin": "*"}`` as
    GitHub Pages sends.
    """
    root = Path(path)
    if not root.is_dir():
        raise FileNotFoundError(f"serve_directory: {root} is not a directory")
    handler_class = type("_Handler", (_QuietHandler,), {"extra_headers": dict(headers or {})})
    handler = functools.partial(handler_class, directory=str(root))
    server = _QuietServer(("127.0.0.1", 0), handler)
    port = server.server_address[1]
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05},
        name=f"serve_directory:{port}", daemon=True,
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- viewport, screenshots


def set_viewport(page: Any, size: tuple[int, int]) -> None:
    """Resize the page's viewport, e.g. ``set_viewport(page, PHONE)``."""
    width, height = size
    page.set_viewport_size({"width": width, "height": height})


def _safe_name(name: str) -> str:
    stem = name[:-4] if name.lower().endswith(".png") else name
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "screenshot"
    return stem[:150] + ".png"


def save_screenshot(page: Any, name: str, *, full_page: bool = False) -> Path:
    """Write a PNG of the current viewport to ``tests/artifacts/screenshots/<name>.png``.

    ``name`` is made file-name safe (a test node id works). Returns the path written.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / _safe_name(name)
    page.screenshot(path=str(path), full_page=full_page)
    return path


# --------------------------------------------------------------------------- console errors


def collect_console_errors(page: Any) -> list[str]:
    """Start recording the page's JavaScript errors; returns a list that fills as they occur.

    Call it before ``page.goto``. Records ``console.error`` messages and uncaught
    exceptions (``pageerror``)."""
    errors: list[str] = []

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            where = (msg.location or {}).get("url") or ""
            errors.append(f"console.error: {msg.text}" + (f" ({where})" if where else ""))

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    return errors


def offline(page: Any) -> list[str]:
    """Keep the page on 127.0.0.1 (the theme's web fonts are not reachable here) and
    start recording its JavaScript errors (``collect_console_errors``)."""
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
               else route.abort())
    return collect_console_errors(page)


def js_errors(errors: list[str]) -> list[str]:
    """The recorded errors other than the requests ``offline`` refused."""
    return [e for e in errors if "Failed to load resource" not in e]


# --------------------------------------------------------------------------- accessibility (axe-core)


def _impact_rank(impact: str | None) -> int:
    try:
        return IMPACT_LEVELS.index(impact or "")
    except ValueError:
        return -1  # no impact given: treated as below every threshold


def filter_violations(violations: Iterable[dict[str, Any]], min_impact: str = "serious") -> list[dict[str, Any]]:
    """Only the violations whose impact is ``min_impact`` or worse."""
    if min_impact not in IMPACT_LEVELS:
        raise ValueError(f"min_impact must be one of {IMPACT_LEVELS}, not {min_impact!r}")
    threshold = IMPACT_LEVELS.index(min_impact)
    return [v for v in violations if _impact_rank(v.get("impact")) >= threshold]


@functools.lru_cache(maxsize=1)
def _axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def axe_violations(
    page: Any,
    min_impact: str = "serious",
    *,
    context: str | list[str] | None = None,
    options: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Run axe-core (bundled by ``axe-playwright-python``) on the page as it is now.

    Returns the axe violation dicts (keys ``id``, ``impact``, ``help``, ``helpUrl``,
    ``nodes`` with ``target`` selectors, ...) whose impact is ``min_impact`` or worse
    (default: serious and critical). ``context`` limits the check to a CSS selector (or
    a list of them); ``options`` are axe's run options, e.g.
    ``{"rules": {"color-contrast": {"enabled": False}}}`` (only violations are returned
    either way).
    """
    run_options: dict[str, Any] = {"resultTypes": ["violations"]}
    if options:
        run_options.update(options)
    results = _axe().run(page, context=context, options=run_options)
    return filter_violations(results.response.get("violations", []), min_impact)


def _target_text(target: Any) -> str:
    # A target is a list of selectors; an entry is itself a list when it crosses an
    # iframe or a shadow root.
    if isinstance(target, (list, tuple)):
        return " >> ".join(_target_text(t) for t in target)
    return str(target)


def format_violations(violations: Iterable[dict[str, Any]], max_targets: int = 3) -> str:
    """A readable, multi-line summary of axe violations, for an assertion message."""
    violations = list(violations)
    if not violations:
        return "no accessibility violations"
    lines = [f"{len(violations)} accessibility violation(s):"]
    for v in violations:
        nodes = v.get("nodes") or []
        lines.append(f"- {v.get('id')} [{v.get('impact')}] {v.get('help', '')} ({len(nodes)} element(s))")
        for node in nodes[:max_targets]:
            lines.append(f"    at {_target_text(node.get('target', []))}")
        if len(nodes) > max_targets:
            lines.append(f"    ... and {len(nodes) - max_targets} more")
        if v.get("helpUrl"):
            lines.append(f"    see {v['helpUrl']}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Any, min_impact: str = "serious", **kwargs: Any) -> None:
    """Fail with a readable message when axe finds violations of ``min_impact`` or worse."""
    violations = axe_violations(page, min_impact, **kwargs)
    assert not violations, f"{page.url}: " + format_violations(violations)
