"""The reflection use cases: join, open where the person stopped, submit a step, go back, review.

The person's progress is decided in `flows.engine` and stored here; every lookup is of the
person's own participation, in their own team. Each use case returns what to show
(`bot.reflection.screens`), never how: a channel's face renders it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from bot.reflection import rounds
from bot.reflection.screens import (
    CARRY_STATUSES,
    CarriedStep,
    CarryForward,
    Done,
    Notice,
    Review,
    Screen,
    StepContext,
    wrote_next_steps,
)
from bot.services import Services
from flows.engine import (
    END,
    StepOutcome,
    after_step,
    completes,
    field_key,
    next_index,
    validate_step,
)
from flows.i18n import t
from flows.identity import Channel, Person
from flows.joincode import normalise_code
from flows.plans import guidance, read_plan
from flows.questions import NEXT_STEPS
from flows.retention import kept_until as _kept_until
from flows.stepref import StepRef
from flows.steps import StepRecord, carry_forward
from flows.templates import Template
from flows.templates.schema import Step
from flows.text import escape_mrkdwn, truncate
from flows.timing import FollowUpOffset, resolve_tz
from flows.wording import follows_up
from storage.db import UNAVAILABLE, transaction
from storage.models import Participant, Reflection, Workshop
from storage.repositories import factor_tags, workspaces
from storage.repositories import outcomes as outcome_repo
from storage.repositories import participants as people
from storage.repositories import rounds as round_repo
from storage.repositories import web as web_links
from storage.repositories import workshops as workshop_repo
from storage.repositories.participants import NextStepInput
from storage.repositories.web import Purpose

log = logging.getLogger(__name__)


class WorkshopShown(Protocol):
    """What a step's screen says of its workshop: an ORM row or the hot path's plain values."""

    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def day(self) -> date: ...
    @property
    def status(self) -> str: ...
    @property
    def followup_offsets(self) -> list[Any]: ...
    @property
    def retention_months(self) -> int: ...


class Placed(Protocol):
    """A person's place in a workshop as a screen needs it: the template and the workshop."""

    @property
    def template(self) -> Template: ...
    @property
    def workshop(self) -> WorkshopShown: ...


@dataclass(frozen=True)
class Membership:
    participant: Participant
    workshop: Workshop
    template: Template
    reflection: Reflection | None = None


def membership(
    services: Services, session: Session, person: Person, workshop_id: int | None
) -> Membership | None:
    """The person's participation in a workshop — only ever their own, only in their team."""
    if workshop_id is None:
        found = people.current_membership(session, person)
        if found is None:
            return None
        participant, workshop = found
        return Membership(participant, workshop, services.template_for(workshop))
    triple = people.membership_in(session, person, workshop_id)
    if triple is None:
        return None
    participant, workshop, reflection = triple
    return Membership(participant, workshop, services.template_for(workshop), reflection)


def join(
    services: Services,
    session: Session,
    workshop: Workshop,
    person: Person,
    home_team_id: str | None = None,
) -> Membership:
    """The one join sequence (a code, the announcement's button, a round's button, a web
    page). `person` is of the workshop's team: a guest's or a web participant's data is the
    host's."""
    now = services.clock()
    workspaces.ensure_workspace(session, workshop.team_id, now)
    participant, _ = people.join(
        session,
        workshop,
        Person(workshop.team_id, person.user_id, person.channel),
        now,
        home_team_id,
    )
    return Membership(participant, workshop, services.template_for(workshop))


