"""What the core needs of one kind of question. Each kind is a subclass in a module of its own,
and `flows.questions.registry.KINDS` holds one instance of each."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

from flows.questions.fields import StepOutcome, Submission

if TYPE_CHECKING:
    from flows.templates.schema import Question


class SummaryForm(Enum):
    """How a kind's answers read in a facilitator's summary."""

    QUOTES = "quotes"  # free text: quotes, grouped by success factor when the template says so
    COUNTS = "counts"  # one option per person: how many chose each
    LIGHTS = "lights"  # a light per success factor: how many chose each light
    NONE = "none"  # not summarised as a question (next steps have a summary of their own)


class QuestionKind(ABC):
    name: ClassVar[str]
    summary: ClassVar[SummaryForm] = SummaryForm.NONE
    # What a template may say of a question of this kind, checked when it is loaded.
    takes_options: ClassVar[bool] = False
    takes_factors: ClassVar[bool] = False
    may_be_barrier: ClassVar[bool] = False
    once_per_template: ClassVar[bool] = False
    in_rounds: ClassVar[bool] = True

    def check(self, question: Question) -> None:
        """Raise ValueError when the question is not one this kind can ask (at load)."""
        return None

    def block_count(self, question: Question) -> int:
        """How many input blocks the question takes in a step (a modal holds 100)."""
        return 1

    @abstractmethod
    def validate(self, question: Question, submitted: Submission, outcome: StepOutcome) -> None:
        """Read the question's fields: a clean value into `outcome.values`, or errors."""

    @abstractmethod
    def initial_values(self, question: Question, answer: Mapping[str, Any]) -> dict[str, object]:
        """A stored answer as field values, to prefill the step when the person edits it."""

    @abstractmethod
    def describe(self, question: Question, answer: Mapping[str, Any], lang: str) -> str:
        """A stored answer as plain text: review screens, export cells, a person's own data."""

    def option_order(self, question: Question, counts: Mapping[str, int]) -> list[str]:
        """The order a summary counts options in (SummaryForm.COUNTS)."""
        return [o.id for o in question.options] or sorted(counts)
