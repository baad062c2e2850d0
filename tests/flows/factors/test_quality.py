"""A quality guard: the tagger keeps sorting the labelled answers as well as issue 13 asks.

The figures come from bench/lexicon.py (`python -m bench.lexicon` prints them). Failing here
means a lexicon or tagger change made the grouping worse for real answers: look at the tuning
part's misses with `python -m bench.lexicon --misses`, never at the held-out part.
"""

import pytest

from bench.lexicon import (
    TARGET_NO_FACTOR_TAGGED,
    TARGET_PRECISION,
    TARGET_RECALL,
    load_answers,
    score,
)


@pytest.mark.parametrize("part", ["whole set", "heldout"])
def test_it_meets_the_precision_recall_and_no_factor_targets_on_the_evaluation_set(
    part: str,
) -> None:
    answers = [a for a in load_answers() if part == "whole set" or a.split == part]
    scores = score(answers)
    micro = scores.micro
    assert micro.precision is not None and micro.precision >= TARGET_PRECISION
    assert micro.recall is not None and micro.recall >= TARGET_RECALL
    assert scores.no_factor_tagged_rate is not None
    assert scores.no_factor_tagged_rate <= TARGET_NO_FACTOR_TAGGED


def test_the_evaluation_set_is_big_and_varied_enough_to_mean_something() -> None:
    answers = load_answers()
    assert len(answers) >= 200
    assert {a.lang for a in answers} == {"da", "en"}
    assert sum(not a.factors for a in answers) >= 40
    assert sum(a.split == "heldout" for a in answers) >= len(answers) // 4
