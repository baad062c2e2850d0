"""Reads and writes of the follow-up feature beyond the outbox itself."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select, text, tuple_, update
from sqlalchemy.orm import Session

from flows.identity import Channel, Person
from flows.outbox import MessageKind
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
from storage.repositories.outbox import Claimed
from storage.repositories.participants import delivering_team, get_next_step, next_steps_of
from storage.repositories.workspaces import get_profile, statuses


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
    # The workspace whose installation reaches the person (their own, for a Slack Connect guest).
    deliver_team: str = ""
    channel: Channel = Channel.SLACK


# The predicate of ix_participants_unplanned, spelled as the index spells it: SQLite uses a
# partial index only for a WHERE that repeats its condition (`followups_planned = 0` scans all).
_UNPLANNED = text("NOT participants.followups_planned")


def followup_candidates(session: Session, since_day: Any) -> list[FollowUpCandidate]:
    """Participants whose follow-ups are not settled yet and can be planned now.

    Only unsettled participants are read (a partial index), so a planner run costs in
    proportion to new work, not to two years of history. Those with nothing to plan (no next
    steps, reminders stopped, a workshop past the horizon or without follow-ups) are settled
    here; those waiting for a paused workspace or an unreachable person stay unsettled.
    """
    has_steps = exists().where(NextStep.participant_id == Participant.id)
    unreachable = exists().where(
        UserProfile.team_id == Participant.team_id,
        UserProfile.channel == Participant.channel,
        UserProfile.user_id == Participant.user_id,
        UserProfile.unreachable_at.is_not(None),
    )
    rows = session.execute(
        select(
            Participant.id,
            Participant.team_id,
            Participant.user_id,
            Participant.channel,
            Participant.home_team_id,
            Participant.workshop_id,
            Participant.reminders_stopped_at,
            Workshop.day,
            Workshop.followup_offsets,
            has_steps,
            unreachable,
            _active_workspace(Participant.team_id),
        )
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(_UNPLANNED)
        .order_by(Participant.id)
    ).all()
    candidates: list[FollowUpCandidate] = []
    nothing_to_plan: list[int] = []
    for (
        pid,
        team,
        user,
        channel,
        home,
        workshop_id,
        stopped,
        day,
        offsets,
        steps,
        gone,
        active,
    ) in rows:
        if not steps or stopped is not None or day < since_day or not offsets:
            nothing_to_plan.append(pid)
        elif active and not gone:
            candidates.append(
                FollowUpCandidate(
                    pid, team, user, workshop_id, day, list(offsets), home or team, Channel(channel)
                )
            )
    settle_followups(session, nothing_to_plan)
    return candidates


def settle_followups(session: Session, participant_ids: Sequence[int]) -> None:
    """These participants' follow-ups are planned (or need none): later runs skip them."""
    for start in range(0, len(participant_ids), 500):
        session.execute(
            update(Participant)
            .where(Participant.id.in_(participant_ids[start : start + 500]))
            .values(followups_planned=True)
            .execution_options(synchronize_session=False)
        )


@dataclass(frozen=True)
class ReminderCandidate:
    participant_id: int
    team_id: str
    user_id: str
    workshop_id: int
    started_at: datetime
    delay_minutes: int
    deliver_team: str = ""
    channel: Channel = Channel.SLACK


