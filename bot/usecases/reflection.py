"""The reflection use cases: open where the person stopped, submit a step, go back, review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from bot.builders.reflection import StepContext, StepMeta, done_view, review_view, step_view
from bot.services import Services
from flows.engine import END, StepOutcome, next_index, validate_step
from flows.i18n import t
from flows.retention import retention_until
from flows.templates import Template
from flows.text import escape_mrkdwn
from flows.timing import FollowUpOffset
from storage.models import Participant, Reflection, Workshop
from storage.repositories import participants as people
from storage.repositories.participants import NextStepInput


@dataclass(frozen=True)
class Membership:
    participant: Participant
    workshop: Workshop
    template: Template
    reflection: Reflection | None = None


def membership(
    services: Services, session: Session, team_id: str, user_id: str, workshop_id: int | None
) -> Membership | None:
    """The person's participation in a workshop — only ever their own, only in their team."""
    if workshop_id is None:
        found = people.current_membership(session, team_id, user_id)
        if found is None:
            return None
        participant, workshop = found
    else:
        triple = people.membership_in(session, team_id, workshop_id, user_id)
        if triple is None:
            return None
        participant, workshop, reflection = triple
        return Membership(participant, workshop, template_for(services, workshop), reflection)
    return Membership(participant, workshop, template_for(services, workshop))


def template_for(services: Services, workshop: Workshop) -> Template:
    return template_by_id(services, workshop.template_id)


def template_by_id(services: Services, template_id: str) -> Template:
    if template_id in services.templates:
        return services.templates.get(template_id)
    # The operator removed the template file; answers are keyed by question id, so the default
    # still shows whatever matches.
    return services.templates.default


def entry_view(
    services: Services, session: Session, found: Membership, lang: str
) -> dict[str, Any]:
    """Where `/temadag refleksion` lands: the next step, or the answers once completed."""
    now = services.clock()
    reflection = people.get_reflection(session, found.participant)
    answers = people.answers_of(session, found.participant.id)
    if found.workshop.status != "open":
        return review_view(
            found.template, found.workshop.id, found.workshop.title, answers, lang, editable=False
        )
    if reflection is None:
        reflection = people.start_reflection(
            session, found.participant, found.template.id, found.template.version, now
        )
    if reflection.status == "completed":
        return review_view(
            found.template, found.workshop.id, found.workshop.title, answers, lang, editable=True
        )
    index = min(reflection.current_step, len(found.template.steps) - 1)
    return step_view(_context(found, index, StepMeta(found.workshop.id, index), answers, lang))


def _context(
    found: Membership,
    index: int,
    meta: StepMeta,
    answers: dict[str, dict[str, Any]],
    lang: str,
) -> StepContext:
    template = found.template
    step = template.steps[index] if meta.round_id is None else template.all_steps[index]
    return StepContext(
        template=template,
        step=step,
        index=index,
        total=len(template.steps),
        workshop_title=found.workshop.title,
        lang=lang,
        retention_until=retention_until(
            found.workshop.day,
            [FollowUpOffset.parse(o) for o in found.workshop.followup_offsets],
            found.workshop.retention_months,
        ),
        answers=answers,
        meta=meta,
    )


def step_at(
    services: Services, session: Session, found: Membership, meta: StepMeta, lang: str
) -> dict[str, Any]:
    answers = people.answers_of(session, found.participant.id)
    return step_view(_context(found, meta.index, meta, answers, lang))


@dataclass(frozen=True)
class SubmitResult:
    errors: dict[str, str] | None = None
    view: dict[str, Any] | None = None
    completed_now: bool = False


def submit_step(
    services: Services,
    session: Session,
    found: Membership,
    meta: StepMeta,
    raw: dict[str, object],
    lang: str,
    today: date,
) -> SubmitResult:
    template = found.template
    steps = template.all_steps if meta.round_id is not None else template.steps
    if meta.index >= len(steps):
        return SubmitResult(errors={})
    step = steps[meta.index]
    outcome = validate_step(step, raw, today=today, lang=lang)
    if not outcome.ok:
        return SubmitResult(errors=outcome.errors)
    now = services.clock()
    rows = people.answer_rows(session, found.participant.id)
    _store(session, found, step.id, [q.id for q in step.questions], outcome, now, rows)
    if meta.round_id is not None:
        return SubmitResult(view=None)
    answers = {q: dict(a.value) for q, a in rows.items()}
    for question in step.questions:
        answers.pop(question.id, None)
    answers.update(outcome.values)
    reflection = found.reflection or people.start_reflection(
        session, found.participant, template.id, template.version, now
    )
    reflection.updated_at = now
    if meta.edit:
        view = review_view(template, found.workshop.id, found.workshop.title, answers, lang, True)
        return SubmitResult(view=view)
    following = next_index(template, meta.index)
    if following == END:
        completed_now = _complete(reflection, len(template.steps), now)
        return SubmitResult(
            view=done_view(template, lang, _offsets_text(found, lang)), completed_now=completed_now
        )
    if reflection.status != "completed":
        reflection.current_step = following
    next_meta = StepMeta(found.workshop.id, following)
    return SubmitResult(view=step_view(_context(found, following, next_meta, answers, lang)))


def _complete(reflection: Reflection, total: int, now: Any) -> bool:
    reflection.current_step = total - 1
    if reflection.status == "completed":
        return False
    reflection.status = "completed"
    reflection.completed_at = now
    return True


def _store(
    session: Session,
    found: Membership,
    step_id: str,
    question_ids: list[str],
    outcome: StepOutcome,
    now: Any,
    rows: dict[str, Any],
) -> None:
    people.save_answers(
        session, found.participant, step_id, outcome.values, question_ids, now, existing=rows
    )
    if outcome.named is not None:
        found.participant.named = outcome.named
    if outcome.next_steps is not None:
        people.replace_next_steps(
            session,
            found.participant,
            [NextStepInput(d.position, d.text, d.target_date) for d in outcome.next_steps],
            now,
        )


def _offsets_text(found: Membership, lang: str) -> str:
    offsets = [FollowUpOffset.parse(o) for o in found.workshop.followup_offsets]
    if not offsets:
        return ""
    labels = [o.label(lang) for o in offsets]
    joiner = " og " if lang == "da" else " and "
    prefix = "om " if lang == "da" else "in "
    text = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + joiner + labels[-1]
    return prefix + text


def closed_message(workshop: Workshop, lang: str) -> str:
    return t("reflection.closed", lang, title=escape_mrkdwn(workshop.title))
