"""A room to read, written straight through the repositories, and the services a channel-free
use case runs on: a database, the templates, the settings and a fixed clock. No channel at all:
a use case that asks for Slack fails the test."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import count
from typing import Any

from bot.services import Services
from flows.factors import FACTORS as ALL_FACTORS
from flows.identity import Person
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import participants as people
from storage.repositories.participants import NextStepInput
from storage.repositories.workshops import NewWorkshop, create_workshop
from storage.repositories.workspaces import ensure_workspace
from tests.support.factories import channel_free_services as channel_free_services

TEAM = "T1"
NOW = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)
DAY = date(2026, 10, 17)
FACTORS = tuple(factor.id for factor in ALL_FACTORS)


_codes = count(1)


@dataclass(frozen=True)
class Someone:
    """One participant of the room, and what they answered."""

    user_id: str
    succeeded: str
    light: str = "green"
    steps: Sequence[tuple[str, date | None]] = ()
    named: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def make_room(
    services: Services,
    facilitator: Person,
    room: Sequence[Someone],
    *,
    title: str = "Fra politik til praksis",
    team_id: str = TEAM,
    co_facilitators: tuple[str, ...] = (),
) -> Workshop:
    """A workshop the facilitator runs, and the room's answers, each reflection completed."""
    with transaction(services.sessions) as session:
        ensure_workspace(session, team_id, NOW)
        workshop = create_workshop(
            session,
            team_id,
            NewWorkshop(
                title=title,
                day=DAY,
                channel_id="C0WORKSHOP",
                language="da",
                template_id="health_policy",
                template_version=1,
                created_by=facilitator.user_id,
                co_facilitators=co_facilitators,
            ),
            now=NOW,
            make_code=lambda: f"RUM{next(_codes):04d}",
        )
        for someone in room:
            participant, _ = people.join(
                session, workshop, Person.slack(workshop.team_id, someone.user_id), NOW
            )
            participant.named = someone.named
            reflection = people.start_reflection(session, participant, "health_policy", 1, NOW)
            values = {
                "succeeded": {"text": someone.succeeded},
                "lights": {"lights": dict.fromkeys(FACTORS, someone.light)},
                **someone.extra,
            }
            people.save_answers(session, participant, "seed", values, [], NOW)
            people.replace_next_steps(
                session,
                participant,
                [NextStepInput(i + 1, text, d) for i, (text, d) in enumerate(someone.steps)],
                NOW,
            )
            reflection.status = "completed"
            reflection.completed_at = NOW
        return workshop
