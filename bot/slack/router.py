"""`/temadag` and its subcommands: acknowledge at once, then hand the request to a feature.

Each feature lists its subcommands (`SUBCOMMANDS`); the app builds one router from those lists,
so what a word means is decided in one place and nothing is registered by importing a module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_bolt import App, Respond

from bot.failure_log import log_failure
from bot.slack.blocks import mrkdwn, section
from bot.slack.gateway import SlackFailure
from bot.slack.listeners import after_ack, guarded
from bot.slack.requests import parse_command
from flows.i18n import t

if TYPE_CHECKING:
    from bot.slack.services import SlackServices as Services

UNKNOWN = "?"
HELP = "help"


@dataclass(frozen=True)
class CommandRequest:
    services: Services
    team_id: str
    user_id: str
    channel_id: str
    trigger_id: str
    verb: str  # canonical verb, "" for none, UNKNOWN for a word no subcommand answers to
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
        return self.services.slack_language(self.team_id, self.user_id)

    def open_or_explain(self, view: dict[str, Any], lang: str, *, quiet: bool = False) -> bool:
        """Open a modal; if Slack refuses (the trigger expired, Slack is down), say so kindly."""
        try:
            self.services.slack_for(self.team_id).open_view(self.trigger_id, view)
            return True
        except SlackFailure as failure:
            log_failure("views.open", failure)
            if not quiet:
                self.reply(t("error.slack_busy", lang))
            return False


Handler = Callable[[CommandRequest], None]


@dataclass(frozen=True)
class Subcommand:
    """A canonical verb, its handler, and the words (Danish, English) that reach it."""

    verb: str
    handler: Handler
    words: tuple[str, ...] = ()


class Router:
    """Words to handlers; anything unknown (or nothing) goes to the `help` subcommand."""

    def __init__(self, subcommands: Iterable[Subcommand]) -> None:
        self.handlers: dict[str, Handler] = {}
        self.aliases: dict[str, str] = {}
        for sub in subcommands:
            if sub.verb in self.handlers:
                raise ValueError(f"subcommand {sub.verb!r} is registered twice")
            self.handlers[sub.verb] = sub.handler
            for word in (sub.verb, *sub.words):
                self.aliases[word] = sub.verb
        if HELP not in self.handlers:
            raise ValueError("a router needs a help subcommand")

    def request(
        self, services: Services, body: Mapping[str, Any], respond: Respond
    ) -> CommandRequest:
        command = parse_command(body.get("text"), self.aliases)
        return CommandRequest(
            services=services,
            team_id=str(body.get("team_id") or ""),
            user_id=str(body.get("user_id") or ""),
            channel_id=str(body.get("channel_id") or ""),
            trigger_id=str(body.get("trigger_id") or ""),
            verb=command.verb,
            args=command.args,
            word=command.word,
            respond=respond,
        )

    def dispatch(self, request: CommandRequest) -> None:
        self.handlers.get(request.verb, self.handlers[HELP])(request)

    def register(self, app: App) -> None:
        """Listen for `/temadag`; the router itself reaches the listener through the context."""
        after_ack(app.command("/temadag"))(temadag)


def tell_failure(respond: Respond, services: Services, **_: Any) -> None:
    respond(text=t("error.generic", services.settings.default_language), response_type="ephemeral")


@guarded(tell_failure)
def temadag(body: dict[str, Any], respond: Respond, services: Services, router: Router) -> None:
    router.dispatch(router.request(services, body, respond))
