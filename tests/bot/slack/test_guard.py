"""The depth check that keeps a forged payload from crashing Bolt's deep copy."""

from __future__ import annotations

from typing import Any

from bot.slack.guard import MAX_DEPTH, too_deep


def nested(levels: int) -> dict[str, Any]:
    body: dict[str, Any] = {"leaf": "text"}
    for level in range(levels):
        body = {"v": [body] if level % 2 else body}
    return body


def test_a_payload_nested_to_the_limit_passes_and_one_level_more_does_not() -> None:
    assert not too_deep(nested(MAX_DEPTH // 2), limit=MAX_DEPTH)
    assert too_deep({"a": [[[[["x"]]]]]}, limit=4)
    assert not too_deep({"a": [[[["x"]]]]}, limit=4)


def test_long_flat_payloads_and_plain_values_are_not_too_deep() -> None:
    assert not too_deep({"blocks": [{"text": str(n)} for n in range(5000)]})
    assert not too_deep("text")
    assert not too_deep([])
