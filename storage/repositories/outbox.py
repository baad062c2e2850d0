"""The outbox: every follow-up, reminder and digest that must be sent later, as a row.

Life of a row: enqueued (unique dedupe key; a second enqueue of the same key is a no-op) → due →
claimed by one worker for a lease (claimed_until/claimed_by, attempts + 1) → exactly one result is
recorded: sent, retry later (due_at moved, lease released), dead-lettered, or cancelled. A worker
that dies without recording a result leaves its lease to expire; the row is then claimable again
and the claim says it was *reclaimed*, so the sender can look for the message in Slack before
sending it a second time.

PostgreSQL claims with ``SELECT ... FOR UPDATE SKIP LOCKED``; SQLite (where SQLAlchemy silently
drops SKIP LOCKED) with one UPDATE ... RETURNING over the candidates that re-checks that each is
still claimable (SQLite has one writer at a time, so check and claim are atomic).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select, true, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from flows.identity import Channel, Person
from storage.models import OutboxMessage, Workspace

# Recorded when a lease ran out without a result: the send may or may not have reached Slack.
LEASE_EXPIRED = "lease_expired"


@dataclass(frozen=True)
class Claimed:
    """A row this worker holds the lease of: plain values, usable after the session closes."""

    id: int
    team_id: str
    kind: str
    dedupe_key: str
    recipient_user_id: str
    workshop_id: int | None
    participant_id: int | None
    payload: dict[str, Any]
    due_at: datetime
    attempts: int  # including this claim
    last_error: str | None
    channel_id: str | None
    created_at: datetime
    reclaimed: bool  # a previous claim ended without a recorded result
    # An earlier chat.postMessage whose answer was never recorded: it may be in Slack.
    posting_since: datetime | None = None
    recipient_channel: Channel = Channel.SLACK

    @property
    def recipient(self) -> Person:
        return Person(self.team_id, self.recipient_user_id, self.recipient_channel)


def enqueue(
    session: Session,
    *,
    recipient: Person,
    kind: str,
    dedupe_key: str,
    due_at: datetime,
    now: datetime,
    workshop_id: int | None = None,
    participant_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> bool:
    """Add a row; False (and nothing changes) when the dedupe key exists already.

    `recipient.team_id` is the workspace that delivers to them (a Slack Connect guest's own)."""
    values = {
        "team_id": recipient.team_id,
        "kind": kind,
        "dedupe_key": dedupe_key,
        "channel": recipient.channel,
        "recipient_user_id": recipient.user_id,
        "workshop_id": workshop_id,
        "participant_id": participant_id,
        "payload": payload or {},
        "due_at": due_at,
        "first_due_at": due_at,
        "attempts": 0,
        "created_at": now,
    }
    if session.get_bind().dialect.name == "postgresql":
        statement: Any = pg_insert(OutboxMessage).values(**values)
    else:
        statement = sqlite_insert(OutboxMessage).values(**values)
    statement = statement.on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(
        OutboxMessage.id
    )
    return session.execute(statement).scalar() is not None


def existing_keys(session: Session, keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        found.update(
            session.scalars(
                select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(chunk))
            )
        )
    return found


def _unfinished() -> ColumnElement[bool]:
    return and_(
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.dead_at.is_(None),
        OutboxMessage.cancelled_at.is_(None),
    )


def _delivered(channels: Sequence[str]) -> ColumnElement[bool]:
    """Rows of the channels the claiming process can send to (the outlets it wired). A row
    for anyone else waits, never claimed, until a process that reaches their channel runs: a
    web participant's message must never go to Slack, nor be claimed without SMTP_URL."""
    return OutboxMessage.channel.in_(sorted(str(channel) for channel in channels))


def _claimable(
    now: datetime, paused: Sequence[str], channels: Sequence[str]
) -> ColumnElement[bool]:
    return and_(
        _unfinished(),
        OutboxMessage.due_at <= now,
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        _sending_to(paused),
        _delivered(channels),
    )


def _sending_to(paused: Sequence[str]) -> ColumnElement[bool]:
    return OutboxMessage.team_id.not_in(paused) if paused else true()


def paused_teams(session: Session) -> list[str]:
    """Workspaces nothing may be sent to now (paused or uninstalled): a handful at most.

    Read first and passed as a list, not joined: with a join, PostgreSQL read every due row of
    a backlog and sorted them before taking the first few; without it, the claim reads the
    index in order and stops after `limit` rows."""
    return list(session.scalars(select(Workspace.team_id).where(Workspace.status != "active")))


def claim_batch(
    session: Session,
    *,
    now: datetime,
    worker_id: str,
    lease: timedelta,
    limit: int,
    channels: Sequence[str],
) -> list[Claimed]:
    """Take up to `limit` due rows of `channels` for this worker; commit the session right
    after."""
    paused = paused_teams(session)
    if session.get_bind().dialect.name == "postgresql":
        return _claim_locked(session, now, worker_id, lease, limit, paused, channels)
    return _claim_compare_and_set(session, now, worker_id, lease, limit, paused, channels)


def claim_query(
    now: datetime,
    limit: int,
    paused: Sequence[str] = (),
    channels: Sequence[str] = (Channel.SLACK,),
) -> Select[Any]:
    """The rows PostgreSQL claims: read in the order of ix_outbox_unfinished, whose predicate
    `_claimable` repeats, so a backlog of sent, dead or cancelled rows is never scanned."""
    return (
        select(OutboxMessage)
        .where(_claimable(now, paused, channels))
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )


def _claim_locked(
    session: Session,
    now: datetime,
    worker_id: str,
    lease: timedelta,
    limit: int,
    paused: Sequence[str],
    channels: Sequence[str],
) -> list[Claimed]:
    rows = list(session.scalars(claim_query(now, limit, paused, channels)))
    claimed = []
    for row in rows:
        reclaimed = row.claimed_until is not None
        row.claimed_until = now + lease
        row.claimed_by = worker_id
        row.attempts += 1
        claimed.append(_snapshot(row, reclaimed))
    session.flush()
    return claimed


def _claim_compare_and_set(
    session: Session,
    now: datetime,
    worker_id: str,
    lease: timedelta,
    limit: int,
    paused: Sequence[str],
    channels: Sequence[str],
) -> list[Claimed]:
    candidates = list(
        session.scalars(
            select(OutboxMessage.id)
            .where(_claimable(now, paused, channels))
            .order_by(OutboxMessage.due_at, OutboxMessage.id)
            .limit(limit)
        )
    )
    if not candidates:
        return []
    # One UPDATE that checks claimability again: SQLite runs one writer at a time, so a row
    # another worker claimed (or finished) since the SELECT is simply not matched, and the
    # RETURNING rows are the ones this worker won. An expired lease is recorded as such, as
    # reclaim_expired() would, so the claim says "reclaimed".
    expired = and_(OutboxMessage.claimed_until.is_not(None), OutboxMessage.claimed_until < now)
    rows = session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates), _claimable(now, paused, channels))
        .values(
            claimed_until=now + lease,
            claimed_by=worker_id,
            attempts=OutboxMessage.attempts + 1,
            last_error=case((expired, LEASE_EXPIRED), else_=OutboxMessage.last_error),
        )
        .returning(OutboxMessage)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return sorted((_snapshot(row, False) for row in rows), key=lambda c: (c.due_at, c.id))


