"""Workspaces (Slack teams), their lifecycle, and what we know of their people.

A workspace is active, paused (Slack refused its token: nothing is sent until an operator
resumes it) or uninstalled (the app left: nothing is sent, and its data goes after the grace
period). Every change of state is here, once.

Rows here are created by whichever request of a team or person comes first, and two can come
at once (a double click, a command while App Home opens): each create-if-missing is one
INSERT … ON CONFLICT statement, never a read followed by an insert.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from flows.identity import Person
from storage.db import insert
from storage.models import OutboxMessage, UserProfile, Workspace

ACTIVE = "active"
PAUSED = "paused"
UNINSTALLED = "uninstalled"
_PROFILE_KEY = ["team_id", "channel", "user_id"]


def get_workspace(session: Session, team_id: str) -> Workspace | None:
    return session.scalar(select(Workspace).where(Workspace.team_id == team_id))


def ensure_workspace(session: Session, team_id: str, now: datetime) -> Workspace:
    """The team's workspace, created active if missing (one atomic insert; races are safe)."""
    workspace = get_workspace(session, team_id)
    if workspace is not None:
        return workspace
    session.execute(
        insert(session, Workspace)
        .values(team_id=team_id, status=ACTIVE, created_at=now)
        .on_conflict_do_nothing(index_elements=["team_id"])
    )
    found = session.scalar(
        select(Workspace)
        .where(Workspace.team_id == team_id)
        .execution_options(populate_existing=True)
    )
    assert found is not None
    return found


def pause_workspace(session: Session, team_id: str, reason: str, now: datetime) -> Workspace:
    """Slack refused the workspace's token: stop all sending until an operator resumes it."""
    workspace = ensure_workspace(session, team_id, now)
    workspace.status = PAUSED
    workspace.paused_reason = reason[:64]
    session.flush()
    return workspace


def uninstall_workspace(session: Session, team_id: str, reason: str, now: datetime) -> int:
    """The app left the workspace: stop all sending and cancel everything not yet sent.

    Returns how many outbox rows were cancelled. A workspace that left before keeps its first
    `uninstalled_at`, from which the grace period before its data is deleted runs.
    """
    workspace = ensure_workspace(session, team_id, now)
    workspace.status = UNINSTALLED
    workspace.paused_reason = reason[:64]
    if workspace.uninstalled_at is None:
        workspace.uninstalled_at = now
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.team_id == team_id,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.dead_at.is_(None),
            OutboxMessage.cancelled_at.is_(None),
        )
        .values(cancelled_at=now)
    )
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def resume_workspace(session: Session, team_id: str) -> bool:
    """An operator brings a paused or uninstalled workspace back; False when it was active."""
    workspace = get_workspace(session, team_id)
    if workspace is None or workspace.status == ACTIVE:
        return False
    workspace.status = ACTIVE
    workspace.paused_reason = None
    # Back for good: the grace-period purge of an uninstalled workspace must not follow.
    workspace.uninstalled_at = None
    session.flush()
    return True


def installed(session: Session, team_id: str, now: datetime) -> Workspace:
    """The app was installed (again) through OAuth: the workspace is active at once, without an
    operator, and the grace-period purge of an earlier uninstall no longer applies."""
    workspace = ensure_workspace(session, team_id, now)
    workspace.status = ACTIVE
    workspace.paused_reason = None
    workspace.uninstalled_at = None
    session.flush()
    return workspace


def is_uninstalled(session: Session, team_id: str) -> bool:
    status = session.scalar(select(Workspace.status).where(Workspace.team_id == team_id))
    return status == UNINSTALLED


def uninstalled_before(session: Session, cutoff: datetime) -> list[str]:
    return list(
        session.scalars(
            select(Workspace.team_id).where(
                Workspace.status == UNINSTALLED,
                Workspace.uninstalled_at.is_not(None),
                Workspace.uninstalled_at <= cutoff,
            )
        )
    )


def statuses(session: Session, team_ids: set[str]) -> dict[str, str | None]:
    """Each team's status; None for a team never seen (treated as active)."""
    found: dict[str, str | None] = dict.fromkeys(team_ids)
    if team_ids:
        for team_id, status in session.execute(
            select(Workspace.team_id, Workspace.status).where(
                Workspace.team_id.in_(sorted(team_ids))
            )
        ):
            found[team_id] = status
    return found


def _is_profile_of(person: Person) -> Any:
    return (
        (UserProfile.team_id == person.team_id)
        & (UserProfile.channel == person.channel)
        & (UserProfile.user_id == person.user_id)
    )


def _key_of(person: Person) -> dict[str, str]:
    return {"team_id": person.team_id, "channel": person.channel, "user_id": person.user_id}


def get_profile(session: Session, person: Person) -> UserProfile | None:
    return session.scalar(select(UserProfile).where(_is_profile_of(person)))


def _reload_profile(session: Session, person: Person) -> UserProfile:
    # The statement bypassed the session: refresh a copy it may hold from an earlier read.
    profile = session.scalar(
        select(UserProfile).where(_is_profile_of(person)).execution_options(populate_existing=True)
    )
    assert profile is not None
    return profile


def _upsert_profile(session: Session, person: Person, **values: Any) -> UserProfile:
    """Create the profile if missing and set `values` on it, in one statement."""
    statement = insert(session, UserProfile).values(**_key_of(person), **values)
    if values:
        statement = statement.on_conflict_do_update(
            index_elements=_PROFILE_KEY,
            set_={name: statement.excluded[name] for name in values},
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=_PROFILE_KEY)
    session.execute(statement)
    return _reload_profile(session, person)


def upsert_profile(
    session: Session,
    person: Person,
    *,
    now: datetime,
    locale: str | None = None,
    tz: str | None = None,
    fetched: bool = False,
) -> UserProfile:
    if fetched:
        return _upsert_profile(session, person, locale=locale, tz=tz, fetched_at=now)
    return _upsert_profile(session, person)


def set_language(session: Session, person: Person, language: str | None) -> None:
    _upsert_profile(session, person, language_pref=language)


def mark_unreachable(session: Session, person: Person, reason: str, now: datetime) -> None:
    """Slack cannot reach the person: keep the first time it said so, and the latest reason."""
    statement = insert(session, UserProfile).values(
        **_key_of(person), unreachable_at=now, unreachable_reason=reason[:64]
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=_PROFILE_KEY,
            set_={
                "unreachable_at": func.coalesce(
                    UserProfile.unreachable_at, statement.excluded.unreachable_at
                ),
                "unreachable_reason": statement.excluded.unreachable_reason,
            },
        )
    )
    _reload_profile(session, person)
