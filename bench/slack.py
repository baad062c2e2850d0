"""Slack's side of the benchmarks: signed requests to the server's real HTTP endpoint.

Nothing here imports the bot: the server is driven as Slack drives it, and the modals it renders
are read back from its answers and from the stand-in, then filled in as a person would.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import http.client
import itertools
import json
import random
import re
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from bench.servers import SECRET
from bench.vocabulary import Vocabulary

TEAM = "T1"
CHANNEL = "C0WORKSHOP"
FORM = "application/x-www-form-urlencoded"
_triggers = itertools.count(1)
CODE = re.compile(r"\b([A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3})\b")


def sign(timestamp: str, body: bytes, secret: str = SECRET) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Signed:
    """One request as Slack sends it; valid for five minutes from `timestamp`."""

    body: bytes
    timestamp: str
    signature: str
    content_type: str = FORM

    @classmethod
    def of(cls, body: bytes, content_type: str = FORM) -> Signed:
        timestamp = str(int(time.time()))
        return cls(body, timestamp, sign(timestamp, body), content_type)

    def headers(self) -> dict[str, str]:
        return {
            "Content-Type": self.content_type,
            "X-Slack-Request-Timestamp": self.timestamp,
            "X-Slack-Signature": self.signature,
        }


def command(user: str, text: str, response_url: str, channel: str = CHANNEL) -> bytes:
    fields = {
        "token": "legacy",
        "team_id": TEAM,
        "team_domain": "kommune",
        "channel_id": channel,
        "channel_name": "temadag",
        "user_id": user,
        "user_name": user.lower(),
        "command": "/temadag",
        "text": text,
        "api_app_id": "A1",
        "response_url": response_url,
        # Any fresh trigger id is accepted once by the stand-in.
        "trigger_id": f"{next(_triggers)}.{TEAM}.bench",
    }
    return urlencode(fields).encode()


def submission(user: str, view: dict[str, Any], values: dict[str, Any]) -> bytes:
    submitted = dict(view)
    submitted["state"] = {"values": values}
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "kommune"},
        "user": {"id": user, "team_id": TEAM, "username": user.lower()},
        "api_app_id": "A1",
        "trigger_id": f"{next(_triggers)}.{TEAM}.bench",
        "view": submitted,
    }
    return urlencode({"payload": json.dumps(payload, ensure_ascii=False)}).encode()


def post(port: int, request: Signed, timeout: float = 60) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", "/slack/events", body=request.body, headers=request.headers())
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def post_all(port: int, bodies: Iterable[bytes], threads: int = 6) -> list[tuple[int, bytes]]:
    """Send requests (not timed: setting a scene), a few at a time, in order of submission."""
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda body: post(port, Signed.of(body)), bodies))


# -- reading and filling modals -----------------------------------------------------------------


def inputs(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in view.get("blocks", []) if b.get("type") == "input"]


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options", []))
    for group in element.get("option_groups", []):
        options.extend(group["options"])
    return options


def fill(
    view: dict[str, Any],
    rng: random.Random,
    vocabulary: Vocabulary,
    *,
    prefer: dict[str, Any] | None = None,
    defaults: bool = False,
) -> dict[str, dict[str, Any]]:
    """State values for every input block, as a person fills the modal in: realistic text, a
    choice among the offered options, dates ahead. `prefer` fixes values by block id;
    `defaults` keeps the modal's initial values where it has them."""
    prefer = prefer or {}
    values: dict[str, dict[str, Any]] = {}
    wrote = False  # whether the text input before this one was filled in
    # Next steps are written as plans (an intention and a date), as the bot's hints ask: a
    # wish without them is shown once more with hints, which would be a different step.
    plans = any(b["element"]["type"] == "datepicker" for b in inputs(view))
    for index, block in enumerate(inputs(view)):
        block_id = str(block["block_id"])
        element = block["element"]
        kind = element["type"]
        # The first input is always answered (a next-steps step needs one step); a date goes
        # with the text before it, as nobody dates a step they did not write.
        optional = bool(block.get("optional")) and index > 0
        skip = optional and rng.random() < 0.4 and block_id not in prefer
        if kind == "datepicker":
            skip = not wrote
        state: dict[str, Any] = {"type": kind}
        wanted = prefer.get(block_id)
        if kind == "plain_text_input":
            limit = int(element.get("max_length") or 3000)
            if wanted is not None:
                state["value"] = wanted
            elif defaults and "initial_value" in element:
                state["value"] = element["initial_value"]
            else:
                long = bool(element.get("multiline"))
                text = vocabulary.answer(rng, long=long)
                text = f"Jeg vil {text[:1].lower()}{text[1:]}" if plans else text
                state["value"] = None if skip else text[:limit]
            wrote = state["value"] is not None
        elif kind in ("static_select", "radio_buttons"):
            options = _options(element)
            chosen = next((o for o in options if o["value"] == wanted), None)
            if chosen is None and defaults and "initial_option" in element:
                chosen = element["initial_option"]
            if chosen is None and options and not skip:
                chosen = rng.choice(options)
            state["selected_option"] = chosen
        elif kind == "checkboxes":
            options = _options(element)
            if wanted is not None:
                state["selected_options"] = [o for o in options if o["value"] in wanted]
            else:
                state["selected_options"] = [o for o in options if rng.random() < 0.3]
        elif kind == "datepicker":
            ahead = date.today() + timedelta(days=rng.randint(14, 200))
            if defaults and "initial_date" in element:
                state["selected_date"] = element["initial_date"]
            else:
                state["selected_date"] = wanted or (None if skip else ahead.isoformat())
        elif kind == "conversations_select":
            state["selected_conversation"] = wanted or element.get("initial_conversation", CHANNEL)
        elif kind == "multi_users_select":
            state["selected_users"] = wanted or []
        elif kind == "number_input":
            state["value"] = str(wanted or element.get("initial_value") or "5")
        values[block_id] = {element.get("action_id", "value"): state}
    return values


