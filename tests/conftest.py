"""Suite-wide pytest configuration. Fixtures for real-browser tests come from
tests/support/browser_fixtures.py (browser, browser_context, page)."""

pytest_plugins = ["tests.support.browser_fixtures"]
