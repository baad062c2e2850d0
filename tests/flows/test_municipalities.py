from collections import Counter

import pytest

from flows.municipalities import (
    MUNICIPALITIES,
    REGION_OF,
    REGIONS,
    canonical_municipality,
    danish_sort_key,
    is_municipality,
    municipality_option_groups,
)


def test_it_lists_exactly_98_different_municipalities() -> None:
    assert len(MUNICIPALITIES) == 98
    assert len(set(MUNICIPALITIES)) == 98
    assert set(MUNICIPALITIES) == set(REGION_OF)


def test_it_puts_each_municipality_in_the_right_number_per_region() -> None:
    assert Counter(REGION_OF.values()) == {
        "Hovedstaden": 29,
        "Sjælland": 17,
        "Syddanmark": 22,
        "Midtjylland": 19,
        "Nordjylland": 11,
    }


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("København", "Hovedstaden"),
        ("Bornholm", "Hovedstaden"),
        ("Høje-Taastrup", "Hovedstaden"),
        ("Lyngby-Taarbæk", "Hovedstaden"),
        ("Roskilde", "Sjælland"),
        ("Aabenraa", "Syddanmark"),
        ("Ærø", "Syddanmark"),
        ("Faaborg-Midtfyn", "Syddanmark"),
        ("Aarhus", "Midtjylland"),
        ("Ringkøbing-Skjern", "Midtjylland"),
        ("Aalborg", "Nordjylland"),
        ("Vesthimmerlands", "Nordjylland"),
        ("Brønderslev", "Nordjylland"),
    ],
)
def test_it_knows_which_region_a_municipality_belongs_to(name: str, region: str) -> None:
    assert REGION_OF[name] == region


def test_it_does_not_count_christiansoe_as_a_municipality() -> None:
    assert "Christiansø" not in MUNICIPALITIES
    assert not is_municipality("Christiansø")


def test_it_sorts_municipalities_in_danish_alphabetical_order() -> None:
    assert MUNICIPALITIES[0] == "Albertslund"
    assert MUNICIPALITIES[-4:] == ("Ærø", "Aabenraa", "Aalborg", "Aarhus")
    assert list(MUNICIPALITIES) == sorted(MUNICIPALITIES, key=danish_sort_key)


def test_it_sorts_aa_as_the_letter_aa_after_ae_and_oe() -> None:
    names = ["Aarhus", "Ærø", "Assens", "Øster", "Zealand"]
    assert sorted(names, key=danish_sort_key) == ["Assens", "Zealand", "Ærø", "Øster", "Aarhus"]


def test_it_sorts_oe_before_aa_inside_a_word() -> None:
    assert sorted(["Tårnby", "Tønder", "Thisted"], key=danish_sort_key) == [
        "Thisted",
        "Tønder",
        "Tårnby",
    ]


def test_it_sorts_faaborg_as_faborg_with_a_ring() -> None:
    assert MUNICIPALITIES.index("Furesø") < MUNICIPALITIES.index("Faaborg-Midtfyn")


def test_it_ignores_case_and_accents_when_sorting() -> None:
    assert sorted(["ballerup", "Allerød", "Égedal"], key=danish_sort_key) == [
        "Allerød",
        "ballerup",
        "Égedal",
    ]


def test_it_groups_options_by_region_within_slacks_limits() -> None:
    groups = municipality_option_groups()
    assert [region for region, _ in groups] == list(REGIONS)
    assert sum(len(names) for _, names in groups) == 98
    assert len(groups) <= 100
    for region, names in groups:
        assert len(names) <= 100
        assert len(region) <= 75
        assert all(len(name) <= 75 for name in names)
        assert names == sorted(names, key=danish_sort_key)
        assert all(REGION_OF[name] == region for name in names)


def test_it_hands_out_a_fresh_list_each_time() -> None:
    municipality_option_groups()[0][1].clear()
    assert len(municipality_option_groups()[0][1]) == 29


@pytest.mark.parametrize(
    "typed", ["Aarhus", "aarhus", "AARHUS", " Aarhus ", "Aarhus Kommune", "Århus", "århus kommune"]
)
def test_it_recognises_a_municipality_however_it_is_written(typed: str) -> None:
    assert is_municipality(typed)
    assert canonical_municipality(typed) == "Aarhus"


@pytest.mark.parametrize(
    ("typed", "official"),
    [
        ("Københavns Kommune", "København"),
        ("Bornholms Regionskommune", "Bornholm"),
        ("lyngby-taarbæk", "Lyngby-Taarbæk"),
        ("Høje-Tåstrup", "Høje-Taastrup"),
        ("Nordfyn", "Nordfyns"),
    ],
)
def test_it_finds_the_official_name_for_common_spellings(typed: str, official: str) -> None:
    assert canonical_municipality(typed) == official


@pytest.mark.parametrize("typed", ["", "Kommune", "Region Hovedstaden", "Malmö", "Aarhus C"])
def test_it_rejects_names_that_are_not_municipalities(typed: str) -> None:
    assert not is_municipality(typed)
    assert canonical_municipality(typed) is None