def entry(
    services: Services,
    session: Session,
    found: Membership,
    lang: str,
    *,
    offer_carried: bool = True,
) -> Screen:
    """Where a person lands in a reflection: the next step, or the answers once completed.

    Open steps from earlier temadage come first while the reflection has no answer yet,
    whichever way it is opened: a modal that could not open at `deltag` (an expired trigger)
    must not lose them. `offer_carried=False` once they have just been answered."""
    now = services.clock()
    reflection = people.get_reflection(session, found.participant)
    answers = people.answers_of(session, found.participant.id)
    if found.workshop.status != "open":
        answered = None
        if reflection is not None and reflection.status != "completed":
            answered = reflection.current_step
        elif reflection is None:
            answered = 0
        return Review(
            found.template,
            found.workshop.id,
            found.workshop.title,
            answers,
            lang,
            editable=False,
            closed=True,
            answered_steps=answered,
        )
    if reflection is None:
        reflection = people.start_reflection(
            session, found.participant, found.template.id, found.template.version, now
        )
    if offer_carried and reflection.status != "completed" and not answers:
        # Those given a status since the reflection began have been answered already.
        carried = _carried(session, found, answered_since=reflection.started_at)
        if carried:
            return CarryForward(tuple(carried), StepRef(found.workshop.id, 0), lang)
    if reflection.status == "completed":
        return Review(
            found.template, found.workshop.id, found.workshop.title, answers, lang, editable=True
        )
    index = min(reflection.current_step, len(found.template.steps) - 1)
    return _context(found, index, StepRef(found.workshop.id, index), answers, lang)


def _carried(
    session: Session, found: Membership, answered_since: datetime | None = None
) -> list[CarriedStep]:
    workshop = found.workshop
    steps = _own_open(session, found, limit=10, answered_since=answered_since)
    titles: dict[int, str] = {}
    carried: list[CarriedStep] = []
    for step in steps:
        if step.workshop_id not in titles:
            earlier = workshop_repo.get_workshop(session, workshop.team_id, step.workshop_id)
            titles[step.workshop_id] = earlier.title if earlier else ""
        carried.append(
            CarriedStep(
                step.step_id,
                step.text,
                titles[step.workshop_id],
                step.workshop_day,
                step.target_date,
            )
        )
    return carried


def stale(lang: str) -> Notice:
    """A step or form that no longer matches what is stored (or was never the person's)."""
    return Notice(t("reflection.stale", lang), lang)


def carry_submitted(
    services: Services, person: Person, ref: StepRef | None, statuses: Mapping[int, str]
) -> Screen:
    """Record a status for each carried step answered, then go on into the reflection."""
    now = services.clock()
    with transaction(services.sessions) as session:
        lang = (ref.lang if ref else None) or services.language(session, person, fetch=False)
        found = membership(services, session, person, ref.workshop_id) if ref else None
        if found is None:
            return stale(lang)
        # Only the person's own open steps from earlier days can be answered here.
        open_ids = {step.step_id: step.workshop_id for step in _own_open(session, found)}
        for step_id, status in statuses.items():
            if status not in CARRY_STATUSES or step_id not in open_ids:
                continue
            own = people.membership_in(session, person, open_ids[step_id])
            step = people.get_next_step(session, own[0], step_id) if own else None
            if step is not None:
                people.record_status(session, step, status, None, now)
        return entry(services, session, found, lang, offer_carried=False)


def _own_open(
    session: Session,
    found: Membership,
    limit: int = 1000,
    answered_since: datetime | None = None,
) -> list[StepRecord]:
    workshop = found.workshop
    return carry_forward(
        outcome_repo.person_steps(session, people.person_of(found.participant)),
        workshop_id=workshop.id,
        workshop_day=workshop.day,
        answered_since=answered_since,
        limit=limit,
    )


def _context(
    found: Placed,
    index: int,
    ref: StepRef,
    answers: dict[str, dict[str, Any]],
    lang: str,
) -> StepContext:
    template = found.template
    step = template.steps[index] if ref.round_id is None else template.all_steps[index]
    return StepContext(
        template=template,
        step=step,
        index=index,
        total=len(template.steps),
        workshop_title=found.workshop.title,
        lang=lang,
        retention_until=kept_until(template, found.workshop),
        answers=answers,
        meta=ref,
        followup_offsets=tuple(found.workshop.followup_offsets),
    )


