import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.joincode import (
    ALPHABET,
    CODE_LENGTH,
    format_code_for_reading,
    is_valid_code,
    new_code,
    normalise_code,
)


def test_it_leaves_look_alike_characters_out_of_the_alphabet() -> None:
    assert not set("0O1IL") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET)


def test_it_makes_six_character_codes_from_the_alphabet() -> None:
    code = new_code()
    assert len(code) == CODE_LENGTH == 6
    assert set(code) <= set(ALPHABET)


def test_it_makes_the_same_code_from_the_same_seed() -> None:
    assert new_code(random.Random(42)) == new_code(random.Random(42))


def test_it_makes_codes_of_another_length() -> None:
    assert len(new_code(random.Random(1), length=8)) == 8


def test_it_refuses_a_code_too_short_to_be_useful() -> None:
    with pytest.raises(ValueError):
        new_code(length=1)


def test_it_rarely_repeats_a_code() -> None:
    codes = {new_code() for _ in range(2000)}
    assert len(codes) >= 1995


def test_it_formats_a_code_in_two_halves_for_reading_aloud() -> None:
    assert format_code_for_reading("ABCDEF") == "ABC-DEF"
    assert format_code_for_reading("ABCDEFG") == "ABCD-EFG"
    assert format_code_for_reading("ABC") == "ABC"


@pytest.mark.parametrize(
    "typed",
    [
        "ABC-DEF",
        "abcdef",
        " abc def ",
        "Abc–Def",  # a phone's autocorrected dash
        "ABC\u00a0DEF",
        "ＡＢＣ－ＤＥＦ",  # full-width, from an East Asian keyboard layout
        "abc_def",
        "a-b-c-d-e-f",
    ],
)
def test_it_forgives_case_spaces_and_dashes(typed: str) -> None:
    assert normalise_code(typed) == "ABCDEF"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "ABCDE",
        "ABCDEFG",
        "ABC0EF",
        "ABCOEF",
        "ABC1EF",
        "ABCIEF",
        "ABCLEF",
        "ABCÆEF",
        "ABC!EF",
    ],
)
def test_it_rejects_text_that_cannot_be_a_code(typed: str) -> None:
    assert normalise_code(typed) is None


def test_it_checks_a_canonical_code() -> None:
    assert is_valid_code("ABC234")
    assert not is_valid_code("abc234")
    assert not is_valid_code("ABC-234")


@given(st.randoms(use_true_random=False), st.integers(min_value=2, max_value=12))
def test_it_reads_back_every_code_it_formats(rng: random.Random, length: int) -> None:
    code = new_code(rng, length=length)
    assert normalise_code(format_code_for_reading(code), length=length) == code
    assert normalise_code(format_code_for_reading(code).lower(), length=length) == code
    assert is_valid_code(code, length=length)


@given(st.text(max_size=20))
def test_it_only_ever_returns_valid_codes(typed: str) -> None:
    code = normalise_code(typed)
    assert code is None or is_valid_code(code)
