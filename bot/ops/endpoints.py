"""/healthz, /readyz, /workerz and /metrics: served next to Slack's endpoint in HTTP mode,
alone on $PORT in Socket Mode, and by `temadag worker` when METRICS_PORT is set.

/healthz   200 whenever the process serves requests (liveness). It never asks the database:
           a database blip must not make a process manager restart every process at once.
/readyz    200 when this process can do its job now: the database answers, its schema is at
           the code's revision and, in Socket Mode, the socket to Slack is connected
           (readiness: send it no traffic meanwhile). It does not ask about the worker, so a
           load balancer never takes a healthy web out because the worker is gone.
/workerz   200 when a worker beat within the last two minutes (alert on it; a web answers it
           as well as a worker does, from the heartbeat rows in the database).
/metrics   Prometheus text format (bot.ops.metrics).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from sqlalchemy import Engine

from bot.ops import heartbeat, metrics
from bot.services import utcnow
from storage.db import UNAVAILABLE, database_answers, make_session_factory
from storage.migrate import schema_revisions

log = logging.getLogger(__name__)
StartResponse = Callable[..., Any]
PATHS = ("/healthz", "/readyz", "/workerz", "/metrics")
_REASONS = {200: "OK", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"}


class OpsApp:
    """The WSGI app of the operator's endpoints."""

    def __init__(
        self,
        engine: Engine,
        clock: Callable[[], datetime] = utcnow,
        *,
        socket_connected: Callable[[], bool] | None = None,
    ) -> None:
        self.engine = engine
        self.sessions = make_session_factory(engine)
        self.clock = clock
        # Socket Mode only: whether the socket to Slack is connected and answering pings.
        self.socket_connected = socket_connected

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path not in PATHS:
            return _json(start_response, 404, {"ok": False, "error": "not found"})
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            return _json(start_response, 405, {"ok": False, "error": "method not allowed"})
        if path == "/healthz":
            return _json(start_response, 200, {"ok": True})
        if path == "/readyz":
            ready, report = self.readiness()
            return _json(start_response, 200 if ready else 503, {"ok": ready, **report})
        if path == "/workerz":
            alive, report = self.worker()
            return _json(start_response, 200 if alive else 503, {"ok": alive, **report})
        body, content_type = metrics.exposition(self.engine, self.clock, self.socket_connected)
        start_response(
            "200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        )
        return [body]

    def readiness(self) -> tuple[bool, dict[str, str]]:
        report: dict[str, str] = {}
        if self.socket_connected is not None:
            report["socket"] = "connected" if self.socket_connected() else "disconnected"
        if not database_answers(self.engine):
            return False, {**report, "database": "unreachable"}
        try:
            current, head = schema_revisions(self.engine)
        except UNAVAILABLE:
            return False, {**report, "database": "unreachable"}
        report["database"] = "ok"
        if current != head:
            return False, {**report, "schema": f"at {current or 'nothing'}, not {head}"}
        report["schema"] = "ok"
        return report.get("socket", "connected") == "connected", report

    def worker(self) -> tuple[bool, dict[str, str]]:
        now = self.clock()
        try:
            beats = heartbeat.last_beat(self.sessions, now)
        except UNAVAILABLE:
            return False, {"database": "unreachable", "worker": "unknown"}
        if beats.last_beat_at is None:
            return False, {"worker": "never beat"}
        age = int((now - beats.last_beat_at).total_seconds())
        return heartbeat.is_fresh(beats, now), {"worker": f"last beat {age}s ago"}


def _json(start_response: StartResponse, status: int, payload: dict[str, Any]) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(
        f"{status} {_REASONS[status]}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass  # probes every few seconds would drown the log


class OpsServer:
    """The operator's endpoints on their own port, in a background thread."""

    def __init__(self, engine: Engine, host: str, port: int) -> None:
        self.server = make_server(
            host, port, OpsApp(engine), server_class=_Server, handler_class=_QuietHandler
        )
        self.thread = threading.Thread(
            target=self.server.serve_forever, name="ops-http", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def start(self) -> OpsServer:
        self.thread.start()
        log.info("Health, readiness and metrics on port %s", self.port)
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