def kept_until(template: Template, workshop: WorkshopShown) -> date:
    """The last day the workshop's answers are kept (the rule: flows.retention.kept_until)."""
    return _kept_until(
        workshop.day,
        [FollowUpOffset.parse(o) for o in workshop.followup_offsets],
        workshop.retention_months,
        asks_next_steps=template.asks_next_steps,
    )


def step_at(session: Session, found: Membership, ref: StepRef, lang: str) -> StepContext:
    """The step `ref` names, with the person's answers so far."""
    answers = people.answers_of(session, found.participant.id)
    return _context(found, ref.index, ref, answers, lang)


# -- what the faces call -----------------------------------------------------------------------


@dataclass(frozen=True)
class Started:
    """The announcement's button: the reflection to show, or why not."""

    lang: str
    screen: Screen | None = None
    refusal: str | None = None
    # A Slack Connect guest's own workspace: the face tells them if follow-ups cannot reach it.
    home_team_id: str | None = None


def start(
    services: Services,
    person: Person,
    workshop_id: int | None,
    home_team_id: str | None = None,
    *,
    pressed_in: str | None = None,
) -> Started:
    """Join an open workshop and open its reflection where the person stopped.

    `pressed_in`: the conversation the announcement's button was pressed in, where a channel
    has one. Only the workshop's own channel shows that button, so a press elsewhere is a forged
    payload and changes nothing (as every other button refuses an id the person could not have
    been shown)."""
    with transaction(services.sessions) as session:
        lang = services.language(session, person)
        workshop = (
            workshop_repo.get_workshop(session, person.team_id, workshop_id)
            if workshop_id
            else None
        )
        if workshop is not None and pressed_in is not None and pressed_in != workshop.channel_id:
            return Started(lang)
        if workshop is None or workshop.status != "open":
            title = escape_mrkdwn(workshop.title) if workshop else "?"
            return Started(lang, refusal=t("join.closed", lang, title=title))
        found = join(services, session, workshop, person, home_team_id)
        screen = entry(services, session, found, lang)
        return Started(lang, screen=screen, home_team_id=found.participant.home_team_id)


def open_round(
    services: Services,
    person: Person,
    round_id: int,
    home_team_id: str | None = None,
    *,
    lang: str | None = None,
) -> Screen:
    """A live round's button: just that round's questions, joining the person if needed;
    else a notice saying why not. `lang`: the language a face already knows (a browser's)."""
    with transaction(services.sessions) as session:
        lang = lang or services.language(session, person)
        found = rounds.asked(services, session, person.team_id, round_id, lang)
        if isinstance(found, str):
            return Notice(found, lang)
        workshop, ref = found
        joined = join(services, session, workshop, person, home_team_id)
        return step_at(session, joined, ref, lang)


@dataclass(frozen=True)
class Joined:
    """Joining by code: the reflection to show, or what to say instead."""

    screen: Screen | None = None
    reply: str | None = None
    title: str = ""


def join_by_code(
    services: Services, person: Person, typed: str, lang: str, channel_id: str = ""
) -> Joined:
    """`channel_id`: where the command was typed. A Slack Connect guest typing the code in the
    shared channel, from their own workspace, is pointed to the announcement's button: that is
    how a guest joins the host's workshop (a modal opened from their own workspace would be
    their workspace's, not the host's)."""
    code = normalise_code(typed)
    with transaction(services.sessions) as session:
        workshop = workshop_repo.find_by_code(session, person.team_id, code) if code else None
        if workshop is None and code:
            shared = workshop_repo.find_shared_by_code(session, person.team_id, code, channel_id)
            if shared is not None and shared.status == "open":
                return Joined(reply=t("join.guest_use_button", lang, code=shown(typed)))
        if workshop is None:
            return Joined(reply=t("join.unknown_code", lang, code=shown(typed)))
        if workshop.status != "open":
            return Joined(reply=t("join.closed", lang, title=shown(workshop.title)))
        found = join(services, session, workshop, person)
        return Joined(screen=entry(services, session, found, lang), title=workshop.title)


