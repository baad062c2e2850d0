"""Closed workshops' barrier counts are kept once counted, and forgotten when their data changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from flows.identity import Person
from storage.db import transaction
from storage.models import BarrierTally
from storage.repositories import participants as people
from storage.repositories import privacy, summaries
from storage.repositories import workshops as workshop_repo
from tests.support.factories import make_workshop

DAY = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)
CLOSED = DAY + timedelta(hours=7)
BACKING = "Vi fik politisk opbakning i sundhedsudvalget"
BARRIERS = {"hard"}


def _closed_workshop_of(sessions: Any, users: list[str], code: str = "KEEP01") -> int:
    with transaction(sessions) as session:
        workshop = make_workshop(session, "T1", code=code, now=DAY, min_group_size=5)
        for user in users:
            person, _ = people.join(session, workshop, Person.slack(workshop.team_id, user), DAY)
            people.save_answers(session, person, "hard", {"hard": {"text": BACKING}}, [], DAY)
        workshop_repo.close_workshop(session, "T1", workshop.id, CLOSED)
        return int(workshop.id)


def _alle(sessions: Any, workshop_id: int, now: datetime, questions: set[str] = BARRIERS) -> Any:
    return _alle_records(sessions, workshop_id, now, questions)[1]


def _alle_records(
    sessions: Any, workshop_id: int, now: datetime, questions: set[str] = BARRIERS
) -> Any:
    with transaction(sessions) as session:
        [found] = summaries.load_barrier_counts(
            session, "T1", [workshop_id], lambda _: questions, now
        )
        return found


def _kept(sessions: Any) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(BarrierTally)) or 0)


def test_a_workshop_closed_an_hour_ago_is_counted_once_and_then_read(sessions: Any) -> None:
    workshop = _closed_workshop_of(sessions, ["U1", "U2", "U3"])
    later = CLOSED + timedelta(hours=2)
    first = _alle(sessions, workshop, later)
    assert _kept(sessions) > 0
    again = _alle(sessions, workshop, later)
    assert (again.answers, again.people, again.factors) == (3, 3, first.factors)
    assert first.factors.get("political_backing") == 3


def test_a_workshop_closed_minutes_ago_is_counted_live_and_not_kept(sessions: Any) -> None:
    workshop = _closed_workshop_of(sessions, ["U1", "U2"])
    counts = _alle(sessions, workshop, CLOSED + timedelta(minutes=10))
    assert (counts.answers, counts.people) == (2, 2)
    assert _kept(sessions) == 0


def test_erasing_a_person_forgets_the_kept_counts_of_their_workshop(sessions: Any) -> None:
    workshop = _closed_workshop_of(sessions, ["U1", "U2", "U3"])
    later = CLOSED + timedelta(hours=2)
    _alle(sessions, workshop, later)
    with transaction(sessions) as session:
        privacy.delete_person(session, Person.slack("T1", "U2"), later)
    assert _kept(sessions) == 0  # the database's trigger, whatever path deleted the answers
    counts = _alle(sessions, workshop, later)
    assert (counts.answers, counts.people) == (2, 2)


def test_someone_leaving_without_a_written_answer_forgets_the_kept_participation(
    sessions: Any,
) -> None:
    workshop = _closed_workshop_of(sessions, ["U1", "U2"])
    with transaction(sessions) as session:
        found = workshop_repo.get_workshop(session, "T1", workshop)
        assert found is not None
        # Joined, wrote nothing.
        person, _ = people.join(session, found, Person.slack(found.team_id, "U3"), DAY)
    later = CLOSED + timedelta(hours=2)
    assert _alle_records(sessions, workshop, later)[0].participation.joined == 3
    with transaction(sessions) as session:
        people.delete_participant_rows(session, [person.id])
    assert _kept(sessions) == 0
    assert _alle_records(sessions, workshop, later)[0].participation.joined == 2


def test_kept_counts_of_other_barrier_questions_are_counted_again(sessions: Any) -> None:
    workshop = _closed_workshop_of(sessions, ["U1", "U2"])
    later = CLOSED + timedelta(hours=2)
    _alle(sessions, workshop, later)
    counts = _alle(sessions, workshop, later, questions={"why"})
    assert (counts.answers, counts.people) == (0, 0)
    assert _alle(sessions, workshop, later).answers == 2


def test_reopening_a_workshop_forgets_its_kept_counts(sessions: Any) -> None:
    workshop = _closed_workshop_of(sessions, ["U1"])
    _alle(sessions, workshop, CLOSED + timedelta(hours=2))
    with transaction(sessions) as session:
        found = workshop_repo.get_workshop(session, "T1", workshop)
        assert found is not None
        found.status = "open"
    assert _kept(sessions) == 0
