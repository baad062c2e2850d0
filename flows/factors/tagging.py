"""Tagging free-text answers with the success factors they talk about, and grouping by them.

Tagging is deliberately simple and explainable: a facilitator who wonders why an answer landed
under "Politisk opbakning" is shown the word that put it there (`place_factors`), and
lexicon.yaml says which words do. Answers that match nothing are grouped under OTHER ("Ikke
grupperet") rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Final, NamedTuple, TypeVar

from flows.factors.catalogue import FACTORS, OTHER
from flows.factors.lexicon import Token, compiled_lexicon
from flows.factors.spelling import meant
from flows.factors.stemming import stem_da, stem_en, written_words

T = TypeVar("T")

_EMPTY: Final[frozenset[str]] = frozenset()


class _Word(NamedTuple):
    factors: frozenset[str]
    # The numbers of the phrase word patterns the word matches (usually none).
    phrase_parts: frozenset[int]


_NOTHING: Final = _Word(_EMPTY, frozenset())


def _direct(word: str) -> _Word:
    token = Token(word, stem_da(word), stem_en(word))
    return _Word(_word_factors(token), compiled_lexicon().phrases.parts_of(token))


@lru_cache(maxsize=32768)
def _word(word: str) -> _Word:
    # Answers in one workshop share most of their vocabulary, so per-word results are worth
    # keeping.
    found = _direct(word)
    if found.factors or found.phrase_parts:
        return found
    # A long word that matches nothing may be a typo of one that does (flows.factors.spelling).
    corrected = meant(word)
    return _direct(corrected) if corrected is not None else found


def matches_directly(word: str) -> bool:
    """Whether a (normalised) word matches a lexicon term as it is, without typo tolerance."""
    found = _direct(word)
    return bool(found.factors or found.phrase_parts)


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
        return frozenset().union(*(_direct(part).factors for part in token.text.split("-")))
    return frozenset(hits)


def tag_factors(text: str) -> frozenset[str]:
    """The ids of the success factors a text talks about; empty when none."""
    return frozenset(place_factors(text))


def place_factors(text: str) -> dict[str, str]:
    """Each success factor the text talks about, with the word that placed it there, as the
    text writes it ("Handleplanen", "MED", "på tværs"); in the order the words come.

    The word is what a facilitator is shown beside a quote, so they can see why it was grouped
    where it is (and move it if the word was read in the wrong sense).
    """
    written = written_words(text)
    words = [_word(word.casefold()) for word in written]
    # (position, factor id, the word(s) as written) for every place a factor is found.
    hits: list[tuple[int, str, str]] = [
        (position, factor_id, written[position])
        for position, word in enumerate(words)
        for factor_id in word.factors
    ]
    cased = compiled_lexicon().cased
    if cased:
        hits += [
            (position, factor_id, word)
            for position, word in enumerate(written)
            for factor_id in cased.get(word, _EMPTY)
        ]
    present: set[int] = set().union(*(word.phrase_parts for word in words))
    if present:
        hits = _with_phrases(hits, written, words, present)
    placed: dict[str, tuple[int, str]] = {}
    for position, factor_id, shown in hits:
        if factor_id not in placed or position < placed[factor_id][0]:
            placed[factor_id] = (position, shown)
    return {
        factor_id: shown for factor_id, (_, shown) in sorted(placed.items(), key=lambda kv: kv[1])
    }


def _with_phrases(
    hits: list[tuple[int, str, str]], written: list[str], words: list[_Word], present: set[int]
) -> list[tuple[int, str, str]]:
    """The hits once the phrases are placed: a phrase adds its factor where its words stand
    next to each other (or anywhere, for words joined by +), and an idiom takes its words away
    from its factor."""
    by_first = compiled_lexicon().phrases.by_first
    found = {factor_id for _, factor_id, _ in hits}
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
        return hits
    where: dict[int, list[int]] = {}
    for position, word in enumerate(words):
        for number in word.phrase_parts:
            where.setdefault(number, []).append(position)
    spans: list[tuple[range, str, str]] = []
    # The positions where an idiom takes a word away from a factor, per factor.
    idioms: dict[str, set[int]] = {}
    for phrase in candidates:
        if phrase.anywhere:
            first = where[phrase.parts[0]][0]
            others = [where[part][0] for part in phrase.parts[1:]]
            shown = " … ".join(written[p] for p in sorted([first, *others]))
            spans.append((range(first, first + 1), phrase.factor_id, shown))
            continue
        for start in where[phrase.parts[0]]:
            ahead = enumerate(phrase.parts[1:], 1)
            if all(start + i in where[part] for i, part in ahead):
                span = range(start, start + len(phrase.parts))
                if phrase.idiom:
                    idioms.setdefault(phrase.factor_id, set()).update(span)
                else:
                    spans.append((span, phrase.factor_id, " ".join(written[p] for p in span)))
    # A word or phrase still counts for a factor unless an idiom for that factor covers it.
    kept = [hit for hit in hits if hit[0] not in idioms.get(hit[1], ())]
    kept += [
        (span.start, factor_id, shown)
        for span, factor_id, shown in spans
        if not idioms.get(factor_id, set()).issuperset(span)
    ]
    return kept


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