def shown(text: str) -> str:
    """User text quoted back in a reply: escaped and short."""
    return truncate(escape_mrkdwn(text), 80)


def open_own(services: Services, person: Person, workshop_id: int | None) -> Screen | None:
    """Resume or review from App Home or a reminder; nothing for someone else's workshop."""
    if not workshop_id:
        return None
    with transaction(services.sessions) as session:
        lang = services.language(session, person)
        found = membership(services, session, person, workshop_id)
        if found is None:
            return None  # not theirs: show nothing, reveal nothing
        return entry(services, session, found, lang)


def latest(services: Services, person: Person, lang: str) -> Screen | None:
    """`/temadag refleksion`: the latest workshop joined; None when there is none."""
    with transaction(services.sessions) as session:
        found = membership(services, session, person, None)
        if found is None:
            return None
        return entry(services, session, found, lang)


def back(
    services: Services, person: Person, ref: StepRef, *, lang: str | None = None
) -> StepContext | None:
    """The step before the one shown; None when there is nothing to go back to."""
    if ref.index == 0 or ref.edit or ref.round_id is not None:
        return None
    with transaction(services.sessions) as session:
        lang = lang or services.language(session, person, fetch=False)
        found = membership(services, session, person, ref.workshop_id)
        if found is None or found.workshop.status != "open":
            return None
        index = min(ref.index, len(found.template.steps)) - 1
        return step_at(session, found, StepRef(ref.workshop_id, index), lang)


def edit(
    services: Services, person: Person, workshop_id: int, index: int, *, lang: str | None = None
) -> StepContext | None:
    """One step opened from the review, to change its answers."""
    with transaction(services.sessions) as session:
        lang = lang or services.language(session, person, fetch=False)
        found = membership(services, session, person, workshop_id)
        if found is None or found.workshop.status != "open":
            return None
        if index >= len(found.template.steps):
            return None
        return step_at(session, found, StepRef(workshop_id, index, edit=True), lang)


@dataclass(frozen=True)
class Submitted:
    """How to answer a step submission: errors (the step kept as typed), a screen to show
    next, or (neither) close it."""

    errors: Mapping[str, str] | None = None  # by field key
    screen: Screen | None = None
    round_id: int | None = None  # a round answer was saved: its live count may have changed
    refresh_home: bool = False  # the reflection was completed or edited
    tag_later: bool = False  # answers were saved: tag their success factors after the ack


class _Untagged:
    """People whose answers this process saved untagged, until `tag_saved_answers` runs.

    Tagging a text (stemming every word) is the costliest part of saving it, and nobody waits
    for it: summaries count factors only after `factor_tags.catch_up`, which tags whatever is
    still untagged. Each process tags the answers it saved, so two processes never tag the
    same ones twice.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._people: set[int] = set()

    def add(self, participant_id: int) -> None:
        with self._lock:
            self._people.add(participant_id)

    def take(self) -> set[int]:
        with self._lock:
            taken, self._people = self._people, set()
        return taken


_UNTAGGED = _Untagged()


def tag_saved_answers(services: Services) -> int:
    """After the ack: the success factors of the answers this process saved; how many."""
    people = _UNTAGGED.take()
    if not people:
        return 0
    with transaction(services.sessions) as session:
        return factor_tags.catch_up(session, participant_ids=people)


def apology(lang: str) -> Notice:
    return Notice(t("error.generic", lang), lang)


def submit(
    services: Services, person: Person, ref: StepRef | None, values: Mapping[str, object]
) -> Submitted:
    """Save a step's answers and say what comes next; `ref` None is a step no longer known."""
    try:
        try:
            return _submit(services, person, ref, values)
        except UNAVAILABLE as error:
            if not getattr(error, "connection_invalidated", False):
                raise
            # The connection was lost (a database server restarted): nothing was kept, and the
            # pool has let go of every connection it had. Once more, on a new one.
            log.info("step submission: the connection was lost; sent once more")
            return _submit(services, person, ref, values)
    except UNAVAILABLE:
        # Nothing was written (the transaction rolled back). Keep the step and what the person
        # typed, say so on the first field, and let them send it again.
        lang = (ref.lang if ref else None) or services.settings.default_language
        log.warning("step submission: the database did not answer; the step is kept")
        first = next(iter(values), None)
        if first is None:
            raise
        return Submitted(errors={first: t("reflection.not_saved", lang)})


