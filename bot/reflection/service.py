"""The reflection use cases: join, open where the person stopped, submit a step, go back, review.

The person's progress is decided in `flows.engine` and stored here; every lookup is of the
person's own participation, in their own team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.reflection.views import StepContext, done_view, review_view, step_view
from bot.services import Services
from bot.slack.blocks import message_modal
from bot.slack.requests import StepMeta
from flows.engine import END, StepOutcome, after_step, completes, next_index, validate_step
from flows.i18n import t
from flows.retention import retention_until
from flows.templates import Template
from flows.text import escape_mrkdwn
from flows.timing import FollowUpOffset
from storage.db import transaction
from storage.models import Participant, Reflection, Workshop
from storage.repositories import participants as people
from storage.repositories import rounds as round_repo
from storage.repositories import workshops as workshop_repo
from storage.repositories import workspaces
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
        return Membership(participant, workshop, services.template_for(workshop))
    triple = people.membership_in(session, team_id, workshop_id, user_id)
    if triple is None:
        return None
    participant, workshop, reflection = triple
    return Membership(participant, workshop, services.template_for(workshop), reflection)


def join(
    services: Services,
    session: Session,
    workshop: Workshop,
    user_id: str,
    home_team_id: str | None = None,
) -> Membership:
    """The one join sequence (a code, the announcement's button, a round's button)."""
    now = services.clock()
    workspaces.ensure_workspace(session, workshop.team_id, now)
    participant, _ = people.join(session, workshop, user_id, now, home_team_id)
    return Membership(participant, workshop, services.template_for(workshop))


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


def step_at(session: Session, found: Membership, meta: StepMeta, lang: str) -> dict[str, Any]:
    answers = people.answers_of(session, found.participant.id)
    return step_view(_context(found, meta.index, meta, answers, lang))


# -- what the listeners call -------------------------------------------------------------------


@dataclass(frozen=True)
class Started:
    """The announcement's button: the reflection to open, or why not."""

    view: dict[str, Any] | None = None
    refusal: str | None = None
    # Said beside the view: a Slack Connect guest whose own workspace Temadag cannot reach.
    notice: str | None = None


def unreachable_notice(services: Services, found: Membership, lang: str) -> str | None:
    """What a guest from another workspace is told at join when no follow-up can reach them."""
    home = found.participant.home_team_id
    if home is None or services.gateways.reaches(found.workshop.team_id, home):
        return None
    return t("join.no_followups", lang)


def start(
    services: Services,
    team_id: str,
    user_id: str,
    workshop_id: int | None,
    home_team_id: str | None = None,
) -> Started:
    with transaction(services.sessions) as session:
        lang = services.language(session, team_id, user_id)
        workshop = (
            workshop_repo.get_workshop(session, team_id, workshop_id) if workshop_id else None
        )
        if workshop is None or workshop.status != "open":
            title = workshop.title if workshop else "?"
            return Started(refusal=t("join.closed", lang, title=title))
        found = join(services, session, workshop, user_id, home_team_id)
        view = entry_view(services, session, found, lang)
        return Started(view=view, notice=unreachable_notice(services, found, lang))


def open_own(
    services: Services, team_id: str, user_id: str, workshop_id: int | None
) -> dict[str, Any] | None:
    """Resume or review from App Home or a reminder; nothing for someone else's workshop."""
    if not workshop_id:
        return None
    with transaction(services.sessions) as session:
        lang = services.language(session, team_id, user_id)
        found = membership(services, session, team_id, user_id, workshop_id)
        if found is None:
            return None  # not theirs: show nothing, reveal nothing
        return entry_view(services, session, found, lang)


def latest_view(services: Services, team_id: str, user_id: str, lang: str) -> dict[str, Any] | None:
    """`/temadag refleksion`: the latest workshop joined; None when there is none."""
    with transaction(services.sessions) as session:
        found = membership(services, session, team_id, user_id, None)
        if found is None:
            return None
        return entry_view(services, session, found, lang)


def back(services: Services, team_id: str, user_id: str, meta: StepMeta) -> dict[str, Any] | None:
    """The step before the one shown; None when there is nothing to go back to."""
    if meta.index == 0 or meta.edit or meta.round_id is not None:
        return None
    with transaction(services.sessions) as session:
        lang = services.language(session, team_id, user_id, fetch=False)
        found = membership(services, session, team_id, user_id, meta.workshop_id)
        if found is None or found.workshop.status != "open":
            return None
        index = min(meta.index, len(found.template.steps)) - 1
        return step_at(session, found, StepMeta(meta.workshop_id, index), lang)


