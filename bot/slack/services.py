"""Slack's part of the services: each workspace's gateway, and what Slack knows of a person.

Use cases see `bot.services.Services` only; Slack's listeners, views and transport get these.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy.orm import Session

from bot.services import Services
from bot.slack.gateway import Gateways, SlackFailure, SlackGateway
from flows.i18n import Language
from flows.identity import Channel, Person
from storage.models import UserProfile
from storage.repositories import workspaces

log = logging.getLogger(__name__)
HomePublisher = Callable[["SlackServices", str, str, str | None], None]
RoundNoter = Callable[["SlackServices", str, int], object]


@dataclass
class SlackServices(Services):
    # Each workspace's gateway (its own token); one for all in single-workspace mode.
    gateways: Gateways = field(kw_only=True)
    # Publishes a person's App Home (bot.home.slack, wired by bot.composition): features whose
    # actions change what it shows refresh it through here, not by importing the home feature.
    home_publisher: HomePublisher = field(kw_only=True)
    # Updates a live round's count in the channel after an answer from any channel
    # (bot.facilitation.slack.note_answer, wired by bot.composition); None: counts stay as shown.
    round_noter: RoundNoter | None = field(default=None, kw_only=True)

    def __deepcopy__(self, memo: dict[int, object]) -> SlackServices:
        return self  # one shared, thread-safe set per process (see Services)

    def publish_home(self, team_id: str, user_id: str, lang: str | None = None) -> None:
        """Refresh the person's App Home. With `lang` given, Slack is not asked for the
        person's profile (after a deletion, that would store it again)."""
        self.home_publisher(self, team_id, user_id, lang)

    def round_answered(self, team_id: str, round_id: int) -> None:
        """The round's message shows the new count, after the answer (throttled there)."""
        if self.round_noter is not None:
            self.run_later(partial(self.round_noter, self, team_id, round_id))

    def reaches(self, team_id: str, deliver_team: str) -> bool:
        """Whether Temadag is installed where the person's Slack messages go."""
        return self.gateways.reaches(team_id, deliver_team)

    def slack_for(self, team_id: str) -> SlackGateway:
        """The gateway holding `team_id`'s token. Raises SlackFailure (WORKSPACE,
        "not_installed") when the app is not installed there."""
        return self.gateways.for_team(team_id)

    def refresh_profile(self, session: Session, person: Person) -> UserProfile | None:
        """A Slack user's locale and time zone (users.info), stored; None for anyone else, or
        when Slack is out of reach (the default language is used meanwhile)."""
        if person.channel is not Channel.SLACK:
            return None
        try:
            user = self.slack_for(person.team_id).user_info(person.user_id)
        except SlackFailure:
            log.info("users.info unavailable; using the default language")
            return None
        return workspaces.upsert_profile(
            session,
            person,
            now=self.clock(),
            locale=user.get("locale"),
            tz=user.get("tz"),
            fetched=True,
        )

    def slack_language(self, team_id: str, user_id: str, *, fetch: bool = True) -> Language:
        """A Slack user's language, in a transaction of its own (for listeners)."""
        return self.language_of(Person.slack(team_id, user_id), fetch=fetch)
