"""Peers across municipalities (success factor 7), through the real HTTP endpoint with the clock
under test control: a red re-rating offers a peer, the worker asks someone from another
municipality with the factor green, and nobody is named to the other before both said yes."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.followups.planner import plan_all
from bot.outcomes.peers import advance_all
from bot.slack import ids
from flows.peers import State
from flows.wording import personal_sheet
from storage.db import transaction
from storage.models import Participant
from storage.repositories import peers as peer_repo
from tests.support.harness import Bot
from tests.support.people import (
    FACILITATOR,
    STEP_ANSWERS,
    TWO_WEEKS,
    buttons,
    code_of,
    create_workshop,
    deliver,
    dms,
    press,
)

ANNA = "UANNA001"  # Aarhus, stuck on networks
BO = "UBO00002"  # Odense, green on networks
CARL = "UCARL003"  # Aarhus too, green on networks: never asked, same municipality as Anna
TOWNS = {ANNA: "Aarhus", BO: "Odense", CARL: "Aarhus"}
GROUP = "G" + "".join(sorted((ANNA, BO)))


@pytest.fixture(autouse=True)
def _people(standin) -> None:
    for user in (FACILITATOR, ANNA, BO, CARL):
        standin.set_user(user, locale="da-DK", tz="Europe/Copenhagen")


def reflect(bot: Bot, user: str, code: str) -> None:
    bot.slack.command(user, f"deltag {code}")
    bot.settle()
    answers = [dict(a) for a in STEP_ANSWERS]
    answers[0]["municipality"] = TOWNS[user]
    for step in answers:
        assert bot.slack.submit(user, bot.slack.current_view(), step).status == 200
    bot.settle()


def rerate(bot: Bot, user: str, networks: str) -> dict[str, Any]:
    """Open the follow-up's questions and rate networks; the view shown afterwards."""
    message = bot.standin.posted_messages("D" + user)[-1]
    value = buttons(message.params)[ids.FOLLOWUP_QUESTIONS][0]
    bot.slack.click(
        user, ids.FOLLOWUP_QUESTIONS, value, channel="D" + user, message_ts=message.response["ts"]
    )
    bot.settle()
    lights = {ids.FQ_LIGHT_PREFIX + "networks": networks}
    assert bot.slack.submit(user, bot.slack.current_view(), lights).status == 200
    return bot.slack.current_view()


def text_of(message: dict[str, Any]) -> str:
    return json.dumps([message.get("text"), message.get("blocks")], ensure_ascii=False)


def state_of(bot: Bot, user: str) -> State:
    """The state of the person's request about networks, as stored."""
    with transaction(bot.services.sessions) as session:
        pids = session.scalars(select(Participant.id).where(Participant.user_id == user))
        found = [peer_repo.request_for(session, bot.slack.team, pid, "networks") for pid in pids]
    return next(intro for intro in found if intro is not None).state


def ask_for_a_peer(bot: Bot) -> dict[str, Any]:
    """Day, first follow-up, re-ratings; Anna asks for a peer; the worker asks Bo. Bo's ask."""
    settings: dict[str, Any] = {ids.W_MIN_GROUP: 2}
    code = code_of(create_workshop(bot, **settings))
    for user in (ANNA, BO, CARL):
        reflect(bot, user, code)
    bot.clock.now = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)
    plan_all(bot.services)
    bot.clock.now = TWO_WEEKS
    deliver(bot)
    for user in (BO, CARL):
        assert ids.PEER_REQUEST not in json.dumps(rerate(bot, user, "green"))
    moved = rerate(bot, ANNA, "red")
    offer = [b for b in moved["blocks"] if b.get("accessory", {}).get("action_id")]
    (button,) = [b["accessory"] for b in offer]
    assert button["action_id"] == ids.PEER_REQUEST and button["value"].endswith(":networks")
    assert "Find en at tale med" in json.dumps(moved, ensure_ascii=False)

    bot.slack.click(ANNA, ids.PEER_REQUEST, button["value"], view=moved)
    bot.settle()
    assert "vi spørger en fra en anden kommune" in json.dumps(
        bot.slack.current_view(), ensure_ascii=False
    )
    assert state_of(bot, ANNA) == State.REQUESTED

    bot.clock.now = TWO_WEEKS + timedelta(hours=1)
    assert advance_all(bot.services) == 1
    assert state_of(bot, ANNA) == State.CANDIDATE_ASKED
    deliver(bot)
    assert not [m for m in dms(bot, CARL) if ids.PEER_ACCEPT in buttons(m)]
    (ask,) = [m for m in dms(bot, BO) if ids.PEER_ACCEPT in buttons(m)]
    asked = text_of(ask)
    assert "sidder fast på *Relationer og netværk mellem kommuner*" in asked
    # The ask names neither the requester nor their municipality.
    assert ANNA not in asked and "Aarhus" not in asked
    assert not bot.standin.posted_messages(GROUP)
    return ask


