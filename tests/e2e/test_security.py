"""Signatures always verified, forged payloads refused, two workspaces never see each other."""

from __future__ import annotations

import inspect
import json
import time
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import create_app
from bot.config import Settings
from bot.slack import ids
from storage.db import transaction
from storage.models import AccessLogEntry, Answer, Participant, Round, Workshop
from storage.repositories import workshops
from tests.support.forgery import (
    ATTACKER,
    RIVAL,
    VICTIM,
    VICTIM_SECRET,
    VICTIM_TITLE,
    Forgery,
    World,
    assert_refused,
    facilitator_forgeries,
    participant_forgeries,
    round_button,
    second_team,
)
from tests.support.harness import Bot, RunningBot
from tests.support.people import (
    CHANNEL,
    FACILITATOR,
    STEP_ANSWERS,
    code_of,
    create_workshop,
    start_button,
)
from tests.support.slack_client import sign

# -- signatures --------------------------------------------------------------------------------

FORM = b"command=%2Ftemadag&text=help&team_id=T1&user_id=U1&response_url=http%3A%2F%2Fx"


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"log_level": "DEBUG"},
        {"slack_app_token": "xapp-1-socket-mode"},
        {"slack_signing_secret": ""},
    ],
    ids=["default", "debug", "socket-mode-token", "empty-secret"],
)
def test_it_rejects_unsigned_and_wrongly_signed_requests_whatever_the_settings(
    standin, tmp_path, clock, overrides: dict[str, Any]
) -> None:
    with RunningBot(standin, f"sqlite:///{tmp_path}/s.sqlite3", clock, **overrides) as bot:
        now = str(int(time.time()))
        form = "application/x-www-form-urlencoded"
        for signature in ("", "v0=deadbeef", sign("", now, FORM), sign("wrong", now, FORM)):
            reply = bot.slack.post(FORM, form, timestamp=now, signature=signature or " ")
            assert reply.status == 401, signature
        stale = str(int(time.time()) - 600)
        assert bot.slack.post(FORM, form, timestamp=stale).status == 401
        bot.settle()
    assert standin.responses() == []


def test_there_is_no_setting_or_parameter_that_turns_verification_off() -> None:
    assert not [name for name in Settings.model_fields if "verif" in name or "insecure" in name]
    parameters = set(inspect.signature(create_app).parameters)
    assert parameters == {"services", "token_verification", "listener_executor"}


# -- forged payloads ---------------------------------------------------------------------------


@pytest.fixture
def world(bot: Bot) -> World:
    for user in (FACILITATOR, VICTIM, ATTACKER):
        bot.standin.set_user(user, locale="da-DK")
    announcement = create_workshop(bot, title=VICTIM_TITLE)
    workshop_id = int(start_button(announcement))
    bot.slack.click(VICTIM, ids.START_REFLECTION, str(workshop_id), channel=CHANNEL, message_ts="1")
    bot.settle()
    answers = [dict(a) for a in STEP_ANSWERS]
    answers[2] = {"hard": VICTIM_SECRET}
    step_view: dict[str, Any] = {}
    for index, step in enumerate(answers):
        view = bot.slack.current_view()
        if index == 2:
            step_view = json.loads(json.dumps(view))
        bot.slack.submit(VICTIM, view, step)
    bot.slack.click(VICTIM, ids.REVIEW_REFLECTION, str(workshop_id))
    bot.settle()
    review = bot.slack.current_view()
    assert review["callback_id"] == ids.REFLECTION_REVIEW
    t2 = second_team(bot)
    world = World(bot, t2, workshop_id, 0, step_view, review, victim_code=code_of(announcement))
    foreign = create_workshop(world.as_team(t2), title="Anden kommunes temadag")
    world.foreign_workshop_id = int(start_button(foreign))
    return world


@pytest.fixture
def facilitator_world(world: World) -> World:
    """The world plus a live round in the victim's workshop and a rival facilitator in T1."""
    bot = world.bot
    bot.slack.command(FACILITATOR, f"runde {world.victim_code}")
    bot.settle()
    bot.slack.submit(FACILITATOR, bot.slack.current_view(), {ids.ROUND_THEME: "preparation"})
    bot.settle()
    world.victim_round_id = int(round_button(bot.standin.history(CHANNEL)[-1]))
    bot.standin.set_user(RIVAL, locale="da-DK")
    with transaction(bot.services.sessions) as session:
        rival = workshops.create_workshop(
            session,
            "T1",
            workshops.NewWorkshop(
                title="Rivalens temadag",
                day=date(2026, 10, 18),
                channel_id="C0RIVAL",
                language="da",
                template_id="health_policy",
                template_version=1,
                created_by=RIVAL,
            ),
            now=bot.clock(),
            make_code=lambda: "RIVAL23",
        )
        world.rival_workshop_id = rival.id
    bot.slack.command(RIVAL, "runde")
    bot.settle()
    world.rival_picker_view = bot.slack.current_view()
    assert world.rival_picker_view["callback_id"] == ids.ROUND_CREATE
    assert world.rival_picker_view["private_metadata"] == str(world.rival_workshop_id)
    return world