def _submit(
    services: Services, person: Person, ref: StepRef | None, values: Mapping[str, object]
) -> Submitted:
    with transaction(services.sessions) as session:
        lang = (ref.lang if ref else None) or services.language(session, person, fetch=False)
        # One read: the membership, its progress and answers (Core, no ORM objects).
        seat = people.seat_in(session, person, ref.workshop_id) if ref else None
        if ref is None or seat is None:
            # A forged or foreign workshop id: refuse without saying whose it is.
            return Submitted(screen=stale(lang))
        found = _Seated(services.template_for(seat.workshop), seat.workshop, seat)
        if ref.round_id is not None and not rounds.answers_round(
            session, person.team_id, found.template, ref
        ):
            return Submitted(screen=stale(lang))
        if found.workshop.status != "open":
            return Submitted(screen=Notice(closed_message(found.workshop, lang), lang))
        result = _submit_step(services, session, found, ref, values, lang, services.clock())
    if result.errors is not None:
        return Submitted(
            errors=result.errors or {"_": t("reflection.stale", lang)}, screen=result.screen
        )
    _UNTAGGED.add(seat.id)
    return Submitted(
        screen=result.screen,
        round_id=ref.round_id,
        refresh_home=result.completed_now or ref.edit,
        tag_later=True,
    )


@dataclass(frozen=True)
class _Seated:
    """A step submission's place: the template, the workshop and the person's seat, as read."""

    template: Template
    workshop: people.WorkshopFacts
    seat: people.Seat


@dataclass(frozen=True)
class _StepResult:
    errors: dict[str, str] | None = None
    screen: Screen | None = None
    completed_now: bool = False


def _submit_step(
    services: Services,
    session: Session,
    found: _Seated,
    ref: StepRef,
    raw: Mapping[str, object],
    lang: str,
    now: datetime,
) -> _StepResult:
    template = found.template
    steps = template.all_steps if ref.round_id is not None else template.steps
    if ref.index >= len(steps):
        return _StepResult(errors={})
    step = steps[ref.index]
    outcome = validate_step(step, raw, today=now.date(), lang=lang)
    if not outcome.ok:
        # The step as it was sent, so a channel that redraws it keeps what was typed.
        shown = replace(_context(found, ref.index, ref, {}, lang), typed=dict(raw))
        return _StepResult(errors=outcome.errors, screen=replace(shown, errors=outcome.errors))
    seat = found.seat
    rows = seat.answers
    _store(session, seat, step.id, [q.id for q in step.questions], outcome, now, rows)
    if ref.round_id is not None:
        return _StepResult()
    hinted = _plan_hints(services, session, found, step, raw, lang, now)
    if hinted is not None and hinted.digest != ref.hinted:
        # Saved as written; shown again with gentle hints. Sent again unchanged, it goes on.
        hinted_ref = replace(ref, hinted=hinted.digest)
        ctx = _context(found, ref.index, hinted_ref, {}, lang)
        return _StepResult(screen=replace(ctx, typed=hinted.typed, hints=hinted.hints))
    answers = {q: dict(a.value) for q, a in rows.items()}
    for question in step.questions:
        answers.pop(question.id, None)
    answers.update(outcome.values)
    reflection = seat.reflection or people.progress_row(
        people.start_reflection(session, seat, template.id, template.version, now)
    )
    before = people.progress_of(reflection)
    if ref.edit:
        # An edit moves nobody forward: the progress row is left as it is.
        review = Review(template, found.workshop.id, found.workshop.title, answers, lang, True)
        return _StepResult(screen=review)
    after = after_step(before, template, ref.index, now)
    if after != before:  # a step sent again after going back changes no progress
        people.save_progress(session, reflection, after, now)
    following = next_index(template, ref.index)
    if following == END:
        return _StepResult(
            screen=Done(
                template,
                tuple(found.workshop.followup_offsets),
                lang,
                wrote_next_steps=wrote_next_steps(template, answers),
            ),
            completed_now=completes(before, after),
        )
    next_ref = StepRef(found.workshop.id, following)
    return _StepResult(screen=_context(found, following, next_ref, answers, lang))


