"""Plays Slack's part towards the bot: signed commands, clicks, submissions and events."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import itertools
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from tests.support.slack_standin import SlackStandIn

_ids = itertools.count(1)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Reply:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class SlackSim:
    """One workspace's Slack, talking to the bot's real HTTP endpoint."""

    def __init__(self, host: str, port: int, secret: str, standin: SlackStandIn, team: str = "T1"):
        self.host, self.port, self.secret, self.standin, self.team = (
            host,
            port,
            secret,
            standin,
            team,
        )

    # -- transport -----------------------------------------------------------------------

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: str | None = None,
        signature: str | None = None,
        path: str = "/slack/events",
        headers: dict[str, str] | None = None,
    ) -> Reply:
        timestamp = timestamp or str(int(time.time()))
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature or sign(self.secret, timestamp, body),
            **(headers or {}),
        }
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request("POST", path, body=body, headers=all_headers)
            response = connection.getresponse()
            return Reply(response.status, response.read())
        finally:
            connection.close()

    def get(self, path: str) -> Reply:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return Reply(response.status, response.read())
        finally:
            connection.close()

    def _interactive(self, payload: dict[str, Any]) -> Reply:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded")

    # -- what people do ------------------------------------------------------------------

    def command(self, user: str, text: str, channel: str = "C0WORKSHOP") -> Reply:
        fields = {
            "token": "legacy",
            "team_id": self.team,
            "team_domain": "kommune",
            "channel_id": channel,
            "channel_name": "temadag",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/temadag",
            "text": text,
            "api_app_id": "A1",
            "response_url": self.standin.response_url(),
            "trigger_id": self.standin.mint_trigger(),
        }
        return self.post(urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def click(
        self,
        user: str,
        action_id: str,
        value: str = "",
        *,
        view: dict[str, Any] | None = None,
        channel: str | None = None,
        message_ts: str | None = None,
        user_team: str | None = None,
    ) -> Reply:
        """`user_team`: a Slack Connect guest's own workspace (`user.team_id`)."""
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": self.team, "domain": "kommune"},
            "user": {"id": user, "team_id": user_team or self.team, "username": user.lower()},
            "api_app_id": "A1",
            "trigger_id": self.standin.mint_trigger(view["id"] if view else None),
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "b1",
                    "value": value,
                    "action_ts": str(time.time()),
                }
            ],
        }
        if view is not None:
            payload["view"] = view
            payload["container"] = {"type": "view", "view_id": view["id"]}
        else:
            payload["container"] = {
                "type": "message",
                "channel_id": channel,
                "message_ts": message_ts,
            }
            payload["channel"] = {"id": channel}
            payload["message"] = {"ts": message_ts}
            payload["response_url"] = self.standin.response_url()
        return self._interactive(payload)

    def choose(self, user: str, view: dict[str, Any], block_id: str, value: str) -> Reply:
        """Pick an option in a modal's select that dispatches actions (dispatch_action)."""
        element = next(b["element"] for b in view["blocks"] if b.get("block_id") == block_id)
        picked = _option(element, value)
        state = fill(view, {})
        state[block_id] = {
            element["action_id"]: {"type": element["type"], "selected_option": picked}
        }
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": self.team, "domain": "kommune"},
            "user": {"id": user, "team_id": self.team, "username": user.lower()},
            "api_app_id": "A1",
            "trigger_id": self.standin.mint_trigger(view["id"]),
            "container": {"type": "view", "view_id": view["id"]},
            "view": {**view, "state": {"values": state}},
            "actions": [
                {
                    "type": element["type"],
                    "action_id": element["action_id"],
                    "block_id": block_id,
                    "selected_option": picked,
                    "action_ts": str(time.time()),
                }
            ],
        }
        return self._interactive(payload)

    def submit(
        self,
        user: str,
        view: dict[str, Any],
        answers: dict[str, Any],
        *,
        user_team: str | None = None,
    ) -> Reply:
        """Fill a modal the bot opened as a person would, then press its submit button."""
        submitted = dict(view)
        submitted["state"] = {"values": fill(view, answers)}
        payload = {
            "type": "view_submission",
            "team": {"id": self.team, "domain": "kommune"},
            "user": {"id": user, "team_id": user_team or self.team, "username": user.lower()},
            "api_app_id": "A1",
            "trigger_id": self.standin.mint_trigger(view.get("id")),
            "view": submitted,
        }
        reply = self._interactive(payload)
        if reply.status == 200:
            self.standin.apply_submission_response(view["id"], reply.json())
        return reply

    def event(self, event: dict[str, Any], event_id: str | None = None) -> Reply:
        envelope = {
            "token": "legacy",
            "team_id": self.team,
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):08d}",
            "event_time": int(time.time()),
            "event": event,
        }
        return self.post(json.dumps(envelope).encode(), "application/json")

    # -- reading what the bot showed -----------------------------------------------------

    def current_view(self) -> dict[str, Any]:
        """The modal the person sees now: the last opened/updated view, or a submission's answer."""
        return self.standin.current_view()


def fill(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """State values for the view's input blocks: strings for text, option values for choices,
    True for checkboxes (the first option) or a list of option values, ISO dates for date
    pickers. Unanswered inputs are sent empty."""
    values: dict[str, dict[str, Any]] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        block_id = block["block_id"]
        element = block["element"]
        kind = element["type"]
        answer = answers.get(block_id)
        state: dict[str, Any] = {"type": kind}
        if kind == "plain_text_input":
            state["value"] = answer if answer is not None else None
        elif kind in ("static_select", "radio_buttons"):
            state["selected_option"] = _option(element, answer) if answer is not None else None
        elif kind == "checkboxes":
            if isinstance(answer, (list, tuple)):
                state["selected_options"] = [_option(element, str(v)) for v in answer]
            else:
                state["selected_options"] = element["options"][:1] if answer else []
        elif kind == "datepicker":
            state["selected_date"] = answer
        elif kind == "conversations_select":
            state["selected_conversation"] = answer
        elif kind == "multi_users_select":
            state["selected_users"] = answer or []
        elif kind == "number_input":
            state["value"] = None if answer is None else str(answer)
        values[block_id] = {element.get("action_id", "value"): state}
    return values


def _option(element: dict[str, Any], value: str) -> dict[str, Any]:
    options = list(element.get("options", []))
    for group in element.get("option_groups", []):
        options.extend(group["options"])
    for option in options:
        if option["value"] == value:
            return dict(option)
    # A forged value: what a tampered client could send.
    return {"text": {"type": "plain_text", "text": value}, "value": value}
