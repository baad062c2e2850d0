"""Listeners of the reflection: start, open a round, resume, review, go back, edit a step, submit
a step. Each parses Slack's payload, calls a use case and renders what it returns."""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.afterack import keyed
from bot.reflection import service
from bot.reflection.views import carried_statuses, notice_view, render
from bot.slack import ids
from bot.slack.listeners import after_ack, guarded, open_modal, update_modal
from bot.slack.requests import SlackRequest, StepMeta, parse_int
from bot.slack.router import CommandRequest, Subcommand
from bot.slack.services import SlackServices
from flows.i18n import t
from flows.identity import Person


def reflect(request: CommandRequest) -> None:
    lang = request.language()
    person = Person.slack(request.team_id, request.user_id)
    screen = service.latest(request.services, person, lang)
    if screen is None:
        request.reply(t("reflection.not_joined", lang))
        return
    request.open_or_explain(render(screen), lang)


def join_workshop(request: CommandRequest) -> None:
    lang = request.language()
    if not request.args:
        request.reply(t("join.missing_code", lang))
        return
    person = Person.slack(request.team_id, request.user_id)
    joined = service.join_by_code(
        request.services, person, "".join(request.args), lang, request.channel_id
    )
    if joined.reply is not None:
        request.reply(joined.reply)
        return
    opened = joined.screen is not None and request.open_or_explain(
        render(joined.screen), lang, quiet=True
    )
    if not opened:
        request.reply(t("join.welcome", lang, title=service.shown(joined.title)))


SUBCOMMANDS = (
    Subcommand("reflect", reflect, ("refleksion",)),
    Subcommand("join", join_workshop, ("deltag",)),
)


def say_sorry(body: dict[str, Any], respond: Respond, services: SlackServices, **_: Any) -> None:
    if body.get("response_url"):
        respond(
            text=t("error.generic", services.settings.default_language),
            response_type="ephemeral",
            replace_original=False,
        )


@guarded(say_sorry)
def start_from_announcement(
    body: dict[str, Any], respond: Respond, services: SlackServices
) -> None:
    request = SlackRequest.of(body)
    person = Person.slack(request.team_id, request.user_id)
    started = service.start(
        services,
        person,
        parse_int(request.value),
        request.home_team_id,
        pressed_in=request.channel_id,
    )
    if started.refusal is not None:
        if request.has_response_url:  # a forged click from a modal has none
            respond(text=started.refusal, response_type="ephemeral", replace_original=False)
        return
    if started.screen is not None:
        open_modal(services, request.team_id, request.trigger_id, render(started.screen))
    # A Slack Connect guest: the app reaches them only if it is installed in their workspace.
    home = started.home_team_id
    reached = home is None or services.gateways.reaches(request.team_id, home)
    if not reached and request.has_response_url:
        notice = t("join.no_followups", started.lang)
        respond(text=notice, response_type="ephemeral", replace_original=False)


@guarded()
def open_round(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    round_id = parse_int(request.value)
    if round_id is None:
        return
    person = Person.slack(request.team_id, request.user_id)
    screen = service.open_round(services, person, round_id, request.home_team_id)
    open_modal(services, request.team_id, request.trigger_id, render(screen))


@guarded()
def open_from_home(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    person = Person.slack(request.team_id, request.user_id)
    screen = service.open_own(services, person, parse_int(request.value))
    if screen is not None:
        open_modal(services, request.team_id, request.trigger_id, render(screen))


@guarded()
def step_back(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    meta = StepMeta.load(request.private_metadata)
    person = Person.slack(request.team_id, request.user_id)
    step = service.back(services, person, meta) if meta else None
    if step is not None:
        update_modal(services, request.team_id, request.view_id, render(step), request.view_hash)


@guarded()
def edit_step(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    workshop_part, _, index_part = request.value.partition(":")
    workshop_id, index = parse_int(workshop_part), parse_int(index_part)
    if workshop_id is None or index is None:
        return
    person = Person.slack(request.team_id, request.user_id)
    step = service.edit(services, person, workshop_id, index)
    if step is not None:
        update_modal(services, request.team_id, request.view_id, render(step), request.view_hash)


def apologise(ack: Ack, services: SlackServices, **_: Any) -> None:
    apology = service.apology(services.settings.default_language)
    ack(response_action="update", view=notice_view(apology))


@guarded(apologise)
def step_submitted(ack: Ack, body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    team_id, user_id = request.team_id, request.user_id
    meta = StepMeta.load(request.private_metadata)
    result = service.submit(services, Person.slack(team_id, user_id), meta, request.values)
    if result.errors is not None:
        # A field key is the block id of its input: Slack shows each error beside its field,
        # and keeps what was typed.
        ack(response_action="errors", errors=dict(result.errors))
    elif result.screen is not None:
        ack(response_action="update", view=render(result.screen))
    else:
        ack(response_action="clear")
    if result.tag_later:
        tag = partial(service.tag_saved_answers, services)
        services.run_later(keyed(("factor-tags",), tag))
    if result.round_id is not None:
        # The live count in the channel; throttled, so a burst costs few chat.update calls.
        services.round_answered(team_id, result.round_id)
    # A Slack Connect guest's App Home is in their own workspace, published with its token.
    home = request.home_team_id or team_id
    if result.refresh_home and services.gateways.reaches(team_id, home):
        # Not a lazy listener: Bolt would deep-copy every submission to start one.
        publish = partial(services.publish_home, home, user_id)
        services.run_later(keyed(("home", home, user_id), publish))


@guarded(apologise)
def carry_submitted(ack: Ack, body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    person = Person.slack(request.team_id, request.user_id)
    meta = StepMeta.load(request.private_metadata)
    screen = service.carry_submitted(services, person, meta, carried_statuses(request.values))
    ack(response_action="update", view=render(screen))
    services.run_later(partial(services.publish_home, request.team_id, request.user_id))


def register(app: App, services: SlackServices) -> None:
    """Wire the reflection's actions and its step submissions."""
    app.view(ids.REFLECTION_STEP)(step_submitted)
    app.view(ids.CARRY_FORWARD_VIEW)(carry_submitted)
    after_ack(app.action(ids.START_REFLECTION))(start_from_announcement)
    after_ack(app.action(ids.ROUND_OPEN))(open_round)
    after_ack(app.action(ids.REVIEW_REFLECTION))(open_from_home)
    after_ack(app.action(ids.RESUME_REFLECTION))(open_from_home)
    after_ack(app.action(ids.STEP_BACK))(step_back)
    after_ack(app.action(ids.EDIT_STEP))(edit_step)
