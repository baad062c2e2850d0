"""Tagging free-text answers with the success factors they talk about, and grouping by them.

Tagging is deliberately simple and explainable: a facilitator who wonders why an answer landed
under "Politisk opbakning" can find the word that put it there (lexicon.yaml). Answers that
match nothing are grouped under OTHER rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    found = set().union(*map(_word_factors, words))
    # Phrases need their words in order: where each phrase word occurs, then only the phrases
    # whose first word occurs are checked, at those positions only.
    where: dict[int, set[int]] = {}
    for position, numbers in enumerate(map(_word_phrase_parts, words)):
        for number in numbers:
            where.setdefault(number, set()).add(position)
    by_first = compiled_lexicon().phrases.by_first
    for first, starts in where.items():
        for parts, factor_id in by_first.get(first, ()):
            if factor_id not in found and _phrase_occurs(parts, starts, where):
                found.add(factor_id)
    return frozenset(found)


def _phrase_occurs(parts: tuple[int, ...], starts: set[int], where: dict[int, set[int]]) -> bool:
    return any(
        all(start + offset in where.get(part, ()) for offset, part in enumerate(parts[1:], 1))
        for start in starts
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
