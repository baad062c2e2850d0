"""A traffic light per success factor."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from flows.factors import FACTORS
from flows.i18n import t
from flows.questions import kind_of
from flows.questions.traffic_lights import LIGHTS, light_label
from tests.flows.questions.build import question, submit

TWO = [FACTORS[0].id, FACTORS[1].id]


def test_it_keeps_a_light_per_factor() -> None:
    outcome = submit(
        question("traffic_lights", factors=TWO), {"q." + TWO[0]: "green", "q." + TWO[1]: "red"}
    )
    assert outcome.values == {"q": {"lights": {TWO[0]: "green", TWO[1]: "red"}}}


def test_it_asks_for_each_factor_without_a_light_when_required() -> None:
    outcome = submit(question("traffic_lights", factors=TWO), {"q." + TWO[0]: "green"})
    assert outcome.errors == {"q." + TWO[1]: t("error.light_missing", "da")}
    assert outcome.values == {"q": {"lights": {TWO[0]: "green"}}}


def test_it_refuses_an_unknown_light_even_when_optional() -> None:
    q = question("traffic_lights", factors=TWO, required=False)
    assert submit(q, {}).errors == {}
    assert submit(q, {"q." + TWO[0]: "blue"}).errors == {
        "q." + TWO[0]: t("error.light_missing", "da")
    }


def test_it_asks_every_factor_when_the_template_names_none() -> None:
    q = question("traffic_lights")
    assert q.factor_ids == tuple(f.id for f in FACTORS)
    assert q.block_count() == len(FACTORS) + 1


def test_it_prefills_each_light_and_reads_them_with_icons() -> None:
    q = question("traffic_lights", factors=TWO)
    answer = {"lights": {TWO[0]: "green", TWO[1]: "red"}}
    assert kind_of(q).initial_values(q, answer) == {"q." + TWO[0]: "green", "q." + TWO[1]: "red"}
    assert kind_of(q).describe(q, answer, "en") == (
        f"🟢 {FACTORS[0].short_en}\n🔴 {FACTORS[1].short_en}"
    )


def test_it_labels_each_light_with_its_icon_and_name() -> None:
    assert [light_label(light, "da") for light in LIGHTS] == [
        "🟢 " + t("light.green", "da"),
        "🟡 " + t("light.yellow", "da"),
        "🔴 " + t("light.red", "da"),
    ]


def test_it_refuses_an_unknown_factor_and_factors_on_other_kinds() -> None:
    with pytest.raises(ValidationError, match="unknown success factor"):
        question("traffic_lights", factors=["luck"])
    with pytest.raises(ValidationError, match="factors are only for traffic_lights questions"):
        question("text", factors=TWO)