def reminder_candidates(session: Session, started_since: datetime) -> list[ReminderCandidate]:
    # Open workshops first (a handful, among years of closed ones), then their participants by
    # index: the worker asks every minute, and a scan of every reflection ever would grow with
    # the history.
    open_ids = session.scalars(
        select(Workshop.id).where(Workshop.status == "open", Workshop.reminder_delay_minutes > 0)
    ).all()
    if not open_ids:
        return []
    rows = session.execute(
        select(Reflection, Participant, Workshop)
        .join(Participant, Participant.id == Reflection.participant_id)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(
            Participant.workshop_id.in_(open_ids),
            Reflection.status == "in_progress",
            Reflection.started_at >= started_since,
            Participant.reminders_stopped_at.is_(None),
            Workshop.status == "open",
            Workshop.reminder_delay_minutes > 0,
            _active_workspace(Participant.team_id),
        )
    )
    return [
        ReminderCandidate(
            p.id,
            p.team_id,
            p.user_id,
            w.id,
            r.started_at,
            w.reminder_delay_minutes,
            delivering_team(p),
            Channel(p.channel),
        )
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


def own_participation(
    session: Session, person: Person, participant_id: int
) -> tuple[Participant, Workshop] | None:
    """A follow-up's participant and workshop, only when they are the person's own."""
    participant = session.get(Participant, participant_id)
    if participant is None or participant.user_id != person.user_id:
        return None
    if participant.channel != person.channel:
        return None
    if person.team_id not in (participant.team_id, participant.home_team_id):
        return None
    workshop = session.get(Workshop, participant.workshop_id)
    return (participant, workshop) if workshop is not None else None


def own_step(
    session: Session, person: Person, participant_id: int, step_id: int
) -> tuple[Participant, Workshop, NextStep] | None:
    """A follow-up's next step with its participant and workshop, only when all are the
    person's own (a forged or stale reference finds nothing)."""
    own = own_participation(session, person, participant_id)
    if own is None:
        return None
    step = get_next_step(session, own[0], step_id)
    return (*own, step) if step is not None else None


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

    @property
    def responded(self) -> bool:
        """Gave a status in the wave or answered its questions (flows' DigestParticipant)."""
        return bool(self.response) or any(status != "open" for status in self.statuses)


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
            OutboxMessage.kind == MessageKind.FOLLOWUP,
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


@dataclass(frozen=True)
class WaveDelivery:
    """One follow-up wave of a workshop as a report states it."""

    wave: str
    first_sent: datetime | None  # when its first follow-up went out; None: not sent yet
    planned: datetime | None  # the earliest follow-up of it still waiting to go out
    invited: int  # people it was sent to
    answered: int  # of them, people who gave a status or answered its questions in it


def wave_deliveries(
    session: Session, workshop_id: int, waves: Sequence[str]
) -> dict[str, WaveDelivery]:
    """Each wave's sending and answers, as the digest counts them (`wave_records`)."""
    sent: dict[str, datetime] = {}
    planned: dict[str, datetime] = {}
    for payload, due_at, sent_at, dead_at, cancelled_at in session.execute(
        select(
            OutboxMessage.payload,
            OutboxMessage.due_at,
            OutboxMessage.sent_at,
            OutboxMessage.dead_at,
            OutboxMessage.cancelled_at,
        ).where(
            OutboxMessage.workshop_id == workshop_id,
            OutboxMessage.kind == MessageKind.FOLLOWUP,
        )
    ):
        wave = str((payload or {}).get("wave") or "")
        if sent_at is not None:
            sent[wave] = min(sent.get(wave, sent_at), sent_at)
        elif dead_at is None and cancelled_at is None:
            planned[wave] = min(planned.get(wave, due_at), due_at)
    found: dict[str, WaveDelivery] = {}
    for wave in waves:
        records = wave_records(session, workshop_id, wave) if wave in sent else []
        found[wave] = WaveDelivery(
            wave=wave,
            first_sent=sent.get(wave),
            planned=planned.get(wave),
            invited=sum(1 for r in records if r.invited),
            answered=sum(1 for r in records if r.invited and r.responded),
        )
    return found


# -- what rendering a claimed batch reads ------------------------------------------------


class Lookups:
    """What rendering reads besides the row, cached for one session.

    `Lookups.preload(session, rows)` fetches it for a whole claimed batch in a handful of
    set-based queries (profiles, participants, workshops, next steps, workspace statuses);
    anything not preloaded is read on first use, one query each.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._profiles: dict[Person, UserProfile | None] = {}
        self._steps: dict[int, list[NextStep]] = {}
        self._statuses: dict[str, str | None] = {}
        # Strong references: the session's identity map alone would let them be collected.
        self._participants: dict[int, Participant | None] = {}
        self._workshops: dict[int, Workshop | None] = {}

    @classmethod
    def preload(cls, session: Session, rows: list[Claimed]) -> Lookups:
        lookups = cls(session)
        people = {row.recipient for row in rows}
        ids = sorted({row.participant_id for row in rows if row.participant_id is not None})
        teams = {row.team_id for row in rows}
        if people:
            lookups._profiles.update(dict.fromkeys(people))
            for profile in session.scalars(
                select(UserProfile).where(
                    tuple_(UserProfile.team_id, UserProfile.channel, UserProfile.user_id).in_(
                        sorted((p.team_id, p.channel.value, p.user_id) for p in people)
                    )
                )
            ):
                found = Person(profile.team_id, profile.user_id, Channel(profile.channel))
                lookups._profiles[found] = profile
        if ids:
            lookups._participants.update(dict.fromkeys(ids))
            for participant in session.scalars(select(Participant).where(Participant.id.in_(ids))):
                lookups._participants[participant.id] = participant
            workshop_ids = sorted(
                {p.workshop_id for p in lookups._participants.values() if p is not None}
            )
            for workshop in session.scalars(select(Workshop).where(Workshop.id.in_(workshop_ids))):
                lookups._workshops[workshop.id] = workshop
            lookups._steps.update({pid: [] for pid in ids})
            for step in session.scalars(
                select(NextStep)
                .where(NextStep.participant_id.in_(ids))
                .order_by(NextStep.participant_id, NextStep.position)
            ):
                lookups._steps[step.participant_id].append(step)
        lookups._statuses.update(statuses(session, teams))
        return lookups

    def profile(self, person: Person) -> UserProfile | None:
        if person not in self._profiles:
            self._profiles[person] = get_profile(self.session, person)
        return self._profiles[person]

    def participant(self, participant_id: int) -> Participant | None:
        if participant_id not in self._participants:
            self._participants[participant_id] = self.session.get(Participant, participant_id)
        return self._participants[participant_id]

    def workshop(self, workshop_id: int) -> Workshop | None:
        if workshop_id not in self._workshops:
            self._workshops[workshop_id] = self.session.get(Workshop, workshop_id)
        return self._workshops[workshop_id]

    def next_steps(self, participant_id: int) -> list[NextStep]:
        if participant_id not in self._steps:
            self._steps[participant_id] = next_steps_of(self.session, participant_id)
        return self._steps[participant_id]

    def workspace_status(self, team_id: str) -> str | None:
        """None when the workspace is unknown (treated as active, as before)."""
        if team_id not in self._statuses:
            self._statuses.update(statuses(self.session, {team_id}))
        return self._statuses[team_id]
