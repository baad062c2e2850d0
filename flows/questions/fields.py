"""A submitted step as the core reads it: field keys, the values typed, and what they mean.

A channel sends plain values keyed by field keys; the Slack face uses the same keys as block
ids, so an error found here lands beside the field it is about.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from flows.i18n import t
from flows.text import strip_control

if TYPE_CHECKING:
    from flows.templates.schema import Question


def field_key(question: Question, *parts: str | int) -> str:
    return ".".join([question.id, *(str(part) for part in parts)])


@dataclass(frozen=True)
class NextStepDraft:
    position: int
    text: str
    target_date: date | None


@dataclass
class StepOutcome:
    """What a submitted step means: clean values to store, or errors to show."""

    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    next_steps: list[NextStepDraft] | None = None
    named: bool | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Submission:
    """The raw values of one submitted step, with the person's date and language."""

    raw: Mapping[str, object]
    today: date
    lang: str

    def text(self, key: str) -> str:
        value = self.raw.get(key)
        return strip_control(value).strip() if isinstance(value, str) else ""


def choose_one(
    question: Question, submitted: Submission, outcome: StepOutcome, allowed: Collection[str]
) -> None:
    """One option out of `allowed`, stored as {"option": id}."""
    key = field_key(question)
    choice = submitted.text(key)
    if not choice:
        if question.required:
            outcome.errors[key] = t("error.choose", submitted.lang)
    elif choice not in allowed:
        outcome.errors[key] = t("error.unknown_option", submitted.lang)
    else:
        outcome.values[question.id] = {"option": choice}


def chosen_option(question: Question, answer: Mapping[str, Any]) -> dict[str, object]:
    return {field_key(question): answer["option"]} if "option" in answer else {}
