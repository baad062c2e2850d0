"""The summary's words that every rendering of it shares (a message, a file, a page): a
factor's short name, one factor's traffic lights, what placed a quote under a factor."""

from __future__ import annotations

from flows.factors import OTHER, factor_by_id
from flows.i18n import t
from flows.summary import LightCount, Quote


def factor_name(factor_id: str, lang: str) -> str:
    if factor_id == OTHER:
        return t("summary.other", lang)
    return factor_by_id(factor_id).short(lang)


def placed_note(quote: Quote, factor_id: str, lang: str) -> str | None:
    """Why a quote is under a factor, beside it: the word that placed it, or that a
    facilitator moved it there; None when neither (ungrouped, or no word known)."""
    if quote.placed_by_facilitator(factor_id):
        return t("summary.moved_by_facilitator", lang)
    word = quote.word_for(factor_id)
    return t("summary.placed_by", lang, word=word) if word else None


def placed_word(quote: Quote, factor_id: str, lang: str) -> str:
    """A file's word column: the word that placed the quote, or that a facilitator did."""
    if quote.placed_by_facilitator(factor_id):
        return t("summary.moved_by_facilitator", lang)
    return quote.word_for(factor_id) or ""


def light_line(light: LightCount, lang: str) -> str:
    """One factor's traffic lights, or only its count when too few answered."""
    name = factor_name(light.factor_id, lang)
    if light.hidden:
        return t("summary.lights_hidden", lang, name=name, count=light.total)
    return t(
        "summary.lights_line",
        lang,
        name=name,
        green=light.green,
        yellow=light.yellow,
        red=light.red,
    )
