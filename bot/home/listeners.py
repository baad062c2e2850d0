"""Listeners of App Home: the tab opened, the language switch, and help."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.home.service import set_language
from bot.home.slack import publish_home
from bot.slack import ids
from bot.slack.listeners import after_ack, guarded
from bot.slack.requests import SlackRequest, team_of
from bot.slack.router import UNKNOWN, CommandRequest, Subcommand
from bot.slack.services import SlackServices
from flows.i18n import t
from flows.identity import Person

LANGUAGE_WORDS = {"dansk": "da", "danish": "da", "english": "en", "engelsk": "en"}


def show_help(request: CommandRequest) -> None:
    lang = request.language()
    text = t("help.text", lang)
    if request.word and request.verb == UNKNOWN:
        text = t("help.unknown", lang, command=request.word.replace("`", "'")) + "\n\n" + text
    request.reply(text)


def choose_language(request: CommandRequest) -> None:
    choice = request.args[0].casefold() if request.args else ""
    choice = LANGUAGE_WORDS.get(choice, choice)
    if choice not in ("da", "en"):
        request.reply(t("language.usage", request.language()))
        return
    set_language(request.services, Person.slack(request.team_id, request.user_id), choice)
    request.reply(t("language.set", choice))


SUBCOMMANDS = (
    Subcommand("help", show_help, ("hjælp", "hjaelp")),
    Subcommand("language", choose_language, ("sprog",)),
)


@guarded()
def home_opened(event: dict[str, Any], body: dict[str, Any], services: SlackServices) -> None:
    if event.get("tab", "home") != "home":
        return
    user_id = str(event.get("user") or "")
    team_id = team_of(body)
    if user_id and team_id:
        publish_home(services, team_id, user_id)


@guarded()
def switch_language(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    if request.value not in ("da", "en"):
        return
    set_language(services, Person.slack(request.team_id, request.user_id), request.value)
    publish_home(services, request.team_id, request.user_id)


def register(app: App, services: SlackServices) -> None:
    """Wire App Home's event and buttons."""
    after_ack(app.event("app_home_opened"))(home_opened)
    after_ack(app.action(ids.SET_LANGUAGE))(switch_language)
