"""Listeners of the privacy feature: see and delete your own data, from commands and App Home.

Whose data is always the user id Slack signed into the payload; no value, private_metadata
or argument can name another person or another team.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot import ids
from bot.listeners.commands import CommandRequest, open_or_explain, subcommand
from bot.listeners.common import after_ack, guarded, open_modal, team_of, user_of
from bot.privacy import usecases
from bot.privacy.guard import log_bolt_error, reject_malformed
from bot.privacy.logs import quiet_slack_bodies
from bot.services import Services
from flows.i18n import t
from storage.db import transaction


@subcommand("my-data", "mine-data", "minedata", "mydata")
def my_data(request: CommandRequest) -> None:
    lang = request.language()
    sent = usecases.send_my_data(request.services, request.team_id, request.user_id, lang)
    request.reply(t("privacy.my_data_sent" if sent else "privacy.my_data_failed", lang))


@subcommand("delete-my-data", "slet-mine-data", "sletminedata", "deletemydata")
def delete_my_data(request: CommandRequest) -> None:
    lang = request.language()
    view = usecases.confirm_view(request.services, request.team_id, request.user_id, lang)
    open_or_explain(request, view, lang)


def register(app: App, services: Services) -> None:
    """Wire this feature's commands, actions, views and events."""
    quiet_slack_bodies()
    app.middleware(reject_malformed)
    app.error(log_bolt_error)

    def _lang(team_id: str, user_id: str, *, fetch: bool) -> str:
        with transaction(services.sessions) as session:
            return services.language(session, team_id, user_id, fetch=fetch)

    @after_ack(app.action(ids.MY_DATA))
    @guarded()
    def my_data_from_home(body: dict[str, Any]) -> None:
        team_id, user_id = team_of(body), user_of(body)
        if not team_id or not user_id:
            return
        usecases.send_my_data(services, team_id, user_id, _lang(team_id, user_id, fetch=True))

    @after_ack(app.action(ids.DELETE_MY_DATA))
    @guarded()
    def delete_from_home(body: dict[str, Any]) -> None:
        team_id, user_id = team_of(body), user_of(body)
        trigger_id = body.get("trigger_id")
        if not team_id or not user_id or not isinstance(trigger_id, str) or not trigger_id:
            return
        lang = _lang(team_id, user_id, fetch=True)
        view = usecases.confirm_view(services, team_id, user_id, lang)
        open_modal(services, body, view)

    def apologise(ack: Ack, **_: Any) -> None:
        lang = services.settings.default_language
        ack(response_action="update", view=usecases.result_view(t("error.generic", lang), lang))

    @app.view(ids.DELETE_MY_DATA_CONFIRM)
    @guarded(apologise)
    def confirmed(ack: Ack, body: dict[str, Any]) -> None:
        # Only the signed user id counts: private_metadata and state are ignored on purpose.
        team_id, user_id = team_of(body), user_of(body)
        if not team_id or not user_id:
            ack()
            return
        lang = _lang(team_id, user_id, fetch=False)
        result = usecases.delete_my_data(services, team_id, user_id, lang)
        ack(response_action="update", view=result)
        services.run_later(lambda: usecases.refresh_home(services, team_id, user_id, lang))
