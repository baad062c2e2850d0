"""From text to comparable words: normalising, tokenising and stemming, all local.

Danish words go through the Snowball Danish stemmer (the `snowballstemmer` package). English
words go through a deliberately light suffix stripper instead of Snowball's English stemmer,
which joins too much for a keyword lexicon ("managed" and "management" both become "manag").
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Final

import snowballstemmer  # type: ignore[import-untyped]

# A word is a run of letters; a hyphen between letters keeps a compound one word ("MED-udvalget",
# "Hoved-MED"), since its parts mean something else apart.
WORD: Final = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def normalise(text: str) -> str:
    # NFKC folds compatibility forms (ligatures, full-width letters) so they match the lexicon.
    return unicodedata.normalize("NFKC", text).casefold()


def written_words(text: str) -> list[str]:
    """Words as the answer writes them (case kept, compatibility forms folded): runs of
    letters (æ, ø, å and other accented letters included) joined by inner hyphens. A summary
    shows these ("Handleplanen", "MED") as the word that placed an answer under a factor."""
    words: list[str] = []
    # Most whitespace-separated pieces are already one run of letters; only the rest (with
    # punctuation, digits or marks) need the regular expression. The result is the same.
    for piece in unicodedata.normalize("NFKC", text).split():
        if piece.isalpha():
            words.append(piece)
        else:
            words += WORD.findall(piece)
    return words


def tokenise(text: str) -> list[str]:
    """Words: `written_words`, normalised (case folded) for comparing with the lexicon."""
    return [word.casefold() for word in written_words(text)]


# A Snowball stemmer keeps the word it is working on in the object, so threads must not share one.
_local = threading.local()


def _danish_stemmer() -> object:
    stemmer = getattr(_local, "danish", None)
    if stemmer is None:
        stemmer = _local.danish = snowballstemmer.stemmer("danish")
    return stemmer


@lru_cache(maxsize=16384)
def stem_da(word: str) -> str:
    """The Snowball Danish stem of one word ("politikerne" → "politik")."""
    stem: str = _danish_stemmer().stemWord(normalise(word))  # type: ignore[attr-defined]
    return stem


_EN_VOWELS: Final = frozenset("aeiouy")


@lru_cache(maxsize=16384)
def stem_en(word: str) -> str:
    """A light English stemmer: enough to join plural, -ing/-ed and -y/-ies forms of a word."""
    word = normalise(word)
    if len(word) <= 3:
        return word
    if word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("ies"):
        word = word[:-3] + "i"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        rest = word[: -len(suffix)]
        if word.endswith(suffix) and len(rest) >= 3 and _EN_VOWELS & set(rest):
            word = rest
            if word[-1] == word[-2] and word[-1] not in "lsz" and word[-1] not in _EN_VOWELS:
                word = word[:-1]
            break
    if word.endswith("y") and len(word) > 3:
        word = word[:-1] + "i"
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word
