"""A web participant as the web pages leave them in the database: joined, answered, a personal
link, perhaps an e-mail address. Written through the repositories, as the reflection's and the
mail's pages would write them; the privacy pages only read and delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.services import Services
from flows.identity import Channel, Person
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import participants as people
from storage.repositories import web
from storage.repositories.participants import NextStepInput
from storage.repositories.workspaces import ensure_workspace
from tests.support.factories import make_workshop

TEAM = "T1"
NOW = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)
CODE = "KBCDEF"
ADDRESS = "pernille@kommune.example"


@dataclass(frozen=True)
class WebPerson:
    person: Person
    token: str
    workshop_id: int


def workshop(services: Services, code: str = CODE, **changes: object) -> Workshop:
    with transaction(services.sessions) as session:
        ensure_workspace(session, TEAM, NOW)
        return make_workshop(session, TEAM, code=code, now=NOW, **changes)


def web_participant(
    services: Services,
    code: str = CODE,
    *,
    user_id: str = "wPERNILLE000000000000000",
    text: str = "Vi fik en tværgående styregruppe",
    address: str | None = ADDRESS,
    confirmed: bool = True,
    expires_in: timedelta = timedelta(days=400),
) -> WebPerson:
    """A web person who answered one step, wrote a next step, and got a personal link."""
    person = Person(TEAM, user_id, Channel.WEB)
    with transaction(services.sessions) as session:
        found = session.query(Workshop).filter(Workshop.code == code).one()
        participant, _ = people.join(session, found, person, NOW)
        people.start_reflection(session, participant, found.template_id, 1, NOW)
        people.save_answers(
            session, participant, "succeeded", {"succeeded": {"text": text}}, [], NOW
        )
        people.replace_next_steps(
            session,
            participant,
            [NextStepInput(1, "Tal med chefgruppen om årshjulet", date(2026, 12, 1))],
            NOW,
        )
        token = web.issue(
            session,
            person,
            web.Purpose.PERSONAL,
            now=NOW,
            expires_at=NOW + expires_in,
            participant_id=participant.id,
        )
        if address is not None:
            web.set_address(session, person, address, NOW)
            if confirmed:
                web.confirm_address(session, person, address, NOW + timedelta(minutes=5))
        return WebPerson(person, token, found.id)
