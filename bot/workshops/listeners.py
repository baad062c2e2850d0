"""Listeners of workshops: `/temadag ny` and the create modal, `/temadag deltag KODE`."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App

from bot.home.slack import publish_home
from bot.reflection.service import apology
from bot.services import Services
from bot.slack import ids
from bot.slack.listeners import after_ack, guarded, open_modal, update_modal
from bot.slack.requests import SlackRequest
from bot.slack.router import CommandRequest, Subcommand
from bot.workshops import service
from flows.i18n import t

log = logging.getLogger(__name__)


def new_workshop(request: CommandRequest) -> None:
    lang = request.language()
    view = service.create_view(request.services, request.user_id, lang, request.channel_id)
    if view is None:
        request.reply(t("create.not_allowed", lang))
        return
    request.open_or_explain(view, lang)


def join_workshop(request: CommandRequest) -> None:
    lang = request.language()
    if not request.args:
        request.reply(t("join.missing_code", lang))
        return
    joined = service.join_by_code(
        request.services, request.team_id, request.user_id, "".join(request.args), lang
    )
    if joined.reply is not None:
        request.reply(joined.reply)
        return
    if joined.view is None or not request.open_or_explain(joined.view, lang, quiet=True):
        request.reply(t("join.welcome", lang, title=service.shown(joined.title)))


SUBCOMMANDS = (
    Subcommand("new", new_workshop, ("ny",)),
    Subcommand("join", join_workshop, ("deltag",)),
)


@guarded()
def new_from_home(body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    lang = services.language_of(request.team_id, request.user_id, fetch=False)
    view = service.create_view(services, request.user_id, lang, None)
    if view is not None:
        open_modal(services, request.team_id, request.trigger_id, view)


@guarded()
def template_changed(body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    lang = services.language_of(request.team_id, request.user_id, fetch=False)
    view = service.refresh_create_view(services, request.user_id, lang, request.state)
    if view is not None:
        update_modal(services, request.team_id, request.view_id, view, request.view_hash)


def apologise(ack: Ack, services: Services, **_: Any) -> None:
    ack(response_action="update", view=apology(services.settings.default_language))


@guarded(apologise)
def create_submitted(ack: Ack, body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    created = service.create_from_form(services, request.team_id, request.user_id, request.state)
    if created.errors is not None:
        ack(response_action="errors", errors=created.errors)
        return
    ack(response_action="update", view=created.view)
    if created.workshop_id is None:
        return
    log.info("workshop %s created", created.workshop_id)
    services.run_later(
        partial(
            announce_workshop, services, request, created.workshop_id, created.lang, created.text
        )
    )


@guarded()
def announce_workshop(
    services: Services, request: SlackRequest, workshop_id: int, lang: str, created: str
) -> None:
    """After the ack: posting may take longer than Slack's 3 seconds allow."""
    service.announce(services, request.team_id, workshop_id, lang, request.view_id, created)
    publish_home(services, request.team_id, request.user_id)


def register(app: App, services: Services) -> None:
    """Wire the create modal and App Home's new-workshop button."""
    app.view(ids.CREATE_WORKSHOP)(create_submitted)
    after_ack(app.action(ids.HOME_NEW_WORKSHOP))(new_from_home)
    after_ack(app.action({"block_id": ids.W_TEMPLATE, "action_id": ids.INPUT}))(template_changed)
