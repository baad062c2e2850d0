"""Plain records for flows.steps and flows.outcomes: next steps with their status history,
drop reasons and re-plan links, and the traffic lights over time; plus the rows of the
outcomes feature that the privacy repository counts and deletes with a person or workshop.

Loaded with a handful of set-based queries per call, never one per step.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from flows.identity import Person, person_key
from flows.outcomes import WorkshopOutcomeInput
from flows.steps import StatusEvent, StepRecord
from storage.models import (
    FactorRating,
    HelpRequest,
    NextStep,
    NextStepUpdate,
    Participant,
    PeerAsk,
    PeerRequest,
    StepDropReason,
    StepReplan,
    Workshop,
)
from storage.repositories.help_requests import HelpRequestRecord, help_requests_of
from storage.repositories.ratings import ratings_of


def _step_records(session: Session, *where: Any) -> list[StepRecord]:
    rows = session.execute(
        select(
            NextStep,
            Participant.channel,
            Participant.user_id,
            Participant.workshop_id,
            Workshop.day,
        )
        .join(Participant, Participant.id == NextStep.participant_id)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(*where)
        .order_by(NextStep.id)
    ).all()
    ids = [step.id for step, *_ in rows]
    history: dict[int, list[StatusEvent]] = defaultdict(list)
    replaces: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for update, reason in session.execute(
            select(NextStepUpdate, StepDropReason.reason)
            .outerjoin(StepDropReason, StepDropReason.next_step_update_id == NextStepUpdate.id)
            .where(NextStepUpdate.next_step_id.in_(chunk))
            .order_by(NextStepUpdate.created_at, NextStepUpdate.id)
        ):
            history[update.next_step_id].append(
                StatusEvent(update.status, update.created_at, update.wave, reason)
            )
        for old, new in session.execute(
            select(StepReplan.old_step_id, StepReplan.new_step_id).where(
                StepReplan.new_step_id.in_(chunk)
            )
        ):
            replaces[new] = old
    return [
        StepRecord(
            step_id=step.id,
            participant_id=step.participant_id,
            person=person_key(channel, user_id),
            workshop_id=workshop_id,
            workshop_day=day,
            position=step.position,
            text=step.text,
            created_at=step.created_at,
            target_date=step.target_date,
            history=tuple(history.get(step.id, ())),
            replaces=replaces.get(step.id),
        )
        for step, channel, user_id, workshop_id, day in rows
    ]


def person_steps(session: Session, person: Person) -> list[StepRecord]:
    """All of one person's next steps in one team, every workshop: for the Home tab's paths
    and for carrying open steps into a new reflection."""
    return _step_records(
        session,
        Participant.team_id == person.team_id,
        Participant.channel == person.channel,
        Participant.user_id == person.user_id,
    )


def participant_steps(session: Session, participant_id: int) -> list[StepRecord]:
    return _step_records(session, Participant.id == participant_id)


def workshop_inputs(
    session: Session, team_id: str, workshop_ids: Sequence[int]
) -> list[WorkshopOutcomeInput]:
    """What flows.outcomes needs of these workshops of this team (others are left out),
    most recent first."""
    workshops = list(
        session.scalars(
            select(Workshop)
            .where(Workshop.team_id == team_id, Workshop.id.in_(list(workshop_ids)))
            .order_by(Workshop.day.desc(), Workshop.id.desc())
        )
    )
    if not workshops:
        return []
    ids = [w.id for w in workshops]
    steps: dict[int, list[StepRecord]] = defaultdict(list)
    for record in _step_records(session, Participant.workshop_id.in_(ids)):
        steps[record.workshop_id].append(record)
    participation = {
        pid: workshop_id
        for pid, workshop_id in session.execute(
            select(Participant.id, Participant.workshop_id).where(Participant.workshop_id.in_(ids))
        )
    }
    ratings: dict[int, list[Any]] = defaultdict(list)
    for rating in ratings_of(session, list(participation)):
        ratings[participation[rating.participant_id]].append(rating)
    return [
        WorkshopOutcomeInput(
            workshop_id=w.id,
            code=w.code,
            title=w.title,
            day=w.day,
            wave_codes=tuple(str(code) for code in w.followup_offsets or ()),
            min_group_size=w.min_group_size,
            steps=tuple(steps.get(w.id, ())),
            ratings=tuple(ratings.get(w.id, ())),
        )
        for w in workshops
    ]


# --- what is stored about a person (for /temadag mine-data) ----------------------------------


@dataclass(frozen=True)
class PeerRequestRow:
    factor_id: str
    state: str
    requested_at: datetime
    introduced_at: datetime | None


@dataclass(frozen=True)
class PeerAskRow:
    """An ask this person received; the requester is not part of the person's own data."""

    factor_id: str
    asked_at: datetime
    answer: str
    answered_at: datetime | None


@dataclass(frozen=True)
class PersonOutcomeData:
    help_requests: tuple[HelpRequestRecord, ...]
    drop_reasons: tuple[tuple[int, str, datetime], ...]  # (next step id, reason, given at)
    replans: tuple[tuple[int, int, str | None, datetime], ...]  # (old step, new step, wave, at)
    ratings: tuple[tuple[str, str, str, datetime], ...]  # (wave, factor, light, rated at)
    peer_requests: tuple[PeerRequestRow, ...]
    peer_asks: tuple[PeerAskRow, ...]


