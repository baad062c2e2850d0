"""Block Kit primitives that keep every text inside Slack's limits.

User text goes into plain_text where possible; mrkdwn always goes through `escape_mrkdwn`.
"""

from __future__ import annotations

from typing import Any

from bot.slack import ids
from flows.text import escape_mrkdwn, truncate

Block = dict[str, Any]

MODAL_TITLE = 24
BUTTON_TEXT = 75
OPTION_TEXT = 75
HEADER_TEXT = 150
SECTION_TEXT = 3000
CONTEXT_TEXT = 3000
MESSAGE_BLOCKS = 50
MODAL_BLOCKS = 100


def plain(text: str, limit: int = SECTION_TEXT) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, limit) or " ", "emoji": True}


def mrkdwn(text: str, limit: int = SECTION_TEXT) -> dict[str, Any]:
    """Trusted mrkdwn (our own markup). For user text use `user_mrkdwn`."""
    return {"type": "mrkdwn", "text": truncate(text, limit) or " "}


def user_mrkdwn(text: str, limit: int = SECTION_TEXT) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": truncate(escape_mrkdwn(text), limit) or " ", "verbatim": True}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_TEXT)}


def section(text: dict[str, Any], accessory: dict[str, Any] | None = None) -> Block:
    block: Block = {"type": "section", "text": text}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def context(*texts: dict[str, Any]) -> Block:
    return {"type": "context", "elements": list(texts)[:10]}


def divider() -> Block:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str = "", style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": plain(text, BUTTON_TEXT),
        "action_id": action_id,
    }
    if value:
        element["value"] = value
    if style in ("primary", "danger"):
        element["style"] = style
    return element


def actions(*elements: dict[str, Any], block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)[:25]}
    if block_id:
        block["block_id"] = block_id
    return block


def input_block(
    block_id: str,
    label: str,
    element: dict[str, Any],
    *,
    optional: bool = False,
    hint: str | None = None,
    dispatch_action: bool = False,
) -> Block:
    """An input whose element answers to the one action id modals read (`ids.INPUT`)."""
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": {**element, "action_id": ids.INPUT},
        "optional": optional,
    }
    if dispatch_action:
        block["dispatch_action"] = True
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text, OPTION_TEXT), "value": value[:150]}


def modal(
    callback_id: str,
    title: str,
    blocks: list[Block],
    *,
    submit: str | None = None,
    close: str | None = None,
    private_metadata: str = "",
    clear_on_close: bool = False,
    notify_on_close: bool = False,
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, MODAL_TITLE),
        "blocks": blocks[:MODAL_BLOCKS],
        "private_metadata": private_metadata,
    }
    if submit:
        view["submit"] = plain(submit, MODAL_TITLE)
    if close:
        view["close"] = plain(close, MODAL_TITLE)
    if clear_on_close:
        view["clear_on_close"] = True
    if notify_on_close:
        view["notify_on_close"] = True
    return view


def fit_message(blocks: list[Block], overflow_note: str) -> list[Block]:
    """A message holds 50 blocks; past that, the tail is replaced by a note."""
    if len(blocks) <= MESSAGE_BLOCKS:
        return blocks
    return [*blocks[: MESSAGE_BLOCKS - 1], context(plain(overflow_note))]


def message_modal(title: str, text: str, close: str) -> dict[str, Any]:
    """A modal that only says something (a result, a refusal, an apology)."""
    return modal("message", title, [section(mrkdwn(text))], close=close)
