"""Whether the person may be named beside their answers."""

from __future__ import annotations

from flows.i18n import t
from flows.questions import kind_of
from tests.flows.questions.build import question, submit


def test_it_names_the_person_only_when_the_box_is_ticked() -> None:
    ticked = submit(question("consent"), {"q": True})
    assert ticked.named is True
    assert ticked.values == {"q": {"named": True}}
    unticked = submit(question("consent"), {"q": "true"})
    assert unticked.named is False
    assert unticked.values == {"q": {"named": False}}


def test_it_prefills_the_box_and_reads_the_choice_in_words() -> None:
    q = question("consent")
    assert kind_of(q).initial_values(q, {"named": True}) == {"q": True}
    assert kind_of(q).initial_values(q, {"named": False}) == {"q": False}
    assert kind_of(q).describe(q, {"named": True}, "da") == t("named.yes", "da")
    assert kind_of(q).describe(q, {"named": False}, "en") == t("named.no", "en")
