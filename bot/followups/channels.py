"""The channels the outbox delivers to: each one's transport with its renderers.

This is where each channel's registry of renderers is put together from the features that send
(follow-ups: follow-up, reminder, digest; outcomes: help, peer ask, introduction and ending):
a kind left out is refused when the registry is built, at import.
"""

from __future__ import annotations

from typing import Any

from bot.followups.compose import FOLLOWUP_RENDERERS
from bot.followups.delivery import BATCH, DeliveryStats, deliver_until_idle
from bot.followups.renderers import Renderers
from bot.followups.slack_transport import Outgoing, SlackTransport
from bot.followups.transport import Outlet
from bot.outcomes.slack_renderers import OUTCOME_RENDERERS
from bot.slack.services import SlackServices
from flows.identity import Channel

SLACK_RENDERERS: Renderers[Outgoing] = Renderers(
    Channel.SLACK, {**FOLLOWUP_RENDERERS, **OUTCOME_RENDERERS}
)


def outlets_for(services: SlackServices) -> dict[Channel, Outlet[Any]]:
    """One delivery run's outlets (a transport keeps what it learns of limits for the run)."""
    return {Channel.SLACK: Outlet(SlackTransport(services), SLACK_RENDERERS)}


def deliver_everywhere(
    services: SlackServices,
    *,
    max_seconds: float = 50.0,
    threads: int | None = None,
    batch: int = BATCH,
    wait_for_due: float = 0.0,
) -> DeliveryStats:
    """Deliver due rows on every channel this process has (see `deliver_until_idle`)."""
    return deliver_until_idle(
        services,
        max_seconds=max_seconds,
        threads=threads,
        batch=batch,
        wait_for_due=wait_for_due,
        outlets=outlets_for(services),
    )
