"""Answering a follow-up, driven through the use cases with no channel at all: two weeks after
the theme day, Pernille answers hers (tests/bot/followups/story.py sets the day up)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.followups import service
from bot.services import Services
from flows.i18n import t
from storage.db import transaction
from storage.models import NextStep, OutboxMessage, Participant
from storage.repositories import outbox
from tests.bot.followups.story import (
    KASPER,
    PERNILLE,
    PERNILLES_STEP,
    TWO_WEEKS_ON,
    WAVE,
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


def status_of(services: Services, step_id: int | None) -> str:
    with services.sessions() as session:
        step = session.get(NextStep, step_id)
        assert step is not None
        return step.status


def followups_of(services: Services, participant_id: int) -> list[OutboxMessage]:
    with services.sessions() as session:
        return list(
            session.scalars(
                select(OutboxMessage).where(OutboxMessage.participant_id == participant_id)
            )
        )


def test_it_marks_the_step_done_when_pernille_says_so_from_her_follow_up(
    services: Services, day: ThemeDay
) -> None:
    answered = service.record_status(services, PERNILLE, day.pernille, "done")
    assert answered is not None
    assert answered.show_controls and answered.ask_drop_reason is None
    assert status_of(services, day.pernille.step_id) == "done"
    now = service.followup_now(services, PERNILLE, day.pernille, answered)
    assert now is not None
    (step,) = now.followup.steps
    assert (step.text, step.status) == (PERNILLES_STEP, "done")
    assert now.followup.note == answered.note
    assert t("status.done", "da") in answered.note


def test_it_asks_why_in_one_tap_when_she_drops_a_step(services: Services, day: ThemeDay) -> None:
    answered = service.record_status(services, PERNILLE, day.pernille, "dropped")
    assert answered is not None
    assert answered.ask_drop_reason == day.pernille.step_id


def test_it_changes_nothing_when_someone_else_answers_her_follow_up(
    services: Services, day: ThemeDay
) -> None:
    assert service.record_status(services, KASPER, day.pernille, "done") is None
    assert service.snooze(services, KASPER, day.pernille) is None
    assert service.stop(services, KASPER, day.pernille) is None
    assert service.questions(services, KASPER, day.pernille) is None
    assert status_of(services, day.pernille.step_id) == "open"
    assert followups_of(services, day.pernille.participant_id) == []


def test_it_refuses_a_status_it_does_not_know(services: Services, day: ThemeDay) -> None:
    assert service.record_status(services, PERNILLE, day.pernille, "forgotten") is None
    assert status_of(services, day.pernille.step_id) == "open"


def test_it_sends_the_follow_up_again_in_a_week_when_she_asks_to_be_reminded_later(
    services: Services, day: ThemeDay
) -> None:
    answered = service.snooze(services, PERNILLE, day.pernille)
    assert answered is not None and answered.show_controls
    (row,) = followups_of(services, day.pernille.participant_id)
    assert row.kind == "followup"
    assert row.payload == {
        "participant_id": day.pernille.participant_id,
        "wave": WAVE,
        "snoozed": True,
    }
    assert row.due_at.replace(tzinfo=TWO_WEEKS_ON.tzinfo) >= TWO_WEEKS_ON + timedelta(days=7)


def test_it_cancels_what_was_planned_and_hides_the_buttons_when_she_stops(
    services: Services, day: ThemeDay
) -> None:
    with transaction(services.sessions) as session:
        outbox.enqueue(
            session,
            kind="followup",
            dedupe_key=f"followup:{day.pernille.participant_id}:3m",
            recipient=PERNILLE,
            participant_id=day.pernille.participant_id,
            payload={"participant_id": day.pernille.participant_id, "wave": "3m"},
            due_at=TWO_WEEKS_ON + timedelta(days=70),
            now=TWO_WEEKS_ON,
        )
    answered = service.stop(services, PERNILLE, day.pernille)
    assert answered is not None and not answered.show_controls
    (row,) = followups_of(services, day.pernille.participant_id)
    assert row.cancelled_at is not None
    with services.sessions() as session:
        participant = session.get(Participant, day.pernille.participant_id)
        assert participant is not None and participant.reminders_stopped_at is not None
    # Stopped, she is not reminded later either.
    assert service.snooze(services, PERNILLE, day.pernille) is None


def test_it_keeps_her_answers_to_the_questions_for_the_wave(
    services: Services, day: ThemeDay
) -> None:
    answers = service.FollowUpAnswers(
        helped="  Min leder bakkede op\x00 ",
        obstacles="Tid",
        lights={"networks": "green", "coordinators": "purple"},
    )
    assert service.save_answers(services, PERNILLE, day.pernille, answers) is None
    found = service.questions(services, PERNILLE, day.pernille)
    assert found is not None
    assert found.earlier == {
        "helped": "Min leder bakkede op",
        "obstacles": "Tid",
        "lights": {"networks": "green"},
    }
    assert found.followup.title == "Fra politik til praksis"
