"""The message catalogue: real plurals, Babel dates, and sentences that hold in every language."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from datetime import date

import pytest
from pydantic import BaseModel

from flows.catalogue import Plural, Text
from flows.i18n import MESSAGES, format_date, format_list, format_month, t
from flows.templates import LocalText, TemplateRegistry

FORMATTER = string.Formatter()


def forms(text: Text) -> Iterator[str]:
    if isinstance(text, Plural):
        yield from forms(text.one)
        yield from forms(text.other)
    else:
        yield text


def placeholders(text: Text) -> set[str]:
    return {
        name.split("!")[0].split(".")[0]
        for form in forms(text)
        for _, name, _, _ in FORMATTER.parse(form)
        if name
    }


def every_text() -> Iterator[tuple[str, str]]:
    for key, (da, en) in MESSAGES.items():
        for form in forms(da):
            yield f"{key} (da)", form
        for form in forms(en):
            yield f"{key} (en)", form


def template_texts() -> Iterator[tuple[str, str]]:
    def walk(node: object, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, LocalText):
            yield f"{where} (da)", node.da
            yield f"{where} (en)", node.en
        elif isinstance(node, tuple):
            for index, item in enumerate(node):
                yield from walk(item, f"{where}[{index}]")
        elif isinstance(node, BaseModel):
            for name in type(node).model_fields:
                yield from walk(getattr(node, name), f"{where}.{name}")

    for template in TemplateRegistry.load().all():
        yield from walk(template, template.id)


def test_danish_and_english_take_the_same_placeholders() -> None:
    mismatched = {
        key: (placeholders(da), placeholders(en))
        for key, (da, en) in MESSAGES.items()
        if placeholders(da) != placeholders(en)
    }
    assert mismatched == {}


def test_every_plural_is_chosen_by_a_placeholder_it_formats() -> None:
    def check(key: str, text: Text) -> None:
        if isinstance(text, Plural):
            assert text.count in placeholders(MESSAGES[key][0]) | placeholders(MESSAGES[key][1])
            check(key, text.one)
            check(key, text.other)

    for key, (da, en) in MESSAGES.items():
        check(key, da)
        check(key, en)


UNFINISHED_PLURAL = re.compile(r"\w\((?:e|er|r|s|n|ne)\)")


@pytest.mark.parametrize("source", [every_text, template_texts], ids=["catalogue", "templates"])
def test_no_text_has_an_unfinished_plural(source) -> None:
    assert [where for where, text in source() if UNFINISHED_PLURAL.search(text)] == []


FALSE_PROMISES = [
    "kun samlet",  # answers are quoted verbatim
    "only in aggregate",
    "only shown in aggregate",
    "fanen Hjem",  # Slack has no Danish interface: the tab is "Home"
    "under fanen *Hjem*",
    "halvvejs",  # said to people two steps in
    "10 minutter",  # each template says its own duration
    "lykkedes bedst",  # the seed: the municipalities that moved the most
    "kommet længst",
    "nået længst",
    "got furthest",
]


@pytest.mark.parametrize("source", [every_text, template_texts], ids=["catalogue", "templates"])
def test_no_text_makes_a_promise_the_product_does_not_keep(source) -> None:
    found = [
        (where, phrase)
        for where, text in source()
        for phrase in FALSE_PROMISES
        if phrase.casefold() in text.casefold()
    ]
    assert found == []


def test_the_bot_speaks_with_one_voice_we() -> None:
    # Danish "I" is the plural you, so only English is checked for "I".
    said = [
        where
        for where, text in every_text()
        if (where.endswith("(da)") and re.search(r"\b[Jj]eg\b", text))
        or (where.endswith("(en)") and re.search(r"\bI\b|\bI'", text))
    ]
    assert said == []
    assert "vi spørger" in t("followup.snoozed", "da", date="x")
    assert "we will ask" in t("followup.snoozed", "en", date="x")


@pytest.mark.parametrize(
    ("key", "values", "danish", "english"),
    [
        (
            "privacy.count_workshops",
            {"n": 1},
            "• din deltagelse i 1 temadag",
            "• your participation in 1 workshop",
        ),
        (
            "privacy.count_workshops",
            {"n": 3},
            "• din deltagelse i 3 temadage",
            "• your participation in 3 workshops",
        ),
        (
            "privacy.count_scheduled_messages",
            {"n": 1},
            "• 1 planlagt besked, som nu ikke bliver sendt",
            "• 1 scheduled message, which will now not be sent",
        ),
        (
            "privacy.count_scheduled_messages",
            {"n": 3},
            "• 3 planlagte beskeder, som nu ikke bliver sendt",
            "• 3 scheduled messages, which will now not be sent",
        ),
        ("privacy.count_answers", {"n": 1}, "• 1 svar", "• 1 answer"),
        ("privacy.count_answers", {"n": 0}, "• 0 svar", "• 0 answers"),
        ("summary.all_meta", {"count": 1}, "1 temadag", "1 workshop"),
        ("summary.all_meta", {"count": 2}, "2 temadage", "2 workshops"),
        (
            "summary.next_steps",
            {"total": 1, "people": 1},
            "*Næste skridt:* 1 skridt fra 1 deltager",
            "*Next steps:* 1 step from 1 participant",
        ),
        (
            "summary.next_steps",
            {"total": 4, "people": 1},
            "*Næste skridt:* 4 skridt fra 1 deltager",
            "*Next steps:* 4 steps from 1 participant",
        ),
        (
            "summary.next_steps",
            {"total": 4, "people": 2},
            "*Næste skridt:* 4 skridt fra 2 deltagere",
            "*Next steps:* 4 steps from 2 participants",
        ),
        (
            "error.step_missing",
            {"count": 1},
            "Skriv mindst 1 næste skridt.",
            "Write at least one next step.",
        ),
    ],
)
def test_counts_take_their_singular_or_plural(key, values, danish, english) -> None:
    assert t(key, "da", **values) == danish
    assert t(key, "en", **values) == english


def test_a_plural_message_without_its_number_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="'n'"):
        t("privacy.count_workshops", "da", what=1)


def test_dates_read_as_a_danish_or_british_reader_expects() -> None:
    day = date(2026, 12, 8)
    assert format_date(day, "da") == "8. december 2026"
    assert format_date(day, "en") == "8 December 2026"
    assert format_month(2026, 12, "da") == "december 2026"
    assert format_month(2026, 12, "en") == "December 2026"


def test_dates_follow_den_where_danish_needs_it() -> None:
    day = date(2026, 12, 8)
    assert t("followup.snoozed", "da", date=format_date(day, "da")) == (
        "Fint – vi spørger igen den 8. december 2026."
    )
    assert t("privacy.export_retention", "da", date=format_date(day, "da")) == (
        "Slettes automatisk den 8. december 2026"
    )


def test_lists_end_with_og_or_and() -> None:
    listed = format_list(["2 uger", "3 måneder", "6 måneder"], "da")
    assert listed == "2 uger, 3 måneder og 6 måneder"
    assert format_list(["2 weeks", "3 months"], "en") == "2 weeks and 3 months"


def test_the_words_the_issue_asked_for() -> None:
    assert t("followup.stop", "da") == "Stop påmindelser om denne temadag"
    assert "Dette bliver slettet:" in t("privacy.delete_confirm", "da", what="x")
    assert t("reminder.text", "da", title="Fra politik til praksis") == (
        "Din refleksion til Fra politik til praksis er ikke færdig endnu."
    )
    assert "*Home*" in t("reflection.closed", "da", title="X")


def test_buttons_and_options_fit_slack() -> None:
    # Button text holds 75 characters; option text 75.
    for key in ("followup.stop", "followup.snooze", "followup.questions", "announce.button"):
        for form in (*forms(MESSAGES[key][0]), *forms(MESSAGES[key][1])):
            assert len(form) <= 75, key
