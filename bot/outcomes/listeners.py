"""Listeners of the outcomes feature: a follow-up's "need help" and its help request, the
facilitator's reply, why a step was dropped, a re-plan, the follow-up's questions answered (the
lights re-rated), and peers (the request from the movement view, the candidate's answer)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import partial
from typing import Any

from slack_bolt import Ack, App

from bot.followups import service as followups
from bot.followups.slack import Place, questions_answers, redraw
from bot.outcomes import peers, service, slack
from bot.outcomes import views as outcome_views
from bot.slack import ids
from bot.slack.listeners import after_ack, guarded, open_modal
from bot.slack.requests import SlackRequest, parse_int
from bot.slack.router import Subcommand
from bot.slack.services import SlackServices
from flows.followupref import FollowUpRef
from flows.identity import Person
from flows.steps import DROP_REASONS, NEED_HELP

SUBCOMMANDS: tuple[Subcommand, ...] = ()
NEED_HELP_ACTION = ids.FOLLOWUP_STATUS_PREFIX + NEED_HELP
# The follow-up answered, and where its DM sits: "<value>|<channel>|<ts>" in a modal's metadata.
SEPARATOR = "|"


def _person(request: SlackRequest) -> Person:
    return Person.slack(request.team_id, request.user_id)


def _metadata(value: str, place: Place | None) -> str:
    return SEPARATOR.join((value, place.channel, place.ts)) if place else value


def _unpack(metadata: str) -> tuple[FollowUpRef | None, Place | None]:
    value, _, rest = metadata.partition(SEPARATOR)
    channel, _, ts = rest.partition(SEPARATOR)
    return FollowUpRef.parse(value), Place(channel, ts) if channel and ts else None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


@guarded()
def need_help_pressed(body: dict[str, Any], services: SlackServices) -> None:
    """The follow-up's status becomes "need help", its DM says so, and the help modal opens."""
    request = SlackRequest.of(body)
    ref = FollowUpRef.parse(request.value)
    if ref is None:
        return
    person = _person(request)
    answered = followups.record_status(services, person, ref, NEED_HELP)
    redraw(services, person, ref, Place.of(request), answered)
    if answered is not None:
        slack.open_help(services, person, ref, request.value, request.trigger_id)


@guarded()
def questions_submitted(ack: Ack, body: dict[str, Any], services: SlackServices) -> None:
    """The follow-up's questions answered; the modal then shows how the person's lights moved."""
    request = SlackRequest.of(body)
    ref = FollowUpRef.parse(request.private_metadata)
    if ref is None:
        ack()
        return
    person = _person(request)
    values = dict(request.values)
    answers = questions_answers(values)
    # Stored before the modal closes: a quick write, well inside Slack's 3 seconds.
    not_saved = followups.save_answers(services, person, ref, answers)
    if not_saved is not None:
        first = next(iter(values), None)
        if first is None:
            raise RuntimeError("follow-up answers not saved, and no field to say so at")
        ack(response_action="errors", errors={first: not_saved})
        return
    moved = slack.rerated_view(services, person, ref, followups.lights_given(answers))
    if moved is not None:
        ack(response_action="update", view=moved)
    else:
        ack()


