"""What listeners and the worker share: settings, database, templates, Slack, the clock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.slack_api import SlackFailure, SlackGateway
from flows.i18n import Language, resolve_language
from flows.joincode import new_code
from flows.templates import TemplateRegistry
from storage.db import SessionFactory
from storage.repositories import workspaces

log = logging.getLogger(__name__)
PROFILE_MAX_AGE = timedelta(days=7)


def utcnow() -> datetime:
    return datetime.now(UTC)


_background = ThreadPoolExecutor(max_workers=4, thread_name_prefix="after-ack")


def _run_in_background(work: Callable[[], object]) -> object:
    return _background.submit(work)


@dataclass
class Services:
    settings: Settings
    sessions: SessionFactory
    templates: TemplateRegistry
    slack: SlackGateway
    clock: Callable[[], datetime] = utcnow
    make_code: Callable[[], str] = field(default=lambda: new_code())
    # Work after a view submission's ack (Slack calls); tests swap in an executor they can await.
    run_later: Callable[[Callable[[], object]], object] = _run_in_background

    def language(
        self, session: Session, team_id: str, user_id: str, *, fetch: bool = True
    ) -> Language:
        """The person's language; asks Slack for their locale when we have not recently."""
        now = self.clock()
        profile = workspaces.get_profile(session, team_id, user_id)
        stale = (
            profile is None
            or profile.fetched_at is None
            or now - profile.fetched_at > PROFILE_MAX_AGE
        )
        if stale and fetch:
            try:
                user = self.slack.user_info(user_id)
                profile = workspaces.upsert_profile(
                    session,
                    team_id,
                    user_id,
                    now=now,
                    locale=user.get("locale"),
                    tz=user.get("tz"),
                    fetched=True,
                )
            except SlackFailure:
                log.info("users.info unavailable; using the default language")
        return resolve_language(
            profile.language_pref if profile else None,
            profile.locale if profile else None,
            self.settings.default_language,
            follow_locale=self.settings.follow_slack_locale,
        )

    def may_create_workshops(self, user_id: str) -> bool:
        return not self.settings.facilitators or user_id in self.settings.facilitators
