"""Re-plans: a revised next step linked to the one it replaces.

The revision is a next step of its own, so the follow-ups, the Home tab and the history treat it
like any other; the old step ends with status ``replaced`` in its history. A revision takes the
position REPLAN_POSITION_BASE + the old step's id: well clear of the reflection's slots (which
`participants.replace_next_steps` owns and never touches above the base), and the same for a
double submission, which the unique (participant, position) turns into a no-op.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from flows.steps import OPEN, REPLACED
from storage.db import insert
from storage.models import NextStep, NextStepUpdate, Participant, StepReplan

REPLAN_POSITION_BASE = 1000


@dataclass(frozen=True)
class Replanned:
    old_step_id: int
    new_step_id: int
    created: bool  # False: the step had been re-planned already (a double submission)


def replan(
    session: Session,
    team_id: str,
    old_step_id: int,
    text: str,
    target_date: date | None,
    wave: str | None,
    now: datetime,
) -> Replanned | None:
    """Write the revision of a step of this team; None when there is no such step.

    A step that was re-planned before is not re-planned again: the existing revision is
    returned (re-plan the revision instead).
    """
    old = session.scalar(
        select(NextStep)
        .join(Participant, Participant.id == NextStep.participant_id)
        .where(NextStep.id == old_step_id, Participant.team_id == team_id)
    )
    if old is None:
        return None
    existing = session.scalar(select(StepReplan).where(StepReplan.old_step_id == old.id))
    if existing is not None:
        return Replanned(old.id, existing.new_step_id, created=False)
    new_id = session.execute(
        insert(session, NextStep)
        .values(
            participant_id=old.participant_id,
            position=REPLAN_POSITION_BASE + old.id,
            text=text,
            target_date=target_date,
            status=OPEN,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["participant_id", "position"])
        .returning(NextStep.id)
    ).scalar()
    if new_id is None:  # a concurrent submission of the same re-plan won
        link = session.scalar(select(StepReplan).where(StepReplan.old_step_id == old.id))
        found = link.new_step_id if link is not None else _at_position(session, old)
        return Replanned(old.id, found, created=False)
    session.execute(
        insert(session, StepReplan)
        .values(old_step_id=old.id, new_step_id=new_id, wave=wave, created_at=now)
        .on_conflict_do_nothing(index_elements=["old_step_id"])
    )
    session.add(NextStepUpdate(next_step_id=old.id, status=REPLACED, wave=wave, created_at=now))
    old.status = REPLACED
    old.updated_at = now
    session.flush()
    return Replanned(old.id, new_id, created=True)


def _at_position(session: Session, old: NextStep) -> int:
    found = session.scalar(
        select(NextStep.id).where(
            NextStep.participant_id == old.participant_id,
            NextStep.position == REPLAN_POSITION_BASE + old.id,
        )
    )
    assert found is not None
    return found


def replaced_by(session: Session, step_ids: Collection[int]) -> dict[int, int]:
    """old step id → new step id, for the given steps on either side of a link."""
    if not step_ids:
        return {}
    ids = list(step_ids)
    rows = session.execute(
        select(StepReplan.old_step_id, StepReplan.new_step_id).where(
            (StepReplan.old_step_id.in_(ids)) | (StepReplan.new_step_id.in_(ids))
        )
    )
    return {old: new for old, new in rows}
