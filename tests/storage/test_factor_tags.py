"""Stored factor tags: written with each answer, caught up for history, counted in SQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, insert, select

from flows.factors import OTHER, tag_factors
from flows.identity import Person
from storage.db import transaction
from storage.models import Answer, AnswerFactor, Participant
from storage.repositories import factor_tags, summaries
from storage.repositories import participants as people
from tests.support.factories import make_workshop

NOW = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)
BACKING = "Vi fik politisk opbakning i sundhedsudvalget"
NOTHING = "Kaffen var god"


def _workshop(session: Any, code: str, min_group_size: int = 5) -> Any:
    return make_workshop(session, "T1", code=code, min_group_size=min_group_size)


def _person(session: Any, workshop: Any, user: str) -> Participant:
    participant, _ = people.join(session, workshop, Person.slack(workshop.team_id, user), NOW)
    return participant


def _tags(session: Any, participant_id: int) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for question_id, factor_id in session.execute(
        select(AnswerFactor.question_id, AnswerFactor.factor_id).where(
            AnswerFactor.participant_id == participant_id
        )
    ):
        found.setdefault(question_id, set()).add(factor_id)
    return found


def test_saving_an_answer_stores_its_factors_and_an_edit_replaces_them(sessions: Any) -> None:
    with transaction(sessions) as session:
        person = _person(session, _workshop(session, "AAAAAA"), "U1")
        people.save_answers(session, person, "hard", {"hard": {"text": BACKING}}, [], NOW)
        first = _tags(session, person.id)
        people.save_answers(session, person, "hard", {"hard": {"text": NOTHING}}, [], NOW)
        second = _tags(session, person.id)
    assert first == {"hard": {factor_tags.WRITTEN, *tag_factors(BACKING)}}
    assert tag_factors(BACKING)  # the sentence does touch a factor
    assert second == {"hard": {factor_tags.WRITTEN, OTHER}}


def test_an_answer_removed_takes_its_factors_with_it(sessions: Any) -> None:
    with transaction(sessions) as session:
        person = _person(session, _workshop(session, "AAAAAA"), "U1")
        people.save_answers(session, person, "hard", {"hard": {"text": BACKING}}, [], NOW)
        people.save_answers(session, person, "hard", {}, ["hard"], NOW)
        assert _tags(session, person.id) == {}
        assert people.answers_of(session, person.id) == {}


def test_answers_without_text_get_no_factor_rows(sessions: Any) -> None:
    with transaction(sessions) as session:
        person = _person(session, _workshop(session, "AAAAAA"), "U1")
        values: dict[str, dict[str, Any]] = {
            "lights": {"lights": {"legitimacy": "green"}},
            "why": {"text": "  "},
        }
        people.save_answers(session, person, "s", values, [], NOW)
        assert _tags(session, person.id) == {}


def test_catch_up_tags_answers_saved_before_factors_were_stored(sessions: Any) -> None:
    with transaction(sessions) as session:
        workshop = _workshop(session, "AAAAAA")
        persons = [_person(session, workshop, f"U{n}") for n in range(5)]
        # As history from before the migration, or a bulk load: no tags, not marked tagged.
        session.execute(
            insert(Answer),
            [
                {
                    "participant_id": p.id,
                    "step_id": "hard",
                    "question_id": "hard",
                    "value": {"text": BACKING},
                    "updated_at": NOW,
                }
                for p in persons
            ],
        )
        assert factor_tags.catch_up(session, batch=2) == 5
        assert factor_tags.catch_up(session) == 0
        assert all(_tags(session, p.id) == {"hard": {"*", *tag_factors(BACKING)}} for p in persons)


def test_barrier_counts_count_answers_per_factor_and_people_in_total(sessions: Any) -> None:
    with transaction(sessions) as session:
        workshop = _workshop(session, "AAAAAA")
        one, two = _person(session, workshop, "U1"), _person(session, workshop, "U2")
        # One person writes the same factor in two barrier questions: two answers, one person.
        people.save_answers(
            session, one, "s", {"hard": {"text": BACKING}, "hard2": {"text": BACKING}}, [], NOW
        )
        people.save_answers(session, two, "s", {"hard": {"text": NOTHING}}, [], NOW)
        people.save_answers(session, two, "s", {"easy": {"text": BACKING}}, [], NOW)
        counts = factor_tags.barrier_counts(session, {workshop.id: {"hard", "hard2"}})[workshop.id]
    factor = next(iter(tag_factors(BACKING)))
    assert (counts.answers, counts.people) == (3, 2)
    assert counts.factors[factor] == 2
    assert counts.factors[OTHER] == 1


def test_the_cross_summary_load_reads_a_fixed_handful_of_statements(sessions: Any) -> None:
    with transaction(sessions) as session:
        ids = []
        for n, size in enumerate((3, 40)):
            workshop = _workshop(session, f"AAAAA{n}")
            ids.append(workshop.id)
            for k in range(size):
                person = _person(session, workshop, f"U{n}-{k}")
                people.save_answers(session, person, "s", {"hard": {"text": BACKING}}, [], NOW)
    engine = sessions.kw["bind"]
    seen: list[str] = []

    def before(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", before)
    try:
        with transaction(sessions) as session:
            loaded = summaries.load_barrier_counts(session, "T1", ids, lambda _: {"hard"}, NOW)
    finally:
        event.remove(engine, "before_cursor_execute", before)
    # One more than before the grouping could be corrected: the corrections, read once.
    assert len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) <= 7
    by_size = sorted((records.participation.joined, counts.people) for records, counts in loaded)
    assert by_size == [(3, 3), (40, 40)]
    # Only the catch-up of untagged answers (none here) looks at answer values.
    assert len([s for s in seen if "answers.value" in s]) == 1


def test_answers_saved_untagged_are_tagged_later_for_the_people_asked_about(
    sessions: Any,
) -> None:
    with transaction(sessions) as session:
        workshop = _workshop(session, "TAG001")
        one, two = _person(session, workshop, "U1"), _person(session, workshop, "U2")
        for person in (one, two):
            values = {"hard": {"text": BACKING}}
            people.save_answers(session, person, "hard", values, [], NOW, tag=False)
        assert _tags(session, one.id) == {}
    with transaction(sessions) as session:
        assert factor_tags.catch_up(session, participant_ids={one.id}) == 1
        assert _tags(session, one.id) == {"hard": {factor_tags.WRITTEN, *tag_factors(BACKING)}}
        assert _tags(session, two.id) == {}
    with transaction(sessions) as session:
        # Two processes catching up on the same answers: the second finds nothing to add.
        assert factor_tags.catch_up(session) == 1
        assert factor_tags.catch_up(session) == 0
        assert _tags(session, two.id) == {"hard": {factor_tags.WRITTEN, *tag_factors(BACKING)}}


def test_an_answer_edited_after_it_was_read_for_tagging_stays_untagged(sessions: Any) -> None:
    with transaction(sessions) as session:
        person = _person(session, _workshop(session, "TAG002"), "U1")
        people.save_answers(
            session, person, "hard", {"hard": {"text": BACKING}}, [], NOW, tag=False
        )
        read_at = session.scalar(select(Answer.updated_at))
        later = datetime(2026, 10, 17, 9, 5, tzinfo=UTC)
        people.save_answers(
            session, person, "hard", {"hard": {"text": NOTHING}}, [], later, tag=False
        )
        # What catch_up does last: mark the answer it read as tagged, if it is unchanged.
        answer_id = session.scalar(select(Answer.id))
        session.execute(factor_tags.MARK_TAGGED, [{"answer_id": answer_id, "seen": read_at}])
        assert session.scalar(select(Answer.tagged)) is False
