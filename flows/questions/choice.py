"""One option out of the template's own list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from flows.questions.fields import StepOutcome, Submission, choose_one, chosen_option
from flows.questions.kind import QuestionKind, SummaryForm

if TYPE_CHECKING:
    from flows.templates.schema import Question

NAME: Final = "choice"


class Choice(QuestionKind):
    name = NAME
    summary = SummaryForm.COUNTS
    takes_options = True

    def check(self, question: Question) -> None:
        if not 2 <= len(question.options) <= 100:
            raise ValueError("a choice question needs between 2 and 100 options")
        ids = [option.id for option in question.options]
        if len(set(ids)) != len(ids):
            raise ValueError("option ids must be unique")

    def validate(self, question: Question, submitted: Submission, outcome: StepOutcome) -> None:
        choose_one(question, submitted, outcome, {option.id for option in question.options})

    def initial_values(self, question: Question, answer: Mapping[str, Any]) -> dict[str, object]:
        return chosen_option(question, answer)

    def describe(self, question: Question, answer: Mapping[str, Any], lang: str) -> str:
        chosen = answer.get("option")
        for option in question.options:
            if option.id == chosen:
                return option.label.get(lang)
        return str(chosen)
