"""The channels the outbox delivers to: each one's transport with its renderers.

This is where each channel's registry of renderers is put together from the features that send
(follow-ups: follow-up, reminder, digest; outcomes: help, peer ask, introduction and ending):
a kind left out is refused when the registry is built, at import.
"""

from __future__ import annotations

from typing import Any

from bot.followups.compose import FOLLOWUP_RENDERERS
from bot.followups.renderers import Renderers
from bot.followups.slack_transport import Outgoing, SlackTransport
from bot.followups.transport import Outlet
from bot.outcomes.slack_renderers import OUTCOME_RENDERERS
from bot.services import Services
from flows.identity import Channel
from storage.repositories.outbox import Claimed

SLACK_RENDERERS: Renderers[Outgoing] = Renderers(
    Channel.SLACK, {**FOLLOWUP_RENDERERS, **OUTCOME_RENDERERS}
)


def outlets_for(services: Services) -> dict[Channel, Outlet[Any]]:
    """One delivery run's outlets (a transport keeps what it learns of limits for the run)."""
    return {Channel.SLACK: Outlet(SlackTransport(services), SLACK_RENDERERS)}


def channel_of(row: Claimed) -> Channel:
    """The channel a row is delivered by: its recipient's."""
    return Channel(row.recipient_channel)
