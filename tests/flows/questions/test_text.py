"""A free-text question: validation, prefill and how it reads."""

from __future__ import annotations

import pytest

from flows.i18n import t
from flows.questions import kind_of
from tests.flows.questions.build import question, submit


def test_it_keeps_the_text_without_control_characters_and_spaces_around() -> None:
    outcome = submit(question("text"), {"q": "  Godt\x07 samarbejde  "})
    assert outcome.ok
    assert outcome.values == {"q": {"text": "Godt samarbejde"}}


def test_it_asks_for_an_answer_when_a_required_text_is_empty() -> None:
    assert submit(question("text"), {"q": "   "}).errors == {"q": t("error.required", "da")}


def test_it_stores_nothing_when_an_optional_text_is_empty() -> None:
    outcome = submit(question("text", required=False), {})
    assert outcome.ok
    assert outcome.values == {}


def test_it_says_how_long_a_text_is_when_it_is_too_long() -> None:
    outcome = submit(question("text", max_length=5), {"q": "for lang"}, lang="en")
    assert outcome.errors == {"q": t("error.too_long", "en", length=8, limit=5)}


def test_it_prefills_the_stored_text_and_reads_it_back_as_it_is() -> None:
    q = question("text")
    assert kind_of(q).initial_values(q, {"text": "Hej"}) == {"q": "Hej"}
    assert kind_of(q).initial_values(q, {}) == {}
    assert kind_of(q).describe(q, {"text": "Hej"}, "da") == "Hej"


def test_it_is_the_only_kind_that_may_be_a_barrier_question() -> None:
    assert question("text", barrier=True).barrier
    with pytest.raises(ValueError, match="only text questions can be marked as barrier"):
        question("consent", barrier=True)
