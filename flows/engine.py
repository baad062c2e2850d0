"""The reflection conversation: steps in order, validation per step, what comes next, and how
the person's progress changes with each step (the service stores what these functions return).

Input arrives as plain values keyed by *field keys* (see `field_key`); the Slack adapter uses
the same keys as block ids, so an error here lands beside the field it is about.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from flows.i18n import t
from flows.municipalities import MUNICIPALITIES
from flows.templates.schema import LIGHTS, Question, Step, Template
from flows.text import strip_control

END = -1
MAX_TARGET_YEARS = 5


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
    outcome = StepOutcome()
    for question in step.questions:
        _validate_question(question, raw, today, lang, outcome)
    return outcome


def _text(raw: Mapping[str, object], key: str) -> str:
    value = raw.get(key)
    return strip_control(value).strip() if isinstance(value, str) else ""


def _validate_question(
    question: Question, raw: Mapping[str, object], today: date, lang: str, outcome: StepOutcome
) -> None:
    key = field_key(question)
    kind = question.kind
    if kind == "text":
        text = _text(raw, key)
        error = _text_error(question, text, lang)
        if error:
            outcome.errors[key] = error
        elif text:
            outcome.values[question.id] = {"text": text}
    elif kind in ("choice", "municipality"):
        choice = _text(raw, key)
        allowed = (
            {option.id for option in question.options} if kind == "choice" else set(MUNICIPALITIES)
        )
        if not choice:
            if question.required:
                outcome.errors[key] = t("error.choose", lang)
        elif choice not in allowed:
            outcome.errors[key] = t("error.unknown_option", lang)
        else:
            outcome.values[question.id] = {"option": choice}
    elif kind == "consent":
        named = raw.get(key) is True
        outcome.named = named
        outcome.values[question.id] = {"named": named}
    elif kind == "traffic_lights":
        lights: dict[str, str] = {}
        for factor_id in question.factor_ids:
            light = _text(raw, field_key(question, factor_id))
            if light in LIGHTS:
                lights[factor_id] = light
            elif light or question.required:
                outcome.errors[field_key(question, factor_id)] = t("error.light_missing", lang)
        if lights:
            outcome.values[question.id] = {"lights": lights}
    elif kind == "next_steps":
        _validate_next_steps(question, raw, today, lang, outcome)


def _text_error(question: Question, text: str, lang: str) -> str | None:
    if not text:
        return t("error.required", lang) if question.required else None
    if len(text) > question.max_length:
        return t("error.too_long", lang, length=len(text), limit=question.max_length)
    return None


def _validate_next_steps(
    question: Question, raw: Mapping[str, object], today: date, lang: str, outcome: StepOutcome
) -> None:
    drafts: list[NextStepDraft] = []
    for slot in range(1, question.max_items + 1):
        text_key = field_key(question, slot, "text")
        date_key = field_key(question, slot, "date")
        text = _text(raw, text_key)
        target, date_error = _parse_target_date(raw.get(date_key), today, lang)
        if len(text) > question.max_length:
            outcome.errors[text_key] = t(
                "error.too_long", lang, length=len(text), limit=question.max_length
            )
        elif date_error:
            outcome.errors[date_key] = date_error
        elif target is not None and not text:
            outcome.errors[text_key] = t("error.date_without_step", lang)
        elif text:
            drafts.append(NextStepDraft(len(drafts) + 1, text, target))
    if len(drafts) < question.min_items and question.required:
        first = field_key(question, 1, "text")
        outcome.errors.setdefault(first, t("error.step_missing", lang, count=question.min_items))
    if not outcome.errors:
        outcome.next_steps = drafts
        outcome.values[question.id] = {
            "items": [
                {
                    "text": d.text,
                    "target_date": d.target_date.isoformat() if d.target_date else None,
                }
                for d in drafts
            ]
        }


def _parse_target_date(value: object, today: date, lang: str) -> tuple[date | None, str | None]:
    if value in (None, ""):
        return None, None
    if not isinstance(value, str):
        return None, t("error.date_invalid", lang)
    try:
        target = date.fromisoformat(value)
    except ValueError:
        return None, t("error.date_invalid", lang)
    if target < today:
        return None, t("error.date_past", lang)
    if target > today + timedelta(days=366 * MAX_TARGET_YEARS):
        return None, t("error.date_far", lang)
    return target, None


def initial_values(step: Step, answers: Mapping[str, Mapping[str, Any]]) -> dict[str, object]:
    """Stored answers turned back into field values, to prefill a step the person returns to."""
    values: dict[str, object] = {}
    for question in step.questions:
        answer = answers.get(question.id)
        if not answer:
            continue
        if question.kind == "text" and "text" in answer:
            values[field_key(question)] = answer["text"]
        elif question.kind in ("choice", "municipality") and "option" in answer:
            values[field_key(question)] = answer["option"]
        elif question.kind == "consent":
            values[field_key(question)] = bool(answer.get("named"))
        elif question.kind == "traffic_lights":
            for factor_id, light in dict(answer.get("lights", {})).items():
                values[field_key(question, factor_id)] = light
        elif question.kind == "next_steps":
            for slot, item in enumerate(answer.get("items", []), start=1):
                values[field_key(question, slot, "text")] = item.get("text")
                values[field_key(question, slot, "date")] = item.get("target_date")
    return values
