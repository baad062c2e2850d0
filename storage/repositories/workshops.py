"""Workshops and their facilitators. Every lookup is scoped by Slack team id."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from flows.followups import DEFAULT_OFFSETS
from flows.identity import Channel, Person
from flows.summary import Participation
from storage.db import insert
from storage.models import Answer, Participant, Reflection, Workshop, WorkshopFacilitator


@dataclass(frozen=True)
class NewWorkshop:
    title: str
    day: date
    channel_id: str
    language: str
    template_id: str
    template_version: int
    created_by: str
    co_facilitators: tuple[str, ...] = ()
    min_group_size: int = 5
    followup_offsets: tuple[str, ...] = DEFAULT_OFFSETS
    retention_months: int = 12
    agenda_themes: tuple[str, ...] = ()


def create_workshop(
    session: Session,
    team_id: str,
    new: NewWorkshop,
    *,
    now: datetime,
    make_code: Callable[[], str],
) -> Workshop:
    values = {
        "team_id": team_id,
        "title": new.title,
        "day": new.day,
        "channel_id": new.channel_id,
        "language": new.language,
        "template_id": new.template_id,
        "template_version": new.template_version,
        "status": "open",
        "min_group_size": new.min_group_size,
        "followup_offsets": list(new.followup_offsets),
        "agenda_themes": list(new.agenda_themes),
        "retention_months": new.retention_months,
        "created_by": new.created_by,
        "created_at": now,
    }
    workshop_id = None
    while workshop_id is None:
        # A code taken meanwhile (by another request too) makes the insert a no-op: draw again.
        workshop_id = session.execute(
            insert(session, Workshop)
            .values(code=make_code(), **values)
            .on_conflict_do_nothing(index_elements=["code"])
            .returning(Workshop.id)
        ).scalar()
    workshop = session.get_one(Workshop, workshop_id)
    facilitators = dict.fromkeys((new.created_by, *new.co_facilitators))
    # Workshops are created from Slack, by Slack users, with Slack co-facilitators.
    workshop.facilitators = [
        WorkshopFacilitator(channel=Channel.SLACK, user_id=user) for user in facilitators
    ]
    session.flush()
    return workshop


def get_workshop(session: Session, team_id: str, workshop_id: int) -> Workshop | None:
    return session.scalar(
        select(Workshop).where(Workshop.id == workshop_id, Workshop.team_id == team_id)
    )


def find_by_code(session: Session, team_id: str, code: str) -> Workshop | None:
    return session.scalar(
        select(Workshop).where(Workshop.code == code, Workshop.team_id == team_id)
    )


def find_by_code_alone(session: Session, code: str) -> Workshop | None:
    """The workshop with this code, whichever team's: codes are unique across teams, and a
    person on the web belongs to no team until they join."""
    return session.scalar(select(Workshop).where(Workshop.code == code))


def find_shared_by_code(
    session: Session, team_id: str, code: str, channel_id: str
) -> Workshop | None:
    """Another workspace's workshop with this code, announced in `channel_id`: a channel shared
    with `team_id` by Slack Connect (Slack signs which channel a command came from)."""
    if not channel_id:
        return None
    return session.scalar(
        select(Workshop).where(
            Workshop.code == code,
            Workshop.channel_id == channel_id,
            Workshop.team_id != team_id,
        )
    )


def is_facilitator(workshop: Workshop, person: Person) -> bool:
    return any(
        f.user_id == person.user_id and f.channel == person.channel for f in workshop.facilitators
    )


def facilitated_workshop(
    session: Session, team_id: str, workshop_id: int, person: Person
) -> Workshop | None:
    """This workshop, if this person facilitates it: the one rule for who sees a workshop's
    data, its digests and the help its participants ask for."""
    workshop = get_workshop(session, team_id, workshop_id)
    return workshop if workshop is not None and is_facilitator(workshop, person) else None


def facilitated_by(session: Session, person: Person) -> list[Workshop]:
    return list(session.scalars(_facilitated(select(Workshop), person)))


def facilitated_ids(session: Session, person: Person) -> list[int]:
    """The ids alone: `opsummering alle` covers every workshop a person ever facilitated."""
    return list(session.scalars(_facilitated(select(Workshop.id), person)))


def _facilitated(query: Select[Any], person: Person) -> Select[Any]:
    return (
        query.join(WorkshopFacilitator, WorkshopFacilitator.workshop_id == Workshop.id)
        .where(
            Workshop.team_id == person.team_id,
            WorkshopFacilitator.channel == person.channel,
            WorkshopFacilitator.user_id == person.user_id,
        )
        .order_by(Workshop.day.desc(), Workshop.id.desc())
    )


def close_workshop(session: Session, team_id: str, workshop_id: int, now: datetime) -> str | None:
    """Close an open workshop of this team; its title, or None when there was none to close."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None or workshop.team_id != team_id or workshop.status == "closed":
        return None
    workshop.status = "closed"
    workshop.closed_at = now
    session.flush()
    return workshop.title


def set_announcement(session: Session, workshop: Workshop, ts: str | None) -> None:
    workshop.announcement_ts = ts
    session.flush()


def participation(session: Session, workshop_ids: Iterable[int]) -> dict[int, Participation]:
    ids = list(workshop_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(
            Participant.workshop_id,
            func.count(Participant.id),
            func.count(Reflection.id),
            func.count(Reflection.completed_at),
            func.count(Participant.id).filter(
                Reflection.id.is_(None),
                exists().where(Answer.participant_id == Participant.id),
            ),
        )
        .outerjoin(Reflection, Reflection.participant_id == Participant.id)
        .where(Participant.workshop_id.in_(ids))
        .group_by(Participant.workshop_id)
    )
    counts = {row[0]: Participation(row[1], row[2], row[3], row[4]) for row in rows}
    return {i: counts.get(i, Participation(0, 0, 0)) for i in ids}
