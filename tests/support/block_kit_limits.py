"""Slack's documented Block Kit and view limits, as pure checks.

The Slack stand-in rejects payloads with these, and builder tests can call them directly:
`assert message_problems(blocks) == []`. Each problem names a JSON pointer, like Slack's own
`[json-pointer:/blocks/3/text/text]` messages, so a failure points at the offending field.
"""

from __future__ import annotations

from collections.abc import Iterator

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000


def message_problems(blocks: object) -> list[str]:
    """Problems Slack would report for a message's `blocks` (≤ 50 blocks)."""
    out: list[str] = []
    _check_blocks(blocks, MAX_MESSAGE_BLOCKS, "/blocks", out)
    return out


def _text_of(obj: object) -> object:
    return obj.get("text") if isinstance(obj, dict) else None


def _too_long(value: object, limit: int, at: str, out: list[str]) -> None:
    if isinstance(value, str) and len(value) > limit:
        out.append(f"must be at most {limit} characters, got {len(value)} [json-pointer:{at}]")


def _too_many(items: object, limit: int, at: str, out: list[str]) -> None:
    if isinstance(items, list) and len(items) > limit:
        out.append(f"must have at most {limit} items, got {len(items)} [json-pointer:{at}]")


def _check_option(option: object, at: str, out: list[str]) -> None:
    if isinstance(option, dict):
        _too_long(_text_of(option.get("text")), 75, f"{at}/text/text", out)
        _too_long(option.get("value"), 150, f"{at}/value", out)
        _too_long(_text_of(option.get("description")), 75, f"{at}/description/text", out)


def _check_element(element: object, at: str, out: list[str]) -> None:
    if not isinstance(element, dict):
        return
    kind = element.get("type")
    _too_long(element.get("action_id"), 255, f"{at}/action_id", out)
    _too_long(_text_of(element.get("placeholder")), 150, f"{at}/placeholder/text", out)
    if kind == "button":
        _too_long(_text_of(element.get("text")), 75, f"{at}/text/text", out)
        _too_long(element.get("value"), 2000, f"{at}/value", out)
        _too_long(element.get("url"), 3000, f"{at}/url", out)
    if kind == "plain_text_input":
        for key in ("max_length", "min_length"):
            value = element.get(key)
            if isinstance(value, int) and value > 3000:
                out.append(f"must be at most 3000, got {value} [json-pointer:{at}/{key}]")
    limit = {"checkboxes": 10, "radio_buttons": 10, "overflow": 5}.get(str(kind), 100)
    options = element.get("options")
    _too_many(options, limit, f"{at}/options", out)
    for i, option in enumerate(options if isinstance(options, list) else []):
        _check_option(option, f"{at}/options/{i}", out)
    groups = element.get("option_groups")
    _too_many(groups, 100, f"{at}/option_groups", out)
    for g, group in enumerate(groups if isinstance(groups, list) else []):
        grouped = group.get("options") if isinstance(group, dict) else None
        _too_many(grouped, 100, f"{at}/option_groups/{g}/options", out)
        for i, option in enumerate(grouped if isinstance(grouped, list) else []):
            _check_option(option, f"{at}/option_groups/{g}/options/{i}", out)


def _check_blocks(blocks: object, max_blocks: int, base: str, out: list[str]) -> None:
    if not isinstance(blocks, list):
        out.append(f"must be an array [json-pointer:{base}]")
        return
    _too_many(blocks, max_blocks, base, out)
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        at = f"{base}/{i}"
        if not isinstance(block, dict):
            out.append(f"must be an object [json-pointer:{at}]")
            continue
        block_id = block.get("block_id")
        if isinstance(block_id, str):
            _too_long(block_id, 255, f"{at}/block_id", out)
            if block_id in seen:
                out.append(f"duplicate block_id {block_id!r} [json-pointer:{at}/block_id]")
            seen.add(block_id)
        kind = block.get("type")
        if kind == "section":
            _too_long(_text_of(block.get("text")), 3000, f"{at}/text/text", out)
            fields = block.get("fields")
            _too_many(fields, 10, f"{at}/fields", out)
            for j, item in enumerate(fields if isinstance(fields, list) else []):
                _too_long(_text_of(item), 2000, f"{at}/fields/{j}/text", out)
            _check_element(block.get("accessory"), f"{at}/accessory", out)
        elif kind == "header":
            _too_long(_text_of(block.get("text")), 150, f"{at}/text/text", out)
        elif kind == "context":
            _too_many(block.get("elements"), 10, f"{at}/elements", out)
        elif kind == "actions":
            elements = block.get("elements")
            _too_many(elements, 25, f"{at}/elements", out)
            for j, element in enumerate(elements if isinstance(elements, list) else []):
                _check_element(element, f"{at}/elements/{j}", out)
        elif kind == "input":
            _too_long(_text_of(block.get("label")), 2000, f"{at}/label/text", out)
            _too_long(_text_of(block.get("hint")), 2000, f"{at}/hint/text", out)
            _check_element(block.get("element"), f"{at}/element", out)


def view_problems(view: object) -> list[str]:
    """Problems Slack would report for a modal or App Home `view` (≤ 100 blocks)."""
    out: list[str] = []
    if not isinstance(view, dict):
        return ["must be an object [json-pointer:/view]"]
    kind = view.get("type")
    if kind not in ("modal", "home"):
        out.append("must be modal or home [json-pointer:/view/type]")
    if kind == "modal":
        if not isinstance(view.get("title"), dict):
            out.append("title is required [json-pointer:/view/title]")
        for key in ("title", "submit", "close"):
            _too_long(_text_of(view.get(key)), 24, f"/view/{key}/text", out)
        blocks = view.get("blocks")
        has_input = isinstance(blocks, list) and any(
            isinstance(b, dict) and b.get("type") == "input" for b in blocks
        )
        if has_input and not view.get("submit"):
            out.append("a modal with input blocks needs submit [json-pointer:/view/submit]")
    _too_long(view.get("callback_id"), 255, "/view/callback_id", out)
    _too_long(view.get("external_id"), 255, "/view/external_id", out)
    _too_long(view.get("private_metadata"), 3000, "/view/private_metadata", out)
    _check_blocks(view.get("blocks", []), MAX_VIEW_BLOCKS, "/view/blocks", out)
    return out


def mrkdwn_texts(payload: object) -> Iterator[str]:
    """Every text of a mrkdwn object, anywhere in a payload: the texts that can ping."""
    if isinstance(payload, dict):
        if payload.get("type") == "mrkdwn" and isinstance(payload.get("text"), str):
            yield payload["text"]
        for value in payload.values():
            yield from mrkdwn_texts(value)
    elif isinstance(payload, list):
        for item in payload:
            yield from mrkdwn_texts(item)
