"""The Socket Mode stand-in, driven by slack_sdk's own built-in SocketModeClient."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from tests.support.slack_client import SlackSim
from tests.support.slack_standin import SlackStandIn
from tests.support.socket_mode_standin import (
    APP_TOKEN,
    Envelope,
    SocketModeStandIn,
    SocketSlackSim,
)

COMMAND = {
    "token": "legacy",
    "team_id": "T1",
    "channel_id": "C0WORKSHOP",
    "user_id": "U1",
    "command": "/temadag",
    "text": "hjælp",
    "api_app_id": "A1",
    "response_url": "https://hooks.slack.com/commands/T1/1/x",
    "trigger_id": "1.T1.trigger",
}
CLICK = {
    "type": "block_actions",
    "team": {"id": "T1", "domain": "kommune"},
    "user": {"id": "U1", "team_id": "T1", "username": "u1"},
    "api_app_id": "A1",
    "trigger_id": "2.T1.trigger",
    "actions": [{"type": "button", "action_id": "start", "block_id": "b1", "value": "7"}],
}


def event_callback(event_id: str, text: str = "hej") -> dict[str, object]:
    return {
        "token": "legacy",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1_700_000_000,
        "event": {"type": "app_home_opened", "user": "U1", "tab": "home", "text": text},
    }


class Listener:
    """Acks what it receives (with a payload for commands), except deliveries it should ignore."""

    def __init__(self) -> None:
        self.received: list[SocketModeRequest] = []
        self.ignore: set[tuple[str, int]] = set()  # (event_id, retry_attempt)
        self.lock = threading.Lock()

    def __call__(self, client: SocketModeClient, request: SocketModeRequest) -> None:
        with self.lock:
            self.received.append(request)
        event_id = request.payload.get("event_id")
        if (event_id, request.retry_attempt or 0) in self.ignore:
            return
        payload = (
            {"text": f"svar på {request.payload['text']}"}
            if request.type == "slash_commands"
            else None
        )
        client.send_socket_mode_response(
            SocketModeResponse(envelope_id=request.envelope_id, payload=payload)
        )


@pytest.fixture
def web() -> Iterator[SlackStandIn]:
    with SlackStandIn() as running:
        yield running


@pytest.fixture
def socket_mode(web: SlackStandIn) -> Iterator[SocketModeStandIn]:
    with SocketModeStandIn(web) as running:
        yield running


@pytest.fixture
def listener() -> Listener:
    return Listener()


@pytest.fixture
def client(web, socket_mode, listener) -> Iterator[SocketModeClient]:
    connected = SocketModeClient(
        app_token=APP_TOKEN,
        web_client=WebClient(base_url=web.base_url),
        # A dropped socket fails its next read and is replaced one ping interval later; a
        # connection without a pong for four intervals counts as stale, so not too short under load.
        ping_interval=2.0,
    )
    connected.socket_mode_request_listeners.append(listener)
    connected.connect()
    socket_mode.wait_for_hellos(1)
    yield connected
    connected.close()


def test_apps_connections_open_answers_a_loopback_url_for_the_app_token_only(web, socket_mode):
    opened = WebClient(base_url=web.base_url).apps_connections_open(app_token=APP_TOKEN)
    errors = []
    for token in ("xoxb-test-token", "xapp-1-someone-else"):
        with pytest.raises(SlackApiError) as refused:
            WebClient(base_url=web.base_url).apps_connections_open(app_token=token)
        errors.append(refused.value.response["error"])

    assert opened["url"].startswith(f"ws://127.0.0.1:{socket_mode.port}/link/?ticket=")
    assert errors == ["not_allowed_token_type", "invalid_auth"]
    assert socket_mode.tickets == [opened["url"].rpartition("=")[2]]


def test_a_client_is_greeted_and_its_acks_are_recorded_with_their_payload(
    socket_mode, client, listener
):
    command = socket_mode.send_slash_command(COMMAND)
    click = socket_mode.send_interactive(CLICK)
    event = socket_mode.send_event(event_callback("Ev1"))

    acks = [socket_mode.wait_for_ack(envelope) for envelope in (command, click, event)]

    assert socket_mode.hellos == 1 and socket_mode.open_connections() == 1
    assert acks[0].payload == {"text": "svar på hjælp"}
    assert acks[1].payload is None and acks[2].payload is None
    assert all(ack.took >= 0 and ack.connection == 1 for ack in acks)
    seen = {request.type: request for request in listener.received}
    assert seen["slash_commands"].payload == COMMAND
    assert seen["interactive"].payload == CLICK
    assert seen["events_api"].payload == event_callback("Ev1")
    assert seen["events_api"].retry_attempt == 0
    assert (command.accepts_response_payload, click.accepts_response_payload) == (True, False)


def test_a_refresh_request_makes_the_client_reconnect_and_close_the_old_connection(
    socket_mode, client
):
    socket_mode.request_refresh()

    socket_mode.wait_for_hellos(2)
    socket_mode.wait_for_open_connections(1)
    after = socket_mode.send_event(event_callback("Ev2"))

    assert len(socket_mode.tickets) == 2
    assert socket_mode.wait_for_ack(after).connection == 2


def test_a_dropped_socket_is_noticed_and_replaced(socket_mode, client):
    socket_mode.drop()

    socket_mode.wait_for_hellos(2)
    after = socket_mode.send_event(event_callback("Ev3"))

    assert socket_mode.wait_for_ack(after).connection == 2


def test_an_unacked_event_is_delivered_again_after_reconnecting(socket_mode, client, listener):
    listener.ignore.add(("Ev4", 0))
    first = socket_mode.send_event(event_callback("Ev4"))
    command = socket_mode.send_slash_command(COMMAND)
    socket_mode.wait_for_ack(command)  # the event before it has been seen and ignored by now

    socket_mode.drop()
    retried = socket_mode.wait_for_envelope(lambda e: _is_retry_of("Ev4", e))
    ack = socket_mode.wait_for_ack(retried)

    assert retried.envelope_id != first.envelope_id and retried.payload == first.payload
    assert (retried.retry_attempt, retried.retry_reason, retried.connection) == (1, "timeout", 2)
    attempts = [r.retry_attempt for r in listener.received if r.payload.get("event_id") == "Ev4"]
    assert attempts == [0, 1]
    assert socket_mode.acks_for_event("Ev4") == [ack]


def test_unacked_events_are_redelivered_on_demand_but_commands_are_not(
    socket_mode, client, listener
):
    listener.ignore.add(("Ev5", 0))
    socket_mode.send_event(event_callback("Ev5"))
    socket_mode.wait_for_ack(socket_mode.send_slash_command(COMMAND))

    retried = socket_mode.redeliver_unacked()

    assert [(e.payload["event_id"], e.retry_attempt) for e in retried] == [("Ev5", 1)]
    assert socket_mode.wait_for_ack(retried[0]).envelope == retried[0]


def test_socket_slack_sim_sends_what_slack_sim_would_post_and_returns_the_ack(
    web, socket_mode, client, listener
):
    sim = SocketSlackSim(socket_mode)

    reply = sim.command("U7", "hjælp")
    sim.event({"type": "app_home_opened", "user": "U7", "tab": "home"}, event_id="Ev6")

    assert isinstance(sim, SlackSim)
    assert reply.status == 200 and reply.json() == {"text": "svar på hjælp"}
    command = next(r for r in listener.received if r.type == "slash_commands")
    assert command.payload["user_id"] == "U7" and command.payload["command"] == "/temadag"
    assert command.payload["trigger_id"] and command.payload["response_url"].startswith(web.origin)
    assert socket_mode.acks_for_event("Ev6")


def _is_retry_of(event_id: str, envelope: Envelope) -> bool:
    return envelope.payload.get("event_id") == event_id and envelope.retry_attempt > 0
