"""The success factors of each written answer, stored when it is saved and counted in SQL.

`/temadag opsummering alle` over a national network's history (a million answers) cannot tag
every barrier text again: each answer's factors are stored beside it (`answer_factors`), and
the cross summary asks the database how many people and answers touch each factor.

Every written answer has a WRITTEN row, plus one row per factor it touches (OTHER when none),
so one grouped query gives both the totals and the per-factor figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, text, tuple_, update
from sqlalchemy.orm import Session

from flows.factors import OTHER, corrected, place_factors
from storage.db import insert as db_insert
from storage.models import Answer, AnswerFactor, Participant
from storage.repositories import factor_corrections

WRITTEN = "*"
WORD_LENGTH = 200
CATCH_UP_BATCH = 2000

_TAGS = cast(Table, AnswerFactor.__table__)
_ANSWERS = cast(Table, Answer.__table__)
_INSERT_TAGS = insert(_TAGS)
_INSERTS_ONCE: dict[str, Any] = {}


def _insert_tags_once(session: Session) -> Any:
    """Tag rows inserted unless there: two processes may catch up on the same answers."""
    dialect = session.get_bind().dialect.name
    statement = _INSERTS_ONCE.get(dialect)
    if statement is None:
        statement = _INSERTS_ONCE[dialect] = db_insert(session, _TAGS).on_conflict_do_nothing()
    return statement


_DELETE_TAGS = delete(_TAGS).where(
    _TAGS.c.participant_id == bindparam("pid"),
    _TAGS.c.question_id.in_(bindparam("qids", expanding=True)),
)


def text_of(value: Mapping[str, Any]) -> str:
    text = value.get("text")
    return text.strip() if isinstance(text, str) else ""


def tag_rows(
    participant_id: int, workshop_id: int, question_id: str, value: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The rows that describe one answer: none when it holds no written text."""
    text = text_of(value)
    if not text:
        return []
    placed: dict[str, str | None] = {WRITTEN: None}
    found = place_factors(text)
    for factor_id in sorted(found):
        placed[factor_id] = found[factor_id]
    if not found:
        placed[OTHER] = None
    return [
        {
            "participant_id": participant_id,
            "question_id": question_id,
            "factor_id": factor_id,
            "workshop_id": workshop_id,
            # A word longer than the column (a run-on compound) is cut, never refused.
            "word": word[:WORD_LENGTH] if word is not None else None,
        }
        for factor_id, word in placed.items()
    ]


def store(
    session: Session,
    participant_id: int,
    workshop_id: int,
    values: Mapping[str, Mapping[str, Any]],
) -> None:
    """Replace the stored factors of these (already saved) answers of one participant."""
    if not values:
        return
    session.execute(_DELETE_TAGS, {"pid": participant_id, "qids": list(values)})
    rows = [
        row
        for question_id, value in values.items()
        for row in tag_rows(participant_id, workshop_id, question_id, value)
    ]
    if rows:
        session.execute(_INSERT_TAGS, rows)


def stored_factors(
    session: Session, workshop_ids: Collection[int]
) -> dict[tuple[int, str], dict[str, str | None]]:
    """Per written answer (participant, question) of these workshops: the factors stored for
    it with the word that placed each (None when stored before the words were), empty when it
    touches none. Only meaningful for answers marked `tagged`: an answer saved again keeps its
    old rows until it is tagged again."""
    found: dict[tuple[int, str], dict[str, str | None]] = defaultdict(dict)
    rows = session.execute(
        select(_TAGS.c.participant_id, _TAGS.c.question_id, _TAGS.c.factor_id, _TAGS.c.word).where(
            _TAGS.c.workshop_id.in_(sorted(workshop_ids))
        )
    )
    for participant_id, question_id, factor_id, word in rows:
        found[participant_id, question_id][factor_id] = word
    return {
        key: {f: word for f, word in factors.items() if f not in (WRITTEN, OTHER)}
        for key, factors in found.items()
        if WRITTEN in factors
    }


# The predicate of ix_answers_untagged, spelled as the index spells it: SQLite uses a partial
# index only for a WHERE that repeats its condition (`tagged = 0` would scan the table).
_UNTAGGED = text("NOT answers.tagged")


