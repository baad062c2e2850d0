"""The eight success factors from "Gode erfaringer med implementering af forebyggelsespakkerne"
and a keyword tagger that groups free-text answers by them.

Tagging is deliberately simple and explainable: a facilitator who wonders why an answer landed
under "Politisk opbakning" can find the word that put it there. Answers that match nothing are
grouped under OTHER rather than guessed at.

Lexicon terms are written as ordinary words and compiled at import time:

- ``ressource``   a plain word matches any token with the same stem (Danish terms through the
                  Snowball Danish stemmer, English terms through a light suffix stripper);
- ``*udvalget``   a star matches any letters on the token as written, which is how Danish
                  compounds are caught (``sundhedsudvalget``) without stemming them apart;
- ``=tid``        an equals sign matches exactly that token as written (after case folding), for
                  words whose stem collides with something unrelated (``tidlig`` stems to ``tid``);
- ``på =tværs``   several words match consecutive tokens;
- ``!*projektleder*``  a token matching an exclamation-marked term does not count for that factor
                  (a project leader is a coordinator, not leadership backing).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal, NamedTuple, TypeVar

T = TypeVar("T")

OTHER: Final = "other"


@dataclass(frozen=True)
class SuccessFactor:
    id: str
    number: int
    label_da: str
    label_en: str
    # Short labels fit chart axes and select options (Slack allows 75 characters there).
    short_da: str
    short_en: str

    def label(self, lang: str = "da") -> str:
        return self.label_en if _is_english(lang) else self.label_da

    def short(self, lang: str = "da") -> str:
        return self.short_en if _is_english(lang) else self.short_da


def _is_english(lang: str) -> bool:
    return lang.lower().startswith("en")


FACTORS: Final[tuple[SuccessFactor, ...]] = (
    SuccessFactor(
        id="legitimacy",
        number=1,
        label_da="Forebyggelsespakkerne har givet legitimitet til de tværgående "
        "forebyggelsesopgaver",
        label_en="The prevention packages have given legitimacy to cross-cutting prevention work",
        short_da="Legitimitet fra forebyggelsespakkerne",
        short_en="Legitimacy from the prevention packages",
    ),
    SuccessFactor(
        id="cross_organisation",
        number=2,
        label_da="Tværgående organisering har sikret koordinering og fremmet dialogen om "
        "fælles mål",
        label_en="Cross-cutting organisation has ensured coordination and furthered the dialogue "
        "on shared goals",
        short_da="Tværgående organisering",
        short_en="Cross-cutting organisation",
    ),
    SuccessFactor(
        id="political_backing",
        number=3,
        label_da="Politisk opbakning er en forudsætning for, at alle forvaltninger leverer",
        label_en="Political backing is a precondition for every department delivering",
        short_da="Politisk opbakning",
        short_en="Political backing",
    ),
    SuccessFactor(
        id="leadership_backing",
        number=4,
        label_da="Ledelsesopbakning skaber retning og hjælp til at håndtere udfordringer",
        label_en="Leadership backing gives direction and help in handling difficulties",
        short_da="Ledelsesopbakning",
        short_en="Leadership backing",
    ),
    SuccessFactor(
        id="coordinators",
        number=5,
        label_da="Koordinatorer med de rette kompetencer driver processen fremad",
        label_en="Coordinators with the right competences drive the process forward",
        short_da="Koordinatorer med de rette kompetencer",
        short_en="Coordinators with the right skills",
    ),
    SuccessFactor(
        id="employee_involvement",
        number=6,
        label_da="Tidlig inddragelse af medarbejderne og sikring af rette kompetencer er centralt",
        label_en="Early involvement of employees and securing the right competences is key",
        short_da="Tidlig inddragelse af medarbejderne",
        short_en="Early involvement of employees",
    ),
    SuccessFactor(
        id="networks",
        number=7,
        label_da="Personlige relationer og netværk mellem kommuner har givet overblik og fremmet "
        "samarbejdet",
        label_en="Personal relations and networks between municipalities have given an overview "
        "and furthered collaboration",
        short_da="Relationer og netværk mellem kommuner",
        short_en="Networks between municipalities",
    ),
    SuccessFactor(
        id="existing_resources",
        number=8,
        label_da="Implementering handler i høj grad om at bruge eksisterende ressourcer "
        "bedst muligt",
        label_en="Implementation is largely about making the best use of existing resources",
        short_da="Brug af eksisterende ressourcer",
        short_en="Best use of existing resources",
    ),
)

_BY_ID: Final[Mapping[str, SuccessFactor]] = {factor.id: factor for factor in FACTORS}


def factor_by_id(factor_id: str) -> SuccessFactor:
    """The factor with this id; KeyError for an unknown id (including OTHER)."""
    return _BY_ID[factor_id]


class Lexicon(NamedTuple):
    da: tuple[str, ...]
    en: tuple[str, ...]


# Vocabulary taken from the seed texts (how municipalities describe each factor) plus the everyday
# words participants use for the same things. Compounds are the norm in Danish, hence the stars.
LEXICON: Final[Mapping[str, Lexicon]] = {
    "legitimacy": Lexicon(
        da=(
            "legitim*",
            "*forebyggelsespakke*",
            "=pakkerne",
            "=pakkernes",
            "*anbefaling*",
            "anbefale",
            "*sundhedspolitik*",
            "*politik",
            "*politikk*",
            "mandat*",
            "*evidens*",
            "vidensbaser*",
            "*rammesætt*",
            "*sundhedsstyrelse*",
            "*forebyggelsesudspil*",
        ),
        en=(
            "legitim*",
            "prevention package*",
            "recommendation*",
            "recommend",
            "mandate",
            "evidence",
            "policy",
            "guideline*",
        ),
    ),
    "cross_organisation": Lexicon(
        da=(
            "*tværgående*",
            "=på =tværs",
            "*styregruppe*",
            "*implementeringsgruppe*",
            "*arbejdsgruppe*",
            "*sundhedsforum*",
            "*sundhedsfora*",
            "*koordinering*",
            "koordinere",
            "*forvaltninger*",
            "*tværfaglig*",
            "*tværsektoriel*",
            "silo*",
            "=fælles mål",
        ),
        en=(
            "cross cutting",
            "cross depart*",
            "cross sector*",
            "across depart*",
            "across sector*",
            "across the organi*",
            "across administration*",
            "steering group*",
            "steering committee*",
            "implementation group*",
            "working group*",
            "coordination",
            "coordinate",
            "silo*",
            "shared goal*",
            "common goal*",
            "interdepartmental",
            "joined up",
        ),
    ),
    "political_backing": Lexicon(
        da=(
            "politisk*",
            "*politiker*",
            "*udvalg",
            "*udvalget",
            "*udvalgets",
            "*udvalgene",
            "*udvalgenes",
            "*udvalgs*",
            "*kommunalbestyrelse*",
            "*byråd*",
            "*sagsfremstilling*",
            "*borgmester*",
            "*rådmand*",
            "*rådmænd*",
            "*beslutningstager*",
        ),
        en=("politic*", "committee*", "council*", "mayor*", "=elected", "=alderman"),
    ),
    "leadership_backing": Lexicon(
        da=(
            "*ledelse*",
            "*leder",
            "*lederen",
            "*lederens",
            "*ledere",
            "*lederes",
            "*lederne",
            "*ledernes",
            "*lederskab*",
            "*chef*",
            "*direktion*",
            "*direktør*",
            "!*projektleder*",
            "!*chefkonsulent*",
        ),
        en=(
            "*leader*",
            "management",
            "manager*",
            "director*",
            "executive*",
            "=boss",
            "=bosses",
            "head* =of",
            "!*ringleader*",
        ),
    ),
    "coordinators": Lexicon(
        da=(
            "*koordinator*",
            "*tovholder*",
            "*nøgleperson*",
            "*projektleder*",
            "*ildsjæl*",
            "*kontaktperson*",
            "*procesejer*",
            "*drivkraft*",
            "kompetence",
            "driv* =processen",
        ),
        en=(
            "coordinator*",
            "champion*",
            "key person*",
            "key people",
            "focal point*",
            "project lead*",
            "project manager*",
            "driving force*",
            "competenc*",
        ),
    ),
    "employee_involvement": Lexicon(
        da=(
            "*medarbejder*",
            "inddrage",
            "*kompetenceudvikl*",
            "*personale*",
            "*ansatte*",
            "=ansat",
            "*frontlinje*",
            "*fagprofessionel*",
            "*opkvalificer*",
            "*efteruddannelse*",
        ),
        en=(
            "employee*",
            "staff",
            "frontline",
            "front line",
            "personnel",
            "workforce",
            "involve",
            "involvement",
            "training",
            "upskill*",
            "worker*",
            "practitioner*",
        ),
    ),
    "networks": Lexicon(
        da=(
            "*netværk*",
            "=sund =by",
            "*nabokommune*",
            "*relationer*",
            "*erfaringsudveksling*",
            "*erfaringsdeling*",
            "*vidensdeling*",
            "*videndeling*",
            "*sparring*",
            "*inspiration*",
            "=andre kommun*",
            "*kaffeaftale*",
            "*tværkommunal*",
        ),
        en=(
            "network*",
            "healthy cit*",
            "neighbouring municipalit*",
            "neighboring municipalit*",
            "other municipalit*",
            "relationship*",
            "=relations",
            "peer*",
            "knowledge sharing",
            "sharing knowledge",
            "exchange of experience*",
            "experience exchange",
            "sparring*",
            "inspiration",
            "intermunicipal",
            "inter municipal",
        ),
    ),
    "existing_resources": Lexicon(
        da=(
            "*ressource*",
            "*budget*",
            "*økonomi*",
            "midler",
            "*pulje*",
            "*finansier*",
            "*bevilling*",
            "bevilge",
            "=tid",
            "=tiden",
            "*tidspres*",
            "*tidsforbrug*",
            "=travlt",
            "*årsværk*",
            "*normering*",
            "=penge",
            "=pengene",
            "=timer",
            "=timerne",
            "=eksisterende",
            "*kapacitet*",
            "*omprioriter*",
        ),
        en=(
            "resource*",
            "budget*",
            "fund",
            "funding",
            "financ*",
            "money",
            "=cost",
            "=costs",
            "capacity",
            "=existing",
            "=grant",
            "=grants",
            "economic*",
            "=economy",
            "more =time",
            "=lack of =time",
            "=no =time",
            "enough =time",
            "=time pressure",
        ),
    ),
}


# --- normalising and tokenising ----------------------------------------------------------------

_LETTERS: Final = re.compile(r"[^\W\d_]+")


def normalise(text: str) -> str:
    # NFKC folds compatibility forms (ligatures, full-width letters) so they match the lexicon.
    return unicodedata.normalize("NFKC", text).casefold()


def tokenise(text: str) -> list[str]:
    """Runs of letters (æ, ø, å and other accented letters included), normalised."""
    tokens: list[str] = []
    # Most whitespace-separated pieces are already one run of letters; only the rest (with
    # punctuation, digits or marks) need the regular expression. The result is the same.
    for piece in normalise(text).split():
        if piece.isalpha():
            tokens.append(piece)
        else:
            tokens += _LETTERS.findall(piece)
    return tokens


# --- the Snowball Danish stemmer ---------------------------------------------------------------
# A direct transcription of https://snowballstem.org/algorithms/danish/stemmer.html as of
# Snowball 3, which undoubles only the consonants that double in native Danish words. The
# apostrophe handling of that version is not needed: tokens never contain apostrophes.

_DA_VOWELS: Final = frozenset("aeiouyæåø")
_DA_UNDOUBLE: Final = frozenset("bdfgklmnprst")
_DA_S_ENDING: Final = frozenset("abcdfghjklmnoprtvyzå")
_DA_MAIN_SUFFIXES: Final = tuple(
    sorted(
        (
            "hed",
            "ethed",
            "ered",
            "e",
            "erede",
            "ende",
            "erende",
            "ene",
            "erne",
            "ere",
            "en",
            "heden",
            "eren",
            "er",
            "heder",
            "erer",
            "heds",
            "es",
            "endes",
            "erendes",
            "enes",
            "ernes",
            "eres",
            "ens",
            "hedens",
            "erens",
            "ers",
            "ets",
            "erets",
            "et",
            "eret",
            "s",
        ),
        key=len,
        reverse=True,
    )
)
_DA_OTHER_SUFFIXES: Final = ("elig", "løst", "lig", "els", "ig")
_DA_CONSONANT_PAIRS: Final = ("gd", "dt", "gt", "kt")


def _da_r1(word: str) -> int:
    if len(word) < 3:
        return len(word)
    for i in range(1, len(word)):
        if word[i] not in _DA_VOWELS and word[i - 1] in _DA_VOWELS:
            return max(i + 1, 3)
    return len(word)


def _in_r1(word: str, suffix: str, r1: int) -> bool:
    return word.endswith(suffix) and len(word) - len(suffix) >= r1


def _da_consonant_pair(word: str, r1: int) -> str:
    if any(_in_r1(word, pair, r1) for pair in _DA_CONSONANT_PAIRS):
        return word[:-1]
    return word


@lru_cache(maxsize=16384)
def stem_da(word: str) -> str:
    """The Snowball Danish stem of one word ("politikerne" → "politik")."""
    word = normalise(word)
    r1 = _da_r1(word)

    for suffix in _DA_MAIN_SUFFIXES:
        if _in_r1(word, suffix, r1):
            if suffix != "s":
                word = word[: -len(suffix)]
            elif len(word) >= 2 and word[-2] in _DA_S_ENDING:
                word = word[:-1]
            break

    word = _da_consonant_pair(word, r1)

    if word.endswith("igst"):
        word = word[:-2]
    for suffix in _DA_OTHER_SUFFIXES:
        if _in_r1(word, suffix, r1):
            # "løst" becomes "løs"; the others are removed, which may expose a consonant pair.
            word = word[:-1] if suffix == "løst" else _da_consonant_pair(word[: -len(suffix)], r1)
            break

    if len(word) >= 2 and len(word) - 1 >= r1 and word[-1] in _DA_UNDOUBLE and word[-1] == word[-2]:
        word = word[:-1]
    return word


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


# --- compiling the lexicon ---------------------------------------------------------------------

_MatchKind = Literal["stem_da", "stem_en", "exact", "prefix", "suffix", "infix"]


class _Token(NamedTuple):
    text: str
    stem_da: str
    stem_en: str


@dataclass(frozen=True)
class _TokenPattern:
    kind: _MatchKind
    value: str

    def matches(self, token: _Token) -> bool:
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


def _compile_word(word: str, lang: str) -> _TokenPattern:
    core = word.strip("*").removeprefix("=")
    # A term with anything but letters could never match a token, so it is a lexicon bug.
    if not _LETTERS.fullmatch(core) or core != normalise(core):
        raise ValueError(f"lexicon term {word!r} must be lower-case letters")
    if word.startswith("="):
        return _TokenPattern("exact", core)
    if word.startswith("*") and word.endswith("*"):
        return _TokenPattern("infix", core)
    if word.startswith("*"):
        return _TokenPattern("suffix", core)
    if word.endswith("*"):
        return _TokenPattern("prefix", core)
    if lang == "da":
        return _TokenPattern("stem_da", stem_da(core))
    return _TokenPattern("stem_en", stem_en(core))


class _CompiledLexicon(NamedTuple):
    # Stem and exact terms are dictionary lookups; each factor's star terms (and its exclusions)
    # are joined into one regular expression, so a token costs a handful of operations however
    # long the lexicon grows.
    stem_da: Mapping[str, frozenset[str]]
    stem_en: Mapping[str, frozenset[str]]
    exact: Mapping[str, frozenset[str]]
    globs: tuple[tuple[str, re.Pattern[str]], ...]
    exclusions: Mapping[str, re.Pattern[str]]
    phrases: tuple[tuple[tuple[_TokenPattern, ...], str], ...]


def _glob_regex(patterns: Iterable[_TokenPattern]) -> re.Pattern[str]:
    shapes = {"prefix": r"\A{}", "suffix": r"{}\Z", "infix": "{}"}
    return re.compile("|".join(shapes[p.kind].format(re.escape(p.value)) for p in patterns))


def _compile(lexicon: Mapping[str, Lexicon]) -> _CompiledLexicon:
    unknown = set(lexicon) - set(_BY_ID)
    if unknown:
        raise ValueError(f"lexicon names unknown factors: {sorted(unknown)}")
    indexes: dict[str, dict[str, set[str]]] = {"stem_da": {}, "stem_en": {}, "exact": {}}
    globs: dict[str, list[_TokenPattern]] = {}
    exclusions: dict[str, list[_TokenPattern]] = {}
    phrases: list[tuple[tuple[_TokenPattern, ...], str]] = []
    for factor_id, terms in lexicon.items():
        for lang, words in (("da", terms.da), ("en", terms.en)):
            for term in words:
                if term.startswith("!"):
                    excluded = _compile_word(term[1:], lang)
                    if excluded.kind not in ("prefix", "suffix", "infix"):
                        raise ValueError(f"exclusion {term!r} must use stars")
                    exclusions.setdefault(factor_id, []).append(excluded)
                    continue
                patterns = tuple(_compile_word(word, lang) for word in term.split())
                if len(patterns) > 1:
                    phrases.append((patterns, factor_id))
                elif patterns[0].kind in indexes:
                    indexes[patterns[0].kind].setdefault(patterns[0].value, set()).add(factor_id)
                else:
                    globs.setdefault(factor_id, []).append(patterns[0])

    def freeze(index: dict[str, set[str]]) -> dict[str, frozenset[str]]:
        return {key: frozenset(ids) for key, ids in index.items()}

    return _CompiledLexicon(
        stem_da=freeze(indexes["stem_da"]),
        stem_en=freeze(indexes["stem_en"]),
        exact=freeze(indexes["exact"]),
        globs=tuple((factor_id, _glob_regex(found)) for factor_id, found in globs.items()),
        exclusions={factor_id: _glob_regex(found) for factor_id, found in exclusions.items()},
        phrases=tuple(phrases),
    )


_COMPILED: Final = _compile(LEXICON)
_EMPTY: Final[frozenset[str]] = frozenset()


class _PhraseIndex(NamedTuple):
    # Every distinct word pattern used in a phrase gets a number; a phrase is the numbers of its
    # words in order, filed under its first word. A word's matches are computed once (and
    # cached), so only phrases whose first word occurs in a text are looked at.
    patterns: tuple[_TokenPattern, ...]
    by_first: Mapping[int, tuple[tuple[tuple[int, ...], str], ...]]


def _index_phrases(phrases: Iterable[tuple[tuple[_TokenPattern, ...], str]]) -> _PhraseIndex:
    numbers: dict[_TokenPattern, int] = {}
    by_first: dict[int, list[tuple[tuple[int, ...], str]]] = {}
    for patterns, factor_id in phrases:
        parts = tuple(numbers.setdefault(pattern, len(numbers)) for pattern in patterns)
        by_first.setdefault(parts[0], []).append((parts, factor_id))
    return _PhraseIndex(tuple(numbers), {n: tuple(found) for n, found in by_first.items()})


_PHRASES: Final = _index_phrases(_COMPILED.phrases)


# --- tagging and grouping ----------------------------------------------------------------------


@lru_cache(maxsize=32768)
def _word_factors(word: str) -> frozenset[str]:
    # Answers in one workshop share most of their vocabulary, so per-word results are worth
    # keeping.
    lexicon = _COMPILED
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
    token = _Token(word, stem_da(word), stem_en(word))
    return frozenset(n for n, pattern in enumerate(_PHRASES.patterns) if pattern.matches(token))


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
    for first, starts in where.items():
        for parts, factor_id in _PHRASES.by_first.get(first, ()):
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
