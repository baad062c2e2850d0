"""Who may see a workshop's data: only its facilitators, and only within their Slack team."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from flows.identity import Person
from flows.joincode import normalise_code
from flows.text import escape_mrkdwn, truncate
from storage.models import Workshop
from storage.repositories import workshops as workshop_repo


@dataclass(frozen=True)
class Found:
    workshop: Workshop | None
    refusal: str | None = None  # a message key
    values: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return self.workshop is not None


def by_code_or_latest(
    session: Session, team_id: str, user_id: str, code_text: str | None, *, open_only: bool = False
) -> Found:
    """The workshop a command means: the code given, or the person's most recent one.

    A code the person does not facilitate gets the same refusal whether or not it exists, so
    the bot never confirms another facilitator's workshop.
    """
    if code_text:
        code = normalise_code(code_text)
        workshop = workshop_repo.find_by_code(session, team_id, code) if code else None
        if workshop is None:
            shown = truncate(escape_mrkdwn(code_text), 40)
            return Found(None, "fac.unknown_code", (("code", shown),))
        if not workshop_repo.is_facilitator(workshop, Person.slack(team_id, user_id)):
            return Found(None, "fac.not_facilitator")
        return Found(workshop)
    mine = workshop_repo.facilitated_by(session, Person.slack(team_id, user_id))
    if open_only:
        mine = [w for w in mine if w.status == "open"] or mine
    if not mine:
        return Found(None, "fac.none")
    return Found(mine[0])


def by_id(session: Session, team_id: str, user_id: str, workshop_id: int | None) -> Found:
    workshop = (
        workshop_repo.facilitated_workshop(
            session, team_id, workshop_id, Person.slack(team_id, user_id)
        )
        if workshop_id is not None
        else None
    )
    if workshop is None:
        return Found(None, "fac.not_facilitator")
    return Found(workshop)
