"""The Excel writer both exports use: text stays text, dates are Danish, headings stand out."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

from openpyxl import load_workbook

from bot.xlsx import Sheet, workbook_bytes


def _read(*sheets: Sheet) -> Any:
    return load_workbook(io.BytesIO(workbook_bytes(list(sheets))))


def test_formula_like_text_is_written_as_text_without_characters_xml_refuses() -> None:
    book = _read(Sheet("Svar", [['=HYPERLINK("https://x","klik")', "bell\x07 and\ttab"]]))
    formula, bell = book["Svar"][1]
    assert formula.value == '=HYPERLINK("https://x","klik")' and formula.data_type == "s"
    assert bell.value == "bell and\ttab"


def test_values_keep_their_kind_and_dates_read_the_danish_way() -> None:
    at = datetime(2026, 10, 17, 9, 30, tzinfo=UTC)
    book = _read(Sheet("Ark", [[3, 2.5, True, None, date(2026, 12, 1), at]]))
    number, fraction, flag, empty, day, moment = book["Ark"][1]
    assert (number.value, fraction.value, flag.value, empty.value) == (3, 2.5, True, None)
    assert day.value == datetime(2026, 12, 1) and day.number_format == "DD-MM-YYYY"
    # Excel has no time zones: the UTC time as it is.
    assert moment.value == datetime(2026, 10, 17, 9, 30)
    assert moment.number_format == "DD-MM-YYYY HH:MM"


def test_a_header_row_stands_out_stays_in_view_and_wrapped_sheets_wrap_what_they_hold() -> None:
    sheet = Sheet("Svar", [["Et langt svar", ""]], headers=["Svar", "Navn"], widths=[90], wrap=True)
    plain = Sheet("Rå", [["x"]])
    book = _read(sheet, plain)
    answers = book["Svar"]
    assert [c.value for c in answers[1]] == ["Svar", "Navn"]
    assert answers["A1"].font.bold and answers["A1"].fill.fgColor.rgb.endswith("2F5496")
    assert answers.freeze_panes == "A2"
    assert answers["A2"].alignment.wrap_text and not answers["A2"].font.bold
    assert answers["B2"].value is None  # an empty cell is left unwritten
    assert int(answers.column_dimensions["A"].width) == 90
    raw = book["Rå"]
    assert raw.freeze_panes is None and not raw["A1"].alignment.wrap_text
