"""The eight success factors and a keyword tagger that groups free-text answers by them.

catalogue: the factors themselves; lexicon (+ lexicon.yaml): the words per factor; stemming:
from text to comparable words; tagging: tagging answers and grouping them.
"""

from flows.factors.catalogue import FACTORS, OTHER, SuccessFactor, factor_by_id
from flows.factors.corrections import Decision, corrected, move
from flows.factors.lexicon import Lexicon, compile_lexicon, load_lexicon
from flows.factors.stemming import normalise, stem_da, stem_en, tokenise, written_words
from flows.factors.tagging import group_by_factor, place_factors, tag_factors

__all__ = [
    "FACTORS",
    "OTHER",
    "Decision",
    "Lexicon",
    "SuccessFactor",
    "compile_lexicon",
    "corrected",
    "factor_by_id",
    "group_by_factor",
    "load_lexicon",
    "move",
    "normalise",
    "place_factors",
    "stem_da",
    "stem_en",
    "tag_factors",
    "tokenise",
    "written_words",
]
