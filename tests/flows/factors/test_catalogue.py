import pytest

from flows.factors import FACTORS, OTHER, factor_by_id

EXPECTED_IDS = (
    "legitimacy",
    "cross_organisation",
    "political_backing",
    "leadership_backing",
    "coordinators",
    "employee_involvement",
    "networks",
    "existing_resources",
)

# --- the factors themselves --------------------------------------------------------------------


def test_it_lists_the_eight_factors_of_the_seed_in_order() -> None:
    assert tuple(factor.id for factor in FACTORS) == EXPECTED_IDS
    assert [factor.number for factor in FACTORS] == list(range(1, 9))


def test_it_uses_the_seeds_own_wording_for_the_danish_labels() -> None:
    assert factor_by_id("legitimacy").label_da == (
        "Forebyggelsespakkerne har givet legitimitet til de tværgående forebyggelsesopgaver"
    )
    assert factor_by_id("political_backing").label_da == (
        "Politisk opbakning er en forudsætning for, at alle forvaltninger leverer"
    )
    assert factor_by_id("existing_resources").label_da == (
        "Implementering handler i høj grad om at bruge eksisterende ressourcer bedst muligt"
    )


@pytest.mark.parametrize("factor", FACTORS, ids=lambda factor: factor.id)
def test_it_keeps_short_labels_short_enough_for_charts_and_selects(factor: object) -> None:
    assert factor.short_da and factor.short_en  # type: ignore[attr-defined]
    assert len(factor.short_da) <= 40  # type: ignore[attr-defined]
    assert len(factor.short_en) <= 40  # type: ignore[attr-defined]


@pytest.mark.parametrize("factor", FACTORS, ids=lambda factor: factor.id)
def test_it_keeps_full_labels_within_a_slack_header(factor: object) -> None:
    assert 0 < len(factor.label_da) <= 150  # type: ignore[attr-defined]
    assert 0 < len(factor.label_en) <= 150  # type: ignore[attr-defined]


def test_it_picks_the_label_language_from_a_slack_locale() -> None:
    factor = factor_by_id("networks")
    assert factor.label("da") == factor.label_da
    assert factor.label("en-GB") == factor.label_en
    assert factor.short("en") == "Networks between municipalities"
    assert factor.short("da-DK") == "Relationer og netværk mellem kommuner"


def test_it_raises_for_an_unknown_factor_id() -> None:
    with pytest.raises(KeyError):
        factor_by_id(OTHER)
