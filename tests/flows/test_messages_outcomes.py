"""The outcomes feature's text catalogue: complete in both languages, in the shared catalogue's
conventions (real plurals, one voice), and mergeable into flows.i18n without a clash."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

import pytest

from flows import i18n
from flows.catalogue import Plural, Text
from flows.i18n import t as text
from flows.messages_outcomes import MESSAGES
from flows.steps import DROP_REASONS, REPORTED

SLACK_TITLE_LIMIT = 24
SLACK_BUTTON_LIMIT = 75
UNFINISHED_PLURAL = re.compile(r"\w\((?:e|er|r|s|n|ne)\)")


def forms(item: Text) -> Iterator[str]:
    if isinstance(item, Plural):
        yield from forms(item.one)
        yield from forms(item.other)
    else:
        yield item


def placeholders(item: Text) -> set[str]:
    return {
        name for form in forms(item) for _, name, _, _ in string.Formatter().parse(form) if name
    }


def every_text() -> Iterator[tuple[str, str, str]]:
    for key, (da, en) in MESSAGES.items():
        for form in forms(da):
            yield key, "da", form
        for form in forms(en):
            yield key, "en", form


def test_no_key_clashes_with_the_shared_catalogue_so_it_can_be_merged() -> None:
    # Before the merge the keys are new; after it they are these very texts.
    clashing = [key for key, texts in MESSAGES.items() if i18n.MESSAGES.get(key, texts) != texts]
    assert clashing == []


def test_every_text_exists_in_both_languages_with_the_same_placeholders() -> None:
    for key, (danish, english) in MESSAGES.items():
        assert all(form.strip() for form in (*forms(danish), *forms(english))), key
        assert placeholders(danish) == placeholders(english), key


def test_every_plural_is_chosen_by_a_number_it_formats() -> None:
    def check(key: str, item: Text) -> None:
        if isinstance(item, Plural):
            assert item.count in placeholders(MESSAGES[key][0]) | placeholders(MESSAGES[key][1])
            check(key, item.one)
            check(key, item.other)

    for key, (da, en) in MESSAGES.items():
        check(key, da)
        check(key, en)


def test_no_text_has_an_unfinished_plural_or_speaks_as_i() -> None:
    assert [key for key, _, form in every_text() if UNFINISHED_PLURAL.search(form)] == []
    said = [
        key
        for key, lang, form in every_text()
        if (lang == "da" and re.search(r"\b[Jj]eg\b", form))
        or (lang == "en" and re.search(r"\bI\b|\bI'", form))
    ]
    assert said == []


def test_titles_and_buttons_fit_slack() -> None:
    for key in ("helpreq.title", "helpreq.reply_title", "replan.title", "carry.title"):
        assert all(
            len(form) <= SLACK_TITLE_LIMIT for item in MESSAGES[key] for form in forms(item)
        ), key
    buttons = (
        "helpreq.reply",
        "replan.button",
        "carry.continue",
        "peer.request",
        "peer.accept",
        "peer.decline",
        *(f"drop.{reason}" for reason in DROP_REASONS),
    )
    for key in buttons:
        assert all(
            len(form) <= SLACK_BUTTON_LIMIT for item in MESSAGES[key] for form in forms(item)
        ), key


def test_every_status_and_drop_reason_has_a_label() -> None:
    for status in (*REPORTED, "open", "replaced"):
        assert text(f"path.{status}", "da") and text(f"path.{status}", "en")
    for reason in DROP_REASONS:
        assert text(f"drop.{reason}", "da") and text(f"drop.{reason}", "en")


@pytest.mark.parametrize(
    ("key", "values", "danish", "english"),
    [
        (
            "privacy.count_help_requests",
            {"n": 1},
            "• 1 anmodning om hjælp",
            "• 1 request for help",
        ),
        (
            "privacy.count_help_requests",
            {"n": 2},
            "• 2 anmodninger om hjælp",
            "• 2 requests for help",
        ),
        (
            "privacy.count_peer_introductions",
            {"n": 3},
            "• 3 forespørgsler om kontakt til andre kommuner",
            "• 3 requests for contacts in other municipalities",
        ),
    ],
)
def test_counts_take_their_singular_or_plural(
    key: str, values: dict[str, int], danish: str, english: str
) -> None:
    assert text(key, "da", **values) == danish
    assert text(key, "en", **values) == english


def test_it_falls_back_to_the_shared_catalogue_and_picks_real_plurals() -> None:
    assert text("status.done", "da") == "Gennemført"
    assert text("carry.intro", "da", count=1).startswith("Før vi går i gang: Du har et åbent")
    assert "3 åbne næste skridt" in text("carry.intro", "da", count=3)
    assert "3 open next steps" in text("carry.intro", "en", count=3)
    with pytest.raises(TypeError, match="'count'"):
        text("carry.intro", "da")