def answer(bot: Bot, ask: dict[str, Any], action_id: str) -> None:
    message = next(m for m in bot.standin.posted_messages("D" + BO) if m.params is ask)
    value = buttons(ask)[action_id][0]
    bot.slack.click(BO, action_id, value, channel="D" + BO, message_ts=message.response["ts"])
    bot.settle()


def test_both_say_yes_and_only_then_a_group_dm_names_them_to_each_other(bot: Bot) -> None:
    ask = ask_for_a_peer(bot)
    bot.clock.now = TWO_WEEKS + timedelta(days=1)
    answer(bot, ask, ids.PEER_ACCEPT)
    assert "Vi præsenterer jer" in json.dumps(
        bot.standin.last("chat.update").params, ensure_ascii=False
    )
    assert state_of(bot, ANNA) == State.BOTH_ACCEPTED
    assert not bot.standin.posted_messages(GROUP)  # not before the introduction is delivered

    deliver(bot)
    (introduction,) = [call.params for call in bot.standin.posted_messages(GROUP)]
    said = text_of(introduction)
    assert f"<@{ANNA}>" in said and f"<@{BO}>" in said
    assert "Aarhus" in said and "Odense" in said
    assert state_of(bot, ANNA) == State.INTRODUCED
    # Neither was named to the other in their own DMs, before or after.
    assert not any(BO in text_of(m) for m in dms(bot, ANNA))
    assert not any(ANNA in text_of(m) for m in dms(bot, BO))
    # Pressing again, or the worker ticking on, introduces nobody twice.
    answer(bot, ask, ids.PEER_ACCEPT)
    advance_all(bot.services)
    deliver(bot)
    assert len(bot.standin.posted_messages(GROUP)) == 1


def test_a_no_names_nobody_and_the_requester_hears_that_nobody_could(bot: Bot) -> None:
    ask = ask_for_a_peer(bot)
    bot.clock.now = TWO_WEEKS + timedelta(days=1)
    answer(bot, ask, ids.PEER_DECLINE)
    assert "Helt i orden" in json.dumps(bot.standin.last("chat.update").params, ensure_ascii=False)
    # Bo was the only one green in another municipality: nobody else to ask.
    assert advance_all(bot.services) == 1
    assert state_of(bot, ANNA) == State.DECLINED
    deliver(bot)
    told = text_of(dms(bot, ANNA)[-1])
    assert "kunne ikke lige nu" in told and "netværk mellem kommuner" in told
    assert not bot.standin.posted_messages(GROUP)
    assert not any(BO in text_of(m) or "Odense" in text_of(m) for m in dms(bot, ANNA))
    assert not any(ANNA in text_of(m) for m in dms(bot, BO))
    assert not [m for m in dms(bot, CARL) if ids.PEER_ACCEPT in buttons(m)]


def test_an_unanswered_ask_expires_and_the_requester_is_told(bot: Bot) -> None:
    ask_for_a_peer(bot)
    bot.clock.now = TWO_WEEKS + timedelta(hours=1, days=7)
    assert advance_all(bot.services) == 1
    assert state_of(bot, ANNA) == State.EXPIRED
    deliver(bot)
    assert "fik ikke et ja i tide" in text_of(dms(bot, ANNA)[-1])
    assert not bot.standin.posted_messages(GROUP)


def export_of(bot: Bot, user: str) -> tuple[dict[str, Any], Any]:
    """The person's `mine-data`: the JSON document and the Excel workbook."""
    bot.slack.command(user, "mine-data")
    bot.settle()
    files = [f for f in bot.standin.uploaded_files.values() if f.channel_id == "D" + user]
    document = json.loads(next(f for f in files if f.filename.endswith(".json")).content)
    xlsx = next(f for f in files if f.filename.endswith(".xlsx"))
    return document, load_workbook(io.BytesIO(xlsx.content))


