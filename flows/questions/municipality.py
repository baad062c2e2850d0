"""The person's municipality, one of Denmark's 98 (peer introductions match on it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from flows.municipalities import MUNICIPALITIES
from flows.questions.fields import StepOutcome, Submission, choose_one, chosen_option
from flows.questions.kind import QuestionKind, SummaryForm

if TYPE_CHECKING:
    from flows.templates.schema import Question

NAME: Final = "municipality"


class Municipality(QuestionKind):
    name = NAME
    summary = SummaryForm.COUNTS
    once_per_template = True

    def validate(self, question: Question, submitted: Submission, outcome: StepOutcome) -> None:
        choose_one(question, submitted, outcome, set(MUNICIPALITIES))

    def initial_values(self, question: Question, answer: Mapping[str, Any]) -> dict[str, object]:
        return chosen_option(question, answer)

    def describe(self, question: Question, answer: Mapping[str, Any], lang: str) -> str:
        return str(answer.get("option", ""))

    def option_order(self, question: Question, counts: Mapping[str, int]) -> list[str]:
        # A list of 98 names has no order worth keeping: the most chosen first.
        return sorted(sorted(counts), key=lambda name: -counts[name])
