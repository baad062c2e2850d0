"""The Bolt app, the composition root of the listeners: app-wide middleware, then each feature.

Every middleware that concerns all listeners is installed here, in this order, and nowhere
else; then each feature wires its own listeners with `register(app, services)`.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_bolt.oauth import OAuthFlow

from bot.facilitation import listeners as facilitation_listeners
from bot.followups import listeners as followups_listeners
from bot.home import listeners as home_listeners
from bot.ops.metrics import measure_requests
from bot.outcomes import listeners as outcomes_listeners
from bot.privacy import listeners as privacy_listeners
from bot.reflection import listeners as reflection_listeners
from bot.slack.gateway import make_client
from bot.slack.guard import well_formed
from bot.slack.logs import log_bolt_error, quiet_slack_bodies
from bot.slack.router import Router
from bot.slack.services import SlackServices
from bot.workshops import listeners as workshops_listeners
from storage.db import transaction
from storage.repositories.events import first_time

# Bolt tries listeners in this order; modal submissions of the reflection come first because
# a full room submitting steps is the busiest path.
FEATURES = (
    reflection_listeners,
    workshops_listeners,
    home_listeners,
    facilitation_listeners,
    followups_listeners,
    outcomes_listeners,
    privacy_listeners,
)


def create_app(
    services: SlackServices,
    *,
    token_verification: bool = True,
    listener_executor: Executor | None = None,
) -> App:
    quiet_slack_bodies()
    app = App(
        # OAuth mode: a client without a token; Bolt finds each request's token in the
        # installation store.
        client=(
            make_client("", services.settings.slack_api_url, interactive=True)
            if services.settings.oauth_mode
            else services.slack_for("").client
        ),
        oauth_flow=_oauth_flow(services),
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
    router = Router(sub for feature in FEATURES for sub in feature.SUBCOMMANDS)
    app.middleware(measure_requests)  # first, so the time to ack includes every middleware
    app.middleware(_prepare(services, router))
    app.error(log_bolt_error)
    router.register(app)
    for feature in FEATURES:
        feature.register(app, services)
    return app


def _oauth_flow(services: SlackServices) -> OAuthFlow | None:
    if not services.settings.oauth_mode:
        return None
    from bot.installs import build_oauth_flow, resume_on_install

    engine = services.sessions.kw["bind"]
    return build_oauth_flow(
        services.settings,
        engine,
        on_installed=resume_on_install(engine, services.gateways, services.clock),
        clock=services.clock,
    )


def _prepare(services: SlackServices, router: Router) -> Callable[..., Any]:
    """Every request, before any listener: a payload no Slack client sends is refused; the
    listeners (top-level functions) get `services` and `router` by name; an event Slack
    delivers again (on timeouts and reconnects) is handled once. One middleware, not three:
    Bolt builds each middleware's arguments anew for every request."""

    def middleware(
        body: Any, context: BoltContext, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        if not well_formed(body):
            return BoltResponse(status=400, body="")
        context["services"] = services
        context["router"] = router
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if isinstance(event_id, str) and event_id:
            with transaction(services.sessions) as session:
                fresh = first_time(session, "event:" + event_id, services.clock())
            if not fresh:
                return BoltResponse(status=200, body="")
        return next()

    return middleware
