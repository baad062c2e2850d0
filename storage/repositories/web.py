"""Links that stand for a person, and the e-mail addresses given for follow-ups.

A token is 32 random bytes shown once (in a link) and stored only as its SHA-256, so a copy
of the database opens nothing. Each has a purpose and an expiry; a one-time link (a status
click, a confirmation) is spent by one atomic UPDATE, so two clicks at once record once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from flows.identity import Channel, Person
from storage.db import insert
from storage.models import MailAddress, WebToken

TOKEN_BYTES = 32
_PERSON_KEY = ["team_id", "channel", "user_id"]


class Purpose(StrEnum):
    PERSONAL = "personal"  # the person's own page: resume, review, follow-ups, their data
    CONFIRM_MAIL = "confirm_mail"  # double opt-in of an e-mail address
    FOLLOWUP = "followup"  # a follow-up's one-click answer (payload: wave, step, action)
    UNSUBSCRIBE = "unsubscribe"  # stop every follow-up (also RFC 8058's List-Unsubscribe)
    SCREEN = "screen"  # the facilitator's screen for the room (payload: workshop_id)


class State(StrEnum):
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Found:
    """What a link stands for, read without spending it."""

    state: State
    purpose: str = ""
    person: Person | None = None
    participant_id: int | None = None
    payload: dict[str, Any] | None = None
    expires_at: datetime | None = None


def new_web_id() -> str:
    """A web participant's user id: random, never shown, and never a Slack id's shape."""
    return "w" + secrets.token_urlsafe(18)  # 25 characters


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue(
    session: Session,
    person: Person,
    purpose: Purpose,
    *,
    now: datetime,
    expires_at: datetime,
    participant_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> str:
    """A new link's token; only its hash is stored."""
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        WebToken(
            token_hash=token_hash(raw),
            purpose=purpose,
            team_id=person.team_id,
            channel=person.channel,
            user_id=person.user_id,
            participant_id=participant_id,
            payload=payload or {},
            created_at=now,
            expires_at=expires_at,
        )
    )
    session.flush()
    return raw


def look_up(session: Session, raw: str, now: datetime, purpose: Purpose | None = None) -> Found:
    """What `raw` stands for; a token of another purpose is unknown here."""
    if not raw or len(raw) > 100:
        return Found(State.UNKNOWN)
    row = session.scalar(select(WebToken).where(WebToken.token_hash == token_hash(raw)))
    if row is None or (purpose is not None and row.purpose != purpose):
        return Found(State.UNKNOWN)
    state = State.VALID
    if row.used_at is not None:
        state = State.USED
    elif row.expires_at <= now:
        state = State.EXPIRED
    return Found(
        state,
        row.purpose,
        Person(row.team_id, row.user_id, Channel(row.channel)),
        row.participant_id,
        dict(row.payload),
        row.expires_at,
    )


def spend(session: Session, raw: str, now: datetime) -> bool:
    """Mark a one-time link used; False when it was used, expired or unknown (a second click)."""
    result = session.execute(
        update(WebToken)
        .where(
            WebToken.token_hash == token_hash(raw),
            WebToken.used_at.is_(None),
            WebToken.expires_at > now,
        )
        .values(used_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def forget_person(session: Session, person: Person) -> int:
    """Every link of the person stops working (their data was deleted)."""
    result = session.execute(delete(WebToken).where(_is_of(WebToken, person)))
    session.execute(delete(MailAddress).where(_is_of(MailAddress, person)))
    return int(result.rowcount)  # type: ignore[attr-defined]


# -- e-mail addresses --------------------------------------------------------------------------


def set_address(session: Session, person: Person, address: str, now: datetime) -> MailAddress:
    """The person's address, unconfirmed: a new address must be confirmed again."""
    statement = insert(session, MailAddress).values(
        team_id=person.team_id,
        channel=person.channel,
        user_id=person.user_id,
        address=address,
        created_at=now,
    )
    statement = statement.on_conflict_do_update(
        index_elements=_PERSON_KEY,
        set_={"address": address, "created_at": now, "confirmed_at": None, "stopped_at": None},
    )
    session.execute(statement)
    found = mail_address(session, person, fresh=True)
    assert found is not None
    return found


def mail_address(session: Session, person: Person, *, fresh: bool = False) -> MailAddress | None:
    query = select(MailAddress).where(_is_of(MailAddress, person))
    if fresh:
        query = query.execution_options(populate_existing=True)
    return session.scalar(query)


def confirm_address(session: Session, person: Person, address: str, now: datetime) -> bool:
    """Confirm the address the link was sent to (not one typed since)."""
    result = session.execute(
        update(MailAddress)
        .where(_is_of(MailAddress, person), MailAddress.address == address)
        .values(confirmed_at=now, stopped_at=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def stop_mail(session: Session, person: Person, now: datetime) -> bool:
    result = session.execute(
        update(MailAddress)
        .where(_is_of(MailAddress, person), MailAddress.stopped_at.is_(None))
        .values(stopped_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def reachable_address(session: Session, person: Person) -> str | None:
    """Where mail to the person may go: confirmed and not stopped; else None."""
    found = mail_address(session, person)
    if found is None or found.confirmed_at is None or found.stopped_at is not None:
        return None
    return found.address


def _is_of(model: type[WebToken] | type[MailAddress], person: Person) -> Any:
    return (
        (model.team_id == person.team_id)
        & (model.channel == person.channel)
        & (model.user_id == person.user_id)
    )
