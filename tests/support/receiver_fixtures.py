"""Fixtures for the notification tests: a real HTTP and a real SMTP receiver on
127.0.0.1 for one test each (registered in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.receivers import HttpReceiver, SmtpReceiver, http_receiver, smtp_receiver


@pytest.fixture
def http() -> Iterator[HttpReceiver]:
    """An HTTP server that records every request."""
    with http_receiver() as receiver:
        yield receiver


@pytest.fixture
def smtp() -> Iterator[SmtpReceiver]:
    """An SMTP server that records every message."""
    with smtp_receiver() as receiver:
        yield receiver
