"""Exports for leadership and other tools: an Excel workbook, a Word report and a CSV.

They follow the summary's anonymity rules: names only for participants who chose to be named,
and any group under the minimum size appears as a count only. Cells that a spreadsheet would
run as a formula are written as text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Inches, Pt

from bot.facilitation.chart import summary_chart
from bot.facilitation.wording import factor_name, light_line, placed_note, placed_word
from bot.xlsx import Sheet, workbook_bytes
from flows.factors import OTHER
from flows.i18n import MESSAGES, format_date, t
from flows.joincode import format_code_for_reading
from flows.questions import NEXT_STEPS, TRAFFIC_LIGHTS, describe_answer
from flows.summary import QuestionSummary, Quote, WorkshopSummary
from flows.templates.schema import Template
from flows.text import formula_safe, spreadsheet_text, truncate, xml_safe
from flows.wording import (
    findings_heading,
    hidden_count,
    participation_rows,
    report_intro,
    sheet_name,
    target_months,
)


@dataclass(frozen=True)
class ExportFile:
    filename: str
    title: str
    content: bytes
    comment: str | None = None


def _name(user: str | None, names: Mapping[str, str]) -> str:
    return names.get(user, user) if user else ""


def _factors(factor_ids: Sequence[str], lang: str) -> str:
    return ", ".join(factor_name(f, lang) for f in factor_ids)


def export_files(
    summary: WorkshopSummary,
    template: Template,
    lang: str,
    names: Mapping[str, str],
    now: datetime,
) -> list[ExportFile]:
    w = summary.workshop
    stem = f"temadag-{w.code.lower()}-{w.day.isoformat()}"
    comment = t(
        "export.comment",
        lang,
        title=truncate(w.title, 80).replace("<", "‹").replace(">", "›").replace("&", "+"),
        date=format_date(w.day, lang),
    )
    return [
        ExportFile(
            f"{stem}.xlsx",
            f"{w.title[:60]} (Excel)",
            workbook(summary, template, lang, names, now),
            comment,
        ),
        ExportFile(
            f"{stem}.docx",
            f"{w.title[:60]} (Word)",
            report(summary, template, lang, names, now),
        ),
        ExportFile(
            f"{stem}.csv", f"{w.title[:60]} (CSV)", answers_csv(summary, template, lang, names)
        ),
    ]


# --- Excel -------------------------------------------------------------------------------------


def _sheet_title(wanted: str, taken: set[str]) -> str:
    return sheet_name(wanted, taken)


def _step_titles(template: Template, lang: str) -> dict[str, str]:
    """Question id → the title of its step: short enough to name a sheet, as people saw it."""
    return {q.id: step.title.get(lang) for step in template.all_steps for q in step.questions}


def _table(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[int],
) -> Sheet:
    # The workbook writer removes the characters XML refuses.
    return Sheet(
        title,
        [[formula_safe(v) if isinstance(v, str) else v for v in row] for row in rows],
        headers=[formula_safe(h) for h in headers],
        widths=widths,
        wrap=True,
    )


def workbook(
    summary: WorkshopSummary,
    template: Template,
    lang: str,
    names: Mapping[str, str],
    now: datetime,
) -> bytes:
    w = summary.workshop
    step_titles = _step_titles(template, lang)
    minimum = summary.min_group_size
    taken: set[str] = set()
    sheets = [
        _table(
            _sheet_title(t("export.sheet_overview", lang), taken),
            ["", ""],
            [
                (t("export.row_title", lang), w.title),
                (t("export.col_code", lang), format_code_for_reading(w.code)),
                (t("export.row_date", lang), w.day),
                *_participation_rows(summary, lang),
                (t("export.row_minimum", lang), minimum),
                *_grouping_rows(summary, lang),
                (t("export.row_exported", lang), now.date()),
            ],
            [24, 60],
        )
    ]
    for q in summary.questions:
        label = step_titles.get(q.question.id) or q.question.label.get(lang)
        sheets.append(_question_sheet(_sheet_title(label, taken), q, lang, names, minimum))
    if template.questions_of(TRAFFIC_LIGHTS):
        sheets.append(_lights_sheet(summary, lang, taken))
    if template.asks_next_steps:
        sheets.append(_next_steps_sheet(summary, lang, names, taken))
    return workbook_bytes(sheets)


def _grouping_rows(summary: WorkshopSummary, lang: str) -> list[tuple[str, str]]:
    """The overview says the grouping is automatic when any answers are shown grouped."""
    if not _shows_grouping(summary):
        return []
    return [(t("export.row_grouping", lang), _grouping_note(lang))]


def _grouping_note(lang: str) -> str:
    """That grouping is automatic, and how a facilitator's move is marked."""
    return f"{t('summary.grouping_automatic', lang)} {t('export.grouping_corrected', lang)}"


