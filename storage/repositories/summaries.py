"""Plain records for summaries and exports, loaded with a few set-based queries.

A summary over 100,000 answers must not issue a query per participant: participants, answers,
next steps and participation counts are each loaded in one statement for all workshops asked for.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from flows.summary import AnswerRecord, NextStepRecord, Participation, WorkshopRecords
from storage.models import AccessLogEntry, Answer, NextStep, Participant, Round, Workshop
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
    workshops = list(
        session.scalars(
            select(Workshop)
            .where(Workshop.team_id == team_id, Workshop.id.in_(list(workshop_ids)))
            .order_by(Workshop.day.desc(), Workshop.id.desc())
        )
    )
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
            Participant.user_id,
            Participant.named,
            Answer.question_id,
            Answer.value["text"].as_string() if text_only else Answer.value,
        )
        .join(Participant, Participant.id == Answer.participant_id)
        .where(Participant.workshop_id.in_(ids), Participant.team_id == team_id)
        .order_by(Answer.updated_at, Answer.id)
    )
    if question_ids is not None:
        answer_query = answer_query.where(Answer.question_id.in_(sorted(question_ids)))
    for wid, pid, user_id, is_named, question_id, value in connection.execute(answer_query):
        if text_only:
            value = {"text": value} if value is not None else {}
        answers[wid].append(
            AnswerRecord(pid, question_id, dict(value or {}), user_id if is_named else None)
        )
    steps: dict[int, list[NextStepRecord]] = {i: [] for i in ids}
    if with_next_steps:
        for wid, pid, user_id, is_named, text, target, status in connection.execute(
            select(
                Participant.workshop_id,
                NextStep.participant_id,
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
                NextStepRecord(pid, text, target, status, user_id if is_named else None)
            )
    return [
        WorkshopRecords(
            workshop_id=w.id,
            code=w.code,
            title=w.title,
            day=w.day,
            language=w.language,
            template_id=w.template_id,
            min_group_size=w.min_group_size,
            status=w.status,
            participation=Participation(
                counts[w.id].joined, counts[w.id].started, counts[w.id].completed
            ),
            answers=tuple(answers[w.id]),
            next_steps=tuple(steps[w.id]),
        )
        for w in workshops
    ]


def record_access(
    session: Session,
    team_id: str,
    workshop_ids: Sequence[int],
    actor_user_id: str,
    action: str,
    now: datetime,
) -> None:
    """The access log the privacy feature relies on: who saw or exported which workshop."""
    for workshop_id in workshop_ids:
        session.add(
            AccessLogEntry(
                team_id=team_id,
                workshop_id=workshop_id,
                actor_user_id=actor_user_id,
                action=action,
                created_at=now,
            )
        )
    session.flush()


# --- live rounds -------------------------------------------------------------------------------


def create_round(
    session: Session, workshop: Workshop, step_id: str, posted_by: str, now: datetime
) -> Round:
    found = Round(
        team_id=workshop.team_id,
        workshop_id=workshop.id,
        step_id=step_id,
        channel_id=workshop.channel_id,
        posted_by=posted_by,
        posted_at=now,
        shown_count=0,
    )
    session.add(found)
    session.flush()
    return found


def get_round(session: Session, team_id: str, round_id: int) -> Round | None:
    return session.scalar(select(Round).where(Round.id == round_id, Round.team_id == team_id))


def answer_count(session: Session, workshop_id: int, step_id: str) -> int:
    """How many participants have answered this step (one query, whatever the size)."""
    return int(
        session.scalar(
            select(func.count(func.distinct(Answer.participant_id)))
            .join(Participant, Participant.id == Answer.participant_id)
            .where(Participant.workshop_id == workshop_id, Answer.step_id == step_id)
        )
        or 0
    )


def claim_round_update(
    session: Session, round_id: int, now: datetime, not_shown_since: datetime
) -> bool:
    """Take the right to update a round's message now: a conditional UPDATE, row count checked.

    Only one submission per throttle window wins, across threads and processes.
    """
    result = session.execute(
        update(Round)
        .where(
            Round.id == round_id,
            Round.message_ts.is_not(None),
            (Round.shown_at.is_(None)) | (Round.shown_at <= not_shown_since),
        )
        .values(shown_at=now)
    )
    return (getattr(result, "rowcount", 0) or 0) == 1


def set_shown(session: Session, round_id: int, count: int) -> None:
    session.execute(update(Round).where(Round.id == round_id).values(shown_count=count))


def recent_rounds(session: Session, posted_since: datetime) -> list[Round]:
    return list(
        session.scalars(
            select(Round)
            .where(Round.posted_at >= posted_since, Round.message_ts.is_not(None))
            .order_by(Round.id)
        )
    )


def answer_counts(session: Session, rounds: Sequence[Round]) -> dict[int, int]:
    """Answer counts of several rounds in one grouped query."""
    if not rounds:
        return {}
    keys = {(r.workshop_id, r.step_id) for r in rounds}
    rows = session.execute(
        select(
            Participant.workshop_id,
            Answer.step_id,
            func.count(func.distinct(Answer.participant_id)),
        )
        .join(Participant, Participant.id == Answer.participant_id)
        .where(
            Participant.workshop_id.in_({w for w, _ in keys}),
            Answer.step_id.in_({s for _, s in keys}),
        )
        .group_by(Participant.workshop_id, Answer.step_id)
    )
    found = {(w, s): int(n) for w, s, n in rows}
    return {r.id: found.get((r.workshop_id, r.step_id), 0) for r in rounds}
