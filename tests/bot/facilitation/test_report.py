"""The report for a committee, worked out by hand on the three-wave scenario
(tests/flows/outcomes_scenario.py: day 15 October 2026, waves 2w, 3m, 6m; minimum group 3).

By hand, each step's status as of each wave (a step counted once with its re-plan):
    2w: reported s1, s2, s3, s4 = 4 of 6 (67 %); done or under way s1, s3 = 2 of 6 (33 %);
        done s3 on 3 Nov = 19 days → median 19
    3m: reported s1, s4→s5, s6 = 3 of 6 (50 %); done or under way s1, s3, s5 = 50 %;
        done s3 (19) and s1 on 20 Jan (97) → median 58
    6m: reported s2, s5, s6 = 3 of 6 (50 %); done or under way s1, s3, s5, s6 = 67 %;
        done 19, 97 and s5 on 16 Apr (183) → median 97
Traffic lights of the people the summary counts (Anna, Bo, Cara): political backing on the
day red, yellow, red (0/1/2), now green (Anna 6m), yellow (Bo 3m), red (Cara 3m) = 1/1/1;
networks yellow, red, red (0/1/2), now green, red, green = 2/0/1. Dan is not counted.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from bot.facilitation.report import (
    Chart,
    Paragraph,
    Quote,
    ReportInput,
    Row,
    Table,
    WaveSending,
    outcome_report,
)
from bot.facilitation.report_docx import report_docx
from flows.outcomes import compute_outcomes
from flows.summary import LightCount
from tests.flows.outcomes_scenario import RATINGS, STEPS, workshop

DAY_LIGHTS = (
    LightCount("political_backing", 0, 1, 2, False),
    LightCount("networks", 0, 1, 2, False),
)
ALL_SENT = {
    "2w": WaveSending("2w", date(2026, 10, 29), None, 4, 2),
    "3m": WaveSending("3m", date(2027, 1, 15), None, 4, 3),
    "6m": WaveSending("6m", date(2027, 4, 15), None, 4, 3),
}


def data(
    minimum: int = 3,
    sendings: dict[str, WaveSending] | None = None,
    today: date = date(2027, 5, 3),
) -> ReportInput:
    return ReportInput(
        outcomes=compute_outcomes(workshop(minimum)),
        steps=STEPS,
        ratings=RATINGS,
        today=today,
        joined=5,
        day_lights=DAY_LIGHTS,
        lights_published=frozenset({1, 2, 3}),
        sendings=ALL_SENT if sendings is None else sendings,
    )


def tables(lang: str = "da", **kwargs: object) -> list[Table]:
    report = outcome_report(data(**kwargs), lang)  # type: ignore[arg-type]
    return [block for block in report.blocks if isinstance(block, Table)]


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def rows_of(table: Table) -> list[tuple[str, ...]]:
    return [tuple(plain(cell) for cell in row.cells) for row in table.rows]


def test_the_first_page_names_the_day_and_counts_each_wave_by_hand() -> None:
    report = outcome_report(data(), "da")
    assert report.title == "Opfølgning på næste skridt: Fra politik til praksis"
    first = report.blocks[0]
    assert isinstance(first, Paragraph)
    assert first.text == "Temadag 15. oktober 2026 · status pr. 3. maj 2027"
    overview, waves = tables()[:2]
    assert rows_of(overview) == [
        ("Deltog i temadagen", "5 deltagere"),
        ("Skrev næste skridt", "4 deltagere, 6 skridt"),
        ("Mindste gruppe, der vises", "3 personer"),
    ]
    assert rows_of(waves) == [
        ("2 uger", "29. oktober 2026", "2 af 4 (50 %)", "4 af 6 (67 %)", "33 %", "19"),
        ("3 måneder", "15. januar 2027", "3 af 4 (75 %)", "3 af 6 (50 %)", "50 %", "58"),
        ("6 måneder", "15. april 2027", "3 af 4 (75 %)", "3 af 6 (50 %)", "67 %", "97"),
    ]


def test_a_wave_not_yet_sent_says_when_it_goes_out_never_zero_of_six() -> None:
    pending = {**ALL_SENT, "6m": WaveSending("6m", None, date(2027, 4, 19), 0, 0)}
    waves = tables(sendings=pending, today=date(2027, 1, 18))[1]
    assert waves.rows[2] == Row(("6 måneder", "sendes den 19. april 2027"), span_from=1)
    shown = " ".join(cell for row in waves.rows for cell in row.cells)
    assert "0 af 6" not in shown
    english = tables("en", sendings=pending, today=date(2027, 1, 18))[1]
    assert english.rows[2].cells == ("6 months", "to be sent on 19 April 2027")


def test_the_traffic_lights_show_all_eight_factors_on_the_day_and_now() -> None:
    lights = tables()[2]
    rows = rows_of(lights)
    assert len(rows) == 8
    assert ("Politisk opbakning", "0 / 1 / 2", "1 / 1 / 1") in rows
    assert ("Relationer og netværk mellem kommuner", "0 / 1 / 2", "2 / 0 / 1") in rows
    assert ("Ledelsesopbakning", "–", "–") in rows
    report = outcome_report(data(), "da")
    (chart,) = [block for block in report.blocks if isinstance(block, Chart)]
    assert [bar.label for bar in chart.bars] == [
        "Politisk opbakning – temadagen",
        "Politisk opbakning – nu",
        "Relationer og netværk mellem kommuner – temadagen",
        "Relationer og netværk mellem kommuner – nu",
    ]
    notes = " ".join(b.text for b in report.blocks if isinstance(b, Paragraph))
    for fact in (
        "syv udvalgte kommuner",
        "telefoninterview",
        "Center for Forebyggelse i praksis, KL",
        "december 2016",
        "rykket sig mest",
        "ikke målte årsager",
    ):
        assert fact in notes


def test_below_the_minimum_a_factor_gives_how_many_rated_it_and_has_no_bar() -> None:
    # Three people counted on the day (the summary hides them below 4), and three now.
    hidden = tuple(LightCount(f.factor_id, f.green, f.yellow, f.red, True) for f in DAY_LIGHTS)
    report = outcome_report(replace(data(minimum=4), day_lights=hidden), "da")
    lights = [b for b in report.blocks if isinstance(b, Table)][2]
    assert ("Politisk opbakning", "3 har vurderet", "3 har vurderet") in rows_of(lights)
    assert not [b for b in report.blocks if isinstance(b, Chart)]
    privacy = [b.text for b in report.blocks if isinstance(b, Paragraph)][2]
    assert privacy == (
        "Hvor færre end 4 personer står bag et tal, viser rapporten kun antallet – for at gøre "
        "det sværere at genkende den enkelte."
    )


def test_factor_tables_drop_reasons_and_quotes_with_their_status() -> None:
    report = outcome_report(data(), "da")
    by_factor = [b for b in report.blocks if isinstance(b, Table)][3]
    assert rows_of(by_factor)[0] == ("Tværgående organisering", "3", "67 %", "67 %", "100 %")
    assert Row(("Ledelsesopbakning", "2", "2 deltagere – vises ikke"), span_from=2) in (
        by_factor.rows
    )
    texts = [plain(b.text) for b in report.blocks if isinstance(b, Paragraph)]
    assert (
        "Grundene vises ikke, fordi færre end 3 deltagere har droppet skridt (1 skridt droppet)."
        in texts
    )
    quotes = [(q.text, q.status) for q in report.blocks if isinstance(q, Quote)]
    assert quotes == [
        ("Nedsætte en styregruppe på tværs af forvaltningerne", "Status: gennemført"),
        ("Invitere styregruppen til et møde", "Status: gennemført"),
        ("Præsentere planen for styregruppen", "Status: i gang"),
    ]


def test_the_drop_reasons_are_a_table_once_enough_people_dropped() -> None:
    report = outcome_report(data(minimum=1), "en")
    reasons = [b for b in report.blocks if isinstance(b, Table)][-1]
    assert reasons.header == ("Reason", "Steps")
    assert rows_of(reasons) == [("No backing", "1")]


def test_the_word_file_holds_the_report_as_tables() -> None:
    document = Document(io.BytesIO(report_docx(outcome_report(data(), "da"))))
    assert document.paragraphs[0].text == "Opfølgning på næste skridt: Fra politik til praksis"
    waves = document.tables[1]
    assert [c.text for c in waves.rows[1].cells][:3] == [
        "2 uger",
        "29. oktober 2026",
        "2 af 4 (50\u00a0%)",
    ]


@pytest.mark.slow
def test_the_word_file_converts_to_pdf_in_libreoffice(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "needs LibreOffice: run 'make libreoffice' as root, or "
            "'sudo apt-get install libreoffice-writer-nogui'"
        )
    source = tmp_path / "opfoelgning.docx"
    source.write_bytes(report_docx(outcome_report(data(), "da")))
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "opfoelgning.pdf"
    assert pdf.exists()
    if shutil.which("pdfinfo") and shutil.which("pdftotext"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        pages = int(
            next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
        )
        assert pages > 0
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Opfølgning på næste skridt" in text
        assert "sendes den" not in text and "Temadag 15. oktober 2026" in text
    else:
        assert pdf.stat().st_size > 10_000


def test_each_quote_says_the_word_that_placed_it_under_its_factor() -> None:
    report = outcome_report(data(), "da")
    quotes = [(q.text, q.placed) for q in report.blocks if isinstance(q, Quote)]
    assert quotes == [
        (
            "Nedsætte en styregruppe på tværs af forvaltningerne",
            "grupperet efter ordet »styregruppe«",
        ),
        ("Invitere styregruppen til et møde", "grupperet efter ordet »styregruppen«"),
        # A re-plan: placed by the words of the step as first planned.
        ("Præsentere planen for styregruppen", "grupperet efter ordet »styregruppen«"),
    ]
    intro = [b.text for b in report.blocks if isinstance(b, Paragraph) and "placerede" in b.text]
    assert intro == [
        "Uden navne, hver med sin seneste status og det ord, der placerede skridtet under "
        "succesfaktoren. Kun succesfaktorer, hvis tal vises."
    ]
    document = Document(io.BytesIO(report_docx(report)))
    assert any(
        "Status: gennemført · grupperet efter ordet »styregruppe«" in p.text
        for p in document.paragraphs
    )


def test_the_report_shows_the_summarys_placement_rather_than_grouping_again() -> None:
    text = "Nedsætte en styregruppe på tværs af forvaltningerne"
    placed = replace(data(), placements={text: {"cross_organisation": None}})
    quotes = [q for q in outcome_report(placed, "da").blocks if isinstance(q, Quote)]
    assert (quotes[0].text, quotes[0].placed) == (text, "flyttet af facilitator")
