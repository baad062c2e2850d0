"""Any text a person can store exports: characters a file format cannot hold (U+FFFF and the
other characters XML 1.0 forbids) are left out of that file, never the file itself."""

from __future__ import annotations

import csv
import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from bot.slack import ids
from flows.text import xml_safe
from tests.support.harness import Bot
from tests.support.people import (
    FACILITATOR,
    PARTICIPANT,
    STEP_ANSWERS,
    all_lights,
    code_of,
    complete_reflection,
    create_workshop,
    seed_reflections,
    start_button,
    uploaded_files,
)

# XML 1.0 refuses all of these; a person can store every one of them.
FORBIDDEN = "\uffff\ufffe\x0b\x1f"
ANSWER = f"Ledelsen bakkede op{FORBIDDEN} fra dag ét"
SHOWN = "Ledelsen bakkede op fra dag ét"


@pytest.fixture(autouse=True)
def _danish_speakers(standin) -> None:
    for user in (FACILITATOR, PARTICIPANT):
        standin.set_user(user, locale="da-DK")


@pytest.mark.parametrize("char", ["\uffff", "\ufffe", "\ud800", "\x00", "\x1f", "\U0010ffff"])
def test_it_leaves_out_only_what_xml_forbids_when_a_text_holds_it(char: str) -> None:
    allowed = char == "\U0010ffff"
    assert xml_safe(f"a{char}b\tc\nd") == (f"a{char}b\tc\nd" if allowed else "ab\tc\nd")


def test_it_exports_excel_word_and_csv_when_an_answer_holds_characters_xml_forbids(
    bot: Bot,
) -> None:
    announcement = create_workshop(bot, "Fra politik til praksis", **{ids.W_MIN_GROUP: 2})
    workshop_id = int(start_button(announcement))
    rows = [
        {"succeeded": {"text": ANSWER}, "hard": {"text": ANSWER}, **all_lights("green")}
        for _ in range(3)
    ]
    seed_reflections(bot, workshop_id, rows)

    bot.slack.command(FACILITATOR, f"eksport {code_of(announcement)}")
    bot.settle()

    files = uploaded_files(bot)
    assert set(files) == {"xlsx", "docx", "csv"}
    book = load_workbook(io.BytesIO(files["xlsx"].content))
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert SHOWN in cells
    report = Document(io.BytesIO(files["docx"].content))
    assert SHOWN in "\n".join(p.text for p in report.paragraphs)
    table = files["csv"].content.decode("utf-8-sig")
    answers = [r[4] for r in csv.reader(io.StringIO(table), delimiter=";")]
    assert SHOWN in answers
    assert not set(FORBIDDEN) & set(table)


def test_it_exports_a_persons_own_data_when_an_answer_holds_characters_xml_forbids(
    bot: Bot,
) -> None:
    answers = [dict(a) for a in STEP_ANSWERS]
    answers[1] = {"succeeded": ANSWER}
    complete_reflection(bot, answers=answers)

    bot.slack.command(PARTICIPANT, "mine-data")
    bot.settle()

    uploaded = {f.filename.rsplit(".", 1)[-1]: f for f in bot.standin.uploaded_files.values()}
    assert set(uploaded) == {"xlsx", "json"}
    book = load_workbook(io.BytesIO(uploaded["xlsx"].content))
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert SHOWN in cells
    # JSON holds every character: the person gets back what was stored (the form's input
    # already dropped the control characters; U+FFFF and U+FFFE were kept).
    stored = json.dumps(json.loads(uploaded["json"].content), ensure_ascii=False)
    assert "Ledelsen bakkede op\uffff\ufffe fra dag ét" in stored
