"""pytest fixtures for real-browser tests: Debian's Chromium driven by Playwright.

Registered for the whole suite by ``tests/conftest.py``
(``pytest_plugins = ["tests.support.browser_fixtures"]``).

Fixtures:

* ``browser`` (session): a Playwright ``Browser`` on the system Chromium
  (``$STATUSPRESS_CHROMIUM`` or ``/usr/bin/chromium``; Playwright's own browser
  downloads are never used). When Chromium (or Playwright) is missing the test is
  skipped, except where the environment variable ``CI`` is set: there it fails,
  so CI can never go green by skipping every browser test.
* ``browser_context`` (function): a fresh ``BrowserContext`` (no shared cookies or
  storage) with a ``DESKTOP`` viewport, locale ``en-US``, time zone UTC and a 10 s
  default timeout.
* ``page`` (function): a new ``Page`` in that context. When the test fails, a
  screenshot of it is saved as ``tests/artifacts/screenshots/FAILED-<test id>.png``.

Tests that use ``browser``, ``browser_context`` or ``page`` get the ``browser``
marker, so ``pytest -m "not browser"`` runs everything else.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.browser import DESKTOP, save_screenshot

DEFAULT_CHROMIUM = "/usr/bin/chromium"

#: Flags for Chromium on these machines: root needs --no-sandbox, and with no network
#: Chromium must be told not to keep reaching for the internet.
CHROMIUM_ARGS: list[str] = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

DEFAULT_TIMEOUT_MS = 10_000

_BROWSER_FIXTURES = {"browser", "browser_context", "page"}


def in_ci() -> bool:
    """True when the environment variable ``CI`` is set to anything but empty/0/false."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def chromium_executable() -> str | None:
    """The Chromium to drive: ``$STATUSPRESS_CHROMIUM`` (a path or a command name) or
    ``/usr/bin/chromium``; None when it is not an executable file."""
    wanted = os.environ.get("STATUSPRESS_CHROMIUM") or DEFAULT_CHROMIUM
    if os.path.isfile(wanted) and os.access(wanted, os.X_OK):
        return wanted
    return shutil.which(wanted)


def _unavailable(reason: str) -> None:
    if in_ci():
        pytest.fail(f"real-browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"real-browser tests skipped: {reason}")


# --------------------------------------------------------------------------- hooks


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: the test opens pages in a real browser (Chromium via Playwright)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _BROWSER_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    # Keep each phase's report on the item, so the page fixture can tell a failed test.
    report = yield
    setattr(item, f"_statuspress_report_{report.when}", report)
    return report


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A Playwright ``Browser`` on the system Chromium, shared by the session."""
    executable = chromium_executable()
    if executable is None:
        wanted = os.environ.get("STATUSPRESS_CHROMIUM") or DEFAULT_CHROMIUM
        _unavailable(
            f"no Chromium at {wanted!r} (install Debian's `chromium` package, or set "
            "STATUSPRESS_CHROMIUM to a Chromium executable; never `playwright install`)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is in the test extra
        _unavailable(f"the Python package playwright is not installed ({exc}); pip install -e '.[test]'")

    playwright = sync_playwright().start()
    try:
        try:
            launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as exc:
            pytest.fail(f"Chromium at {executable} did not start: {exc}", pytrace=False)
        try:
            yield launched
        finally:
            launched.close()
    finally:
        playwright.stop()


@pytest.fixture
def browser_context(browser: Any) -> Iterator[Any]:
    """A fresh browser context (isolated cookies and storage) with a desktop viewport."""
    width, height = DESKTOP
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="en-US",
        timezone_id="UTC",
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(browser_context: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A new page in a fresh context; screenshotted on failure."""
    new_page = browser_context.new_page()
    yield new_page
    report = getattr(request.node, "_statuspress_report_call", None)
    if report is not None and report.failed and not new_page.is_closed():
        try:
            path = save_screenshot(new_page, "FAILED-" + request.node.nodeid)
            print(f"screenshot of the failed test: {path}")  # noqa: T201 - pytest shows it with the failure
        except Exception:  # a crashed page must not hide the real failure
            pass
