"""A second temadag for some participants: their reflection begins with their open next steps
from the first day and a status for each, which then counts in the first day's outcome figures
(checked in the Word report against numbers worked out by hand)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.slack import ids
from tests.support.harness import Bot
from tests.support.people import (
    ANNA,
    BO,
    CARL,
    FACILITATOR,
    code_of,
    create_workshop,
    reflect,
    report_of,
)

SECOND_DAY = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)  # 34 days after the first


@pytest.fixture(autouse=True)
def _people(standin: Any) -> None:
    for user in (FACILITATOR, ANNA, BO, CARL):
        standin.set_user(user, locale="da-DK", tz="Europe/Copenhagen")


def _carried(view: dict[str, Any]) -> dict[str, str]:
    """Each carried step's input block id by the step's text."""
    return {
        b["label"]["text"]: b["block_id"]
        for b in view["blocks"]
        if b["type"] == "input" and b["block_id"].startswith(ids.CARRY_PREFIX)
    }


def test_a_second_temadag_asks_for_open_steps_first_and_counts_them(bot: Bot) -> None:
    settings: dict[str, Any] = {ids.W_MIN_GROUP: 2}
    first = code_of(create_workshop(bot, **settings))
    for user in (ANNA, BO, CARL):
        reflect(bot, user, first, named=False)

    bot.clock.now = SECOND_DAY
    later: dict[str, Any] = {ids.W_DAY: "2026-11-20"}
    second = code_of(create_workshop(bot, "Opfølgningsdag", **later))
    bot.slack.command(ANNA, f"deltag {second}")
    bot.settle()
    view = bot.slack.current_view()
    assert view["callback_id"] == ids.CARRY_FORWARD_VIEW
    text = json.dumps(view, ensure_ascii=False)
    assert "Du har 2 åbne næste skridt fra tidligere temadage" in text
    assert "Fra *Fra politik til praksis* (17. oktober 2026)" in text
    steps = _carried(view)
    assert set(steps) == {
        f"Besøge chefgruppen <!channel> ({ANNA})",
        "Lave et årshjul med trafiklys",
    }
    answers = {
        steps[f"Besøge chefgruppen <!channel> ({ANNA})"]: "done",
        steps["Lave et årshjul med trafiklys"]: "under_way",
    }
    assert bot.slack.submit(ANNA, view, answers).status == 200
    # On into the new reflection, at its first step.
    assert bot.slack.current_view()["callback_id"] == ids.REFLECTION_STEP
    assert "Opfølgningsdag" in json.dumps(bot.slack.current_view(), ensure_ascii=False)

    # Bo answers one of his two and leaves the other open.
    bot.slack.command(BO, f"deltag {second}")
    bot.settle()
    view = bot.slack.current_view()
    steps = _carried(view)
    reply = bot.slack.submit(BO, view, {steps[f"Besøge chefgruppen <!channel> ({BO})"]: "done"})
    assert reply.status == 200
    assert bot.slack.current_view()["callback_id"] == ids.REFLECTION_STEP

    # Opened again, the new reflection goes straight to its step: asked once.
    bot.slack.command(ANNA, "refleksion")
    bot.settle()
    assert bot.slack.current_view()["callback_id"] == ids.REFLECTION_STEP

    # By hand, for the first day (6 steps; a status given on 20 Nov belongs to the 2-week
    # wave, the latest begun): reported Anna 2 + Bo 1 = 3 of 6 (50 %); done or under way the
    # same 3 (50 %); two done, both 34 days after the day: median 34 days (2 steps).
    bot.slack.command(FACILITATOR, f"rapport {first}")
    bot.settle()
    # No follow-up was sent: the wave's row says so, with the statuses given at the second day.
    waves = report_of(bot).tables[1].rows
    shown = [cell.text.replace("\u00a0", " ") for cell in waves[1].cells]
    assert shown == ["2 uger", "ikke sendt", "–", "3 af 6 (50 %)", "50 %", "34"]

    # App Home: each step's path and target date for Anna; the latest wave's line for the
    # facilitator, on each of the workshops they run.
    anna = _home(bot, ANNA)
    assert "Lave et årshjul med trafiklys (mål: 1. marts 2027) – i gang" in anna
    assert f"({ANNA}) (mål: 1. december 2026) – gennemført" in anna
    facilitator = _home(bot, FACILITATOR)
    assert "*2 uger:* status på 3 af 6 skridt (50 %) · 50 % gennemført eller i gang" in facilitator


def _home(bot: Bot, user: str) -> str:
    bot.slack.event({"type": "app_home_opened", "user": user, "tab": "home"})
    bot.settle()
    view = bot.standin.last("views.publish").params["view"]
    return json.dumps(view, ensure_ascii=False).replace("\u00a0", " ")


def test_open_steps_are_offered_when_the_modal_could_not_open_at_deltag(bot: Bot) -> None:
    settings: dict[str, Any] = {ids.W_MIN_GROUP: 2}
    first = code_of(create_workshop(bot, **settings))
    reflect(bot, ANNA, first, named=False)
    bot.clock.now = SECOND_DAY
    second = code_of(create_workshop(bot, "Opfølgningsdag", **{ids.W_DAY: "2026-11-20"}))

    # The trigger has expired by the time the modal is opened: the bot says to type the command.
    bot.standin.fail_next("views.open", error="expired_trigger_id")
    assert bot.slack.command(ANNA, f"deltag {second}").status == 200
    bot.settle()
    assert "/temadag refleksion" in json.dumps(bot.standin.responses(), ensure_ascii=False)

    # Typed as told, the reflection begins with the open steps from the first day, not past them.
    bot.slack.command(ANNA, "refleksion")
    bot.settle()
    view = bot.slack.current_view()
    assert view["callback_id"] == ids.CARRY_FORWARD_VIEW
    steps = _carried(view)
    assert set(steps) == {
        f"Besøge chefgruppen <!channel> ({ANNA})",
        "Lave et årshjul med trafiklys",
    }
    answered = {steps["Lave et årshjul med trafiklys"]: "done"}
    assert bot.slack.submit(ANNA, view, answered).status == 200
    assert bot.slack.current_view()["callback_id"] == ids.REFLECTION_STEP

    # Still no answer in the new reflection: the step left open is offered again; the one
    # answered is not.
    bot.slack.command(ANNA, "refleksion")
    bot.settle()
    view = bot.slack.current_view()
    assert view["callback_id"] == ids.CARRY_FORWARD_VIEW
    assert set(_carried(view)) == {f"Besøge chefgruppen <!channel> ({ANNA})"}
