"""The report on the follow-up of next steps, for a steering group or a political committee: a
channel-free value (headings, paragraphs, tables, a chart, quotes) that a face renders (Word:
report_docx.py). Built from `flows.outcomes` results, the summary's traffic lights and each
wave's sending; below the workshop's minimum group, a figure gives only its count."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from babel.numbers import format_decimal

from bot.charts import LightBar
from flows.factors import FACTORS, OTHER, factor_by_id, place_factors
from flows.followups import LightCounts
from flows.i18n import format_date, t
from flows.outcomes import (
    FactorRating,
    WaveMeasure,
    WorkshopOutcomes,
    lights_now,
    percent,
    wave_label,
)
from flows.steps import DROP_REASONS, StepRecord, chains
from flows.summary import LightCount
from flows.wording import report_dates

QUOTES_PER_FACTOR: Final = 10


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # a definition or a caveat: set smaller


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    # A row that says one thing from a column on ("sendes den 19. april 2027"): its cell at
    # this index spans the rest of the row.
    span_from: int | None = None


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    first_column: float = 0.3  # its share of the width; the other columns share the rest


@dataclass(frozen=True)
class Chart:
    title: str
    legend: tuple[str, ...]
    bars: tuple[LightBar, ...]


@dataclass(frozen=True)
class Quote:
    text: str
    status: str  # "Status: gennemført"
    # Why it stands under its factor: the word that placed it ("grupperet efter ordet
    # »styregruppe«"), or that a facilitator moved it; empty when ungrouped.
    placed: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Table | Chart | Quote | PageBreak


@dataclass(frozen=True)
class Report:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class WaveSending:
    """One wave's sending as the report states it (from storage's WaveDelivery)."""

    wave: str
    sent_on: date | None
    due_on: date | None  # when it goes out, when not sent yet
    invited: int
    answered: int


@dataclass(frozen=True)
class ReportInput:
    outcomes: WorkshopOutcomes
    steps: tuple[StepRecord, ...]
    ratings: tuple[FactorRating, ...]
    today: date
    joined: int
    day_lights: tuple[LightCount, ...]  # the summary's: empty when the template asks none
    lights_published: frozenset[int]  # whose lights the summary counts
    sendings: Mapping[str, WaveSending] = field(default_factory=dict)
    # Where the summary placed each step (by its text): per factor, the word that placed it
    # there, or None where a facilitator did (flows.summary's NextStepItem). The report shows
    # that placement instead of grouping again; a step the summary did not carry is placed by
    # its words, as the summary would.
    placements: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)


def outcome_report(data: ReportInput, lang: str) -> Report:
    outcomes = data.outcomes
    minimum = outcomes.min_group_size
    blocks: list[Block] = [
        Paragraph(report_dates(outcomes.day, data.today, lang)),
        Paragraph(t("report.lead", lang)),
        Paragraph(t("report.privacy", lang, min=minimum)),
        Heading(t("report.key_figures", lang)),
        Table(
            ("", ""),
            (
                Row((t("report.joined", lang), t("report.people", lang, count=data.joined))),
                Row(
                    (
                        t("report.wrote_steps", lang),
                        t(
                            "report.people_steps",
                            lang,
                            people=outcomes.people,
                            steps=outcomes.steps,
                        ),
                    )
                ),
                Row((t("report.minimum", lang), t("report.minimum_value", lang, count=minimum))),
            ),
            first_column=0.4,
        ),
        *_waves(data, lang),
    ]
    lights = _lights(data, lang)
    rest = [
        *_by_factor(outcomes, _counted_waves(data) if data.sendings else None, lang),
        *_drop_reasons(outcomes, lang),
        *_quotes(data, lang),
    ]
    if lights or rest:
        blocks.append(PageBreak())
    blocks += lights + rest
    return Report(t("report.title", lang, title=outcomes.title), tuple(blocks))


def _counted_waves(data: ReportInput) -> list[str]:
    """The waves with figures: sent, or given statuses outside a follow-up (on the Home tab, at
    a later temadag) while it was the latest begun. A wave still to come has none."""
    reported = {m.wave for m in data.outcomes.waves if m.reported}
    return [
        code
        for code, sending in data.sendings.items()
        if sending.sent_on is not None
        or (code in reported and (sending.due_on is None or sending.due_on <= data.today))
    ]


def _days(measure: WaveMeasure, lang: str) -> str:
    days = measure.median_days_to_done
    if days is None:
        return "–"
    return format_decimal(days, locale="en_GB" if lang == "en" else "da")


def _of(part: int, whole: int, lang: str) -> str:
    return t("report.of", lang, part=part, whole=whole, share=percent(part / whole, lang))


def _waves(data: ReportInput, lang: str) -> list[Block]:
    outcomes = data.outcomes
    measures = {m.wave: m for m in outcomes.waves}
    codes = list(data.sendings) or list(measures)
    if not codes:
        return []
    rows: list[Row] = []
    counted = _counted_waves(data) if data.sendings else codes
    for code in codes:
        label = wave_label(code, lang)
        sending = data.sendings.get(code)
        if code not in counted:
            due = sending.due_on if sending else None
            said = (
                t("report.pending", lang, date=format_date(due, lang))
                if due is not None and due >= data.today
                else t("report.not_sent", lang)
            )
            rows.append(Row((label, said), span_from=1))
            continue
        measure = measures.get(code)
        sent_on = sending.sent_on if sending else None
        sent = format_date(sent_on, lang) if sent_on else t("report.not_sent", lang)
        answered = (
            _of(sending.answered, sending.invited, lang) if sending and sending.invited else "–"
        )
        if measure is None or not measure.steps:
            rows.append(Row((label, sent, answered, "–", "–", "–")))
            continue
        rows.append(
            Row(
                (
                    label,
                    sent,
                    answered,
                    _of(measure.reported, measure.steps, lang),
                    percent(measure.progress_share, lang),
                    _days(measure, lang),
                )
            )
        )
    header = tuple(
        t(key, lang)
        for key in (
            "report.col_followup",
            "report.col_sent",
            "report.col_answered",
            "report.col_reported",
            "report.col_progress",
            "report.col_median",
        )
    )
    table = Table(header, tuple(rows), first_column=0.15)
    blocks: list[Block] = [Heading(t("report.waves", lang)), table]
    if outcomes.hidden and outcomes.steps:
        blocks.append(
            Paragraph(
                t(
                    "report.steps_hidden",
                    lang,
                    min=outcomes.min_group_size,
                    count=outcomes.people,
                    steps=outcomes.steps,
                )
            )
        )
    blocks.append(Paragraph(t("report.waves_note", lang), note=True))
    return blocks


def _cell(counts: LightCounts | None, people: int, lang: str) -> str:
    if counts is not None:
        return f"{counts.green} / {counts.yellow} / {counts.red}"
    return t("report.rated_hidden", lang, count=people) if people else "–"


def _lights(data: ReportInput, lang: str) -> list[Block]:
    """All eight factors, on the day (the summary's figures) and now (the same people's latest
    ratings); a factor rated by fewer than the minimum group shows how many rated it."""
    if not data.day_lights and not data.ratings:
        return []
    minimum = data.outcomes.min_group_size
    day: dict[str, tuple[LightCounts | None, int]] = {}
    for light in data.day_lights:
        counts = LightCounts(light.green, light.yellow, light.red)
        day[light.factor_id] = (None if light.hidden else counts, light.total)
    now = lights_now(data.ratings, data.lights_published, minimum)
    rows: list[Row] = []
    bars: list[LightBar] = []
    day_word, now_word = t("outcome.the_day", lang), t("report.now", lang)
    for factor in FACTORS:
        name = factor.short(lang)
        then_counts, then_people = day.get(factor.id, (None, 0))
        now_counts, now_people = now.get(factor.id, (None, 0))
        rows.append(
            Row(
                (
                    name,
                    _cell(then_counts, then_people, lang),
                    _cell(now_counts, now_people, lang),
                )
            )
        )
        if then_counts is not None and now_counts is not None:
            bars.append(LightBar(f"{name} – {day_word}", *_counts(then_counts)))
            bars.append(LightBar(f"{name} – {now_word}", *_counts(now_counts)))
    header = (t("report.col_factor", lang), t("report.col_day", lang), t("report.col_now", lang))
    blocks: list[Block] = [
        Heading(t("report.lights", lang)),
        Paragraph(t("report.study", lang), note=True),
        Table(header, tuple(rows), first_column=0.44),
        Paragraph(t("report.lights_note", lang), note=True),
    ]
    if bars:
        legend = tuple(t("light." + light, lang) for light in ("green", "yellow", "red"))
        blocks.append(Chart(t("report.chart_title", lang), legend, tuple(bars)))
    return blocks


def _counts(counts: LightCounts) -> tuple[int, int, int]:
    return counts.green, counts.yellow, counts.red


def _factor(factor_id: str, lang: str) -> str:
    if factor_id == OTHER:
        return t("outcome.other_factor", lang)
    return factor_by_id(factor_id).short(lang)


def _by_factor(outcomes: WorkshopOutcomes, sent: list[str] | None, lang: str) -> list[Block]:
    """Per factor, done or under way at each wave sent (`sent`; None: every wave)."""
    if outcomes.hidden or not outcomes.by_factor:
        return []
    codes = [m.wave for m in outcomes.waves if sent is None or m.wave in sent]
    header = (
        t("report.col_factor", lang),
        t("report.col_steps", lang),
        *(t("report.col_wave", lang, wave=wave_label(code, lang)) for code in codes),
    )
    rows: list[Row] = []
    for outcome in outcomes.by_factor:
        name = _factor(outcome.factor_id, lang)
        if outcome.hidden:
            hidden = t("report.group_hidden", lang, count=outcome.people)
            rows.append(Row((name, str(outcome.steps), hidden), span_from=2))
            continue
        shares = (percent(m.progress_share, lang) for m in outcome.waves if m.wave in codes)
        rows.append(Row((name, str(outcome.steps), *shares)))
    return [
        Heading(t("report.by_factor", lang)),
        Table(header, tuple(rows)),
        Paragraph(t("report.by_factor_note", lang), note=True),
    ]


def _drop_reasons(outcomes: WorkshopOutcomes, lang: str) -> list[Block]:
    reasons = outcomes.drop_reasons
    if outcomes.hidden or not reasons.dropped:
        return []
    heading = Heading(t("outcome.drop_reasons", lang))
    if reasons.hidden or reasons.counts is None:
        text = t("report.drops_hidden", lang, min=outcomes.min_group_size, count=reasons.dropped)
        return [heading, Paragraph(text)]
    rows = [
        Row((t("outcome.drop_unknown" if key == "unknown" else "drop." + key, lang), str(count)))
        for key in (*DROP_REASONS, "unknown")
        if (count := reasons.counts.get(key, 0))
    ]
    header = (t("report.col_reason", lang), t("report.col_steps", lang))
    return [heading, Table(header, tuple(rows))]


def _placed(word: str | None, factor_id: str, lang: str) -> str:
    if factor_id == OTHER:
        return ""
    if word is None:
        return t("summary.moved_by_facilitator", lang)
    return t("summary.placed_by", lang, word=word) if word else ""


def _quotes(data: ReportInput, lang: str) -> list[Block]:
    """The plans in the participants' own words (the latest revision), by factor, each with
    its latest status, never with a name; only under factors whose figures are shown."""
    outcomes = data.outcomes
    if outcomes.hidden:
        return []
    shown = {o.factor_id for o in outcomes.by_factor if not o.hidden}
    grouped: dict[str, list[Quote]] = {}
    for chain in chains(data.steps):
        status = t("report.quote_status", lang, status=t("path." + chain.status, lang))
        text = " ".join(chain.current.text.split())
        placed = data.placements.get(chain.original.text)
        if placed is None:
            placed = place_factors(chain.original.text)
        for factor_id in [f.id for f in FACTORS if f.id in placed] or [OTHER]:
            if factor_id in shown:
                why = _placed(placed.get(factor_id, ""), factor_id, lang)
                grouped.setdefault(factor_id, []).append(Quote(text, status, why))
    if not grouped:
        return []
    blocks: list[Block] = [
        Heading(t("report.quotes", lang)),
        Paragraph(t("report.quotes_intro", lang), note=True),
    ]
    for factor_id in [f.id for f in FACTORS] + [OTHER]:
        quotes = grouped.get(factor_id)
        if quotes:
            blocks.append(Heading(_factor(factor_id, lang), level=2))
            blocks += quotes[:QUOTES_PER_FACTOR]
    return blocks
