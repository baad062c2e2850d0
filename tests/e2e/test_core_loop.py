"""The core loop through the real HTTP endpoint: create, announce, join, reflect, resume, edit."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from bot.slack import ids
from tests.support.harness import Bot
from tests.support.people import (
    CHANNEL,
    FACILITATOR,
    PARTICIPANT,
    STEP_ANSWERS,
    People,
    code_of,
    create_workshop,
    progress_of,
    start_button,
)


@pytest.fixture(autouse=True)
def _danish_speakers(standin) -> None:
    # Slack has no Danish locale; a non-English one stands for "not English" here.
    for user in (FACILITATOR, PARTICIPANT):
        standin.set_user(user, locale="da-DK")


def test_it_rejects_unsigned_and_stale_requests(bot: Bot) -> None:
    body = b"command=%2Ftemadag&text=hj%C3%A6lp&team_id=T1&user_id=U1"
    unsigned = bot.slack.post(body, "application/x-www-form-urlencoded", signature="v0=deadbeef")
    stale_ts = str(int(time.time()) - 60 * 10)
    stale = bot.slack.post(body, "application/x-www-form-urlencoded", timestamp=stale_ts)
    assert unsigned.status == 401
    assert stale.status == 401
    assert bot.standin.responses() == []


def test_it_answers_health_checks_when_it_serves_requests(bot: Bot) -> None:
    reply = bot.slack.get("/healthz")
    assert reply.status == 200
    assert reply.json() == {"ok": True}


def test_it_creates_a_workshop_and_announces_it_with_a_readable_code(bot: Bot) -> None:
    announcement = create_workshop(bot)
    code = code_of(announcement)
    assert len(code) == 7 and code[3] == "-"
    assert not set(code) & set("0O1I")
    assert start_button(announcement)
    assert bot.slack.current_view()["callback_id"] == "message"


def test_it_refuses_workshop_creation_outside_facilitator_ids(standin, tmp_path, clock) -> None:
    from tests.support.harness import RunningBot

    with RunningBot(
        standin, f"sqlite:///{tmp_path}/f.sqlite3", clock, facilitator_ids="UOTHER01"
    ) as bot:
        bot.slack.command(FACILITATOR, "new")
        bot.settle()
        reply = standin.responses()[-1]
        assert "Kun facilitatorer" in reply["text"]
        assert standin.calls_to("views.open") == []


def test_a_participant_joins_by_button_and_completes_every_step(bot: Bot) -> None:
    announcement = create_workshop(bot)
    bot.slack.click(
        PARTICIPANT,
        ids.START_REFLECTION,
        start_button(announcement),
        channel=CHANNEL,
        message_ts=announcement.get("ts"),
    )
    bot.settle()
    for number, answers in enumerate(STEP_ANSWERS, start=1):
        view = bot.slack.current_view()
        assert view["callback_id"] == ids.REFLECTION_STEP
        assert progress_of(view).startswith(f"Trin {number} af 6")
        reply = bot.slack.submit(PARTICIPANT, view, answers)
        assert reply.status == 200
        assert reply.json()["response_action"] == "update", reply.json()
    done = bot.slack.current_view()
    assert done["callback_id"] == ids.REFLECTION_DONE
    assert "Tak" in json.dumps(done, ensure_ascii=False)
    bot.settle()
    home = bot.standin.home_of(PARTICIPANT)
    home_text = json.dumps(home, ensure_ascii=False)
    assert "Gennemført" in home_text
    assert "Besøge chefgruppen i Børn og Unge" in home_text


def test_written_answers_get_their_success_factors_after_the_acknowledgement(bot: Bot) -> None:
    from sqlalchemy import select

    from storage.models import Answer, AnswerFactor

    announcement = create_workshop(bot)
    bot.slack.click(PARTICIPANT, ids.START_REFLECTION, start_button(announcement), channel=CHANNEL)
    bot.settle()
    for answers in STEP_ANSWERS:
        reply = bot.slack.submit(PARTICIPANT, bot.slack.current_view(), answers)
        assert reply.json()["response_action"] == "update", reply.json()
    bot.settle()
    with bot.services.sessions() as session:
        untagged = session.scalars(select(Answer.question_id).where(~Answer.tagged)).all()
        tags = set(session.execute(select(AnswerFactor.question_id, AnswerFactor.factor_id)))
    assert untagged == []
    assert ("succeeded", "political_backing") in tags  # "politisk opbakning i sundhedsudvalget"
    assert ("methods", "*") in tags  # every written answer is counted


def test_a_participant_joins_by_code_and_an_unknown_code_gets_a_clear_message(bot: Bot) -> None:
    code = code_of(create_workshop(bot))
    bot.slack.command(PARTICIPANT, "deltag ZZZ-ZZZ")
    bot.settle()
    assert "passer ikke" in bot.standin.responses()[-1]["text"]
    bot.slack.command(PARTICIPANT, f"join {code.lower()}")
    bot.settle()
    view = bot.slack.current_view()
    assert view["callback_id"] == ids.REFLECTION_STEP
    assert progress_of(view).startswith("Trin 1 af 6")


def test_it_resumes_where_the_participant_stopped_when_the_modal_is_reopened(
    bot: Bot, people: People
) -> None:
    code = code_of(create_workshop(bot))
    pernille = people.participant("Pernille", PARTICIPANT)
    pernille.joins(code)
    pernille.answers_steps(3)
    pernille.leaves()
    pernille.comes_back()
    view = pernille.view
    assert progress_of(view).startswith("Trin 4 af 6")


def test_bad_input_is_shown_inline_and_nothing_is_stored(bot: Bot) -> None:
    code = code_of(create_workshop(bot))
    bot.slack.command(PARTICIPANT, f"deltag {code}")
    bot.settle()
    bot.slack.submit(PARTICIPANT, bot.slack.current_view(), STEP_ANSWERS[0])
    view = bot.slack.current_view()
    reply = bot.slack.submit(PARTICIPANT, view, {"succeeded": "   "})
    assert reply.json() == {
        "response_action": "errors",
        "errors": {"succeeded": "Skriv et svar her."},
    }
    too_long = bot.slack.submit(PARTICIPANT, view, {"succeeded": "x" * 3001})
    assert "for langt" in too_long.json()["errors"]["succeeded"]


def test_a_past_target_date_gets_an_inline_error(bot: Bot) -> None:
    code = code_of(create_workshop(bot))
    bot.slack.command(PARTICIPANT, f"deltag {code}")
    bot.settle()
    for answers in STEP_ANSWERS[:5]:
        bot.slack.submit(PARTICIPANT, bot.slack.current_view(), answers)
    reply = bot.slack.submit(
        PARTICIPANT,
        bot.slack.current_view(),
        {"next_steps.1.text": "Noget", "next_steps.1.date": "2020-01-01"},
    )
    assert "fortiden" in reply.json()["errors"]["next_steps.1.date"]


def test_a_double_clicked_submit_stores_once(bot: Bot) -> None:
    code = code_of(create_workshop(bot))
    bot.slack.command(PARTICIPANT, f"deltag {code}")
    bot.settle()
    view = bot.slack.current_view()
    first = bot.slack.submit(PARTICIPANT, view, STEP_ANSWERS[0])
    second = bot.slack.submit(PARTICIPANT, view, STEP_ANSWERS[0])
    assert first.json()["view"]["blocks"][1] == second.json()["view"]["blocks"][1]
    from sqlalchemy import func, select

    from storage.models import Answer

    with bot.services.sessions() as session:
        assert session.scalar(select(func.count(Answer.id))) == 3


def test_it_edits_an_answer_from_app_home_after_completing(bot: Bot) -> None:
    announcement = create_workshop(bot)
    bot.slack.click(
        PARTICIPANT,
        ids.START_REFLECTION,
        start_button(announcement),
        channel=CHANNEL,
        message_ts="1",
    )
    bot.settle()
    for answers in STEP_ANSWERS:
        bot.slack.submit(PARTICIPANT, bot.slack.current_view(), answers)
    bot.settle()
    workshop_id = start_button(announcement)
    bot.slack.click(PARTICIPANT, ids.REVIEW_REFLECTION, workshop_id)
    bot.settle()
    review = bot.slack.current_view()
    assert review["callback_id"] == ids.REFLECTION_REVIEW
    assert "Det er svært at få skolerne med." in json.dumps(review, ensure_ascii=False)
    bot.slack.click(PARTICIPANT, ids.EDIT_STEP, f"{workshop_id}:2", view=review)
    bot.settle()
    edit = bot.slack.current_view()
    assert edit["blocks"][2]["element"]["initial_value"] == "Det er svært at få skolerne med."
    bot.slack.submit(PARTICIPANT, edit, {"hard": "Skolerne er svære at nå."})
    back = bot.slack.current_view()
    assert back["callback_id"] == ids.REFLECTION_REVIEW
    assert "Skolerne er svære at nå." in json.dumps(back, ensure_ascii=False)


def test_an_english_locale_gets_english_and_help_is_never_an_error(bot: Bot) -> None:
    bot.standin.set_user(PARTICIPANT, locale="en-GB")
    bot.standin.set_user(FACILITATOR, locale="fr-FR")
    bot.slack.command(PARTICIPANT, "what is this")
    bot.settle()
    english = bot.standin.responses()[-1]["text"]
    assert "There is no command `what`" in english
    bot.slack.command(FACILITATOR, "")
    bot.settle()
    assert "Deltagere" in bot.standin.responses()[-1]["text"]
    code = code_of(create_workshop(bot))
    bot.slack.command(PARTICIPANT, f"join {code}")
    bot.settle()
    assert progress_of(bot.slack.current_view()).startswith("Step 1 of 6")


def test_a_retried_event_is_handled_once(bot: Bot) -> None:
    event = {"type": "app_home_opened", "user": PARTICIPANT, "tab": "home"}
    bot.slack.event(event, event_id="Ev0001")
    bot.slack.event(event, event_id="Ev0001")
    bot.settle()
    assert len(bot.standin.calls_to("views.publish")) == 1


def test_mentions_in_titles_and_answers_never_ping(bot: Bot) -> None:
    for marker in ("<!channel>", "<@U999>", "<https://evil.example|klik>"):
        bot.standin.plant(marker)
    announcement = create_workshop(bot, title="Temadag <!channel> <@U999>")
    bot.slack.click(
        PARTICIPANT,
        ids.START_REFLECTION,
        start_button(announcement),
        channel=CHANNEL,
        message_ts="1",
    )
    bot.settle()
    answers = [dict(a) for a in STEP_ANSWERS]
    answers[1] = {"succeeded": "Se <https://evil.example|klik> og <!channel>"}
    for step in answers:
        bot.slack.submit(PARTICIPANT, bot.slack.current_view(), step)
    bot.settle()
    bot.slack.click(PARTICIPANT, ids.REVIEW_REFLECTION, start_button(announcement))
    bot.settle()
    # The fixture asserts live_mentions is empty after the test.


def test_it_acknowledges_before_calling_slack_so_a_slow_slack_cannot_break_the_3s_rule(
    bot: Bot,
) -> None:
    code = code_of(create_workshop(bot))
    opened_before = len(bot.standin.calls_to("views.open"))
    bot.standin.latency(1.0)  # every Web API call now takes a second
    reply = bot.slack.command(PARTICIPANT, f"deltag {code}")
    # The HTTP answer came back while the join's Slack calls were still under way.
    assert reply.status == 200
    assert len(bot.standin.calls_to("views.open")) == opened_before
    bot.settle()
    bot.standin.latency(0)
    assert len(bot.standin.calls_to("views.open")) == opened_before + 1


def test_an_operator_can_keep_danish_for_english_locales_and_a_person_can_still_choose(
    standin, tmp_path, clock
) -> None:
    from tests.support.harness import RunningBot

    standin.set_user(PARTICIPANT, locale="en-US")
    with RunningBot(
        standin, f"sqlite:///{tmp_path}/l.sqlite3", clock, follow_slack_locale=False
    ) as bot:
        bot.slack.command(PARTICIPANT, "hjælp")
        bot.settle()
        assert "Deltagere" in standin.responses()[-1]["text"]
        bot.slack.command(PARTICIPANT, "sprog en")
        bot.settle()
        assert standin.responses()[-1]["text"] == "Language set to English."
        bot.slack.command(PARTICIPANT, "help")
        bot.settle()
        assert "Participants" in standin.responses()[-1]["text"]


def test_a_title_with_mentions_never_pings_from_any_message_the_facilitator_gets(
    bot: Bot,
) -> None:
    for marker in ("<!channel>", "<@U999>", "<!here>"):
        bot.standin.plant(marker)
    announcement = create_workshop(bot, title="Temadag <!channel> <@U999> <!here>")
    bot.slack.click(PARTICIPANT, ids.START_REFLECTION, start_button(announcement), channel=CHANNEL)
    bot.settle()
    for step in STEP_ANSWERS:
        bot.slack.submit(PARTICIPANT, bot.slack.current_view(), step)
    bot.settle()
    for command in ("opsummering", "opsummering alle", "eksport", "runde", "luk"):
        bot.slack.command(FACILITATOR, command)
        bot.settle()
    assert bot.standin.posted_messages("D" + FACILITATOR)
    # The fixture asserts live_mentions is empty after the test.


def test_a_step_sent_while_the_database_fails_keeps_the_modal_and_the_text(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from storage.repositories import participants

    announcement = create_workshop(bot)
    bot.slack.click(PARTICIPANT, ids.START_REFLECTION, start_button(announcement), channel=CHANNEL)
    bot.settle()
    bot.slack.submit(PARTICIPANT, bot.slack.current_view(), STEP_ANSWERS[0])
    typed = bot.slack.current_view()
    real_save = participants.save_answers

    def full_disk(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("INSERT INTO answers", {}, Exception("database or disk is full"))

    monkeypatch.setattr(participants, "save_answers", full_disk)
    reply = bot.slack.submit(PARTICIPANT, typed, STEP_ANSWERS[1]).json()
    assert reply["response_action"] == "errors", reply
    (block_id, message) = next(iter(reply["errors"].items()))
    assert block_id in {b.get("block_id") for b in typed["blocks"]}
    assert "ikke gemt" in message and "igen" in message
    assert bot.slack.current_view()["id"] == typed["id"]  # the modal and its text stay
    monkeypatch.setattr(participants, "save_answers", real_save)
    again = bot.slack.submit(PARTICIPANT, typed, STEP_ANSWERS[1]).json()
    assert again["response_action"] == "update"
    assert progress_of(again["view"]) != progress_of(typed)


def test_a_workshop_form_sent_while_the_disk_is_full_keeps_the_form_and_says_why(
    bot: Bot,
) -> None:
    import sqlite3

    from sqlalchemy import event

    bot.slack.command(FACILITATOR, "ny", channel=CHANNEL)
    bot.settle()
    form = bot.slack.current_view()
    engine = bot.services.sessions.kw["bind"]

    def disk_full(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(engine, "before_cursor_execute", disk_full)
    values = {
        ids.W_TITLE: "Fra politik til praksis",
        ids.W_DAY: "2026-10-17",
        ids.W_CHANNEL: CHANNEL,
        ids.W_LANGUAGE: "da",
        ids.W_TEMPLATE: "health_policy",
        ids.W_FOLLOWUPS: "2u, 3m, 6m",
        ids.W_MIN_GROUP: 5,
        ids.W_RETENTION: 12,
    }
    try:
        reply = bot.slack.submit(FACILITATOR, form, values).json()
    finally:
        event.remove(engine, "before_cursor_execute", disk_full)
    assert reply["response_action"] == "errors", reply
    (block_id, message) = next(iter(reply["errors"].items()))
    assert block_id in {b.get("block_id") for b in form["blocks"]}
    assert "ikke gemt" in message
    again = bot.slack.submit(FACILITATOR, form, values).json()
    assert again["response_action"] == "update"
