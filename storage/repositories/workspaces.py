"""Workspaces (Slack teams) and what we know of their people."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import UserProfile, Workspace


def ensure_workspace(session: Session, team_id: str, now: datetime) -> Workspace:
    workspace = session.scalar(select(Workspace).where(Workspace.team_id == team_id))
    if workspace is None:
        workspace = Workspace(team_id=team_id, status="active", created_at=now)
        session.add(workspace)
        session.flush()
    return workspace


def get_workspace(session: Session, team_id: str) -> Workspace | None:
    return session.scalar(select(Workspace).where(Workspace.team_id == team_id))


def get_profile(session: Session, team_id: str, user_id: str) -> UserProfile | None:
    return session.scalar(
        select(UserProfile).where(UserProfile.team_id == team_id, UserProfile.user_id == user_id)
    )


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
    profile = get_profile(session, team_id, user_id)
    if profile is None:
        profile = UserProfile(team_id=team_id, user_id=user_id)
        session.add(profile)
    if fetched:
        profile.locale = locale
        profile.tz = tz
        profile.fetched_at = now
    session.flush()
    return profile


def set_language(session: Session, team_id: str, user_id: str, language: str | None) -> None:
    profile = get_profile(session, team_id, user_id)
    if profile is None:
        profile = UserProfile(team_id=team_id, user_id=user_id)
        session.add(profile)
    profile.language_pref = language
    session.flush()