def edit(
    services: Services, team_id: str, user_id: str, workshop_id: int, index: int
) -> dict[str, Any] | None:
    """One step opened from the review, to change its answers."""
    with transaction(services.sessions) as session:
        lang = services.language(session, team_id, user_id, fetch=False)
        found = membership(services, session, team_id, user_id, workshop_id)
        if found is None or found.workshop.status != "open":
            return None
        if index >= len(found.template.steps):
            return None
        return step_at(session, found, StepMeta(workshop_id, index, edit=True), lang)


@dataclass(frozen=True)
class Submitted:
    """How to answer a step submission: errors, a view to show, or (neither) close the modal."""

    errors: dict[str, str] | None = None
    view: dict[str, Any] | None = None
    round_id: int | None = None  # a round answer was saved: its live count may have changed
    refresh_home: bool = False  # the reflection was completed or edited


def apology(lang: str) -> dict[str, Any]:
    return message_modal("Temadag", t("error.generic", lang), t("reflection.close", lang))


def submit(
    services: Services, team_id: str, user_id: str, private_metadata: str, values: dict[str, object]
) -> Submitted:
    meta = StepMeta.load(private_metadata)
    with transaction(services.sessions) as session:
        lang = (meta.lang if meta else None) or services.language(
            session, team_id, user_id, fetch=False
        )
        found = membership(services, session, team_id, user_id, meta.workshop_id) if meta else None
        stale = message_modal("Temadag", t("reflection.stale", lang), t("reflection.close", lang))
        if meta is None or found is None:
            # A forged or foreign workshop id: refuse without saying whose it is.
            return Submitted(view=stale)
        if meta.round_id is not None and not _is_round_of(session, found, team_id, meta):
            return Submitted(view=stale)
        if found.workshop.status != "open":
            text = closed_message(found.workshop, lang)
            return Submitted(view=message_modal("Temadag", text, t("reflection.close", lang)))
        result = _submit_step(services, session, found, meta, values, lang, services.clock())
    if result.errors is not None:
        return Submitted(errors=result.errors or {"_": t("reflection.stale", lang)})
    return Submitted(
        view=result.view,
        round_id=meta.round_id,
        refresh_home=result.completed_now or meta.edit,
    )


def _is_round_of(session: Session, found: Membership, team_id: str, meta: StepMeta) -> bool:
    """A round submission must name a round of this workshop and that round's step."""
    assert meta.round_id is not None
    posted = round_repo.get_round(session, team_id, meta.round_id)
    if posted is None or posted.workshop_id != meta.workshop_id:
        return False
    located = found.template.locate(posted.step_id)
    return located is not None and located[0] == meta.index


@dataclass(frozen=True)
class _StepResult:
    errors: dict[str, str] | None = None
    view: dict[str, Any] | None = None
    completed_now: bool = False


def _submit_step(
    services: Services,
    session: Session,
    found: Membership,
    meta: StepMeta,
    raw: dict[str, object],
    lang: str,
    now: datetime,
) -> _StepResult:
    template = found.template
    steps = template.all_steps if meta.round_id is not None else template.steps
    if meta.index >= len(steps):
        return _StepResult(errors={})
    step = steps[meta.index]
    outcome = validate_step(step, raw, today=now.date(), lang=lang)
    if not outcome.ok:
        return _StepResult(errors=outcome.errors)
    rows = people.answer_rows(session, found.participant.id)
    _store(session, found, step.id, [q.id for q in step.questions], outcome, now, rows)
    if meta.round_id is not None:
        return _StepResult()
    answers = {q: dict(a.value) for q, a in rows.items()}
    for question in step.questions:
        answers.pop(question.id, None)
    answers.update(outcome.values)
    reflection = found.reflection or people.start_reflection(
        session, found.participant, template.id, template.version, now
    )
    before = people.progress_of(reflection)
    if meta.edit:
        people.save_progress(session, reflection, before, now)
        view = review_view(template, found.workshop.id, found.workshop.title, answers, lang, True)
        return _StepResult(view=view)
    after = after_step(before, template, meta.index, now)
    people.save_progress(session, reflection, after, now)
    following = next_index(template, meta.index)
    if following == END:
        return _StepResult(
            view=done_view(template, lang, _offsets_text(found, lang)),
            completed_now=completes(before, after),
        )
    next_meta = StepMeta(found.workshop.id, following)
    return _StepResult(view=step_view(_context(found, following, next_meta, answers, lang)))


def _store(
    session: Session,
    found: Membership,
    step_id: str,
    question_ids: list[str],
    outcome: StepOutcome,
    now: datetime,
    rows: dict[str, Any],
) -> None:
    people.save_answers(
        session, found.participant, step_id, outcome.values, question_ids, now, existing=rows
    )
    if outcome.named is not None:
        people.set_named(session, found.participant, outcome.named)
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
