"""Live rounds, the participant's half: what a round asks, and whether an answer is to it.

A round is one theme of the workshop's template, posted by a facilitator; answering it joins
the person if needed and opens just that step. The facilitator's half (posting the round, its
live count) is bot/facilitation/rounds.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.orm import Session

from bot.reflection.service import Membership, join
from bot.services import Services
from flows.i18n import t
from flows.identity import Person
from flows.templates import Template
from flows.text import escape_mrkdwn
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import rounds as round_repo

Shown = TypeVar("Shown")


@dataclass(frozen=True)
class RoundStep:
    """The step a round asks: its place among all the template's steps, and the round."""

    workshop_id: int
    index: int
    round_id: int


@dataclass(frozen=True)
class Refused:
    """Why the round cannot be answered, in the person's language."""

    text: str
    lang: str


def asked(
    services: Services, session: Session, team_id: str, round_id: int, lang: str
) -> tuple[Workshop, RoundStep] | str:
    """The open workshop a round of this team belongs to and the step it asks; else why not."""
    found = round_repo.get_round(session, team_id, round_id)
    workshop = round_repo.workshop_of(session, found) if found is not None else None
    if found is None or workshop is None or workshop.team_id != team_id:
        return t("round.unknown", lang)
    if workshop.status != "open":
        return t("join.closed", lang, title=escape_mrkdwn(workshop.title))
    located = services.template_for(workshop).locate(found.step_id)
    if located is None:
        return t("round.unknown", lang)
    return workshop, RoundStep(workshop.id, located[0], found.id)


def open_round(
    services: Services,
    person: Person,
    round_id: int,
    show: Callable[[Session, Membership, RoundStep, str], Shown],
    home_team_id: str | None = None,
) -> Shown | Refused:
    """The round's questions for the person, who joins its workshop if they had not; or why
    not. `show` reads the step as the person sees it, in the same transaction."""
    with transaction(services.sessions) as session:
        lang = services.language(session, person.team_id, person.user_id)
        found = asked(services, session, person.team_id, round_id, lang)
        if isinstance(found, str):
            return Refused(found, lang)
        workshop, step = found
        membership = join(services, session, workshop, person.user_id, home_team_id)
        return show(session, membership, step, lang)


def answers_round(
    session: Session, team_id: str, template: Template, workshop_id: int, index: int, round_id: int
) -> bool:
    """Whether an answer to the step at `index` is an answer to this round: a round of the
    workshop, asking that step."""
    posted = round_repo.get_round(session, team_id, round_id)
    if posted is None or posted.workshop_id != workshop_id:
        return False
    located = template.locate(posted.step_id)
    return located is not None and located[0] == index
