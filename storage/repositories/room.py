"""The room's screen and QR codes: a workshop by its id or code in any team (the signed link or
the code is the key), its live round, and a cheap fingerprint of its answers.

The screen polls every second, so each of these is one small query on an index.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Answer, FactorCorrection, Participant, Round, Workshop

# (how many answers, the newest answer's id, the latest edit, how many have stored factors,
# how many corrections of the grouping and the latest)
Fingerprint = tuple[int, int, str, int, int, str]


def workshop(session: Session, workshop_id: int) -> Workshop | None:
    return session.get(Workshop, workshop_id)


def workshop_by_code(session: Session, code: str) -> Workshop | None:
    """Codes are unique across teams: a QR code names one workshop wherever it runs."""
    return session.scalar(select(Workshop).where(Workshop.code == code))


def latest_round(session: Session, workshop_id: int, posted_since: datetime) -> Round | None:
    """The workshop's newest round posted since then: the one the room is answering."""
    return session.scalar(
        select(Round)
        .where(Round.workshop_id == workshop_id, Round.posted_at >= posted_since)
        .order_by(Round.id.desc())
        .limit(1)
    )


def answers_fingerprint(session: Session, workshop_id: int) -> Fingerprint:
    """What changes whenever an answer is given, edited, deleted or gets its factors stored,
    or a facilitator moves one between factors."""
    corrections = FactorCorrection.workshop_id == workshop_id
    count, newest, edited, tagged, moves, moved = session.execute(
        select(
            func.count(Answer.id),
            func.max(Answer.id),
            func.max(Answer.updated_at),
            func.count(Answer.id).filter(Answer.tagged.is_(True)),
            # In the same statement: a poll stays as few queries as it was.
            select(func.count()).select_from(FactorCorrection).where(corrections).scalar_subquery(),
            select(func.max(FactorCorrection.corrected_at)).where(corrections).scalar_subquery(),
        )
        .join(Participant, Participant.id == Answer.participant_id)
        .where(Participant.workshop_id == workshop_id)
    ).one()
    return (
        int(count or 0),
        int(newest or 0),
        str(edited or ""),
        int(tagged or 0),
        int(moves or 0),
        str(moved or ""),
    )