def person_outcome_data(session: Session, person: Person) -> PersonOutcomeData:
    """The outcomes feature's rows about one person in one team. Reads only."""
    team_id = person.team_id
    pids = list(
        session.scalars(
            select(Participant.id).where(
                Participant.team_id == team_id,
                Participant.channel == person.channel,
                Participant.user_id == person.user_id,
            )
        )
    )
    steps = _steps_of(pids)
    return PersonOutcomeData(
        help_requests=tuple(help_requests_of(session, team_id, pids)),
        drop_reasons=tuple(
            (step_id, reason, at)
            for step_id, reason, at in session.execute(
                select(
                    NextStepUpdate.next_step_id, StepDropReason.reason, StepDropReason.created_at
                )
                .join(NextStepUpdate, NextStepUpdate.id == StepDropReason.next_step_update_id)
                .where(NextStepUpdate.next_step_id.in_(steps))
                .order_by(StepDropReason.created_at, StepDropReason.id)
            )
        ),
        replans=tuple(
            (old, new, wave, at)
            for old, new, wave, at in session.execute(
                select(
                    StepReplan.old_step_id,
                    StepReplan.new_step_id,
                    StepReplan.wave,
                    StepReplan.created_at,
                )
                .where(StepReplan.old_step_id.in_(steps))
                .order_by(StepReplan.created_at, StepReplan.old_step_id)
            )
        ),
        ratings=tuple(
            (r.wave, r.factor_id, r.light, r.rated_at)
            for r in session.scalars(
                select(FactorRating)
                .where(FactorRating.participant_id.in_(pids))
                .order_by(FactorRating.rated_at, FactorRating.id)
            )
        ),
        peer_requests=tuple(
            PeerRequestRow(r.factor_id, r.state, r.requested_at, r.introduced_at)
            for r in session.scalars(
                select(PeerRequest)
                .where(PeerRequest.requester_participant_id.in_(pids))
                .order_by(PeerRequest.requested_at, PeerRequest.id)
            )
        ),
        peer_asks=tuple(
            PeerAskRow(factor_id, ask.asked_at, ask.answer, ask.answered_at)
            for ask, factor_id in session.execute(
                select(PeerAsk, PeerRequest.factor_id)
                .join(PeerRequest, PeerRequest.id == PeerAsk.request_id)
                .where(PeerAsk.candidate_participant_id.in_(pids))
                .order_by(PeerAsk.asked_at, PeerAsk.id)
            )
        ),
    )


# --- with a person or a workshop, these go too ------------------------------------------------


def _steps_of(pids: Any) -> Any:
    return select(NextStep.id).where(NextStep.participant_id.in_(pids))


def _requests_of(pids: Any) -> Any:
    return select(PeerRequest.id).where(PeerRequest.requester_participant_id.in_(pids))


def _count(session: Session, statement: Any) -> int:
    return int(session.scalar(statement) or 0)


def outcome_counts(session: Session, pids: Any) -> dict[str, int]:
    """Rows of the outcomes feature hanging off these participants (ids or a subquery)."""
    return {
        "help_requests": _count(
            session, select(func.count(HelpRequest.id)).where(HelpRequest.participant_id.in_(pids))
        ),
        "drop_reasons": _count(
            session,
            select(func.count(StepDropReason.id))
            .join(NextStepUpdate, NextStepUpdate.id == StepDropReason.next_step_update_id)
            .where(NextStepUpdate.next_step_id.in_(_steps_of(pids))),
        ),
        "replans": _count(
            session,
            select(func.count())
            .select_from(StepReplan)
            .where(
                or_(
                    StepReplan.old_step_id.in_(_steps_of(pids)),
                    StepReplan.new_step_id.in_(_steps_of(pids)),
                )
            ),
        ),
        "factor_ratings": _count(
            session,
            select(func.count(FactorRating.id)).where(FactorRating.participant_id.in_(pids)),
        ),
        "peer_introductions": _count(
            session,
            select(func.count(PeerRequest.id)).where(
                PeerRequest.requester_participant_id.in_(pids)
            ),
        )
        + _count(
            session,
            select(func.count(PeerAsk.id)).where(
                PeerAsk.candidate_participant_id.in_(pids),
                PeerAsk.request_id.not_in(_requests_of(pids)),
            ),
        ),
    }


def delete_outcome_rows(session: Session, pids: Sequence[int]) -> None:
    """Delete them explicitly, children first: correct even where FK cascades are off."""
    if not pids:
        return
    ids = list(pids)
    steps = _steps_of(ids)
    session.execute(
        delete(PeerAsk).where(
            or_(
                PeerAsk.candidate_participant_id.in_(ids),
                PeerAsk.request_id.in_(_requests_of(ids)),
            )
        )
    )
    session.execute(delete(PeerRequest).where(PeerRequest.requester_participant_id.in_(ids)))
    session.execute(delete(HelpRequest).where(HelpRequest.participant_id.in_(ids)))
    session.execute(
        delete(StepDropReason).where(
            StepDropReason.next_step_update_id.in_(
                select(NextStepUpdate.id).where(NextStepUpdate.next_step_id.in_(steps))
            )
        )
    )
    session.execute(
        delete(StepReplan).where(
            or_(StepReplan.old_step_id.in_(steps), StepReplan.new_step_id.in_(steps))
        )
    )
    session.execute(delete(FactorRating).where(FactorRating.participant_id.in_(ids)))
