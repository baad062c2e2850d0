"""A live round as the participant meets it, with no channel: the round's button opens just its
step (joining the person), a closed or foreign round says why not, and an answer counts for a
round only when it answers the round's own step."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from bot.facilitation import rounds as live
from bot.reflection import rounds
from bot.reflection.service import Membership
from bot.services import Services
from flows.identity import Person
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import participants as people
from storage.repositories import workspaces
from tests.bot.facilitation.room import NOW, TEAM, channel_free_services, make_room

PERNILLE = Person.slack(TEAM, "UPERNILLE")  # runs the day
KARSTEN = Person.slack(TEAM, "UKARSTEN")  # never joined; clicks the round's button


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    for built in channel_free_services(database_url):
        with transaction(built.sessions) as session:
            for person in (PERNILLE, KARSTEN):
                workspaces.upsert_profile(
                    session, person.team_id, person.user_id, now=NOW, locale="da-DK", fetched=True
                )
        yield built


def shown(
    session: Session, membership: Membership, step: rounds.RoundStep, lang: str
) -> tuple[str, str, rounds.RoundStep]:
    return membership.participant.user_id, lang, step


def a_round(services: Services, workshop: Workshop, theme: str = "preparation") -> int:
    started = live.start_round(services, PERNILLE, workshop, theme)
    assert started is not None
    return started.round_id


def test_it_opens_just_the_rounds_step_and_joins_the_person(services: Services) -> None:
    workshop = make_room(services, PERNILLE, [])
    round_id = a_round(services, workshop)
    template = services.template_for(workshop)

    opened = rounds.open_round(services, KARSTEN, round_id, shown)

    assert not isinstance(opened, rounds.Refused)
    user_id, lang, step = opened
    assert (user_id, lang) == (KARSTEN.user_id, "da")
    assert step.round_id == round_id and step.workshop_id == workshop.id
    assert template.all_steps[step.index].id == "preparation"
    with transaction(services.sessions) as session:
        found = session.get_one(Workshop, workshop.id)
        assert people.find_participant(session, found, KARSTEN.user_id) is not None


def test_it_says_why_not_for_a_closed_workshop_or_another_teams_round(
    services: Services,
) -> None:
    workshop = make_room(services, PERNILLE, [])
    round_id = a_round(services, workshop)
    elsewhere = Person.slack("T2", KARSTEN.user_id)
    with transaction(services.sessions) as session:
        workspaces.upsert_profile(
            session, "T2", KARSTEN.user_id, now=NOW, locale="da-DK", fetched=True
        )

    foreign = rounds.open_round(services, elsewhere, round_id, shown)
    with transaction(services.sessions) as session:
        session.get_one(Workshop, workshop.id).status = "closed"
    closed = rounds.open_round(services, KARSTEN, round_id, shown)

    assert isinstance(foreign, rounds.Refused) and isinstance(closed, rounds.Refused)
    assert "Fra politik til praksis" not in foreign.text
    assert "Fra politik til praksis" in closed.text
    with transaction(services.sessions) as session:
        found = session.get_one(Workshop, workshop.id)
        assert people.find_participant(session, found, KARSTEN.user_id) is None


def test_it_counts_an_answer_for_a_round_only_when_it_answers_the_rounds_step(
    services: Services,
) -> None:
    workshop = make_room(services, PERNILLE, [])
    other = make_room(services, PERNILLE, [], title="En anden dag")
    round_id = a_round(services, workshop, "evaluation")
    template = services.template_for(workshop)
    index = next(i for i, s in enumerate(template.all_steps) if s.id == "evaluation")

    with transaction(services.sessions) as session:
        assert rounds.answers_round(session, TEAM, template, workshop.id, index, round_id)
        assert not rounds.answers_round(session, TEAM, template, workshop.id, 1, round_id)
        assert not rounds.answers_round(session, TEAM, template, other.id, index, round_id)
        assert not rounds.answers_round(session, "T2", template, workshop.id, index, round_id)
