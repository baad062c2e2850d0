"""Tagging free-text answers with the success factors they talk about, and grouping by them.

Tagging is deliberately simple and explainable: a facilitator who wonders why an answer landed
under "Politisk opbakning" can find the word that put it there (lexicon.yaml). Answers that
match nothing are grouped under OTHER rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Final, TypeVar

from flows.factors.catalogue import FACTORS, OTHER
from flows.factors.lexicon import Token, compiled_lexicon
from flows.factors.stemming import stem_da, stem_en, tokenise

T = TypeVar("T")

_EMPTY: Final[frozenset[str]] = frozenset()


@lru_cache(maxsize=32768)
def _word_factors(word: str) -> frozenset[str]:
    # Answers in one workshop share most of their vocabulary, so per-word results are worth
    # keeping.
    lexicon = compiled_lexicon()
    hits = set(lexicon.stem_da.get(stem_da(word), _EMPTY))
    hits |= lexicon.stem_en.get(stem_en(word), _EMPTY)
    hits |= lexicon.exact.get(word, _EMPTY)
    hits.update(factor_id for factor_id, regex in lexicon.globs if regex.search(word))
    for factor_id in list(hits):
        exclusion = lexicon.exclusions.get(factor_id)
        if exclusion is not None and exclusion.search(word):
            hits.discard(factor_id)
    if not hits and "-" in word:
        # A hyphenated compound the lexicon does not know as a whole ("top-management") still
        # says what its parts say.
        return frozenset().union(*map(_word_factors, word.split("-")))
    return frozenset(hits)


@lru_cache(maxsize=32768)
def _word_phrase_parts(word: str) -> frozenset[int]:
    """The numbers of the phrase word patterns this word matches (usually none)."""
    token = Token(word, stem_da(word), stem_en(word))
    patterns = compiled_lexicon().phrases.patterns
    return frozenset(n for n, pattern in enumerate(patterns) if pattern.matches(token))


def tag_factors(text: str) -> frozenset[str]:
    """The ids of the success factors a text talks about; empty when none."""
    words = tokenise(text)
    per_word = list(map(_word_factors, words))
    found: set[str] = set().union(*per_word)
    # Phrases need their words in order: where each phrase word occurs, then only the phrases
    # whose first word occurs are checked, at those positions only.
    where: dict[int, set[int]] = {}
    for position, numbers in enumerate(map(_word_phrase_parts, words)):
        for number in numbers:
            where.setdefault(number, set()).add(position)
    if not where:
        return frozenset(found)
    spans: list[tuple[range, str]] = []
    # The positions where an idiom takes a word away from a factor, per factor.
    idioms: dict[str, set[int]] = {}
    for first, starts in where.items():
        for phrase in compiled_lexicon().phrases.by_first.get(first, ()):
            for start in _phrase_starts(phrase.parts, starts, where):
                span = range(start, start + len(phrase.parts))
                if phrase.idiom:
                    idioms.setdefault(phrase.factor_id, set()).update(span)
                else:
                    spans.append((span, phrase.factor_id))
    if not idioms:
        return frozenset(found.union(factor_id for _, factor_id in spans))
    # A word or phrase still counts for a factor unless an idiom for that factor covers it.
    found = {
        factor_id
        for position, factor_ids in enumerate(per_word)
        for factor_id in factor_ids
        if position not in idioms.get(factor_id, ())
    }
    found.update(
        factor_id for span, factor_id in spans if not idioms.get(factor_id, set()).issuperset(span)
    )
    return frozenset(found)


def _phrase_starts(
    parts: tuple[int, ...], starts: set[int], where: dict[int, set[int]]
) -> Iterator[int]:
    return (
        start
        for start in starts
        if all(start + offset in where.get(part, ()) for offset, part in enumerate(parts[1:], 1))
    )


def group_by_factor(
    items: Iterable[T],
    text_of: Callable[[T], str],
    tag: Callable[[str], frozenset[str]] = tag_factors,
) -> dict[str, list[T]]:
    """Items grouped by the factors their text mentions, in FACTORS order, then OTHER.

    An item that mentions several factors appears under each of them; items keep their input
    order inside a group; only groups with items are present. `tag` may be a memoised
    `tag_factors` when the caller tags the same texts again.
    """
    buckets: dict[str, list[T]] = {factor.id: [] for factor in FACTORS}
    buckets[OTHER] = []
    for item in items:
        tags = tag(text_of(item))
        for factor_id in tags or (OTHER,):
            buckets[factor_id].append(item)
    return {key: grouped for key, grouped in buckets.items() if grouped}