def answer_of(body: bytes) -> dict[str, Any]:
    try:
        loaded = json.loads(body) if body else {}
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


# -- a room: a workshop, and people at their steps ---------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of the reflection as the bot renders it, and what a good answer to it is."""

    number: int  # 0-based position in the reflection
    name: str  # "text", "traffic lights", "next steps", ... (from its inputs)
    view: dict[str, Any]
    expect: str  # the callback_id of the view a good submission answers with


def kind_of(view: dict[str, Any]) -> str:
    blocks = inputs(view)
    selects = sum(b["element"]["type"] in ("static_select", "radio_buttons") for b in blocks)
    dates = sum(b["element"]["type"] == "datepicker" for b in blocks)
    if selects >= 8:
        return f"traffic lights ({selects} choices)"
    if dates:
        return "next steps"
    if selects or any(b["element"]["type"] != "plain_text_input" for b in blocks):
        return "check-in (selects)"
    return f"text ({len(blocks)} field{'s' if len(blocks) != 1 else ''})"


class Room:
    """A workshop created through the facilitator's modal, and its steps as rendered."""

    def __init__(self, port: int, standin: Any, vocabulary: Vocabulary, seed: int = 1) -> None:
        self.port = port
        self.standin = standin
        self.vocabulary = vocabulary
        self.rng = random.Random(seed)
        self.code = ""
        self.steps: list[Step] = []
        self.done_callback = ""

    def create(self, facilitator: str, title: str) -> str:
        before = len(self.standin.calls_to("views.open"))
        status, _ = post(self.port, Signed.of(command(facilitator, "ny", self._url())))
        if status != 200:
            raise RuntimeError(f"/temadag ny answered {status}")
        view = self._wait_view(None, after=before)
        values = fill(
            view,
            self.rng,
            self.vocabulary,
            # No agenda themes: every room has the template's own steps, whatever its seed.
            prefer={
                "w_title": title,
                "w_template": "health_policy",
                "w_language": "da",
                "w_agenda.health_policy": [],
            },
            defaults=True,
        )
        status, body = post(self.port, Signed.of(submission(facilitator, view, values)))
        found = CODE.search(body.decode("utf-8", "replace"))
        if status != 200 or not found:
            raise RuntimeError(f"creating the workshop failed: {status} {body[:300]!r}")
        self.code = found.group(1)
        return self.code

    def join_body(self, user: str) -> bytes:
        return command(user, f"deltag {self.code}", self._url())

    def join(self, users: list[str], batch: int = 50) -> None:
        """Everyone joins by code, a room of `batch` at a time (setting the scene, not timed: a
        thousand people typing the code within two seconds is no room's pace); returns once
        the bot has opened each their first step."""
        for start in range(0, len(users), batch):
            self._join_batch(users[start : start + batch])

    def _join_batch(self, users: list[str]) -> None:
        before = len(self.standin.calls_to("views.open"))
        answers = post_all(self.port, [self.join_body(user) for user in users])
        refused = [status for status, _ in answers if status != 200]
        if refused:
            raise RuntimeError(f"{len(refused)} joins refused: {refused[:5]}")

        def opened() -> int:
            return sum(c.ok for c in self.standin.calls_to("views.open")[before:])

        deadline = time.monotonic() + 30 + len(users) / 20
        while opened() < len(users):
            if time.monotonic() > deadline:
                raise TimeoutError(f"only {opened()} of {len(users)} first steps were opened")
            time.sleep(0.05)

    def learn_steps(self, user: str) -> list[Step]:
        """Walk one person through the whole reflection and keep each step's modal."""
        before = len(self.standin.calls_to("views.open"))
        status, _ = post(self.port, Signed.of(self.join_body(user)))
        if status != 200:
            raise RuntimeError(f"joining answered {status}")
        view = self._wait_view(None, after=before)
        steps: list[Step] = []
        while view.get("callback_id") == "reflection_step":
            values = fill(view, self.rng, self.vocabulary)
            status, body = post(self.port, Signed.of(submission(user, view, values)))
            answer = answer_of(body)
            if status != 200 or answer.get("response_action") != "update":
                raise RuntimeError(f"step {len(steps) + 1} failed: {status} {body[:500]!r}")
            following = answer["view"]
            if following.get("private_metadata") == view.get("private_metadata"):
                raise RuntimeError(f"step {len(steps) + 1} was shown again (hints?): {values}")
            steps.append(
                Step(len(steps), kind_of(view), view, str(following.get("callback_id", "")))
            )
            view = {**following, "id": view.get("id", "V0")}
        if not steps:
            raise RuntimeError(f"no reflection step was opened: {view.get('callback_id')}")
        self.done_callback = steps[-1].expect
        self.steps = steps
        return steps

    def step_body(self, user: str, step: Step) -> bytes:
        view = copy.deepcopy(step.view)
        return submission(user, view, fill(view, self.rng, self.vocabulary))

    def _url(self) -> str:
        return str(self.standin.response_url())

    def _wait_view(
        self, callback_id: str | None, after: int = 0, timeout: float = 10
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            opened = [c for c in self.standin.calls_to("views.open")[after:] if c.ok]
            for call in reversed(opened):
                view = call.response["view"]
                if callback_id is None or view.get("callback_id") == callback_id:
                    return dict(view)
            time.sleep(0.05)
        raise TimeoutError(f"no views.open of {callback_id or 'a reflection step'}")


def classify(step: Step, status: int, body: bytes) -> str:
    """'ok', or what went wrong: a 200 that carries an error modal is a failure."""
    if status != 200:
        return f"http {status}"
    answer = answer_of(body)
    action = answer.get("response_action")
    if action == "errors":
        return "validation errors"
    if action != "update":
        return f"response_action {action}"
    got = answer.get("view", {}).get("callback_id")
    return "ok" if got == step.expect else f"answered with {got!r} instead of {step.expect!r}"
