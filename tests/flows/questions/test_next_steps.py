"""Next steps, each with an optional target date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from flows.i18n import format_date, t
from flows.questions import NextStepDraft, StepOutcome, Submission, kind_of
from tests.flows.questions.build import TODAY, question, submit


def test_it_numbers_the_written_steps_and_skips_empty_slots() -> None:
    later = (TODAY + timedelta(days=30)).isoformat()
    outcome = submit(
        question("next_steps"), {"q.1.text": "", "q.2.text": "Ring", "q.2.date": later}
    )
    assert outcome.next_steps == [NextStepDraft(1, "Ring", TODAY + timedelta(days=30))]
    assert outcome.values == {"q": {"items": [{"text": "Ring", "target_date": later}]}}


@pytest.mark.parametrize(
    ("raw", "key", "message"),
    [
        ({}, "q.1.text", t("error.step_missing", "da", count=1)),
        ({"q.1.text": "x", "q.1.date": "17/10"}, "q.1.date", t("error.date_invalid", "da")),
        ({"q.1.text": "x", "q.1.date": "2026-10-16"}, "q.1.date", t("error.date_past", "da")),
        ({"q.1.text": "x", "q.1.date": "2040-01-01"}, "q.1.date", t("error.date_far", "da")),
        ({"q.1.date": "2026-11-01"}, "q.1.text", t("error.date_without_step", "da")),
    ],
)
def test_it_says_what_is_wrong_beside_the_slot(
    raw: dict[str, object], key: str, message: str
) -> None:
    assert submit(question("next_steps"), raw).errors[key] == message


def test_it_keeps_no_steps_when_another_question_of_the_step_failed() -> None:
    q = question("next_steps")
    outcome = StepOutcome(errors={"other": "wrong"})
    kind_of(q).validate(q, Submission({"q.1.text": "Ring"}, TODAY, "da"), outcome)
    assert outcome.next_steps is None


def test_it_prefills_each_slot_and_reads_them_numbered_with_dates() -> None:
    q = question("next_steps")
    answer = {"items": [{"text": "Ring", "target_date": "2026-11-02"}, {"text": "Skriv"}]}
    assert kind_of(q).initial_values(q, answer) == {
        "q.1.text": "Ring",
        "q.1.date": "2026-11-02",
        "q.2.text": "Skriv",
        "q.2.date": None,
    }
    target = t("home.target", "da", date=format_date(date(2026, 11, 2), "da"))
    assert kind_of(q).describe(q, answer, "da") == f"1. Ring ({target})\n2. Skriv"
    assert kind_of(q).describe(q, {"items": []}, "da") == t("reflection.no_answer", "da")


def test_it_takes_two_blocks_a_slot_and_refuses_more_required_than_slots() -> None:
    assert question("next_steps", max_items=4).block_count() == 9
    with pytest.raises(ValidationError, match="min_items is larger than max_items"):
        question("next_steps", max_items=2, min_items=3)
