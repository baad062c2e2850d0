"""Tagging free-text answers with the success factors they talk about, and grouping by them.

Tagging is deliberately simple and explainable: a facilitator who wonders why an answer landed
under "Politisk opbakning" can find the word that put it there (lexicon.yaml). Answers that
match nothing are grouped under OTHER rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Final, NamedTuple, TypeVar

from flows.factors.catalogue import FACTORS, OTHER
from flows.factors.lexicon import Token, compiled_lexicon
from flows.factors.stemming import stem_da, stem_en, tokenise

T = TypeVar("T")

_EMPTY: Final[frozenset[str]] = frozenset()


class _Word(NamedTuple):
    factors: frozenset[str]
    # The numbers of the phrase word patterns the word matches (usually none).
    phrase_parts: frozenset[int]


@lru_cache(maxsize=32768)
def _word(word: str) -> _Word:
    # Answers in one workshop share most of their vocabulary, so per-word results are worth
    # keeping.
    token = Token(word, stem_da(word), stem_en(word))
    return _Word(_word_factors(token), compiled_lexicon().phrases.parts_of(token))


def _word_factors(token: Token) -> frozenset[str]:
    lexicon = compiled_lexicon()
    hits = set(lexicon.stem_da.get(token.stem_da, _EMPTY))
    hits |= lexicon.stem_en.get(token.stem_en, _EMPTY)
    hits |= lexicon.exact.get(token.text, _EMPTY)
    hits.update(factor_id for factor_id, regex in lexicon.globs if regex.search(token.text))
    for factor_id in list(hits):
        exclusion = lexicon.exclusions.get(factor_id)
        if exclusion is not None and exclusion.search(token.text):
            hits.discard(factor_id)
    if not hits and "-" in token.text:
        # A hyphenated compound the lexicon does not know as a whole ("top-management") still
        # says what its parts say.
        return frozenset().union(*(_word(part).factors for part in token.text.split("-")))
    return frozenset(hits)


def tag_factors(text: str) -> frozenset[str]:
    """The ids of the success factors a text talks about; empty when none."""
    words = list(map(_word, tokenise(text)))
    found: set[str] = set().union(*(word.factors for word in words))
    present: set[int] = set().union(*(word.phrase_parts for word in words))
    if not present:
        return frozenset(found)
    by_first = compiled_lexicon().phrases.by_first
    # Only phrases whose every word occurs somewhere are worth placing; without an idiom to take
    # words away, neither is a phrase for a factor already found.
    candidates = [
        phrase
        for number in present
        for phrase in by_first.get(number, ())
        if phrase.needs <= present
    ]
    if not any(phrase.idiom for phrase in candidates):
        candidates = [phrase for phrase in candidates if phrase.factor_id not in found]
    if not candidates:
        return frozenset(found)
    where: dict[int, set[int]] = {}
    for position, word in enumerate(words):
        for number in word.phrase_parts:
            where.setdefault(number, set()).add(position)
    spans: list[tuple[range, str]] = []
    # The positions where an idiom takes a word away from a factor, per factor.
    idioms: dict[str, set[int]] = {}
    for phrase in candidates:
        for start in where[phrase.parts[0]]:
            if all(start + i in where[part] for i, part in enumerate(phrase.parts[1:], 1)):
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
        for position, word in enumerate(words)
        for factor_id in word.factors
        if position not in idioms.get(factor_id, ())
    }
    found.update(
        factor_id for span, factor_id in spans if not idioms.get(factor_id, set()).issuperset(span)
    )
    return frozenset(found)


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
