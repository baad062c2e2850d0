"""The Bolt app: a few lines that wire listeners to services."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped

from bot.listeners import actions, commands, events, facilitation, followups, privacy, views
from bot.services import Services
from storage.db import transaction
from storage.repositories.events import first_time


def create_app(
    services: Services,
    *,
    token_verification: bool = True,
    listener_executor: Executor | None = None,
) -> App:
    logging.getLogger("slack_bolt").addFilter(_not_the_unused_token_warning)
    app = App(
        client=services.slack.client,
        # Requests are always verified. Without a secret (Socket Mode needs none) no HTTP
        # request can be: an unguessable one stands in, so an empty secret never verifies.
        signing_secret=services.settings.slack_signing_secret or secrets.token_hex(32),
        token_verification_enabled=token_verification,
        logger=logging.getLogger("slack_bolt"),
        listener_executor=listener_executor,
        # Ack functions answer in the request thread; slow work runs in lazy listeners.
        # (Bolt's other mode polls for the ack in 10 ms sleeps, which costs every request.)
        process_before_response=True,
    )
    app.middleware(_drop_duplicate_events(services))
    # Bolt tries listeners in this order; modal submissions come first because a full room
    # submitting steps is the busiest path.
    for module in (views, commands, actions, events, facilitation, followups, privacy):
        module.register(app, services)
    return app


def _not_the_unused_token_warning(record: logging.LogRecord) -> bool:
    # Bolt warns at every start when SLACK_BOT_TOKEN is set and a client is given: the client
    # holds that very token.
    return record.getMessage() != warning_client_prioritized_and_token_skipped()


def _drop_duplicate_events(services: Services) -> Callable[..., Any]:
    """Slack redelivers events on timeouts and reconnects; handle each event id once."""

    def middleware(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if isinstance(event_id, str) and event_id:
            with transaction(services.sessions) as session:
                fresh = first_time(session, "event:" + event_id, services.clock())
            if not fresh:
                return BoltResponse(status=200, body="")
        return next()

    return middleware
