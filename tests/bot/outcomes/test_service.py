"""What Pernille does with her follow-up beyond a status, driven through the use cases with no
channel at all: why she dropped a step, a new plan, help from her facilitator, her traffic
lights again (tests/bot/followups/story.py sets the theme day up)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.followups import service as followups
from bot.outcomes import peers, service
from bot.services import Services
from flows.followupref import FollowUpRef
from flows.peers import State
from flows.steps import shared_with_facilitator
from storage.models import (
    FactorRating,
    HelpRequest,
    NextStep,
    OutboxMessage,
    PeerRequest,
    StepDropReason,
    StepReplan,
)
from storage.repositories import help_requests
from tests.bot.followups.story import (
    AARHUS,
    FACILITATOR,
    KASPER,
    PERNILLE,
    PERNILLES_STEP,
    ThemeDay,
    services_on,
    theme_day,
)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    yield from services_on(tmp_path)


@pytest.fixture
def day(services: Services) -> ThemeDay:
    return theme_day(services)


def count(services: Services, model: Any) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_it_queues_her_facilitators_message_with_only_what_she_chose_to_share(
    services: Services, day: ThemeDay
) -> None:
    told = service.ask_for_help(
        services, PERNILLE, day.pernille, "Chefgruppen mødes først i januar", frozenset({"step"})
    )
    assert told is not None
    with services.sessions() as session:
        (row,) = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "help"))
        # The row holds the request's id alone: what is shown is rendered from the request.
        assert (row.team_id, row.recipient_user_id, row.channel) == (
            AARHUS,
            FACILITATOR.user_id,
            "slack",
        )
        request = help_requests.get_help_request(session, AARHUS, row.payload["request_id"])
        assert row.payload == {"request_id": request.request_id if request else None}
    assert request is not None
    shared = shared_with_facilitator(request.as_request())
    assert shared.step_text == PERNILLES_STEP
    assert shared.obstacle is None
    assert shared.user_id is None


def test_it_names_her_to_the_facilitator_only_when_she_ticks_it(
    services: Services, day: ThemeDay
) -> None:
    shared_all = frozenset(service.SHARE_OPTIONS)
    assert service.ask_for_help(services, PERNILLE, day.pernille, "Tid", shared_all) is not None
    with services.sessions() as session:
        (request,) = help_requests.help_requests_of(session, AARHUS, [day.pernille.participant_id])
    shared = shared_with_facilitator(request.as_request())
    assert (shared.obstacle, shared.user_id) == ("Tid", PERNILLE.user_id)


def test_her_facilitator_answers_and_only_her_facilitator_may(
    services: Services, day: ThemeDay
) -> None:
    service.ask_for_help(services, PERNILLE, day.pernille, "", frozenset())
    with services.sessions() as session:
        request_id = session.scalars(select(HelpRequest.id)).one()
    assert service.facilitated_request(services, KASPER, request_id) is None
    assert service.check_reply(services, KASPER, request_id, "Ring til mig") is None
    assert service.check_reply(services, FACILITATOR, request_id, "   ") is None
    reply = service.check_reply(services, FACILITATOR, request_id, "Ring til mig")
    assert isinstance(reply, service.Reply)
    assert reply.route is service.Route.SLACK  # a DM, at once, as before
    sending = service.reply_to_send(services, FACILITATOR, reply)
    assert sending is not None
    assert (sending.to, sending.text) == (PERNILLE, "Ring til mig")
    service.reply_sent(services, FACILITATOR, reply)
    with services.sessions() as session:
        answered = session.get(HelpRequest, request_id)
        assert answered is not None and answered.answered_by == FACILITATOR.user_id


def test_it_records_why_she_dropped_a_step(services: Services, day: ThemeDay) -> None:
    # A reason belongs to a drop: before she drops the step, there is nothing to attach it to.
    assert service.record_drop_reason(services, PERNILLE, day.pernille, "no_time") is None
    assert followups.record_status(services, PERNILLE, day.pernille, "dropped") is not None
    note = service.record_drop_reason(services, PERNILLE, day.pernille, "no_time")
    assert note is not None
    with services.sessions() as session:
        assert session.scalars(select(StepDropReason.reason)).all() == ["no_time"]


def test_it_plans_her_step_anew_and_follows_up_the_new_plan(
    services: Services, day: ThemeDay
) -> None:
    step = service.step_to_replan(services, PERNILLE, day.pernille)
    assert step is not None and step.text == PERNILLES_STEP
    assert isinstance(
        service.replan(services, PERNILLE, day.pernille, " \n ", None), service.Invalid
    )
    done = service.replan(
        services, PERNILLE, day.pernille, "Skrive til chefgruppen", date(2027, 1, 15)
    )
    assert isinstance(done, service.Replanned)
    # The old step is replaced: it is not planned anew a second time.
    assert service.step_to_replan(services, PERNILLE, day.pernille) is None
    answered = followups.Answered(done.note)
    now = followups.followup_now(services, PERNILLE, day.pernille, answered)
    assert now is not None
    assert [(s.text, s.target_date) for s in now.followup.steps] == [
        ("Skrive til chefgruppen", date(2027, 1, 15))
    ]


def test_it_shows_how_her_lights_moved_since_the_day(services: Services, day: ThemeDay) -> None:
    moved = service.rerate(
        services, PERNILLE, day.pernille, {"networks": "green", "coordinators": "red"}
    )
    assert moved is not None
    assert {(m.factor_id, m.day, m.latest) for m in moved.moves} == {
        ("networks", "red", "green"),
        ("coordinators", "yellow", "red"),
    }
    # A peer may be offered where she is stuck now.
    assert moved.red_factors == ["coordinators"]
    assert service.rerate(services, PERNILLE, day.pernille, {}) is None


def test_a_person_who_does_not_own_the_step_changes_nothing(
    services: Services, day: ThemeDay
) -> None:
    followups.record_status(services, PERNILLE, day.pernille, "dropped")
    lights = {"networks": "green"}
    assert service.record_drop_reason(services, KASPER, day.pernille, "no_time") is None
    assert service.step_to_replan(services, KASPER, day.pernille) is None
    assert service.replan(services, KASPER, day.pernille, "Noget andet", None) is None
    assert service.step_in_need(services, KASPER, day.pernille) is None
    assert service.ask_for_help(services, KASPER, day.pernille, "", frozenset()) is None
    assert service.rerate(services, KASPER, day.pernille, lights) is None
    # Nor does a reference to a step that is not the follow-up's participant's.
    forged = FollowUpRef(day.pernille.participant_id, day.pernille.wave, day.kasper.step_id)
    assert service.step_in_need(services, PERNILLE, forged) is None
    for model in (StepDropReason, StepReplan, HelpRequest, FactorRating, OutboxMessage):
        assert count(services, model) == 0, model
    with services.sessions() as session:
        assert session.scalars(select(NextStep.text)).all() == [
            PERNILLES_STEP,
            "Ringe til sundhedsplejen",
        ]


def test_she_may_ask_for_a_peer_where_her_light_is_red_and_only_there(
    services: Services, day: ThemeDay
) -> None:
    pid = day.pernille.participant_id
    asked = peers.request_peer(services, PERNILLE, pid, "networks")
    assert asked is not None and asked.state == State.REQUESTED
    # Green (or never rated) is not stuck: nothing is opened, and she is told why.
    not_stuck = peers.request_peer(services, PERNILLE, pid, "legitimacy")
    assert not_stuck is not None and not_stuck.state is None
    assert peers.request_peer(services, PERNILLE, pid, "no_such_factor") is None
    assert peers.request_peer(services, KASPER, pid, "networks") is None
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(PeerRequest)) == 1


def test_it_keeps_her_text_where_she_wrote_it_when_the_database_does_not_answer(
    services: Services, day: ThemeDay
) -> None:
    import sqlite3

    from sqlalchemy import event

    engine = services.sessions.kw["bind"]

    def refuse(*_: Any) -> None:
        raise sqlite3.OperationalError("server closed the connection unexpectedly")

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        asked = service.ask_for_help(services, PERNILLE, day.pernille, "Tid", frozenset())
        planned = service.replan(services, PERNILLE, day.pernille, "Skrive til chefen", None)
        replied = service.check_reply(services, FACILITATOR, 1, "Ring til mig")
    finally:
        event.remove(engine, "before_cursor_execute", refuse)
    assert isinstance(asked, service.Invalid) and list(asked.errors) == ["obstacle"]
    assert isinstance(planned, service.Invalid) and list(planned.errors) == ["text"]
    assert isinstance(replied, service.Invalid) and list(replied.errors) == ["text"]
    assert "ikke gemt" in asked.errors["obstacle"]
    assert count(services, HelpRequest) == 0 and count(services, StepReplan) == 0
