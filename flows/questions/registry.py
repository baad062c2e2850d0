"""Every kind of question a template may ask, by the name a template gives it.

Adding a kind: a module beside this one, a line here, and an input per channel
(for Slack, `bot/reflection/inputs.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from flows.i18n import t
from flows.questions.choice import Choice
from flows.questions.consent import Consent
from flows.questions.kind import QuestionKind
from flows.questions.municipality import Municipality
from flows.questions.next_steps import NextSteps
from flows.questions.text import Text
from flows.questions.traffic_lights import TrafficLights

if TYPE_CHECKING:
    from flows.templates.schema import Question

# The order is the order a template's errors name them in.
KINDS: Final[dict[str, QuestionKind]] = {
    kind.name: kind
    for kind in (Text(), Choice(), TrafficLights(), NextSteps(), Consent(), Municipality())
}


def kind_of(question: Question) -> QuestionKind:
    return KINDS[question.kind]


def describe_answer(question: Question, answer: Mapping[str, Any] | None, lang: str) -> str:
    """An answer as plain text, for review screens and exports."""
    if not answer:
        return t("reflection.no_answer", lang)
    return kind_of(question).describe(question, answer, lang)
