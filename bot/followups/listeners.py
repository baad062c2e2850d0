"""Listeners of the followups feature: the follow-up DM's status buttons, remind me later, stop
and the questions modal (its traffic lights re-rated by the outcomes feature)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.followups import service
from bot.followups.slack import Place, redraw
from bot.followups.views import questions_view
from bot.outcomes import slack as outcomes
from bot.slack import ids
from bot.slack.listeners import after_ack, guarded, open_modal
from bot.slack.requests import SlackRequest
from bot.slack.router import Subcommand
from bot.slack.services import SlackServices
from flows.factors import FACTORS
from flows.followupref import FollowUpRef
from flows.identity import Person

SUBCOMMANDS: tuple[Subcommand, ...] = ()
ANSWERS = (("helped", ids.FQ_HELPED), ("obstacles", ids.FQ_OBSTACLES), ("revised", ids.FQ_REVISED))


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
    if answered is not None and status == "need_help":
        outcomes.open_help(services, person, ref, request.value, request.trigger_id)


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


def _lights(values: dict[str, Any]) -> dict[str, str]:
    return {
        factor.id: str(values[ids.FQ_LIGHT_PREFIX + factor.id])
        for factor in FACTORS
        if isinstance(values.get(ids.FQ_LIGHT_PREFIX + factor.id), str)
    }


@guarded()
def questions_submitted(ack: Ack, body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    ref = FollowUpRef.parse(request.private_metadata)
    if ref is None:
        ack()
        return
    person = _person(request)
    values = dict(request.values)
    texts = {key: values.get(block_id) for key, block_id in ANSWERS}
    answers = service.FollowUpAnswers(
        **{key: value if isinstance(value, str) else "" for key, value in texts.items()},
        lights=_lights(values),
    )
    # Stored before the modal closes: a quick write, well inside Slack's 3 seconds.
    not_saved = service.save_answers(services, person, ref, answers)
    if not_saved is not None:
        first = next(iter(values), None)
        if first is None:
            raise RuntimeError("follow-up answers not saved, and no field to say so at")
        ack(response_action="errors", errors={first: not_saved})
        return
    moved = outcomes.rerated_view(services, person, ref, service.lights_given(answers))
    if moved is not None:
        ack(response_action="update", view=moved)
    else:
        ack()


def register(app: App, services: SlackServices) -> None:
    """Wire the follow-up DM's buttons and its questions modal."""
    for action_id in ids.FOLLOWUP_STATUS_ACTIONS:
        after_ack(app.action(action_id))(status_pressed)
    after_ack(app.action(ids.FOLLOWUP_SNOOZE))(snooze_pressed)
    after_ack(app.action(ids.FOLLOWUP_STOP))(stop_pressed)
    after_ack(app.action(ids.FOLLOWUP_QUESTIONS))(questions_pressed)
    app.view(ids.FOLLOWUP_QUESTIONS_VIEW)(questions_submitted)
