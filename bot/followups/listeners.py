"""Listeners of the followups feature: status buttons, snooze, stop and the questions modal."""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App

from bot.followups import service as responses
from bot.outcomes import peers
from bot.outcomes import service as outcomes
from bot.outcomes import views as outcome_views
from bot.services import Services
from bot.slack import ids
from bot.slack.listeners import after_ack, guarded, open_modal
from bot.slack.requests import SlackRequest
from bot.slack.router import Subcommand
from flows.i18n import t
from flows.outcomes import LIGHTS
from flows.steps import DROP_REASONS

SUBCOMMANDS: tuple[Subcommand, ...] = ()


def _place(request: SlackRequest) -> responses.Place | None:
    if request.channel_id and request.message_ts:
        return responses.Place(request.channel_id, request.message_ts)
    return None


@guarded()
def status_pressed(body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    status = request.action_id.removeprefix(ids.FOLLOWUP_STATUS_PREFIX)
    recorded = responses.record_status(
        services, request.team_id, request.user_id, request.value, status, _place(request)
    )
    if recorded and status == "need_help":
        # What stands in the way, and what the facilitator may see.
        view = outcomes.help_modal(services, request.team_id, request.user_id, request.value)
        if view is not None:
            open_modal(services, request.team_id, request.trigger_id, view)


@guarded()
def snooze_pressed(body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    responses.snooze(services, request.team_id, request.user_id, request.value, _place(request))


@guarded()
def stop_pressed(body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    responses.stop(services, request.team_id, request.user_id, request.value, _place(request))


@guarded()
def questions_pressed(body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    view = responses.questions_modal(services, request.team_id, request.user_id, request.value)
    if view is not None:
        open_modal(services, request.team_id, request.trigger_id, view)


@guarded()
def questions_submitted(ack: Ack, body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    # Stored before the modal closes: a quick write, well inside Slack's 3 seconds.
    errors = responses.save_questions_or_errors(
        services, request.team_id, request.user_id, request.private_metadata, request.values
    )
    if errors:
        ack(response_action="errors", errors=errors)
        return
    lights = {
        key.removeprefix(ids.FQ_LIGHT_PREFIX): str(value)
        for key, value in request.values.items()
        if key.startswith(ids.FQ_LIGHT_PREFIX) and value in LIGHTS
    }
    moved = outcomes.save_lights(
        services, request.team_id, request.user_id, request.private_metadata, lights
    )
    if moved is not None:
        ack(response_action="update", view=moved)
    else:
        ack()


@guarded()
def drop_reason_pressed(body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    reason = request.action_id.removeprefix(ids.FOLLOWUP_DROP_PREFIX)
    outcomes.record_drop_reason(
        services, request.team_id, request.user_id, request.value, reason, _place(request)
    )


@guarded()
def replan_pressed(body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    view = outcomes.replan_modal(
        services, request.team_id, request.user_id, request.value, _place(request)
    )
    if view is not None:
        open_modal(services, request.team_id, request.trigger_id, view)


@guarded()
def replan_submitted(ack: Ack, body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    errors = outcomes.save_replan(
        services, request.team_id, request.user_id, request.private_metadata, request.values
    )
    if errors:
        ack(response_action="errors", errors=errors)
    else:
        ack()


@guarded()
def help_submitted(ack: Ack, body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    view = outcomes.save_help(
        services,
        request.team_id,
        request.user_id,
        request.private_metadata,
        request.values,
        request.state,
    )
    if view is not None:
        ack(response_action="update", view=view)
    else:
        ack()


@guarded()
def help_reply_pressed(body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    view = outcomes.reply_modal(services, request.team_id, request.user_id, request.value)
    if view is not None:
        open_modal(services, request.team_id, request.trigger_id, view)


@guarded()
def help_reply_submitted(ack: Ack, body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    reply = outcomes.check_reply(
        services, request.team_id, request.user_id, request.private_metadata, request.values
    )
    if reply is None:
        ack()
        return
    lang = services.language_of(request.team_id, request.user_id, fetch=False)
    ack(response_action="update", view=outcome_views.done_view(t("helpreq.reply_sent", lang), lang))
    services.run_later(
        partial(outcomes.send_reply, services, request.team_id, request.user_id, reply)
    )


@guarded()
def peer_request_pressed(body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    peers.request_peer(services, request.team_id, request.user_id, request.value, request.view_id)


@guarded()
def peer_answer_pressed(body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    accepted = request.action_id == ids.PEER_ACCEPT
    place = (request.channel_id, request.message_ts) if request.message_ts else None
    peers.answer_peer(services, request.team_id, request.user_id, request.value, accepted, place)


def register(app: App, services: Services) -> None:
    """Wire the follow-up DM's buttons and its questions modal."""
    for action_id in ids.FOLLOWUP_STATUS_ACTIONS:
        after_ack(app.action(action_id))(status_pressed)
    after_ack(app.action(ids.FOLLOWUP_SNOOZE))(snooze_pressed)
    after_ack(app.action(ids.FOLLOWUP_STOP))(stop_pressed)
    after_ack(app.action(ids.FOLLOWUP_QUESTIONS))(questions_pressed)
    app.view(ids.FOLLOWUP_QUESTIONS_VIEW)(questions_submitted)
    for reason in DROP_REASONS:
        after_ack(app.action(ids.FOLLOWUP_DROP_PREFIX + reason))(drop_reason_pressed)
    after_ack(app.action(ids.FOLLOWUP_REPLAN))(replan_pressed)
    app.view(ids.FOLLOWUP_REPLAN_VIEW)(replan_submitted)
    app.view(ids.HELP_REQUEST_VIEW)(help_submitted)
    after_ack(app.action(ids.HELP_REPLY))(help_reply_pressed)
    app.view(ids.HELP_REPLY_VIEW)(help_reply_submitted)
    after_ack(app.action(ids.PEER_REQUEST))(peer_request_pressed)
    for action_id in (ids.PEER_ACCEPT, ids.PEER_DECLINE):
        after_ack(app.action(action_id))(peer_answer_pressed)
