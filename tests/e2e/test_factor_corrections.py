"""A facilitator moves a quote to another success factor through Slack's own requests (signed,
to the real endpoint): the next summary and export show it moved and marked; a forged move by
anyone else, from another team or for another workshop, changes nothing."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.slack import ids
from storage.models import FactorCorrection
from tests.support.harness import Bot
from tests.support.people import (
    FACILITATOR,
    code_of,
    create_workshop,
    seed_reflections,
    start_button,
    uploaded_files,
)

OUTSIDER = "UOUTSIDE"
DM = "D" + FACILITATOR
RESOURCES = "Vi brugte eksisterende ressourcer bedre."
TEXTS = [
    "Politisk opbakning i sundhedsudvalget gjorde en forskel.",
    "Vi fik politisk opbakning fra udvalget tidligt.",
    "Netværket med nabokommunerne gav inspiration.",
    RESOURCES,
]


@pytest.fixture(autouse=True)
def _danish_speakers(standin: Any) -> None:
    for user in (FACILITATOR, OUTSIDER):
        standin.set_user(user, locale="da-DK")


def _room(bot: Bot) -> tuple[int, str]:
    announcement = create_workshop(bot, "Fra politik til praksis", **{ids.W_MIN_GROUP: 2})
    workshop_id = int(start_button(announcement))
    rows = [{"succeeded": {"text": TEXTS[n % len(TEXTS)]}} for n in range(8)]
    seed_reflections(bot, workshop_id, rows)
    return workshop_id, code_of(announcement)


def _summary(bot: Bot, code: str) -> dict[str, Any]:
    bot.slack.command(FACILITATOR, f"opsummering {code}")
    bot.settle()
    return bot.standin.posted_messages(DM)[-1].params


def _move_button(message: dict[str, Any], question_id: str) -> str:
    for block in message["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == ids.MOVE_QUOTE and element["value"].endswith(
                ":" + question_id
            ):
                return str(element["value"])
    raise AssertionError("no move button")


def _option_for(view: dict[str, Any], text: str) -> str:
    block = next(b for b in view["blocks"] if b.get("block_id") == ids.MQ_QUOTE)
    for group in block["element"]["option_groups"]:
        for option in group["options"]:
            if text[:40] in option["text"]["text"]:
                return str(option["value"])
    raise AssertionError(f"no option for {text}")


def _moves(bot: Bot) -> int:
    with bot.services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(FactorCorrection)) or 0)


def _dm_text(bot: Bot, user: str) -> str:
    return json.dumps(bot.standin.history("D" + user), ensure_ascii=False)


def test_a_facilitator_moves_a_quote_and_the_next_summary_and_export_show_it_marked(
    bot: Bot,
) -> None:
    _, code = _room(bot)
    message = _summary(bot, code)
    text = json.dumps(message["blocks"], ensure_ascii=False)
    assert "*Politisk opbakning* (4)" in text
    assert "Flyt et citat" in text and "Står et citat under den forkerte succesfaktor" in text

    bot.slack.click(
        FACILITATOR, ids.MOVE_QUOTE, _move_button(message, "succeeded"), channel=DM, message_ts="1"
    )
    bot.settle()
    view = bot.slack.current_view()
    assert view["callback_id"] == ids.MOVE_QUOTE_VIEW
    choice = _option_for(view, RESOURCES)
    reply = bot.slack.submit(
        FACILITATOR, view, {ids.MQ_QUOTE: choice, ids.MQ_FACTOR: "political_backing"}
    )
    assert reply.status == 200
    bot.settle()
    told = bot.standin.posted_messages(DM)[-1].params["text"]
    assert "flyttet fra »Brug af eksisterende ressourcer« til »Politisk opbakning«" in told
    assert _moves(bot) == 2

    moved = json.dumps(_summary(bot, code)["blocks"], ensure_ascii=False)
    assert "*Politisk opbakning* (5)" in moved

    bot.slack.command(FACILITATOR, f"eksport {code}")
    bot.settle()
    files = uploaded_files(bot)
    book = load_workbook(io.BytesIO(files["xlsx"].content))
    rows = [r for sheet in book.worksheets for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if "Flyttet af facilitator" in r)
    word, mark = header.index("Grupperet efter ordet"), header.index("Flyttet af facilitator")
    # The other answer with the same words is left alone under its factor, now a group of
    # one person: a count only.
    marked = [(r[0], r[word], r[mark]) for r in rows if RESOURCES in r]
    assert marked == [("Politisk opbakning", "flyttet af facilitator", "Ja")]
    table = list(csv.reader(io.StringIO(files["csv"].content.decode("utf-8-sig")), delimiter=";"))
    csv_marked = [r for r in table if r[4] == RESOURCES and r[-1] == "Ja"]
    assert len(csv_marked) == 1 and csv_marked[0][5] == "Politisk opbakning"
    assert csv_marked[0][-2] == "flyttet af facilitator"


def test_a_move_forged_by_anyone_but_the_facilitator_changes_nothing(bot: Bot) -> None:
    workshop_id, code = _room(bot)
    message = _summary(bot, code)
    value = _move_button(message, "succeeded")
    bot.slack.click(FACILITATOR, ids.MOVE_QUOTE, value, channel=DM, message_ts="1")
    bot.settle()
    view = bot.slack.current_view()
    answers = {ids.MQ_QUOTE: _option_for(view, RESOURCES), ids.MQ_FACTOR: "political_backing"}

    # Someone who does not facilitate the day: the button and the modal.
    bot.slack.click(OUTSIDER, ids.MOVE_QUOTE, value, channel="D" + OUTSIDER, message_ts="1")
    bot.settle()
    bot.slack.submit(OUTSIDER, view, answers)
    bot.settle()
    assert "kun temadagens facilitatorer" in _dm_text(bot, OUTSIDER)
    assert RESOURCES not in _dm_text(bot, OUTSIDER)
    # The facilitator's own id, from another workspace.
    bot.slack.team = "T2"
    bot.slack.submit(FACILITATOR, view, answers)
    bot.settle()
    bot.slack.team = "T1"
    # Another workshop's id in the modal's metadata, and a forged answer id.
    forged = {**view, "private_metadata": f"{workshop_id + 1}:succeeded"}
    bot.slack.submit(FACILITATOR, forged, answers)
    bot.settle()
    bot.slack.submit(
        FACILITATOR, view, {ids.MQ_QUOTE: "999999:existing_resources", ids.MQ_FACTOR: "networks"}
    )
    bot.settle()

    assert _moves(bot) == 0
    assert "Citatet kan ikke flyttes" in _dm_text(bot, FACILITATOR)
