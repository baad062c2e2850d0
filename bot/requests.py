"""Parsing what Slack sends: command text and modal state. Nothing here trusts its input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot import ids
from flows.text import strip_control

# Subcommand words, Danish and English, mapped to one canonical verb.
ALIASES: dict[str, str] = {
    "ny": "new",
    "new": "new",
    "deltag": "join",
    "join": "join",
    "refleksion": "reflect",
    "reflect": "reflect",
    "hjælp": "help",
    "hjaelp": "help",
    "help": "help",
    "sprog": "language",
    "language": "language",
}


@dataclass(frozen=True)
class CommandText:
    verb: str  # canonical verb, "" for none, "?" for unknown
    word: str  # what the person typed, for the help message
    args: tuple[str, ...]


def parse_command(text: object, aliases: dict[str, str] = ALIASES) -> CommandText:
    cleaned = strip_control(text if isinstance(text, str) else "").strip()
    parts = cleaned.split()
    if not parts:
        return CommandText("", "", ())
    word = parts[0][:40]
    verb = aliases.get(word.casefold(), "?")
    return CommandText(verb, word, tuple(part[:100] for part in parts[1:10]))


def field_values(view: Any) -> dict[str, object]:
    """A modal's state as {block id: plain value}, whatever element each input uses."""
    state = view.get("state") if isinstance(view, dict) else None
    values = state.get("values") if isinstance(state, dict) else None
    out: dict[str, object] = {}
    if not isinstance(values, dict):
        return out
    for block_id, inputs in values.items():
        element = inputs.get(ids.INPUT) if isinstance(inputs, dict) else None
        if not isinstance(block_id, str) or not isinstance(element, dict):
            continue
        kind = element.get("type")
        if kind == "plain_text_input":
            out[block_id] = _str_or_none(element.get("value"))
        elif kind in ("static_select", "radio_buttons"):
            selected = element.get("selected_option")
            out[block_id] = (
                _str_or_none(selected.get("value")) if isinstance(selected, dict) else None
            )
        elif kind == "checkboxes":
            selected_options = element.get("selected_options")
            out[block_id] = isinstance(selected_options, list) and len(selected_options) > 0
        elif kind == "datepicker":
            out[block_id] = _str_or_none(element.get("selected_date"))
    return out


def raw_state(view: Any) -> dict[str, dict[str, Any]]:
    """The state values themselves, filtered to well-formed entries."""
    state = view.get("state") if isinstance(view, dict) else None
    values = state.get("values") if isinstance(state, dict) else None
    if not isinstance(values, dict):
        return {}
    return {k: v for k, v in values.items() if isinstance(k, str) and isinstance(v, dict)}


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def first_action(body: Any) -> dict[str, Any]:
    """The pressed element of a block_actions payload, or {} for a malformed one."""
    found = body.get("actions") if isinstance(body, dict) else None
    if isinstance(found, list) and found and isinstance(found[0], dict):
        return found[0]
    return {}


def action_value(body: Any) -> str:
    # Button values are at most 2,000 characters at Slack; ours are ids, far shorter.
    return str(first_action(body).get("value") or "")[:200]


def parse_int(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 12:
        return int(value)
    return None
