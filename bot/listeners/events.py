"""Events: the App Home tab, and the app leaving a workspace."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.builders.home import home_view
from bot.listeners.common import after_ack, guarded, log_failure, team_of
from bot.privacy.usecases import workspace_left as leave_workspace
from bot.services import Services
from bot.slack_api import SlackFailure
from bot.usecases.home import home_model
from storage.db import transaction
from storage.repositories.followups import pause_workspace


def publish_home(services: Services, team_id: str, user_id: str) -> None:
    with transaction(services.sessions) as session:
        lang = services.language(session, team_id, user_id)
        model = home_model(services, session, team_id, user_id, lang)
    try:
        services.slack.publish_home(user_id, home_view(model))
    except SlackFailure as failure:
        log_failure("views.publish", failure)


def register(app: App, services: Services) -> None:
    @after_ack(app.event("app_home_opened"))
    @guarded()
    def home_opened(event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        user_id = str(event.get("user") or "")
        team_id = team_of(body)
        if user_id and team_id:
            publish_home(services, team_id, user_id)

    @app.event("app_uninstalled")
    @app.event("tokens_revoked")
    @guarded()
    def workspace_left(event: dict[str, Any], body: dict[str, Any]) -> None:
        # The bot has one env-configured token: "deleting" it for a team means recording that
        # the team left and never sending there again; its data goes after the grace period.
        if event.get("type") == "tokens_revoked":
            tokens = event.get("tokens")
            if not isinstance(tokens, dict) or not tokens.get("bot"):
                return  # only user tokens were revoked; the bot still belongs there
        team_id = team_of(body)
        if team_id:
            with transaction(services.sessions) as session:
                pause_workspace(
                    session, team_id, str(event.get("type")), services.clock(), uninstalled=True
                )
            # Cancels everything not yet sent; the data goes after UNINSTALL_GRACE_DAYS.
            leave_workspace(services, team_id)
