"""Events: the App Home tab, and the app leaving a workspace."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.builders.home import home_view
from bot.listeners.common import guarded, log_failure, team_of
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
    @app.event("app_home_opened")
    @guarded()
    def home_opened(event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        user_id = str(event.get("user") or "")
        team_id = team_of(body)
        if user_id and team_id:
            publish_home(services, team_id, user_id)

    @app.event("app_uninstalled")
    @guarded()
    def app_uninstalled(body: dict[str, Any]) -> None:
        _pause(services, team_of(body), "app_uninstalled", uninstalled=True)

    @app.event("tokens_revoked")
    @guarded()
    def tokens_revoked(event: dict[str, Any], body: dict[str, Any]) -> None:
        tokens = event.get("tokens")
        if isinstance(tokens, dict) and tokens.get("bot"):
            _pause(services, team_of(body), "tokens_revoked")


def _pause(services: Services, team_id: str, reason: str, *, uninstalled: bool = False) -> None:
    """No sending for the workspace from now on (the worker skips its outbox rows). Only the
    status is set here; deleting data after a grace period is the privacy feature's job."""
    if team_id:
        with transaction(services.sessions) as session:
            pause_workspace(session, team_id, reason, services.clock(), uninstalled=uninstalled)
