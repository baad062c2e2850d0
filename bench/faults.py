"""A proxy between the worker and the Slack stand-in that loses replies.

Slack posted the message, but its answer never reached us: the request is passed on to the
stand-in (which stores the message), and then the worker gets no answer. "hang": the proxy
holds the connection until the worker's own timeout gives up; "reset": it closes the connection
at once (what a dropped connection looks like). Every other request is passed on unchanged.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self, cast
from urllib.parse import parse_qs, urlsplit


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    proxy: LosingProxy


class LosingProxy:
    def __init__(self, upstream: str, rate: float, mode: str, seed: int = 3) -> None:
        parts = urlsplit(upstream)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.prefix = parts.path.rstrip("/")
        self.rate, self.mode = rate, mode
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.lost: list[str] = []  # dedupe keys of posts whose answer was lost
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.proxy = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{self.prefix}/"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()

    def lose(self, path: str, body: bytes) -> bool:
        if not path.endswith("/chat.postMessage"):
            return False
        with self._lock:
            if self._rng.random() >= self.rate:
                return False
            self.lost.append(_dedupe_key(body))
            return True


def _dedupe_key(body: bytes) -> str:
    try:
        text = body.decode()
        params = (
            json.loads(text)
            if text.startswith("{")
            else {k: v[-1] for k, v in parse_qs(text).items()}
        )
        metadata: Any = params.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        return str(metadata["event_payload"]["dedupe_key"])
    except (ValueError, KeyError, TypeError):
        return "?"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        proxy = cast(_Server, self.server).proxy
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        upstream = http.client.HTTPConnection(proxy.host, proxy.port, timeout=60)
        try:
            upstream.request("POST", self.path, body=body, headers=headers)
            reply = upstream.getresponse()
            payload = reply.read()
        finally:
            upstream.close()
        if proxy.lose(self.path, body):
            if proxy.mode == "hang":
                # Until the worker's HTTP timeout (15 s) has given up on it.
                deadline = time.monotonic() + 20
                self.connection.settimeout(1)
                while time.monotonic() < deadline:
                    try:
                        if not self.connection.recv(1):
                            break
                    except TimeoutError:
                        continue
                    except OSError:
                        break
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in reply.getheaders():
            if name.lower() not in ("content-length", "connection", "transfer-encoding", "date"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        self.send_error(404)

    def log_message(self, format: str, *args: object) -> None:
        pass
