"""An e-mail address for follow-ups, confirmed by a link before anything is sent to it (double
opt-in): give it, see where it stands, stop it, confirm it.

Channel-free use cases: a `Person` and plain values in, domain values out. The confirmation
mail itself is an outbox row (`MessageKind.MAIL_CONFIRM`) that the mail channel renders with a
`Purpose.CONFIRM_MAIL` link; the planner sends follow-ups only to a `reachable_address`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.services import Services
from flows.i18n import Language
from flows.identity import Person
from flows.outbox import MessageKind, mail_confirm_key
from flows.steps import waves_of
from flows.timing import resolve_tz
from flows.wording import follows_up
from storage.db import transaction
from storage.models import MailAddress, Participant, Workshop
from storage.repositories import outbox, web
from storage.repositories import participants as people

# RFC 5321's limit on a path, and so on any address a mail can be sent to.
ADDRESS_LIMIT = 254
LOCAL_LIMIT = 64
# One address: no spaces, separators, brackets or quotes (so never a list, a display name or
# a header); a domain of at least two labels. Letters beyond ASCII are allowed (æøå.dk).
_FORBIDDEN = r"\s@,;:<>()\[\]\\\""
_ADDRESS = re.compile(
    rf"^(?P<local>[^{_FORBIDDEN}]+)@(?P<domain>[^{_FORBIDDEN}.]+(?:\.[^{_FORBIDDEN}.]+)+)$"
)


class Problem(StrEnum):
    """Why an address was refused (the page words each in the person's language)."""

    EMPTY = "empty"
    LINES = "lines"  # a line break: what a mail header would be smuggled in with
    TOO_LONG = "too_long"
    SHAPE = "shape"  # not one address


class MailState(StrEnum):
    NONE = "none"
    WAITING = "waiting"  # given, not yet confirmed
    CONFIRMED = "confirmed"
    STOPPED = "stopped"


@dataclass(frozen=True)
class MailStatus:
    state: MailState
    address: str | None = None


@dataclass(frozen=True)
class Refused:
    problem: Problem
    typed: str  # as the person typed it, to fill the form again


@dataclass(frozen=True)
class MailOff:
    """SMTP_URL is not set: nothing was stored, no mail can go."""


def address_problem(raw: str) -> Problem | None:
    """Why `raw` (already stripped) is not one address we could send to; None when it is."""
    if not raw:
        return Problem.EMPTY
    if any(ch in raw for ch in "\r\n") or any(ord(ch) < 32 or ord(ch) == 127 for ch in raw):
        return Problem.LINES
    if len(raw) > ADDRESS_LIMIT:
        return Problem.TOO_LONG
    found = _ADDRESS.match(raw)
    if found is None or len(found.group("local")) > LOCAL_LIMIT:
        return Problem.SHAPE
    if found.group("local").startswith(".") or found.group("local").endswith("."):
        return Problem.SHAPE
    if len(found.group("domain").rsplit(".", 1)[-1]) < 2:
        return Problem.SHAPE
    return None


def _status(row: MailAddress | None) -> MailStatus:
    if row is None:
        return MailStatus(MailState.NONE)
    if row.stopped_at is not None:
        return MailStatus(MailState.STOPPED, row.address)
    if row.confirmed_at is None:
        return MailStatus(MailState.WAITING, row.address)
    return MailStatus(MailState.CONFIRMED, row.address)


def mail_status(services: Services, person: Person) -> MailStatus:
    with transaction(services.sessions) as session:
        return _status(web.mail_address(session, person))


def give_address(
    services: Services, person: Person, raw: str, participant_id: int | None = None
) -> MailStatus | Refused | MailOff:
    """Keep the address unconfirmed and queue the mail with its confirmation link. The same
    address already confirmed is left as it is; a new one must be confirmed again.

    `participant_id`: the participation whose page the address was given on; the mail names
    that workshop, and no workshop when it is not known (never merely the first one)."""
    typed = raw.strip()
    problem = address_problem(typed)
    if problem is not None:
        return Refused(problem, raw)
    if not services.settings.mail_enabled:
        return MailOff()
    now = services.clock()
    with transaction(services.sessions) as session:
        current = _status(web.mail_address(session, person))
        if current == MailStatus(MailState.CONFIRMED, typed):
            return current
        row = web.set_address(session, person, typed, now)
        here = [(p, w) for p, w in people.memberships(session, person) if p.id == participant_id]
        outbox.enqueue(
            session,
            kind=MessageKind.MAIL_CONFIRM,
            dedupe_key=mail_confirm_key(row.id, row.created_at),
            recipient=person,
            workshop_id=here[0][1].id if here else None,
            participant_id=here[0][0].id if here else None,
            payload={"mail_address_id": row.id},
            due_at=now,
            now=now,
        )
        return _status(row)


def stop_address(services: Services, person: Person) -> MailStatus:
    """Nothing more goes to the address (kept, so the person sees what was stopped)."""
    with transaction(services.sessions) as session:
        web.stop_mail(session, person, services.clock())
        return _status(web.mail_address(session, person, fresh=True))


# -- the confirmation link ---------------------------------------------------------------------


@dataclass(frozen=True)
class Coming:
    """What follows a confirmation: a workshop's follow-ups still to come, by the day."""

    title: str
    days: tuple[date, ...]


@dataclass(frozen=True)
class ConfirmLink:
    """A confirmation link as its page shows it (read, never spent, by a GET)."""

    state: web.State
    lang: Language | None = None  # the person's, when the link is known
    address: str | None = None
    workshop_code: str | None = None  # the workshop's page, to ask again from
    coming: tuple[Coming, ...] = ()
    confirmed: bool = False  # the address the link was sent to is confirmed now


def confirm_link(services: Services, raw: str) -> ConfirmLink:
    now = services.clock()
    with transaction(services.sessions) as session:
        found = web.look_up(session, raw, now, web.Purpose.CONFIRM_MAIL)
        if found.person is None:
            return ConfirmLink(found.state)
        address = (found.payload or {}).get("address")
        now_reachable = web.reachable_address(session, found.person)
        ours = people.memberships(session, found.person)
        coming = tuple(
            Coming(workshop.title, _still_to_come(services, workshop, now))
            for participant, workshop in ours
            if participant.reminders_stopped_at is None
            and _followed_up(services, session, participant, workshop)
        )
        return ConfirmLink(
            found.state,
            services.language(session, found.person, fetch=False),
            address if isinstance(address, str) else None,
            ours[0][1].code if ours else None,
            tuple(c for c in coming if c.days),
            confirmed=now_reachable is not None and now_reachable == address,
        )


def confirm(services: Services, raw: str) -> ConfirmLink:
    """Confirm the address the link was sent to, once; what the link now says."""
    now = services.clock()
    with transaction(services.sessions) as session:
        found = web.look_up(session, raw, now, web.Purpose.CONFIRM_MAIL)
        address = (found.payload or {}).get("address")
        if (
            found.state is web.State.VALID
            and found.person is not None
            and isinstance(address, str)
            and web.spend(session, raw, now)
        ):
            # An address changed since the link was sent stays unconfirmed (it has its own).
            web.confirm_address(session, found.person, address, now)
    return confirm_link(services, raw)


def _followed_up(
    services: Services, session: Session, participant: Participant, workshop: Workshop
) -> bool:
    return follows_up(
        services.template_for(workshop),
        workshop.followup_offsets or (),
        wrote_next_steps=bool(people.next_steps_of(session, participant.id)),
    )


class Standing(StrEnum):
    """Whether follow-ups can reach the person: the mail page asks for an address only if so."""

    NONE = "none"  # no workshop of theirs follows up next steps they wrote
    STOPPED = "stopped"  # some would, but they stopped every follow-up
    ON = "on"


def standing(services: Services, person: Person) -> Standing:
    with transaction(services.sessions) as session:
        followed = [
            participant
            for participant, workshop in people.memberships(session, person)
            if _followed_up(services, session, participant, workshop)
        ]
    if not followed:
        return Standing.NONE
    if all(p.reminders_stopped_at is not None for p in followed):
        return Standing.STOPPED
    return Standing.ON


def _still_to_come(services: Services, workshop: Workshop, now: datetime) -> tuple[date, ...]:
    today = now.astimezone(resolve_tz(None, services.settings.default_timezone)).date()
    waves = waves_of(workshop.day, workshop.followup_offsets or ())
    return tuple(wave.starts_on for wave in waves if wave.starts_on > today)
