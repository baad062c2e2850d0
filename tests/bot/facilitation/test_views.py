"""Summary rendering stays within Slack's Block Kit limits for any number of answers."""

from __future__ import annotations

from datetime import date

import pytest

from bot.facilitation.chart import light_bars
from bot.facilitation.corrections import MovableQuote, MoveChoices
from bot.facilitation.views import (
    cross_message,
    move_quote_modal,
    round_message,
    summary_message,
)
from flows.summary import (
    AnswerRecord,
    NextStepRecord,
    Participation,
    WorkshopRecords,
    summarise,
    summarise_across,
)
from flows.templates import TemplateRegistry
from tests.support.block_kit_limits import message_problems, view_problems

REGISTRY = TemplateRegistry.load()
WORDS = ["politisk", "ledelse", "styregruppe", "netværk", "medarbejdere", "ressourcer", "vejret"]


def big_records(people: int, length: int) -> WorkshopRecords:
    answers = []
    for n in range(people):
        text = (f"{WORDS[n % len(WORDS)]} <!channel> {n} " * 400)[:length]
        for question_id in ("succeeded", "hard", "why", "methods", "preparation", "evaluation"):
            answers.append(AnswerRecord(n, question_id, {"text": text}, f"U{n}" if n % 2 else None))
        answers.append(AnswerRecord(n, "role", {"option": "leader"}))
        answers.append(AnswerRecord(n, "municipality", {"option": f"Kommune {n % 98}"}))
    steps = tuple(
        NextStepRecord(n, "ledelse " * 60, date(2026 + n % 4, n % 12 + 1, 1), "open")
        for n in range(people)
    )
    return WorkshopRecords(
        1,
        "ABCDEF",
        "T" * 150,
        date(2026, 10, 17),
        "da",
        "health_policy",
        5,
        "open",
        Participation(people, people, people),
        tuple(answers),
        steps,
    )


@pytest.mark.parametrize(("people", "length"), [(0, 10), (7, 3000), (400, 3000), (2000, 40)])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_summary_fits_a_message_for_any_number_of_answers(
    people: int, length: int, lang: str
) -> None:
    template = REGISTRY.get("health_policy")
    summary = summarise(template, big_records(people, length))
    _, blocks = summary_message(summary, template, lang, intro="Slut")
    assert message_problems(blocks) == []
    assert len(blocks) <= 50
    text = str(blocks)
    assert "<!channel>" not in text
    assert len(light_bars(summary, lang)) == 0


def test_the_cross_summary_fits_with_many_workshops() -> None:
    template = REGISTRY.get("health_policy")
    summaries = [summarise(template, big_records(6, 200)) for _ in range(300)]
    _, blocks = cross_message(summarise_across(summaries), "da")
    assert message_problems(blocks) == []


def test_the_round_message_shows_a_count_and_no_names() -> None:
    step = REGISTRY.get("health_policy").find_step("evaluation")
    _, blocks = round_message(7, step, "Temadag <!channel>", 23, "da")
    assert message_problems(blocks) == []
    assert "23 har svaret" in str(blocks)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_move_modal_fits_slack_with_the_most_and_longest_quotes(lang: str) -> None:
    quotes = tuple(
        MovableQuote(n, ("political_backing", "networks", "other")[n % 3], "ledelse *_` " * 300)
        for n in range(100)
    )
    view = move_quote_modal(MoveChoices(7, "succeeded", "Spørgsmål " * 100, quotes), lang)
    assert view_problems(view) == []
    values = [
        o["value"] for g in view["blocks"][1]["element"]["option_groups"] for o in g["options"]
    ]
    assert len(values) == 100 and values[0] == "0:political_backing"
    destinations = view["blocks"][2]["element"]["options"]
    assert len(destinations) == 9 and destinations[-1]["value"] == "other"
