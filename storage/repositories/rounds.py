"""Live rounds: one theme posted to a workshop channel, and the answer count its message shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from storage.models import Answer, Participant, Round, Workshop


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


def posted_rounds(session: Session, workshop_id: int, posted_since: datetime) -> list[Round]:
    """The workshop's rounds posted in the room since `posted_since`, newest first."""
    return list(
        session.scalars(
            select(Round)
            .where(
                Round.workshop_id == workshop_id,
                Round.message_ts.is_not(None),
                Round.posted_at >= posted_since,
            )
            .order_by(Round.id.desc())
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


def get(session: Session, round_id: int) -> Round | None:
    return session.get(Round, round_id)


def workshop_of(session: Session, found: Round) -> Workshop | None:
    return session.get(Workshop, found.workshop_id)


def set_posted(session: Session, round_id: int, message_ts: str, count: int, now: datetime) -> None:
    """The round's message is in the channel, showing `count`."""
    session.execute(
        update(Round)
        .where(Round.id == round_id)
        .values(message_ts=message_ts, shown_count=count, shown_at=now)
    )
