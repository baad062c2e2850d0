"""Listeners of the privacy feature: see and delete your own data, from commands and App Home,
and the app leaving a workspace.

Whose data is always the user id Slack signed into the payload; no value, private_metadata
or argument can name another person or another team.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App

from bot.home.slack import publish_home
from bot.privacy import service
from bot.privacy.slack import leave_workspace, send_my_data
from bot.privacy.views import confirm_view, deleted_view, result_view
from bot.slack import ids
from bot.slack.listeners import after_ack, guarded, open_modal
from bot.slack.requests import SlackRequest, team_of
from bot.slack.router import CommandRequest, Subcommand
from bot.slack.services import SlackServices
from flows.i18n import t
from flows.identity import Person


def my_data(request: CommandRequest) -> None:
    lang = request.language()
    sent = send_my_data(request.services, Person.slack(request.team_id, request.user_id), lang)
    request.reply(t("privacy.my_data_sent" if sent else "privacy.my_data_failed", lang))


def delete_my_data(request: CommandRequest) -> None:
    lang = request.language()
    person = Person.slack(request.team_id, request.user_id)
    counts = service.what_deletion_takes(request.services, person)
    request.open_or_explain(confirm_view(counts, lang), lang)


SUBCOMMANDS = (
    Subcommand("my-data", my_data, ("mine-data", "minedata", "mydata")),
    Subcommand(
        "delete-my-data", delete_my_data, ("slet-mine-data", "sletminedata", "deletemydata")
    ),
)


@guarded()
def my_data_from_home(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    if not request.team_id or not request.user_id:
        return
    lang = services.slack_language(request.team_id, request.user_id)
    send_my_data(services, Person.slack(request.team_id, request.user_id), lang)


@guarded()
def delete_from_home(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    if not request.team_id or not request.user_id or not request.trigger_id:
        return
    lang = services.slack_language(request.team_id, request.user_id)
    counts = service.what_deletion_takes(services, Person.slack(request.team_id, request.user_id))
    open_modal(services, request.team_id, request.trigger_id, confirm_view(counts, lang))


def apologise(ack: Ack, services: SlackServices, **_: Any) -> None:
    lang = services.settings.default_language
    ack(response_action="update", view=result_view(t("error.generic", lang), lang))


@guarded(apologise)
def deletion_confirmed(ack: Ack, body: dict[str, Any], services: SlackServices) -> None:
    # Only the signed user id counts: private_metadata and state are ignored on purpose.
    request = SlackRequest.of(body)
    team_id, user_id = request.team_id, request.user_id
    if not team_id or not user_id:
        ack()
        return
    lang = services.slack_language(team_id, user_id, fetch=False)
    deleted = service.delete_my_data(services, Person.slack(team_id, user_id))
    ack(response_action="update", view=deleted_view(deleted, lang))
    # With the language given, App Home is published without asking Slack for the profile
    # (that would store it again).
    services.run_later(partial(publish_home, services, team_id, user_id, lang))


@guarded()
def workspace_left(event: dict[str, Any], body: dict[str, Any], services: SlackServices) -> None:
    # The team left: never send there again (in OAuth mode its stored token is deleted), and
    # its data goes after the grace period unless it installs the app again.
    if event.get("type") == "tokens_revoked":
        tokens = event.get("tokens")
        if not isinstance(tokens, dict) or not tokens.get("bot"):
            return  # only user tokens were revoked; the bot still belongs there
    team_id = team_of(body)
    if team_id:
        leave_workspace(services, team_id, str(event.get("type")))


def register(app: App, services: SlackServices) -> None:
    """Wire this feature's actions, views and events."""
    after_ack(app.action(ids.MY_DATA))(my_data_from_home)
    after_ack(app.action(ids.DELETE_MY_DATA))(delete_from_home)
    app.view(ids.DELETE_MY_DATA_CONFIRM)(deletion_confirmed)
    app.event("app_uninstalled")(workspace_left)
    app.event("tokens_revoked")(workspace_left)
