"""The facilitator's copy of a help request, rendered at send time from the database as it is
now (an outbox row of kind "help" holds only the request id)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.outcomes.views import help_message
from bot.slack.blocks import Block
from flows.identity import Person
from flows.steps import shared_with_facilitator
from storage.repositories import help_requests
from storage.repositories import workshops as workshop_repo


def render_help(
    session: Session, team_id: str, recipient: str, request_id: int, lang: str
) -> tuple[str, list[Block]] | None:
    """Only what the person chose to share; None to skip (gone, or no longer a facilitator)."""
    found = help_requests.get_help_request(session, team_id, request_id)
    if found is None:
        return None
    workshop = workshop_repo.get_workshop(session, team_id, found.workshop_id)
    if workshop is None or not workshop_repo.is_facilitator(
        workshop, Person.slack(team_id, recipient)
    ):
        return None
    return help_message(shared_with_facilitator(found.as_request()), workshop.title, lang)
