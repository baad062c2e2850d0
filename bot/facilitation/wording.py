"""The summary's words that every rendering of it shares (a message, a file, a page): a
factor's short name, one factor's traffic lights, a target month."""

from __future__ import annotations

from flows.factors import OTHER, factor_by_id
from flows.i18n import t
from flows.summary import LightCount


def factor_name(factor_id: str, lang: str) -> str:
    if factor_id == OTHER:
        return t("summary.other", lang)
    return factor_by_id(factor_id).short(lang)


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
