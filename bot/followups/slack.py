"""The follow-up DM redrawn in place after an answer (chat.update), in Slack's face."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.followups.service import Answered, followup_now
from bot.followups.views import followup_blocks, followup_text
from bot.slack.gateway import SlackFailure
from bot.slack.requests import SlackRequest
from bot.slack.services import SlackServices
from flows.followupref import FollowUpRef
from flows.identity import Person

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Place:
    """Where a follow-up DM sits: its channel and ts."""

    channel: str
    ts: str

    @classmethod
    def of(cls, request: SlackRequest) -> Place | None:
        if request.channel_id and request.message_ts:
            return cls(request.channel_id, request.message_ts)
        return None


def redraw(
    services: SlackServices,
    person: Person,
    ref: FollowUpRef,
    place: Place | None,
    answered: Answered | str | None,
) -> None:
    """The DM as it now reads, ending with the answer's note (a note alone keeps the buttons);
    nothing when there is no DM to update or nothing was answered."""
    if place is None or answered is None:
        return
    if isinstance(answered, str):
        answered = Answered(answered)
    now = followup_now(services, person, ref, answered)
    if now is None:
        return
    try:
        services.slack_for(now.team_id).update_message(
            place.channel, place.ts, followup_text(now.followup), followup_blocks(now.followup)
        )
    except SlackFailure as failure:
        log.warning("chat.update of a follow-up failed: %s", failure)
