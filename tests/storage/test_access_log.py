"""The access log: one entry per workshop seen."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from flows.identity import Person
from storage.db import transaction
from storage.models import AccessLogEntry
from storage.repositories import access_log

NOW = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)


def test_access_is_recorded_per_workshop(sessions: Any) -> None:
    with transaction(sessions) as session:
        access_log.record(session, Person.slack("T1", "UFAC"), [1, 2], "export", NOW)
    with transaction(sessions) as session:
        rows = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id)).all()
        assert [(r.workshop_id, r.action, r.actor_user_id) for r in rows] == [
            (1, "export", "UFAC"),
            (2, "export", "UFAC"),
        ]
