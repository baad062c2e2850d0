"""Why a step was dropped: one tap after "Droppet", attached to the drop in the history."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from flows.steps import DROP_REASONS, DROPPED
from storage.db import insert
from storage.models import NextStep, NextStepUpdate, Participant, StepDropReason


def record_drop_reason(
    session: Session, team_id: str, step_id: int, reason: str, now: datetime
) -> bool:
    """Attach `reason` to the step's latest drop; a second tap changes it.

    False when the step is not this team's or was never dropped.
    """
    if reason not in DROP_REASONS:
        raise ValueError(f"unknown drop reason {reason!r}")
    update_id = session.scalar(
        select(NextStepUpdate.id)
        .join(NextStep, NextStep.id == NextStepUpdate.next_step_id)
        .join(Participant, Participant.id == NextStep.participant_id)
        .where(
            NextStepUpdate.next_step_id == step_id,
            NextStepUpdate.status == DROPPED,
            Participant.team_id == team_id,
        )
        .order_by(NextStepUpdate.created_at.desc(), NextStepUpdate.id.desc())
        .limit(1)
    )
    if update_id is None:
        return False
    session.execute(
        insert(session, StepDropReason)
        .values(next_step_update_id=update_id, reason=reason, created_at=now)
        .on_conflict_do_update(
            index_elements=["next_step_update_id"], set_={"reason": reason, "created_at": now}
        )
    )
    return True


def reasons_for(session: Session, update_ids: Collection[int]) -> dict[int, str]:
    """history row id → reason, for the rows that have one."""
    if not update_ids:
        return {}
    rows = session.execute(
        select(StepDropReason.next_step_update_id, StepDropReason.reason).where(
            StepDropReason.next_step_update_id.in_(list(update_ids))
        )
    )
    return {update_id: reason for update_id, reason in rows}
