"""`/temadag` and its subcommands. Acknowledge at once, then do the work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, Respond

from bot.builders.blocks import mrkdwn, section
from bot.builders.workshop import create_workshop_view
from bot.listeners.common import after_ack, guarded, log_failure
from bot.requests import ALIASES, parse_command
from bot.services import Services
from bot.slack_api import SlackFailure
from bot.usecases import reflection as reflection_uc
from flows.i18n import t
from flows.joincode import normalise_code
from flows.text import escape_mrkdwn, truncate
from storage.db import transaction
from storage.repositories import participants as people
from storage.repositories import workshops as workshop_repo
from storage.repositories import workspaces


@dataclass(frozen=True)
class CommandRequest:
    services: Services
    team_id: str
    user_id: str
    channel_id: str
    trigger_id: str
    args: tuple[str, ...]
    word: str
    respond: Respond

    def reply(self, text: str) -> None:
        self.respond(
            text=text,
            blocks=[section(mrkdwn(text))],
            response_type="ephemeral",
            replace_original=False,
        )

    def language(self) -> str:
        with transaction(self.services.sessions) as session:
            return self.services.language(session, self.team_id, self.user_id)


Handler = Callable[[CommandRequest], None]
SUBCOMMANDS: dict[str, Handler] = {}


def subcommand(verb: str, *words: str) -> Callable[[Handler], Handler]:
    """Register a handler under a canonical verb and the words (Danish, English) that reach it."""

    def decorate(handler: Handler) -> Handler:
        SUBCOMMANDS[verb] = handler
        for word in (verb, *words):
            ALIASES[word] = verb
        return handler

    return decorate


def register(app: App, services: Services) -> None:
    def tell_failure(body: dict[str, Any], respond: Respond, **_: Any) -> None:
        respond(
            text=t("error.generic", services.settings.default_language), response_type="ephemeral"
        )

    @after_ack(app.command("/temadag"))
    @guarded(tell_failure)
    def temadag(body: dict[str, Any], respond: Respond) -> None:
        command = parse_command(body.get("text"))
        request = CommandRequest(
            services=services,
            team_id=str(body.get("team_id") or ""),
            user_id=str(body.get("user_id") or ""),
            channel_id=str(body.get("channel_id") or ""),
            trigger_id=str(body.get("trigger_id") or ""),
            args=command.args,
            word=command.word,
            respond=respond,
        )
        handler = SUBCOMMANDS.get(command.verb, show_help)
        handler(request)


@subcommand("help", "hjælp", "hjaelp")
def show_help(request: CommandRequest) -> None:
    lang = request.language()
    text = t("help.text", lang)
    if request.word and request.word.casefold() not in ALIASES:
        text = t("help.unknown", lang, command=request.word.replace("`", "'")) + "\n\n" + text
    request.reply(text)


@subcommand("language", "sprog")
def set_language(request: CommandRequest) -> None:
    choice = request.args[0].casefold() if request.args else ""
    choice = {"dansk": "da", "danish": "da", "english": "en", "engelsk": "en"}.get(choice, choice)
    if choice not in ("da", "en"):
        request.reply(t("language.usage", request.language()))
        return
    with transaction(request.services.sessions) as session:
        workspaces.set_language(session, request.team_id, request.user_id, choice)
    request.reply(t("language.set", choice))


@subcommand("new", "ny")
def new_workshop(request: CommandRequest) -> None:
    services = request.services
    lang = request.language()
    if not services.may_create_workshops(request.user_id):
        request.reply(t("create.not_allowed", lang))
        return
    view = create_workshop_view(
        services.templates.all(), lang, services.clock().date(), request.channel_id
    )
    open_or_explain(request, view, lang)


@subcommand("join", "deltag")
def join_workshop(request: CommandRequest) -> None:
    services = request.services
    lang = request.language()
    if not request.args:
        request.reply(t("join.missing_code", lang))
        return
    typed = "".join(request.args)
    code = normalise_code(typed)
    with transaction(services.sessions) as session:
        workshop = workshop_repo.find_by_code(session, request.team_id, code) if code else None
        if workshop is None:
            request.reply(t("join.unknown_code", lang, code=_shown(typed)))
            return
        if workshop.status != "open":
            request.reply(t("join.closed", lang, title=_shown(workshop.title)))
            return
        workspaces.ensure_workspace(session, request.team_id, services.clock())
        participant, _ = people.join(session, workshop, request.user_id, services.clock())
        found = reflection_uc.Membership(
            participant, workshop, reflection_uc.template_for(services, workshop)
        )
        view = reflection_uc.entry_view(services, session, found, lang)
        title = workshop.title
    if not open_or_explain(request, view, lang, quiet=True):
        request.reply(t("join.welcome", lang, title=_shown(title)))


@subcommand("reflect", "refleksion")
def reflect(request: CommandRequest) -> None:
    services = request.services
    lang = request.language()
    with transaction(services.sessions) as session:
        found = reflection_uc.membership(services, session, request.team_id, request.user_id, None)
        if found is None:
            request.reply(t("reflection.not_joined", lang))
            return
        view = reflection_uc.entry_view(services, session, found, lang)
    open_or_explain(request, view, lang)


def open_or_explain(
    request: CommandRequest, view: dict[str, Any], lang: str, *, quiet: bool = False
) -> bool:
    """Open a modal; if Slack refuses (the trigger expired, Slack is down), say so kindly."""
    try:
        request.services.slack.open_view(request.trigger_id, view)
        return True
    except SlackFailure as failure:
        log_failure("views.open", failure)
        if not quiet:
            request.reply(t("error.slack_busy", lang))
        return False


def _shown(text: str) -> str:
    return truncate(escape_mrkdwn(text), 80)
