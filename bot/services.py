"""What listeners, services and the worker share: settings, database, templates, Slack, the clock.

`build_services` is the one place that knows how the parts fit; nothing here starts at import.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.afterack import AfterAck
from bot.config import Settings
from bot.ops.metrics import count_rate_limits
from bot.slack.gateway import Gateways, SingleWorkspace, SlackFailure, SlackGateway, make_client
from flows.i18n import Language, resolve_language
from flows.identity import Person
from flows.joincode import new_code
from flows.templates import Template, TemplateRegistry
from storage.db import SessionFactory, make_engine, make_session_factory, transaction
from storage.migrate import upgrade
from storage.models import UserProfile, Workshop
from storage.repositories import workspaces

log = logging.getLogger(__name__)
PROFILE_MAX_AGE = timedelta(days=7)


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Job:
    """A periodic job: features list theirs, the worker schedules them all."""

    name: str
    seconds: int
    run: Callable[[Services], object]


def language_for(settings: Settings, profile: UserProfile | None) -> Language:
    """The one language rule: the person's choice, else their Slack locale, else the default."""
    return resolve_language(
        profile.language_pref if profile else None,
        profile.locale if profile else None,
        settings.default_language,
        follow_locale=settings.follow_slack_locale,
    )


@dataclass
class Services:
    settings: Settings
    sessions: SessionFactory
    templates: TemplateRegistry
    # Each workspace's gateway (its own token); one for all in single-workspace mode.
    gateways: Gateways
    # Work after a view submission's ack (Slack calls): bot.afterack, a few threads that
    # coalesce keyed tasks; tests swap in an executor they can await.
    run_later: Callable[[Callable[[], object]], object]
    clock: Callable[[], datetime] = utcnow
    make_code: Callable[[], str] = field(default=lambda: new_code())
    # Set when the process is stopping: long-running jobs take no new work.
    stopping: threading.Event = field(default_factory=threading.Event)

    def __deepcopy__(self, memo: dict[int, Any]) -> Services:
        # Bolt deep-copies a request (its context included) to run a lazy listener; the
        # services are one shared, thread-safe set per process and must not be copied.
        return self

    def slack_for(self, team_id: str) -> SlackGateway:
        """The gateway holding `team_id`'s token. Raises SlackFailure (WORKSPACE,
        "not_installed") when the app is not installed there."""
        return self.gateways.for_team(team_id)

    def language(
        self, session: Session, team_id: str, user_id: str, *, fetch: bool = True
    ) -> Language:
        """The person's language; asks Slack for their locale when we have not recently."""
        now = self.clock()
        profile = workspaces.get_profile(session, Person.slack(team_id, user_id))
        stale = (
            profile is None
            or profile.fetched_at is None
            or now - profile.fetched_at > PROFILE_MAX_AGE
        )
        if stale and fetch:
            try:
                user = self.slack_for(team_id).user_info(user_id)
                profile = workspaces.upsert_profile(
                    session,
                    Person.slack(team_id, user_id),
                    now=now,
                    locale=user.get("locale"),
                    tz=user.get("tz"),
                    fetched=True,
                )
            except SlackFailure:
                log.info("users.info unavailable; using the default language")
        return language_for(self.settings, profile)

    def language_of(self, team_id: str, user_id: str, *, fetch: bool = True) -> Language:
        """`language` in a transaction of its own, for listeners (which hold no session)."""
        with transaction(self.sessions) as session:
            return self.language(session, team_id, user_id, fetch=fetch)

    def may_create_workshops(self, user_id: str) -> bool:
        return not self.settings.facilitators or user_id in self.settings.facilitators

    def template(self, template_id: str) -> Template:
        if template_id in self.templates:
            return self.templates.get(template_id)
        # The operator removed the template file; answers are keyed by question id, so the
        # default still shows whatever matches.
        return self.templates.default

    def template_for(self, workshop: Workshop) -> Template:
        """The template as this workshop runs it, with the agenda themes chosen for it."""
        return self.template(workshop.template_id).with_agenda(workshop.agenda_themes or ())


def build_services(settings: Settings, *, interactive: bool = True) -> Services:
    role = "temadag-web" if interactive else "temadag-worker"
    engine = make_engine(settings.database_url, request_path=interactive, application_name=role)
    gateways: Gateways
    if settings.oauth_mode:
        from bot.installs import installation_gateways

        gateways = installation_gateways(settings, engine, interactive=interactive)
        gateways.prepare_client = count_rate_limits
    else:
        client = make_client(
            settings.slack_bot_token, settings.slack_api_url, interactive=interactive
        )
        count_rate_limits(client)
        gateways = SingleWorkspace(SlackGateway(client))
    background = AfterAck(workers=2)
    return Services(
        settings=settings,
        sessions=make_session_factory(engine),
        templates=TemplateRegistry.load(settings.templates_dir),
        gateways=gateways,
        run_later=background.submit,
    )


@contextmanager
def operator_session(settings: Settings) -> Iterator[Session]:
    """One transaction for an operator command on the bot's existing database (never a new,
    empty one), its schema brought up to date first."""
    engine = make_engine(settings.database_url, must_exist=True)
    try:
        upgrade(settings.database_url, engine)
        with transaction(make_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()
