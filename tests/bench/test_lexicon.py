from pathlib import Path

import pytest

from bench.lexicon import BLIND, LabelledAnswer, load_answers, misses, score, section


def answer(text: str, factors: set[str], split: str = "tune") -> LabelledAnswer:
    return LabelledAnswer(
        id=text, lang="da", split=split, group="", text=text, factors=frozenset(factors)
    )


TAGS = {
    "a": frozenset({"networks"}),
    "b": frozenset({"networks", "legitimacy"}),
    "c": frozenset(),
    "d": frozenset({"coordinators"}),
}


def tag(text: str) -> frozenset[str]:
    return TAGS[text]


def test_it_counts_true_and_false_positives_and_misses_per_factor() -> None:
    answers = [
        answer("a", {"networks"}),
        answer("b", {"networks"}),
        answer("c", {"legitimacy"}),
        answer("d", set()),
    ]
    scores = score(answers, tag)
    networks, legitimacy = scores.per_factor["networks"], scores.per_factor["legitimacy"]
    assert (networks.true_positives, networks.false_positives) == (2, 0)
    assert (legitimacy.true_positives, legitimacy.false_positives) == (0, 1)
    assert legitimacy.false_negatives == 1
    assert scores.micro.precision == pytest.approx(2 / 4)
    assert scores.micro.recall == pytest.approx(2 / 3)
    assert scores.micro.f1 == pytest.approx(2 * (1 / 2) * (2 / 3) / (1 / 2 + 2 / 3))
    assert (scores.no_factor, scores.no_factor_tagged) == (1, 1)
    assert not scores.meets_targets()


def test_it_leaves_precision_undefined_for_a_factor_never_tagged() -> None:
    scores = score([answer("c", {"legitimacy"})], tag)
    assert scores.per_factor["networks"].precision is None
    assert scores.per_factor["legitimacy"].recall == 0.0


def test_it_reports_the_tuning_held_out_and_blind_sets_with_the_targets_on_each() -> None:
    answers = [answer("a", {"networks"}), answer("c", set(), split="heldout")]
    blind = [answer("b", {"networks"}, split="blind"), answer("d", set(), split="blind")]
    text = section(answers, blind, tag)
    assert "| Networks between municipalities | 1.00 | – | 1.00 | 1.00 | 1.00 |" in text
    assert "| Held out | 1 |" in text
    assert "| Blind set | 2 | 0.33 | 1.00 | 0.50 | 1 of 1 (100.0%) |" in text
    assert "| micro precision ≥ 0.90 | met | **missed** | **missed** |" in text
    assert "| answers about no factor wrongly tagged ≤ 5% | met | met | **missed** |" in text


def test_it_reads_the_blind_set_as_one_part_without_splits(tmp_path: Path) -> None:
    path = tmp_path / "blind.yaml"
    path.write_text(
        "answers:\n  - {id: b1, lang: da, text: t, factors: [networks]}\n"
        "  - {id: b2, lang: en, text: u, factors: []}\n",
        encoding="utf-8",
    )
    answers = load_answers(path, blind=True)
    assert [(a.id, a.split, a.factors) for a in answers] == [
        ("b1", "blind", frozenset({"networks"})),
        ("b2", "blind", frozenset()),
    ]


def test_it_never_shows_the_misses_of_the_blind_set() -> None:
    blind = [answer("b", {"networks"}, split="blind")]
    assert misses(blind, tag) == ""


def test_the_blind_set_holds_at_least_150_answers_in_both_languages() -> None:
    answers = load_answers(BLIND)
    assert len(answers) >= 150
    assert {a.lang for a in answers} == {"da", "en"}


def test_it_shows_misses_of_the_tuning_part_only() -> None:
    answers = [answer("b", {"networks"}), answer("d", set(), split="heldout")]
    assert misses(answers, tag) == "b  +legitimacy  -–  b"


def test_it_refuses_an_answer_with_an_unknown_factor(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        "answers:\n  - {id: x1, lang: da, split: tune, group: g, text: t, factors: [vibes]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="x1"):
        load_answers(path)
