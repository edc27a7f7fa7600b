"""The web world and personas (tests/web/conftest.py) and a local HTTP receiver
on 127.0.0.1 standing in for 企业微信, 钉钉 and the SMS provider.

The receiver answers each request with the next of ``receiver.answers`` (status,
JSON body), then with the robots' "taken" answer; every request is kept in
``receiver.requests`` with its path, query and decoded JSON body.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.web.conftest import PASSWORD, World, build_world

__all__ = ["PASSWORD", "Receiver", "World", "build_world"]

OK = (200, {"errcode": 0, "errmsg": "ok"})


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class Receiver:
    url: str
    answers: list[tuple[int, Any]] = field(default_factory=list)
    requests: list[Seen] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            body = json.loads(raw) if raw else None
            state.requests.append(
                Seen(self.command, parts.path, parse_qs(parts.query), dict(self.headers), body)
            )
            status, answer = state.answers.pop(0) if state.answers else OK
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def _notify_settings(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.KAOPING_BASE_URL = "https://kaoping.example.cn"
    settings.KAOPING_NOTIFY_ATTEMPTS = 3
    settings.KAOPING_NOTIFY_TIMEOUT = 5
    settings.KAOPING_JOB_RETRY_SECONDS = 0
