import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.text import escape_mrkdwn, strip_control, truncate

INJECTIONS = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S0123|@facilitators>",
    "<@U0123ABC>",
    "<#C0123ABC>",
    "<https://evil.example|Klik her>",
    "<mailto:a@b.dk|mail>",
    "<!date^1392734382^{date}|fallback>",
    "Hej <!channel> se her",
    "&lt;!channel&gt;",
]

# What an escaped text may contain after a "&": only one of the three entities.
DANGLING_AMPERSAND = re.compile(r"&(?!amp;|lt;|gt;)")

# Text biased towards the characters that matter here.
tricky_text = st.text(
    alphabet=st.sampled_from(list("<>&;!@#|amplgt æøå\n")) | st.characters(),
    max_size=60,
)


# --- escaping ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", INJECTIONS)
def test_it_never_lets_a_mention_or_link_survive_escaping(text: str) -> None:
    escaped = escape_mrkdwn(text)
    assert "<" not in escaped
    assert ">" not in escaped
    assert not DANGLING_AMPERSAND.search(escaped)


def test_it_escapes_the_ampersand_first() -> None:
    assert escape_mrkdwn("<!channel>") == "&lt;!channel&gt;"
    assert escape_mrkdwn("A & B") == "A &amp; B"
    assert escape_mrkdwn("&lt;") == "&amp;lt;"


def test_it_leaves_ordinary_danish_text_alone() -> None:
    text = "Vi har fået *politisk* opbakning i sundhedsudvalget – også på tværs!"
    assert escape_mrkdwn(text) == text


@given(tricky_text)
def test_it_escapes_any_text_into_something_without_brackets(text: str) -> None:
    escaped = escape_mrkdwn(text)
    assert "<" not in escaped and ">" not in escaped
    assert not DANGLING_AMPERSAND.search(escaped)


@given(tricky_text)
def test_it_escapes_reversibly(text: str) -> None:
    escaped = escape_mrkdwn(text)
    unescaped = escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert unescaped == text


# --- truncating --------------------------------------------------------------------------------


def test_it_leaves_text_that_fits_untouched() -> None:
    assert truncate("kort", 4) == "kort"
    assert truncate("", 0) == ""


def test_it_cuts_long_text_and_ends_it_with_an_ellipsis() -> None:
    assert truncate("abcdefghij", 5) == "abcd…"
    assert len(truncate("x" * 4000, 3000)) == 3000


def test_it_uses_a_chosen_ellipsis() -> None:
    assert truncate("abcdefghij", 6, ellipsis="...") == "abc..."
    assert truncate("abcdefghij", 6, ellipsis="") == "abcdef"


def test_it_cuts_without_an_ellipsis_when_the_ellipsis_does_not_fit() -> None:
    assert truncate("abcdefghij", 2, ellipsis="...") == "ab"
    assert truncate("abcdefghij", 0) == ""


def test_it_does_not_leave_a_space_before_the_ellipsis() -> None:
    assert truncate("ord ord ord", 5) == "ord…"


def test_it_never_cuts_inside_an_entity() -> None:
    escaped = escape_mrkdwn("ab&cd")  # "ab&amp;cd"
    for limit in range(len(escaped)):
        cut = truncate(escaped, limit)
        assert not DANGLING_AMPERSAND.search(cut), (limit, cut)
        assert len(cut) <= limit
    assert truncate(escaped, 5) == "ab…"
    assert truncate(escaped, 8) == "ab&amp;…"


def test_it_cuts_before_a_bracket_entity_rather_than_through_it() -> None:
    escaped = escape_mrkdwn("hej <!channel>")  # "hej &lt;!channel&gt;"
    assert truncate(escaped, 7) == "hej…"
    assert truncate(escaped, 9) == "hej &lt;…"


def test_it_refuses_a_negative_limit() -> None:
    with pytest.raises(ValueError):
        truncate("abc", -1)


@given(st.text(), st.integers(min_value=0, max_value=200))
def test_it_never_exceeds_the_limit(text: str, limit: int) -> None:
    assert len(truncate(text, limit)) <= limit


@given(st.text(), st.integers(min_value=0, max_value=200))
def test_it_keeps_a_prefix_of_the_text(text: str, limit: int) -> None:
    result = truncate(text, limit)
    assert text.startswith(result.removesuffix("…"))


@given(tricky_text, st.integers(min_value=0, max_value=80))
def test_it_never_leaves_a_dangling_entity_after_escaping(text: str, limit: int) -> None:
    result = truncate(escape_mrkdwn(text), limit)
    assert len(result) <= limit
    assert not DANGLING_AMPERSAND.search(result)
    assert "<" not in result and ">" not in result


# --- stripping control characters --------------------------------------------------------------


def test_it_keeps_newlines_and_tabs() -> None:
    assert strip_control("linje 1\n\tlinje 2") == "linje 1\n\tlinje 2"


def test_it_turns_windows_and_old_mac_line_breaks_into_newlines() -> None:
    assert strip_control("a\r\nb\rc\u2028d") == "a\nb\nc\nd"


def test_it_removes_other_control_characters() -> None:
    assert strip_control("a\x00b\x07c\x1bd\x7fe\x9ff\x0bg") == "abcdefg"


def test_it_removes_bidirectional_overrides_that_disguise_text() -> None:
    assert strip_control("fil\u202egnp.exe") == "filgnp.exe"


def test_it_removes_lone_surrogates() -> None:
    assert strip_control("a\ud800b") == "ab"


def test_it_keeps_emoji_and_danish_letters() -> None:
    text = "Godt gået 👍🏽 – æøå ÆØÅ 👩‍👩‍👧"
    assert strip_control(text) == text


def test_it_composes_decomposed_letters() -> None:
    decomposed = "a\u030a"  # "å" as a plus a combining ring
    assert strip_control(decomposed) == "å"


@given(st.text())
def test_it_leaves_no_control_characters_but_newline_and_tab(text: str) -> None:
    cleaned = strip_control(text)
    assert "\r" not in cleaned
    assert all(char in "\n\t" or not (ord(char) < 32 or 127 <= ord(char) < 160) for char in cleaned)


@given(st.text())
def test_it_is_idempotent(text: str) -> None:
    once = strip_control(text)
    assert strip_control(once) == once
