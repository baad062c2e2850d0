"""`temadag run` as a production server: Socket Mode (or the HTTP development server) with the
operator's endpoints, stopped gracefully on SIGTERM or SIGINT.

Socket Mode needs no public URL and no inbound opening: the process dials out to Slack over a
WebSocket (slack_sdk's built-in client through Bolt's SocketModeHandler, which reconnects on
Slack's `disconnect` and on a dropped socket by itself). The only port it listens on is $PORT
for /healthz, /readyz and /metrics.

Stopping: no new work is taken from the scheduler, envelopes being handled are finished and
acknowledged (for at most DRAIN_SECONDS), then the socket is closed, and the work Bolt runs
after an acknowledgement (opening a modal, publishing the Home tab) is waited for. An event that
arrives after the socket closed is not lost: Slack delivers it again on another connection, or
to this app when it is back, and the event id keeps it from being handled twice.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.config import ConfigError
from bot.ops.logs import AccessLog

log = logging.getLogger("temadag")
DRAIN_SECONDS = 10.0
# slack_sdk pings this often and drops a connection that has not answered for four intervals,
# then reconnects (at its default of 10 s: 40 s and more); readiness says disconnected after
# about two unanswered pings.
PING_SECONDS = 2.0


def stop_on_signals() -> threading.Event:
    """An event set by SIGTERM (what a process manager sends) or SIGINT (Ctrl-C)."""
    stop = threading.Event()

    def handler(signum: int, _frame: object) -> None:
        log.info("%s received; stopping", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    return stop


class SocketMode:
    """Bolt's built-in Socket Mode handler, counting the envelopes it is handling."""

    def __init__(self, app: App, app_token: str, *, ping_interval: float = PING_SECONDS) -> None:
        self.handler = SocketModeHandler(app, app_token, ping_interval=ping_interval)
        self.silent_after = 2.5 * ping_interval
        self.client: SocketModeClient = self.handler.client
        self._busy = 0
        self._idle = threading.Condition()
        # Bolt's handler, wrapped: the same work, and close() can wait for it to finish.
        listeners: list[Any] = self.client.socket_mode_request_listeners
        listeners[:] = [self._handle if item == self.handler.handle else item for item in listeners]

    def _handle(self, client: SocketModeClient, request: SocketModeRequest) -> None:
        with self._idle:
            self._busy += 1
        try:
            self.handler.handle(client, request)
        finally:
            with self._idle:
                self._busy -= 1
                self._idle.notify_all()

    def connected(self) -> bool:
        """Whether the socket is open and answered a ping lately (for /readyz).

        A route that drops packets leaves the socket open; only the missing pongs tell."""
        session = self.client.current_session
        if session is None or not session.is_active():
            return False
        heard = session.last_ping_pong_time  # the time our ping left, echoed by the pong
        if heard is None:  # just opened: slack_sdk closes it if no pong ever comes
            return True
        return time.time() - heard <= self.silent_after

    def start(self) -> SocketMode:
        try:
            self.handler.connect()  # type: ignore[no-untyped-call]
        except SlackApiError as exc:  # apps.connections.open refused the app-level token
            error = exc.response.get("error", "unknown error")
            raise ConfigError(f"Slack did not accept SLACK_APP_TOKEN: {error}.") from None
        except (SlackClientError, OSError) as exc:
            raise ConfigError(
                f"Slack could not check SLACK_APP_TOKEN ({type(exc).__name__}); "
                "is Slack reachable from here?"
            ) from None
        log.info("Connected to Slack in Socket Mode")
        return self

    def close(self, drain: float = DRAIN_SECONDS) -> None:
        """Finish the envelopes being handled (at most `drain` seconds), then disconnect."""
        deadline = time.monotonic() + drain
        with self._idle:
            while self._busy and time.monotonic() < deadline:
                self._idle.wait(timeout=max(0.0, deadline - time.monotonic()))
        self.handler.close()  # type: ignore[no-untyped-call]


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def serve(
    *,
    stop: threading.Event,
    socket_mode: SocketMode | None,
    web: Callable[..., Any],
    port: int,
    after_ack: list[Executor],
    on_stop: Callable[[], None] = lambda: None,
) -> None:
    """Serve `web` on `port` (every request in HTTP mode; health, readiness and metrics in
    Socket Mode) until `stop` is set, then shut down in order."""
    server = make_server(
        "0.0.0.0", port, web, server_class=_ThreadingServer, handler_class=AccessLog
    )
    thread = threading.Thread(target=server.serve_forever, name="http", daemon=True)
    thread.start()
    try:
        if socket_mode is not None:
            log.info("Health, readiness and metrics on http://0.0.0.0:%s/healthz", port)
            socket_mode.start()
        else:
            log.info("Listening on http://0.0.0.0:%s/slack/events (development server)", port)
        stop.wait()
    finally:
        on_stop()  # e.g. the scheduler: no new deliveries begin
        if socket_mode is not None:
            socket_mode.close()
        server.shutdown()
        server.server_close()
        for executor in after_ack:
            executor.shutdown(wait=True)
        log.info("Stopped")
