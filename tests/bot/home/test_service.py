"""App Home as a use case, with no channel: what a person's home shows them (what they joined
and where they stopped, what they facilitate, who cannot be reached), in their language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.home import service
from bot.services import Services
from flows.identity import Person
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import participants as people
from storage.repositories import workspaces
from tests.bot.facilitation.room import NOW, TEAM, Someone, channel_free_services, make_room

PERNILLE = Person.slack(TEAM, "UPERNILLE")  # runs the day
ANNA = Person.slack(TEAM, "UANNA")  # takes part


def everyone(host_team: str, home_team: str) -> bool:
    return True


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    yield from channel_free_services(database_url, facilitator_ids="UPERNILLE")


def join(services: Services, workshop: Workshop, person: Person, *, at_step: int | None) -> None:
    """The person joins; with `at_step`, they stopped at that step of their reflection."""
    with transaction(services.sessions) as session:
        found = session.get_one(Workshop, workshop.id)
        participant, _ = people.join(session, found, person, NOW)
        if at_step is not None:
            reflection = people.start_reflection(session, participant, "health_policy", 1, NOW)
            reflection.current_step = at_step


def test_it_shows_a_participant_where_they_stopped_so_they_can_resume(
    services: Services,
) -> None:
    stopped = make_room(services, PERNILLE, [], title="Fra politik til praksis")
    not_begun = make_room(services, PERNILLE, [], title="Forebyggelsespakkerne")
    join(services, stopped, ANNA, at_step=2)
    join(services, not_begun, ANNA, at_step=None)

    home = service.home(services, ANNA, everyone, "da")

    by_title = {item.title: item for item in home.workshops}
    assert by_title["Fra politik til praksis"].status == "in_progress"
    assert by_title["Fra politik til praksis"].step == 2
    assert by_title["Fra politik til praksis"].open
    assert by_title["Forebyggelsespakkerne"].status == "not_started"
    assert home.facilitated == ()
    assert not home.may_create


def test_it_shows_a_participant_their_next_steps(services: Services) -> None:
    workshop = make_room(
        services, PERNILLE, [Someone(ANNA.user_id, "Godt", steps=[("Tale med chefen", None)])]
    )

    home = service.home(services, ANNA, everyone, "da")

    (item,) = home.workshops
    assert item.workshop_id == workshop.id and item.status == "completed"
    assert [step.text for step in item.next_steps] == ["Tale med chefen"]


def test_it_shows_a_facilitator_the_rooms_they_run_with_their_counts(
    services: Services,
) -> None:
    room = [Someone(f"UROOM{n}", "Godt") for n in range(6)]
    workshop = make_room(services, PERNILLE, room)

    home = service.home(services, PERNILLE, everyone, "da")

    (facilitated,) = home.facilitated
    assert facilitated.workshop_id == workshop.id
    assert (facilitated.joined, facilitated.completed) == (6, 6)
    assert facilitated.open and facilitated.unreachable == ()
    assert home.may_create
    assert home.workshops == ()


def test_it_names_the_guests_the_workshops_team_cannot_reach(services: Services) -> None:
    workshop = make_room(services, PERNILLE, [])
    with transaction(services.sessions) as session:
        found = session.get_one(Workshop, workshop.id)
        people.join(session, found, Person.slack(TEAM, "UGUEST"), NOW, home_team_id="T_ELSEWHERE")
        people.join(session, found, Person.slack(TEAM, "UREACHED"), NOW, home_team_id="T_INSTALLED")
    asked: list[tuple[str, str]] = []

    def reaches(host_team: str, home_team: str) -> bool:
        asked.append((host_team, home_team))
        return home_team == "T_INSTALLED"

    home = service.home(services, PERNILLE, reaches, "da")

    assert home.facilitated[0].unreachable == ("UGUEST",)
    assert sorted(asked) == [(TEAM, "T_ELSEWHERE"), (TEAM, "T_INSTALLED")]


def test_it_shows_the_home_in_the_language_the_person_chose(services: Services) -> None:
    with transaction(services.sessions) as session:
        workspaces.upsert_profile(session, ANNA, now=NOW, locale="da-DK", fetched=True)

    service.set_language(services, ANNA, "en")

    assert service.home(services, ANNA, everyone).lang == "en"
    assert service.home(services, ANNA, everyone, "da").lang == "da"
