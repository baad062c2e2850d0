"""Loading summary records: scoped by team, and a fixed handful of queries whatever the size."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, update

from flows.factors import tag_factors
from storage.db import transaction
from storage.models import Answer, NextStep, Participant
from storage.repositories import factor_tags
from storage.repositories import summaries as repo
from tests.support.factories import make_workshop

NOW = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)


def _fill(session: Any, workshop: Any, people: int) -> None:
    participants = [
        Participant(
            team_id=workshop.team_id,
            workshop_id=workshop.id,
            user_id=f"U{n:05d}",
            named=n == 0,
            joined_at=NOW,
        )
        for n in range(people)
    ]
    session.add_all(participants)
    session.flush()
    for p in participants:
        session.add(
            Answer(
                participant_id=p.id,
                step_id="hard",
                question_id="hard",
                value={"text": "Politisk opbakning"},
                updated_at=NOW,
            )
        )
        session.add(
            NextStep(
                participant_id=p.id,
                position=1,
                text="Tale med udvalget",
                target_date=None,
                status="open",
                created_at=NOW,
                updated_at=NOW,
            )
        )
    session.flush()


def _count_statements(sessions: Any, team: str, ids: list[int]) -> tuple[int, Any]:
    engine = sessions.kw["bind"]
    seen: list[str] = []

    def before(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", before)
    try:
        with transaction(sessions) as session:
            records = repo.load_records(session, team, ids)
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(seen), records


def test_it_loads_records_with_the_same_few_queries_for_10_or_300_people(sessions: Any) -> None:
    with transaction(sessions) as session:
        small, big = (
            make_workshop(session, "T1", code="AAAAAA"),
            make_workshop(session, "T1", code="BBBBBB"),
        )
        _fill(session, small, 10)
        _fill(session, big, 300)
        ids = (small.id, big.id)
    few, small_records = _count_statements(sessions, "T1", [ids[0]])
    many, big_records = _count_statements(sessions, "T1", [ids[1]])
    assert few == many <= 6
    assert len(big_records[0].answers) == 300 and len(big_records[0].next_steps) == 300
    assert big_records[0].participation.joined == 300
    named = [a.named_user for a in small_records[0].answers if a.named_user]
    assert named == ["U00000"]


def test_it_leaves_out_workshops_of_another_team(sessions: Any) -> None:
    with transaction(sessions) as session:
        theirs = make_workshop(session, "T2", code="CCCCCC")
        _fill(session, theirs, 3)
        theirs_id = theirs.id
    with transaction(sessions) as session:
        assert repo.load_records(session, "T1", [theirs_id]) == []


def test_records_carry_the_stored_factors_of_tagged_answers_only(sessions: Any) -> None:
    with transaction(sessions) as session:
        workshop = make_workshop(session, "T1", code="DDDDDD")
        _fill(session, workshop, 3)
        factor_tags.catch_up(session)
        workshop_id = workshop.id
        first = session.query(Participant).filter_by(user_id="U00000").one()
        # Saved again and not tagged yet: its old factor rows are still there, and must not
        # be taken for the new text's.
        session.execute(
            update(Answer)
            .where(Answer.participant_id == first.id)
            .values(value={"text": "Vejret var dårligt"}, tagged=False)
        )
        first_id = first.id
    with transaction(sessions) as session:
        (records,) = repo.load_records(session, "T1", [workshop_id])
    factors = {a.participant_id: a.factors for a in records.answers}
    assert factors.pop(first_id) is None
    assert set(factors.values()) == {tag_factors("Politisk opbakning")}
    assert tag_factors("Politisk opbakning")  # the stored rows say something


def test_records_carry_the_word_that_placed_each_stored_factor(sessions: Any) -> None:
    with transaction(sessions) as session:
        workshop = make_workshop(session, "T1", code="EEEEEE")
        _fill(session, workshop, 2)
        factor_tags.catch_up(session)
        workshop_id = workshop.id
    with transaction(sessions) as session:
        (records,) = repo.load_records(session, "T1", [workshop_id])
    assert {a.words for a in records.answers} == {(("political_backing", "Politisk"),)}
