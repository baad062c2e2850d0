"""The report as a Word file: each block of `report.Report` in Word's own styles (headings,
tables with a header row, a chart, quotes), so it opens cleanly in Word and LibreOffice and
reads well as PDF."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor

from bot.charts import traffic_light_chart
from bot.facilitation.report import Chart, Heading, PageBreak, Paragraph, Quote, Report, Table
from flows.text import xml_safe

if TYPE_CHECKING:
    from docx.document import Document as DocumentType
    from docx.table import _Row

NOTE_GREY = RGBColor(0x55, 0x55, 0x55)
MARGIN_CM = 2.2
TEXT_WIDTH = 21.0 - 2 * MARGIN_CM  # A4, in centimetres


def report_docx(report: Report) -> bytes:
    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(MARGIN_CM)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    document.core_properties.title = xml_safe(report.title)
    document.add_heading(xml_safe(report.title), level=0)
    for block in report.blocks:
        if isinstance(block, Heading):
            document.add_heading(xml_safe(block.text), level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            run = paragraph.add_run(xml_safe(block.text))
            if block.note:
                run.font.size = Pt(9)
                run.font.color.rgb = NOTE_GREY
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Chart):
            image = traffic_light_chart(list(block.bars), block.title, list(block.legend))
            document.add_picture(io.BytesIO(image), width=Inches(6.2))
        elif isinstance(block, Quote):
            paragraph = document.add_paragraph(style="Quote")
            paragraph.add_run(xml_safe(block.text))
            note = f"{block.status} · {block.placed}" if block.placed else block.status
            status = paragraph.add_run("\n" + xml_safe(note))
            status.italic = False
            status.font.size = Pt(9)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: DocumentType, block: Table) -> None:
    header = any(block.header)
    width = len(block.header)
    table = document.add_table(rows=1 if header else 0, cols=width)
    table.style = "Table Grid"
    table.autofit = False
    first = TEXT_WIDTH * block.first_column if width > 1 else TEXT_WIDTH
    widths = [first] + [(TEXT_WIDTH - first) / (width - 1)] * (width - 1)
    if header:
        for cell, text in zip(table.rows[0].cells, block.header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(xml_safe(text)).bold = True
        _repeat_as_header(table.rows[0])
    for row in block.rows:
        cells = list(table.add_row().cells)
        texts = list(row.cells) + [""] * (width - len(row.cells))
        start = row.span_from
        if start is not None and start < width - 1:
            merged = cells[start].merge(cells[width - 1])
            texts = [*texts[:start], " ".join(x for x in texts[start:] if x)]
            cells = [*cells[:start], merged]
        for cell, text in zip(cells, texts, strict=True):
            cell.text = xml_safe(text)
        if not header and cells[0].paragraphs[0].runs:
            cells[0].paragraphs[0].runs[0].bold = True
    for row_ in table.rows:
        for index, cell in enumerate(row_.cells[:width]):
            cell.width = Cm(widths[min(index, width - 1)])
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9.5)
    document.add_paragraph()


def _repeat_as_header(row: _Row) -> None:
    """A table that runs over a page repeats its header row (Word and LibreOffice both)."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)
