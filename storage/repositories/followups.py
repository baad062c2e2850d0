"""Reads and writes of the follow-up feature beyond the outbox itself."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from storage.db import insert
from storage.models import (
    Answer,
    FollowUpResponse,
    NextStep,
    NextStepUpdate,
    OutboxMessage,
    Participant,
    Reflection,
    UserProfile,
    Workshop,
    Workspace,
)
from storage.repositories import workspaces
from storage.repositories.workspaces import ensure_workspace


def _active_workspace(team_column: Any) -> Any:
    return ~exists().where(Workspace.team_id == team_column, Workspace.status != "active")


@dataclass(frozen=True)
class FollowUpCandidate:
    participant_id: int
    team_id: str
    user_id: str
    workshop_id: int
    workshop_day: Any
    offsets: list[Any]


def followup_candidates(session: Session, since_day: Any) -> list[FollowUpCandidate]:
    """Participants with next steps who still want reminders, in workshops that follow up."""
    has_steps = exists().where(NextStep.participant_id == Participant.id)
    unreachable = exists().where(
        UserProfile.team_id == Participant.team_id,
        UserProfile.user_id == Participant.user_id,
        UserProfile.unreachable_at.is_not(None),
    )
    rows = session.execute(
        select(Participant, Workshop)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(
            has_steps,
            ~unreachable,
            Participant.reminders_stopped_at.is_(None),
            Workshop.day >= since_day,
            _active_workspace(Participant.team_id),
        )
        .order_by(Participant.id)
    )
    return [
        FollowUpCandidate(p.id, p.team_id, p.user_id, w.id, w.day, list(w.followup_offsets or []))
        for p, w in rows
        if w.followup_offsets
    ]


@dataclass(frozen=True)
class ReminderCandidate:
    participant_id: int
    team_id: str
    user_id: str
    workshop_id: int
    started_at: datetime
    delay_minutes: int


def reminder_candidates(session: Session, started_since: datetime) -> list[ReminderCandidate]:
    rows = session.execute(
        select(Reflection, Participant, Workshop)
        .join(Participant, Participant.id == Reflection.participant_id)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(
            Reflection.status == "in_progress",
            Reflection.started_at >= started_since,
            Participant.reminders_stopped_at.is_(None),
            Workshop.status == "open",
            Workshop.reminder_delay_minutes > 0,
            _active_workspace(Participant.team_id),
        )
    )
    return [
        ReminderCandidate(p.id, p.team_id, p.user_id, w.id, r.started_at, w.reminder_delay_minutes)
        for r, p, w in rows
    ]


def workshops_following_up(session: Session, since_day: Any) -> list[Workshop]:
    return list(
        session.scalars(
            select(Workshop)
            .where(Workshop.day >= since_day, _active_workspace(Workshop.team_id))
            .order_by(Workshop.id)
        )
    )


def mark_unreachable(
    session: Session, team_id: str, user_id: str, reason: str, now: datetime
) -> None:
    workspaces.mark_unreachable(session, team_id, user_id, reason, now)


def pause_workspace(
    session: Session, team_id: str, reason: str, now: datetime, *, uninstalled: bool = False
) -> Workspace:
    """Stop all sending for a workspace; data handling after uninstall is the privacy feature's."""
    workspace = ensure_workspace(session, team_id, now)
    workspace.status = "uninstalled" if uninstalled else "paused"
    workspace.paused_reason = reason[:64]
    if uninstalled and workspace.uninstalled_at is None:
        workspace.uninstalled_at = now
    session.flush()
    return workspace


def stop_reminders(session: Session, participant: Participant, now: datetime) -> None:
    if participant.reminders_stopped_at is None:
        participant.reminders_stopped_at = now
    session.flush()


def save_response(
    session: Session, participant_id: int, wave: str, value: dict[str, Any], now: datetime
) -> None:
    """One response per participant and wave; answering again replaces it."""
    statement = insert(session, FollowUpResponse).values(
        participant_id=participant_id, wave=wave, value=value, created_at=now
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["participant_id", "wave"],
            set_={"value": statement.excluded.value, "created_at": statement.excluded.created_at},
        )
    )


def response_of(session: Session, participant_id: int, wave: str) -> dict[str, Any] | None:
    found = session.scalar(
        select(FollowUpResponse.value).where(
            FollowUpResponse.participant_id == participant_id, FollowUpResponse.wave == wave
        )
    )
    return dict(found) if found else None


@dataclass(frozen=True)
class WaveRecord:
    participant: Participant
    invited: bool
    statuses: tuple[str, ...]
    response: dict[str, Any] | None
    day_lights: dict[str, str]


def wave_records(session: Session, workshop_id: int, wave: str) -> list[WaveRecord]:
    """Everything a wave's digest needs about each participant of the workshop, in few queries."""
    people = list(
        session.scalars(select(Participant).where(Participant.workshop_id == workshop_id))
    )
    ids = [p.id for p in people]
    if not ids:
        return []
    invited: set[int] = set()
    for participant_id, payload in session.execute(
        select(OutboxMessage.participant_id, OutboxMessage.payload).where(
            OutboxMessage.workshop_id == workshop_id,
            OutboxMessage.kind == "followup",
            OutboxMessage.sent_at.is_not(None),
        )
    ):
        if participant_id is not None and (payload or {}).get("wave") == wave:
            invited.add(participant_id)
    steps: dict[int, list[NextStep]] = defaultdict(list)
    for step in session.scalars(
        select(NextStep).where(NextStep.participant_id.in_(ids)).order_by(NextStep.position)
    ):
        steps[step.participant_id].append(step)
    step_ids = [s.id for group in steps.values() for s in group]
    latest: dict[int, str] = {}
    if step_ids:
        for update in session.scalars(
            select(NextStepUpdate)
            .where(NextStepUpdate.next_step_id.in_(step_ids), NextStepUpdate.wave == wave)
            .order_by(NextStepUpdate.created_at, NextStepUpdate.id)
        ):
            latest[update.next_step_id] = update.status
    responses = {
        r.participant_id: dict(r.value)
        for r in session.scalars(
            select(FollowUpResponse).where(
                FollowUpResponse.participant_id.in_(ids), FollowUpResponse.wave == wave
            )
        )
    }
    lights: dict[int, dict[str, str]] = {}
    for participant_id, value in session.execute(
        select(Answer.participant_id, Answer.value).where(Answer.participant_id.in_(ids))
    ):
        found = value.get("lights") if isinstance(value, dict) else None
        if isinstance(found, dict):
            lights[participant_id] = {str(k): str(v) for k, v in found.items()}
    return [
        WaveRecord(
            participant=p,
            invited=p.id in invited,
            statuses=tuple(latest.get(s.id, "open") for s in steps.get(p.id, [])),
            response=responses.get(p.id),
            day_lights=lights.get(p.id, {}),
        )
        for p in people
    ]
