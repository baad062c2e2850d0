"""Arbitrary input through the real HTTP endpoint: never 5xx, never a crash, data intact.

One bot serves the whole module (starting one per example would be slow); a log handler on
the root logger collects what listeners log, and "failed with" there means an exception.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.slack import ids
from storage.models import Answer, Participant
from tests.support.harness import Bot, Clock, RunningBot
from tests.support.people import (
    CHANNEL,
    FACILITATOR,
    STEP_ANSWERS,
    create_workshop,
    start_button,
)
from tests.support.slack_standin import SlackStandIn

VICTIM = "UVICTIM2"
FUZZER = "UFUZZER1"
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@dataclass
class Shared:
    bot: Bot
    workshop_id: int
    step_view: dict[str, Any]  # the fuzzer's open step (index 1)
    logs: Collect

    def answers_of(self, user: str) -> list[tuple[str, str]]:
        with self.bot.services.sessions() as session:
            rows = session.execute(
                select(Answer.question_id, Answer.value)
                .join(Participant, Participant.id == Answer.participant_id)
                .where(Participant.user_id == user)
                .order_by(Answer.question_id)
            )
            return [(q, json.dumps(v, sort_keys=True)) for q, v in rows]

    def failures(self) -> list[str]:
        """Exceptions caught in listeners (Slack refusing a call is not one of them)."""
        return [
            line
            for line in self.logs.lines
            if "failed with" in line and "failed with SlackFailure" not in line
        ]


@pytest.fixture(scope="module")
def shared(
    _standin_server: SlackStandIn, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Shared]:
    standin = _standin_server
    standin.reset()
    logs = Collect()
    logging.getLogger().addHandler(logs)
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz')}/bot.sqlite3"
    try:
        with RunningBot(standin, url, Clock()) as bot:
            for user in (FACILITATOR, VICTIM, FUZZER):
                standin.set_user(user, locale="da-DK")
            announcement = create_workshop(bot)
            workshop_id = int(start_button(announcement))
            for user in (VICTIM, FUZZER):
                bot.slack.click(
                    user, ids.START_REFLECTION, str(workshop_id), channel=CHANNEL, message_ts="1"
                )
                bot.settle()
                steps = STEP_ANSWERS if user == VICTIM else STEP_ANSWERS[:1]
                for step in steps:
                    bot.slack.submit(user, bot.slack.current_view(), step)
            step_view = json.loads(json.dumps(bot.slack.current_view()))
            assert step_view["callback_id"] == ids.REFLECTION_STEP
            yield Shared(bot, workshop_id, step_view, logs)
    finally:
        logging.getLogger().removeHandler(logs)
    assert standin.violations == [], "the bot sent Slack something it would reject"
    assert standin.live_mentions == [], "user text reached Slack as a live mention"


WEIRD_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200
) | st.sampled_from(
    [
        "",
        "   ",
        "\x00\x01\x1b[31m",
        "\u202eoverride",
        "<!channel> <@U1> <!subteam^S1|x>",
        "ø" * 4000,
        "deltag \u0000ABC-DEF",
        "slet-mine-data nu",
        "mine-data <@U1>",
        "ny \ud7ff",
        "👩🏽‍⚕️" * 100,
    ]
)

JSON_LEAF = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | WEIRD_TEXT
)
JSON = st.recursive(
    JSON_LEAF,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@FUZZ
@given(text=WEIRD_TEXT)
def test_any_command_text_gets_a_clear_answer_and_never_a_crash(shared: Shared, text: str) -> None:
    bot = shared.bot
    victim_before = shared.answers_of(VICTIM)
    responses, opened = len(bot.standin.responses()), len(bot.standin.calls_to("views.open"))
    reply = bot.slack.command(FUZZER, text)
    bot.settle()
    assert reply.status == 200
    answered = len(bot.standin.responses()) > responses
    assert answered or len(bot.standin.calls_to("views.open")) > opened
    if answered:
        assert bot.standin.responses()[-1]["text"].strip()
    assert shared.failures() == []
    assert shared.answers_of(VICTIM) == victim_before


def _element(kind: str, value: Any) -> dict[str, Any]:
    key = {
        "plain_text_input": "value",
        "datepicker": "selected_date",
        "static_select": "selected_option",
        "radio_buttons": "selected_option",
        "checkboxes": "selected_options",
    }.get(kind, "value")
    return {"type": kind, key: value}


STATE = st.dictionaries(
    st.sampled_from(["succeeded", "hard", "next_steps.1.text", "x" * 300]) | st.text(max_size=20),
    st.one_of(
        st.builds(
            lambda kind, value: {ids.INPUT: _element(kind, value)},
            st.sampled_from(
                ["plain_text_input", "datepicker", "static_select", "checkboxes", "nonsense"]
            ),
            JSON,
        ),
        JSON,
    ),
    max_size=5,
)


@FUZZ
@given(values=STATE, metadata=st.none() | JSON.map(json.dumps) | WEIRD_TEXT)
def test_any_state_in_a_step_submission_is_answered_and_stores_nothing_wrong(
    shared: Shared, values: dict[str, Any], metadata: str | None
) -> None:
    bot = shared.bot
    victim_before, own_before = shared.answers_of(VICTIM), shared.answers_of(FUZZER)
    view = dict(shared.step_view, state={"values": values})
    if metadata is not None:
        view["private_metadata"] = metadata
    reply = bot.slack._interactive(
        {
            "type": "view_submission",
            "team": {"id": "T1"},
            "user": {"id": FUZZER, "team_id": "T1"},
            "api_app_id": "A1",
            "view": view,
        }
    )
    bot.settle()
    assert reply.status == 200
    body = reply.json()
    assert body["response_action"] in ("errors", "update", "clear")
    if body["response_action"] == "errors":
        assert all(isinstance(v, str) and v for v in body["errors"].values())
        assert shared.answers_of(FUZZER) == own_before
    assert shared.failures() == []
    assert shared.answers_of(VICTIM) == victim_before


PAYLOAD_KEYS = ["type", "team", "user", "view", "actions", "trigger_id", "container", "api_app_id"]


@FUZZ
@given(
    base=st.sampled_from(["block_actions", "view_submission"]),
    action_id=st.sampled_from(
        [
            ids.START_REFLECTION,
            ids.RESUME_REFLECTION,
            ids.REVIEW_REFLECTION,
            ids.EDIT_STEP,
            ids.STEP_BACK,
            ids.SET_LANGUAGE,
            ids.MY_DATA,
            ids.DELETE_MY_DATA,
        ]
    ),
    value=JSON,
    broken=st.dictionaries(st.sampled_from(PAYLOAD_KEYS), JSON, max_size=3),
    dropped=st.sets(st.sampled_from(PAYLOAD_KEYS[1:]), max_size=3),
)
def test_malformed_payloads_never_get_a_5xx_or_crash_a_listener(
    shared: Shared,
    base: str,
    action_id: str,
    value: Any,
    broken: dict[str, Any],
    dropped: set[str],
) -> None:
    bot = shared.bot
    victim_before = shared.answers_of(VICTIM)
    payload: dict[str, Any] = {
        "type": base,
        "team": {"id": "T1"},
        "user": {"id": FUZZER, "team_id": "T1"},
        "api_app_id": "A1",
        "trigger_id": bot.standin.mint_trigger(),
    }
    if base == "block_actions":
        payload["actions"] = [{"type": "button", "action_id": action_id, "value": value}]
        payload["container"] = {"type": "view", "view_id": shared.step_view["id"]}
        payload["view"] = shared.step_view
    else:
        payload["view"] = dict(shared.step_view, state={"values": {"succeeded": value}})
    payload.update(broken)
    for key in dropped:
        payload.pop(key, None)
    reply = bot.slack._interactive(payload)
    bot.settle()
    assert reply.status < 500
    assert shared.failures() == []
    assert shared.answers_of(VICTIM) == victim_before


@FUZZ
@given(body=st.binary(max_size=300) | WEIRD_TEXT.map(lambda s: urlencode({"payload": s}).encode()))
def test_garbage_bodies_never_get_a_5xx(shared: Shared, body: bytes) -> None:
    for content_type in ("application/x-www-form-urlencoded", "application/json"):
        reply = shared.bot.slack.post(body, content_type)
        assert reply.status < 500
    shared.bot.settle()
    assert shared.failures() == []


def test_english_speakers_get_inline_errors_in_english(shared: Shared) -> None:
    bot = shared.bot
    bot.standin.set_user("UENGLISH", locale="en-GB")
    bot.slack.click(
        "UENGLISH", ids.START_REFLECTION, str(shared.workshop_id), channel=CHANNEL, message_ts="1"
    )
    bot.settle()
    bot.slack.submit("UENGLISH", bot.slack.current_view(), STEP_ANSWERS[0])
    view = bot.slack.current_view()
    empty = bot.slack.submit("UENGLISH", view, {"succeeded": " "}).json()
    assert empty["errors"] == {"succeeded": "Please write an answer here."}
    long = bot.slack.submit("UENGLISH", view, {"succeeded": "x" * 3001}).json()
    assert "too long" in long["errors"]["succeeded"]
    for step in STEP_ANSWERS[1:5]:
        bot.slack.submit("UENGLISH", bot.slack.current_view(), step)
    past = bot.slack.submit(
        "UENGLISH",
        bot.slack.current_view(),
        {"next_steps.1.text": "Something", "next_steps.1.date": "2020-01-01"},
    ).json()
    assert "in the past" in past["errors"]["next_steps.1.date"]


ACTION_SHAPES = st.fixed_dictionaries(
    {},
    optional={
        "action_id": JSON,
        "block_id": JSON,
        "type": JSON,
        "value": JSON,
        "selected_option": JSON,
    },
)


@FUZZ
@given(
    actions=st.lists(ACTION_SHAPES, max_size=3) | JSON,
    view=st.none() | JSON | st.fixed_dictionaries({}, optional={"callback_id": JSON}),
    kind=st.sampled_from(["block_actions", "view_submission", "view_closed", "block_suggestion"]),
)
def test_signed_payloads_of_any_action_or_view_shape_get_no_5xx(
    shared: Shared, actions: Any, view: Any, kind: str
) -> None:
    payload: dict[str, Any] = {"type": kind, "team": {"id": "T1"}, "user": {"id": FUZZER}}
    payload["actions"] = actions
    if view is not None:
        payload["view"] = view
    reply = shared.bot.slack._interactive(payload)
    shared.bot.settle()
    assert reply.status < 500, reply.status
    assert shared.failures() == []


def test_an_action_without_an_action_id_is_refused_without_a_5xx(shared: Shared) -> None:
    payload = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": FUZZER}}
    shapes: list[list[dict[str, str]]] = [[{}], [], [{"block_id": "b"}]]
    for actions in shapes:
        reply = shared.bot.slack._interactive({**payload, "actions": actions})
        assert reply.status in (200, 400), (actions, reply.status)
    shared.bot.settle()
    assert shared.failures() == []


def test_json_nested_900_levels_is_refused_without_a_5xx(shared: Shared) -> None:
    deep = "[" * 900 + "]" * 900
    action = f'{{"type":"button","action_id":"{ids.MY_DATA}","value":"1","x":{deep}}}'
    interactive = urlencode(
        {
            "payload": '{"type":"block_actions","team":{"id":"T1"},"user":{"id":"'
            + FUZZER
            + '"},"actions":['
            + action
            + "]}"
        }
    ).encode()
    event = (
        '{"type":"event_callback","team_id":"T1","event_id":"Ev9","event":'
        '{"type":"app_home_opened","tab":"home","user":"' + FUZZER + '","y":' + deep + "}}"
    )
    for body, content_type in (
        (interactive, "application/x-www-form-urlencoded"),
        (event.encode(), "application/json"),
    ):
        reply = shared.bot.slack.post(body, content_type)
        assert reply.status in (200, 400), reply.status
        assert b"Traceback" not in reply.body
    shared.bot.settle()
    assert shared.failures() == []
