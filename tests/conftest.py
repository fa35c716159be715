"""Suite-wide pytest configuration. Fixtures for real-browser tests come from
tests/support/browser_fixtures.py (browser, browser_context, page), the
notification tests' receivers from tests/support/receiver_fixtures.py (http, smtp)."""

pytest_plugins = ["tests.support.browser_fixtures", "tests.support.receiver_fixtures"]
