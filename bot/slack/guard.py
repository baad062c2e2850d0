"""Refuse payloads whose shape no Slack client sends, before any listener or Bolt matcher.

A forged or broken payload ("view": [], "actions": "x", a numeric callback_id) would otherwise
crash Bolt's own matching and logging with a 500. Runs after signature verification.
"""

from __future__ import annotations

from typing import Any

_OBJECTS = ("container", "channel", "message", "event", "view", "state", "authorizations")
_IDS = ("team", "user", "enterprise")
_STRINGS = ("type", "trigger_id", "response_url", "api_app_id", "token")
_VIEW_STRINGS = ("id", "type", "callback_id", "private_metadata", "hash", "external_id")


# Slack's deepest payloads (a view's blocks inside a message inside a container) stay well under
# this; Bolt deep-copies every request, and 900 levels of nesting crash it (RecursionError).
MAX_DEPTH = 64


def _is(value: Any, *kinds: type) -> bool:
    return value is None or isinstance(value, kinds)


def too_deep(body: Any, limit: int = MAX_DEPTH) -> bool:
    """Nesting beyond `limit`, measured without recursion (the point is not to recurse)."""
    if not isinstance(body, dict | list):
        return False
    # Only containers are visited: a modal's thousands of strings cannot nest.
    stack: list[tuple[dict[str, Any] | list[Any], int]] = [(body, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        for child in value.values() if isinstance(value, dict) else value:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
    return False


def well_formed(body: Any) -> bool:
    if not isinstance(body, dict) or too_deep(body):
        return False
    # Present means well-typed: Bolt reads `body["view"].get(...)` whenever the key exists.
    for key in _OBJECTS:
        if key in body and not isinstance(body[key], list if key == "authorizations" else dict):
            return False
    if not all(_is(body.get(key), dict, str) for key in _IDS):
        return False
    for key in _IDS:
        value = body.get(key)
        if isinstance(value, dict) and not all(
            _is(value.get(k), str) for k in ("id", "team_id", "enterprise_id")
        ):
            return False
    if not all(_is(body.get(key), str) for key in _STRINGS):
        return False
    actions = body.get("actions", [])
    if "actions" in body or body.get("type") == "block_actions":
        if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
            return False
        if body.get("type") == "block_actions" and not actions:
            return False
        for action in actions:
            # Bolt's matcher reads action["action_id"]: it must be there, and a string.
            if not isinstance(action.get("action_id"), str):
                return False
            if not all(_is(action.get(k), str) for k in ("block_id", "type")):
                return False
    view = body.get("view")
    if body.get("type") in ("view_submission", "view_closed") and not isinstance(view, dict):
        return False
    if isinstance(view, dict):
        if not all(_is(view.get(k), str) for k in _VIEW_STRINGS):
            return False
        state = view.get("state")
        if not _is(state, dict) or (isinstance(state, dict) and not _is(state.get("values"), dict)):
            return False
    event = body.get("event")
    return not isinstance(event, dict) or all(
        _is(event.get(k), str) for k in ("type", "user", "tab", "channel")
    )
