"""The lexicon: a data file of terms per factor (lexicon.yaml), loaded, checked and compiled
into lookups the tagger can run through quickly. lexicon.yaml explains the term syntax."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final, Literal, NamedTuple

import yaml

from flows.factors.catalogue import FACTORS
from flows.factors.stemming import WORD, normalise, stem_da, stem_en
from flows.municipalities import is_municipality

LEXICON_FILE: Final = Path(__file__).with_name("lexicon.yaml")


class Lexicon(NamedTuple):
    da: tuple[str, ...]
    en: tuple[str, ...]


def load_lexicon(path: Path = LEXICON_FILE) -> dict[str, Lexicon]:
    """The terms per factor id in a lexicon file; ValueError naming the file when it is broken."""
    # The C loader, where PyYAML has it, reads the file in a tenth of the time.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read the lexicon: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping from factor id to da/en term lists")
    lexicon: dict[str, Lexicon] = {}
    for factor_id, terms in data.items():
        if not isinstance(terms, dict) or set(terms) != {"da", "en"}:
            raise ValueError(f"{path}: {factor_id}: expected exactly the keys da and en")
        lists = (terms["da"] or [], terms["en"] or [])
        if not all(isinstance(t, list) and all(isinstance(w, str) for w in t) for t in lists):
            raise ValueError(f"{path}: {factor_id}: da and en must be lists of terms")
        lexicon[str(factor_id)] = Lexicon(da=tuple(lists[0]), en=tuple(lists[1]))
    return lexicon


# --- compiling ---------------------------------------------------------------------------------

MatchKind = Literal["stem_da", "stem_en", "exact", "prefix", "suffix", "infix", "municipality_name"]

# "@kommune" in a term: any word that names one of Denmark's municipalities.
MUNICIPALITY_WORD: Final = "@kommune"
# Municipalities whose name is also an everyday word ("vejen videre", "en skive").
_AMBIGUOUS_NAMES: Final = frozenset({"vejen", "odder", "greve", "skive"})


@cache
def names_a_municipality(word: str) -> bool:
    """Whether a (normalised) word names a municipality, also in the genitive ("Vejles")."""
    if word in _AMBIGUOUS_NAMES:
        return False
    return is_municipality(word) or (word.endswith("s") and is_municipality(word[:-1]))


class Token(NamedTuple):
    text: str
    stem_da: str
    stem_en: str


@dataclass(frozen=True)
class TokenPattern:
    kind: MatchKind
    value: str

    def matches(self, token: Token) -> bool:
        match self.kind:
            case "stem_da":
                return token.stem_da == self.value
            case "stem_en":
                return token.stem_en == self.value
            case "exact":
                return token.text == self.value
            case "prefix":
                return token.text.startswith(self.value)
            case "suffix":
                return token.text.endswith(self.value)
            case "infix":
                return self.value in token.text
            case "municipality_name":
                return names_a_municipality(token.text)


def _compile_word(word: str, lang: str) -> TokenPattern:
    if word == MUNICIPALITY_WORD:
        return TokenPattern("municipality_name", "")
    core = word.strip("*").removeprefix("=")
    # A term that is not (a piece of) one word could never match a token, so it is a lexicon
    # bug. A starred side may end in a hyphen: "med-*" is a compound that starts with MED.
    letters = core.removeprefix("-") if word.startswith("*") else core
    letters = letters.removesuffix("-") if word.endswith("*") else letters
    if not WORD.fullmatch(letters) or core != normalise(core):
        raise ValueError(f"lexicon term {word!r} must be lower-case letters (and inner hyphens)")
    if word.startswith("="):
        return TokenPattern("exact", core)
    if word.startswith("*") and word.endswith("*"):
        return TokenPattern("infix", core)
    if word.startswith("*"):
        return TokenPattern("suffix", core)
    if word.endswith("*"):
        return TokenPattern("prefix", core)
    if lang == "da":
        return TokenPattern("stem_da", stem_da(core))
    return TokenPattern("stem_en", stem_en(core))


class Phrase(NamedTuple):
    parts: tuple[int, ...]
    factor_id: str
    # An idiom: its words do not count for the factor where it occurs ("hele tiden").
    idiom: bool
    # Its parts as a set: a phrase can only occur where every part does somewhere.
    needs: frozenset[int]
    # Words that decide together wherever they stand in the answer ("årshjul + udvalg"),
    # rather than next to each other.
    anywhere: bool = False


class PhraseIndex(NamedTuple):
    # Every distinct word pattern used in a phrase gets a number; a phrase is the numbers of its
    # words in order, filed under its first word. A word's numbers are computed once (and
    # cached), so a text looks only at phrases whose first word occurs in it.
    patterns: tuple[TokenPattern, ...]
    by_first: Mapping[int, tuple[Phrase, ...]]
    # The same patterns for looking a token up: stem and exact patterns by their value, the few
    # star patterns tried one by one (each new word of a big workshop's texts met them all).
    by_value: Mapping[tuple[str, str], frozenset[int]]
    starred: tuple[tuple[int, TokenPattern], ...]
    any_starred: re.Pattern[str] | None  # matches a word that at least one of them matches
    municipal: frozenset[int]  # the numbers of "@kommune" patterns

    def parts_of(self, token: Token) -> frozenset[int]:
        """The numbers of the patterns this token matches."""
        found = self.by_value.get(("exact", token.text), _NONE)
        found |= self.by_value.get(("stem_da", token.stem_da), _NONE)
        found |= self.by_value.get(("stem_en", token.stem_en), _NONE)
        if self.municipal and names_a_municipality(token.text):
            found |= self.municipal
        if self.any_starred is None or not self.any_starred.search(token.text):
            return found
        return found.union(n for n, pattern in self.starred if pattern.matches(token))


_NONE: frozenset[int] = frozenset()
_LOOKED_UP = ("exact", "stem_da", "stem_en")


def _index_phrases(
    phrases: Iterable[tuple[tuple[TokenPattern, ...], str, bool, bool]],
) -> PhraseIndex:
    numbers: dict[TokenPattern, int] = {}
    by_first: dict[int, list[Phrase]] = {}
    for patterns, factor_id, idiom, anywhere in phrases:
        parts = tuple(numbers.setdefault(pattern, len(numbers)) for pattern in patterns)
        phrase = Phrase(parts, factor_id, idiom, frozenset(parts), anywhere)
        by_first.setdefault(parts[0], []).append(phrase)
    by_value: dict[tuple[str, str], set[int]] = {}
    starred: list[tuple[int, TokenPattern]] = []
    municipal: set[int] = set()
    for pattern, number in numbers.items():
        if pattern.kind == "municipality_name":
            municipal.add(number)
        elif pattern.kind in _LOOKED_UP:
            by_value.setdefault((pattern.kind, pattern.value), set()).add(number)
        else:
            starred.append((number, pattern))
    return PhraseIndex(
        tuple(numbers),
        {n: tuple(found) for n, found in by_first.items()},
        {key: frozenset(found) for key, found in by_value.items()},
        tuple(starred),
        _glob_regex(pattern for _, pattern in starred) if starred else None,
        frozenset(municipal),
    )


class CompiledLexicon(NamedTuple):
    # Stem and exact terms are dictionary lookups; each factor's star terms (and its exclusions)
    # are joined into one regular expression, so a token costs a handful of operations however
    # long the lexicon grows.
    stem_da: Mapping[str, frozenset[str]]
    stem_en: Mapping[str, frozenset[str]]
    exact: Mapping[str, frozenset[str]]
    globs: tuple[tuple[str, re.Pattern[str]], ...]
    exclusions: Mapping[str, re.Pattern[str]]
    phrases: PhraseIndex
    # Abbreviations that count only as written ("MED", "KB"): lower case they are other words.
    cased: Mapping[str, frozenset[str]]
    # The plain words behind the terms (without stars), which a mistyped word is compared with
    # (flows.factors.spelling).
    words: tuple[tuple[str, MatchKind], ...]


def _glob_regex(patterns: Iterable[TokenPattern]) -> re.Pattern[str]:
    shapes = {"prefix": r"\A{}", "suffix": r"{}\Z", "infix": "{}"}
    return re.compile("|".join(shapes[p.kind].format(re.escape(p.value)) for p in patterns))


def compile_lexicon(lexicon: Mapping[str, Lexicon]) -> CompiledLexicon:
    """The lexicon as lookups; ValueError for an unknown factor or a term that cannot match."""
    unknown = set(lexicon) - {factor.id for factor in FACTORS}
    if unknown:
        raise ValueError(f"lexicon names unknown factors: {sorted(unknown)}")
    indexes: dict[str, dict[str, set[str]]] = {"stem_da": {}, "stem_en": {}, "exact": {}}
    globs: dict[str, list[TokenPattern]] = {}
    exclusions: dict[str, list[TokenPattern]] = {}
    phrases: list[tuple[tuple[TokenPattern, ...], str, bool, bool]] = []
    cased: dict[str, set[str]] = {}
    plain: dict[tuple[str, MatchKind], None] = {}
    for factor_id, terms in lexicon.items():
        for lang, words in (("da", terms.da), ("en", terms.en)):
            for term in words:
                if term.startswith("^"):
                    cased.setdefault(_compile_cased(term), set()).add(factor_id)
                    continue
                excluded = term.startswith("!")
                anywhere = " + " in term
                pieces = term[excluded:].split(" + ") if anywhere else term[excluded:].split()
                if anywhere and (excluded or any(len(p.split()) != 1 for p in pieces)):
                    raise ValueError(f"{term!r}: words joined by + are single words, no idiom")
                patterns = tuple(_compile_word(word.strip(), lang) for word in pieces)
                if not patterns:
                    raise ValueError(f"empty lexicon term {term!r} under {factor_id}")
                if not excluded:
                    for word, pattern in zip(pieces, patterns, strict=True):
                        if pattern.kind != "municipality_name":
                            plain[_plain(word.strip()), pattern.kind] = None
                if len(patterns) > 1:
                    phrases.append((patterns, factor_id, excluded, anywhere))
                elif excluded:
                    if patterns[0].kind not in ("prefix", "suffix", "infix"):
                        raise ValueError(f"exclusion {term!r} must use stars")
                    exclusions.setdefault(factor_id, []).append(patterns[0])
                elif patterns[0].kind in indexes:
                    indexes[patterns[0].kind].setdefault(patterns[0].value, set()).add(factor_id)
                else:
                    globs.setdefault(factor_id, []).append(patterns[0])

    def freeze(index: dict[str, set[str]]) -> dict[str, frozenset[str]]:
        return {key: frozenset(ids) for key, ids in index.items()}

    return CompiledLexicon(
        stem_da=freeze(indexes["stem_da"]),
        stem_en=freeze(indexes["stem_en"]),
        exact=freeze(indexes["exact"]),
        globs=tuple((factor_id, _glob_regex(found)) for factor_id, found in globs.items()),
        exclusions={factor_id: _glob_regex(found) for factor_id, found in exclusions.items()},
        phrases=_index_phrases(phrases),
        cased=freeze(cased),
        words=tuple(plain),
    )


def _plain(word: str) -> str:
    return word.strip("*").removeprefix("=")


def _compile_cased(term: str) -> str:
    word = term.removeprefix("^")
    if not WORD.fullmatch(word):
        raise ValueError(f"lexicon term {term!r}: ^ is for one word as written (^MED)")
    return unicodedata.normalize("NFKC", word)


@cache
def compiled_lexicon() -> CompiledLexicon:
    """The built-in lexicon, read and compiled on first use (not when the module is imported)."""
    return compile_lexicon(load_lexicon())