def _snapshot(row: OutboxMessage, reclaimed: bool) -> Claimed:
    return Claimed(
        id=row.id,
        team_id=row.team_id,
        kind=row.kind,
        dedupe_key=row.dedupe_key,
        recipient_user_id=row.recipient_user_id,
        workshop_id=row.workshop_id,
        participant_id=row.participant_id,
        payload=dict(row.payload or {}),
        due_at=row.due_at,
        attempts=row.attempts,
        last_error=row.last_error,
        channel_id=row.channel_id,
        created_at=row.created_at,
        reclaimed=reclaimed or row.last_error == LEASE_EXPIRED,
        posting_since=row.posting_since,
        recipient_channel=Channel(row.channel),
    )


def _held_by(row_id: int, worker_id: str) -> ColumnElement[bool]:
    return and_(OutboxMessage.id == row_id, OutboxMessage.claimed_by == worker_id, _unfinished())


def _set(session: Session, where: ColumnElement[bool], **values: Any) -> bool:
    result = session.execute(
        update(OutboxMessage)
        .where(where)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def mark_sent(
    session: Session, row_id: int, *, now: datetime, channel_id: str | None, message_ts: str | None
) -> bool:
    """Slack accepted the message. Whoever holds the lease, a sent row is sent."""
    return _set(
        session,
        and_(OutboxMessage.id == row_id, _unfinished()),
        sent_at=now,
        claimed_until=None,
        last_error=None,
        channel_id=channel_id,
        message_ts=message_ts,
        posting_since=None,
    )


def mark_posting(session: Session, row_id: int, *, worker_id: str, now: datetime) -> bool:
    """chat.postMessage is about to be called: until its answer is recorded, the row is in
    doubt (kept when a first attempt is already in doubt, so the window is the earliest)."""
    return _set(
        session,
        and_(_held_by(row_id, worker_id), OutboxMessage.posting_since.is_(None)),
        posting_since=now,
    )


def not_posted(session: Session, row_id: int) -> bool:
    """Slack answered (refused, rate limited) or the history shows it absent: not in Slack."""
    return _set(session, OutboxMessage.id == row_id, posting_since=None)


def retry_later(
    session: Session,
    row_id: int,
    *,
    worker_id: str,
    due_at: datetime,
    error: str,
    count_attempt: bool = True,
    channel_id: str | None = None,
) -> bool:
    """Release the lease and try again at `due_at`; a rate limit does not count as an attempt."""
    values: dict[str, Any] = {"due_at": due_at, "claimed_until": None, "last_error": error[:200]}
    if not count_attempt:
        values["attempts"] = OutboxMessage.attempts - 1
    if channel_id:
        values["channel_id"] = channel_id
    return _set(session, _held_by(row_id, worker_id), **values)


def dead_letter(session: Session, row_id: int, *, now: datetime, error: str) -> bool:
    return _set(
        session,
        and_(OutboxMessage.id == row_id, _unfinished()),
        dead_at=now,
        claimed_until=None,
        last_error=error[:200],
    )


def cancel(session: Session, row_id: int, *, now: datetime, reason: str) -> bool:
    return _set(
        session,
        and_(OutboxMessage.id == row_id, _unfinished()),
        cancelled_at=now,
        claimed_until=None,
        last_error=reason[:200],
    )


def cancel_pending(
    session: Session,
    *,
    now: datetime,
    reason: str,
    team_id: str | None = None,
    recipient: Person | None = None,
    participant_id: int | None = None,
    kinds: Sequence[str] | None = None,
) -> int:
    """Cancel every unfinished row matching the filters (at least one filter is required)."""
    conditions: list[ColumnElement[bool]] = [_unfinished()]
    if team_id is not None:
        conditions.append(OutboxMessage.team_id == team_id)
    if recipient is not None:
        conditions.append(OutboxMessage.team_id == recipient.team_id)
        conditions.append(OutboxMessage.channel == recipient.channel)
        conditions.append(OutboxMessage.recipient_user_id == recipient.user_id)
    if participant_id is not None:
        conditions.append(OutboxMessage.participant_id == participant_id)
    if kinds is not None:
        conditions.append(OutboxMessage.kind.in_(list(kinds)))
    if len(conditions) == 1:
        raise ValueError("cancel_pending needs a filter")
    result = session.execute(
        update(OutboxMessage)
        .where(and_(*conditions))
        .values(cancelled_at=now, claimed_until=None, last_error=reason[:200])
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def release(session: Session, row_id: int, *, worker_id: str, error: str) -> bool:
    """Give the row back untouched (e.g. its workspace was paused): the attempt does not count."""
    return _set(
        session,
        _held_by(row_id, worker_id),
        claimed_until=None,
        attempts=OutboxMessage.attempts - 1,
        last_error=error[:200],
    )


def renew_leases(session: Session, *, worker_id: str, until: datetime) -> int:
    """Extend every lease this worker still holds (its heartbeat): a live worker keeps its rows
    however long they wait in its batch or in flight, and a dead one's leases run out soon."""
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.claimed_by == worker_id,
            OutboxMessage.claimed_until.is_not(None),
            _unfinished(),
        )
        .values(claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def reclaim_expired(session: Session, *, now: datetime) -> int:
    """Free rows whose lease ran out without a result, marking them as possibly sent.

    Claiming takes such rows anyway; this makes them visible to operators (``lease_expired``)
    and keeps the "look in Slack before resending" signal once the lease fields are cleared.
    """
    result = session.execute(
        update(OutboxMessage)
        .where(_unfinished(), OutboxMessage.claimed_until < now)
        .values(claimed_until=None, claimed_by=None, last_error=LEASE_EXPIRED)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def next_due_at(session: Session, *, now: datetime, channels: Sequence[str]) -> datetime | None:
    """When the next unfinished row of an active workspace and of `channels` can be claimed:
    the earliest due time of the unleased rows, or the earliest expiry of a lease (a dead
    worker's rows)."""
    sending = and_(_sending_to(paused_teams(session)), _delivered(channels))
    lease_free = or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now)
    free: datetime | None = session.scalar(
        select(func.min(OutboxMessage.due_at)).where(_unfinished(), lease_free, sending)
    )
    expiring: datetime | None = session.scalar(
        select(func.min(OutboxMessage.claimed_until)).where(
            _unfinished(), OutboxMessage.claimed_until >= now, sending
        )
    )
    found = [
        moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)
        for moment in (free, expiring)
        if moment is not None
    ]
    return min(found) if found else None


def get(session: Session, row_id: int) -> OutboxMessage | None:
    return session.get(OutboxMessage, row_id)


def find_by_key(session: Session, dedupe_key: str) -> OutboxMessage | None:
    return session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key))


