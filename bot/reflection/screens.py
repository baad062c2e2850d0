"""What the reflection shows a person, in any channel: a step, the review, the closing words,
the steps carried from earlier temadage, or a short notice.

The use cases in `service.py` return these; each channel's face renders them (Slack's in
`views.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flows.questions import NEXT_STEPS
from flows.stepref import StepRef
from flows.templates.schema import Step, Template


@dataclass(frozen=True)
class StepContext:
    """One step to answer, with the person's answers so far."""

    template: Template
    step: Step
    index: int
    total: int
    workshop_title: str
    lang: str
    retention_until: date | None
    answers: Mapping[str, Mapping[str, Any]]
    meta: StepRef
    errors_hint: str | None = None
    followup_offsets: tuple[str, ...] = ()
    # What the person typed, shown again as it was (a step answered with plan hints or errors).
    typed: Mapping[str, object] | None = None
    # Gentle plan hints by the field key of a next step's text, shown under that step.
    hints: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Why the step was not accepted, by field key (see flows.engine.field_key).
    errors: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Review:
    """Every answer of a reflection; editable while the workshop is open and it is complete."""

    template: Template
    workshop_id: int
    workshop_title: str
    answers: Mapping[str, Mapping[str, Any]]
    lang: str
    editable: bool
    closed: bool = False
    # For a closed workshop: how many steps were answered, None when all were.
    answered_steps: int | None = None


@dataclass(frozen=True)
class Done:
    """The reflection was just completed."""

    template: Template
    followup_offsets: tuple[str, ...]
    lang: str
    wrote_next_steps: bool


CARRY_STATUSES = ("done", "under_way", "not_started", "dropped")


@dataclass(frozen=True)
class CarriedStep:
    step_id: int
    text: str
    workshop_title: str
    workshop_day: date
    target_date: date | None


@dataclass(frozen=True)
class CarryForward:
    """Open next steps from earlier temadage, one status each, before the reflection begins."""

    carried: tuple[CarriedStep, ...]
    meta: StepRef
    lang: str


@dataclass(frozen=True)
class Notice:
    """Only something to say: a refusal, a closed workshop, an apology."""

    text: str
    lang: str


Screen = StepContext | Review | Done | CarryForward | Notice


def wrote_next_steps(template: Template, answers: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether the person wrote any next step: follow-ups are about those."""
    return any(
        bool((answers.get(q.id) or {}).get("items")) for q in template.questions_of(NEXT_STEPS)
    )
