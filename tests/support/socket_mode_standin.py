"""A local stand-in for Slack's Socket Mode, served over a real WebSocket on loopback.

It plugs into the Web API stand-in: `apps.connections.open` (called with the app-level token,
`xapp-...`) answers with a `ws://127.0.0.1:PORT/link/?ticket=...` URL, so slack_sdk's and
Bolt's Socket Mode clients connect to it exactly as they connect to Slack.

What it models, after Slack's documentation and slack_sdk's own test server:
- Every new connection first gets the `hello` message (`num_connections`, `debug_info`,
  `connection_info.app_id`).
- `send_*` delivers an envelope (`envelope_id`, `type`, `payload`, `accepts_response_payload`,
  and for events `retry_attempt`/`retry_reason`) on the newest open connection. The payload
  shapes are those the HTTP tests post: slash command fields as a dict, the interactive
  `payload` object, the `event_callback` body. `SocketSlackSim` turns SlackSim's requests into
  envelopes, so a test written against HTTP can run over Socket Mode.
- Acks (`{"envelope_id": ..., "payload": ...}`) are recorded with the time they took.
- `request_refresh()` sends `disconnect` with reason `refresh_requested` and leaves the old
  connection open until the client closes it, as Slack does for a while; `drop()` kills the
  TCP connection without a closing handshake.
- An events_api envelope not acked on a connection that closes is delivered again on the next
  connection with `retry_attempt` + 1 (same event, new envelope id); `redeliver_unacked()` does
  the same on demand for envelopes left unacked on an open connection (Slack retries after a
  few seconds; a test decides when, so no test waits on a timer). Slack does not retry slash
  commands or interactions (the person sees an error), and neither does this stand-in.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import struct
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from tests.support.blackhole import Blackhole
from tests.support.slack_client import Reply, SlackSim
from tests.support.slack_standin import APP_ID, SlackStandIn

Params = dict[str, Any]

APP_TOKEN = "xapp-1-A1-1-standin"
_ENVELOPE_TYPES = ("slash_commands", "interactive", "events_api")
# Waits end as soon as what they wait for happens; the bound only matters on a loaded machine.
WAIT_SECONDS = 30.0


@dataclass(frozen=True)
class Envelope:
    envelope_id: str
    type: str
    payload: Params
    accepts_response_payload: bool
    retry_attempt: int = 0
    retry_reason: str = ""
    connection: int = 0
    sent_at: float = 0.0

    def to_message(self) -> Params:
        message: Params = {
            "envelope_id": self.envelope_id,
            "type": self.type,
            "payload": self.payload,
            "accepts_response_payload": self.accepts_response_payload,
        }
        if self.type == "events_api":
            message |= {"retry_attempt": self.retry_attempt, "retry_reason": self.retry_reason}
        return message


@dataclass(frozen=True)
class Ack:
    envelope_id: str
    payload: Params | None
    took: float  # seconds from sending the envelope to receiving its ack
    connection: int
    envelope: Envelope | None  # None: an ack for no envelope we sent


@dataclass
class _Connection:
    number: int
    ws: ServerConnection
    ticket: str
    open: bool = True
    unacked: dict[str, Envelope] = field(default_factory=dict)


class SocketModeStandIn:
    def __init__(
        self,
        web: SlackStandIn,
        *,
        app_token: str = APP_TOKEN,
        app_id: str = APP_ID,
        clock: Callable[[], float] = time.monotonic,
        relay: bool = False,
    ) -> None:
        self.web = web
        # relay: clients connect through a Blackhole, so silence() can model a dropped route.
        self._relay_wanted = relay
        self._relay: Blackhole | None = None
        self.app_token = app_token
        self.app_id = app_id
        self._clock = clock
        self._cond = threading.Condition()
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._numbers = itertools.count(1)
        self._connections: list[_Connection] = []
        self.reset()

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> Self:
        self.web.add_method("apps.connections.open", self._open)
        if self._server is None:
            self._server = serve(self._serve, "127.0.0.1", 0, compression=None, logger=None)
            self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
            self._thread.start()
            if self._relay_wanted:
                self._relay = Blackhole(self.port).start()
        return self

    def stop(self) -> None:
        self.web.remove_method("apps.connections.open")
        if self._relay is not None:
            self._relay.close()
            self._relay = None
        if self._server is not None:
            self._server.shutdown()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("SocketModeStandIn is not started")
        return int(self._server.socket.getsockname()[1])

    def reset(self) -> None:
        """Forget envelopes, acks and tickets (open connections stay open)."""
        with self._cond:
            self._tickets: list[str] = []
            self._envelopes: list[Envelope] = []
            self._acks: list[Ack] = []
            self._pending: list[Envelope] = []
            self._hellos = 0

    # -- driving it ------------------------------------------------------------------------

    def send(
        self,
        type: str,
        payload: Params,
        *,
        accepts_response_payload: bool | None = None,
    ) -> Envelope:
        """Deliver an envelope on the newest open connection."""
        if type not in _ENVELOPE_TYPES:
            raise ValueError(f"unknown envelope type {type!r}")
        accepts = type != "events_api"
        if accepts_response_payload is not None:
            accepts = accepts_response_payload
        with self._cond:
            connection = self._newest()
            envelope = Envelope(str(uuid.uuid4()), type, payload, accepts)
            return self._deliver(connection, envelope)

    def send_slash_command(self, fields: Params) -> Envelope:
        return self.send("slash_commands", fields)

    def send_interactive(self, payload: Params) -> Envelope:
        # Slack lets the ack carry a response only where HTTP's answer body would matter.
        accepts = payload.get("type") in ("view_submission", "block_suggestion")
        return self.send("interactive", payload, accepts_response_payload=accepts)

    def send_event(self, callback: Params) -> Envelope:
        return self.send("events_api", callback)

    def request_refresh(self, reason: str = "refresh_requested") -> None:
        """Ask the client on the newest connection to reconnect (`disconnect` message)."""
        with self._cond:
            connection = self._newest()
        message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "standin"}}
        connection.ws.send(json.dumps(message))

    def drop(self) -> None:
        """Kill the newest connection's socket: no closing handshake, no FIN first."""
        with self._cond:
            connection = self._newest()
        with contextlib.suppress(OSError):
            # Closing sends RST instead of FIN, like a NAT or proxy dropping the connection.
            linger = struct.pack("ii", 1, 0)
            connection.ws.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        # Unlike socket.close(), this also wakes the thread blocked reading the socket.
        connection.ws.close_socket()

    def silence(self) -> None:
        """Every open connection goes silent (no pongs, no envelopes, no close): a NAT or
        proxy that dropped the route. Needs relay=True."""
        if self._relay is None:
            raise RuntimeError("silence() needs SocketModeStandIn(..., relay=True)")
        self._relay.silence()

    def redeliver_unacked(self, reason: str = "timeout") -> list[Envelope]:
        """What Slack does a few seconds after an events_api envelope went unacked."""
        with self._cond:
            stale = [
                envelope
                for connection in self._connections
                if connection.open
                for envelope in connection.unacked.values()
                if envelope.type == "events_api"
            ]
            for connection in self._connections:
                for envelope in stale:
                    connection.unacked.pop(envelope.envelope_id, None)
            target = self._newest()
            return [self._deliver(target, _retry(envelope, reason)) for envelope in stale]

    # -- inspection ------------------------------------------------------------------------

    @property
    def tickets(self) -> list[str]:
        """One per apps.connections.open call."""
        with self._cond:
            return list(self._tickets)

    @property
    def hellos(self) -> int:
        with self._cond:
            return self._hellos

    @property
    def envelopes(self) -> list[Envelope]:
        with self._cond:
            return list(self._envelopes)

    @property
    def acks(self) -> list[Ack]:
        with self._cond:
            return list(self._acks)

    def open_connections(self) -> int:
        with self._cond:
            return sum(connection.open for connection in self._connections)

    def wait_for_hellos(self, count: int, timeout: float = WAIT_SECONDS) -> None:
        """Wait until `count` connections in all have been greeted."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._hellos >= count, timeout=timeout):
                raise TimeoutError(f"saw {self._hellos} of {count} connections in {timeout}s")

    def wait_for_open_connections(self, count: int, timeout: float = WAIT_SECONDS) -> None:
        def enough() -> bool:
            return sum(c.open for c in self._connections) == count

        with self._cond:
            if not self._cond.wait_for(enough, timeout=timeout):
                raise TimeoutError(f"expected {count} open connections after {timeout}s")

    def wait_for_ack(self, envelope: Envelope | str, timeout: float = WAIT_SECONDS) -> Ack:
        envelope_id = envelope if isinstance(envelope, str) else envelope.envelope_id

        def found() -> Ack | None:
            return next((a for a in self._acks if a.envelope_id == envelope_id), None)

        with self._cond:
            if not self._cond.wait_for(lambda: found() is not None, timeout=timeout):
                raise TimeoutError(f"no ack for envelope {envelope_id} in {timeout}s")
            ack = found()
            assert ack is not None
            return ack

    def wait_for_envelope(
        self, match: Callable[[Envelope], bool], timeout: float = WAIT_SECONDS
    ) -> Envelope:
        """The first envelope sent (or sent again) that `match` accepts."""

        def found() -> Envelope | None:
            return next((e for e in self._envelopes if match(e)), None)

        with self._cond:
            if not self._cond.wait_for(lambda: found() is not None, timeout=timeout):
                raise TimeoutError(f"no matching envelope in {timeout}s; {self._describe()}")
            envelope = found()
            assert envelope is not None
            return envelope

    def acks_for_event(self, event_id: str) -> list[Ack]:
        """Acks of every delivery (first and retries) of one events_api event."""
        with self._cond:
            return [
                ack
                for ack in self._acks
                if ack.envelope is not None and ack.envelope.payload.get("event_id") == event_id
            ]

    def _describe(self) -> str:
        connections = [
            f"#{c.number} {'open' if c.open else 'closed'} unacked={len(c.unacked)}"
            for c in self._connections
        ]
        sent = [f"{e.type}#{e.connection}/retry {e.retry_attempt}" for e in self._envelopes]
        return f"connections: {connections}; pending: {len(self._pending)}; sent: {sent}"

    # -- server side -----------------------------------------------------------------------

    def _open(self, params: Params) -> Params:
        # Called by the Web API stand-in with its lock held; our lock is independent of it.
        if params.get("token") != self.app_token:
            return {"ok": False, "error": "invalid_auth"}
        with self._cond:
            ticket = str(uuid.uuid4())
            self._tickets.append(ticket)
        port = self._relay.port if self._relay is not None else self.port
        return {"ok": True, "url": f"ws://127.0.0.1:{port}/link/?ticket={ticket}"}

    def _serve(self, ws: ServerConnection) -> None:
        path = ws.request.path if ws.request is not None else ""
        ticket = parse_qs(path.partition("?")[2]).get("ticket", [""])[-1]
        with self._cond:
            if ticket not in self._tickets:
                ws.close(code=1008, reason="unknown ticket")  # call apps.connections.open first
                return
            connection = _Connection(next(self._numbers), ws, ticket)
            self._connections.append(connection)
            hello = {
                "type": "hello",
                "num_connections": sum(c.open for c in self._connections),
                "debug_info": {
                    "host": "standin",
                    "build_number": 1,
                    "approximate_connection_time": 18060,
                },
                "connection_info": {"app_id": self.app_id},
            }
            ws.send(json.dumps(hello))
            self._hellos += 1
            self._flush_pending(connection)
            self._cond.notify_all()
        try:
            for message in ws:
                self._record_ack(connection, message)
        except ConnectionClosed:
            pass
        finally:
            with self._cond:
                connection.open = False
                self._pending.extend(
                    e for e in connection.unacked.values() if e.type == "events_api"
                )
                connection.unacked.clear()
                survivor = self._newest_or_none()
                if survivor is not None:
                    self._flush_pending(survivor)
                self._cond.notify_all()

    def _record_ack(self, connection: _Connection, raw: str | bytes) -> None:
        received = self._clock()
        try:
            message = json.loads(raw)
        except ValueError:
            return
        if not isinstance(message, dict) or "envelope_id" not in message:
            return
        with self._cond:
            envelope_id = str(message["envelope_id"])
            envelope = next((e for e in self._envelopes if e.envelope_id == envelope_id), None)
            for candidate in self._connections:
                candidate.unacked.pop(envelope_id, None)
            self._pending = [e for e in self._pending if e.envelope_id != envelope_id]
            took = received - envelope.sent_at if envelope else 0.0
            payload = message.get("payload")
            self._acks.append(
                Ack(
                    envelope_id,
                    payload if isinstance(payload, dict) else None,
                    took,
                    connection.number,
                    envelope,
                )
            )
            self._cond.notify_all()

    def _flush_pending(self, connection: _Connection) -> None:
        pending, self._pending = self._pending, []
        for envelope in pending:
            self._deliver(connection, _retry(envelope, "timeout"))

    def _deliver(self, connection: _Connection, envelope: Envelope) -> Envelope:
        sent = Envelope(
            envelope.envelope_id,
            envelope.type,
            envelope.payload,
            envelope.accepts_response_payload,
            envelope.retry_attempt,
            envelope.retry_reason,
            connection.number,
            self._clock(),
        )
        self._envelopes.append(sent)
        connection.unacked[sent.envelope_id] = sent
        connection.ws.send(json.dumps(sent.to_message()))
        self._cond.notify_all()
        return sent

    def _newest_or_none(self) -> _Connection | None:
        return next((c for c in reversed(self._connections) if c.open), None)

    def _newest(self) -> _Connection:
        connection = self._newest_or_none()
        if connection is None:
            raise RuntimeError("no client is connected to the Socket Mode stand-in")
        return connection


def _retry(envelope: Envelope, reason: str) -> Envelope:
    return Envelope(
        str(uuid.uuid4()),
        envelope.type,
        envelope.payload,
        envelope.accepts_response_payload,
        envelope.retry_attempt + 1,
        reason,
    )


class SocketSlackSim(SlackSim):
    """SlackSim over Socket Mode: the same commands, clicks, submissions and events, delivered
    as envelopes; the reply is the ack's payload (what Bolt would have answered over HTTP)."""

    def __init__(
        self, socket_mode: SocketModeStandIn, team: str = "T1", ack_timeout: float = WAIT_SECONDS
    ):
        super().__init__("127.0.0.1", 0, "", socket_mode.web, team=team)
        self.socket_mode = socket_mode
        self.ack_timeout = ack_timeout

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: str | None = None,
        signature: str | None = None,
        path: str = "/slack/events",
        headers: dict[str, str] | None = None,
    ) -> Reply:
        if content_type.startswith("application/json"):
            envelope = self.socket_mode.send_event(json.loads(body))
        else:
            fields = {k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
            if "payload" in fields:
                envelope = self.socket_mode.send_interactive(json.loads(fields["payload"]))
            else:
                envelope = self.socket_mode.send_slash_command(fields)
        try:
            ack = self.socket_mode.wait_for_ack(envelope, timeout=self.ack_timeout)
        except TimeoutError:
            return Reply(504, b"")
        body_out = json.dumps(ack.payload).encode() if ack.payload else b""
        return Reply(200, body_out)