def problem_rows(
    session: Session, *, include_pending: bool = True, limit: int = 200
) -> list[OutboxMessage]:
    """For operators: dead-lettered rows, rows that failed at least once, then pending ones."""
    conditions: list[ColumnElement[bool]] = [OutboxMessage.dead_at.is_not(None)]
    unfinished_failed = and_(_unfinished(), OutboxMessage.last_error.is_not(None))
    conditions.append(unfinished_failed)
    if include_pending:
        conditions.append(_unfinished())
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(or_(*conditions))
            .order_by(OutboxMessage.dead_at.is_(None), OutboxMessage.due_at, OutboxMessage.id)
            .limit(limit)
        )
    )


def counts(session: Session) -> dict[str, int]:
    def count(where: ColumnElement[bool]) -> int:
        return int(session.scalar(select(func.count(OutboxMessage.id)).where(where)) or 0)

    return {
        "pending": count(_unfinished()),
        "failing": count(and_(_unfinished(), OutboxMessage.last_error.is_not(None))),
        "dead": count(OutboxMessage.dead_at.is_not(None)),
        "sent": count(OutboxMessage.sent_at.is_not(None)),
        "cancelled": count(OutboxMessage.cancelled_at.is_not(None)),
    }


def retry_dead(session: Session, row_id: int, *, now: datetime) -> bool:
    """Put a dead-lettered row back in the queue, due now, with a fresh attempt count."""
    return _set(
        session,
        and_(
            OutboxMessage.id == row_id,
            OutboxMessage.dead_at.is_not(None),
            OutboxMessage.sent_at.is_(None),
        ),
        dead_at=None,
        due_at=now,
        attempts=0,
        claimed_until=None,
        claimed_by=None,
    )
