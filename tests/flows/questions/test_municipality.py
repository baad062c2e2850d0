"""The person's municipality, one of Denmark's 98."""

from __future__ import annotations

from collections import Counter

from flows.i18n import t
from flows.questions import kind_of
from tests.flows.questions.build import question, submit


def test_it_keeps_a_danish_municipality() -> None:
    assert submit(question("municipality"), {"q": "Aarhus"}).values == {"q": {"option": "Aarhus"}}


def test_it_refuses_a_name_that_is_not_a_municipality() -> None:
    outcome = submit(question("municipality"), {"q": "Atlantis"})
    assert outcome.errors == {"q": t("error.unknown_option", "da")}


def test_it_asks_to_choose_when_none_is_chosen() -> None:
    assert submit(question("municipality"), {}).errors == {"q": t("error.choose", "da")}


def test_it_reads_as_the_name_and_prefills_it() -> None:
    q = question("municipality")
    assert kind_of(q).describe(q, {"option": "Odense"}, "en") == "Odense"
    assert kind_of(q).initial_values(q, {"option": "Odense"}) == {"q": "Odense"}


def test_it_counts_the_most_chosen_first_and_ties_by_name() -> None:
    q = question("municipality")
    counts = Counter(Vejle=2, Aarhus=2, Odense=7)
    assert kind_of(q).option_order(q, counts) == ["Odense", "Aarhus", "Vejle"]
