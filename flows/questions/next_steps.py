"""Next steps: a few things the person will do, each with an optional target date.

Follow-ups months later are about these; the summary counts them from their own records.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

from flows.i18n import format_date, t
from flows.questions.fields import NextStepDraft, StepOutcome, Submission, field_key
from flows.questions.kind import QuestionKind

if TYPE_CHECKING:
    from flows.templates.schema import Question

NAME: Final = "next_steps"
MAX_TARGET_YEARS = 5


def parse_target_date(value: object, today: date, lang: str) -> tuple[date | None, str | None]:
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


class NextSteps(QuestionKind):
    name = NAME
    once_per_template = True
    in_rounds = False

    def check(self, question: Question) -> None:
        if question.min_items > question.max_items:
            raise ValueError("min_items is larger than max_items")

    def block_count(self, question: Question) -> int:
        return 2 * question.max_items + 1

    def validate(self, question: Question, submitted: Submission, outcome: StepOutcome) -> None:
        lang = submitted.lang
        drafts: list[NextStepDraft] = []
        for slot in range(1, question.max_items + 1):
            text_key = field_key(question, slot, "text")
            date_key = field_key(question, slot, "date")
            text = submitted.text(text_key)
            target, date_error = parse_target_date(
                submitted.raw.get(date_key), submitted.today, lang
            )
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
            outcome.errors.setdefault(
                first, t("error.step_missing", lang, count=question.min_items)
            )
        # Errors of the step's other questions hold the next steps back too.
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

    def initial_values(self, question: Question, answer: Mapping[str, Any]) -> dict[str, object]:
        values: dict[str, object] = {}
        for slot, item in enumerate(answer.get("items", []), start=1):
            values[field_key(question, slot, "text")] = item.get("text")
            values[field_key(question, slot, "date")] = item.get("target_date")
        return values

    def describe(self, question: Question, answer: Mapping[str, Any], lang: str) -> str:
        items = []
        for number, item in enumerate(answer.get("items", []), start=1):
            line = f"{number}. {item.get('text', '')}"
            if item.get("target_date"):
                target = format_date(date.fromisoformat(item["target_date"]), lang)
                line += f" ({t('home.target', lang, date=target)})"
            items.append(line)
        return "\n".join(items) or t("reflection.no_answer", lang)
