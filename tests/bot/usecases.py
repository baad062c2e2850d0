"""Use cases called directly, as any channel would: a real database, no Slack at all."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bot.services import Services
from flows.identity import Person
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import workshops
from storage.repositories.workspaces import ensure_workspace
from tests.support.factories import channel_free_services, workshop_spec

TEAM = "T1"
FACILITATOR = "UFACIL01"


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


def services_on(tmp_path: Path, **settings: Any) -> Iterator[Services]:
    """Services over a fresh SQLite database; the clock stands at the first temadag's morning.

    No workspace is installed: a use case that asked Slack for anything would get nothing
    (the person's language falls back to Danish)."""
    yield from channel_free_services(
        f"sqlite:///{tmp_path}/usecases.sqlite3",
        Clock(datetime(2026, 10, 17, 8, 30, tzinfo=UTC)),
        **settings,
    )


def make_workshop(
    services: Services,
    title: str = "Fra politik til praksis",
    day: date = date(2026, 10, 17),
    **fields: Any,
) -> int:
    """A workshop as the create form would store it; returns its id."""
    with transaction(services.sessions) as session:
        ensure_workspace(session, TEAM, services.clock())
        made = workshops.create_workshop(
            session,
            TEAM,
            workshop_spec(
                title=title, day=day, channel_id="C0WORKSHOP", created_by=FACILITATOR, **fields
            ),
            now=services.clock(),
            make_code=services.make_code,
        )
        return made.id


def code_of(services: Services, workshop_id: int) -> str:
    with transaction(services.sessions) as session:
        found = session.get(Workshop, workshop_id)
        assert found is not None
        return found.code


def person(user_id: str) -> Person:
    return Person.slack(TEAM, user_id)