def _moved_cell(quote: Quote, lang: str) -> str:
    """The column that marks a quote a facilitator moved (into a factor or out of one)."""
    return t("export.yes", lang) if quote.corrected else ""


def _shows_grouping(summary: WorkshopSummary) -> bool:
    return any(q.grouped and q.groups and not q.hidden for q in summary.questions)


def _lights_sheet(summary: WorkshopSummary, lang: str, taken: set[str]) -> Sheet:
    light_rows: list[Sequence[object]] = []
    for light in summary.lights:
        name = factor_name(light.factor_id, lang)
        if light.hidden:
            light_rows.append(
                (name, "", "", "", light.total),
            )
        else:
            light_rows.append((name, light.green, light.yellow, light.red, light.total))
    return _table(
        _sheet_title(t("export.sheet_lights", lang), taken),
        [
            t("export.col_factor", lang),
            t("export.col_green", lang),
            t("export.col_yellow", lang),
            t("export.col_red", lang),
            t("export.col_total", lang),
        ],
        light_rows,
        [44, 10, 10, 10, 10],
    )


def _next_steps_sheet(
    summary: WorkshopSummary, lang: str, names: Mapping[str, str], taken: set[str]
) -> Sheet:
    n = summary.next_steps
    step_rows: list[Sequence[object]]
    if n.hidden:
        step_rows = [(hidden_count(n.total, summary.min_group_size, lang), "", "", "", "")]
    else:
        step_rows = [
            (
                item.text,
                item.target_date,
                _status(item.status, lang),
                _factors(item.factors, lang),
                _name(item.named_user, names),
            )
            for item in n.items
        ]
    return _table(
        _sheet_title(t("export.sheet_next_steps", lang), taken),
        [
            t("export.col_step", lang),
            t("export.col_target", lang),
            t("export.col_status", lang),
            t("export.col_factors", lang),
            t("export.col_name", lang),
        ],
        step_rows,
        [70, 14, 18, 40, 22],
    )


def _question_sheet(
    title: str, q: QuestionSummary, lang: str, names: Mapping[str, str], minimum: int
) -> Sheet:
    if q.hidden:
        return _table(
            title,
            [t("export.col_answer", lang)],
            [(hidden_count(q.count, minimum, lang),)],
            [70],
        )
    if q.options:
        rows = [
            (
                _option_label(q, o.option_id, lang)
                if o.option_id is not None
                else t("summary.small_options", lang),
                o.count,
            )
            for o in q.options
        ]
        return _table(
            title, [t("export.col_option", lang), t("export.col_count", lang)], rows, [40, 10]
        )
    if not q.grouped:
        # Not about the success factors (an evaluation of the day): no factor column.
        return _table(
            title,
            [t("export.col_answer", lang), t("export.col_name", lang)],
            [(quote.text, _name(quote.named_user, names)) for quote in q.answers],
            [90, 22],
        )
    rows_out: list[Sequence[object]] = []
    for group in q.groups:
        label = factor_name(group.factor_id, lang)
        if group.hidden:
            rows_out.append((label, hidden_count(group.count, minimum, lang), "", "", ""))
            continue
        for quote in group.answers:
            word = placed_word(quote, group.factor_id, lang)
            rows_out.append(
                (label, quote.text, word, _moved_cell(quote, lang), _name(quote.named_user, names))
            )
    return _table(
        title,
        [
            t("export.col_factor", lang),
            t("export.col_answer", lang),
            t("export.col_word", lang),
            t("export.col_moved", lang),
            t("export.col_name", lang),
        ],
        rows_out,
        [36, 90, 22, 14, 22],
    )


def _option_label(q: QuestionSummary, option_id: str, lang: str) -> str:
    for o in q.question.options:
        if o.id == option_id:
            return o.label.get(lang)
    return option_id


# --- Word --------------------------------------------------------------------------------------


def _participation_rows(summary: WorkshopSummary, lang: str) -> list[tuple[str, int]]:
    p = summary.workshop.participation
    return participation_rows(p.joined, p.started, p.completed, lang, round_only=p.round_only)


class _Report:
    """Adds paragraphs with styles resolved once, many at a time.

    python-docx builds a paragraph element by element and resolves its style by name (about a
    quarter of a millisecond each), which made a 1,000-person report's 2,300 quotes cost most of
    a second. The paragraphs are kept as the same WordprocessingML python-docx would write and
    parsed as one fragment when something else is added (a picture) or the file is saved.
    """

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self._style_ids: dict[str, str] = {}
        self._pending: list[str] = []

    def paragraph(self, text: str, style: str | None = None) -> None:
        properties = ""
        if style is not None:
            style_id = self._style_ids.get(style)
            if style_id is None:
                style_id = self._style_ids[style] = self.document.styles[style].style_id
            properties = f'<w:pPr><w:pStyle w:val="{escape(style_id, _QUOTE)}"/></w:pPr>'
        self._pending.append(f"<w:p>{properties}{_run(text)}</w:p>")

    def heading(self, text: str, level: int) -> None:
        self.paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def flush(self) -> None:
        if not self._pending:
            return
        fragment = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self._pending)}</w:body>")
        self._pending = []
        body = self.document.element.body
        end = body.sectPr
        for paragraph in list(fragment):
            if end is not None:
                end.addprevious(paragraph)
            else:
                body.append(paragraph)


