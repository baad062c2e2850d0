"""The step engine: validation per question kind and the order of steps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from flows.engine import (
    END,
    Progress,
    after_step,
    completes,
    initial_values,
    next_index,
    validate_step,
)
from flows.templates import TemplateRegistry

TODAY = date(2026, 10, 17)
TEMPLATE = TemplateRegistry.load().get("health_policy")


def step(step_id: str):
    return TEMPLATE.steps[TEMPLATE.step_index(step_id)]


def test_it_walks_the_steps_in_order_and_ends_after_the_last() -> None:
    assert [next_index(TEMPLATE, i) for i in range(6)] == [1, 2, 3, 4, 5, END]


NOW = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)


def test_a_saved_step_moves_the_progress_to_the_next_step() -> None:
    before = Progress(2, "in_progress")
    after = after_step(before, TEMPLATE, 2, NOW)
    assert after == Progress(3, "in_progress")
    assert not completes(before, after)


def test_the_last_step_completes_the_reflection_once_and_keeps_the_first_time() -> None:
    last = len(TEMPLATE.steps) - 1
    before = Progress(last, "in_progress")
    done = after_step(before, TEMPLATE, last, NOW)
    assert done == Progress(last, "completed", NOW)
    assert completes(before, done)
    again = after_step(Progress(1, "completed", NOW), TEMPLATE, last, NOW + timedelta(days=1))
    assert again == Progress(last, "completed", NOW)
    assert not completes(done, again)


def test_a_completed_reflection_stays_where_it_is_when_an_earlier_step_is_saved() -> None:
    completed = Progress(5, "completed", NOW)
    assert after_step(completed, TEMPLATE, 1, NOW + timedelta(hours=1)) == completed


def test_a_required_text_must_not_be_blank() -> None:
    outcome = validate_step(step("succeeded"), {"succeeded": " \n\t "}, today=TODAY, lang="da")
    assert outcome.errors == {"succeeded": "Skriv et svar her."}


def test_text_is_cleaned_of_control_characters_and_kept() -> None:
    outcome = validate_step(
        step("succeeded"), {"succeeded": "Godt\x00 arbejde\r\n"}, today=TODAY, lang="en"
    )
    assert outcome.ok
    assert outcome.values == {"succeeded": {"text": "Godt arbejde"}}


def test_over_3000_characters_is_refused_in_english_too() -> None:
    outcome = validate_step(step("hard"), {"hard": "x" * 3001}, today=TODAY, lang="en")
    assert outcome.errors == {"hard": "The answer is too long: 3001 characters, at most 3000."}


def test_choices_must_be_listed_options_and_municipalities_real_ones() -> None:
    outcome = validate_step(
        step("checkin"), {"municipality": "Atlantis", "role": "king"}, today=TODAY, lang="da"
    )
    assert set(outcome.errors) == {"municipality", "role"}
    fine = validate_step(
        step("checkin"),
        {"municipality": "Lyngby-Taarbæk", "role": "leader", "named": True},
        today=TODAY,
        lang="da",
    )
    assert fine.ok and fine.named is True
    assert fine.values["municipality"] == {"option": "Lyngby-Taarbæk"}


def test_every_traffic_light_needs_a_colour() -> None:
    raw = {"lights.legitimacy": "green", "lights.networks": "purple"}
    outcome = validate_step(step("lights"), raw, today=TODAY, lang="da")
    assert len(outcome.errors) == 7
    assert "lights.legitimacy" not in outcome.errors


@pytest.mark.parametrize(
    ("raw", "error_key", "fragment"),
    [
        ({}, "next_steps.1.text", "mindst 1"),
        (
            {"next_steps.1.text": "Gør noget", "next_steps.1.date": "2026-10-16"},
            "next_steps.1.date",
            "fortiden",
        ),
        (
            {"next_steps.2.date": "2026-12-01", "next_steps.1.text": "A"},
            "next_steps.2.text",
            "intet skridt",
        ),
        (
            {"next_steps.1.text": "A", "next_steps.1.date": "2040-01-01"},
            "next_steps.1.date",
            "fem år",
        ),
        (
            {"next_steps.1.text": "A", "next_steps.1.date": "17/10"},
            "next_steps.1.date",
            "kan ikke læses",
        ),
    ],
)
def test_next_steps_are_checked_per_slot(
    raw: dict[str, str], error_key: str, fragment: str
) -> None:
    outcome = validate_step(step("next"), raw, today=TODAY, lang="da")
    assert fragment in outcome.errors[error_key]


def test_next_steps_skip_empty_slots_and_keep_order_and_dates() -> None:
    raw = {
        "next_steps.1.text": "Første",
        "next_steps.3.text": "Tredje",
        "next_steps.3.date": "2026-10-17",
    }
    outcome = validate_step(step("next"), raw, today=TODAY, lang="da")
    assert outcome.ok
    assert [(d.position, d.text, d.target_date) for d in outcome.next_steps or []] == [
        (1, "Første", None),
        (2, "Tredje", date(2026, 10, 17)),
    ]


def test_stored_answers_prefill_the_step_they_came_from() -> None:
    answers: dict[str, dict[str, Any]] = {
        "next_steps": {"items": [{"text": "A", "target_date": "2026-12-01"}]},
        "involved": {"text": "Chefgruppen"},
    }
    assert initial_values(step("next"), answers) == {
        "next_steps.1.text": "A",
        "next_steps.1.date": "2026-12-01",
        "involved": "Chefgruppen",
    }
