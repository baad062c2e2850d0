"""Listeners of workshops: `/temadag ny` and the create modal."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import partial
from typing import Any

from slack_bolt import Ack, App

from bot.slack import ids
from bot.slack.blocks import message_modal
from bot.slack.listeners import after_ack, guarded, open_modal, update_modal
from bot.slack.requests import SlackRequest
from bot.slack.router import CommandRequest, Subcommand
from bot.slack.services import SlackServices
from bot.workshops import service
from bot.workshops.form import WorkshopForm, chosen_template
from bot.workshops.slack import announce
from bot.workshops.views import FIELD_BLOCKS, agenda_block_id, form_view
from flows.i18n import t
from flows.identity import Person

log = logging.getLogger(__name__)


def new_workshop(request: CommandRequest) -> None:
    lang = request.language()
    person = Person.slack(request.team_id, request.user_id)
    shown = service.create_form(request.services, person, lang, request.channel_id)
    if shown is None:
        request.reply(t("create.not_allowed", lang))
        return
    request.open_or_explain(form_view(shown), lang)


SUBCOMMANDS = (Subcommand("new", new_workshop, ("ny",)),)


def _element(state: Mapping[str, dict[str, Any]], block_id: str) -> dict[str, Any]:
    found = state.get(block_id, {}).get(ids.INPUT)
    return found if isinstance(found, dict) else {}


def _picked(state: Mapping[str, dict[str, Any]], block_id: str) -> str | None:
    value = (_element(state, block_id).get("selected_option") or {}).get("value")
    return str(value) if value else None


def _text(value: object) -> str:
    return str(value) if value is not None else ""


def form_of(services: SlackServices, state: Mapping[str, dict[str, Any]]) -> WorkshopForm:
    """The create modal's state as the form's fields."""
    template_id = _picked(state, ids.W_TEMPLATE)
    # Only the chosen template's agenda input counts (the form shows that one).
    template = chosen_template(services.templates, template_id)
    agenda = _element(state, agenda_block_id(template)).get("selected_options")
    co = _element(state, ids.W_COFACILITATORS).get("selected_users")
    return WorkshopForm(
        title=_text(_element(state, ids.W_TITLE).get("value") or ""),
        day=_text(_element(state, ids.W_DAY).get("selected_date") or ""),
        channel_id=_text(_element(state, ids.W_CHANNEL).get("selected_conversation") or ""),
        language=_picked(state, ids.W_LANGUAGE),
        template_id=template_id,
        agenda=tuple(
            _text(o.get("value"))
            for o in (agenda if isinstance(agenda, list) else [])
            if isinstance(o, dict)
        ),
        co_facilitators=tuple(str(u) for u in (co if isinstance(co, list) else [])),
        min_group=_text(_element(state, ids.W_MIN_GROUP).get("value")),
        retention=_text(_element(state, ids.W_RETENTION).get("value")),
        followups=_text(_element(state, ids.W_FOLLOWUPS).get("value") or ""),
    )


@guarded()
def new_from_home(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    lang = services.slack_language(request.team_id, request.user_id, fetch=False)
    person = Person.slack(request.team_id, request.user_id)
    shown = service.create_form(services, person, lang, None)
    if shown is not None:
        open_modal(services, request.team_id, request.trigger_id, form_view(shown))


@guarded()
def template_changed(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    lang = services.slack_language(request.team_id, request.user_id, fetch=False)
    person = Person.slack(request.team_id, request.user_id)
    state = request.state
    channel = _element(state, ids.W_CHANNEL).get("selected_conversation")
    template_id = _picked(state, ids.W_TEMPLATE)
    shown = service.refresh_form(
        services, person, lang, template_id, str(channel) if channel else None
    )
    if shown is not None:
        view = form_view(shown)
        update_modal(services, request.team_id, request.view_id, view, request.view_hash)


def apologise(ack: Ack, services: SlackServices, **_: Any) -> None:
    lang = services.settings.default_language
    apology = message_modal("Temadag", t("error.generic", lang), t("reflection.close", lang))
    ack(response_action="update", view=apology)


@guarded(apologise)
def create_submitted(ack: Ack, body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    person = Person.slack(request.team_id, request.user_id)
    created = service.create_from_form(services, person, form_of(services, request.state))
    lang = created.lang
    if created.errors is not None:
        errors = {FIELD_BLOCKS[field]: text for field, text in created.errors.items()}
        ack(response_action="errors", errors=errors)
        return
    if created.refusal is not None:
        refused = message_modal("Temadag", created.refusal, t("reflection.close", lang))
        ack(response_action="update", view=refused)
        return
    done = message_modal(t("create.title", lang), created.text, t("reflection.close", lang))
    ack(response_action="update", view=done)
    if created.workshop_id is None:
        return
    log.info("workshop %s created", created.workshop_id)
    services.run_later(
        partial(announce_workshop, services, request, created.workshop_id, lang, created.text)
    )


@guarded()
def announce_workshop(
    services: SlackServices, request: SlackRequest, workshop_id: int, lang: str, created: str
) -> None:
    """After the ack: posting may take longer than Slack's 3 seconds allow."""
    person = Person.slack(request.team_id, request.user_id)
    announce(services, person, workshop_id, lang, request.view_id, created)
    services.publish_home(request.team_id, request.user_id)


def register(app: App, services: SlackServices) -> None:
    """Wire the create modal and App Home's new-workshop button."""
    app.view(ids.CREATE_WORKSHOP)(create_submitted)
    after_ack(app.action(ids.HOME_NEW_WORKSHOP))(new_from_home)
    after_ack(app.action({"block_id": ids.W_TEMPLATE, "action_id": ids.INPUT}))(template_changed)
