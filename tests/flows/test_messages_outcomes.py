"""The outcomes feature's text catalogue: complete in both languages and mergeable."""

from __future__ import annotations

import string

from flows import i18n
from flows.messages_outcomes import MESSAGES, plural, text
from flows.steps import DROP_REASONS, REPORTED

SLACK_TITLE_LIMIT = 24


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_no_key_clashes_with_the_shared_catalogue_so_it_can_be_merged() -> None:
    assert MESSAGES.keys() & i18n.MESSAGES.keys() == set()


def test_every_text_exists_in_both_languages_with_the_same_placeholders() -> None:
    for key, (danish, english) in MESSAGES.items():
        assert danish.strip() and english.strip(), key
        assert fields(danish) == fields(english), key


def test_modal_titles_fit_slack() -> None:
    for key in ("helpreq.title", "helpreq.reply_title", "replan.title", "carry.title"):
        assert all(len(t) <= SLACK_TITLE_LIMIT for t in MESSAGES[key]), key


def test_every_status_and_drop_reason_has_a_label() -> None:
    for status in (*REPORTED, "open", "replaced"):
        assert text(f"path.{status}", "da") and text(f"path.{status}", "en")
    for reason in DROP_REASONS:
        assert text(f"drop.{reason}", "da")


def test_it_falls_back_to_the_shared_catalogue_and_picks_real_plurals() -> None:
    assert text("status.done", "da") == "Gennemført"
    assert plural("carry.intro", 1, "da").startswith("Før vi går i gang: Du har et åbent")
    assert "3 åbne næste skridt" in plural("carry.intro", 3, "da")
    assert "3 open next steps" in plural("carry.intro", 3, "en")
