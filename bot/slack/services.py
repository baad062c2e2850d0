"""Slack's part of the services: each workspace's gateway, and what Slack knows of a person.

Use cases see `bot.services.Services` only; Slack's listeners, views and transport get these.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot.services import Services
from bot.slack.gateway import Gateways, SlackFailure, SlackGateway
from flows.i18n import Language
from flows.identity import Channel, Person
from storage.models import UserProfile
from storage.repositories import workspaces

log = logging.getLogger(__name__)


@dataclass
class SlackServices(Services):
    # Each workspace's gateway (its own token); one for all in single-workspace mode.
    gateways: Gateways = field(kw_only=True)

    def __deepcopy__(self, memo: dict[int, object]) -> SlackServices:
        return self  # one shared, thread-safe set per process (see Services)

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
