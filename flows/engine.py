"""The reflection conversation: steps in order, validation per step, what comes next, and how
the person's progress changes with each step (the service stores what these functions return).

Input arrives as plain values keyed by *field keys* (see `field_key`); the Slack adapter uses
the same keys as block ids, so an error here lands beside the field it is about.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from flows.questions import NextStepDraft, StepOutcome, Submission, field_key, kind_of
from flows.templates.schema import Step, Template

__all__ = [
    "COMPLETED",
    "END",
    "NextStepDraft",
    "Progress",
    "StepOutcome",
    "after_step",
    "completes",
    "field_key",
    "initial_values",
    "next_index",
    "validate_step",
]

END = -1


def next_index(template: Template, index: int) -> int:
    return index + 1 if index + 1 < len(template.steps) else END


COMPLETED = "completed"


@dataclass(frozen=True)
class Progress:
    """Where a person is in their reflection: the step to show next and whether it is done."""

    current_step: int
    status: str  # in_progress | completed
    completed_at: datetime | None = None

    @property
    def completed(self) -> bool:
        return self.status == COMPLETED


def after_step(progress: Progress, template: Template, index: int, now: datetime) -> Progress:
    """The progress after step `index` was saved in the normal order (not an edit, not a round).

    The last step completes the reflection once; a completed reflection stays completed, and
    its first completion time is kept.
    """
    following = next_index(template, index)
    if following == END:
        last = len(template.steps) - 1
        if progress.completed:
            return replace(progress, current_step=last)
        return Progress(last, COMPLETED, now)
    if progress.completed:
        return progress
    return replace(progress, current_step=following)


def completes(before: Progress, after: Progress) -> bool:
    """Whether this change is the one that completed the reflection."""
    return after.completed and not before.completed


def validate_step(step: Step, raw: Mapping[str, object], *, today: date, lang: str) -> StepOutcome:
    """What each question's kind makes of the values submitted for it, in the step's order."""
    outcome = StepOutcome()
    submitted = Submission(raw, today, lang)
    for question in step.questions:
        kind_of(question).validate(question, submitted, outcome)
    return outcome


def initial_values(step: Step, answers: Mapping[str, Mapping[str, Any]]) -> dict[str, object]:
    """Stored answers turned back into field values, to prefill a step the person returns to."""
    values: dict[str, object] = {}
    for question in step.questions:
        answer = answers.get(question.id)
        if answer:
            values.update(kind_of(question).initial_values(question, answer))
    return values
