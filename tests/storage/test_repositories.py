"""Repositories on both databases: SQLite (embedded default) and a real PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from flows.engine import Progress
from flows.identity import Person
from storage.db import transaction
from storage.migrate import upgrade
from storage.models import Answer, NextStep, NextStepUpdate, Participant, Workshop
from storage.repositories import events, participants, workshops
from storage.repositories.participants import NextStepInput
from storage.repositories.workshops import NewWorkshop
from tests.support.factories import make_workshop

NOW = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)
codes = (f"CODE{n:02d}" for n in count())


def new_workshop(session: Session, team: str = "T1", **changes: object) -> Workshop:
    defaults: dict[str, object] = {
        "title": "Fra politik til praksis",
        "co_facilitators": ("UCO", "UFAC"),
    }
    return make_workshop(session, team, code=next(codes), now=NOW, **(defaults | changes))


def test_migrating_twice_is_harmless(database_url: str) -> None:
    upgrade(database_url)
    upgrade(database_url)


def test_a_workshop_is_found_by_code_only_in_its_own_team(sessions) -> None:
    with transaction(sessions) as session:
        workshop = new_workshop(session)
        code = workshop.code
    with transaction(sessions) as session:
        assert workshops.find_by_code(session, "T1", code) is not None
        assert workshops.find_by_code(session, "T2", code) is None
        found = workshops.get_workshop(session, "T1", workshop.id)
        assert found is not None
        assert sorted(f.user_id for f in found.facilitators) == ["UCO", "UFAC"]
        assert workshops.get_workshop(session, "T2", workshop.id) is None


def test_a_taken_code_is_never_reused(sessions) -> None:
    offered = iter(["SAME01", "SAME01", "OTHER1"])
    spec = NewWorkshop("A", date(2026, 10, 17), "C1", "da", "health_policy", 1, "U1")
    with transaction(sessions) as session:
        first = workshops.create_workshop(
            session, "T1", spec, now=NOW, make_code=lambda: next(offered)
        )
        second = workshops.create_workshop(
            session, "T1", spec, now=NOW, make_code=lambda: next(offered)
        )
    assert (first.code, second.code) == ("SAME01", "OTHER1")


def test_joining_twice_is_the_same_as_once(sessions) -> None:
    with transaction(sessions) as session:
        workshop = new_workshop(session)
        first, created = participants.join(
            session, workshop, Person.slack(workshop.team_id, "UP"), NOW
        )
        again, created_again = participants.join(
            session, workshop, Person.slack(workshop.team_id, "UP"), NOW
        )
        assert (created, created_again) == (True, False)
        assert first.id == again.id
        assert session.scalar(select(func.count(Participant.id))) == 1


def test_saved_progress_is_in_the_row_and_in_the_loaded_object(sessions) -> None:
    later = NOW + timedelta(minutes=5)
    with transaction(sessions) as session:
        workshop = new_workshop(session)
        person, _ = participants.join(session, workshop, Person.slack(workshop.team_id, "UP"), NOW)
        reflection = participants.start_reflection(session, person, "health_policy", 1, NOW)
        participants.save_progress(session, reflection, Progress(4, "completed", later), later)
        assert participants.progress_of(reflection) == Progress(4, "completed", later)
        assert reflection.updated_at == later
        assert not session.dirty  # nothing left for a flush to write again
    with transaction(sessions) as session:
        found = participants.membership_in(session, Person.slack("T1", "UP"), workshop.id)
        assert found is not None and found[2] is not None
        assert participants.progress_of(found[2]) == Progress(4, "completed", later)
        assert found[2].updated_at == later


def test_answers_upsert_and_an_emptied_optional_answer_disappears(sessions) -> None:
    with transaction(sessions) as session:
        participant, _ = participants.join(
            session, new_workshop(session), Person.slack("T1", "UP"), NOW
        )
        participants.save_answers(
            session,
            participant,
            "why",
            {"why": {"text": "a"}, "methods": {"text": "b"}},
            ["why", "methods"],
            NOW,
        )
        participants.save_answers(
            session,
            participant,
            "why",
            {"why": {"text": "c"}},
            ["why", "methods"],
            NOW + timedelta(minutes=1),
        )
        assert participants.answers_of(session, participant.id) == {"why": {"text": "c"}}
        assert session.scalar(select(func.count(Answer.id))) == 1


def test_editing_next_steps_keeps_their_identity_and_history(sessions) -> None:
    with transaction(sessions) as session:
        participant, _ = participants.join(
            session, new_workshop(session), Person.slack("T1", "UP"), NOW
        )
        participants.replace_next_steps(
            session,
            participant,
            [
                NextStepInput(1, "Besøg chefgruppen", date(2026, 12, 1)),
                NextStepInput(2, "Årshjul", None),
            ],
            NOW,
        )
        first = participants.next_steps_of(session, participant.id)[0]
        participants.record_status(session, first, "under_way", "2w", NOW)
        participants.replace_next_steps(
            session,
            participant,
            [NextStepInput(1, "Besøg chefgruppen i B&U", date(2026, 12, 1))],
            NOW,
        )
        steps = participants.next_steps_of(session, participant.id)
        assert [(s.id, s.text, s.status) for s in steps] == [
            (first.id, "Besøg chefgruppen i B&U", "under_way")
        ]
        assert session.scalar(select(func.count(NextStepUpdate.id))) == 1


def test_deleting_a_workshop_cascades_to_everything_personal(sessions) -> None:
    with transaction(sessions) as session:
        workshop = new_workshop(session)
        participant, _ = participants.join(
            session, workshop, Person.slack(workshop.team_id, "UP"), NOW
        )
        participants.start_reflection(session, participant, "health_policy", 1, NOW)
        participants.save_answers(
            session, participant, "hard", {"hard": {"text": "x"}}, ["hard"], NOW
        )
        participants.replace_next_steps(session, participant, [NextStepInput(1, "y", None)], NOW)
        session.delete(workshop)
    with sessions() as session:
        for model in (Participant, Answer, NextStep):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_an_event_is_processed_once_and_old_keys_are_forgotten(sessions) -> None:
    with transaction(sessions) as session:
        assert events.first_time(session, "event:Ev1", NOW)
        assert not events.first_time(session, "event:Ev1", NOW)
        assert events.forget_before(session, NOW + timedelta(seconds=1)) == 1
        assert events.first_time(session, "event:Ev1", NOW)


def test_participation_counts_joined_started_and_completed(sessions) -> None:
    with transaction(sessions) as session:
        workshop = new_workshop(session)
        for user in ("U1", "U2", "U3"):
            participants.join(session, workshop, Person.slack(workshop.team_id, user), NOW)
        p2, _ = participants.join(session, workshop, Person.slack(workshop.team_id, "U2"), NOW)
        p3, _ = participants.join(session, workshop, Person.slack(workshop.team_id, "U3"), NOW)
        participants.start_reflection(session, p2, "health_policy", 1, NOW)
        reflection = participants.start_reflection(session, p3, "health_policy", 1, NOW)
        reflection.completed_at = NOW
        session.flush()
        counts = workshops.participation(session, [workshop.id])[workshop.id]
        assert (counts.joined, counts.started, counts.completed) == (3, 2, 1)


def test_times_come_back_as_aware_utc(sessions) -> None:
    with transaction(sessions) as session:
        workshop = new_workshop(session)
    with sessions() as session:
        loaded = session.get(Workshop, workshop.id)
        assert loaded.created_at == NOW and loaded.created_at.tzinfo is not None
