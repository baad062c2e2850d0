"""Requests for help with a next step: what stands in the way, and what may be shared.

One request per step and wave: asking again in the same wave (a double click, or a change of
mind about what to share) updates it. The facilitator sees only what `flows.steps.
shared_with_facilitator` lets through; this module stores what the person wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from flows.steps import HelpRequest as SharedRequest
from storage.db import insert
from storage.models import HelpRequest, NextStep, Participant

NO_WAVE = ""  # asked outside a follow-up wave (e.g. from the Home tab)


@dataclass(frozen=True)
class HelpRequestRecord:
    request_id: int
    team_id: str
    workshop_id: int
    participant_id: int
    user_id: str
    channel: str  # the asker's (flows.identity.Channel): a web person is answered by e-mail
    next_step_id: int
    step_text: str
    wave: str
    obstacle: str | None
    share_step: bool
    share_obstacle: bool
    share_name: bool
    created_at: datetime
    updated_at: datetime
    answered_at: datetime | None
    answered_by: str | None

    def as_request(self) -> SharedRequest:
        """The plain record flows.steps decides what to share from."""
        return SharedRequest(
            request_id=self.request_id,
            user_id=self.user_id,
            step_text=self.step_text,
            obstacle=self.obstacle,
            share_step=self.share_step,
            share_obstacle=self.share_obstacle,
            share_name=self.share_name,
            channel=self.channel,
        )


def ask_for_help(
    session: Session,
    *,
    team_id: str,
    participant_id: int,
    step_id: int,
    wave: str | None,
    obstacle: str | None,
    share_step: bool,
    share_obstacle: bool,
    share_name: bool,
    now: datetime,
) -> int | None:
    """Create or update the request for this step and wave; its id, or None when the step is
    not this participant's in this team."""
    owned = session.scalar(
        select(NextStep.id)
        .join(Participant, Participant.id == NextStep.participant_id)
        .where(
            NextStep.id == step_id,
            Participant.id == participant_id,
            Participant.team_id == team_id,
        )
    )
    if owned is None:
        return None
    shared = {
        "obstacle": (obstacle or "").strip() or None,
        "share_step": share_step,
        "share_obstacle": share_obstacle,
        "share_name": share_name,
        "updated_at": now,
    }
    statement = (
        insert(session, HelpRequest)
        .values(
            team_id=team_id,
            participant_id=participant_id,
            next_step_id=step_id,
            wave=wave or NO_WAVE,
            created_at=now,
            **shared,
        )
        .on_conflict_do_update(index_elements=["next_step_id", "wave"], set_=shared)
        .returning(HelpRequest.id)
    )
    return int(session.execute(statement).scalar_one())


def _records(session: Session, *where: ColumnElement[bool]) -> list[HelpRequestRecord]:
    rows = session.execute(
        select(
            HelpRequest,
            Participant.workshop_id,
            Participant.user_id,
            Participant.channel,
            NextStep.text,
        )
        .join(Participant, Participant.id == HelpRequest.participant_id)
        .join(NextStep, NextStep.id == HelpRequest.next_step_id)
        .where(*where)
        .order_by(HelpRequest.created_at, HelpRequest.id)
    )
    return [
        HelpRequestRecord(
            request_id=r.id,
            team_id=r.team_id,
            workshop_id=workshop_id,
            participant_id=r.participant_id,
            user_id=user_id,
            channel=channel,
            next_step_id=r.next_step_id,
            step_text=text,
            wave=r.wave,
            obstacle=r.obstacle,
            share_step=r.share_step,
            share_obstacle=r.share_obstacle,
            share_name=r.share_name,
            created_at=r.created_at,
            updated_at=r.updated_at,
            answered_at=r.answered_at,
            answered_by=r.answered_by,
        )
        for r, workshop_id, user_id, channel, text in rows
    ]


def get_help_request(session: Session, team_id: str, request_id: int) -> HelpRequestRecord | None:
    """One request of this team (a forged id from another team finds nothing)."""
    found = _records(session, HelpRequest.id == request_id, HelpRequest.team_id == team_id)
    return found[0] if found else None


def help_requests_of(
    session: Session, team_id: str, participant_ids: list[int]
) -> list[HelpRequestRecord]:
    if not participant_ids:
        return []
    return _records(
        session, HelpRequest.team_id == team_id, HelpRequest.participant_id.in_(participant_ids)
    )


def help_requests_for_workshop(
    session: Session, team_id: str, workshop_id: int
) -> list[HelpRequestRecord]:
    return _records(session, HelpRequest.team_id == team_id, Participant.workshop_id == workshop_id)


def mark_answered(session: Session, team_id: str, request_id: int, by: str, now: datetime) -> bool:
    """Record that a facilitator answered; the first answer's time and author are kept."""
    result = session.execute(
        update(HelpRequest)
        .where(
            HelpRequest.id == request_id,
            HelpRequest.team_id == team_id,
            HelpRequest.answered_at.is_(None),
        )
        .values(answered_at=now, answered_by=by)
    )
    return bool(getattr(result, "rowcount", 0))
