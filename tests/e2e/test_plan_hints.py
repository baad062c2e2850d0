"""The next-steps step helps write a plan: gentle hints beside a step with no action or no date,
everything typed kept, and sending again accepts the steps as written."""

from __future__ import annotations

import json
from typing import Any

from bot.slack import ids
from tests.support.harness import Bot
from tests.support.people import STEP_ANSWERS, code_of, create_workshop

ANNA = "UANNA001"
WISH = "Sundhedspolitikken i chefgruppen"
DATED = "Invitere chefgruppen til et møde inden 1. marts"


def _to_last_step(bot: Bot, user: str) -> dict[str, Any]:
    bot.slack.command(user, f"deltag {code_of(create_workshop(bot))}")
    bot.settle()
    for answers in STEP_ANSWERS[:-1]:
        assert bot.slack.submit(user, bot.slack.current_view(), answers).status == 200
    return bot.slack.current_view()


def _hints(view: dict[str, Any]) -> list[str]:
    return [
        element["text"]
        for block in view["blocks"]
        if block["type"] == "context"
        for element in block["elements"]
        if element["text"].startswith("💡")
    ]


def _field(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b["element"] for b in view["blocks"] if b.get("block_id") == block_id)


def test_a_wish_gets_gentle_hints_and_sending_again_accepts_it(bot: Bot, standin: Any) -> None:
    standin.set_user(ANNA, locale="da-DK", tz="Europe/Copenhagen")
    last = _to_last_step(bot, ANNA)
    typed = {"next_steps.1.text": WISH, "next_steps.2.text": DATED}
    reply = bot.slack.submit(ANNA, last, typed)
    assert reply.status == 200
    assert reply.json()["response_action"] == "update"  # not "errors": the step is not refused
    shown = bot.slack.current_view()
    assert shown["callback_id"] == ids.REFLECTION_STEP
    hints = _hints(shown)
    assert any("hvad du vil gøre, og hvornår" in hint for hint in hints)
    assert any("»1. marts« som den 1. marts 2027" in hint for hint in hints)
    # Everything typed is still there, and the date read from the text fills the empty field.
    assert _field(shown, "next_steps.1.text")["initial_value"] == WISH
    assert _field(shown, "next_steps.2.text")["initial_value"] == DATED
    assert _field(shown, "next_steps.2.date")["initial_date"] == "2027-03-01"
    assert "initial_date" not in _field(shown, "next_steps.1.date")

    # Sending again, unchanged, accepts the steps as written.
    again = {**typed, "next_steps.2.date": "2027-03-01"}
    assert bot.slack.submit(ANNA, shown, again).status == 200
    assert bot.slack.current_view()["callback_id"] == ids.REFLECTION_DONE
    bot.slack.command(ANNA, "refleksion")
    bot.settle()
    review = json.dumps(bot.slack.current_view(), ensure_ascii=False)
    assert WISH in review and DATED in review and "1. marts 2027" in review


def test_a_complete_plan_goes_straight_on(bot: Bot, standin: Any) -> None:
    standin.set_user(ANNA, locale="en-GB", tz="Europe/Copenhagen")
    last = _to_last_step(bot, ANNA)
    plan = {"next_steps.1.text": "Invite the management team", "next_steps.1.date": "2026-12-01"}
    assert bot.slack.submit(ANNA, last, plan).status == 200
    assert bot.slack.current_view()["callback_id"] == ids.REFLECTION_DONE


def test_english_hints_for_an_english_speaker(bot: Bot, standin: Any) -> None:
    standin.set_user(ANNA, locale="en-GB", tz="Europe/Copenhagen")
    last = _to_last_step(bot, ANNA)
    assert bot.slack.submit(ANNA, last, {"next_steps.1.text": "Invite the board"}).status == 200
    hints = _hints(bot.slack.current_view())
    assert hints and all("Your step is saved as you wrote it" in hint for hint in hints)