@guarded()
def drop_reason_pressed(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    ref = FollowUpRef.parse(request.value)
    if ref is None:
        return
    person = _person(request)
    reason = request.action_id.removeprefix(ids.FOLLOWUP_DROP_PREFIX)
    note = service.record_drop_reason(services, person, ref, reason)
    if note is not None:
        redraw(services, person, ref, Place.of(request), note)


@guarded()
def replan_pressed(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    ref = FollowUpRef.parse(request.value)
    step = service.step_to_replan(services, _person(request), ref) if ref else None
    if step is not None:
        metadata = _metadata(request.value, Place.of(request))
        view = outcome_views.replan_view(
            step.text, step.target_date, step.written_on, step.lang, metadata
        )
        open_modal(services, request.team_id, request.trigger_id, view)


def _date(raw: object) -> date | None:
    try:
        return date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


@guarded()
def replan_submitted(ack: Ack, body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    ref, place = _unpack(request.private_metadata)
    if ref is None:
        ack()
        return
    person = _person(request)
    text = _text(request.values.get(ids.FR_TEXT))
    done = service.replan(services, person, ref, text, _date(request.values.get(ids.FR_DATE)))
    if isinstance(done, service.Invalid):
        fields = {"text": ids.FR_TEXT}
        ack(response_action="errors", errors={fields[k]: v for k, v in done.errors.items()})
        return
    if done is not None:
        redraw(services, person, ref, place, done.note)
    ack()


def _shared(state: Mapping[str, dict[str, Any]]) -> frozenset[str]:
    element = (state.get(ids.HR_SHARE) or {}).get(ids.INPUT) or {}
    chosen = element.get("selected_options") if isinstance(element, dict) else None
    if not isinstance(chosen, list):
        return frozenset()
    return frozenset(str(o.get("value")) for o in chosen if isinstance(o, dict))


@guarded()
def help_submitted(ack: Ack, body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    ref = FollowUpRef.parse(request.private_metadata)
    told = (
        service.ask_for_help(
            services,
            _person(request),
            ref,
            _text(request.values.get(ids.HR_OBSTACLE)),
            _shared(request.state),
        )
        if ref is not None
        else None
    )
    if isinstance(told, service.Invalid):  # the database did not answer: the text stays
        fields = {"obstacle": ids.HR_OBSTACLE}
        ack(response_action="errors", errors={fields[k]: v for k, v in told.errors.items()})
    elif told is not None:
        ack(response_action="update", view=outcome_views.done_view(told.text, told.lang))
    else:
        ack()


@guarded()
def help_reply_pressed(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    request_id = parse_int(request.value)
    person = _person(request)
    if request_id is None or service.facilitated_request(services, person, request_id) is None:
        return
    lang = services.slack_language(request.team_id, request.user_id, fetch=False)
    view = outcome_views.reply_view(request_id, lang)
    open_modal(services, request.team_id, request.trigger_id, view)


@guarded()
def help_reply_submitted(ack: Ack, body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    request_id = parse_int(request.private_metadata)
    person = _person(request)
    text = _text(request.values.get(ids.HRR_TEXT))
    reply = (
        service.check_reply(services, person, request_id, text) if request_id is not None else None
    )
    if isinstance(reply, service.Invalid):  # the database did not answer: the text stays
        fields = {"text": ids.HRR_TEXT}
        ack(response_action="errors", errors={fields[k]: v for k, v in reply.errors.items()})
        return
    if reply is None:
        ack()
        return
    ack(response_action="update", view=outcome_views.reply_done_view(reply.route, reply.lang))
    if reply.route is not service.Route.NONE:
        services.run_later(partial(slack.send_reply, services, person, reply))


@guarded()
def peer_request_pressed(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    participant_id, _, factor_id = request.value.partition(":")
    if not participant_id.isdigit():
        return
    asked = peers.request_peer(services, _person(request), int(participant_id), factor_id)
    if asked is not None:
        slack.show_requested(services, request.team_id, request.view_id, asked)


@guarded()
def peer_answer_pressed(body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    if not request.value.isdigit():
        return
    accepted = request.action_id == ids.PEER_ACCEPT
    answered = peers.answer_peer(services, _person(request), int(request.value), accepted)
    if answered is not None:
        place = (request.channel_id, request.message_ts) if request.message_ts else None
        slack.show_answer(services, request.team_id, place, answered)


def register(app: App, services: SlackServices) -> None:
    """Wire the outcomes' buttons and modals: need help, the questions' answers, drop reasons,
    re-plans, help, peers."""
    after_ack(app.action(NEED_HELP_ACTION))(need_help_pressed)
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
