"""The follow-up DM redrawn in place after an answer (chat.update), and the questions modal's
fields read as answers: the follow-up in Slack's face."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from bot.followups.service import Answered, FollowUpAnswers, followup_now
from bot.followups.views import followup_blocks, followup_text
from bot.slack import ids
from bot.slack.gateway import SlackFailure
from bot.slack.requests import SlackRequest
from bot.slack.services import SlackServices
from flows.factors import FACTORS
from flows.followupref import FollowUpRef
from flows.identity import Person

log = logging.getLogger(__name__)
ANSWERS = (("helped", ids.FQ_HELPED), ("obstacles", ids.FQ_OBSTACLES), ("revised", ids.FQ_REVISED))


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


def questions_answers(values: Mapping[str, object]) -> FollowUpAnswers:
    """The questions modal's fields (by block id) as the answers the use case keeps."""
    texts = {key: values.get(block_id) for key, block_id in ANSWERS}
    return FollowUpAnswers(
        **{key: value if isinstance(value, str) else "" for key, value in texts.items()},
        lights=_lights(values),
    )


def _lights(values: Mapping[str, object]) -> dict[str, str]:
    return {
        factor.id: str(values[ids.FQ_LIGHT_PREFIX + factor.id])
        for factor in FACTORS
        if isinstance(values.get(ids.FQ_LIGHT_PREFIX + factor.id), str)
    }
