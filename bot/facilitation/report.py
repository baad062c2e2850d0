"""The outcome report (Word): traffic lights per success factor then and now, what became of the
next steps wave by wave and per factor, why steps were dropped, the participants' own words by
factor, and a chart. Built from `flows.outcomes` results; the minimum group size applies."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from docx import Document
from docx.shared import Inches, Pt

from bot.charts import LightBar, traffic_light_chart
from flows.factors import FACTORS, OTHER, factor_by_id, tag_factors
from flows.followups import LightCounts
from flows.i18n import format_date, t
from flows.outcomes import (
    FactorMovement,
    WorkshopOutcomes,
    describe_median,
    describe_wave,
    percent,
    wave_label,
)
from flows.steps import DROP_REASONS, REPLACED, StepRecord
from flows.text import xml_safe

if TYPE_CHECKING:
    from docx.document import Document as DocumentType

QUOTES_PER_FACTOR = 10


def _factor(factor_id: str, lang: str) -> str:
    if factor_id == OTHER:
        return t("outcome.other_factor", lang)
    return factor_by_id(factor_id).short(lang)


def _lights(counts: LightCounts | None) -> str:
    return f"{counts.green}/{counts.yellow}/{counts.red}" if counts else "–"


def _plain(text: str) -> str:
    """Catalogue texts are Slack mrkdwn; Word gets them without the asterisks."""
    return xml_safe(text.replace("*", ""))


def latest_movement(outcomes: WorkshopOutcomes) -> dict[str, FactorMovement]:
    """Per factor, its movement at the latest wave anyone rated it again."""
    found: dict[str, FactorMovement] = {}
    for movement in outcomes.movement:  # in wave order
        found[movement.factor_id] = movement
    return found


def report_docx(
    outcomes: WorkshopOutcomes, steps: Sequence[StepRecord], lang: str, now: datetime
) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    minimum = outcomes.min_group_size
    document.add_heading(_plain(t("report.title", lang, title=outcomes.title)), level=0)
    document.add_paragraph(f"{format_date(outcomes.day, lang)} · {format_date(now.date(), lang)}")
    document.add_paragraph(_plain(t("report.intro", lang, min=minimum)))

    # Traffic lights: the day against now, per factor (people, not answers, are counted).
    document.add_heading(_plain(t("report.lights", lang)), level=1)
    moved = latest_movement(outcomes)
    if not moved:
        document.add_paragraph(_plain(t("report.no_lights", lang)))
    else:
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, key in zip(
            table.rows[0].cells,
            ("report.col_factor", "report.col_day", "report.col_now", "report.col_movement"),
            strict=True,
        ):
            cell.text = t(key, lang)
        for factor in FACTORS:
            movement = moved.get(factor.id)
            if movement is None:
                continue
            row = table.add_row().cells
            row[0].text = factor.short(lang)
            if movement.hidden:
                row[1].text = _plain(t("outcome.movement_hidden", lang, min=minimum))
                continue
            row[1].text = _lights(movement.day)
            row[2].text = _lights(movement.now)
            row[3].text = f"{movement.better}/{movement.same}/{movement.worse}"
        chart = _chart(list(moved.values()), lang)
        if chart is not None:
            document.add_picture(io.BytesIO(chart), width=Inches(6))

    # What became of the next steps.
    document.add_heading(_plain(t("report.waves", lang)), level=1)
    if outcomes.hidden:
        document.add_paragraph(_plain(t("outcome.hidden", lang, min=minimum)))
    else:
        for measure in outcomes.waves:
            document.add_paragraph(_plain(describe_wave(measure, lang)), style="List Bullet")
        if outcomes.waves:
            document.add_paragraph(_plain(describe_median(outcomes.waves[-1], lang)))
        _by_factor(document, outcomes, lang)
        _drop_reasons(document, outcomes, lang)
        _quotes(document, outcomes, steps, lang)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _by_factor(document: DocumentType, outcomes: WorkshopOutcomes, lang: str) -> None:
    document.add_heading(_plain(t("outcome.by_factor", lang)), level=2)
    codes = [measure.wave for measure in outcomes.waves]
    table = document.add_table(rows=1, cols=2 + len(codes))
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text = t("report.col_factor", lang)
    header[1].text = t("report.col_steps", lang)
    for index, code in enumerate(codes):
        header[2 + index].text = t("report.col_wave", lang, wave=wave_label(code, lang))
    for outcome in outcomes.by_factor:
        row = table.add_row().cells
        row[0].text = _factor(outcome.factor_id, lang)
        row[1].text = str(outcome.steps)
        if outcome.hidden:
            row[2].text = _plain(t("outcome.hidden", lang, min=outcomes.min_group_size))
            continue
        for index, measure in enumerate(outcome.waves):
            row[2 + index].text = percent(measure.progress_share, lang)


def _drop_reasons(document: DocumentType, outcomes: WorkshopOutcomes, lang: str) -> None:
    reasons = outcomes.drop_reasons
    if not reasons.dropped:
        return
    document.add_heading(_plain(t("outcome.drop_reasons", lang)), level=2)
    if reasons.hidden or reasons.counts is None:
        document.add_paragraph(_plain(t("outcome.hidden", lang, min=outcomes.min_group_size)))
        return
    for reason in (*DROP_REASONS, "unknown"):
        count = reasons.counts.get(reason, 0)
        if count:
            label = t("outcome.drop_unknown" if reason == "unknown" else "drop." + reason, lang)
            document.add_paragraph(f"{label}: {count}", style="List Bullet")


def _quotes(
    document: DocumentType, outcomes: WorkshopOutcomes, steps: Sequence[StepRecord], lang: str
) -> None:
    """The plans in the participants' own words, by factor, never with a name; a factor's
    quotes only when the factor's figures are shown (enough people)."""
    shown = {o.factor_id for o in outcomes.by_factor if not o.hidden}
    grouped: dict[str, list[str]] = {}
    for step in steps:
        if step.status == REPLACED:
            continue
        for factor_id in sorted(tag_factors(step.text)) or [OTHER]:
            if factor_id in shown:
                grouped.setdefault(factor_id, []).append(step.text)
    if not grouped:
        return
    document.add_heading(_plain(t("report.quotes", lang)), level=2)
    document.add_paragraph(_plain(t("report.quotes_intro", lang)))
    for factor_id in [f.id for f in FACTORS] + [OTHER]:
        texts = grouped.get(factor_id)
        if not texts:
            continue
        document.add_heading(_factor(factor_id, lang), level=3)
        for text in texts[:QUOTES_PER_FACTOR]:
            document.add_paragraph(xml_safe(" ".join(text.split())), style="Quote")


def _chart(movements: list[FactorMovement], lang: str) -> bytes | None:
    day_word = t("outcome.the_day", lang)
    now_word = "nu" if lang != "en" else "now"
    bars: list[LightBar] = []
    for movement in movements:
        if movement.hidden or movement.day is None or movement.now is None:
            continue
        name = factor_by_id(movement.factor_id).short(lang)
        bars.append(LightBar(f"{name} – {day_word}", *_counts(movement.day)))
        bars.append(LightBar(f"{name} – {now_word}", *_counts(movement.now)))
    if not bars:
        return None
    legend = [t("light." + light, lang) for light in ("green", "yellow", "red")]
    return traffic_light_chart(bars, t("report.chart_title", lang), legend)


def _counts(counts: LightCounts) -> tuple[int, int, int]:
    return counts.green, counts.yellow, counts.red
