"""Making participants' text safe to show in Slack and short enough to fit its limits."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# The only entities escape_mrkdwn produces; Slack decodes exactly these three.
_ENTITY: Final = re.compile(r"&(?:amp|lt|gt);")
_LONGEST_ENTITY: Final = len("&amp;")

# Bidirectional overrides and isolates can make an answer display as different text than it is.
_BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS: Final = re.compile("\r\n|[\r\u2028\u2029\x85]")

# What a person may write in one free-text answer to a follow-up (what helped, a new plan, what
# stands in the way): the input's length in every channel and the cut before storing.
TEXT_LIMIT: Final = 1000


def escape_mrkdwn(text: str) -> str:
    """Text that Slack mrkdwn shows literally: no mentions, channel pings or links.

    Slack parses ``<...>`` as a mention (``<@U123>``), a broadcast (``<!channel>``) or a link
    (``<https://x|y>``); escaping the brackets neutralises all of them. ``&`` goes first so the
    entities added for the brackets are not escaped again.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `limit` characters, ending in `ellipsis` when something was cut.

    Never cuts through an ``&amp;``/``&lt;``/``&gt;`` entity, so escaping first and truncating
    second is safe. When the ellipsis itself does not fit, the text is cut without one.
    """
    if limit < 0:
        raise ValueError("limit cannot be negative")
    if len(text) <= limit:
        return text
    if len(ellipsis) > limit:
        ellipsis = ""
    cut = _entity_safe_cut(text, limit - len(ellipsis))
    # Trailing spaces before the ellipsis look like a rendering glitch ("ord …").
    return text[:cut].rstrip() + ellipsis


def _entity_safe_cut(text: str, cut: int) -> int:
    window_start = max(0, cut - _LONGEST_ENTITY + 1)
    for match in _ENTITY.finditer(text, window_start, cut + _LONGEST_ENTITY):
        if match.start() < cut < match.end():
            return match.start()
    return cut


def strip_control(text: str) -> str:
    """`text` with control characters removed, line breaks as ``\\n`` and NFC-normalised.

    Tabs and newlines stay; other C0/C1 controls, lone surrogates (from broken clients) and
    bidirectional overrides go.
    """
    text = _LINE_BREAKS.sub("\n", text)
    kept = "".join(
        char
        for char in text
        if char in "\n\t"
        or (unicodedata.category(char) not in ("Cc", "Cs") and char not in _BIDI_CONTROLS)
    )
    return unicodedata.normalize("NFC", kept)


# Characters XML 1.0 (and so every .xlsx and .docx) refuses: the complement of its `Char`
# production (C0 controls but tab and line breaks, lone surrogates, U+FFFE and U+FFFF). One
# definition for every file we write; a person can store any of them in an answer.
XML_ILLEGAL: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def answer_text(raw: object, limit: int = TEXT_LIMIT) -> str:
    """A free-text answer as it is stored: control characters out, trimmed, cut to `limit`."""
    return strip_control(raw).strip()[:limit] if isinstance(raw, str) else ""


def xml_safe(text: str) -> str:
    """The text without what XML cannot hold, so one such character never costs the file."""
    return XML_ILLEGAL.sub("", text)


def spreadsheet_text(text: str) -> str:
    """Text a spreadsheet shows as text: no formulas, no characters XML refuses."""
    return formula_safe(xml_safe(text))


def formula_safe(text: str) -> str:
    """Text that starts like a formula, marked as text the way a spreadsheet user would."""
    return "'" + text if text.startswith(FORMULA_START) else text
