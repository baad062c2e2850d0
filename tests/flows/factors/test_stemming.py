import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from flows.factors import stem_da, stem_en, tag_factors, tokenise

SNOWBALL_DANISH = {
    "politikerne": "politik",
    "politiker": "politik",
    "medarbejdernes": "medarbejd",
    "medarbejder": "medarbejd",
    "netværkene": "netværk",
    "ressourcerne": "ressourc",
    "ressourcer": "ressourc",
    "sundhedsudvalget": "sundhedsudvalg",
    "udvalgte": "udvalg",
    "tidlig": "tid",
    "ledelsen": "led",
    "inddragelse": "inddrag",
    "inddrage": "inddrag",
    "koordineret": "koordin",
    "kompetencerne": "kompetenc",
    "adskillige": "adskil",
    "vigtigst": "vigt",
    "kraftigst": "kraft",
    "løst": "løst",
    "forløst": "forløs",
    "herlighed": "her",
    "kærlighedens": "kær",
    "bundt": "bund",
    "konkret": "konkr",
    "uddannelsen": "uddan",
    "kommunalbestyrelsen": "kommunalbestyr",
    "styregrupperne": "styregrup",
    "koordinatorerne": "koordinator",
    "heldigvis": "heldigvis",
    "lykkedes": "lykked",
    "havde": "havd",
    "jazz": "jazz",
    "tid": "tid",
    "ø": "ø",
}


@pytest.mark.parametrize(("word", "stem"), SNOWBALL_DANISH.items())
def test_it_stems_danish_like_the_snowball_reference(word: str, stem: str) -> None:
    assert stem_da(word) == stem


def test_it_stems_whatever_case_the_word_is_written_in() -> None:
    assert stem_da("POLITIKERNE") == "politik"


@pytest.mark.parametrize(
    ("forms", "stem"),
    [
        (("policy", "policies"), "polici"),
        (("resource", "resources"), "resourc"),
        (("committee", "committees"), "committe"),
        (("involve", "involved", "involving", "involves"), "involv"),
        (("fund", "funds", "funded", "funding"), "fund"),
        (("plan", "planning", "planned"), "plan"),
    ],
)
def test_it_joins_english_word_forms_to_one_stem(forms: tuple[str, ...], stem: str) -> None:
    assert {stem_en(form) for form in forms} == {stem}


def test_it_tokenises_on_anything_but_letters_and_keeps_danish_letters() -> None:
    text = "Ærø's sundhedsudvalg (2026): på tværs—af  FORVALTNINGERNE/ledelse"
    assert tokenise(text) == [
        "ærø",
        "s",
        "sundhedsudvalg",
        "på",
        "tværs",
        "af",
        "forvaltningerne",
        "ledelse",
    ]


def test_it_folds_compatibility_characters_before_matching() -> None:
    # Full-width letters and a "ﬁ" ligature, as pasted from some PDFs.
    assert tokenise("ＮＥＴＶÆＲＫ ﬁnansiering") == ["netværk", "finansiering"]
    assert tag_factors("ﬁnansiering") == {"existing_resources"}


def test_it_keeps_a_hyphenated_compound_one_word() -> None:
    assert tokenise("MED-udvalget og Hoved-MED, SOSU-hjælperne") == [
        "med-udvalget",
        "og",
        "hoved-med",
        "sosu-hjælperne",
    ]


def test_it_drops_a_hyphen_that_joins_nothing() -> None:
    # "Sundheds- og omsorgsudvalget" shares the tail of two compounds; dashes separate words.
    assert tokenise("sundheds- og omsorgsudvalget -- nu – og -senere") == [
        "sundheds",
        "og",
        "omsorgsudvalget",
        "nu",
        "og",
        "senere",
    ]


def test_it_stems_the_same_in_many_threads_at_once() -> None:
    # A Snowball stemmer object holds the word it works on; threads must not share one.
    words = list(SNOWBALL_DANISH) * 50
    unstemmed = stem_da.__wrapped__

    def stem_all() -> list[str]:
        return [unstemmed(word) for word in words]

    # Switching threads every microsecond makes a shared stemmer fail (wrong stems or an
    # IndexError) in practically every run.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda _: stem_all(), range(8)))
    finally:
        sys.setswitchinterval(interval)
    assert all(result == [SNOWBALL_DANISH[word] for word in words] for result in results)
