"""A live round as the participant meets it, with no channel: the round's button opens just its
step (joining the person), a closed or foreign round says why not, and an answer counts for a
round only when it answers the round's own step."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.facilitation import rounds as live
from bot.reflection import rounds, service
from bot.reflection.screens import Notice, StepContext
from bot.services import Services
from flows.identity import Person
from flows.stepref import StepRef
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import participants as people
from storage.repositories import workspaces
from tests.bot.facilitation.room import NOW, TEAM, channel_free_services, make_room

PERNILLE = Person.slack(TEAM, "UPERNILLE")  # runs the day
KARSTEN = Person.slack(TEAM, "UKARSTEN")  # never joined; clicks the round's button
ELSEWHERE = Person.slack("T2", "UKARSTEN")  # the same id, in another workspace


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    for built in channel_free_services(database_url):
        with transaction(built.sessions) as session:
            for person in (PERNILLE, KARSTEN, ELSEWHERE):
                workspaces.upsert_profile(session, person, now=NOW, locale="da-DK", fetched=True)
        yield built


def a_round(services: Services, workshop: Workshop, theme: str = "preparation") -> int:
    started = live.start_round(services, PERNILLE, workshop, theme)
    assert started is not None
    return started.round_id


def joined(services: Services, workshop: Workshop, person: Person) -> bool:
    with transaction(services.sessions) as session:
        found = session.get_one(Workshop, workshop.id)
        return people.find_participant(session, found, person) is not None


def test_it_opens_just_the_rounds_step_and_joins_the_person(services: Services) -> None:
    workshop = make_room(services, PERNILLE, [])
    round_id = a_round(services, workshop)

    opened = service.open_round(services, KARSTEN, round_id)

    assert isinstance(opened, StepContext)
    assert opened.step.id == "preparation"
    assert opened.meta.round_id == round_id and opened.meta.workshop_id == workshop.id
    assert joined(services, workshop, KARSTEN)


def test_it_says_why_not_for_a_closed_workshop_or_another_teams_round(
    services: Services,
) -> None:
    workshop = make_room(services, PERNILLE, [])
    round_id = a_round(services, workshop)

    foreign = service.open_round(services, ELSEWHERE, round_id)
    with transaction(services.sessions) as session:
        session.get_one(Workshop, workshop.id).status = "closed"
    closed = service.open_round(services, KARSTEN, round_id)

    assert isinstance(foreign, Notice) and isinstance(closed, Notice)
    assert "Fra politik til praksis" not in foreign.text
    assert "Fra politik til praksis" in closed.text
    assert not joined(services, workshop, KARSTEN)


def test_it_counts_an_answer_for_a_round_only_when_it_answers_the_rounds_step(
    services: Services,
) -> None:
    workshop = make_room(services, PERNILLE, [])
    other = make_room(services, PERNILLE, [], title="En anden dag")
    round_id = a_round(services, workshop, "evaluation")
    template = services.template_for(workshop)

    with transaction(services.sessions) as session:
        found = rounds.asked(services, session, TEAM, round_id, "da")
        assert not isinstance(found, str)
        _, ref = found
        assert template.all_steps[ref.index].id == "evaluation"
        assert rounds.answers_round(session, TEAM, template, ref)
        assert not rounds.answers_round(session, TEAM, template, StepRef(workshop.id, 1))
        assert not rounds.answers_round(
            session, TEAM, template, StepRef(workshop.id, 1, round_id=round_id)
        )
        assert not rounds.answers_round(
            session, TEAM, template, StepRef(other.id, ref.index, round_id=round_id)
        )
        assert not rounds.answers_round(session, "T2", template, ref)
        assert isinstance(rounds.asked(services, session, "T2", round_id, "da"), str)
