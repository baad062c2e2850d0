"""The eight success factors from "Gode erfaringer med implementering af forebyggelsespakkerne"
(Center for Forebyggelse i praksis, 2016), in the seed's order and its own wording."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

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
        short_en="Coordinators with the right competences",
    ),
    SuccessFactor(
        id="employee_involvement",
        number=6,
        label_da="Tidlig inddragelse af medarbejderne og sikring af rette kompetencer er centralt",
        label_en="Early involvement of employees and securing the right competences is key",
        short_da="Medarbejderinddragelse og kompetencer",
        short_en="Employee involvement and competences",
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
