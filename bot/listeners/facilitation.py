"""Listeners of the facilitation feature: rounds, summaries, exports, closing, home buttons.

Every entry point checks that the person facilitates the workshop (in their own team) before
anything is read; anyone else gets a polite refusal and no data.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from bot import ids
from bot.facilitation import access, rounds
from bot.facilitation.closing import close_workshop
from bot.facilitation.summaries import send_cross_summary, send_export, send_summary
from bot.listeners.commands import CommandRequest, open_or_explain, subcommand
from bot.listeners.common import after_ack, guarded, log_failure, open_modal, team_of, user_of
from bot.listeners.events import publish_home
from bot.listeners.views import message_view
from bot.requests import action_value, field_values, parse_int
from bot.services import Services
from bot.slack_api import SlackFailure
from flows.i18n import t
from flows.text import escape_mrkdwn
from storage.db import transaction
from storage.repositories import workshops as workshop_repo

log = logging.getLogger(__name__)


def _refusal(found: access.Found, lang: str) -> str:
    return t(found.refusal or "fac.not_facilitator", lang, **dict(found.values))


# --- /temadag subcommands ----------------------------------------------------------------------


@subcommand("round", "runde")
def post_round_command(request: CommandRequest) -> None:
    services = request.services
    lang = request.language()
    with transaction(services.sessions) as session:
        found = access.by_code_or_latest(
            session,
            request.team_id,
            request.user_id,
            request.args[0] if request.args else None,
            open_only=True,
        )
        if found.workshop is None:
            request.reply(_refusal(found, lang))
            return
        workshop = found.workshop
        if workshop.status != "open":
            request.reply(t("fac.closed", lang, title=escape_mrkdwn(workshop.title)))
            return
        view = rounds.picker_view(services, workshop, lang)
        title = workshop.title
    if view is None:
        request.reply(t("round.no_themes", lang, title=escape_mrkdwn(title)))
        return
    open_or_explain(request, view, lang)


@subcommand("summary", "opsummering")
def summary_command(request: CommandRequest) -> None:
    services = request.services
    lang = request.language()
    wanted = request.args[0] if request.args else None
    if wanted is not None and wanted.casefold() in ("alle", "all"):
        with transaction(services.sessions) as session:
            mine = [
                w.id
                for w in workshop_repo.facilitated_by(session, request.team_id, request.user_id)
            ]
        if not mine:
            request.reply(t("fac.none", lang))
            return
        sent = send_cross_summary(services, request.team_id, request.user_id, mine, lang)
        request.reply(t("summary.sent" if sent else "summary.failed", lang))
        return
    with transaction(services.sessions) as session:
        found = access.by_code_or_latest(session, request.team_id, request.user_id, wanted)
        workshop_id = found.workshop.id if found.workshop else None
    if workshop_id is None:
        request.reply(_refusal(found, lang))
        return
    sent = send_summary(services, request.team_id, request.user_id, workshop_id, lang)
    request.reply(t("summary.sent" if sent else "summary.failed", lang))


@subcommand("export", "eksport", "eksporter")
def export_command(request: CommandRequest) -> None:
    services = request.services
    lang = request.language()
    with transaction(services.sessions) as session:
        found = access.by_code_or_latest(
            session, request.team_id, request.user_id, request.args[0] if request.args else None
        )
        workshop_id = found.workshop.id if found.workshop else None
    if workshop_id is None:
        request.reply(_refusal(found, lang))
        return
    sent = send_export(services, request.team_id, request.user_id, workshop_id, lang)
    request.reply(t("export.sent" if sent else "export.failed", lang))


@subcommand("close", "luk")
def close_command(request: CommandRequest) -> None:
    services = request.services
    lang = request.language()
    if not request.args:
        request.reply(t("close.usage", lang))
        return
    with transaction(services.sessions) as session:
        found = access.by_code_or_latest(session, request.team_id, request.user_id, request.args[0])
        workshop = found.workshop
        if workshop is None:
            request.reply(_refusal(found, lang))
            return
        workshop_id, title = workshop.id, escape_mrkdwn(workshop.title)
    closed = close_workshop(services, request.team_id, request.user_id, workshop_id, lang)
    request.reply(t("close.done" if closed else "close.already", lang, title=title))
    if closed:
        publish_home(services, request.team_id, request.user_id)


# --- Bolt listeners ----------------------------------------------------------------------------


def register(app: App, services: Services) -> None:
    """Wire this feature's commands, actions, views and events."""

    def dm(user_id: str, text: str) -> None:
        try:
            channel = services.slack.open_dm(user_id)
            services.slack.post_message(channel, text)
        except SlackFailure as failure:
            log_failure("facilitator DM", failure)

    @app.view(ids.ROUND_CREATE)
    @guarded()
    def round_chosen(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        team_id, user_id = team_of(body), user_of(body)
        workshop_id = parse_int(str(view.get("private_metadata") or ""))
        step_id = str(field_values(view).get(ids.ROUND_THEME) or "")
        with transaction(services.sessions) as session:
            lang = services.language(session, team_id, user_id, fetch=False)
            found = access.by_id(session, team_id, user_id, workshop_id)
            workshop = found.workshop
            if workshop is None or workshop.status != "open":
                text = (
                    _refusal(found, lang)
                    if workshop is None
                    else t("fac.closed", lang, title=escape_mrkdwn(workshop.title))
                )
                ack(
                    response_action="update",
                    view=message_view("Temadag", text, t("reflection.close", lang)),
                )
                return
        ack(response_action="clear")
        services.run_later(lambda: post_round(workshop, step_id, user_id, lang))

    @guarded()
    def post_round(workshop: Any, step_id: str, user_id: str, lang: str) -> None:
        """After the ack: posting in the channel may take longer than Slack allows."""
        step, error = rounds.post_round(services, workshop, step_id, user_id)
        if step is None:
            return
        if error is not None:
            text = t("round.post_failed", lang, channel=workshop.channel_id, error=error)
        else:
            text = t("round.posted", lang, theme=step.title.get(lang), channel=workshop.channel_id)
        dm(user_id, text)

    @after_ack(app.action(ids.ROUND_OPEN))
    @guarded()
    def open_round(body: dict[str, Any]) -> None:
        team_id, user_id = team_of(body), user_of(body)
        round_id = parse_int(action_value(body))
        if round_id is None:
            return
        with transaction(services.sessions) as session:
            lang = services.language(session, team_id, user_id)
            result = rounds.open_view(services, session, team_id, user_id, round_id, lang)
        if isinstance(result, str):
            view = message_view("Temadag", result, t("reflection.close", lang))
        else:
            view = result
        open_modal(services, body, view)

    def facilitated(body: dict[str, Any]) -> tuple[str, str, str, int] | None:
        team_id, user_id = team_of(body), user_of(body)
        workshop_id = parse_int(action_value(body))
        with transaction(services.sessions) as session:
            lang = services.language(session, team_id, user_id, fetch=False)
            found = access.by_id(session, team_id, user_id, workshop_id)
        if found.workshop is None:
            dm(user_id, _refusal(found, lang))
            return None
        return team_id, user_id, lang, found.workshop.id

    @after_ack(app.action(ids.HOME_SUMMARY))
    @guarded()
    def summary_from_home(body: dict[str, Any]) -> None:
        found = facilitated(body)
        if found is not None:
            team_id, user_id, lang, workshop_id = found
            if not send_summary(services, team_id, user_id, workshop_id, lang):
                dm(user_id, t("summary.failed", lang))

    @after_ack(app.action(ids.HOME_EXPORT))
    @guarded()
    def export_from_home(body: dict[str, Any]) -> None:
        found = facilitated(body)
        if found is not None:
            team_id, user_id, lang, workshop_id = found
            if not send_export(services, team_id, user_id, workshop_id, lang):
                dm(user_id, t("export.failed", lang))

    @after_ack(app.action(ids.HOME_ROUND))
    @guarded()
    def round_from_home(body: dict[str, Any]) -> None:
        found = facilitated(body)
        if found is None:
            return
        team_id, _, lang, workshop_id = found
        with transaction(services.sessions) as session:
            workshop = workshop_repo.get_workshop(session, team_id, workshop_id)
            view = (
                rounds.picker_view(services, workshop, lang)
                if workshop is not None and workshop.status == "open"
                else None
            )
        if view is None:
            return
        open_modal(services, body, view)

    @after_ack(app.action(ids.HOME_CLOSE))
    @guarded()
    def close_from_home(body: dict[str, Any]) -> None:
        found = facilitated(body)
        if found is None:
            return
        team_id, user_id, lang, workshop_id = found
        close_workshop(services, team_id, user_id, workshop_id, lang)
        publish_home(services, team_id, user_id)
