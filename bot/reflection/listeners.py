"""Listeners of the reflection: start, resume, review, go back, edit a step, submit a step."""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.afterack import keyed
from bot.facilitation.slack import note_answer
from bot.home.slack import publish_home
from bot.reflection import service
from bot.services import Services
from bot.slack import ids
from bot.slack.listeners import after_ack, guarded, open_modal, update_modal
from bot.slack.requests import SlackRequest, StepMeta, parse_int
from bot.slack.router import CommandRequest, Subcommand
from flows.i18n import t


def reflect(request: CommandRequest) -> None:
    lang = request.language()
    view = service.latest_view(request.services, request.team_id, request.user_id, lang)
    if view is None:
        request.reply(t("reflection.not_joined", lang))
        return
    request.open_or_explain(view, lang)


SUBCOMMANDS = (Subcommand("reflect", reflect, ("refleksion",)),)


def say_sorry(body: dict[str, Any], respond: Respond, services: Services, **_: Any) -> None:
    if body.get("response_url"):
        respond(
            text=t("error.generic", services.settings.default_language),
            response_type="ephemeral",
            replace_original=False,
        )


@guarded(say_sorry)
def start_from_announcement(body: dict[str, Any], respond: Respond, services: Services) -> None:
    request = SlackRequest.of(body)
    started = service.start(
        services, request.team_id, request.user_id, parse_int(request.value), request.home_team_id
    )
    if started.refusal is not None:
        if request.has_response_url:  # a forged click from a modal has none
            respond(text=started.refusal, response_type="ephemeral", replace_original=False)
        return
    if started.view is not None:
        open_modal(services, request.team_id, request.trigger_id, started.view)
    if started.notice is not None and request.has_response_url:
        respond(text=started.notice, response_type="ephemeral", replace_original=False)


@guarded()
def open_from_home(body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    view = service.open_own(services, request.team_id, request.user_id, parse_int(request.value))
    if view is not None:
        open_modal(services, request.team_id, request.trigger_id, view)


@guarded()
def step_back(body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    meta = StepMeta.load(request.private_metadata)
    view = service.back(services, request.team_id, request.user_id, meta) if meta else None
    if view is not None:
        update_modal(services, request.team_id, request.view_id, view, request.view_hash)


@guarded()
def edit_step(body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    workshop_part, _, index_part = request.value.partition(":")
    workshop_id, index = parse_int(workshop_part), parse_int(index_part)
    if workshop_id is None or index is None:
        return
    view = service.edit(services, request.team_id, request.user_id, workshop_id, index)
    if view is not None:
        update_modal(services, request.team_id, request.view_id, view, request.view_hash)


def apologise(ack: Ack, services: Services, **_: Any) -> None:
    ack(response_action="update", view=service.apology(services.settings.default_language))


@guarded(apologise)
def step_submitted(ack: Ack, body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    team_id, user_id = request.team_id, request.user_id
    result = service.submit(
        services, team_id, user_id, request.private_metadata, dict(request.values)
    )
    if result.errors is not None:
        ack(response_action="errors", errors=result.errors)
    elif result.view is not None:
        ack(response_action="update", view=result.view)
    else:
        ack(response_action="clear")
    if result.tag_later:
        tag = partial(service.tag_saved_answers, services)
        services.run_later(keyed(("factor-tags",), tag))
    if result.round_id is not None:
        # The live count in the channel; throttled, so a burst costs few chat.update calls.
        services.run_later(partial(note_answer, services, team_id, result.round_id))
    # A Slack Connect guest's App Home is in their own workspace, published with its token.
    home = request.home_team_id or team_id
    if result.refresh_home and services.gateways.reaches(team_id, home):
        # Not a lazy listener: Bolt would deep-copy every submission to start one.
        publish = partial(publish_home, services, home, user_id)
        services.run_later(keyed(("home", home, user_id), publish))


@guarded(apologise)
def carry_submitted(ack: Ack, body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    view = service.carry_submitted(
        services, request.team_id, request.user_id, request.private_metadata, dict(request.values)
    )
    ack(response_action="update", view=view)
    services.run_later(partial(publish_home, services, request.team_id, request.user_id))


def register(app: App, services: Services) -> None:
    """Wire the reflection's actions and its step submissions."""
    app.view(ids.REFLECTION_STEP)(step_submitted)
    app.view(ids.CARRY_FORWARD_VIEW)(carry_submitted)
    after_ack(app.action(ids.START_REFLECTION))(start_from_announcement)
    after_ack(app.action(ids.REVIEW_REFLECTION))(open_from_home)
    after_ack(app.action(ids.RESUME_REFLECTION))(open_from_home)
    after_ack(app.action(ids.STEP_BACK))(step_back)
    after_ack(app.action(ids.EDIT_STEP))(edit_step)
