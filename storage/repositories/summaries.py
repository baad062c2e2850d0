"""Plain records for summaries and exports, loaded with a few set-based queries.

A summary over 100,000 answers must not issue a query per participant: participants, answers,
next steps and participation counts are each loaded in one statement for all workshops asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from flows.identity import person_key
from flows.summary import AnswerRecord, NextStepRecord, Participation, WorkshopRecords
from storage.models import Answer, NextStep, Participant, Workshop
from storage.repositories import barrier_tallies, factor_corrections, factor_tags
from storage.repositories.factor_tags import FactorCounts
from storage.repositories.workshops import participation


def load_records(
    session: Session,
    team_id: str,
    workshop_ids: Sequence[int],
    *,
    question_ids: Collection[str] | None = None,
    with_next_steps: bool = True,
    text_only: bool = False,
) -> list[WorkshopRecords]:
    """Records for the given workshops of this team (others are silently left out).

    `question_ids` loads only the answers to those questions, and `with_next_steps=False` none
    of the next steps: what the cross summary needs of a long history and nothing more.
    `text_only` has the database extract each answer's text instead of returning the whole JSON
    value to decode in Python (enough for free-text questions).
    """
    workshops = _workshops(session, team_id, workshop_ids)
    ids = [w.id for w in workshops]
    if not ids:
        return []
    counts = participation(session, ids)
    # Plain Core rows (no ORM bookkeeping per row); each row names its workshop and whether the
    # person chose to be named, so no separate participant query is needed.
    connection = session.connection()
    answers: dict[int, list[AnswerRecord]] = {i: [] for i in ids}
    answer_query = (
        select(
            Participant.workshop_id,
            Answer.participant_id,
            Participant.channel,
            Participant.user_id,
            Participant.named,
            Answer.question_id,
            Answer.value["text"].as_string() if text_only else Answer.value,
            Answer.tagged,
            Answer.id,
        )
        .join(Participant, Participant.id == Answer.participant_id)
        .where(Participant.workshop_id.in_(ids), Participant.team_id == team_id)
        .order_by(Answer.updated_at, Answer.id)
    )
    if question_ids is not None:
        answer_query = answer_query.where(Answer.question_id.in_(sorted(question_ids)))
    stored = factor_tags.stored_factors(session, ids)
    # A facilitator's corrections win over the stored factors (flows.factors.corrections).
    decided = factor_corrections.decisions_of(session, ids, question_ids)
    for (
        wid,
        pid,
        channel,
        user_id,
        is_named,
        question_id,
        value,
        tagged,
        answer_id,
    ) in connection.execute(answer_query):
        if text_only:
            value = {"text": value} if value is not None else {}
        placed = stored.get((pid, question_id)) if tagged else None
        answers[wid].append(
            AnswerRecord(
                pid,
                question_id,
                dict(value or {}),
                person_key(channel, user_id) if is_named else None,
                frozenset(placed) if placed is not None else None,
                answer_id,
                words=tuple((f, word) for f, word in (placed or {}).items() if word),
                decisions=decided.get((pid, question_id), ()),
            )
        )
    steps: dict[int, list[NextStepRecord]] = {i: [] for i in ids}
    if with_next_steps:
        for wid, pid, channel, user_id, is_named, text, target, status in connection.execute(
            select(
                Participant.workshop_id,
                NextStep.participant_id,
                Participant.channel,
                Participant.user_id,
                Participant.named,
                NextStep.text,
                NextStep.target_date,
                NextStep.status,
            )
            .join(Participant, Participant.id == NextStep.participant_id)
            .where(Participant.workshop_id.in_(ids), Participant.team_id == team_id)
            .order_by(NextStep.participant_id, NextStep.position)
        ):
            steps[wid].append(
                NextStepRecord(
                    pid, text, target, status, person_key(channel, user_id) if is_named else None
                )
            )
    return [
        _records(w, counts[w.id], answers=tuple(answers[w.id]), next_steps=tuple(steps[w.id]))
        for w in workshops
    ]


def _workshops(session: Session, team_id: str, workshop_ids: Sequence[int]) -> list[Any]:
    """The workshops' own columns as plain rows (a thousand ORM objects cost more to build)."""
    return list(
        session.execute(
            select(
                Workshop.id,
                Workshop.code,
                Workshop.title,
                Workshop.day,
                Workshop.language,
                Workshop.template_id,
                Workshop.min_group_size,
                Workshop.status,
                Workshop.closed_at,
            )
            .where(Workshop.team_id == team_id, Workshop.id.in_(list(workshop_ids)))
            .order_by(Workshop.day.desc(), Workshop.id.desc())
        )
    )


def _records(workshop: Any, counts: Participation, **rest: Any) -> WorkshopRecords:
    return WorkshopRecords(
        workshop_id=workshop.id,
        code=workshop.code,
        title=workshop.title,
        day=workshop.day,
        language=workshop.language,
        template_id=workshop.template_id,
        min_group_size=workshop.min_group_size,
        status=workshop.status,
        participation=counts,
        **rest,
    )


def load_barrier_counts(
    session: Session,
    team_id: str,
    workshop_ids: Sequence[int],
    barrier_questions: Callable[[str], Collection[str]],
    now: datetime,
) -> list[tuple[WorkshopRecords, FactorCounts]]:
    """What `opsummering alle` needs of each workshop of this team: its heading and
    participation (records without answers), and its barrier answers counted in SQL from the
    stored factors (kept once counted for workshops closed an hour ago: barrier_tallies).
    `barrier_questions` gives a template id's barrier question ids."""
    workshops = _workshops(session, team_id, workshop_ids)
    if not workshops:
        return []
    factor_tags.catch_up(session)
    found = barrier_tallies.tallies(session, workshops, barrier_questions, now)
    return [(_records(w, found[w.id].participation), found[w.id].barriers) for w in workshops]
