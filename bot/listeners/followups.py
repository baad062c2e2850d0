"""Listeners of the followups feature: status buttons, snooze, stop and the questions modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot import ids
from bot.followups import responses
from bot.listeners.common import after_ack, guarded, open_modal, team_of, user_of
from bot.requests import action_value, first_action
from bot.services import Services


def _action_id(body: dict[str, Any]) -> str:
    return str(first_action(body).get("action_id") or "")


def _place(body: dict[str, Any]) -> responses.Place | None:
    container = _dict(body.get("container"))
    channel = container.get("channel_id") or _dict(body.get("channel")).get("id")
    ts = container.get("message_ts") or _dict(body.get("message")).get("ts")
    if isinstance(channel, str) and isinstance(ts, str) and channel and ts:
        return responses.Place(channel, ts)
    return None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def register(app: App, services: Services) -> None:
    for action_id in ids.FOLLOWUP_STATUS_ACTIONS:

        @after_ack(app.action(action_id))
        @guarded()
        def status_pressed(body: dict[str, Any]) -> None:
            status = _action_id(body).removeprefix(ids.FOLLOWUP_STATUS_PREFIX)
            responses.record_status(
                services, team_of(body), user_of(body), action_value(body), status, _place(body)
            )

    @after_ack(app.action(ids.FOLLOWUP_SNOOZE))
    @guarded()
    def snooze_pressed(body: dict[str, Any]) -> None:
        responses.snooze(services, team_of(body), user_of(body), action_value(body), _place(body))

    @after_ack(app.action(ids.FOLLOWUP_STOP))
    @guarded()
    def stop_pressed(body: dict[str, Any]) -> None:
        responses.stop(services, team_of(body), user_of(body), action_value(body), _place(body))

    @after_ack(app.action(ids.FOLLOWUP_QUESTIONS))
    @guarded()
    def questions_pressed(body: dict[str, Any]) -> None:
        view = responses.questions_modal(services, team_of(body), user_of(body), action_value(body))
        if view is None:
            return
        open_modal(services, body, view)

    @app.view(ids.FOLLOWUP_QUESTIONS_VIEW)
    @guarded()
    def questions_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        # Stored before the modal closes: a quick write, well inside Slack's 3 seconds.
        responses.save_questions(services, team_of(body), user_of(body), view)
        ack()
