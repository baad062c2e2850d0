"""A free-text question."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from flows.i18n import t
from flows.questions.fields import StepOutcome, Submission, field_key
from flows.questions.kind import QuestionKind, SummaryForm

if TYPE_CHECKING:
    from flows.templates.schema import Question

NAME: Final = "text"


def text_error(question: Question, text: str, lang: str) -> str | None:
    if not text:
        return t("error.required", lang) if question.required else None
    if len(text) > question.max_length:
        return t("error.too_long", lang, length=len(text), limit=question.max_length)
    return None


class Text(QuestionKind):
    name = NAME
    summary = SummaryForm.QUOTES
    may_be_barrier = True

    def validate(self, question: Question, submitted: Submission, outcome: StepOutcome) -> None:
        key = field_key(question)
        text = submitted.text(key)
        error = text_error(question, text, submitted.lang)
        if error:
            outcome.errors[key] = error
        elif text:
            outcome.values[question.id] = {"text": text}

    def initial_values(self, question: Question, answer: Mapping[str, Any]) -> dict[str, object]:
        return {field_key(question): answer["text"]} if "text" in answer else {}

    def describe(self, question: Question, answer: Mapping[str, Any], lang: str) -> str:
        return str(answer.get("text", ""))