@dataclass(frozen=True)
class _PlanHints:
    digest: str  # of the next steps' texts the hints are about
    typed: dict[str, object]  # the fields as typed, with a date read from the text filled in
    hints: dict[str, tuple[str, ...]]  # by the field key of a step's text


def _plan_hints(
    services: Services,
    session: Session,
    found: _Seated,
    step: Step,
    raw: Mapping[str, object],
    lang: str,
    now: datetime,
) -> _PlanHints | None:
    """Hints for next steps written as wishes (no action, no date), or None when there are none.

    Dates are read from the person's own local date. A tip on the if-then form alone does not
    hold anyone back; it is shown only beside another hint.
    """
    questions = [q for q in step.questions if q.kind == NEXT_STEPS]
    if not questions:
        return None
    profile = workspaces.get_profile(session, found.seat.person)
    tz = resolve_tz(profile.tz if profile else None, services.settings.default_timezone)
    today = now.astimezone(tz).date()
    typed = dict(raw)
    hints: dict[str, tuple[str, ...]] = {}
    texts: list[str] = []
    if_then_tip = t("plan.if_then_tip", lang)
    for question in questions:
        for slot in range(1, question.max_items + 1):
            text_key = field_key(question, slot, "text")
            date_key = field_key(question, slot, "date")
            text = raw.get(text_key)
            if not isinstance(text, str) or not text.strip():
                continue
            texts.append(text)
            chosen = raw.get(date_key)
            chosen_date = date.fromisoformat(chosen) if isinstance(chosen, str) and chosen else None
            plan = read_plan(text, today=today, chosen_date=chosen_date)
            found_hints = guidance(plan, lang)
            if any(hint != if_then_tip for hint in found_hints):
                hints[text_key] = tuple(found_hints)
                if chosen_date is None and plan.read_date is not None:
                    typed[date_key] = plan.read_date.day.isoformat()
    if not hints:
        return None
    digest = hashlib.sha256("\x1f".join(texts).encode()).hexdigest()[:16]
    return _PlanHints(digest, typed, hints)


def _store(
    session: Session,
    seat: people.Seat,
    step_id: str,
    question_ids: list[str],
    outcome: StepOutcome,
    now: datetime,
    rows: dict[str, Any],
) -> None:
    people.save_answers(
        session,
        seat,
        step_id,
        outcome.values,
        question_ids,
        now,
        existing=rows,
        tag=False,  # after the ack: tag_saved_answers
    )
    if outcome.named is not None:
        people.set_named(session, seat, outcome.named)
    if outcome.next_steps is not None:
        people.replace_next_steps(
            session,
            seat,
            [NextStepInput(d.position, d.text, d.target_date) for d in outcome.next_steps],
            now,
        )


def closed_message(workshop: WorkshopShown, lang: str) -> str:
    return t("reflection.closed", lang, title=escape_mrkdwn(workshop.title))


# -- a participant in a browser ----------------------------------------------------------------
# The web face calls these with the web person its session holds; the person is still only
# ever looked up in their own workshops, and a code is the only way in.


@dataclass(frozen=True)
class Door:
    """A workshop as someone with its code sees it before joining."""

    workshop_id: int
    team_id: str
    code: str
    title: str
    day: date
    is_open: bool
    kept_until: date
    # The template as the workshop runs it: a face reads a step's fields by its questions.
    template: Template
    # Whether anyone is followed up from it: its template asks next steps and it has waves.
    follows_up: bool = False


