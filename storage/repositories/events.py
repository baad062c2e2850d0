"""Deduplication of deliveries Slack may send more than once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from storage.db import insert
from storage.models import ProcessedEvent


def first_time(session: Session, key: str, now: datetime) -> bool:
    """Record the key; False when it was recorded before (a retry or a double click)."""
    recorded = session.execute(
        insert(session, ProcessedEvent)
        .values(key=key[:200], created_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(ProcessedEvent.id)
    ).scalar()
    return recorded is not None


def forget_before(session: Session, cutoff: datetime) -> int:
    result = session.execute(delete(ProcessedEvent).where(ProcessedEvent.created_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


RETENTION = timedelta(days=2)
