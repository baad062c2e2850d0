"""Rows for storage-level tests, built through the repositories as the bot builds them."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from storage.models import Workshop
from storage.repositories.workshops import NewWorkshop, create_workshop

DAY = date(2026, 10, 17)
NOW = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)


def workshop_spec(**changes: Any) -> NewWorkshop:
    """The form a facilitator sends, with `changes` over plain defaults."""
    values: dict[str, Any] = {
        "title": "Temadag",
        "day": DAY,
        "channel_id": "C1",
        "language": "da",
        "template_id": "health_policy",
        "template_version": 1,
        "created_by": "UFAC",
        **changes,
    }
    return NewWorkshop(**values)


def make_workshop(
    session: Session,
    team: str = "T1",
    *,
    code: str | None = None,
    now: datetime = NOW,
    **changes: Any,
) -> Workshop:
    """A workshop in `team`, created at `now`; its join code is `code`, else a fresh one."""
    join_code = code or uuid.uuid4().hex[:7].upper()
    spec = workshop_spec(**changes)
    return create_workshop(session, team, spec, now=now, make_code=lambda: join_code)
