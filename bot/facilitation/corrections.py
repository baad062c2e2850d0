"""A facilitator corrects the grouping by success factor, channel-free: the quotes of one
question they may move (those the summary shows them), and the move itself.

Only the workshop's facilitators, in its own team, and only a quote the summary shows them:
an answer of a group below the minimum, of another question, workshop or team, is refused as
if it did not exist, so a forged id reveals nothing. A move may not make a hidden group
visible either (a quote moved into a group below the minimum would show the group's other
answers): that is refused with the reason. The correction is kept with who made it and when,
and the access log records it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.facilitation import access
from bot.facilitation.service import Refused, compute, refusal
from bot.facilitation.wording import factor_name
from bot.services import Services
from flows.factors import FACTORS, OTHER, move
from flows.i18n import t
from flows.identity import Person
from flows.summary import FactorGroup, QuestionSummary, Quote
from flows.text import escape_mrkdwn
from storage.db import transaction
from storage.repositories import access_log, factor_corrections

# What a modal can list: Slack's select holds 100 options.
MOVABLE_AT_MOST = 100
# Where a quote can go: every success factor, then "Ikke grupperet".
DESTINATIONS = (*(factor.id for factor in FACTORS), OTHER)


@dataclass(frozen=True)
class MovableQuote:
    answer_id: int
    factor_id: str  # the group it is shown under (a quote under two factors is listed twice)
    text: str


@dataclass(frozen=True)
class MoveChoices:
    """What a facilitator picks a quote of one question from, and where to."""

    workshop_id: int
    question_id: str
    question: str  # its label, in the facilitator's language
    quotes: tuple[MovableQuote, ...]
    destinations: tuple[str, ...] = DESTINATIONS


@dataclass(frozen=True)
class Moved:
    """The move was kept: what the facilitator is told."""

    text: str


def _question(
    services: Services, person: Person, workshop_id: int | None, question_id: str, lang: str
) -> QuestionSummary | Refused:
    """The question's summary, as its facilitator sees it; why not, to anyone else."""
    with transaction(services.sessions) as session:
        found = access.by_id(session, person.team_id, person.user_id, workshop_id)
    if found.workshop is None or workshop_id is None:
        return refusal(found, lang)
    computed = compute(services, person.team_id, [workshop_id])
    questions = computed[0][0].questions if computed else ()
    question = next((q for q in questions if q.question.id == question_id), None)
    if question is None or not question.grouped or question.hidden:
        return Refused(t("move.not_movable", lang))
    return question


def _shown(question: QuestionSummary) -> list[tuple[FactorGroup, Quote]]:
    return [(g, quote) for g in question.groups if not g.hidden for quote in g.answers]


def move_choices(
    services: Services, person: Person, workshop_id: int | None, question_id: str, lang: str
) -> MoveChoices | Refused:
    """The quotes of one grouped question a facilitator may move: every quote the summary
    shows them under a factor (groups below the minimum show none), at most 100."""
    question = _question(services, person, workshop_id, question_id, lang)
    if isinstance(question, Refused):
        return question
    quotes = tuple(
        MovableQuote(quote.answer_id, group.factor_id, quote.text)
        for group, quote in _shown(question)
        if quote.answer_id
    )[:MOVABLE_AT_MOST]
    if not quotes or workshop_id is None:
        return Refused(t("move.not_movable", lang))
    label = question.question.label.get(lang)
    return MoveChoices(workshop_id, question_id, label, quotes)


def move_quote(
    services: Services,
    person: Person,
    workshop_id: int | None,
    question_id: str,
    answer_id: int | None,
    from_factor: str,
    to_factor: str,
    lang: str,
) -> Moved | Refused:
    """Move a quote the facilitator is shown under `from_factor` to `to_factor` (OTHER: "Ikke
    grupperet"). Kept as decisions per factor, so tagging it again never undoes it."""
    question = _question(services, person, workshop_id, question_id, lang)
    if isinstance(question, Refused):
        return question
    shown = [(g, q) for g, q in _shown(question) if q.answer_id == answer_id]
    quote = next((q for g, q in shown if g.factor_id == from_factor), None)
    if quote is None or answer_id is None or workshop_id is None:
        return Refused(t("move.not_movable", lang))
    decisions = move(from_factor, to_factor)
    to_name = escape_mrkdwn(factor_name(to_factor, lang))
    placed = {f for f, _ in quote.words} | set(quote.moved)
    if not decisions or to_factor in placed or (to_factor == OTHER and not placed):
        return Refused(t("move.already_there", lang, factor=to_name))
    remaining = placed - {from_factor}
    arrives_in = to_factor if to_factor != OTHER or not remaining else None
    if arrives_in is not None and any(
        g.hidden and g.factor_id == arrives_in for g in question.groups
    ):
        return Refused(t("move.group_hidden", lang, factor=to_name))
    with transaction(services.sessions) as session:
        answer = factor_corrections.answer_in_workshop(
            session, person.team_id, workshop_id, answer_id, question_id
        )
        if answer is None:
            return Refused(t("move.not_movable", lang))
        now = services.clock()
        factor_corrections.record(session, answer, decisions, person, now)
        access_log.record(session, person, [workshop_id], "correction", now)
    from_name = escape_mrkdwn(factor_name(from_factor, lang))
    key = "move.done_elsewhere" if arrives_in is None else "move.done"
    return Moved(t(key, lang, source=from_name, factor=to_name))
