"""Real receivers on 127.0.0.1 for the notify tests: an HTTP server that records
every POST (and answers with the status codes a test queues), and an SMTP server
(aiosmtpd) that requires a login and records every message."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


@dataclass
class Request:
    """One POST the HTTP receiver got."""

    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class HttpReceiver:
    """Records POSTs; ``answers[path]`` is a queue of status codes (then 200), and
    ``delays[path]`` a queue of seconds to wait before answering (then none)."""

    port: int = 0
    requests: list[Request] = field(default_factory=list)
    answers: dict[str, list[int]] = field(default_factory=dict)
    delays: dict[str, list[float]] = field(default_factory=dict)

    def url(self, path: str, scheme: str = "http") -> str:
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def bodies(self, path: str) -> list[Any]:
        """The JSON bodies POSTed to ``path`` (any status), in order."""
        return [r.json() for r in self.requests if r.path == path]


@contextmanager
def http_receiver() -> Iterator[HttpReceiver]:
    """An HTTP server on 127.0.0.1 for the duration of the block."""
    receiver = HttpReceiver()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            with lock:
                receiver.requests.append(Request(self.path, dict(self.headers.items()), body))
                queue = receiver.answers.get(self.path) or []
                status = queue.pop(0) if queue else 200
                waits = receiver.delays.get(self.path) or []
                delay = waits.pop(0) if waits else 0.0
            time.sleep(delay)
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@dataclass
class SmtpReceiver:
    """Records every message; accepts the login ``user`` / ``password`` only."""

    port: int
    user: str
    password: str
    messages: list[EmailMessage] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    def url(self, recipient: str = "customers@example.com") -> str:
        """An apprise URL that sends through this server, with the login in it."""
        return (f"mailto://{self.user}:{self.password}@example.com:{self.port}"
                f"?smtp=127.0.0.1&from=status@example.com&to={recipient}")


def _free_port() -> int:
    # aiosmtpd's Controller needs the port before it starts.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_receiver(user: str = "status", password: str = "s3cret-SMTP-pass") -> Iterator[SmtpReceiver]:
    """An SMTP server (aiosmtpd) on 127.0.0.1 for the duration of the block."""
    receiver = SmtpReceiver(_free_port(), user, password)

    class Handler:
        async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
            data = envelope.original_content or envelope.content
            raw = data if isinstance(data, bytes) else str(data).encode("utf-8")
            message = email.message_from_bytes(raw, policy=email.policy.default)
            receiver.messages.append(message)  # type: ignore[arg-type]
            return "250 OK"

    def authenticate(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and data.login.decode() == user and data.password.decode() == password
        if ok:
            receiver.logins.append(user)
        return AuthResult(success=ok)

    controller = Controller(Handler(), hostname="127.0.0.1", port=receiver.port,
                            authenticator=authenticate, auth_require_tls=False, auth_required=True)
    controller.start()
    try:
        yield receiver
    finally:
        controller.stop()
