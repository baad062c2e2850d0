"""Live rounds, the participant's half: what a round asks, and whether an answer is to it.

A round is one theme of the workshop's template, posted by a facilitator; its button joins the
person if needed and opens just that step (`service.open_round`). The facilitator's half
(posting the round, its live count) is bot/facilitation/rounds.py.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from bot.services import Services
from flows.i18n import t
from flows.stepref import StepRef
from flows.templates import Template
from flows.text import escape_mrkdwn
from storage.models import Workshop
from storage.repositories import rounds as round_repo

# How long a posted round is offered on a web participant's page: the day it was posted.
OFFERED_FOR = timedelta(hours=12)


def asked(
    services: Services, session: Session, team_id: str, round_id: int, lang: str
) -> tuple[Workshop, StepRef] | str:
    """The open workshop a round of this team belongs to, and the step it asks; else why not
    (never whose round it is)."""
    found = round_repo.get_round(session, team_id, round_id)
    workshop = round_repo.workshop_of(session, found) if found is not None else None
    if found is None or workshop is None or workshop.team_id != team_id:
        return t("round.unknown", lang)
    if workshop.status != "open":
        return t("join.closed", lang, title=escape_mrkdwn(workshop.title))
    located = services.template_for(workshop).locate(found.step_id)
    if located is None:
        return t("round.unknown", lang)
    return workshop, StepRef(workshop.id, located[0], round_id=found.id)


def answers_round(session: Session, team_id: str, template: Template, ref: StepRef) -> bool:
    """Whether a submission naming a round answers it: a round of this team and workshop,
    and the step that round asks."""
    if ref.round_id is None:
        return False
    posted = round_repo.get_round(session, team_id, ref.round_id)
    if posted is None or posted.workshop_id != ref.workshop_id:
        return False
    located = template.locate(posted.step_id)
    return located is not None and located[0] == ref.index