def sheet_rows(book: Any, key: str) -> list[tuple[Any, ...]]:
    name, headers = personal_sheet(key, "da")
    found = list(book[name].iter_rows(values_only=True))
    assert list(found[0]) == headers
    return found[1:]


def test_my_data_holds_my_outcomes_and_the_peer_requests_on_both_sides(bot: Bot) -> None:
    answer(bot, ask_for_a_peer(bot), ids.PEER_ACCEPT)
    deliver(bot)
    # Anna drops her first step (no time), asks for help with the second and re-plans it.
    press(bot, ANNA, ids.FOLLOWUP_STATUS_PREFIX + "dropped", 0)
    press(bot, ANNA, ids.FOLLOWUP_DROP_PREFIX + "no_time", 0)
    press(bot, ANNA, ids.FOLLOWUP_STATUS_PREFIX + "need_help", 1)
    help_answers = {ids.HR_OBSTACLE: "Ingen tid i chefgruppen", ids.HR_SHARE: ["step"]}
    assert bot.slack.submit(ANNA, bot.slack.current_view(), help_answers).status == 200
    press(bot, ANNA, ids.FOLLOWUP_REPLAN, 1)
    new_plan = {ids.FR_TEXT: "Tage det op på næste chefmøde", ids.FR_DATE: "2027-01-15"}
    assert bot.slack.submit(ANNA, bot.slack.current_view(), new_plan).status == 200
    bot.settle()

    document, book = export_of(bot, ANNA)
    (help_request,) = document["help_requests"]
    assert help_request["obstacle"] == "Ingen tid i chefgruppen"
    assert (help_request["shared_step"], help_request["shared_obstacle"]) == (True, False)
    assert [d["reason"] for d in document["drop_reasons"]] == ["no_time"]
    assert len(document["replans"]) == 1 and document["replans"][0]["wave"] == "2w"
    lights = document["traffic_lights_in_follow_ups"]
    assert {"wave": "2w", "factor": "networks", "light": "red"} in [
        {k: v for k, v in light.items() if k != "at"} for light in lights
    ]
    (request,) = document["peer_requests"]
    assert (request["factor"], request["state"]) == ("networks", "introduced")
    assert document["peer_requests_put_to_you"] == []
    assert BO not in json.dumps(document)
    # The same in the workbook, in Danish words.
    assert [row[1] for row in sheet_rows(book, "drop_reasons")] == ["Ingen tid"]
    assert [row[3:5] for row in sheet_rows(book, "help_requests")] == [
        ("Ingen tid i chefgruppen", "skridtet")
    ]
    assert len(sheet_rows(book, "replans")) == 1
    assert ("Relationer og netværk mellem kommuner", "rød") in [
        row[1:3] for row in sheet_rows(book, "ratings")
    ]
    assert [row[:2] for row in sheet_rows(book, "peer_requests")] == [
        ("Relationer og netværk mellem kommuner", "præsenteret")
    ]

    # Bo sees the request put to him and his yes, and not who asked.
    document, book = export_of(bot, BO)
    (asked,) = document["peer_requests_put_to_you"]
    assert (asked["factor"], asked["answer"]) == ("networks", "accepted")
    assert ANNA not in json.dumps(document)
    assert [row[1] for row in sheet_rows(book, "peer_asks")] == ["ja"]


def test_an_introduction_sent_but_not_recorded_is_recorded_by_the_worker(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer(bot, ask_for_a_peer(bot), ids.PEER_ACCEPT)
    with monkeypatch.context() as patched:
        # As if the process died between posting the introduction and recording it.
        patched.setattr("bot.outcomes.peers.mark_introduced", lambda *args: None)
        deliver(bot)
    assert len(bot.standin.posted_messages(GROUP)) == 1
    assert state_of(bot, ANNA) == State.BOTH_ACCEPTED
    assert advance_all(bot.services) == 1
    assert state_of(bot, ANNA) == State.INTRODUCED
    deliver(bot)
    assert len(bot.standin.posted_messages(GROUP)) == 1
