"""From next steps to outcomes, through the real HTTP endpoint with the clock under test control:
three waves with mixed statuses, a drop with its reason, a help request and the facilitator's
reply, a re-plan, re-rated traffic lights; the figures in the digest and in the Word report
checked against numbers worked out by hand below."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.followups.planner import plan_all, plan_digests
from bot.slack import ids
from tests.support.harness import Bot
from tests.support.people import (
    ANNA,
    BO,
    CARL,
    DONE,
    FACILITATOR,
    SIX_MONTHS,
    THREE_MONTHS,
    TWO_WEEKS,
    buttons,
    code_of,
    create_workshop,
    deliver,
    dms,
    press,
    reflect,
    report_of,
)

UNDER_WAY = ids.FOLLOWUP_STATUS_PREFIX + "under_way"
DROPPED = ids.FOLLOWUP_STATUS_PREFIX + "dropped"
NEED_HELP = ids.FOLLOWUP_STATUS_PREFIX + "need_help"


@pytest.fixture(autouse=True)
def _people(standin) -> None:
    for user in (FACILITATOR, ANNA, BO, CARL):
        standin.set_user(user, locale="da-DK", tz="Europe/Copenhagen")


def latest_update(bot: Bot) -> str:
    return json.dumps(bot.standin.last("chat.update").params["blocks"], ensure_ascii=False)


def digest_of(bot: Bot) -> str:
    found = [
        m
        for m in dms(bot, FACILITATOR)
        if "Opfølgning på næste skridt" in json.dumps(m.get("blocks"), ensure_ascii=False)
    ]
    # Babel writes "67 %" with a no-break space; compared here as a plain space.
    return json.dumps(found[-1]["blocks"], ensure_ascii=False).replace("\u00a0", " ")


def test_one_workshop_from_the_day_to_the_report(bot: Bot) -> None:
    settings: dict[str, Any] = {ids.W_MIN_GROUP: 2}
    code = code_of(create_workshop(bot, **settings))
    # Everyone rates every factor yellow on the day and writes two next steps.
    for user in (ANNA, BO, CARL):
        reflect(bot, user, code, named=False)
    bot.clock.now = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)
    assert plan_all(bot.services) == 9

    # --- 2 weeks (2 Nov 2026, 16 days after the day) ----------------------------------------
    bot.clock.now = TWO_WEEKS
    assert deliver(bot).sent == 3
    anna_dm = json.dumps(dms(bot, ANNA)[0]["blocks"], ensure_ascii=False)
    assert "> _mål: 1. december 2026_" in anna_dm  # the plan quoted with its target date
    assert ids.FOLLOWUP_REPLAN in buttons(dms(bot, ANNA)[0])

    press(bot, ANNA, DONE, 0)
    # "Har brug for hjælp" opens the help modal: share the step and the obstacle, not the name.
    press(bot, ANNA, NEED_HELP, 1)
    view = bot.slack.current_view()
    assert view["callback_id"] == ids.HELP_REQUEST_VIEW
    reply = bot.slack.submit(
        ANNA,
        view,
        {ids.HR_OBSTACLE: "Skolelederne har ikke tid", ids.HR_SHARE: ["step", "obstacle"]},
    )
    assert reply.status == 200
    assert "har fået besked" in json.dumps(bot.slack.current_view(), ensure_ascii=False)

    press(bot, BO, DROPPED, 0)
    assert "Hvorfor droppede du skridtet?" in latest_update(bot)
    press(bot, BO, ids.FOLLOWUP_DROP_PREFIX + "no_time", 0)
    assert "noteret: ingen tid" in latest_update(bot)
    press(bot, BO, UNDER_WAY, 1)

    # Re-rating: Anna and Bo both move political backing to green; networks red and yellow.
    for user, networks in ((ANNA, "red"), (BO, "yellow")):
        press(bot, user, ids.FOLLOWUP_QUESTIONS, 0)
        lights = {
            ids.FQ_LIGHT_PREFIX + "political_backing": "green",
            ids.FQ_LIGHT_PREFIX + "networks": networks,
        }
        assert bot.slack.submit(user, bot.slack.current_view(), lights).status == 200
    movement = json.dumps(bot.slack.current_view(), ensure_ascii=False)
    assert "Din udvikling siden temadagen" in movement
    assert "gul → grøn (bedre)" in movement

    # The facilitator gets the help request without Anna's name, replies, and Anna gets it.
    deliver(bot)
    (help_dm,) = [m for m in dms(bot, FACILITATOR) if ids.HELP_REPLY in buttons(m)]
    help_text = json.dumps(help_dm["blocks"], ensure_ascii=False)
    assert "Skolelederne har ikke tid" in help_text and ANNA not in help_text
    bot.slack.click(
        FACILITATOR, ids.HELP_REPLY, buttons(help_dm)[ids.HELP_REPLY][0], channel="D" + FACILITATOR
    )
    bot.settle()
    assert (
        bot.slack.submit(
            FACILITATOR, bot.slack.current_view(), {ids.HRR_TEXT: "Ring til mig i morgen"}
        ).status
        == 200
    )
    bot.settle()
    assert "Ring til mig i morgen" in json.dumps(dms(bot, ANNA)[-1]["blocks"], ensure_ascii=False)

    # The digest three days later. By hand: 6 steps; reported 4 (Anna 2, Bo 2) = 67 %;
    # done or under way: Anna's first and Bo's second = 2 of 6 = 33 %; one step done after
    # 16 days. Political backing: 2 rated again, both better; networks: 1 same, 1 worse.
    bot.clock.now = TWO_WEEKS + timedelta(days=3)
    assert plan_digests(bot.services) == 1
    deliver(bot)
    digest = digest_of(bot)
    assert "status på 4 af 6 skridt (67 %) · 33 % gennemført eller i gang" in digest
    assert "Median: 16 dage fra temadagen til gennemført (1 skridt)" in digest
    assert "2 har vurderet igen · 2 bedre, 0 uændret, 0 værre" in digest
    assert "2 har vurderet igen · 0 bedre, 1 uændret, 1 værre" in digest

    # --- 3 months (18 Jan 2027, 93 days after the day) --------------------------------------
    bot.clock.now = THREE_MONTHS
    assert deliver(bot).sent == 3
    press(bot, ANNA, ids.FOLLOWUP_REPLAN, 1)
    view = bot.slack.current_view()
    assert view["callback_id"] == ids.FOLLOWUP_REPLAN_VIEW
    new_plan = {ids.FR_TEXT: "Holde møde med skolelederne", ids.FR_DATE: "2027-03-01"}
    assert bot.slack.submit(ANNA, view, new_plan).status == 200
    bot.settle()
    assert "Din nye plan er gemt" in latest_update(bot)
    assert "Holde møde med skolelederne" in latest_update(bot)
    press(bot, BO, DONE, 1)
    press(bot, CARL, UNDER_WAY, 0)

    # --- 6 months (19 Apr 2027, 184 days after the day) -------------------------------------
    bot.clock.now = SIX_MONTHS
    assert deliver(bot).sent == 3
    anna_6m = dms(bot, ANNA)[-1]
    assert "Holde møde med skolelederne" in json.dumps(anna_6m["blocks"], ensure_ascii=False)
    press(bot, ANNA, DONE, 1)  # the new plan
    press(bot, CARL, DONE, 0)
    press(bot, CARL, DROPPED, 1)
    press(bot, CARL, ids.FOLLOWUP_DROP_PREFIX + "no_longer_relevant", 1)

    # By hand, as of each wave (a step counted once with its re-plan):
    # 2w: reported 4/6 (67 %), done or under way 2/6 (33 %), median 16 days (1 step)
    # 3m: reported Anna's re-plan, Bo's second, Carl's first = 3/6 (50 %); done: Anna 1,
    #     Bo 2; under way: Carl 1 → 3/6 (50 %); median of 16 and 93 = 54.5 days (2 steps)
    # 6m: reported Anna's new plan, Carl's two = 3/6 (50 %); done: Anna 1 and 2, Bo 2,
    #     Carl 1 → 4/6 (67 %); median of 16, 93, 184, 184 = 138.5 days (4 steps)
    bot.clock.now = SIX_MONTHS + timedelta(days=3)
    assert plan_digests(bot.services) >= 1
    deliver(bot)
    digest = digest_of(bot)
    assert "*2 uger:* status på 4 af 6 skridt (67 %) · 33 % gennemført eller i gang" in digest
    assert "*3 måneder:* status på 3 af 6 skridt (50 %) · 50 % gennemført eller i gang" in digest
    assert "*6 måneder:* status på 3 af 6 skridt (50 %) · 67 % gennemført eller i gang" in digest
    assert "Median: 138,5 dage fra temadagen til gennemført (4 skridt)" in digest
    # Its status counts are each step's latest status, from whichever wave: done Anna 1 and 2,
    # Bo 2, Carl 1; dropped Bo 1 (2 weeks) and Carl 2. None without a status.
    assert "6 skridt fra 3 deltagere, hvert med sin seneste status" in digest
    assert "• Gennemført: 4" in digest and "• Droppet: 2" in digest
    assert "Ingen status endnu" not in digest

    # The report, opened with python-docx: the waves as a table (sent on 2 Nov 2026, 18 Jan
    # and 19 Apr 2027; all three answered each: Anna and Bo at 2 weeks, Anna, Bo and Carl at
    # 3 months, Anna and Carl at 6 months), the lights of the day and now.
    reply = bot.slack.command(FACILITATOR, f"rapport {code}")
    assert reply.status == 200
    bot.settle()
    document = report_of(bot)
    paragraphs = [p.text.replace("\u00a0", " ") for p in document.paragraphs]
    assert "Temadag 17. oktober 2026 · status pr. 22. april 2027" in paragraphs

    def cells(index: int) -> list[list[str]]:
        return [
            [c.text.replace("\u00a0", " ") for c in row.cells]
            for row in document.tables[index].rows
        ]

    assert cells(0)[1] == ["Skrev næste skridt", "3 deltagere, 6 skridt"]
    waves = cells(1)
    assert waves[1] == [
        "2 uger",
        "2. november 2026",
        "2 af 3 (67 %)",
        "4 af 6 (67 %)",
        "33 %",
        "16",
    ]
    assert waves[2] == [
        "3 måneder",
        "18. januar 2027",
        "3 af 3 (100 %)",
        "3 af 6 (50 %)",
        "50 %",
        "54,5",
    ]
    assert waves[3] == [
        "6 måneder",
        "19. april 2027",
        "2 af 3 (67 %)",
        "3 af 6 (50 %)",
        "67 %",
        "138,5",
    ]
    by_factor = {row[0]: row[1:] for row in cells(2)}
    assert len(by_factor) == 9  # the header and all eight success factors
    political_row = next(v for k, v in by_factor.items() if "olitisk" in k)
    networks_row = next(v for k, v in by_factor.items() if "etværk" in k)
    # Everyone rated every factor yellow on the day; the summary counts whole groups of 2, so
    # Anna and Bo (the first two). Now: their latest, political backing green for both, networks red
    # (Anna) and yellow (Bo).
    assert political_row == ["0 / 2 / 0", "2 / 0 / 0"]
    assert networks_row == ["0 / 2 / 0", "0 / 1 / 1"]
    reasons = {row[0]: row[1] for row in cells(len(document.tables) - 1)}
    assert reasons == {"Grund": "Skridt", "Ingen tid": "1", "Ikke længere relevant": "1"}
    assert "Skolelederne har ikke tid" not in "\n".join(paragraphs)  # help stays private
    # The participants' own words by factor, with their status, never with a name.
    assert "Holde møde med skolelederne\nStatus: gennemført" in paragraphs
    assert not any("<@" in p for p in paragraphs)


def test_someone_who_does_not_facilitate_gets_no_report(bot: Bot) -> None:
    code = code_of(create_workshop(bot))
    reflect(bot, ANNA, code, named=False)
    bot.slack.command(ANNA, f"rapport {code}")
    bot.settle()
    assert not [f for f in bot.standin.uploaded_files.values() if f.filename.endswith(".docx")]


def test_the_help_request_confirmation_shows_a_title_with_markup_as_text(bot: Bot) -> None:
    title = "Temadag <!channel> <@U999> & co"
    code = code_of(create_workshop(bot, title=title, **{ids.W_MIN_GROUP: 2}))
    reflect(bot, ANNA, code, named=False)
    bot.clock.now = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)
    plan_all(bot.services)
    bot.clock.now = TWO_WEEKS
    assert deliver(bot).sent == 1
    press(bot, ANNA, NEED_HELP, 0)
    view = bot.slack.current_view()
    reply = bot.slack.submit(ANNA, view, {ids.HR_OBSTACLE: "Ingen tid", ids.HR_SHARE: ["step"]})
    assert reply.status == 200
    shown = json.dumps(bot.slack.current_view(), ensure_ascii=False)
    assert "har fået besked" in shown
    assert "Temadag &lt;!channel&gt; &lt;@U999&gt; &amp; co" in shown
    assert "<!channel>" not in shown and "<@U999>" not in shown


class DatabaseDown:
    """Every statement fails as it does when the server has stopped under the running bot."""

    def __init__(self, bot: Bot) -> None:
        self.engine = bot.services.sessions.kw["bind"]

    def _refuse(self, *_: Any) -> None:
        import sqlite3

        raise sqlite3.OperationalError("server closed the connection unexpectedly")

    def __enter__(self) -> None:
        from sqlalchemy import event

        event.listen(self.engine, "before_cursor_execute", self._refuse)

    def __exit__(self, *_: object) -> None:
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._refuse)


def assert_kept(reply: Any, view: dict[str, Any]) -> None:
    assert reply.status == 200 and reply.body, reply.status
    body = reply.json()
    assert body["response_action"] == "errors", body
    ((block_id, message),) = body["errors"].items()
    assert block_id in {b.get("block_id") for b in view["blocks"]}
    assert "ikke gemt" in message and "er her stadig" in message


def test_the_help_replan_and_reply_modals_keep_the_text_while_the_database_is_down(
    bot: Bot,
) -> None:
    settings: dict[str, Any] = {ids.W_MIN_GROUP: 2}
    code = code_of(create_workshop(bot, **settings))
    reflect(bot, ANNA, code, named=False)
    bot.clock.now = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)
    plan_all(bot.services)
    bot.clock.now = TWO_WEEKS
    assert deliver(bot).sent == 1

    press(bot, ANNA, NEED_HELP, 1)
    view = bot.slack.current_view()
    asked = {ids.HR_OBSTACLE: "Skolelederne har ikke tid", ids.HR_SHARE: ["obstacle"]}
    with DatabaseDown(bot):
        assert_kept(bot.slack.submit(ANNA, view, asked), view)
    assert bot.slack.submit(ANNA, view, asked).status == 200
    assert "har fået besked" in json.dumps(bot.slack.current_view(), ensure_ascii=False)

    press(bot, ANNA, ids.FOLLOWUP_REPLAN, 0)
    view = bot.slack.current_view()
    assert view["callback_id"] == ids.FOLLOWUP_REPLAN_VIEW
    new_plan = {ids.FR_TEXT: "Holde møde med skolelederne", ids.FR_DATE: "2027-03-01"}
    with DatabaseDown(bot):
        assert_kept(bot.slack.submit(ANNA, view, new_plan), view)
    assert bot.slack.submit(ANNA, view, new_plan).status == 200

    deliver(bot)
    (help_dm,) = [m for m in dms(bot, FACILITATOR) if ids.HELP_REPLY in buttons(m)]
    bot.slack.click(
        FACILITATOR, ids.HELP_REPLY, buttons(help_dm)[ids.HELP_REPLY][0], channel="D" + FACILITATOR
    )
    bot.settle()
    view = bot.slack.current_view()
    with DatabaseDown(bot):
        assert_kept(bot.slack.submit(FACILITATOR, view, {ids.HRR_TEXT: "Ring til mig"}), view)
    assert bot.slack.submit(FACILITATOR, view, {ids.HRR_TEXT: "Ring til mig"}).status == 200
    bot.settle()
    assert "Ring til mig" in json.dumps(dms(bot, ANNA)[-1]["blocks"], ensure_ascii=False)
