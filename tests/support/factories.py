"""Rows for storage-level tests, built through the repositories as the bot builds them, and the
services a use case is called with as any channel would call it (no channel at all)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.services import Services
from flows.templates import TemplateRegistry
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
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


def channel_free_services(
    database_url: str, clock: Callable[[], datetime] = lambda: NOW, **settings: Any
) -> Iterator[Services]:
    """Services over a migrated database and nothing else: no Slack, no web, no mail. A use
    case that reached for a channel would not type-check, and finds none at run time."""
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        yield Services(
            settings=Settings(_env_file=None, database_url=database_url, **settings),  # type: ignore[call-arg]
            sessions=make_session_factory(engine),
            templates=TemplateRegistry.load(),
            run_later=lambda work: work(),
            clock=clock,
        )
    finally:
        engine.dispose()