_QUOTE = {'"': "&quot;"}
# As python-docx's Run.text writes them: a tab is a tab element, a line break a break element.
_BREAKS = re.compile(r"(\t|\r\n|\n|\r)")


def _run(text: str) -> str:
    if not text:
        return ""
    parts = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\n", "\r", "\r\n"):
            parts.append("<w:br/>")
        elif piece:
            parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{''.join(parts)}</w:r>"


def report(
    summary: WorkshopSummary,
    template: Template,
    lang: str,
    names: Mapping[str, str],
    now: datetime,
) -> bytes:
    w = summary.workshop
    minimum = summary.min_group_size
    document = Document()
    out = _Report(document)
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    out.heading(xml_safe(t("export.report_title", lang, title=w.title)), level=0)
    out.paragraph(
        f"{format_date(w.day, lang)} · {t('export.col_code', lang)} "
        f"{format_code_for_reading(w.code)} · {t('export.row_exported', lang)} "
        f"{format_date(now.date(), lang)}"
    )
    out.heading(t("export.report_participation", lang), level=1)
    for label, value in _participation_rows(summary, lang):
        out.paragraph(f"{label}: {value}", "List Bullet")
    out.heading(findings_heading(template, lang), level=1)
    out.paragraph(report_intro(template, minimum, lang))
    if _shows_grouping(summary):
        out.paragraph(_grouping_note(lang))
    for q in summary.questions:
        out.heading(xml_safe(q.question.label.get(lang)), level=2)
        if q.hidden:
            out.paragraph(hidden_count(q.count, minimum, lang))
            continue
        out.paragraph(t("summary.answers", lang, count=q.count))
        for o in q.options:
            label = (
                _option_label(q, o.option_id, lang)
                if o.option_id is not None
                else t("summary.small_options", lang)
            )
            out.paragraph(f"{xml_safe(label)}: {o.count}", "List Bullet")
        if not q.grouped:
            for quote in q.answers:
                line = f"“{xml_safe(quote.text)}”"
                if quote.named_user:
                    line += f" — {xml_safe(_name(quote.named_user, names))}"
                out.paragraph(line, "Intense Quote")
            continue
        for group in q.groups:
            heading = f"{factor_name(group.factor_id, lang)} ({group.count})"
            out.heading(heading, level=3)
            if group.hidden:
                out.paragraph(hidden_count(group.count, minimum, lang))
                continue
            for quote in group.quotes:
                line = f"“{xml_safe(quote.text)}”"
                if quote.named_user:
                    line += f" — {xml_safe(_name(quote.named_user, names))}"
                note = placed_note(quote, group.factor_id, lang)
                if note:
                    line += f" ({xml_safe(note)})"
                out.paragraph(line, "Intense Quote")
    if template.questions_of(TRAFFIC_LIGHTS):
        _report_lights(out, document, summary, lang)
    if template.asks_next_steps:
        _report_next_steps(out, summary, lang, names)
    out.flush()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _report_lights(
    out: _Report, document: DocxDocument, summary: WorkshopSummary, lang: str
) -> None:
    out.heading(t("export.report_lights", lang), level=1)
    png = summary_chart(summary, lang)
    if png is not None:
        out.flush()
        document.add_picture(io.BytesIO(png), width=Inches(6.3))
    for light in summary.lights:
        out.paragraph(light_line(light, lang), "List Bullet")


def _report_next_steps(
    out: _Report, summary: WorkshopSummary, lang: str, names: Mapping[str, str]
) -> None:
    out.heading(t("export.report_next_steps", lang), level=1)
    n = summary.next_steps
    if n.hidden:
        out.paragraph(hidden_count(n.total, summary.min_group_size, lang))
    else:
        out.paragraph(
            t("summary.next_steps", lang, total=n.total, people=n.people).replace("*", "")
        )
        if n.by_month:
            out.paragraph(target_months(n.by_month, lang))
        if n.top_factors:
            factors = ", ".join(f"{factor_name(f, lang)} ({c})" for f, c in n.top_factors)
            out.paragraph(t("summary.next_factors", lang, factors=factors))
        for item in n.items:
            line = xml_safe(item.text)
            if item.target_date:
                line += f" ({format_date(item.target_date, lang)})"
            if item.named_user:
                line += f" — {xml_safe(_name(item.named_user, names))}"
            out.paragraph(line, "List Number")