def _door(services: Services, workshop: Workshop) -> Door:
    template = services.template_for(workshop)
    return Door(
        workshop.id,
        workshop.team_id,
        workshop.code,
        workshop.title,
        workshop.day,
        workshop.status == "open",
        kept_until(template, workshop),
        template,
        template.asks_next_steps and bool(workshop.followup_offsets),
    )


def find_workshop(services: Services, typed: str) -> Door | None:
    """The workshop a typed code means (case, spaces and dashes forgiven), open or closed."""
    code = normalise_code(typed)
    if code is None:
        return None
    with transaction(services.sessions) as session:
        workshop = workshop_repo.find_by_code_alone(session, code)
        return _door(services, workshop) if workshop is not None else None


@dataclass(frozen=True)
class WebJoined:
    """Joining from a browser: the web person, their personal link's token (shown once, stored
    hashed), and whether open next steps from earlier temadage wait to be answered first."""

    person: Person
    token: str
    carried: bool


def valid_tz(name: str | None) -> str | None:
    """A time zone the browser named, if this machine knows it; else None (the default)."""
    if not name or len(name) > 64:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def join_web(
    services: Services,
    workshop_id: int,
    lang: str,
    tz: str | None,
    known: Mapping[int, str] | None = None,
) -> WebJoined | None:
    """Join an open workshop as a web participant; None when it is closed or gone.

    `known`: the web people this browser already is, by workshop. The same team's person is
    joined again, so that their next steps from an earlier temadag carry forward; anyone else
    gets a new random id.
    """
    now = services.clock()
    with transaction(services.sessions) as session:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None or workshop.status != "open":
            return None
        person = _known_person(session, workshop.team_id, known or {})
        found = join(services, session, workshop, person)
        zone = valid_tz(tz)
        if zone is not None or workspaces.get_profile(session, person) is None:
            workspaces.upsert_profile(session, person, now=now, tz=zone, fetched=True)
        workspaces.set_language(session, person, lang)
        token = web_links.issue(
            session,
            person,
            Purpose.PERSONAL,
            now=now,
            expires_at=datetime.combine(
                kept_until(found.template, workshop),
                time.max,
                UTC,
            ),
            participant_id=found.participant.id,
        )
        screen = entry(services, session, found, lang)
        return WebJoined(person, token, isinstance(screen, CarryForward))


def _known_person(session: Session, team_id: str, known: Mapping[int, str]) -> Person:
    for workshop_id, user_id in known.items():
        candidate = Person(team_id, user_id, Channel.WEB)
        if people.membership_in(session, candidate, workshop_id) is not None:
            return candidate
    return Person(team_id, web_links.new_web_id(), Channel.WEB)


def keep_language(services: Services, person: Person, lang: str) -> None:
    """The browser's language becomes the person's (their mail later speaks it)."""
    with transaction(services.sessions) as session:
        profile = workspaces.get_profile(session, person)
        if profile is None or profile.language_pref != lang:
            workspaces.set_language(session, person, lang)


@dataclass(frozen=True)
class OfferedRound:
    """A live round posted in the room, offered on the web participant's page."""

    round_id: int
    title: str
    answered: bool


@dataclass(frozen=True)
class Page:
    """The web participant's workshop page: where they are in the reflection, and the rounds."""

    door: Door
    screen: Screen
    rounds: tuple[OfferedRound, ...] = ()


def page(
    services: Services, person: Person, workshop_id: int, lang: str, *, carry: bool = False
) -> Page | None:
    """What the person's page shows now; None when they are not in the workshop. `carry`: the
    steps from earlier temadage come first (just joined)."""
    with transaction(services.sessions) as session:
        found = membership(services, session, person, workshop_id)
        if found is None:
            return None
        door = _door(services, found.workshop)
        if carry and door.is_open:
            carried = _carried(session, found)
            if carried:
                return Page(door, CarryForward(tuple(carried), StepRef(workshop_id, 0), lang))
        # The web offers carried steps once, as the person joins (`carry`), not on every
        # page they open before their first answer.
        screen = entry(services, session, found, lang, offer_carried=False)
        offered = _offered_rounds(services, session, found, lang) if door.is_open else ()
        return Page(door, screen, offered)


