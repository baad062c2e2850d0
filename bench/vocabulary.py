"""Answer texts with a realistic vocabulary: thousands of distinct Danish word forms.

Twelve fixed sentences (71 distinct words) let every word cache hit. Real answers from a room of
consultants repeat a core of common words and trail off into a long tail of compounds and
inflections ("sundhedspolitikken", "forebyggelsesindsatserne", "medarbejderinddragelse"). This
generator builds that: Danish stems, compounds of two stems with the linking -s- where Danish
uses it, inflected forms, drawn with Zipf-like frequencies, so a corpus of 100,000 answers has
tens of thousands of distinct words while the common ones repeat.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field

# Nouns of the domain (stem, takes linking -s- when first in a compound).
NOUNS = [
    ("sundhed", True),
    ("politik", False),
    ("forebyggelse", True),
    ("ledelse", True),
    ("medarbejder", False),
    ("borger", False),
    ("skole", False),
    ("kommune", False),
    ("indsats", False),
    ("handleplan", False),
    ("styregruppe", False),
    ("forvaltning", True),
    ("udvalg", True),
    ("byråd", True),
    ("direktion", True),
    ("chefgruppe", False),
    ("netværk", True),
    ("ressource", False),
    ("økonomi", False),
    ("budget", True),
    ("trivsel", True),
    ("rygning", True),
    ("alkohol", False),
    ("kost", False),
    ("motion", True),
    ("mental", False),
    ("fællesskab", True),
    ("forening", True),
    ("daginstitution", True),
    ("ældre", False),
    ("pleje", False),
    ("hjemmepleje", False),
    ("jobcenter", False),
    ("sundhedsplejerske", False),
    ("tandpleje", False),
    ("implementering", True),
    ("kommunikation", True),
    ("fortælling", True),
    ("evaluering", True),
    ("opfølgning", True),
    ("årshjul", True),
    ("trafiklys", False),
    ("status", False),
    ("koordinator", False),
    ("kompetence", False),
    ("uddannelse", True),
    ("samarbejde", True),
    ("partnerskab", True),
    ("frivillig", False),
    ("civilsamfund", True),
    ("region", True),
    ("hospital", True),
    ("læge", False),
    ("praksis", False),
    ("data", False),
    ("måling", True),
    ("indikator", False),
    ("mål", False),
    ("strategi", False),
    ("vision", True),
    ("værdi", False),
    ("kultur", False),
    ("forandring", True),
    ("proces", False),
    ("møde", False),
    ("workshop", False),
    ("temadag", False),
    ("projekt", False),
    ("pulje", False),
    ("midler", False),
    ("tid", False),
    ("travlhed", False),
    ("reform", False),
    ("pres", False),
    ("prioritering", True),
    ("legitimitet", False),
    ("opbakning", True),
    ("forankring", True),
    ("ejerskab", True),
    ("inddragelse", True),
    ("involvering", True),
    ("dialog", False),
    ("feedback", False),
    ("rolle", False),
    ("ansvar", True),
    ("mandat", False),
    ("beslutning", True),
    ("leder", False),
    ("konsulent", False),
    ("planlægger", False),
    ("borgmester", False),
    ("ungdom", True),
    ("familie", False),
    ("barn", False),
    ("elev", False),
    ("lærer", False),
    ("pædagog", False),
    ("institution", True),
    ("område", False),
    ("tilbud", True),
    ("kampagne", False),
    ("aktivitet", True),
    ("screening", True),
    ("rådgivning", True),
    ("sammenhæng", True),
    ("tværfaglighed", True),
    ("silo", False),
    ("organisation", True),
    ("struktur", False),
    ("model", False),
    ("metode", False),
]
SUFFIXES = ["", "en", "et", "er", "erne", "s", "ens", "ernes", "e"]
ADJECTIVES = [
    "tværgående",
    "politisk",
    "ledelsesmæssig",
    "fælles",
    "konkret",
    "svær",
    "tydelig",
    "langsigtet",
    "kortsigtet",
    "lokal",
    "kommunal",
    "regional",
    "faglig",
    "organisatorisk",
    "økonomisk",
    "systematisk",
    "løbende",
    "tidlig",
    "sen",
    "vigtig",
    "central",
    "stærk",
    "svag",
    "manglende",
    "god",
    "bedre",
    "bedst",
    "stor",
    "lille",
    "ny",
    "gammel",
    "fast",
    "forskellig",
    "relevant",
    "synlig",
    "usynlig",
    "realistisk",
    "ambitiøs",
    "travl",
]
VERBS = [
    "har",
    "fik",
    "mangler",
    "bruger",
    "brugte",
    "skal",
    "vil",
    "kan",
    "kunne",
    "måtte",
    "lykkedes",
    "arbejder",
    "arbejdede",
    "prioriterer",
    "inddrager",
    "inddrog",
    "følger",
    "fulgte",
    "styrker",
    "styrkede",
    "mødes",
    "mødtes",
    "drøfter",
    "drøftede",
    "besluttede",
    "implementerer",
    "forankrer",
    "evaluerer",
    "måler",
    "oplever",
    "oplevede",
    "savner",
    "ønsker",
    "etablerede",
    "etablerer",
    "samarbejder",
    "samarbejdede",
    "kommunikerer",
    "formidler",
    "udviklede",
    "udvikler",
    "sikrer",
    "sikrede",
    "skaber",
    "skabte",
]
FUNCTION = [
    "vi",
    "det",
    "er",
    "at",
    "og",
    "i",
    "på",
    "til",
    "med",
    "for",
    "af",
    "om",
    "den",
    "de",
    "en",
    "et",
    "ikke",
    "også",
    "men",
    "som",
    "der",
    "har",
    "så",
    "når",
    "fra",
    "os",
    "vores",
    "jeres",
    "hvor",
    "hvordan",
    "mere",
    "meget",
    "alle",
    "nogle",
    "godt",
]
# Phrases that name the eight success factors, so tagging finds some of them.
FACTOR_PHRASES = [
    "politisk opbakning",
    "ledelsesmæssig opbakning",
    "tværgående styregruppe",
    "forebyggelsespakkerne gav legitimitet",
    "koordinatoren med de rette kompetencer",
    "medarbejderne blev inddraget tidligt",
    "netværket med nabokommunerne",
    "eksisterende ressourcer",
    "chefgruppen bakkede op",
    "sundhedsudvalget besluttede",
]


@dataclass
class Vocabulary:
    seed: int = 11
    words: list[str] = field(default_factory=list)
    _cumulative: list[float] = field(default_factory=list)
    _pool: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        forms = [stem + suffix for stem, _ in NOUNS for suffix in SUFFIXES]
        compounds = []
        for (first, linking), (second, _) in itertools.permutations(NOUNS, 2):
            base = first + ("s" if linking and not first.endswith("s") else "") + second
            compounds += [base + suffix for suffix in rng.sample(SUFFIXES, 3)]
        rng.shuffle(compounds)
        adjectives = [a + s for a in ADJECTIVES for s in ("", "e", "t")]
        content = [*forms, *adjectives, *VERBS]
        rng.shuffle(content)
        # Common content words first, then the long tail of compounds: Zipf over the ranks.
        self.words = content + compounds
        total = 0.0
        self._cumulative = []
        for rank in range(1, len(self.words) + 1):
            total += 1 / rank**1.05
            self._cumulative.append(total)

    def word(self, rng: random.Random) -> str:
        point = rng.random() * self._cumulative[-1]
        return self.words[bisect.bisect_left(self._cumulative, point)]

    def sentence(self, rng: random.Random) -> str:
        words: list[str] = []
        for _ in range(rng.randint(5, 16)):
            words.append(rng.choice(FUNCTION) if rng.random() < 0.4 else self.word(rng))
        if rng.random() < 0.25:
            words.insert(rng.randrange(len(words)), rng.choice(FACTOR_PHRASES))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def pooled(self, rng: random.Random, *, long: bool = True) -> str:
        """Like answer(), from a pool of 50,000 generated sentences: fast enough for a million
        answers, and still tens of thousands of distinct words."""
        if not self._pool:
            pool_rng = random.Random(self.seed + 1)
            self._pool = [self.sentence(pool_rng) for _ in range(50_000)]
        count = rng.randint(1, 4) if long else 1
        return " ".join(rng.choice(self._pool) for _ in range(count))

    def answer(self, rng: random.Random, *, long: bool = True) -> str:
        sentences = rng.randint(1, 4) if long else 1
        return " ".join(self.sentence(rng) for _ in range(sentences))

    def distinct(self) -> int:
        return len(set(self.words))
