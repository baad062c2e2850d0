"""Each quote under a success factor shows the word that placed it there, in Slack and in every
export; grouping is said to be automatic; "Ikke grupperet" replaces "Andet"; questions that
name their topic are listed without grouping."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime

from docx import Document
from openpyxl import load_workbook

from bot.facilitation.exports import answers_csv, report, workbook
from bot.facilitation.views import summary_message
from flows.summary import (
    AnswerRecord,
    NextStepRecord,
    Participation,
    WorkshopRecords,
    WorkshopSummary,
    summarise,
)
from flows.templates import TemplateRegistry

TEMPLATE = TemplateRegistry.load().get("health_policy")
NOW = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)
AUTOMATIC = "Svarene er grupperet automatisk efter de ord, de bruger"


def _summary(texts: dict[str, list[str]]) -> WorkshopSummary:
    answers = tuple(
        AnswerRecord(n, question_id, {"text": text})
        for question_id, written in texts.items()
        for n, text in enumerate(written)
    )
    records = WorkshopRecords(
        workshop_id=1,
        code="ABCDEF",
        title="Temadag",
        day=date(2026, 10, 17),
        language="da",
        template_id="health_policy",
        min_group_size=2,
        status="open",
        participation=Participation(2, 2, 2),
        answers=answers,
    )
    return summarise(TEMPLATE, records)


HARD = ["Handleplanen godkendes i Sundhedsudvalget", "Vi mangler opbakning i KB"]


def _slack_text(summary: WorkshopSummary) -> str:
    _, blocks = summary_message(summary, TEMPLATE, "da")
    return "\n".join(str(block) for block in blocks)


def test_the_slack_summary_shows_the_word_beside_each_quote_and_says_grouping_is_automatic() -> (
    None
):
    text = _slack_text(_summary({"hard": HARD}))
    assert "grupperet efter ordet »Sundhedsudvalget«" in text
    assert "grupperet efter ordet »KB«" in text
    assert AUTOMATIC in text


def test_answers_about_no_factor_are_shown_as_not_grouped() -> None:
    summary = _summary({"hard": ["Vejret var dårligt", "Kaffen var god"]})
    (hard,) = [q for q in summary.questions if q.question.id == "hard"]
    assert [g.factor_id for g in hard.groups] == ["other"]
    text = _slack_text(summary)
    assert "Ikke grupperet" in text and "Andet" not in text


def test_a_question_that_names_its_topic_is_not_grouped_and_shows_no_word() -> None:
    summary = _summary({"involved": ["Politikerne i udvalget", "Lederne og medarbejderne"]})
    (involved,) = [q for q in summary.questions if q.question.id == "involved"]
    assert not involved.grouped
    assert all(not quote.words for quote in involved.answers)
    text = _slack_text(summary)
    assert "grupperet efter ordet" not in text and AUTOMATIC not in text


def test_the_workbook_has_a_column_with_the_word_and_says_grouping_is_automatic() -> None:
    book = load_workbook(io.BytesIO(workbook(_summary({"hard": HARD}), TEMPLATE, "da", {}, NOW)))
    sheets = [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]
    (grouped,) = [rows for rows in sheets if "Grupperet efter ordet" in rows[0]]
    column, answer = grouped[0].index("Grupperet efter ordet"), grouped[0].index("Svar")
    words = {row[answer]: row[column] for row in grouped[1:]}
    assert words["Handleplanen godkendes i Sundhedsudvalget"] == "Sundhedsudvalget"
    assert words["Vi mangler opbakning i KB"] == "KB"
    assert any(AUTOMATIC in str(cell) for row in sheets[0] for cell in row)


def test_the_report_shows_the_word_beside_each_quote_and_says_grouping_is_automatic() -> None:
    document = Document(io.BytesIO(report(_summary({"hard": HARD}), TEMPLATE, "da", {}, NOW)))
    texts = [p.text for p in document.paragraphs]
    assert "“Vi mangler opbakning i KB” (grupperet efter ordet »KB«)" in texts
    assert any(AUTOMATIC in text for text in texts)


def test_the_csv_has_a_column_with_the_word_for_each_factor_of_an_answer() -> None:
    data = answers_csv(_summary({"hard": HARD}), TEMPLATE, "da", {}).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    word = rows[0].index("Grupperet efter ordet")
    assert rows[0][word + 1 :] == ["Flyttet af facilitator"]
    assert {len(row) for row in rows} == {len(rows[0])}
    by_answer = {row[4]: row[word] for row in rows[1:]}
    assert by_answer["Vi mangler opbakning i KB"] == "KB"
    assert by_answer["Handleplanen godkendes i Sundhedsudvalget"] == "Sundhedsudvalget"


def test_a_next_step_carries_the_word_that_placed_it_for_the_report_and_the_csv() -> None:
    steps = tuple(
        NextStepRecord(n, "Tage handleplanen op i KB", date(2026, 12, 1), "open") for n in range(2)
    )
    summary = summarise(TEMPLATE, replace(_summary({"hard": HARD}).workshop, next_steps=steps))
    (item, _) = summary.next_steps.items
    assert item.factors == ("political_backing",)
    assert item.word_for("political_backing") == "KB"
    data = answers_csv(summary, TEMPLATE, "da", {}).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    word = rows[0].index("Grupperet efter ordet")
    assert [row[word] for row in rows if row[3] == "next_steps"] == ["KB", "KB"]
