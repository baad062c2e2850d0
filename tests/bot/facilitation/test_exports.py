"""The Word report's paragraphs, written many at a time: as python-docx would write each."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from docx import Document

from bot.facilitation.exports import report
from flows.summary import (
    AnswerRecord,
    Participation,
    WorkshopRecords,
    WorkshopSummary,
    summarise,
)
from flows.templates import TemplateRegistry

TEMPLATE = TemplateRegistry.load().get("health_policy")
NOW = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)


def _summary(answers: list[AnswerRecord]) -> WorkshopSummary:
    records = WorkshopRecords(
        workshop_id=1,
        code="ABCDEF",
        title="Fra politik <til> praksis & drift",
        day=date(2026, 10, 17),
        language="da",
        template_id="health_policy",
        min_group_size=2,
        status="open",
        participation=Participation(len(answers), len(answers), 0),
        answers=tuple(answers),
        next_steps=(),
    )
    return summarise(TEMPLATE, records)


def test_quotes_keep_their_line_breaks_tabs_and_markup_characters_in_order() -> None:
    texts = ["Politisk opbakning <b>&</b>\nanden linje\tmed tab", "Politisk opbakning igen"]
    answers = [AnswerRecord(n, "hard", {"text": text}) for n, text in enumerate(texts)]
    lights = {"political_backing": "green", "networks": "red"}
    answers += [AnswerRecord(n, "lights", {"lights": lights}) for n in range(2)]
    document = Document(io.BytesIO(report(_summary(answers), TEMPLATE, "da", {}, NOW)))
    paragraphs = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Rapport: Fra politik <til> praksis & drift")
    quotes = [text for style, text in paragraphs if style == "Intense Quote"]
    placed = " (grupperet efter ordet »Politisk«)"
    assert f"“Politisk opbakning <b>&</b>\nanden linje\tmed tab”{placed}" in quotes
    # The chart lands under its heading, before the lines that read it out.
    body = [child.tag.rsplit("}", 1)[1] for child in document.element.body]
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert body[-1] == "sectPr" and len(document.inline_shapes) == 1
    picture = next(i for i, child in enumerate(document.element.body) if child.xpath(".//pic:pic"))
    before = document.element.body[picture - 1].xpath("string(.)")
    assert before == headings[-2]
