"""Seeding follow-ups straight into the database, for delivery tests that need many."""

from __future__ import annotations

from datetime import datetime

from bot.composition import build_services
from bot.config import Settings
from bot.slack.services import SlackServices
from flows.identity import Channel, Person
from flows.outbox import followup_key
from storage.db import transaction
from storage.migrate import upgrade
from storage.models import NextStep, Participant
from storage.repositories import outbox
from storage.repositories.workspaces import ensure_workspace
from tests.support.factories import make_workshop
from tests.support.harness import settings_for
from tests.support.slack_standin import SlackStandIn

TEAM = "T1"


def worker_services(standin: SlackStandIn, database_url: str, **overrides: object) -> SlackServices:
    settings: Settings = settings_for(standin, database_url, **overrides)
    upgrade(settings.database_url)
    return build_services(settings, interactive=False)


def user(number: int) -> str:
    return f"U{number:07d}"


def seed_followups(
    services: SlackServices,
    count: int,
    due_at: datetime,
    first: int = 0,
    channel: Channel = Channel.SLACK,
) -> list[str]:
    """`count` participants of `channel` with one next step each and a due 2w follow-up;
    returns user ids."""
    users = [user(first + n) for n in range(count)]
    with transaction(services.sessions) as session:
        ensure_workspace(session, TEAM, due_at)
        workshop = make_workshop(
            session,
            TEAM,
            now=due_at,
            title="Fra politik til praksis",
            channel_id="C0WORKSHOP",
            created_by="UFACIL01",
        )
        people = [
            Participant(
                team_id=TEAM, workshop_id=workshop.id, user_id=u, channel=channel, joined_at=due_at
            )
            for u in users
        ]
        session.add_all(people)
        session.flush()
        session.add_all(
            NextStep(
                participant_id=p.id,
                position=1,
                text=f"Besøge chefgruppen ({p.user_id})",
                status="open",
                created_at=due_at,
                updated_at=due_at,
            )
            for p in people
        )
        for p in people:
            outbox.enqueue(
                session,
                kind="followup",
                dedupe_key=followup_key(p.id, "2w"),
                recipient=Person(TEAM, p.user_id, channel),
                workshop_id=workshop.id,
                participant_id=p.id,
                payload={"participant_id": p.id, "wave": "2w"},
                due_at=due_at,
                now=due_at,
            )
    return users
