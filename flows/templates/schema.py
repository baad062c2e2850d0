"""The shape of a reflection template. Limits mirror what Slack will render."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from flows.factors import FACTORS
from flows.questions import KINDS, NEXT_STEPS, SummaryForm
from flows.questions.traffic_lights import LIGHTS as LIGHTS

SLUG = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
Language = Literal["da", "en"]
# Blocks a step may use: the modal allows 100, the header/progress/back button take a few.
MAX_BLOCKS_PER_STEP = 90


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(_Strict):
    da: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.da

    def longest(self) -> int:
        return max(len(self.da), len(self.en))


def _check_slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError("must be lower-case letters, digits and _ (max 40), e.g. 'succeeded'")
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]


def _check_kind(value: str) -> str:
    if value not in KINDS:
        raise ValueError(f"unknown question kind {value!r}; known: {', '.join(KINDS)}")
    return value


KindName = Annotated[str, AfterValidator(_check_kind)]


def _kinds_that(allowed: Iterable[str]) -> str:
    return " and ".join(allowed)


def _check_length(text: LocalText | None, limit: int, what: str) -> None:
    if text is not None and text.longest() > limit:
        raise ValueError(f"{what} is longer than Slack allows ({limit} characters)")


class Option(_Strict):
    id: str = Field(max_length=150)
    label: LocalText

    @model_validator(mode="after")
    def _fits_slack(self) -> Option:
        _check_length(self.label, 75, "option label")
        return self


class Question(_Strict):
    id: Slug
    kind: KindName
    label: LocalText
    hint: LocalText | None = None
    placeholder: LocalText | None = None
    required: bool = True
    max_length: int = Field(default=3000, ge=1, le=3000)
    multiline: bool = True
    options: tuple[Option, ...] = ()
    factors: tuple[str, ...] = ()
    max_items: int = Field(default=3, ge=1, le=10)
    min_items: int = Field(default=1, ge=0, le=10)
    # A text question whose answers name barriers (what was hard, and why): the summary of
    # all workshops counts their success factors.
    barrier: bool = False
    # False for a text question that already names its topic ("Hvem skal ellers inddrages?",
    # the evaluation theme): its answers are listed as they are, not grouped by factor.
    group_by_factor: bool = True

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        _check_length(self.label, 2000, "label")
        _check_length(self.hint, 2000, "hint")
        _check_length(self.placeholder, 150, "placeholder")
        kind = KINDS[self.kind]
        if self.options and not kind.takes_options:
            which = _kinds_that(n for n, k in KINDS.items() if k.takes_options)
            raise ValueError(f"options are only for {which} questions, not {self.kind}")
        if self.factors and not kind.takes_factors:
            which = _kinds_that(n for n, k in KINDS.items() if k.takes_factors)
            raise ValueError(f"factors are only for {which} questions")
        if not self.group_by_factor and kind.summary is not SummaryForm.QUOTES:
            raise ValueError("group_by_factor is for questions whose answers are quoted (text)")
        if self.barrier and not kind.may_be_barrier:
            which = _kinds_that(n for n, k in KINDS.items() if k.may_be_barrier)
            raise ValueError(f"only {which} questions can be marked as barrier questions")
        kind.check(self)
        return self

    @property
    def factor_ids(self) -> tuple[str, ...]:
        return self.factors or tuple(factor.id for factor in FACTORS)

    def block_count(self) -> int:
        return KINDS[self.kind].block_count(self)


class Step(_Strict):
    id: Slug
    title: LocalText
    intro: LocalText | None = None
    theme: bool = False
    # A round marked agenda is a theme of the day's programme: the facilitator may choose, when
    # creating the workshop, to put it in everyone's reflection (see Template.with_agenda).
    agenda: bool = False
    # How long the step takes; required for agenda themes, whose time adds to the template's.
    minutes: int | None = Field(default=None, ge=1, le=60)
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _fits_a_modal(self) -> Step:
        _check_length(self.title, 150, "step title")
        _check_length(self.intro, 3000, "intro")
        if self.agenda and self.minutes is None:
            raise ValueError("an agenda theme says how many minutes it takes (minutes: 3)")
        blocks = sum(question.block_count() for question in self.questions) + 4
        if blocks > MAX_BLOCKS_PER_STEP:
            raise ValueError(f"this step would render {blocks} blocks; a modal holds 100")
        return self


class Template(_Strict):
    id: Slug
    version: int = Field(ge=1)
    name: LocalText
    short_name: LocalText
    description: LocalText
    steps: tuple[Step, ...] = Field(min_length=1)
    # Themes a facilitator can post as a live round; not part of the main sequence.
    rounds: tuple[Step, ...] = ()
    # About how long the main sequence takes; the announcement says it. None: say nothing.
    duration_minutes: int | None = Field(default=None, ge=1, le=240)
    # The template the create-workshop form preselects: the day's main reflection.
    default: bool = False
    # Whether summaries and exports group the free-text answers by the eight success factors.
    # An evaluation of the day ("what would have made the day better?") is not about them.
    group_by_factor: bool = True
    # Where chosen agenda themes go in the sequence: before this step (default: at the end).
    agenda_before: Slug | None = None

    @model_validator(mode="after")
    def _unique_ids(self) -> Template:
        # The modal title holds 24 characters and carries the short name.
        _check_length(self.short_name, 24, "short_name")
        _check_length(self.name, 150, "name")
        main_ids = {step.id for step in self.steps}
        if self.agenda_before is not None and self.agenda_before not in main_ids:
            raise ValueError(
                f"agenda_before names {self.agenda_before!r}, which is not a step; "
                f"steps: {sorted(main_ids)}"
            )
        if any(step.agenda for step in self.steps):
            raise ValueError("agenda: true is for rounds; steps are in everyone's reflection")
        step_ids = [step.id for step in self.all_steps]
        if len(set(step_ids)) != len(step_ids):
            raise ValueError(f"step ids must be unique across steps and rounds: {step_ids}")
        question_ids = [q.id for step in self.all_steps for q in step.questions]
        duplicates = sorted({q for q in question_ids if question_ids.count(q) > 1})
        if duplicates:
            raise ValueError(f"question ids must be unique across steps: {duplicates}")
        kinds = [q.kind for step in self.all_steps for q in step.questions]
        for name, kind in KINDS.items():
            if kind.once_per_template and kinds.count(name) > 1:
                raise ValueError(f"a template may hold at most one {name} question")
        not_in_rounds = [name for name, kind in KINDS.items() if not kind.in_rounds]
        for round_step in self.rounds:
            if any(q.kind in not_in_rounds for q in round_step.questions):
                raise ValueError(
                    f"round {round_step.id!r}: rounds hold no {' or '.join(not_in_rounds)}"
                )
        return self

    @property
    def all_steps(self) -> tuple[Step, ...]:
        return self.steps + self.rounds

    @property
    def agenda_themes(self) -> tuple[Step, ...]:
        """Rounds the facilitator may put in everyone's reflection when creating a workshop."""
        return tuple(step for step in self.rounds if step.agenda)

    @property
    def asks_next_steps(self) -> bool:
        """Whether everyone's reflection asks for next steps (what follow-ups are about)."""
        return any(q.kind == NEXT_STEPS for step in self.steps for q in step.questions)

    def choose_agenda(self, theme_ids: Iterable[object]) -> tuple[str, ...]:
        """The chosen agenda themes that this template has, in the template's order.

        Ids that are not agenda themes here (a form sent for another template, a theme removed
        from the file since) are left out rather than refused.
        """
        wanted = {str(theme_id) for theme_id in theme_ids}
        return tuple(step.id for step in self.agenda_themes if step.id in wanted)

    def with_agenda(self, theme_ids: Iterable[object]) -> Template:
        """This template as one workshop runs it: the chosen agenda themes moved from the rounds
        into the sequence, before `agenda_before`, and their minutes added to the duration.

        They stay themes, so a facilitator can still post one as a live round on the day; the
        answers land on the same questions either way.
        """
        chosen = self.choose_agenda(theme_ids)
        if not chosen:
            return self
        moved = [
            step.model_copy(update={"theme": True}) for step in self.rounds if step.id in chosen
        ]
        position = (
            self.step_index(self.agenda_before)
            if self.agenda_before is not None
            else len(self.steps)
        )
        steps = (*self.steps[:position], *moved, *self.steps[position:])
        rounds = tuple(step for step in self.rounds if step.id not in chosen)
        duration = self.duration_minutes
        if duration is not None:
            duration += sum(step.minutes or 0 for step in moved)
        return self.model_copy(
            update={"steps": steps, "rounds": rounds, "duration_minutes": duration}
        )

    @property
    def themes(self) -> tuple[Step, ...]:
        """Steps a facilitator may post as a live round."""
        return tuple(step for step in self.steps if step.theme) + self.rounds

    def find_step(self, step_id: str) -> Step:
        for step in self.all_steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def locate(self, step_id: str) -> tuple[int, Step] | None:
        """A step's position among all steps (rounds after the main sequence) and the step."""
        for index, step in enumerate(self.all_steps):
            if step.id == step_id:
                return index, step
        return None

    def step_index(self, step_id: str) -> int:
        for index, step in enumerate(self.steps):
            if step.id == step_id:
                return index
        raise KeyError(step_id)

    def question(self, question_id: str) -> Question:
        for step in self.all_steps:
            for question in step.questions:
                if question.id == question_id:
                    return question
        raise KeyError(question_id)

    def questions_of(self, kind: str) -> list[Question]:
        return [q for step in self.all_steps for q in step.questions if q.kind == kind]

    @property
    def barrier_question_ids(self) -> frozenset[str]:
        return frozenset(q.id for step in self.all_steps for q in step.questions if q.barrier)
