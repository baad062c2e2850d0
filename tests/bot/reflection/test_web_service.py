"""The web participant's use cases with no channel in between: joining by code alone, the page
a browser shows, the steps reached, the closing words, the personal link, and the facilitator's
summary counting web and Slack participants alike."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.facilitation import service as facilitation
from bot.privacy import service as privacy
from bot.reflection import service
from bot.reflection.screens import Done, Screen, StepContext
from bot.services import Services
from flows.identity import Channel
from storage.db import transaction
from storage.repositories import web as web_links
from storage.repositories.workspaces import get_profile
from tests.bot.usecases import FACILITATOR, code_of, make_workshop, person, services_on
from tests.support.people import STEP_ANSWERS

PERNILLE = person("UPERNILLE")


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    yield from services_on(tmp_path)


def step(screen: Screen | None) -> StepContext:
    assert isinstance(screen, StepContext), screen
    return screen


def test_it_finds_a_workshop_by_its_code_alone_whatever_was_typed(services: Services) -> None:
    workshop_id = make_workshop(services)
    code = code_of(services, workshop_id)

    door = service.find_workshop(services, f" {code[:3].lower()}-{code[3:]} ")

    assert door is not None and door.workshop_id == workshop_id and door.is_open
    assert service.find_workshop(services, "ZZZZZZ") is None
    assert service.find_workshop(services, "not a code") is None


@pytest.mark.parametrize("template_id", ["health_policy", "end_of_day"])
def test_the_personal_link_works_exactly_as_long_as_the_notice_says_the_answers_are_kept(
    services: Services, template_id: str
) -> None:
    workshop_id = make_workshop(services, template_id=template_id)
    notice = privacy.notice(services, code_of(services, workshop_id), "da")
    assert notice is not None and notice.deleted_on is not None
    joined = service.join_web(services, workshop_id, "da", None)
    assert joined is not None
    last_moment = datetime.combine(notice.deleted_on, time(23, 59), UTC)

    with transaction(services.sessions) as session:
        kept = web_links.look_up(session, joined.token, last_moment, web_links.Purpose.PERSONAL)
        after = web_links.look_up(
            session, joined.token, last_moment + timedelta(minutes=1), web_links.Purpose.PERSONAL
        )

    assert kept.state is web_links.State.VALID
    assert after.state is web_links.State.EXPIRED


def test_it_joins_a_new_web_person_of_the_workshops_team_with_a_hashed_personal_link(
    services: Services,
) -> None:
    workshop_id = make_workshop(services)

    joined = service.join_web(services, workshop_id, "en", "Europe/Copenhagen")

    assert joined is not None
    assert joined.person.channel is Channel.WEB and joined.person.team_id == "T1"
    with transaction(services.sessions) as session:
        found = web_links.look_up(
            session, joined.token, services.clock(), web_links.Purpose.PERSONAL
        )
        assert found.state is web_links.State.VALID and found.person == joined.person
        profile = get_profile(session, joined.person)
        assert profile is not None and (profile.language_pref, profile.tz) == (
            "en",
            "Europe/Copenhagen",
        )


def test_it_refuses_to_join_a_closed_workshop(services: Services) -> None:
    workshop_id = make_workshop(services)
    assert facilitation.close(services, person(FACILITATOR), workshop_id) is not None

    assert service.join_web(services, workshop_id, "da", None) is None


def test_it_opens_only_steps_the_person_has_reached(services: Services) -> None:
    workshop_id = make_workshop(services)
    joined = service.join_web(services, workshop_id, "da", None)
    assert joined is not None
    page = service.page(services, joined.person, workshop_id, "da")
    assert page is not None
    first = step(page.screen)
    service.submit(services, joined.person, first.meta, STEP_ANSWERS[0])

    assert step(service.step_page(services, joined.person, workshop_id, 0, "da")).index == 0
    assert service.step_page(services, joined.person, workshop_id, 3, "da") is None
    assert service.page(services, PERNILLE, workshop_id, "da") is None


def test_it_says_the_closing_words_only_once_the_reflection_is_complete(
    services: Services,
) -> None:
    workshop_id = make_workshop(services)
    joined = service.join_web(services, workshop_id, "da", None)
    assert joined is not None
    assert service.finished(services, joined.person, workshop_id, "da") is None
    page = service.page(services, joined.person, workshop_id, "da")
    assert page is not None
    shown: Screen | None = page.screen
    for values in STEP_ANSWERS:
        submitted = service.submit(services, joined.person, step(shown).meta, values)
        shown = submitted.screen
        if isinstance(shown, StepContext) and shown.hints:
            shown = service.submit(services, joined.person, shown.meta, values).screen

    done = service.finished(services, joined.person, workshop_id, "da")
    assert isinstance(done, Done) and done.wrote_next_steps


def test_it_counts_a_web_and_a_slack_participant_alike_in_the_summary(
    services: Services,
) -> None:
    workshop_id = make_workshop(services)
    joined = service.join_web(services, workshop_id, "da", None)
    assert joined is not None
    started = service.start(services, PERNILLE, workshop_id)
    for someone, first in (
        (joined.person, step(service.page(services, joined.person, workshop_id, "da").screen)),  # type: ignore[union-attr]
        (PERNILLE, step(started.screen)),
    ):
        service.submit(services, someone, first.meta, STEP_ANSWERS[0])

    summary = facilitation.summary(services, person(FACILITATOR), workshop_id)

    assert summary is not None
    participation = summary.summary.workshop.participation
    assert (participation.joined, participation.started) == (2, 2)
    municipalities = next(q for q in summary.summary.questions if q.question.id == "municipality")
    assert municipalities.count == 2


def test_it_opens_the_personal_link_to_the_persons_workshops(services: Services) -> None:
    workshop_id = make_workshop(services)
    joined = service.join_web(services, workshop_id, "da", None)
    assert joined is not None

    found = service.personal(services, joined.token, "en")

    assert found.state is web_links.State.VALID and found.person == joined.person
    assert [own.workshop_id for own in found.workshops] == [workshop_id]
    assert found.lang == "da"
    assert service.personal(services, "nope", "en").state is web_links.State.UNKNOWN
