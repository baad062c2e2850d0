"""Listeners of the followups feature: status buttons, snooze, stop and the questions modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.followups import responses
from bot.services import Services
from bot.slack import ids
from bot.slack.listeners import after_ack, guarded, open_modal
from bot.slack.requests import SlackRequest
from bot.slack.router import Subcommand

SUBCOMMANDS: tuple[Subcommand, ...] = ()


def _place(request: SlackRequest) -> responses.Place | None:
    if request.channel_id and request.message_ts:
        return responses.Place(request.channel_id, request.message_ts)
    return None


@guarded()
def status_pressed(body: dict[str, Any], services: Services) -> None:
    request = SlackRequest.of(body)
    status = request.action_id.removeprefix(ids.FOLLOWUP_STATUS_PREFIX)
    responses.record_status(
        services, request.team_id, request.user_id, request.value, status, _place(request)
    )


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
        open_modal(services, request.trigger_id, view)


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
    ack()


def register(app: App, services: Services) -> None:
    """Wire the follow-up DM's buttons and its questions modal."""
    for action_id in ids.FOLLOWUP_STATUS_ACTIONS:
        after_ack(app.action(action_id))(status_pressed)
    after_ack(app.action(ids.FOLLOWUP_SNOOZE))(snooze_pressed)
    after_ack(app.action(ids.FOLLOWUP_STOP))(stop_pressed)
    after_ack(app.action(ids.FOLLOWUP_QUESTIONS))(questions_pressed)
    app.view(ids.FOLLOWUP_QUESTIONS_VIEW)(questions_submitted)
