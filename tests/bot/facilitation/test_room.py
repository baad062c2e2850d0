"""The room's screen and QR code as use cases, with no channel: the counts, the factor figures
that appear only in whole minimum groups, the live round, and the links only a facilitator
gets (and only when the site has a public address)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from bot.facilitation import room
from bot.facilitation.rounds import LIVE_FOR
from bot.facilitation.service import Refused
from bot.services import Services
from bot.web.room_links import room_links, screen_token, screen_workshop_id
from flows.identity import Person
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import participants as people
from storage.repositories import rounds as round_repo
from storage.repositories import workshops as workshop_repo
from tests.bot.facilitation.room import NOW, TEAM, Someone, channel_free_services, make_room
from tests.support.factories import make_workshop

PERNILLE = Person.slack(TEAM, "UPERNILLE")
OLE = Person.slack(TEAM, "UOLE")
PUBLIC_URL = "https://temadag.example.org"
BACKING = "Politisk opbakning fra udvalget gjorde forskellen for os."


def room_of(size: int, *, first: int = 0) -> list[Someone]:
    return [
        Someone(f"UROOM{number}", BACKING, light=("green", "yellow", "red")[number % 3])
        for number in range(first, first + size)
    ]


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    yield from channel_free_services(database_url, clock=lambda: NOW, public_url=PUBLIC_URL)


def add_people(services: Services, workshop: Workshop, room_people: list[Someone]) -> None:
    """More of the room answer (joined and completed, as `make_room` writes them)."""
    with transaction(services.sessions) as session:
        found = session.get_one(Workshop, workshop.id)
        for someone in room_people:
            participant, _ = people.join(session, found, Person.slack(TEAM, someone.user_id), NOW)
            reflection = people.start_reflection(session, participant, "health_policy", 1, NOW)
            values: dict[str, dict[str, Any]] = {
                "succeeded": {"text": someone.succeeded},
                "lights": {"lights": {"political_backing": someone.light}},
            }
            people.save_answers(session, participant, "seed", values, [], NOW)
            reflection.status = "completed"
            reflection.completed_at = NOW


def just_joined(services: Services, workshop: Workshop, user_id: str) -> None:
    with transaction(services.sessions) as session:
        found = session.get_one(Workshop, workshop.id)
        people.join(session, found, Person.slack(TEAM, user_id), NOW)


def test_it_counts_who_joined_and_who_finished_without_figures_below_the_minimum(
    services: Services,
) -> None:
    workshop = make_room(services, PERNILLE, room_of(3))
    just_joined(services, workshop, "UNEWCOMER")

    shown = room.screen(services, workshop.id)

    assert shown is not None
    assert (shown.joined, shown.answered, shown.min_group) == (4, 3, 5)
    assert not shown.reached
    assert shown.factors == ()
    assert shown.open and shown.round is None


def test_it_shows_each_factors_lights_and_mentions_once_the_minimum_group_has_answered(
    services: Services,
) -> None:
    workshop = make_room(services, PERNILLE, room_of(6))

    shown = room.screen(services, workshop.id)

    assert shown is not None and shown.reached
    by_factor = {row.factor_id: row for row in shown.factors}
    assert len(by_factor) == 8  # every factor was given lights
    # Only the first five count: figures move in whole groups of five, not per person.
    assert all(row.lights is not None and sum(row.lights) == 5 for row in shown.factors)
    assert by_factor["political_backing"].lights == (2, 2, 1)
    assert by_factor["political_backing"].mentions == 5
    # No one wrote of coordinators: their lights show, their mentions do not exist.
    assert by_factor["coordinators"].mentions is None


def test_it_hides_a_factor_mentioned_by_fewer_than_the_minimum_group(services: Services) -> None:
    room_people = room_of(10)
    room_people[0] = replace(room_people[0], succeeded="Koordinatorerne drev processen fremad.")
    workshop = make_room(services, PERNILLE, room_people)

    shown = room.screen(services, workshop.id)

    assert shown is not None
    by_factor = {row.factor_id: row for row in shown.factors}
    assert by_factor["political_backing"].mentions == 9
    assert by_factor["coordinators"].mentions is None


def test_its_figures_change_only_when_a_whole_group_more_has_answered(services: Services) -> None:
    workshop = make_room(services, PERNILLE, [])
    add_people(services, workshop, room_of(5))
    first = room.screen(services, workshop.id)
    add_people(services, workshop, room_of(4, first=5))
    same = room.screen(services, workshop.id)
    add_people(services, workshop, room_of(1, first=9))
    next_group = room.screen(services, workshop.id)

    assert first is not None and same is not None and next_group is not None
    assert (first.answered, same.answered, next_group.answered) == (5, 9, 10)
    assert first.factors == same.factors
    assert [row.lights for row in first.factors] == [(2, 2, 1)]
    assert [row.lights for row in next_group.factors] == [(4, 3, 3)]
    assert [row.mentions for row in next_group.factors] == [10]


def test_it_shows_the_live_round_and_how_many_answered_it(services: Services) -> None:
    workshop = make_room(services, PERNILLE, room_of(2))
    with transaction(services.sessions) as session:
        found = session.get_one(Workshop, workshop.id)
        round_repo.create_round(session, found, "preparation", PERNILLE.user_id, NOW)
        someone = people.find_participant(session, found, Person.slack(TEAM, "UROOM0"))
        assert someone is not None
        answer = {"preparation": {"text": "En plan for sundhedsudvalget."}}
        people.save_answers(session, someone, "preparation", answer, [], NOW)

    shown = room.screen(services, workshop.id)

    assert shown is not None and shown.round is not None
    assert shown.round.step.id == "preparation"
    assert shown.round.answers == 1


def test_it_leaves_out_a_round_of_yesterday_and_any_round_once_closed(services: Services) -> None:
    workshop = make_room(services, PERNILLE, room_of(2))
    with transaction(services.sessions) as session:
        found = session.get_one(Workshop, workshop.id)
        old = NOW - LIVE_FOR - timedelta(minutes=1)
        round_repo.create_round(session, found, "preparation", PERNILLE.user_id, old)
    stale = room.screen(services, workshop.id)
    with transaction(services.sessions) as session:
        found = session.get_one(Workshop, workshop.id)
        round_repo.create_round(session, found, "communication", PERNILLE.user_id, NOW)
    live = room.screen(services, workshop.id)
    with transaction(services.sessions) as session:
        workshop_repo.close_workshop(session, TEAM, workshop.id, NOW)
    closed = room.screen(services, workshop.id)

    assert stale is not None and stale.round is None
    assert live is not None and live.round is not None
    assert live.round.step.id == "communication"
    assert closed is not None and not closed.open and closed.round is None


def test_it_gives_nothing_for_a_workshop_that_is_gone(services: Services) -> None:
    assert room.screen(services, 987654) is None


def test_it_gives_a_facilitator_the_web_link_the_qr_code_and_the_screen_link(
    services: Services,
) -> None:
    workshop = make_room(services, PERNILLE, room_of(1))

    found = room.room_qr(services, PERNILLE, None, "da")

    assert not isinstance(found, Refused)
    assert found.links.workshop == f"{PUBLIC_URL}/k/{workshop.code}"
    assert found.links.qr_png == f"{PUBLIC_URL}/k/{workshop.code}/qr.png"
    token = found.links.screen.rsplit("/", 1)[-1]
    assert found.links.screen == f"{PUBLIC_URL}/skaerm/{token}"
    assert screen_workshop_id(services.settings.web_secret, token) == workshop.id
    assert found.png.startswith(b"\x89PNG")
    assert found.svg.startswith(b"<svg")
    assert found.links.workshop in room.qr_message(found, "da")


def test_it_refuses_the_qr_code_to_anyone_but_the_facilitator(services: Services) -> None:
    workshop = make_room(services, PERNILLE, room_of(1))

    assert isinstance(room.room_qr(services, OLE, workshop.code, "da"), Refused)
    assert isinstance(room.room_qr(services, OLE, None, "da"), Refused)


def test_it_says_there_is_no_web_link_without_a_public_address(database_url: str) -> None:
    for services in channel_free_services(database_url):
        workshop = make_room(services, PERNILLE, room_of(1))

        found = room.room_qr(services, PERNILLE, None, "da")

        assert isinstance(found, Refused)
        assert "PUBLIC_URL" in found.text
        assert room_links(services.settings, workshop.id, workshop.code) is None


def test_a_screen_token_is_the_workshop_signed_and_nothing_else_opens_it(
    services: Services,
) -> None:
    secret = services.settings.web_secret
    token = screen_token(secret, 42)

    assert screen_token(secret, 42) == token  # the same link every time it is shown
    assert screen_workshop_id(secret, token) == 42
    assert screen_workshop_id(b"another secret of thirty-two bytes!", token) is None
    # A changed signature (its first character: the last one's low bits are padding, which a
    # decoder may ignore) opens nothing.
    payload, signature = token.rsplit(".", 1)
    forged = payload + "." + ("A" if signature[0] != "A" else "B") + signature[1:]
    assert screen_workshop_id(secret, forged) is None
    assert screen_workshop_id(secret, "not-a-token") is None


def test_a_qr_image_is_found_by_a_code_typed_any_way(services: Services) -> None:
    with transaction(services.sessions) as session:
        make_workshop(session, "T9", code="QRKD23")

    assert room.workshop_code(services, " qrk-d23 ") == "QRKD23"
    assert room.workshop_code(services, "ZZZZZZ") is None
    assert room.workshop_code(services, "<script>") is None
