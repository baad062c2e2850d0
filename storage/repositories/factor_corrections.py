"""A facilitator's corrections of the grouping by success factor (flows.factors.corrections).

Kept apart from answer_factors, which tagging replaces: a correction outlives every new
tagging. Deleting the answer deletes its corrections (the foreign key, and privacy's explicit
deletes); a correction deletes the workshop's kept `alle` tally through triggers (0015).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from flows.factors import Decision
from flows.identity import Person
from storage.db import insert
from storage.models import Answer, FactorCorrection, Participant

_CORRECTIONS = cast(Table, FactorCorrection.__table__)


@dataclass(frozen=True)
class AnswerRef:
    """A written answer a facilitator may move: whose, to which question, in which workshop."""

    participant_id: int
    question_id: str
    workshop_id: int


def answer_in_workshop(
    session: Session, team_id: str, workshop_id: int, answer_id: int, question_id: str
) -> AnswerRef | None:
    """The answer with this id, only if it answers this question in this workshop of this
    team (a forged id from another workshop or team finds nothing)."""
    row = session.execute(
        select(Answer.participant_id, Answer.question_id)
        .join(Participant, Participant.id == Answer.participant_id)
        .where(
            Answer.id == answer_id,
            Answer.question_id == question_id,
            Participant.workshop_id == workshop_id,
            Participant.team_id == team_id,
        )
    ).first()
    if row is None:
        return None
    return AnswerRef(row.participant_id, row.question_id, workshop_id)


def record(
    session: Session,
    answer: AnswerRef,
    decisions: Sequence[Decision],
    corrector: Person,
    now: datetime,
) -> None:
    """Keep the facilitator's decisions about one answer: one statement, a decision made
    again (the quote moved back) replaced with who made it and when."""
    if not decisions:
        return
    statement = insert(session, _CORRECTIONS)
    statement = statement.on_conflict_do_update(
        index_elements=["participant_id", "question_id", "factor_id"],
        set_={
            "placed": statement.excluded.placed,
            "channel": statement.excluded.channel,
            "user_id": statement.excluded.user_id,
            "corrected_at": statement.excluded.corrected_at,
        },
    )
    session.execute(
        statement,
        [
            {
                "participant_id": answer.participant_id,
                "question_id": answer.question_id,
                "factor_id": factor_id,
                "workshop_id": answer.workshop_id,
                "placed": placed,
                "channel": corrector.channel,
                "user_id": corrector.user_id,
                "corrected_at": now,
            }
            for factor_id, placed in decisions
        ],
    )


def decisions_of(
    session: Session, workshop_ids: Collection[int], question_ids: Collection[str] | None = None
) -> dict[tuple[int, str], tuple[Decision, ...]]:
    """Per corrected answer (participant, question) of these workshops: its decisions."""
    c = _CORRECTIONS.c
    query = select(c.participant_id, c.question_id, c.factor_id, c.placed).where(
        c.workshop_id.in_(sorted(workshop_ids))
    )
    if question_ids is not None:
        query = query.where(c.question_id.in_(sorted(question_ids)))
    found: dict[tuple[int, str], list[Decision]] = defaultdict(list)
    for participant_id, question_id, factor_id, placed in session.execute(
        query.order_by(c.participant_id, c.question_id, c.factor_id)
    ):
        found[participant_id, question_id].append((factor_id, bool(placed)))
    return {key: tuple(decisions) for key, decisions in found.items()}


def delete_for(session: Session, participant_ids: Collection[int]) -> None:
    """These participants' answers' corrections (their data deleted)."""
    if participant_ids:
        session.execute(
            _CORRECTIONS.delete().where(_CORRECTIONS.c.participant_id.in_(sorted(participant_ids)))
        )