def catch_up(
    session: Session, batch: int = CATCH_UP_BATCH, participant_ids: Collection[int] | None = None
) -> int:
    """Tag the answers saved without their factors; how many. These are answers saved by a
    reflection step (tagged after the acknowledgement, see bot.reflection.service) and history
    from before factors were stored. `participant_ids`: only these people's answers.

    Finding them reads the partial index of untagged answers, so when all are tagged this
    costs one index probe. An answer edited while it was being tagged keeps its mark
    (`updated_at` no longer matches) and is tagged again next time.
    """
    done = 0
    while True:
        query = (
            select(
                Answer.id,
                Answer.participant_id,
                Participant.workshop_id,
                Answer.question_id,
                Answer.value,
                Answer.updated_at,
            )
            .join(Participant, Participant.id == Answer.participant_id)
            .where(_UNTAGGED)
            .order_by(Answer.id)
            .limit(batch)
        )
        if participant_ids is not None:
            query = query.where(Answer.participant_id.in_(sorted(participant_ids)))
        found = session.execute(query).all()
        if not found:
            return done
        keys = [(pid, qid) for _, pid, _, qid, _, _ in found]
        session.execute(
            delete(_TAGS).where(tuple_(_TAGS.c.participant_id, _TAGS.c.question_id).in_(keys))
        )
        rows = [
            row for _, pid, wid, qid, value, _ in found for row in tag_rows(pid, wid, qid, value)
        ]
        if rows:
            session.execute(_insert_tags_once(session), rows)
        session.execute(MARK_TAGGED, [{"answer_id": a, "seen": seen} for a, *_, seen in found])
        done += len(found)
        if len(found) < batch:
            return done


MARK_TAGGED = (
    update(_ANSWERS)
    .where(_ANSWERS.c.id == bindparam("answer_id"), _ANSWERS.c.updated_at == bindparam("seen"))
    .values(tagged=True)
)


@dataclass
class FactorCounts:
    """One workshop's written answers to its barrier questions: in total, the answers and the
    people who wrote them; per factor, the answers that touch it."""

    answers: int = 0
    people: int = 0
    factors: dict[str, int] = field(default_factory=dict)  # factor id: answers


def barrier_counts(
    session: Session, questions_by_workshop: Mapping[int, Collection[str]]
) -> dict[int, FactorCounts]:
    """Per workshop: its written barrier answers and the people who wrote them, and the
    answers per factor (an answer counts once for each factor it touches)."""
    # Workshops of one template ask the same barrier questions: one grouped query per set.
    by_questions: dict[frozenset[str], list[int]] = defaultdict(list)
    for workshop_id, question_ids in questions_by_workshop.items():
        if question_ids:
            by_questions[frozenset(question_ids)].append(workshop_id)
    counts = {workshop_id: FactorCounts() for workshop_id in questions_by_workshop}
    tags = _TAGS.c
    for question_ids, workshop_ids in by_questions.items():
        where = (
            tags.workshop_id.in_(sorted(workshop_ids)),
            tags.question_id.in_(sorted(question_ids)),
        )
        # Grouped in the order of ix_answer_factors_count, so the database streams the index
        # instead of sorting (a question's counts are added up here); people are counted
        # only in total, the one figure that needs DISTINCT.
        per_question = session.execute(
            select(tags.workshop_id, tags.factor_id, func.count())
            .where(*where)
            .group_by(tags.workshop_id, tags.question_id, tags.factor_id)
        )
        for workshop_id, factor_id, answers in per_question:
            found = counts[workshop_id]
            if factor_id == WRITTEN:
                found.answers += answers
            else:
                found.factors[factor_id] = found.factors.get(factor_id, 0) + answers
        people = session.execute(
            select(tags.workshop_id, func.count(func.distinct(tags.participant_id)))
            .where(*where, tags.factor_id == WRITTEN)
            .group_by(tags.workshop_id)
        )
        for workshop_id, count in people:
            counts[workshop_id].people = count
        _apply_corrections(session, counts, workshop_ids, question_ids)
    return counts


def _apply_corrections(
    session: Session,
    counts: Mapping[int, FactorCounts],
    workshop_ids: Collection[int],
    question_ids: Collection[str],
) -> None:
    """Count each corrected answer where the facilitator put it: its stored factors out, its
    corrected ones in. Corrections are few, so the hot count above stays as it is."""
    decided = factor_corrections.decisions_of(session, workshop_ids, question_ids)
    if not decided:
        return
    stored: dict[tuple[int, str], tuple[int, set[str]]] = {}
    tags = _TAGS.c
    rows = session.execute(
        select(tags.participant_id, tags.question_id, tags.factor_id, tags.workshop_id).where(
            tuple_(tags.participant_id, tags.question_id).in_(list(decided))
        )
    )
    for participant_id, question_id, factor_id, workshop_id in rows:
        stored.setdefault((participant_id, question_id), (workshop_id, set()))[1].add(factor_id)
    for key, (workshop_id, factors) in stored.items():
        if WRITTEN not in factors:
            continue
        before = factors - {WRITTEN}
        automatic = {f: "" for f in before if f != OTHER}
        after = set(corrected(automatic, decided[key])) or {OTHER}
        found = counts[workshop_id].factors
        for factor_id in before - after:
            found[factor_id] = found.get(factor_id, 0) - 1
            if found[factor_id] <= 0:
                del found[factor_id]
        for factor_id in after - before:
            found[factor_id] = found.get(factor_id, 0) + 1
