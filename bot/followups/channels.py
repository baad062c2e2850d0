"""The channels the outbox delivers to: each one's transport with its renderers."""

from __future__ import annotations

from typing import Any

from bot.followups.compose import SLACK_RENDERERS
from bot.followups.slack_transport import SlackTransport
from bot.followups.transport import Outlet
from bot.services import Services
from flows.identity import Channel
from storage.repositories.outbox import Claimed


def outlets_for(services: Services) -> dict[Channel, Outlet[Any]]:
    """One delivery run's outlets (a transport keeps what it learns of limits for the run)."""
    return {Channel.SLACK: Outlet(SlackTransport(services), SLACK_RENDERERS)}


def channel_of(row: Claimed) -> Channel:
    """The channel a row is delivered by: its recipient's."""
    return Channel(row.recipient_channel)
