"""Excel workbooks for the exports, written with XlsxWriter.

XlsxWriter writes each cell straight to the sheet's XML; openpyxl builds an object per cell and
styles it by hashing, which cost more than a second for a 1,000-person workshop's 47,000 cells.
Text is written as text, never as a formula or a number, whatever it starts with.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import xlsxwriter

from flows.text import xml_safe

DATE_FORMAT = "DD-MM-YYYY"  # Danish short dates: 17-10-2026
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"


@dataclass(frozen=True)
class Sheet:
    """One sheet: an optional header row in the heading style, then its rows.

    `wrap` wraps and top-aligns every cell (answers are paragraphs); `widths` are column widths
    in characters, from the first column.
    """

    title: str
    rows: Sequence[Sequence[object]]
    headers: Sequence[str] | None = None
    widths: Sequence[int] = ()
    wrap: bool = False


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The .xlsx file. Sheet titles must already be valid and distinct (≤ 31 characters)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    wrap: dict[str, Any] = {"text_wrap": True, "valign": "top"}
    heading = book.add_format(
        {**wrap, "bold": True, "font_color": "#FFFFFF", "bg_color": "#2F5496", "pattern": 1}
    )
    formats = {
        False: (None, book.add_format({"num_format": DATE_FORMAT}), _datetimes(book, {})),
        True: (
            book.add_format(wrap),
            book.add_format({**wrap, "num_format": DATE_FORMAT}),
            _datetimes(book, wrap),
        ),
    }
    for sheet in sheets:
        out = book.add_worksheet(sheet.title)
        text, dated, timed = formats[sheet.wrap]
        first = 0
        if sheet.headers is not None:
            for column, label in enumerate(sheet.headers):
                out.write_string(0, column, xml_safe(label), heading)
            out.freeze_panes(1, 0)
            first = 1
        for number, row in enumerate(sheet.rows, start=first):
            for column, value in enumerate(row):
                # An empty cell is not written at all: a big workshop's answer sheets have a
                # name column that is mostly empty, and each written cell costs.
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    out.write_string(number, column, xml_safe(value), text)
                elif isinstance(value, bool):
                    out.write_boolean(number, column, value, text)
                elif isinstance(value, int | float):
                    out.write_number(number, column, value, text)
                elif isinstance(value, datetime):
                    # Excel has no time zones: the value is written as it is given.
                    out.write_datetime(number, column, value.replace(tzinfo=None), timed)
                elif isinstance(value, date):
                    out.write_datetime(number, column, value, dated)
                else:
                    out.write_string(number, column, xml_safe(str(value)), text)
        for column, width in enumerate(sheet.widths):
            out.set_column(column, column, width)
    book.close()
    return buffer.getvalue()


def _datetimes(book: Any, style: dict[str, Any]) -> Any:
    return book.add_format({**style, "num_format": DATETIME_FORMAT})
