"""Listeners of the facilitation feature: rounds, summaries, exports, closing, home buttons.

Every entry point checks that the person facilitates the workshop (in their own team) before
anything is read; anyone else gets a polite refusal and no data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import Ack, App

from bot.facilitation import service
from bot.home.service import publish_home
from bot.services import Services
from bot.slack import ids
from bot.slack.listeners import after_ack, guarded, open_modal
from bot.slack.requests import SlackRequest, parse_int
from bot.slack.router import CommandRequest, Subcommand
from flows.i18n import t

# --- /temadag subcommands ----------------------------------------------------------------------


def _code(request: CommandRequest) -> str | None:
    return request.args[0] if request.args else None


def round_command(request: CommandRequest) -> None:
    lang = request.language()
    answer = service.round_picker(
        request.services, request.team_id, request.user_id, _code(request), lang
    )
    if answer.view is not None:
        request.open_or_explain(answer.view, lang)
    elif answer.reply is not None:
        request.reply(answer.reply)


def summary_command(request: CommandRequest) -> None:
    _reply(request, service.summary_reply)


def export_command(request: CommandRequest) -> None:
    _reply(request, service.export_reply)


def report_command(request: CommandRequest) -> None:
    _reply(request, service.report_reply)


def _reply(
    request: CommandRequest, answer: Callable[[Services, str, str, str | None, str], str]
) -> None:
    """A facilitator's command about one workshop (the code, or their latest): the answer."""
    lang = request.language()
    request.reply(answer(request.services, request.team_id, request.user_id, _code(request), lang))


def close_command(request: CommandRequest) -> None:
    lang = request.language()
    if not request.args:
        request.reply(t("close.usage", lang))
        return
    text, closed = service.close_reply(
        request.services, request.team_id, request.user_id, request.args[0], lang
    )
    request.reply(text)
    if closed:
        publish_home(request.services, request.team_id, request.user_id)


SUBCOMMANDS = (
    Subcommand("round", round_command, ("runde",)),
    Subcommand("summary", summary_command, ("opsummering",)),
    Subcommand("export", export_command, ("eksport", "eksporter")),
    Subcommand("close", close_command, ("luk",)),
    Subcommand("report", report_command, ("rapport",)),
)


# --- Bolt listeners ----------------------------------------------------------------------------


@guarded()
def round_chosen(ack: Ack, body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    step_id = str(request.values.get(ids.ROUND_THEME) or "")
    choice = service.check_round_choice(
        services, request.team_id, request.user_id, parse_int(request.private_metadata)
    )
    if choice.workshop is None:
        ack(response_action="update", view=choice.refused)
        return
    ack(response_action="clear")
    services.run_later(
        partial(
            service.post_round, services, choice.workshop, step_id, request.user_id, choice.lang
        )
    )


def _facilitated(body: dict[str, Any], services: Services) -> tuple[SlackRequest, str, int] | None:
    """A home button's request, language and workshop, if the person facilitates it."""
    request = SlackRequest.of(body)
    found = service.facilitated(
        services, request.team_id, request.user_id, parse_int(request.value)
    )
    return (request, *found) if found is not None else None


def _send_from_home(body: dict[str, Any], services: Services, what: str) -> None:
    found = _facilitated(body, services)
    if found is not None:
        request, lang, workshop_id = found
        send = {
            "summary": service.send_summary,
            "export": service.send_export,
            "report": service.send_report,
        }[what]
        if not send(services, request.team_id, request.user_id, workshop_id, lang):
            service.dm(services, request.team_id, request.user_id, t(f"{what}.failed", lang))


@guarded()
def summary_from_home(body: dict[str, Any], services: Services) -> None:
    _send_from_home(body, services, "summary")


@guarded()
def export_from_home(body: dict[str, Any], services: Services) -> None:
    _send_from_home(body, services, "export")


@guarded()
def report_from_home(body: dict[str, Any], services: Services) -> None:
    _send_from_home(body, services, "report")


@guarded()
def round_from_home(body: dict[str, Any], services: Services) -> None:
    found = _facilitated(body, services)
    if found is not None:
        request, lang, workshop_id = found
        view = service.round_picker_by_id(services, request.team_id, workshop_id, lang)
        if view is not None:
            open_modal(services, request.team_id, request.trigger_id, view)


@guarded()
def close_from_home(body: dict[str, Any], services: Services) -> None:
    found = _facilitated(body, services)
    if found is not None:
        request, lang, workshop_id = found
        service.close_workshop(services, request.team_id, request.user_id, workshop_id, lang)
        publish_home(services, request.team_id, request.user_id)


def register(app: App, services: Services) -> None:
    """Wire this feature's views and actions."""
    app.view(ids.ROUND_CREATE)(round_chosen)
    after_ack(app.action(ids.HOME_SUMMARY))(summary_from_home)
    after_ack(app.action(ids.HOME_EXPORT))(export_from_home)
    after_ack(app.action(ids.HOME_ROUND))(round_from_home)
    after_ack(app.action(ids.HOME_CLOSE))(close_from_home)
    after_ack(app.action(ids.HOME_REPORT))(report_from_home)
