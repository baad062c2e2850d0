"""Denmark's 98 municipalities (kommuner) and the five regions they belong to.

Names are the official short names, without "Kommune": "Nordfyns" and "Vesthimmerlands" keep
their genitive s because that is the official name; Bornholms Regionskommune is "Bornholm".
"""

from __future__ import annotations

import unicodedata
from typing import Final

REGIONS: Final[tuple[str, ...]] = (
    "Hovedstaden",
    "Sjælland",
    "Syddanmark",
    "Midtjylland",
    "Nordjylland",
)

_BY_REGION: Final[dict[str, tuple[str, ...]]] = {
    "Hovedstaden": (
        "Albertslund",
        "Allerød",
        "Ballerup",
        "Bornholm",
        "Brøndby",
        "Dragør",
        "Egedal",
        "Fredensborg",
        "Frederiksberg",
        "Frederikssund",
        "Furesø",
        "Gentofte",
        "Gladsaxe",
        "Glostrup",
        "Gribskov",
        "Halsnæs",
        "Helsingør",
        "Herlev",
        "Hillerød",
        "Hvidovre",
        "Høje-Taastrup",
        "Hørsholm",
        "Ishøj",
        "København",
        "Lyngby-Taarbæk",
        "Rudersdal",
        "Rødovre",
        "Tårnby",
        "Vallensbæk",
    ),
    "Sjælland": (
        "Faxe",
        "Greve",
        "Guldborgsund",
        "Holbæk",
        "Kalundborg",
        "Køge",
        "Lejre",
        "Lolland",
        "Næstved",
        "Odsherred",
        "Ringsted",
        "Roskilde",
        "Slagelse",
        "Solrød",
        "Sorø",
        "Stevns",
        "Vordingborg",
    ),
    "Syddanmark": (
        "Aabenraa",
        "Assens",
        "Billund",
        "Esbjerg",
        "Faaborg-Midtfyn",
        "Fanø",
        "Fredericia",
        "Haderslev",
        "Kerteminde",
        "Kolding",
        "Langeland",
        "Middelfart",
        "Nordfyns",
        "Nyborg",
        "Odense",
        "Svendborg",
        "Sønderborg",
        "Tønder",
        "Varde",
        "Vejen",
        "Vejle",
        "Ærø",
    ),
    "Midtjylland": (
        "Aarhus",
        "Favrskov",
        "Hedensted",
        "Herning",
        "Holstebro",
        "Horsens",
        "Ikast-Brande",
        "Lemvig",
        "Norddjurs",
        "Odder",
        "Randers",
        "Ringkøbing-Skjern",
        "Samsø",
        "Silkeborg",
        "Skanderborg",
        "Skive",
        "Struer",
        "Syddjurs",
        "Viborg",
    ),
    "Nordjylland": (
        "Aalborg",
        "Brønderslev",
        "Frederikshavn",
        "Hjørring",
        "Jammerbugt",
        "Læsø",
        "Mariagerfjord",
        "Morsø",
        "Rebild",
        "Thisted",
        "Vesthimmerlands",
    ),
}

# Danish alphabetical order puts æ, ø, å after z; the letters Danish borrows from German and
# Swedish sort with their Danish counterparts.
_DANISH_LETTERS: Final = {"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|", "ü": "y"}


def danish_sort_key(name: str) -> tuple[str, str]:
    """A key that sorts names the way a Danish reader expects.

    "Aa" counts as "Å" (Aabenraa, Aalborg and Aarhus come last), æ/ø/å follow z, and accents
    are otherwise ignored. The name itself breaks ties so the order is total.
    """
    folded = unicodedata.normalize("NFC", name).casefold().replace("aa", "å")
    letters = []
    for char in folded:
        if char in _DANISH_LETTERS:
            letters.append(_DANISH_LETTERS[char])
        else:
            base = unicodedata.normalize("NFD", char)[0]
            letters.append(base)
    return "".join(letters), name


REGION_OF: Final[dict[str, str]] = {
    name: region for region, names in _BY_REGION.items() for name in names
}

MUNICIPALITIES: Final[tuple[str, ...]] = tuple(sorted(REGION_OF, key=danish_sort_key))


def municipality_option_groups() -> list[tuple[str, list[str]]]:
    """(region, municipalities) pairs for a Slack select with option groups.

    One flat select would fit (98 of the 100 options allowed) but is a long scroll on a phone;
    grouping by region keeps each group short and every group well under Slack's limits.
    """
    return [(region, sorted(_BY_REGION[region], key=danish_sort_key)) for region in REGIONS]


def _lookup_key(name: str) -> str:
    key = unicodedata.normalize("NFC", name).strip().casefold().replace("aa", "å")
    for suffix in (" regionskommune", " kommune"):
        key = key.removesuffix(suffix)
    return " ".join(key.split())


# People write "Aarhus Kommune", "Århus" or "Københavns Kommune"; all mean one official name.
_CANONICAL: Final[dict[str, str]] = {
    **{_lookup_key(name): name for name in MUNICIPALITIES},
    "københavns": "København",
    "bornholms": "Bornholm",
    "frederiksbergs": "Frederiksberg",
    "nordfyn": "Nordfyns",
    "vesthimmerland": "Vesthimmerlands",
}


def canonical_municipality(name: str) -> str | None:
    """The official name for a way of writing a municipality, or None if it is not one."""
    return _CANONICAL.get(_lookup_key(name))


def is_municipality(name: str) -> bool:
    """Whether `name` names a municipality, ignoring case, spacing and a trailing "Kommune"."""
    return canonical_municipality(name) is not None
