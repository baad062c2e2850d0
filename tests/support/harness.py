"""The bot running for real on a loopback port, talking to the Slack stand-in."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from flask import Blueprint

from bot.app import create_app
from bot.composition import build_services
from bot.config import Settings
from bot.slack.services import SlackServices
from bot.wsgi import compose
from storage.migrate import upgrade
from tests.support.slack_client import SlackSim
from tests.support.slack_standin import SlackStandIn

SIGNING_SECRET = "test-signing-secret"


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 10, 17, 8, 30, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


class TrackingExecutor(ThreadPoolExecutor):
    """Bolt runs listeners after the ack on this pool; tests wait for it to go quiet."""

    def __init__(self) -> None:
        super().__init__(max_workers=8, thread_name_prefix="bolt")
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)

    def settle(self, timeout: float = 10.0) -> None:
        deadline = datetime.now().timestamp() + timeout
        while True:
            with self._lock:
                pending = list(self._pending)
            if not pending:
                return
            for future in pending:
                future.result(timeout=max(0.1, deadline - datetime.now().timestamp()))


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # Like gunicorn's backlog: a burst of simultaneous requests queues instead of being reset.
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Bot:
    services: SlackServices
    standin: SlackStandIn
    clock: Clock
    slack: SlackSim
    executor: TrackingExecutor

    def settle(self) -> None:
        self.executor.settle()

    @property
    def url(self) -> str:
        return f"http://{self.slack.host}:{self.slack.port}"


def settings_for(standin: SlackStandIn, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "slack_bot_token": "xoxb-test-token",
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": standin.base_url,
        "database_url": database_url,
        "slack_app_token": "",
        "facilitator_ids": "",
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


class RunningBot:
    """Context manager: migrate, build, serve on 127.0.0.1:0, and stop cleanly."""

    def __init__(
        self,
        standin: SlackStandIn,
        database_url: str,
        clock: Clock | None = None,
        team: str = "T1",
        blueprints: Sequence[Blueprint] = (),
        port: int = 0,
        **overrides: Any,
    ) -> None:
        self.settings = settings_for(standin, database_url, **overrides)
        # Web pages beyond the kernel's (a test's own blueprint); the features' come with them.
        self.blueprints = blueprints
        self.standin = standin
        self.clock = clock or Clock()
        self.team = team
        # A port chosen before starting, for a PUBLIC_URL that is the bot's own address.
        self.port = port

    def __enter__(self) -> Bot:
        upgrade(self.settings.database_url)
        services = build_services(self.settings)
        services.clock = self.clock
        self.executor = TrackingExecutor()
        services.run_later = self.executor.submit
        app = create_app(services, listener_executor=self.executor)
        engine = services.sessions.kw["bind"]
        self.engine = engine
        self.server = make_server(
            "127.0.0.1",
            self.port,
            compose(services, app, self.blueprints),
            server_class=_Server,
            handler_class=_QuietHandler,
        )
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        host, port = self.server.server_address[:2]
        sim = SlackSim(str(host), int(port), SIGNING_SECRET, self.standin, team=self.team)
        return Bot(services, self.standin, self.clock, sim, self.executor)

    def __exit__(self, *exc: object) -> None:
        self.executor.settle()
        self.server.shutdown()
        self.server.server_close()
        self.executor.shutdown(wait=True)
        self.engine.dispose()
