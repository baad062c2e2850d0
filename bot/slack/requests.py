"""Parsing what Slack sends: one typed request, command text, modal state and step metadata.

Nothing here trusts its input: every field is checked for its type, and a missing one is empty.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.slack import ids
from flows.stepref import StepRef
from flows.text import strip_control


@dataclass(frozen=True)
class CommandText:
    verb: str  # canonical verb, "" for none, "?" for unknown
    word: str  # what the person typed, for the help message
    args: tuple[str, ...]


def parse_command(text: object, aliases: Mapping[str, str]) -> CommandText:
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


def team_of(body: dict[str, Any]) -> str:
    team = body.get("team_id")
    if not team and isinstance(body.get("team"), dict):
        team = body["team"].get("id")
    if not team and isinstance(body.get("user"), dict):
        team = body["user"].get("team_id")
    return str(team or "")


def home_team_of(body: dict[str, Any]) -> str:
    """The person's own workspace: `user.team_id`, which in a Slack Connect channel differs
    from the workspace the payload came through (`team.id`); that one when it is absent."""
    user = body.get("user")
    home = user.get("team_id") if isinstance(user, dict) else None
    return home if isinstance(home, str) and home else team_of(body)


def user_of(body: dict[str, Any]) -> str:
    user = body.get("user_id")
    if not user and isinstance(body.get("user"), dict):
        user = body["user"].get("id")
    return str(user or "")


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class SlackRequest:
    """What a listener needs of a payload: who, from which team, and what they sent.

    The user and team are the ones Slack signed into the payload; nothing in a value or in
    private_metadata can name another person.
    """

    team_id: str
    user_id: str
    # Where the person belongs; not `team_id` for a guest from a Slack Connect workspace.
    home_team_id: str = ""
    trigger_id: str = ""
    action_id: str = ""
    value: str = ""  # the pressed element's value (ours are ids, far shorter than Slack allows)
    channel_id: str = ""  # where the pressed message is
    message_ts: str = ""
    has_response_url: bool = False
    view_id: str = ""
    view_hash: str | None = None
    private_metadata: str = ""
    values: Mapping[str, object] = field(default_factory=dict)  # modal fields by block id
    state: Mapping[str, dict[str, Any]] = field(default_factory=dict)  # raw modal state

    @classmethod
    def of(cls, body: dict[str, Any]) -> SlackRequest:
        view = _dict(body.get("view"))
        container = _dict(body.get("container"))
        channel = container.get("channel_id") or _dict(body.get("channel")).get("id")
        ts = container.get("message_ts") or _dict(body.get("message")).get("ts")
        trigger_id = body.get("trigger_id")
        view_hash = view.get("hash")
        return cls(
            team_id=team_of(body),
            user_id=user_of(body),
            home_team_id=home_team_of(body),
            trigger_id=trigger_id if isinstance(trigger_id, str) else "",
            action_id=str(first_action(body).get("action_id") or ""),
            value=action_value(body),
            channel_id=channel if isinstance(channel, str) else "",
            message_ts=ts if isinstance(ts, str) else "",
            has_response_url=bool(body.get("response_url")),
            view_id=str(view.get("id") or ""),
            view_hash=view_hash if isinstance(view_hash, str) else None,
            private_metadata=str(view.get("private_metadata") or ""),
            values=field_values(view),
            state=raw_state(view),
        )


@dataclass(frozen=True)
class StepMeta(StepRef):
    """A StepRef as a step view carries it in private_metadata; re-checked on submit."""

    @classmethod
    def of(cls, ref: StepRef) -> StepMeta:
        return cls(ref.workshop_id, ref.index, ref.edit, ref.round_id, ref.lang, ref.hinted)

    def dump(self) -> str:
        data: dict[str, Any] = {"w": self.workshop_id, "s": self.index}
        if self.lang:
            data["l"] = self.lang
        if self.hinted:
            data["h"] = self.hinted
        if self.edit:
            data["e"] = 1
        if self.round_id is not None:
            data["r"] = self.round_id
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def load(cls, raw: str) -> StepMeta | None:
        try:
            data = json.loads(raw)
            workshop_id, index = data["w"], data["s"]
            round_id = data.get("r")
            if not isinstance(workshop_id, int) or not isinstance(index, int) or index < 0:
                return None
            if round_id is not None and not isinstance(round_id, int):
                return None
            lang = data.get("l") if data.get("l") in ("da", "en") else None
            hinted = data.get("h") if isinstance(data.get("h"), str) else None
            return cls(workshop_id, index, bool(data.get("e")), round_id, lang, hinted)
        except (ValueError, KeyError, TypeError):
            return None
