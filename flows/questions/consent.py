"""Whether the person may be named beside their answers (unticked: anonymous)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from flows.i18n import t
from flows.questions.fields import StepOutcome, Submission, field_key
from flows.questions.kind import QuestionKind

if TYPE_CHECKING:
    from flows.templates.schema import Question

NAME: Final = "consent"


class Consent(QuestionKind):
    name = NAME
    once_per_template = True
    in_rounds = False

    def validate(self, question: Question, submitted: Submission, outcome: StepOutcome) -> None:
        named = submitted.raw.get(field_key(question)) is True
        outcome.named = named
        outcome.values[question.id] = {"named": named}

    def initial_values(self, question: Question, answer: Mapping[str, Any]) -> dict[str, object]:
        return {field_key(question): bool(answer.get("named"))}

    def describe(self, question: Question, answer: Mapping[str, Any], lang: str) -> str:
        return t("named.yes" if answer.get("named") else "named.no", lang)
