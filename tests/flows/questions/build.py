"""Questions and submissions for the kinds' tests, with only what each test is about."""

from __future__ import annotations

from datetime import date
from typing import Any

from flows.questions import StepOutcome, Submission, kind_of
from flows.templates.schema import Question

TODAY = date(2026, 10, 17)


def question(kind: str, **fields: Any) -> Question:
    return Question.model_validate(
        {"id": "q", "kind": kind, "label": {"da": "Spørgsmål", "en": "Question"}, **fields}
    )


def submit(q: Question, raw: dict[str, object], lang: str = "da") -> StepOutcome:
    outcome = StepOutcome()
    kind_of(q).validate(q, Submission(raw, TODAY, lang), outcome)
    return outcome
