"""The summary's traffic lights as a PNG bar chart, for the DM and the Word export alike."""

from __future__ import annotations

from bot.charts import LightBar, traffic_light_chart
from bot.facilitation.wording import factor_name
from flows.i18n import t
from flows.summary import WorkshopSummary
from flows.text import truncate


def light_bars(summary: WorkshopSummary, lang: str) -> list[LightBar]:
    """Bars for the chart: groups under the minimum get no bar."""
    return [
        LightBar(factor_name(light.factor_id, lang), light.green, light.yellow, light.red)
        for light in summary.lights
        if not light.hidden and light.total > 0
    ]


def chart_legend(lang: str) -> list[str]:
    return [t(f"summary.legend_{light}", lang) for light in ("green", "yellow", "red")]


def summary_chart(summary: WorkshopSummary, lang: str) -> bytes | None:
    """The traffic lights as a PNG bar chart; None when no factor can be shown."""
    bars = light_bars(summary, lang)
    if not bars:
        return None
    title = t("summary.chart_title", lang, title=truncate(summary.workshop.title, 60))
    return traffic_light_chart(bars, title, chart_legend(lang))