def _status(status: str, lang: str) -> str:
    key = f"status.{status}"
    return t(key, lang) if key in MESSAGES else status


# --- CSV ---------------------------------------------------------------------------------------


class _SafeWriter:
    """Every cell goes through spreadsheet_text: answers, labels and display names alike."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer
        # Most cells repeat (the code, the question, its label and kind on every row).
        self._safe: dict[str, str] = {}
        self._width: int | None = None

    def writerow(self, row: Sequence[object]) -> None:
        cells = []
        # Rows without a grouping word leave the last column empty, so every row has as many
        # cells as the header.
        if self._width is None:
            self._width = len(row)
        for value in [*row, *[""] * (self._width - len(row))]:
            text = str(value)
            safe = self._safe.get(text)
            if safe is None:
                safe = self._safe[text] = spreadsheet_text(text)
            cells.append(safe)
        self._writer.writerow(cells)


def answers_csv(
    summary: WorkshopSummary, template: Template, lang: str, names: Mapping[str, str]
) -> bytes:
    """One row per answer shown; hidden groups contribute a count row, not their answers.

    No participant key: rows cannot be joined into a profile of one person. Names appear only
    for participants who chose to be named.
    """
    w = summary.workshop
    minimum = summary.min_group_size
    buffer = io.StringIO()
    writer = _SafeWriter(csv.writer(buffer, delimiter=";"))
    writer.writerow(
        [
            t("export.col_code", lang),
            t("export.col_question_id", lang),
            t("export.col_question", lang),
            t("export.col_kind", lang),
            t("export.col_answer", lang),
            t("export.col_factors", lang),
            t("export.col_name", lang),
            t("export.col_word", lang),
            t("export.col_moved", lang),
        ]
    )
    code = format_code_for_reading(w.code)
    for q in summary.questions:
        label = q.question.label.get(lang)
        kind = q.question.kind
        if q.hidden:
            hidden = hidden_count(q.count, minimum, lang)
            writer.writerow([code, q.question.id, label, kind, hidden, "", ""])
            continue
        if q.options:
            for o in q.options:
                name = (
                    _option_label(q, o.option_id, lang)
                    if o.option_id is not None
                    else t("summary.small_options", lang)
                )
                writer.writerow([code, q.question.id, label, kind, f"{name}: {o.count}", "", ""])
            continue
        factors_of: dict[int, list[str]] = {}
        words_of: dict[int, list[str]] = {}
        ordered: list[Quote] = []
        for group in q.groups:
            if group.hidden:
                continue
            for quote in group.answers:
                if id(quote) not in factors_of:
                    factors_of[id(quote)] = []
                    words_of[id(quote)] = []
                    ordered.append(quote)
                if group.factor_id != OTHER:
                    factors_of[id(quote)].append(factor_name(group.factor_id, lang))
                    words_of[id(quote)].append(placed_word(quote, group.factor_id, lang))
                elif quote.corrected:
                    words_of[id(quote)].append(placed_word(quote, OTHER, lang))
        for quote in ordered:
            writer.writerow(
                [
                    code,
                    q.question.id,
                    label,
                    kind,
                    quote.text,
                    ", ".join(factors_of[id(quote)]),
                    _name(quote.named_user, names),
                    ", ".join(words_of[id(quote)]),
                    _moved_cell(quote, lang),
                ]
            )
    lights = next((q for q in template.questions_of(TRAFFIC_LIGHTS)), None)
    if lights is not None and not summary.lights_hidden:
        for answer in w.answers:
            # Only the people the figures count: a row more would be the newest person's.
            if (
                answer.question_id == lights.id
                and answer.participant_id in summary.lights_published
            ):
                writer.writerow(
                    [
                        code,
                        lights.id,
                        lights.label.get(lang),
                        lights.kind,
                        describe_answer(lights, answer.value, lang).replace("\n", "; "),
                        "",
                        _name(answer.named_user, names),
                    ]
                )
    n = summary.next_steps
    step_question = next((q for q in template.questions_of(NEXT_STEPS)), None)
    step_id = step_question.id if step_question else "next_steps"
    step_label = step_question.label.get(lang) if step_question else ""
    if not n.hidden:
        for item in n.items:
            target = item.target_date.isoformat() if item.target_date else ""
            writer.writerow(
                [
                    code,
                    step_id,
                    step_label,
                    NEXT_STEPS,
                    item.text + (f" ({target})" if target else ""),
                    _factors(item.factors, lang),
                    _name(item.named_user, names),
                    ", ".join(item.word_for(f) or "" for f in item.factors),
                ]
            )
    # A BOM so Excel opens the Danish letters correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
