"""The facilitator and the room, channel-free: the workshop's web link and QR code for
`/temadag qr`, and what the projector's screen shows.

The screen is reached by a signed link (bot.web.room_links), not by a person: what it gets is
counts only (how many joined and answered, the live round's answers, and once the minimum
group has answered, each success factor's traffic lights and mentions as flows.screen allows).
It is polled every half second, so a poll is a few small queries; the factor figures are computed
again only when the answers changed (a fingerprint of them, one query).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.facilitation import access
from bot.facilitation.rounds import LIVE_FOR
from bot.facilitation.service import Refused, refusal
from bot.services import Services
from bot.web.qr import qr_png, qr_svg
from bot.web.room_links import RoomLinks, room_links
from flows.i18n import t
from flows.identity import Person
from flows.joincode import format_code_for_reading, normalise_code
from flows.screen import FactorFigures, factor_figures
from flows.templates.schema import Step
from flows.text import escape_mrkdwn, truncate
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import room as repo
from storage.repositories import rounds as round_repo
from storage.repositories import summaries
from storage.repositories.workshops import participation

# The screens' factor figures kept per workshop (the newest few workshops per process).
KEPT_FIGURES = 64


@dataclass(frozen=True)
class RoomQr:
    """What `/temadag qr` gives the facilitator: the links and the QR code as two files."""

    title: str
    code: str  # as read aloud, ABC-DEF
    links: RoomLinks
    png: bytes
    svg: bytes


def room_qr(
    services: Services, person: Person, code_text: str | None, lang: str
) -> RoomQr | Refused:
    """The workshop meant (the code given, or the person's latest), if they facilitate it."""
    with transaction(services.sessions) as session:
        found = access.by_code_or_latest(session, person.team_id, person.user_id, code_text)
        workshop = found.workshop
        if workshop is None:
            return refusal(found, lang)
        title, code, workshop_id = workshop.title, workshop.code, workshop.id
    links = room_links(services.settings, workshop_id, code)
    if links is None:
        return Refused(t("qr.no_public_url", lang))
    alt = t("screen.qr_alt", lang, title=truncate(title, 60))
    return RoomQr(
        title=title,
        code=format_code_for_reading(code),
        links=links,
        png=qr_png(links.workshop),
        svg=qr_svg(links.workshop, title=alt),
    )


def qr_message(found: RoomQr, lang: str) -> str:
    """The DM beside the two files."""
    return t(
        "qr.message",
        lang,
        title=escape_mrkdwn(found.title),
        code=found.code,
        url=found.links.workshop,
        screen=found.links.screen,
    )


def workshop_code(services: Services, code_text: str) -> str | None:
    """The canonical code of a workshop that exists (any team): what a QR image encodes."""
    code = normalise_code(code_text)
    if code is None:
        return None
    with transaction(services.sessions) as session:
        found = repo.workshop_by_code(session, code)
        return found.code if found is not None else None


# -- the screen -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreenRound:
    round_id: int
    step: Step
    answers: int  # people who answered the round's theme


@dataclass(frozen=True)
class Screen:
    workshop_id: int
    title: str
    code: str  # canonical
    language: str  # the workshop's: the room reads it
    open: bool
    joined: int
    answered: int  # completed reflections
    min_group: int
    round: ScreenRound | None
    factors: tuple[FactorFigures, ...] = ()  # empty until the minimum group has answered

    @property
    def reached(self) -> bool:
        return self.answered >= self.min_group

    @property
    def code_for_reading(self) -> str:
        return format_code_for_reading(self.code)


def screen(services: Services, workshop_id: int) -> Screen | None:
    """The room's figures for a workshop (its signed link checked by the caller); None when it
    no longer exists."""
    with transaction(services.sessions) as session:
        workshop = repo.workshop(session, workshop_id)
        if workshop is None:
            return None
        counts = participation(session, [workshop.id])[workshop.id]
        shown_round = _live_round(services, session, workshop)
        min_group = max(1, workshop.min_group_size)
        factors: tuple[FactorFigures, ...] = ()
        if counts.completed >= min_group:
            factors = _factor_figures(services, session, workshop)
        return Screen(
            workshop_id=workshop.id,
            title=workshop.title,
            code=workshop.code,
            language=workshop.language,
            open=workshop.status == "open",
            joined=counts.joined,
            answered=counts.completed,
            min_group=min_group,
            round=shown_round,
            factors=factors,
        )


def _live_round(services: Services, session: Session, workshop: Workshop) -> ScreenRound | None:
    if workshop.status != "open":
        return None
    found = repo.latest_round(session, workshop.id, services.clock() - LIVE_FOR)
    if found is None:
        return None
    located = services.template_for(workshop).locate(found.step_id)
    if located is None:
        return None
    answers = round_repo.answer_count(session, workshop.id, found.step_id)
    return ScreenRound(found.id, located[1], answers)


_figures: dict[int, tuple[repo.Fingerprint, tuple[FactorFigures, ...]]] = {}
_figures_lock = threading.Lock()


def _factor_figures(
    services: Services, session: Session, workshop: Workshop
) -> tuple[FactorFigures, ...]:
    fingerprint = repo.answers_fingerprint(session, workshop.id)
    with _figures_lock:
        kept = _figures.get(workshop.id)
    if kept is not None and kept[0] == fingerprint:
        return kept[1]
    records = summaries.load_records(
        session, workshop.team_id, [workshop.id], with_next_steps=False
    )
    figures = factor_figures(services.template_for(workshop), records[0]) if records else ()
    with _figures_lock:
        _figures.pop(workshop.id, None)
        _figures[workshop.id] = (fingerprint, figures)
        while len(_figures) > KEPT_FIGURES:
            _figures.pop(next(iter(_figures)))
    return figures
