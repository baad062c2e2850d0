"""A choice among the template's own options."""

from __future__ import annotations

from collections import Counter

import pytest
from pydantic import ValidationError

from flows.i18n import t
from flows.questions import kind_of
from flows.templates.schema import Question
from tests.flows.questions.build import question, submit

OPTIONS = [
    {"id": "often", "label": {"da": "Ofte", "en": "Often"}},
    {"id": "rarely", "label": {"da": "Sjældent", "en": "Rarely"}},
]


def choice(**fields: object) -> Question:
    return question("choice", options=OPTIONS, **fields)


def test_it_keeps_an_option_of_the_list() -> None:
    assert submit(choice(), {"q": "rarely"}).values == {"q": {"option": "rarely"}}


def test_it_asks_to_choose_when_a_required_choice_is_empty() -> None:
    assert submit(choice(), {}).errors == {"q": t("error.choose", "da")}
    assert submit(choice(required=False), {}).errors == {}


def test_it_refuses_an_option_that_is_not_on_the_list() -> None:
    assert submit(choice(), {"q": "never"}).errors == {"q": t("error.unknown_option", "da")}


def test_it_reads_the_option_label_in_the_persons_language() -> None:
    q = choice()
    assert kind_of(q).describe(q, {"option": "often"}, "en") == "Often"
    assert kind_of(q).describe(q, {"option": "gone"}, "en") == "gone"
    assert kind_of(q).initial_values(q, {"option": "often"}) == {"q": "often"}


def test_it_counts_options_in_the_templates_order() -> None:
    q = choice()
    assert kind_of(q).option_order(q, Counter(rarely=5, often=1)) == ["often", "rarely"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (OPTIONS[:1], "between 2 and 100 options"),
        ([OPTIONS[0], OPTIONS[0]], "option ids must be unique"),
    ],
)
def test_it_refuses_a_choice_without_two_distinct_options(
    options: list[dict[str, object]], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        question("choice", options=options)


def test_it_refuses_options_on_a_question_of_another_kind() -> None:
    with pytest.raises(ValidationError, match="options are only for choice questions, not text"):
        question("text", options=OPTIONS)
