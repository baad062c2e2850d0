"""The planner's cost follows new work: settled participants are not read again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select

from bot.followups.planner import HORIZON, plan_followups
from bot.slack.services import SlackServices
from flows.identity import Channel, Person
from storage.db import transaction
from storage.models import OutboxMessage, Participant
from storage.repositories import followups as repo
from storage.repositories import participants as people
from storage.repositories import web as links
from storage.repositories.workspaces import ensure_workspace, pause_workspace, resume_workspace
from tests.bot.followups.seed import TEAM, worker_services
from tests.support.factories import make_workshop
from tests.support.slack_standin import SlackStandIn

NOW = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)


@pytest.fixture
def services(standin: SlackStandIn, migrated_database_url: str) -> Iterator[SlackServices]:
    yield worker_services(standin, migrated_database_url)


def _room(services: SlackServices, with_steps: int, without: int) -> list[int]:
    """A workshop today; the ids of its participants, those with next steps first."""
    with transaction(services.sessions) as session:
        ensure_workspace(session, TEAM, NOW)
        workshop = make_workshop(session, TEAM, code="PLANNER", now=NOW)
        ids = []
        for n in range(with_steps + without):
            person, _ = people.join(
                session, workshop, Person.slack(workshop.team_id, f"U{n:04d}"), NOW
            )
            if n < with_steps:
                _add_step(session, person)
            ids.append(person.id)
    return ids


def _add_step(session: Any, person: Participant) -> None:
    draft = people.NextStepInput(1, "Tale med udvalget", None)
    people.replace_next_steps(session, person, [draft], NOW)


def _candidates(services: SlackServices) -> list[int]:
    with transaction(services.sessions) as session:
        found = repo.followup_candidates(session, (NOW - HORIZON).date())
        return [c.participant_id for c in found]


def _rows(services: SlackServices) -> int:
    with transaction(services.sessions) as session:
        return int(session.scalar(select(func.count(OutboxMessage.id))) or 0)


def test_a_second_run_reads_no_one_and_a_new_next_step_brings_back_only_its_author(
    services: SlackServices,
) -> None:
    ids = _room(services, with_steps=3, without=2)
    assert plan_followups(services, NOW) == 9  # three waves for each of three people
    assert _candidates(services) == []
    engine = services.sessions.kw["bind"]
    statements: list[str] = []

    def before(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", before)
    try:
        assert plan_followups(services, NOW + timedelta(minutes=1)) == 0
    finally:
        event.remove(engine, "before_cursor_execute", before)
    # One read of the (empty) work list; nothing per participant of the history.
    assert len([s for s in statements if "participants" in s]) == 1, statements
    with transaction(services.sessions) as session:
        late = session.get(Participant, ids[-1])
        assert late is not None
        _add_step(session, late)
    assert _candidates(services) == [ids[-1]]
    assert plan_followups(services, NOW + timedelta(minutes=2)) == 3
    assert _rows(services) == 12
    assert _candidates(services) == []


def test_editing_a_planned_step_plans_nothing_again(services: SlackServices) -> None:
    ids = _room(services, with_steps=1, without=0)
    plan_followups(services, NOW)
    with transaction(services.sessions) as session:
        person = session.get(Participant, ids[0])
        assert person is not None
        draft = people.NextStepInput(1, "Tale med borgmesteren", None)
        people.replace_next_steps(session, person, [draft], NOW)
    assert _candidates(services) == []


def test_people_in_a_paused_workspace_are_planned_once_it_is_active_again(
    services: SlackServices,
) -> None:
    _room(services, with_steps=2, without=0)
    with transaction(services.sessions) as session:
        pause_workspace(session, TEAM, "ratelimited", NOW)
    assert plan_followups(services, NOW) == 0
    with transaction(services.sessions) as session:
        resume_workspace(session, TEAM)
    assert plan_followups(services, NOW + timedelta(minutes=1)) == 6


def test_it_plans_a_web_participants_follow_ups_for_their_channel_once_their_address_is_confirmed(
    services: SlackServices, standin: SlackStandIn
) -> None:
    (slack_id,) = _room(services, with_steps=1, without=0)
    with transaction(services.sessions) as session:
        slack = session.get(Participant, slack_id)
        assert slack is not None
        found = people.membership_in(session, Person.slack(TEAM, slack.user_id), slack.workshop_id)
        assert found is not None
        person = Person(TEAM, slack.user_id, Channel.WEB)
        web, _ = people.join(session, found[1], person, NOW)
        _add_step(session, web)
        links.set_address(session, person, "deltager@kommune.example", NOW)
    # Not before the address is confirmed (double opt-in): the web participant stays unsettled.
    assert plan_followups(services, NOW) == 3
    assert _candidates(services) == [web.id]
    with transaction(services.sessions) as session:
        assert links.confirm_address(session, person, "deltager@kommune.example", NOW)
    assert plan_followups(services, NOW) == 3
    assert _candidates(services) == []
    with transaction(services.sessions) as session:
        channels = session.execute(
            select(OutboxMessage.channel, func.count(OutboxMessage.id)).group_by(
                OutboxMessage.channel
            )
        ).all()
    assert sorted(channels) == [("slack", 3), ("web", 3)]
    assert [c.params.get("user") for c in standin.calls_to("users.info")] == ["U0000"]
