"""The announcement in the workshop channel: posted after the create form's ack, its ts kept."""

from __future__ import annotations

from bot.slack.blocks import message_modal
from bot.slack.gateway import SlackFailure
from bot.slack.listeners import send_dm, update_modal
from bot.slack.services import SlackServices
from bot.workshops import service
from bot.workshops.views import announcement_message
from flows.i18n import t
from flows.identity import Person


def announce(
    services: SlackServices,
    person: Person,
    workshop_id: int,
    lang: str,
    view_id: str,
    created: str,
) -> None:
    """Post the announcement; if the channel refuses it, say so in the create modal. Once it is
    up, the facilitator's DM gets the room's links (when the site has a public address)."""
    team_id = person.team_id
    error = _post(services, team_id, workshop_id)
    if error is not None:
        text = service.not_announced(lang, error, created)
        view = message_modal(t("create.title", lang), text, t("reflection.close", lang))
        update_modal(services, team_id, view_id, view)
        return
    note = service.room_note(services, person, workshop_id)
    if note is not None:
        send_dm(services, team_id, person.user_id, note.text, what="room links DM")


def _post(services: SlackServices, team_id: str, workshop_id: int) -> str | None:
    """The Slack error when the channel refuses the announcement, else None."""
    shown = service.announcement_of(services, team_id, workshop_id)
    if shown is None:
        return "not_found"
    text, blocks = announcement_message(shown)
    try:
        posted = services.slack_for(team_id).post_message(shown.channel_id, text, blocks)
    except SlackFailure as failure:
        return failure.error
    service.announced(services, team_id, workshop_id, posted.ts)
    return None
