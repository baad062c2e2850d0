"""The participant's journey through the reflection's use cases, with no channel in between:
what a Slack modal, a web page or any later channel would show is what these return."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from bot.reflection import service
from bot.reflection.screens import CarryForward, Done, Notice, Review, Screen, StepContext
from bot.services import Services
from flows.stepref import StepRef
from storage.db import transaction
from storage.models import Answer, Workshop
from storage.repositories import participants as participants_repo
from storage.repositories import rounds, workshops
from tests.bot.usecases import FACILITATOR, TEAM, code_of, make_workshop, person, services_on
from tests.support.people import STEP_ANSWERS as ANSWERS

PERNILLE = person("UPERNILLE")
SECOND_DAY = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    yield from services_on(tmp_path)


def step(screen: Screen | None) -> StepContext:
    assert isinstance(screen, StepContext), screen
    return screen


def joined(services: Services, workshop_id: int) -> StepContext:
    started = service.start(services, PERNILLE, workshop_id)
    assert started.refusal is None
    return step(started.screen)


def answer(services: Services, shown: StepContext, values: dict[str, Any]) -> Screen | None:
    submitted = service.submit(services, PERNILLE, shown.meta, values)
    assert submitted.errors is None, submitted.errors
    return submitted.screen


def answer_all(services: Services, workshop_id: int) -> Screen | None:
    shown: Screen | None = joined(services, workshop_id)
    for values in ANSWERS:
        shown = answer(services, step(shown), values)
    return shown


def answers_stored(services: Services) -> int:
    with transaction(services.sessions) as session:
        return session.scalar(select(func.count(Answer.id))) or 0


def close(services: Services, workshop_id: int) -> None:
    with transaction(services.sessions) as session:
        workshops.close_workshop(session, TEAM, workshop_id, services.clock())


def test_it_resumes_at_the_step_where_the_person_stopped(services: Services) -> None:
    workshop_id = make_workshop(services)
    first = joined(services, workshop_id)
    assert (first.index, first.total, first.workshop_title) == (0, 6, "Fra politik til praksis")

    second = step(answer(services, first, ANSWERS[0]))
    third = step(answer(services, second, ANSWERS[1]))
    assert third.index == 2

    # Pernille leaves; later she comes back from her home tab, or asks for her reflection.
    for back_again in (
        service.open_own(services, PERNILLE, workshop_id),
        service.latest(services, PERNILLE, "da"),
    ):
        resumed = step(back_again)
        assert resumed.index == 2
        assert resumed.meta == StepRef(workshop_id, 2)
        assert resumed.answers["succeeded"] == {"text": ANSWERS[1]["succeeded"]}


def test_it_goes_back_one_step_with_the_answers_given(services: Services) -> None:
    workshop_id = make_workshop(services)
    second = step(answer(services, joined(services, workshop_id), ANSWERS[0]))
    third = step(answer(services, second, ANSWERS[1]))

    before = step(service.back(services, PERNILLE, third.meta))
    assert before.index == 1
    assert before.answers["succeeded"] == {"text": ANSWERS[1]["succeeded"]}
    assert service.back(services, PERNILLE, StepRef(workshop_id, 0)) is None


def test_it_keeps_what_was_typed_when_a_step_is_refused(services: Services) -> None:
    workshop_id = make_workshop(services)
    shown = joined(services, workshop_id)
    for values in ANSWERS[:5]:
        shown = step(answer(services, shown, values))
    typed = {"next_steps.1.text": "Noget", "next_steps.1.date": "2020-01-01"}

    refused = service.submit(services, PERNILLE, shown.meta, typed)

    assert refused.errors is not None
    assert "fortiden" in refused.errors["next_steps.1.date"]
    again = step(refused.screen)
    assert (again.index, again.typed) == (shown.index, typed)
    assert again.errors == refused.errors
    assert step(service.open_own(services, PERNILLE, workshop_id)).index == shown.index


def test_it_answers_a_double_submit_of_the_same_step_once(services: Services) -> None:
    workshop_id = make_workshop(services)
    first = joined(services, workshop_id)

    once = step(answer(services, first, ANSWERS[0]))
    twice = step(answer(services, first, ANSWERS[0]))

    assert once == twice
    assert answers_stored(services) == 3  # municipality, role, named: each stored once
    assert step(service.open_own(services, PERNILLE, workshop_id)).index == 1


def test_it_sends_a_step_once_more_when_the_connection_was_lost_on_the_way(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop_id = make_workshop(services)
    first = joined(services, workshop_id)
    seat_in = participants_repo.seat_in
    calls: list[int] = []

    def lost_once(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:  # a server restarted while this connection sat in the pool
            raise OperationalError("SELECT", {}, Exception("closed"), connection_invalidated=True)
        return seat_in(*args)

    monkeypatch.setattr(participants_repo, "seat_in", lost_once)

    following = step(answer(services, first, ANSWERS[0]))

    assert (len(calls), following.index) == (2, 1)
    assert answers_stored(services) == 3


def test_it_keeps_the_typed_text_when_the_database_stays_away(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop_id = make_workshop(services)
    first = joined(services, workshop_id)

    def lost(*_: Any) -> Any:
        raise OperationalError("SELECT", {}, Exception("closed"), connection_invalidated=True)

    monkeypatch.setattr(participants_repo, "seat_in", lost)

    refused = service.submit(services, PERNILLE, first.meta, ANSWERS[0])

    assert refused.errors is not None and refused.screen is None
    assert answers_stored(services) == 0


def test_it_completes_the_reflection_and_opens_the_review_to_edit(services: Services) -> None:
    workshop_id = make_workshop(services)
    shown = joined(services, workshop_id)
    for values in ANSWERS[:5]:
        shown = step(answer(services, shown, values))

    last = service.submit(services, PERNILLE, shown.meta, ANSWERS[5])
    assert isinstance(last.screen, Done)
    assert last.screen.wrote_next_steps
    assert last.refresh_home and last.tag_later

    review = service.open_own(services, PERNILLE, workshop_id)
    assert isinstance(review, Review) and review.editable and not review.closed
    editing = step(service.edit(services, PERNILLE, workshop_id, 2))
    assert editing.meta.edit
    edited = service.submit(services, PERNILLE, editing.meta, {"hard": "Skolerne er svære."})
    assert isinstance(edited.screen, Review)
    assert edited.screen.answers["hard"] == {"text": "Skolerne er svære."}
    assert edited.refresh_home


def test_it_shows_the_review_read_only_when_the_workshop_is_closed(services: Services) -> None:
    workshop_id = make_workshop(services)
    second = step(answer(services, joined(services, workshop_id), ANSWERS[0]))
    third = step(answer(services, second, ANSWERS[1]))
    close(services, workshop_id)

    review = service.open_own(services, PERNILLE, workshop_id)

    assert isinstance(review, Review)
    assert (review.editable, review.closed, review.answered_steps) == (False, True, 2)
    assert review.answers["succeeded"] == {"text": ANSWERS[1]["succeeded"]}
    assert service.edit(services, PERNILLE, workshop_id, 1) is None
    assert service.back(services, PERNILLE, third.meta) is None
    late = service.submit(services, PERNILLE, third.meta, ANSWERS[2])
    assert isinstance(late.screen, Notice) and "lukket" in late.screen.text
    refused = service.start(services, PERNILLE, workshop_id)
    assert refused.screen is None and refused.refusal is not None


def test_it_shows_nothing_of_a_workshop_the_person_is_not_in(services: Services) -> None:
    workshop_id = make_workshop(services)
    shown = joined(services, workshop_id)
    stranger = person("USTRANGER")

    assert service.open_own(services, stranger, workshop_id) is None
    forged = service.submit(services, stranger, shown.meta, ANSWERS[0])
    assert isinstance(forged.screen, Notice)
    assert service.submit(services, PERNILLE, None, ANSWERS[0]).screen == service.stale("da")
    assert answers_stored(services) == 0


def test_it_joins_by_code_and_refuses_an_unknown_code(services: Services) -> None:
    workshop_id = make_workshop(services)
    code = code_of(services, workshop_id)

    found = service.join_by_code(services, PERNILLE, f"{code[:3]}-{code[3:]}".lower(), "da")
    assert step(found.screen).index == 0
    unknown = service.join_by_code(services, PERNILLE, "ZZZ-ZZZ", "da")
    assert unknown.screen is None and unknown.reply is not None and "ZZZ-ZZZ" in unknown.reply


def post_round(services: Services, workshop_id: int, step_id: str) -> int:
    with transaction(services.sessions) as session:
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        return rounds.create_round(session, workshop, step_id, FACILITATOR, services.clock()).id


def test_it_joins_by_a_rounds_button_and_saves_the_rounds_answer(services: Services) -> None:
    workshop_id = make_workshop(services)
    round_id = post_round(services, workshop_id, "preparation")

    shown = step(service.open_round(services, PERNILLE, round_id))
    assert shown.meta.round_id == round_id and shown.step.id == "preparation"
    saved = service.submit(services, PERNILLE, shown.meta, {"preparation": "En handleplan."})
    assert saved.errors is None and saved.screen is None  # the modal closes
    assert saved.round_id == round_id
    assert answers_stored(services) == 1
    # A round's step index cannot be bent into another step of the reflection.
    bent = service.submit(services, PERNILLE, replace(shown.meta, index=1), ANSWERS[1])
    assert bent.screen == service.stale("da")
    assert isinstance(service.open_round(services, PERNILLE, round_id + 99), Notice)


def start_by_button(services: Services, workshop_id: int) -> Screen | None:
    return service.start(services, PERNILLE, workshop_id).screen


def start_by_code(services: Services, workshop_id: int) -> Screen | None:
    return service.join_by_code(services, PERNILLE, code_of(services, workshop_id), "da").screen


def start_after_a_round(services: Services, workshop_id: int) -> Screen | None:
    # A round's button joins without beginning the reflection; the reflection begins later.
    service.open_round(services, PERNILLE, post_round(services, workshop_id, "succeeded"))
    return service.open_own(services, PERNILLE, workshop_id)


@pytest.mark.parametrize("begin", [start_by_button, start_by_code, start_after_a_round])
def test_it_offers_the_steps_carried_from_an_earlier_day_whichever_way_it_starts(
    services: Services, begin: Any
) -> None:
    assert isinstance(answer_all(services, make_workshop(services)), Done)
    services.clock.now = SECOND_DAY  # type: ignore[attr-defined]
    second = make_workshop(services, "Opfølgningsdag", date(2026, 11, 20))

    carry = begin(services, second)

    assert isinstance(carry, CarryForward)
    assert [c.text for c in carry.carried] == [
        "Besøge chefgruppen i Børn og Unge",
        "Lave et årshjul med trafiklys",
    ]
    assert {c.workshop_title for c in carry.carried} == {"Fra politik til praksis"}
    statuses = {carry.carried[0].step_id: "done", carry.carried[1].step_id: "under_way"}
    first_step = step(service.carry_submitted(services, PERNILLE, carry.meta, statuses))
    assert first_step.meta == StepRef(second, 0)
    # Asked once: coming back goes straight to the step.
    assert step(service.open_own(services, PERNILLE, second)).index == 0
