from pathlib import Path

import pytest

from flows.factors import FACTORS, Lexicon, compile_lexicon, load_lexicon


def test_it_has_a_danish_and_an_english_lexicon_for_every_factor() -> None:
    lexicon = load_lexicon()
    assert set(lexicon) == {factor.id for factor in FACTORS}
    for terms in lexicon.values():
        assert terms.da and terms.en


@pytest.mark.parametrize(
    "bad_term",
    ["cross-", "-cutting", "cross--cutting", "Politik", "*ud*valg", "tid!", "=*x", "!=tid"],
)
def test_it_refuses_a_lexicon_term_that_could_never_match(bad_term: str) -> None:
    with pytest.raises(ValueError):
        compile_lexicon({"legitimacy": Lexicon(da=(bad_term,), en=("policy",))})


def test_it_refuses_a_lexicon_for_an_unknown_factor() -> None:
    with pytest.raises(ValueError, match="unknown"):
        compile_lexicon({"vibes": Lexicon(da=("stemning",), en=("mood",))})


def test_it_compiles_the_built_in_lexicon() -> None:
    compiled = compile_lexicon(load_lexicon())
    assert compiled.globs and compiled.phrases.patterns


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("legitimacy: [a, b]\n", "da and en"),
        ("legitimacy:\n  da: [legitim*]\n", "da and en"),
        ("legitimacy:\n  da: legitim*\n  en: [policy]\n", "lists of terms"),
        ("- legitimacy\n", "mapping"),
        ("legitimacy: {da: [x\n", "cannot read"),
    ],
)
def test_it_names_the_file_and_the_problem_in_a_broken_lexicon(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=problem) as raised:
        load_lexicon(path)
    assert str(path) in str(raised.value)


def test_it_reads_a_lexicon_file_into_terms_per_factor(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text('networks:\n  da: ["*netværk*"]\n  en: [network*]\n', encoding="utf-8")
    assert load_lexicon(path) == {"networks": Lexicon(da=("*netværk*",), en=("network*",))}


@pytest.mark.parametrize("term", ["", "!", "   "])
def test_it_refuses_an_empty_lexicon_term(term: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        compile_lexicon({"legitimacy": Lexicon(da=(term,), en=("policy",))})


@pytest.mark.parametrize("term", ["med-*", "*-med", "*-med-*", "=med-udvalget", "hoved-med"])
def test_it_accepts_hyphenated_compounds_and_their_starred_pieces(term: str) -> None:
    compile_lexicon({"employee_involvement": Lexicon(da=(term,), en=("staff",))})


def test_it_files_an_exclamation_marked_phrase_as_an_idiom() -> None:
    compiled = compile_lexicon(
        {"existing_resources": Lexicon(da=("=tid", "!=hele =tiden"), en=("money",))}
    )
    phrases = [phrase for group in compiled.phrases.by_first.values() for phrase in group]
    assert [(phrase.factor_id, phrase.idiom, len(phrase.parts)) for phrase in phrases] == [
        ("existing_resources", True, 2)
    ]
