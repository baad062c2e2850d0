"""Socket Mode end to end: the bot as `temadag run` wires it (Bolt's built-in Socket Mode client
through bot.ops.serve.SocketMode) against the Socket Mode stand-in and the Web API stand-in.

Commands, clicks, modal submissions and events arrive as envelopes; the bot acknowledges each
before the Slack calls it leads to; a `disconnect` from Slack and a dropped socket lose nothing
and handle nothing twice.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from sqlalchemy import select

from bot.app import create_app
from bot.composition import build_services
from bot.ops.serve import SocketMode
from bot.slack import ids
from storage.db import transaction
from storage.migrate import upgrade
from storage.models import Answer, NextStep
from tests.support.harness import Bot, Clock, TrackingExecutor, settings_for
from tests.support.people import (
    FACILITATOR,
    PARTICIPANT,
    STEP_ANSWERS,
    code_of,
    create_workshop,
    progress_of,
)
from tests.support.slack_standin import SlackStandIn
from tests.support.socket_mode_standin import (
    APP_TOKEN,
    WAIT_SECONDS,
    SocketModeStandIn,
    SocketSlackSim,
)


@dataclass
class SocketBot(Bot):
    socket_mode: SocketModeStandIn
    connection: SocketMode


@pytest.fixture
def socket_bot(standin: SlackStandIn, tmp_path, clock: Clock) -> Iterator[SocketBot]:
    for user in (FACILITATOR, PARTICIPANT):
        standin.set_user(user, locale="da-DK")
    settings = settings_for(
        standin,
        f"sqlite:///{tmp_path}/socket.sqlite3",
        slack_app_token=APP_TOKEN,
        slack_signing_secret="",
    )
    upgrade(settings.database_url)
    services = build_services(settings)
    services.clock = clock
    executor = TrackingExecutor()
    services.run_later = executor.submit
    app = create_app(services, listener_executor=executor)
    with SocketModeStandIn(standin) as socket_mode:
        # A dropped socket fails its next read and is replaced at the next check, one ping
        # interval later. slack_sdk also drops a connection as stale after four intervals
        # without a pong: shorter intervals made a loaded machine drop healthy connections
        # (closed without a close frame) while an envelope was on its way.
        connection = SocketMode(app, APP_TOKEN, ping_interval=2.0).start()
        socket_mode.wait_for_hellos(1)
        sim = SocketSlackSim(socket_mode)
        try:
            yield SocketBot(services, standin, clock, sim, executor, socket_mode, connection)
        finally:
            executor.settle()
            connection.close(drain=5)
            executor.shutdown(wait=True)
            services.sessions.kw["bind"].dispose()


def stored(bot: Bot) -> tuple[dict[str, Any], list[str]]:
    with transaction(bot.services.sessions) as session:
        answers = {a.question_id: a.value for a in session.scalars(select(Answer))}
        steps = [s.text for s in session.scalars(select(NextStep).order_by(NextStep.position))]
    return answers, steps


def test_a_whole_reflection_survives_a_refresh_and_a_dropped_socket(socket_bot: SocketBot):
    bot, socket_mode = socket_bot, socket_bot.socket_mode
    code = code_of(create_workshop(bot))
    bot.slack.command(PARTICIPANT, f"deltag {code}")
    bot.settle()
    for number, answers in enumerate(STEP_ANSWERS, start=1):
        if number == 3:
            socket_mode.request_refresh()  # Slack: "refresh_requested"
            socket_mode.wait_for_hellos(2)
            socket_mode.wait_for_open_connections(1)
        if number == 5:
            socket_mode.drop()  # a NAT or proxy forgets the connection
            socket_mode.wait_for_hellos(3)
        view = bot.slack.current_view()
        assert progress_of(view).startswith(f"Trin {number} af 6")
        reply = bot.slack.submit(PARTICIPANT, view, answers)
        assert reply.status == 200 and reply.json()["response_action"] == "update", reply
    bot.settle()

    assert bot.slack.current_view()["callback_id"] == ids.REFLECTION_DONE
    assert "Gennemført" in json.dumps(bot.standin.home_of(PARTICIPANT), ensure_ascii=False)
    # Every envelope was acknowledged exactly once, on the connection it came on.
    acks = socket_mode.acks
    assert sorted(a.envelope_id for a in acks) == sorted(
        e.envelope_id for e in socket_mode.envelopes
    )
    assert all(a.envelope is not None and a.connection == a.envelope.connection for a in acks)
    assert {a.connection for a in acks} == {1, 2, 3}
    # Nothing lost, nothing twice: what was typed before, between and after the reconnects.
    answers, steps = stored(bot)
    for question in ("municipality", "succeeded", "hard", "why", "methods"):
        assert question in answers, question
    assert json.dumps(answers["hard"], ensure_ascii=False).count("skolerne") == 1
    assert steps == ["Besøge chefgruppen i Børn og Unge", "Lave et årshjul med trafiklys"]


def test_each_kind_is_acknowledged_before_the_slack_calls_it_leads_to(socket_bot: SocketBot):
    bot, socket_mode = socket_bot, socket_bot.socket_mode
    code = code_of(create_workshop(bot))
    bot.standin.latency(1.0)  # every Web API call now takes a second

    opened = len(bot.standin.calls_to("views.open"))
    command = bot.slack.command(PARTICIPANT, f"deltag {code}")
    # The ack came back while the join's views.open was still under way.
    assert command.status == 200
    assert len(bot.standin.calls_to("views.open")) == opened
    bot.settle()
    assert len(bot.standin.calls_to("views.open")) == opened + 1

    published = len(bot.standin.calls_to("views.publish"))
    event = bot.slack.event({"type": "app_home_opened", "user": PARTICIPANT, "tab": "home"})
    assert event.status == 200
    assert len(bot.standin.calls_to("views.publish")) == published
    bot.settle()
    assert len(bot.standin.calls_to("views.publish")) == published + 1

    # A step's submission is answered with the next step in the ack itself.
    view = bot.slack.current_view()
    submitted = bot.slack.submit(PARTICIPANT, view, STEP_ANSWERS[0])
    assert submitted.json()["response_action"] == "update"
    assert progress_of(submitted.json()["view"]).startswith("Trin 2 af 6")
    bot.settle()
    bot.standin.latency(0)
    kinds = {a.envelope.type for a in socket_mode.acks if a.envelope is not None}
    assert kinds == {"slash_commands", "interactive", "events_api"}


class HoldFirstDelivery:
    """Runs before Bolt: keeps the first delivery of one event busy until released, as a slow
    handler would, so the socket can drop while that event is still unacknowledged."""

    def __init__(self, event_id: str) -> None:
        self.event_id = event_id
        self.seen = threading.Event()
        self.release = threading.Event()

    def __call__(self, client: SocketModeClient, request: SocketModeRequest) -> None:
        if request.payload.get("event_id") == self.event_id and not request.retry_attempt:
            self.seen.set()
            self.release.wait(timeout=WAIT_SECONDS)


def test_an_event_unacknowledged_when_the_socket_dropped_is_redelivered_and_handled_once(
    socket_bot: SocketBot,
):
    bot, socket_mode = socket_bot, socket_bot.socket_mode
    hold = HoldFirstDelivery("EvHome1")
    listeners: list[Any] = socket_bot.connection.client.socket_mode_request_listeners
    listeners.insert(0, hold)
    callback = {
        "token": "legacy",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": "EvHome1",
        "event_time": 1_700_000_000,
        "event": {"type": "app_home_opened", "user": PARTICIPANT, "tab": "home"},
    }

    first = socket_mode.send_event(callback)
    assert hold.seen.wait(timeout=WAIT_SECONDS)
    socket_mode.drop()
    retry = socket_mode.wait_for_envelope(
        lambda e: e.payload.get("event_id") == "EvHome1" and e.retry_attempt == 1
    )
    socket_mode.wait_for_ack(retry)
    bot.settle()
    hold.release.set()  # the first delivery now finishes, late
    socket_mode.wait_for_ack(first)
    bot.settle()

    publishes = [
        c for c in bot.standin.calls_to("views.publish") if c.params["user_id"] == PARTICIPANT
    ]
    assert retry.connection == 2 and retry.retry_reason == "timeout"
    assert len(publishes) == 1  # handled once, though delivered twice and acked twice
