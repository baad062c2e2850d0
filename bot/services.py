"""What every use case may use: settings, database, templates, the clock, a person's language.

Nothing here knows a channel. Each channel's services extend `Services` with its own parts
(`bot.slack.services.SlackServices`); `bot.composition` builds them. Nothing starts at import.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

from bot.config import Settings
from flows.i18n import Language, resolve_language
from flows.identity import Person
from flows.joincode import new_code
from flows.templates import Template, TemplateRegistry
from storage.db import SessionFactory, make_engine, make_session_factory, transaction
from storage.migrate import upgrade
from storage.models import UserProfile
from storage.repositories import workspaces

log = logging.getLogger(__name__)
PROFILE_MAX_AGE = timedelta(days=7)


def utcnow() -> datetime:
    return datetime.now(UTC)


# The services a job needs: the core's, or a channel's (a job that calls Slack takes Slack's).
S = TypeVar("S", bound="Services", contravariant=True)


class RunsTemplate(Protocol):
    """A workshop as far as its template goes: an ORM row or plain values read for a step."""

    @property
    def template_id(self) -> str: ...
    @property
    def agenda_themes(self) -> list[Any]: ...


@dataclass(frozen=True)
class Job(Generic[S]):
    """A periodic job: features list theirs, the worker schedules them all."""

    name: str
    seconds: int
    run: Callable[[S], object]


def is_stale(profile: UserProfile | None, now: datetime) -> bool:
    """Whether what we know of a person (their locale, time zone) is due to be asked again."""
    return (
        profile is None or profile.fetched_at is None or now - profile.fetched_at > PROFILE_MAX_AGE
    )


def language_for(settings: Settings, profile: UserProfile | None) -> Language:
    """The one language rule: the person's choice, else their channel's locale, else the default."""
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
    # Work after an answer was acknowledged (a channel's calls, tagging): bot.afterack, a few
    # threads that coalesce keyed tasks; tests swap in an executor they can await.
    run_later: Callable[[Callable[[], object]], object]
    clock: Callable[[], datetime] = utcnow
    make_code: Callable[[], str] = field(default=lambda: new_code())
    # Set when the process is stopping: long-running jobs take no new work.
    stopping: threading.Event = field(default_factory=threading.Event)

    def __deepcopy__(self, memo: dict[int, Any]) -> Services:
        # Bolt deep-copies a request (its context included) to run a lazy listener; the
        # services are one shared, thread-safe set per process and must not be copied.
        return self

    def language(self, session: Session, person: Person, *, fetch: bool = True) -> Language:
        """The person's language. Their channel is asked again (`refresh_profile`) when what we
        know of them is older than PROFILE_MAX_AGE and `fetch` allows a call."""
        profile = workspaces.get_profile(session, person)
        if fetch and is_stale(profile, self.clock()):
            profile = self.refresh_profile(session, person) or profile
        return language_for(self.settings, profile)

    def language_of(self, person: Person, *, fetch: bool = True) -> Language:
        """`language` in a transaction of its own, for a face that holds no session."""
        with transaction(self.sessions) as session:
            return self.language(session, person, fetch=fetch)

    def reaches(self, team_id: str, deliver_team: str) -> bool:
        """Whether a message for a person of `team_id` can be delivered in `deliver_team`
        (a Slack Connect guest's own workspace); a channel's services override this."""
        return True

    def round_answered(self, team_id: str, round_id: int) -> None:
        """A live round was answered: a channel that shows its count in the room updates it
        (Slack's services override this); nothing to do where no channel shows it."""
        return None

    def refresh_profile(self, session: Session, person: Person) -> UserProfile | None:
        """What the person's channel says of them now (locale, time zone), stored; None where
        the channel tells nothing. A channel's services override this."""
        return None

    def may_create_workshops(self, user_id: str) -> bool:
        return not self.settings.facilitators or user_id in self.settings.facilitators

    def template(self, template_id: str) -> Template:
        if template_id in self.templates:
            return self.templates.get(template_id)
        # The operator removed the template file; answers are keyed by question id, so the
        # default still shows whatever matches.
        return self.templates.default

    def template_for(self, workshop: RunsTemplate) -> Template:
        """The template as this workshop runs it, with the agenda themes chosen for it."""
        return self.template(workshop.template_id).with_agenda(workshop.agenda_themes or ())


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
