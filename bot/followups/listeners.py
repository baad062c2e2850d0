"""Listeners of the followups feature: the follow-up DM's status buttons, remind me later, stop
and opening the questions modal. "Need help" (it opens the help modal) and the questions'
answers (the lights re-rated) are the outcomes feature's: outcomes/listeners.py."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.followups import service
from bot.followups.slack import Place, redraw
from bot.followups.views import questions_view
from bot.slack import ids
from bot.slack.listeners import after_ack, guarded, open_modal
from bot.slack.requests import SlackRequest
from bot.slack.router import Subcommand
from bot.slack.services import SlackServices
from flows.followupref import FollowUpRef
from flows.identity import Person
from flows.steps import NEED_HELP

SUBCOMMANDS: tuple[Subcommand, ...] = ()
# "Need help" also opens the outcomes' help modal: outcomes/listeners.py answers that button.
STATUS_ACTIONS = tuple(
    action_id
    for action_id in ids.FOLLOWUP_STATUS_ACTIONS
    if action_id != ids.FOLLOWUP_STATUS_PREFIX + NEED_HELP
)


def _person(request: SlackRequest) -> Person:
    return Person.slack(request.team_id, request.user_id)


@guarded()
def status_pressed(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    ref = FollowUpRef.parse(request.value)
    if ref is None:
        return
    person = _person(request)
    status = request.action_id.removeprefix(ids.FOLLOWUP_STATUS_PREFIX)
    answered = service.record_status(services, person, ref, status)
    redraw(services, person, ref, Place.of(request), answered)


@guarded()
def snooze_pressed(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    ref = FollowUpRef.parse(request.value)
    if ref is not None:
        person = _person(request)
        redraw(services, person, ref, Place.of(request), service.snooze(services, person, ref))


@guarded()
def stop_pressed(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    ref = FollowUpRef.parse(request.value)
    if ref is not None:
        person = _person(request)
        redraw(services, person, ref, Place.of(request), service.stop(services, person, ref))


@guarded()
def questions_pressed(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    ref = FollowUpRef.parse(request.value)
    found = service.questions(services, _person(request), ref) if ref is not None else None
    if found is not None:
        view = questions_view(found.followup, found.earlier)
        open_modal(services, request.team_id, request.trigger_id, view)


def register(app: App, services: SlackServices) -> None:
    """Wire the follow-up DM's buttons, need help aside (outcomes wire it and the answers)."""
    for action_id in STATUS_ACTIONS:
        after_ack(app.action(action_id))(status_pressed)
    after_ack(app.action(ids.FOLLOWUP_SNOOZE))(snooze_pressed)
    after_ack(app.action(ids.FOLLOWUP_STOP))(stop_pressed)
    after_ack(app.action(ids.FOLLOWUP_QUESTIONS))(questions_pressed)
