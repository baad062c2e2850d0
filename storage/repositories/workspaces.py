"""Workspaces (Slack teams) and what we know of their people.

Rows here are created by whichever request of a team or person comes first, and two can come
at once (a double click, a command while App Home opens): each create-if-missing is one
INSERT … ON CONFLICT statement, never a read followed by an insert.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.db import insert
from storage.models import UserProfile, Workspace

_PROFILE_KEY = ["team_id", "user_id"]


def ensure_workspace(session: Session, team_id: str, now: datetime) -> Workspace:
    existing = get_workspace(session, team_id)
    if existing is not None:  # the usual case, and it needs no write
        return existing
    session.execute(
        insert(session, Workspace)
        .values(team_id=team_id, status="active", created_at=now)
        .on_conflict_do_nothing(index_elements=["team_id"])
    )
    workspace = session.scalar(
        select(Workspace)
        .where(Workspace.team_id == team_id)
        .execution_options(populate_existing=True)
    )
    assert workspace is not None
    return workspace


def get_workspace(session: Session, team_id: str) -> Workspace | None:
    return session.scalar(select(Workspace).where(Workspace.team_id == team_id))


def get_profile(session: Session, team_id: str, user_id: str) -> UserProfile | None:
    return session.scalar(
        select(UserProfile).where(UserProfile.team_id == team_id, UserProfile.user_id == user_id)
    )


def _reload_profile(session: Session, team_id: str, user_id: str) -> UserProfile:
    # The statement bypassed the session: refresh a copy it may hold from an earlier read.
    profile = session.scalar(
        select(UserProfile)
        .where(UserProfile.team_id == team_id, UserProfile.user_id == user_id)
        .execution_options(populate_existing=True)
    )
    assert profile is not None
    return profile


def _upsert_profile(session: Session, team_id: str, user_id: str, **values: Any) -> UserProfile:
    """Create the profile if missing and set `values` on it, in one statement."""
    statement = insert(session, UserProfile).values(team_id=team_id, user_id=user_id, **values)
    if values:
        statement = statement.on_conflict_do_update(
            index_elements=_PROFILE_KEY,
            set_={name: statement.excluded[name] for name in values},
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=_PROFILE_KEY)
    session.execute(statement)
    return _reload_profile(session, team_id, user_id)


def upsert_profile(
    session: Session,
    team_id: str,
    user_id: str,
    *,
    now: datetime,
    locale: str | None = None,
    tz: str | None = None,
    fetched: bool = False,
) -> UserProfile:
    if fetched:
        return _upsert_profile(session, team_id, user_id, locale=locale, tz=tz, fetched_at=now)
    return _upsert_profile(session, team_id, user_id)


def set_language(session: Session, team_id: str, user_id: str, language: str | None) -> None:
    _upsert_profile(session, team_id, user_id, language_pref=language)


def mark_unreachable(
    session: Session, team_id: str, user_id: str, reason: str, now: datetime
) -> None:
    """Slack cannot reach the person: keep the first time it said so, and the latest reason."""
    statement = insert(session, UserProfile).values(
        team_id=team_id, user_id=user_id, unreachable_at=now, unreachable_reason=reason[:64]
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
    _reload_profile(session, team_id, user_id)