@pytest.mark.parametrize("forgery", participant_forgeries(), ids=repr)
def test_a_forged_participant_request_is_refused(world: World, forgery: Forgery) -> None:
    assert_refused(world, forgery, responses_before=len(world.bot.standin.responses()))


@pytest.mark.parametrize("forgery", facilitator_forgeries(), ids=repr)
def test_a_forged_facilitator_request_is_refused(
    facilitator_world: World, forgery: Forgery
) -> None:
    world = facilitator_world
    assert_refused(world, forgery, responses_before=len(world.bot.standin.responses()))


def test_the_victims_workshop_is_untouched_after_every_facilitator_forgery(
    facilitator_world: World,
) -> None:
    world = facilitator_world
    bot = world.bot
    for forgery in facilitator_forgeries():
        assert_refused(world, forgery, responses_before=len(bot.standin.responses()))
    with bot.services.sessions() as session:
        workshop = session.get(Workshop, world.victim_workshop_id)
        assert workshop is not None and workshop.status == "open"
        assert (
            session.scalars(
                select(AccessLogEntry).where(AccessLogEntry.workshop_id == world.victim_workshop_id)
            ).all()
            == []
        )
        assert len(session.scalars(select(Round)).all()) == 1
    # The real facilitator still gets the summary: the refusals were not a broken feature.
    bot.slack.command(FACILITATOR, f"opsummering {world.victim_code}")
    bot.settle()
    assert VICTIM_TITLE in json.dumps(bot.standin.posted_messages()[-1].params, ensure_ascii=False)


def test_the_victims_answers_are_still_theirs_after_every_forgery(world: World) -> None:
    for forgery in participant_forgeries():
        assert_refused(world, forgery, responses_before=len(world.bot.standin.responses()))
    with world.bot.services.sessions() as session:
        texts = [a.value.get("text") for a in session.scalars(select(Answer))]
        users = {p.user_id for p in session.scalars(select(Participant))}
    assert VICTIM_SECRET in texts and "Overskrevet" not in texts
    assert users == {VICTIM}


# -- two workspaces in one database --------------------------------------------------------------


def test_joining_by_the_code_of_another_teams_workshop_fails(world: World) -> None:
    code = code_of(world.bot.standin.posted_messages(CHANNEL)[0].params)
    world.t2.command(ATTACKER, f"deltag {code}")
    world.bot.settle()
    assert "passer ikke" in world.bot.standin.responses()[-1]["text"]
    world.t2.command(VICTIM, "refleksion")
    world.bot.settle()
    assert VICTIM_TITLE not in json.dumps(world.bot.standin.responses()[-1], ensure_ascii=False)


def test_the_same_person_in_another_team_sees_nothing_of_the_first(world: World) -> None:
    bot = world.bot
    world.t2.event({"type": "app_home_opened", "user": VICTIM, "tab": "home"})
    bot.settle()
    home = json.dumps(bot.standin.home_of(VICTIM), ensure_ascii=False)
    assert VICTIM_TITLE not in home and VICTIM_SECRET not in home
    world.t2.event({"type": "app_home_opened", "user": FACILITATOR, "tab": "home"})
    bot.settle()
    facilitator_home = json.dumps(bot.standin.home_of(FACILITATOR), ensure_ascii=False)
    assert VICTIM_TITLE not in facilitator_home and "Anden kommunes temadag" in facilitator_home
    uploads_before = set(bot.standin.uploaded_files)
    world.t2.command(VICTIM, "my-data")
    bot.settle()
    new_files = [f for k, f in bot.standin.uploaded_files.items() if k not in uploads_before]
    for file in new_files:
        assert VICTIM_SECRET.encode() not in file.content
    last = json.dumps(bot.standin.posted_messages()[-1].params, ensure_ascii=False)
    assert VICTIM_SECRET not in last and VICTIM_TITLE not in last


def test_deleting_in_one_team_leaves_the_other_teams_data(world: World) -> None:
    bot = world.bot
    world.t2.command(VICTIM, "delete-my-data")
    bot.settle()
    confirm = bot.slack.current_view()
    assert confirm["callback_id"] == ids.DELETE_MY_DATA_CONFIRM  # their T2 profile only
    assert "temadag(e)" not in json.dumps(confirm, ensure_ascii=False)
    world.t2.submit(VICTIM, confirm, {})
    with bot.services.sessions() as session:
        texts = [a.value.get("text") for a in session.scalars(select(Answer))]
    assert VICTIM_SECRET in texts
