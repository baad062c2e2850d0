"""Typos typed on a phone: a long word that matches nothing in the lexicon is read as the
lexicon word it is one edit away from ("koordinatoer" → "koordinator", "polittisk" →
"politisk").

rapidfuzz computes the edit distance (Damerau–Levenshtein, so two swapped letters are one
edit); it is a maintained C implementation, fast enough to compare a word with every lexicon
word. Only words of at least MIN_LENGTH letters are tried: among short words one edit turns
one real word into another. Real Danish words one edit away from a lexicon word are never
corrected ("udvalgte", chosen, is one swap from "udvalget", the committee): real_words.txt
lists them (and the English ones), made from Debian's word lists (packages wdanish, the DSDO
dictionary, and wbritish) by

    python -m flows.factors.spelling /usr/share/dict/danish /usr/share/dict/british-english

which is run again whenever the lexicon's words change (apt-get install wdanish wbritish).
The list is shipped rather than read from /usr/share/dict, so tagging gives the same result on
every machine, with or without the dictionary installed.
"""

from __future__ import annotations

import sys
from functools import cache, lru_cache
from pathlib import Path
from typing import Final

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from flows.factors.lexicon import compiled_lexicon

MIN_LENGTH: Final = 7
REAL_WORDS_FILE: Final = Path(__file__).with_name("real_words.txt")
# Endings a lexicon word is compared with, so "koordinatorne" is one edit from
# "koordinatorerne" rather than several from "koordinator".
_ENDINGS: Final = ("", "e", "en", "et", "er", "erne", "ernes", "ens", "es", "s", "ne", "n", "r")


@cache
def lexicon_forms() -> tuple[str, ...]:
    """The lexicon's words with their common endings: what a typo is compared with."""
    forms: set[str] = set()
    for word, kind in compiled_lexicon().words:
        for ending in ("",) if kind == "exact" else _ENDINGS:
            if len(word + ending) >= MIN_LENGTH:
                forms.add(word + ending)
    return tuple(sorted(forms))


@cache
def real_words() -> frozenset[str]:
    """Real words one edit away from a lexicon word, which are therefore not typos."""
    if not REAL_WORDS_FILE.exists():
        return frozenset()
    lines = REAL_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _closest(word: str) -> str | None:
    found = process.extractOne(
        word, lexicon_forms(), scorer=DamerauLevenshtein.distance, score_cutoff=1
    )
    return None if found is None else str(found[0])


@lru_cache(maxsize=16384)
def meant(word: str) -> str | None:
    """The lexicon word a (normalised) word that matches nothing was probably meant to be;
    None when it is short, a real word, or more than one edit from every lexicon word."""
    if len(word) < MIN_LENGTH or word in real_words():
        return None
    return _closest(word)


def _deletions(word: str) -> set[str]:
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def near_misses(dictionary: list[str]) -> list[str]:
    """The words of a dictionary that match nothing, yet are one edit from a lexicon word.

    Two words one edit apart share a word with one letter deleted (or are that word), so an
    index of the lexicon's deletions finds the candidates among 300,000 words in seconds;
    rapidfuzz then confirms the distance.
    """
    from flows.factors.tagging import matches_directly

    index: dict[str, set[str]] = {}
    for form in lexicon_forms():
        for variant in _deletions(form):
            index.setdefault(variant, set()).add(form)
    found = set()
    for line in dictionary:
        word = line.strip().casefold()
        if len(word) < MIN_LENGTH or not word.isalpha() or word in found:
            continue
        near = {form for variant in _deletions(word) for form in index.get(variant, ())}
        one_edit = any(DamerauLevenshtein.distance(word, form) <= 1 for form in near)
        if one_edit and not matches_directly(word):
            found.add(word)
    return sorted(found)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m flows.factors.spelling /usr/share/dict/danish [more word lists]")
        return 2
    words = [line for path in argv for line in Path(path).read_text(encoding="utf-8").splitlines()]
    misses = near_misses(words)
    header = (
        "# Real Danish words one edit away from a lexicon word: never read as typos.\n"
        "# Made by `python -m flows.factors.spelling /usr/share/dict/danish"
        " /usr/share/dict/british-english`\n# (Debian's wdanish and wbritish).\n"
    )
    REAL_WORDS_FILE.write_text(header + "\n".join(misses) + "\n", encoding="utf-8")
    print(f"{len(misses)} words written to {REAL_WORDS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
