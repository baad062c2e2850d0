"""What operators watch: worker heartbeats, the outbox's health, and counts for /metrics.

Read-only apart from the heartbeat; every figure is computed from the database when asked, so
it is the same whichever process (web, worker, several gunicorn workers) answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, column, delete, func, inspect, or_, select, table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from storage.installation_tables import INSTALLATIONS
from storage.models import OutboxMessage, WorkerHeartbeat, Workspace

# A heartbeat row nobody renewed for this long belongs to a process that is gone for good.
FORGET_HEARTBEATS_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class Heartbeats:
    last_beat_at: datetime | None
    alive: int  # workers that beat within the window asked about


@dataclass(frozen=True)
class OutboxHealth:
    pending: int
    overdue: int  # unfinished, due longer ago than asked, in an active workspace
    stuck_leases: int  # leases that ran out without a result and were not taken again
    failing: int  # unfinished rows whose last attempt failed
    dead: int
    paused_workspaces: int


def beat(session: Session, worker_id: str, *, now: datetime, started_at: datetime) -> None:
    """Record that `worker_id` is alive (one atomic upsert) and forget long-gone workers."""
    values = {"worker_id": worker_id[:100], "started_at": started_at, "beat_at": now}
    if session.get_bind().dialect.name == "postgresql":
        statement = pg_insert(WorkerHeartbeat).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["worker_id"], set_={"beat_at": statement.excluded.beat_at}
        )
        session.execute(statement)
    else:
        lite = sqlite_insert(WorkerHeartbeat).values(**values)
        session.execute(
            lite.on_conflict_do_update(
                index_elements=["worker_id"], set_={"beat_at": lite.excluded.beat_at}
            )
        )
    session.execute(
        delete(WorkerHeartbeat).where(WorkerHeartbeat.beat_at < now - FORGET_HEARTBEATS_AFTER)
    )


def heartbeats(session: Session, *, now: datetime, within: timedelta) -> Heartbeats:
    last = session.scalar(select(func.max(WorkerHeartbeat.beat_at)))
    alive = session.scalar(select(func.count()).where(WorkerHeartbeat.beat_at >= now - within))
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=now.tzinfo)
    return Heartbeats(last, int(alive or 0))


def outbox_health(session: Session, *, now: datetime, overdue_after: timedelta) -> OutboxHealth:
    unfinished = and_(
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.dead_at.is_(None),
        OutboxMessage.cancelled_at.is_(None),
    )
    paused = select(Workspace.team_id).where(Workspace.status != "active")
    active = OutboxMessage.team_id.not_in(paused)

    def count(*where: ColumnElement[bool]) -> int:
        return int(session.scalar(select(func.count(OutboxMessage.id)).where(*where)) or 0)

    return OutboxHealth(
        pending=count(unfinished),
        overdue=count(
            unfinished,
            active,
            OutboxMessage.due_at < now - overdue_after,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        ),
        stuck_leases=count(unfinished, OutboxMessage.claimed_until < now - overdue_after),
        failing=count(unfinished, OutboxMessage.last_error.is_not(None)),
        dead=count(OutboxMessage.dead_at.is_not(None)),
        paused_workspaces=int(
            session.scalar(select(func.count()).select_from(paused.subquery())) or 0
        ),
    )


def oldest_due_at(session: Session, *, now: datetime) -> datetime | None:
    """When the oldest unfinished row of an active workspace was first due (None: none is)."""
    paused = select(Workspace.team_id).where(Workspace.status != "active")
    first_due = func.min(func.coalesce(OutboxMessage.first_due_at, OutboxMessage.due_at))
    oldest = session.scalar(
        select(first_due).where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.dead_at.is_(None),
            OutboxMessage.cancelled_at.is_(None),
            OutboxMessage.due_at <= now,
            OutboxMessage.team_id.not_in(paused),
        )
    )
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=now.tzinfo)
    return oldest


def delivery_delays(session: Session, *, since: datetime, limit: int = 50_000) -> list[float]:
    """Seconds from first due to sent of each message sent since `since` (newest first): a
    retry moves due_at, so the delay counts from first_due_at."""
    first_due = func.coalesce(OutboxMessage.first_due_at, OutboxMessage.due_at)
    rows = session.execute(
        select(first_due, OutboxMessage.sent_at)
        .where(OutboxMessage.sent_at >= since)
        .order_by(OutboxMessage.sent_at.desc())
        .limit(limit)
    )
    return [max(0.0, (sent - due).total_seconds()) for due, sent in rows if sent and due]


def workspaces_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(select(Workspace.status, func.count()).group_by(Workspace.status))
    return {str(status): int(count) for status, count in rows}


def installed_workspaces(session: Session) -> int | None:
    """Workspaces with an OAuth installation stored, or None when there is no such table."""
    bind = session.get_bind()
    if not inspect(bind).has_table(INSTALLATIONS):
        return None
    installs = table(INSTALLATIONS, column("team_id"), column("enterprise_id"))
    key = func.coalesce(installs.c.team_id, installs.c.enterprise_id)
    return int(session.scalar(select(func.count(func.distinct(key))).select_from(installs)) or 0)
