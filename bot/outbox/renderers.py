"""What each outbox kind says, per channel: one registry of renderers for every channel.

In the shape of Sentry's unfurl registry (one enum of kinds, one handler per kind): a channel's
`Renderers` maps every `MessageKind` to the function that renders it for that channel, and
a kind left out is refused when the registry is built, not when a row of it falls due.
Rendering happens at send time from the database as it is now; a renderer answers `Skip` when
there is nothing (left) to say, and the row is cancelled with that reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

from bot.services import Services, language_for
from flows.identity import Channel, Person
from flows.outbox import MessageKind
from storage.models import UserProfile
from storage.repositories.followups import Lookups
from storage.repositories.outbox import Claimed

M = TypeVar("M")
M_co = TypeVar("M_co", covariant=True)


@dataclass(frozen=True)
class Skip:
    reason: str


class Renderer(Protocol[M_co]):
    def __call__(
        self,
        services: Services,
        session: Session,
        row: Claimed,
        now: datetime,
        lang: str,
        lookups: Lookups,
    ) -> M_co | Skip: ...


class Renderers(Generic[M]):
    """Every kind's renderer for one channel; complete, or refused at construction."""

    def __init__(self, channel: Channel, renderers: Mapping[MessageKind, Renderer[M]]) -> None:
        missing = [kind.value for kind in MessageKind if kind not in renderers]
        if missing:
            raise ValueError(f"the {channel} channel has no renderer for {', '.join(missing)}")
        self.channel = channel
        self._renderers = dict(renderers)

    def kinds(self) -> frozenset[MessageKind]:
        return frozenset(self._renderers)

    def render(
        self,
        services: Services,
        session: Session,
        row: Claimed,
        now: datetime,
        lookups: Lookups | None = None,
    ) -> M | Skip:
        lookups = lookups or Lookups(session)
        profile = lookups.profile(row.recipient)
        if profile is not None and profile.unreachable_at is not None:
            return Skip("unreachable")
        lang = language_for(services.settings, profile or _host_profile(lookups, row))
        try:
            kind = MessageKind(row.kind)
        except ValueError:  # a row written by a newer release, or by hand
            return Skip(f"unknown_kind:{row.kind}")
        return self._renderers[kind](services, session, row, now, lang, lookups)


def _host_profile(lookups: Lookups, row: Claimed) -> UserProfile | None:
    """A Slack Connect guest's language choice, kept where they joined (the host workspace)."""
    participant = lookups.participant(row.participant_id) if row.participant_id else None
    if participant is None or participant.team_id == row.team_id:
        return None
    return lookups.profile(
        Person(participant.team_id, row.recipient_user_id, row.recipient_channel)
    )
