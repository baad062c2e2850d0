"""The same theme day with Mette, who took part from her phone's browser (a web participant of
Aarhus' workshop), and the links her mails would carry: issued here as the mail renderer
issues them (storage.repositories.web tokens with their purpose and payload)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services import Services
from flows.followupref import FollowUpRef
from flows.identity import Channel, Person
from storage.db import transaction
from storage.models import (
    FactorRating,
    FollowUpResponse,
    HelpRequest,
    MailAddress,
    NextStep,
    NextStepUpdate,
    OutboxMessage,
    Participant,
    StepDropReason,
    StepReplan,
    WebToken,
    Workshop,
)
from storage.repositories import participants as people
from storage.repositories import web, workspaces
from storage.repositories.participants import NextStepInput
from tests.bot.followups.story import THEME_DAY, WAVE

METTE = Person("TAARHUS", "wMetteFraOdder000000000000", Channel.WEB)
METTES_STEP = "Sætte trafiklys på dagsordenen i chefgruppen"
METTES_ADDRESS = "mette@odder.dk"
LINK_DAYS = 30


@dataclass(frozen=True)
class WebDay:
    workshop_id: int
    mette: FollowUpRef  # her follow-up, about her next step


def mette_joins(services: Services, workshop_id: int, locale: str = "da-DK") -> WebDay:
    """Mette reflects on the web: joined, her next step written, her language known."""
    on_the_day = datetime.combine(THEME_DAY, datetime.min.time(), UTC) + timedelta(hours=11)
    with transaction(services.sessions) as session:
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        workspaces.upsert_profile(
            session, METTE, now=on_the_day, locale=locale, tz="Europe/Copenhagen", fetched=True
        )
        participant, _ = people.join(session, workshop, METTE, on_the_day)
        people.start_reflection(session, participant, "health_policy", 1, on_the_day)
        people.save_answers(
            session,
            participant,
            "lights",
            {"lights": {"lights": {"networks": "red", "political_backing": "yellow"}}},
            [],
            on_the_day,
        )
        people.replace_next_steps(
            session, participant, [NextStepInput(1, METTES_STEP, date(2026, 12, 1))], on_the_day
        )
        (planned,) = people.next_steps_of(session, participant.id)
        return WebDay(workshop_id, FollowUpRef(participant.id, WAVE, planned.id))


def link(
    services: Services,
    ref: FollowUpRef,
    purpose: web.Purpose,
    *,
    person: Person = METTE,
    days: int = LINK_DAYS,
    **payload: Any,
) -> str:
    """A link of Mette's, as a mail or her last page would carry it."""
    now = services.clock()
    with transaction(services.sessions) as session:
        return web.issue(
            session,
            person,
            purpose,
            now=now,
            expires_at=now + timedelta(days=days),
            participant_id=ref.participant_id,
            payload=payload or None,
        )


def click_link(services: Services, ref: FollowUpRef, action: str, **kwargs: Any) -> str:
    return link(
        services,
        ref,
        web.Purpose.FOLLOWUP,
        wave=ref.wave,
        step_id=ref.step_id,
        action=action,
        **kwargs,
    )


# Every table a click, a confirmation or a stop could write to.
WATCHED = (
    NextStep,
    NextStepUpdate,
    StepDropReason,
    StepReplan,
    HelpRequest,
    FactorRating,
    FollowUpResponse,
    OutboxMessage,
    MailAddress,
    WebToken,
    Participant,
)


def snapshot(services: Services) -> dict[str, Any]:
    """What the database holds where an answer would show: counts and the changing columns."""
    with services.sessions() as session:
        return {
            **{model.__tablename__: _count(session, model) for model in WATCHED},
            "statuses": sorted(session.execute(select(NextStep.id, NextStep.status)).all()),
            "used": sorted(str(u) for u in session.scalars(select(WebToken.used_at))),
            "mail": sorted(
                (a.address, str(a.confirmed_at), str(a.stopped_at))
                for a in session.scalars(select(MailAddress))
            ),
            "stopped": sorted(
                str(p) for p in session.scalars(select(Participant.reminders_stopped_at))
            ),
            "outbox": sorted(
                (o.kind, o.dedupe_key, str(o.cancelled_at))
                for o in session.scalars(select(OutboxMessage))
            ),
        }


def _count(session: Session, model: Any) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0
