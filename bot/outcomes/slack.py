"""The outcomes' Slack-side effects: the help modal opened from a follow-up's "need help", the
re-rated lights shown in the questions modal, the facilitator's reply sent as a DM, and a peer
request's note or answer shown in place."""

from __future__ import annotations

from typing import Any

from bot.failure_log import log_failure
from bot.outcomes import peers, service
from bot.outcomes import views as outcome_views
from bot.slack.blocks import message_modal, mrkdwn, section
from bot.slack.gateway import SlackFailure
from bot.slack.listeners import open_modal, send_dm
from bot.slack.services import SlackServices
from flows.followupref import FollowUpRef
from flows.i18n import t
from flows.identity import Person


def open_help(
    services: SlackServices, person: Person, ref: FollowUpRef, value: str, trigger_id: str
) -> None:
    """After "need help": what stands in the way, and what the facilitator may see."""
    step = service.step_in_need(services, person, ref)
    if step is not None:
        view = outcome_views.help_view(step.text, step.target_date, step.lang, value)
        open_modal(services, person.team_id, trigger_id, view)


def rerated_view(
    services: SlackServices, person: Person, ref: FollowUpRef, lights: dict[str, str]
) -> dict[str, Any] | None:
    """The questions modal's next view: the person's movement, and a peer offered under red."""
    moved = service.rerate(services, person, ref, lights)
    if moved is None:
        return None
    offer = outcome_views.peer_offer_blocks(moved.participant_id, moved.red_factors, moved.lang)
    return outcome_views.movement_view(moved.moves, moved.lang, offer)


def send_reply(services: SlackServices, person: Person, reply: service.Reply) -> bool:
    """DM the facilitator's answer to the participant; recorded as answered once it went. A
    web participant's goes by e-mail, through the outbox."""
    if reply.route is not service.Route.SLACK:
        return service.mail_reply(services, person, reply)
    found = service.reply_to_send(services, person, reply)
    if found is None:
        return False
    text, blocks = outcome_views.reply_message(found.title, found.text, found.lang)
    if (
        send_dm(services, found.to.team_id, found.to.user_id, text, blocks, what="help reply")
        is None
    ):
        return False
    service.reply_sent(services, person, reply)
    return True


def show_requested(services: SlackServices, team_id: str, view_id: str, asked: peers.Asked) -> None:
    """The modal the peer button sat in says what happens next."""
    if not view_id:
        return
    lang = asked.lang
    try:
        services.slack_for(team_id).update_view(
            view_id, message_modal(t("fq.title", lang), asked.note, t("fq.close", lang))
        )
    except SlackFailure as failure:
        log_failure("peer request view", failure)


def show_answer(
    services: SlackServices, team_id: str, place: tuple[str, str] | None, answered: peers.Answered
) -> None:
    """The ask, in place, now says what the candidate answered."""
    if place is None:
        return
    try:
        channel, ts = place
        services.slack_for(team_id).update_message(
            channel, ts, answered.note, [section(mrkdwn(answered.note))]
        )
    except SlackFailure as failure:
        log_failure("peer answer", failure)
