"""Months after the day, through the real HTTP endpoint: follow-ups at each offset, buttons,
questions, snooze, stop, the in-day reminder and the facilitator's digest."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.followups.planner import plan_all, plan_digests
from bot.slack import ids
from storage.db import transaction
from storage.models import FollowUpResponse, NextStepUpdate, OutboxMessage, Participant
from tests.support.harness import Bot
from tests.support.people import (
    ANNA,
    BO,
    FACILITATOR,
    SIX_MONTHS,
    STEP_ANSWERS,
    THREE_MONTHS,
    TWO_WEEKS,
    buttons,
    code_of,
    create_workshop,
    deliver,
    dms,
    reflect,
)


@pytest.fixture(autouse=True)
def _people(standin) -> None:
    for user in (FACILITATOR, ANNA, BO):
        standin.set_user(user, locale="da-DK", tz="Europe/Copenhagen")
    standin.plant("<!channel>")


def press(bot: Bot, user: str, action_id: str, value: str) -> None:
    message = bot.standin.posted_messages("D" + user)[-1]
    bot.slack.click(user, action_id, value, channel="D" + user, message_ts=message.response["ts"])
    bot.settle()


def test_the_whole_follow_up_journey_from_the_day_to_the_digest(bot: Bot) -> None:
    settings: dict[str, Any] = {ids.W_MIN_GROUP: 2}
    code = code_of(create_workshop(bot, **settings))
    reflect(bot, ANNA, code, named=True)
    reflect(bot, BO, code, named=False)
    bot.clock.now = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)
    assert plan_all(bot.services) == 6
    assert plan_all(bot.services) == 0  # planning again changes nothing

    bot.clock.now = TWO_WEEKS - timedelta(minutes=1)
    assert deliver(bot).sent == 0
    bot.clock.now = TWO_WEEKS
    assert deliver(bot).sent == 2
    (anna_dm,) = dms(bot, ANNA)
    text = json.dumps(anna_dm["blocks"], ensure_ascii=False)
    assert "For 2 uger siden" in text
    assert "Den 17. oktober 2026 skrev du" in text
    assert "&lt;!channel&gt;" in text and "<!channel>" not in text
    assert anna_dm["metadata"]["event_payload"]["dedupe_key"].startswith("followup:")
    found = buttons(anna_dm)
    assert set(ids.FOLLOWUP_STATUS_ACTIONS) <= set(found)
    assert {ids.FOLLOWUP_SNOOZE, ids.FOLLOWUP_STOP, ids.FOLLOWUP_QUESTIONS} <= set(found)

    # Anna: first step done, second needs help; the message is updated in place.
    press(
        bot,
        ANNA,
        ids.FOLLOWUP_STATUS_PREFIX + "done",
        found[ids.FOLLOWUP_STATUS_PREFIX + "done"][0],
    )
    update = bot.standin.last("chat.update").params
    assert "✓ Gennemført" in json.dumps(update["blocks"], ensure_ascii=False)
    assert "vi har noteret" in json.dumps(update["blocks"], ensure_ascii=False)
    press(
        bot,
        ANNA,
        ids.FOLLOWUP_STATUS_PREFIX + "need_help",
        found[ids.FOLLOWUP_STATUS_PREFIX + "need_help"][1],
    )
    # Pressing again keeps the history rather than overwriting it.
    press(
        bot,
        ANNA,
        ids.FOLLOWUP_STATUS_PREFIX + "under_way",
        found[ids.FOLLOWUP_STATUS_PREFIX + "done"][0],
    )
    with transaction(bot.services.sessions) as session:
        history = session.scalars(select(NextStepUpdate.status).order_by(NextStepUpdate.id)).all()
    assert history == ["done", "need_help", "under_way"]

    # Bo answers the questions, with traffic lights again.
    bo_buttons = buttons(dms(bot, BO)[0])
    press(bot, BO, ids.FOLLOWUP_QUESTIONS, bo_buttons[ids.FOLLOWUP_QUESTIONS][0])
    view = bot.slack.current_view()
    assert view["callback_id"] == ids.FOLLOWUP_QUESTIONS_VIEW
    answers = {
        ids.FQ_HELPED: "Politisk opbakning fra udvalget <!channel>",
        ids.FQ_OBSTACLES: "Mangel på tid og ressourcer",
        ids.FQ_REVISED: "Tale med skolelederne i januar",
        **{ids.FQ_LIGHT_PREFIX + "political_backing": "green"},
    }
    reply = bot.slack.submit(BO, view, answers)
    assert reply.status == 200
    press(
        bot,
        BO,
        ids.FOLLOWUP_STATUS_PREFIX + "dropped",
        bo_buttons[ids.FOLLOWUP_STATUS_PREFIX + "done"][0],
    )
    # Anna rates the lights again too: political backing, as Bo did, so two people can be
    # compared there (the minimum group); networks only she re-rates.
    press(bot, ANNA, ids.FOLLOWUP_QUESTIONS, found[ids.FOLLOWUP_QUESTIONS][0])
    again = {
        ids.FQ_LIGHT_PREFIX + "networks": "red",
        ids.FQ_LIGHT_PREFIX + "political_backing": "red",
    }
    reply = bot.slack.submit(ANNA, bot.slack.current_view(), again)
    assert reply.status == 200
    with transaction(bot.services.sessions) as session:
        responses = session.scalars(select(FollowUpResponse).order_by(FollowUpResponse.id)).all()
        assert [r.wave for r in responses] == ["2w", "2w"]
        assert responses[0].value["revised"] == "Tale med skolelederne i januar"

    # The digest, three days after the wave.
    bot.clock.now = TWO_WEEKS + timedelta(days=3)
    assert plan_digests(bot.services) == 1
    assert plan_digests(bot.services) == 0
    deliver(bot)
    (digest,) = dms(bot, FACILITATOR)
    digest_text = json.dumps(digest["blocks"], ensure_ascii=False)
    assert "Opfølgning efter 2 uger" in digest_text
    assert "der fik opfølgningen (100\u00a0%)" in digest_text
    assert "tallene er skridt, ikke personer" in digest_text
    assert f"<@{ANNA}>" in digest_text and BO not in digest_text
    assert "Politisk opbakning fra udvalget &lt;!channel&gt;" in digest_text
    assert "Droppet: 1" in digest_text and "Gennemført" not in digest_text.split("Status")[0]
    # Networks, re-rated by Anna alone, gives only its count: no row and no bar.
    assert "Politisk opbakning: grøn" in digest_text
    assert "Relationer og netværk mellem kommuner: grøn" not in digest_text
    assert "vurderet succesfaktoren igen" in digest_text
    assert "Relationer og netværk mellem kommuner (1)" in digest_text
    charts = [f for f in bot.standin.uploaded_files.values() if f.channel_id == "D" + FACILITATOR]
    assert len(charts) == 1 and charts[0].content.startswith(b"\x89PNG")

    # A week later, while the wave still collects answers: an update.
    bot.clock.now = TWO_WEEKS + timedelta(days=10)
    assert plan_digests(bot.services) == 1
    deliver(bot)
    assert "stadig svar" in json.dumps(dms(bot, FACILITATOR)[-1]["blocks"], ensure_ascii=False)

    # Three and six months: one follow-up each, quoting the same words.
    bot.clock.now = THREE_MONTHS
    assert deliver(bot).sent == 2
    assert "For 3 måneder siden" in json.dumps(dms(bot, ANNA)[-1]["blocks"], ensure_ascii=False)
    bot.clock.now = SIX_MONTHS
    assert deliver(bot).sent == 2
    assert len(dms(bot, ANNA)) == 3 and len(dms(bot, BO)) == 3
    bot.clock.now = SIX_MONTHS + timedelta(days=60)
    assert deliver(bot).sent == 0


def test_snooze_sends_the_follow_up_again_a_week_later_and_stop_cancels_the_rest(bot: Bot) -> None:
    code = code_of(create_workshop(bot))
    reflect(bot, ANNA, code, named=False)
    plan_all(bot.services)
    bot.clock.now = TWO_WEEKS + timedelta(hours=3)  # Monday 12:00 local
    deliver(bot)
    press(bot, ANNA, ids.FOLLOWUP_SNOOZE, buttons(dms(bot, ANNA)[0])[ids.FOLLOWUP_SNOOZE][0])
    assert "vi spørger igen den 9. november 2026" in json.dumps(
        bot.standin.last("chat.update").params["blocks"], ensure_ascii=False
    )
    bot.clock.now = TWO_WEEKS + timedelta(days=7, hours=2, minutes=59)
    assert deliver(bot).sent == 0
    bot.clock.now = TWO_WEEKS + timedelta(days=7, hours=3)
    assert deliver(bot).sent == 1
    assert len(dms(bot, ANNA)) == 2
    # Said when it is sent: the snoozed follow-up came a week later.
    again = json.dumps(dms(bot, ANNA)[-1]["blocks"], ensure_ascii=False)
    assert "For 3 uger siden" in again and "For 2 uger siden" not in again

    press(bot, ANNA, ids.FOLLOWUP_STOP, buttons(dms(bot, ANNA)[-1])[ids.FOLLOWUP_STOP][0])
    stopped = bot.standin.last("chat.update").params
    assert "Du får ikke flere påmindelser" in json.dumps(stopped["blocks"], ensure_ascii=False)
    assert ids.FOLLOWUP_SNOOZE not in buttons(stopped)
    bot.clock.now = SIX_MONTHS + timedelta(days=1)
    plan_all(bot.services)
    assert deliver(bot).sent == 0
    assert len(dms(bot, ANNA)) == 2


def test_a_button_on_someone_elses_follow_up_changes_nothing(bot: Bot) -> None:
    code = code_of(create_workshop(bot))
    reflect(bot, ANNA, code, named=False)
    plan_all(bot.services)
    bot.clock.now = TWO_WEEKS
    deliver(bot)
    value = buttons(dms(bot, ANNA)[0])[ids.FOLLOWUP_STATUS_PREFIX + "done"][0]
    bot.slack.click(BO, ids.FOLLOWUP_STATUS_PREFIX + "done", value, channel="DBO", message_ts="1.0")
    bot.slack.click(BO, ids.FOLLOWUP_STOP, value.rsplit(":", 1)[0], channel="DBO", message_ts="1.0")
    bot.settle()
    with transaction(bot.services.sessions) as session:
        assert session.scalars(select(NextStepUpdate)).all() == []
        assert session.scalars(select(Participant.reminders_stopped_at)).all() == [None]
    assert bot.standin.calls_to("chat.update") == []


def test_a_participant_who_stops_halfway_gets_exactly_one_reminder(bot: Bot) -> None:
    code = code_of(create_workshop(bot))
    bot.clock.now = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)
    reflect(bot, ANNA, code, named=False, steps=2)
    reflect(bot, BO, code, named=False, steps=2)
    plan_all(bot.services)
    bot.clock.now += timedelta(minutes=44)
    assert deliver(bot).sent == 0
    # Bo finishes before the reminder is due: he gets none.
    for step in STEP_ANSWERS[2:]:
        bot.slack.submit(BO, bot.slack.current_view(), step)
    bot.clock.now += timedelta(minutes=1)
    plan_all(bot.services)
    stats = deliver(bot)
    assert (stats.sent, stats.cancelled) == (1, 1)
    (reminder,) = dms(bot, ANNA)
    reminded = json.dumps(reminder["blocks"], ensure_ascii=False)
    assert "fortsæt, hvor du slap" in reminded
    assert "Du mangler 4 af 6 trin." in reminded and "halvvejs" not in reminded
    assert ids.RESUME_REFLECTION in buttons(reminder)
    bot.clock.now += timedelta(hours=2)
    plan_all(bot.services)
    deliver(bot)
    assert len(dms(bot, ANNA)) == 1 and dms(bot, BO) == []
    with transaction(bot.services.sessions) as session:
        kinds = session.scalars(select(OutboxMessage.kind).where(OutboxMessage.kind == "reminder"))
        assert len(list(kinds)) == 2


def test_a_follow_up_for_deleted_next_steps_is_cancelled_not_sent(bot: Bot) -> None:
    code = code_of(create_workshop(bot))
    reflect(bot, ANNA, code, named=False)
    plan_all(bot.services)
    with transaction(bot.services.sessions) as session:
        from storage.models import NextStep

        for step in session.scalars(select(NextStep)):
            session.delete(step)
    bot.clock.now = TWO_WEEKS
    stats = deliver(bot)
    assert (stats.sent, stats.cancelled) == (0, 1)
    assert dms(bot, ANNA) == []


@pytest.mark.parametrize(
    ("event", "status"),
    [
        ({"type": "app_uninstalled"}, "uninstalled"),
        (
            {"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}},
            "uninstalled",
        ),  # the bot token is gone too
    ],
)
def test_leaving_the_workspace_pauses_all_sending(
    bot: Bot, event: dict[str, Any], status: str
) -> None:
    from storage.models import Workspace

    code = code_of(create_workshop(bot))
    reflect(bot, ANNA, code, named=False)
    plan_all(bot.services)
    assert bot.slack.event(event).status == 200
    bot.settle()
    with transaction(bot.services.sessions) as session:
        workspace = session.scalar(select(Workspace))
        assert workspace is not None and workspace.status == status
    bot.clock.now = SIX_MONTHS
    assert deliver(bot).sent == 0
    assert dms(bot, ANNA) == []


def test_follow_up_answers_sent_while_the_disk_is_full_stay_in_the_modal(bot: Bot) -> None:
    import sqlite3

    from sqlalchemy import event

    code = code_of(create_workshop(bot))
    reflect(bot, ANNA, code, named=False)
    plan_all(bot.services)
    bot.clock.now = TWO_WEEKS + timedelta(hours=3)
    deliver(bot)
    press(bot, ANNA, ids.FOLLOWUP_QUESTIONS, buttons(dms(bot, ANNA)[0])[ids.FOLLOWUP_QUESTIONS][0])
    view = bot.slack.current_view()
    answers = {ids.FQ_HELPED: "Politisk opbakning fra udvalget"}
    engine = bot.services.sessions.kw["bind"]

    def disk_full(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(engine, "before_cursor_execute", disk_full)
    try:
        reply = bot.slack.submit(ANNA, view, answers)
    finally:
        event.remove(engine, "before_cursor_execute", disk_full)
    assert reply.status == 200 and reply.body, reply.status
    body = reply.json()
    assert body["response_action"] == "errors", body
    assert "ikke gemt" in next(iter(body["errors"].values()))
    assert bot.slack.submit(ANNA, view, answers).status == 200


def test_after_a_long_outage_only_the_newest_due_wave_is_sent_and_the_older_ones_skipped(
    bot: Bot,
) -> None:
    settings: dict[str, Any] = {ids.W_MIN_GROUP: 2}
    code = code_of(create_workshop(bot, **settings))
    reflect(bot, ANNA, code, named=True)
    bot.clock.now = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)
    assert plan_all(bot.services) == 3

    # The worker was down from the day itself until six months later.
    bot.clock.now = SIX_MONTHS
    assert deliver(bot).sent == 1
    (dm,) = dms(bot, ANNA)
    assert "For 6 måneder siden" in json.dumps(dm["blocks"], ensure_ascii=False)
    with transaction(bot.services.sessions) as session:
        rows = {
            row.payload["wave"]: (
                row.sent_at is not None,
                row.cancelled_at is not None,
                row.last_error,
            )
            for row in session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == "followup")
            )
        }
    assert rows == {
        "2w": (False, True, "superseded:6m"),
        "3m": (False, True, "superseded:6m"),
        "6m": (True, False, None),
    }
    assert deliver(bot).sent == 0


def test_a_wave_due_with_no_later_one_due_is_still_sent_late(bot: Bot) -> None:
    settings: dict[str, Any] = {ids.W_MIN_GROUP: 2}
    code = code_of(create_workshop(bot, **settings))
    reflect(bot, ANNA, code, named=True)
    bot.clock.now = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)
    plan_all(bot.services)
    bot.clock.now = THREE_MONTHS - timedelta(days=3)  # a Friday: 2 weeks long past, 3 months not
    assert deliver(bot).sent == 1
    assert '"value": "1:2w"' in json.dumps(dms(bot, ANNA)[0]["blocks"], ensure_ascii=False)