def _offered_rounds(
    services: Services, session: Session, found: Membership, lang: str
) -> tuple[OfferedRound, ...]:
    posted = round_repo.posted_rounds(
        session, found.workshop.id, services.clock() - rounds.OFFERED_FOR
    )
    answered = set(people.answers_of(session, found.participant.id))
    offered: list[OfferedRound] = []
    seen: set[str] = set()
    for posted_round in posted:
        located = found.template.locate(posted_round.step_id)
        if located is None or posted_round.step_id in seen:
            continue
        seen.add(posted_round.step_id)
        step = located[1]
        done = any(question.id in answered for question in step.questions)
        offered.append(OfferedRound(posted_round.id, step.title.get(lang), done))
    return tuple(offered)


def step_page(
    services: Services, person: Person, workshop_id: int, index: int, lang: str
) -> StepContext | None:
    """A step the person has reached before (gone back to); None for one ahead of them."""
    with transaction(services.sessions) as session:
        found = membership(services, session, person, workshop_id)
        if found is None or found.workshop.status != "open" or found.reflection is None:
            return None
        if not 0 <= index < len(found.template.steps):
            return None
        progress = people.progress_of(found.reflection)
        if not progress.completed and index > progress.current_step:
            return None
        return step_at(session, found, StepRef(workshop_id, index), lang)


def finished(services: Services, person: Person, workshop_id: int, lang: str) -> Done | None:
    """The closing words, once the person's reflection is complete; else None."""
    with transaction(services.sessions) as session:
        found = membership(services, session, person, workshop_id)
        if found is None or found.reflection is None:
            return None
        if not people.progress_of(found.reflection).completed:
            return None
        answers = people.answers_of(session, found.participant.id)
        return Done(
            found.template,
            tuple(found.workshop.followup_offsets),
            lang,
            wrote_next_steps=wrote_next_steps(found.template, answers),
        )


@dataclass(frozen=True)
class OwnWorkshop:
    workshop_id: int
    code: str
    title: str
    day: date
    is_open: bool
    completed: bool
    wrote_next_steps: bool = False
    # Whether a follow-up on those steps can come (the template asks them, there are waves).
    follows_up: bool = False


@dataclass(frozen=True)
class Personal:
    """What a personal link opens: the person and their workshops, or why not (the state)."""

    state: web_links.State
    lang: str
    person: Person | None = None
    workshops: tuple[OwnWorkshop, ...] = ()


def personal(services: Services, token: str, fallback_lang: str) -> Personal:
    """The person a personal link stands for, with each workshop they are in."""
    with transaction(services.sessions) as session:
        found = web_links.look_up(session, token, services.clock(), Purpose.PERSONAL)
        if found.person is None:
            return Personal(found.state, fallback_lang)
        lang = services.language(session, found.person, fetch=False)
        if found.state is not web_links.State.VALID:
            return Personal(found.state, lang)
        own = []
        for participant, workshop in people.memberships(session, found.person):
            reflection = people.get_reflection(session, participant)
            done = reflection is not None and people.progress_of(reflection).completed
            wrote = bool(people.next_steps_of(session, participant.id))
            own.append(
                OwnWorkshop(
                    workshop.id,
                    workshop.code,
                    workshop.title,
                    workshop.day,
                    workshop.status == "open",
                    done,
                    wrote,
                    follows_up(
                        services.template_for(workshop),
                        workshop.followup_offsets or (),
                        wrote_next_steps=wrote,
                    ),
                )
            )
        return Personal(found.state, lang, found.person, tuple(own))
