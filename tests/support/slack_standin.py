"""A local stand-in for Slack's Web API, served over real HTTP.

`slack_sdk.WebClient(base_url=standin.base_url)` talks to it exactly as it talks to Slack, so
tests exercise the real client: its JSON-vs-form encoding, its error raising, its retry handlers.

What it models, and how closely:
- Response shapes carry the fields slack_sdk and bolt read (ts, channel, view.id, hash, ...).
- Payloads breaking Slack's documented Block Kit/view limits are rejected the way Slack does
  (messages: `invalid_blocks`; views: `invalid_arguments` with `response_metadata.messages`)
  and every break is recorded in `violations`, so a suite can assert `violations == []`.
- Trigger ids are single use (`exchanged_trigger_id`); ones minted with `mint_trigger()` also
  expire after 3 s (`expired_trigger_id`). Other non-empty trigger ids count as fresh.
- The modal stack is approximated: `views.open` starts a stack; `views.push` adds to the stack of
  the view its trigger was minted for (`mint_trigger(view_id)`), else to the most recently opened
  stack, and is refused with `push_limit_reached` beyond 3 views. Closing views is not modelled.
- Planted markers (`plant("<!channel>")`) found in mrkdwn text, a message's top-level text or a
  file's initial comment are recorded in `live_mentions`: they would ping in real Slack.
  plain_text objects never ping, so they are not scanned.
- Faults: scripted failures (`fail_next`), random 503s and token-bucket rate limits for
  chat.postMessage, and an artificial per-call latency.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self, cast
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from tests.support.block_kit_limits import (
    MAX_MESSAGE_TEXT,
    message_problems,
    mrkdwn_texts,
    view_problems,
)

Params = dict[str, Any]
Handler = Callable[[Params], Params]

TEAM_ID = "T1"
BOT_USER_ID = "UBOT"
BOT_ID = "B1"
APP_ID = "A1"
TEAM_URL = "https://temadag-test.slack.com/"

# Form-encoded requests carry these as JSON strings; decoding them once lets tests and the
# validator see the same structures whichever encoding slack_sdk chose for the method.
_JSON_FIELDS = ("blocks", "view", "attachments", "metadata", "files")
_MESSAGE_METHODS = ("chat.postMessage", "chat.update", "chat.postEphemeral")
_MAX_PUSHED_STACK = 3
_TRIGGER_LIFETIME = 3.0


@dataclass(frozen=True)
class Call:
    method: str
    params: Params
    headers: dict[str, str]
    at: float
    status: int = 200
    response: Params = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.response.get("ok") is True


@dataclass
class UploadedFile:
    file_id: str
    filename: str
    title: str | None = None
    content: bytes = b""
    channel_id: str | None = None
    initial_comment: str | None = None
    completed: bool = False


@dataclass
class _Failure:
    method: str
    status: int
    retry_after: int
    error: str | None
    remaining: int
    user: str | None
    channel: str | None


@dataclass
class _Bucket:
    capacity: float
    per_second: float
    tokens: float
    updated: float

    def wait(self, now: float) -> float:
        """Refill, then return the seconds until one token is available (0 when one is)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.per_second)
        self.updated = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.per_second


@dataclass
class _Reply:
    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, payload: Params, status: int = 200, **headers: str) -> _Reply:
        return cls(status, json.dumps(payload).encode(), headers=headers)


class SlackStandIn:
    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._cond = threading.Condition()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._handlers: dict[str, Handler] = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._post_message,
            "chat.update": self._update_message,
            "chat.postEphemeral": self._post_ephemeral,
            "chat.delete": self._delete_message,
            "chat.getPermalink": self._get_permalink,
            "conversations.open": self._open_conversation,
            "conversations.history": self._history,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "users.info": self._users_info,
            "files.getUploadURLExternal": self._get_upload_url,
            "files.completeUploadExternal": self._complete_upload,
        }
        self.reset()

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> Self:
        if self._server is None:
            self._server = _Server(("127.0.0.1", 0), _RequestHandler)
            self._server.standin = self
            self._thread = threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        if self._server is None:
            raise RuntimeError("SlackStandIn is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        return f"{self.origin}/api/"

    # -- configuration ---------------------------------------------------------------------

    def reset(self) -> None:
        """Forget every call, message, view, file, user, marker, fault and rate limit."""
        with self._cond:
            self._calls: list[Call] = []
            self._violations: list[str] = []
            self._live_mentions: list[str] = []
            self._markers: list[str] = []
            self._messages: dict[str, list[Params]] = {}
            self._users: dict[str, Params] = {}
            self._files: dict[str, UploadedFile] = {}
            self._views: dict[str, Params] = {}
            self._homes: dict[str, Params] = {}
            self._last_view_id: str | None = None
            self._stacks: dict[str, list[str]] = {}
            self._last_root: str | None = None
            self._used_triggers: set[str] = set()
            self._minted: dict[str, tuple[float, str | None]] = {}
            self._failures: list[_Failure] = []
            self._random: random.Random | None = None
            self._random_rate = 0.0
            self._channel_limit: tuple[float, int] | None = None
            self._channel_buckets: dict[str, _Bucket] = {}
            self._workspace_bucket: _Bucket | None = None
            self._latency = 0.0
            self._seq = 0

    def set_user(
        self,
        user_id: str,
        *,
        locale: str = "en-US",
        tz: str = "Europe/Copenhagen",
        deleted: bool = False,
        name: str | None = None,
    ) -> None:
        with self._cond:
            self._users[user_id] = {"locale": locale, "tz": tz, "deleted": deleted, "name": name}

    def plant(self, marker: str) -> None:
        """Register a raw control sequence (e.g. `<!channel>`) that must never reach mrkdwn."""
        with self._cond:
            self._markers.append(marker)

    def mint_trigger(self, view_id: str | None = None) -> str:
        """A fresh trigger id that expires in 3 s; pushes with it go onto `view_id`'s stack."""
        with self._cond:
            trigger = f"{self._next_seq()}.{TEAM_ID}.trigger"
            self._minted[trigger] = (self._clock(), view_id)
            return trigger

    def fail_next(
        self,
        method: str,
        *,
        status: int | None = None,
        retry_after: int = 1,
        error: str | None = None,
        count: int = 1,
        user: str | None = None,
        channel: str | None = None,
    ) -> None:
        """Script the next `count` matching calls to fail.

        status defaults to 429 (ratelimited + Retry-After), or to 200 when `error` is given, which
        answers `{"ok": false, "error": error}`. 5xx statuses answer with an HTML body.
        """
        chosen = status if status is not None else (200 if error else 429)
        with self._cond:
            self._failures.append(
                _Failure(method, chosen, retry_after, error, count, user, channel)
            )

    def set_random_failures(self, rate: float, seed: int = 0) -> None:
        """Answer this fraction of chat.postMessage calls with HTTP 503."""
        with self._cond:
            self._random_rate = rate
            self._random = random.Random(seed)

    def set_rate_limits(
        self,
        per_channel_per_sec: float | None = None,
        burst: int = 1,
        workspace_per_minute: int | None = None,
    ) -> None:
        """Token buckets for chat.postMessage: one per channel (capacity `burst`) and one for
        the workspace (capacity one minute's quota, refilled continuously)."""
        with self._cond:
            now = self._clock()
            self._channel_limit = (per_channel_per_sec, burst) if per_channel_per_sec else None
            self._channel_buckets = {}
            self._workspace_bucket = None
            if workspace_per_minute:
                size = float(workspace_per_minute)
                self._workspace_bucket = _Bucket(size, size / 60, size, now)

    def latency(self, seconds: float) -> None:
        with self._cond:
            self._latency = seconds

    # -- inspection ------------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        with self._cond:
            return list(self._calls)

    @property
    def violations(self) -> list[str]:
        with self._cond:
            return list(self._violations)

    @property
    def live_mentions(self) -> list[str]:
        with self._cond:
            return list(self._live_mentions)

    @property
    def uploaded_files(self) -> dict[str, UploadedFile]:
        with self._cond:
            return dict(self._files)

    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [call for call in self._calls if call.method == method]

    def last(self, method: str) -> Call:
        calls = self.calls_to(method)
        if not calls:
            raise AssertionError(f"no call to {method}; calls: {[c.method for c in self.calls]}")
        return calls[-1]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        def enough() -> bool:
            return sum(call.method == method for call in self._calls) >= count

        with self._cond:
            if not self._cond.wait_for(enough, timeout=timeout):
                seen = sum(call.method == method for call in self._calls)
                raise TimeoutError(f"saw {seen} of {count} calls to {method} in {timeout}s")
            return [call for call in self._calls if call.method == method]

    def posted_messages(self, channel: str | None = None) -> list[Call]:
        """Accepted chat.postMessage calls, optionally only those landing in `channel`."""
        return [
            call
            for call in self.calls_to("chat.postMessage")
            if call.ok and channel in (None, call.params.get("channel"), call.response["channel"])
        ]

    def history(self, channel: str) -> list[Params]:
        """Messages stored in a channel, oldest first."""
        with self._cond:
            return copy.deepcopy(self._messages.get(channel, []))

    # -- request handling (called from server threads) -------------------------------------

    def _handle_api(self, method: str, params: Params, headers: dict[str, str]) -> _Reply:
        at = self._clock()
        with self._cond:
            delay = self._latency
        if delay:
            time.sleep(delay)
        with self._cond:
            try:
                reply = self._dispatch(method, params, headers)
            except Exception as exc:  # a stand-in bug must fail the test, not hang the client
                self._violations.append(f"stand-in error in {method}: {exc!r}")
                reply = _Reply(500, f"stand-in error: {exc!r}".encode(), "text/plain")
            try:
                response = json.loads(reply.body) if reply.status in (200, 429) else {}
            except ValueError:
                response = {}
            self._calls.append(Call(method, params, headers, at, reply.status, response))
            self._cond.notify_all()
            return reply

    def current_view(self) -> Params:
        """The modal last opened, updated, or replaced by a submission's response_action."""
        with self._cond:
            for view_id in [self._last_view_id]:
                if view_id and view_id in self._views:
                    return copy.deepcopy(self._views[view_id])
        raise AssertionError("no view has been opened")

    def view(self, view_id: str) -> Params:
        with self._cond:
            return copy.deepcopy(self._views[view_id])

    def home_of(self, user_id: str) -> Params:
        with self._cond:
            if user_id not in self._homes:
                raise AssertionError(f"no home tab published for {user_id}")
            return copy.deepcopy(self._homes[user_id])

    def apply_submission_response(self, view_id: str, response: Params | None) -> None:
        """What Slack does with a view_submission's HTTP answer: check it, then show it."""
        with self._cond:
            if not response:
                return
            action = response.get("response_action")
            found = self._views.get(view_id)
            if action in ("update", "push"):
                problems = view_problems(response.get("view"))
                if problems:
                    self._violations.extend(f"response_action {action}: {p}" for p in problems)
                    return
                self._scan(f"response_action {action}", mrkdwn_texts(response.get("view")))
                if action == "update" and found is not None:
                    updated = copy.deepcopy(response["view"])
                    for key in ("private_metadata", "callback_id", "external_id"):
                        updated.setdefault(key, "")
                    keep = ("id", "team_id", "app_id", "bot_id", "root_view_id", "previous_view_id")
                    updated |= {k: found[k] for k in keep}
                    updated |= {"state": {"values": {}}, "hash": f"{self._next_seq()}.{view_id}"}
                    self._views[view_id] = updated
                    self._last_view_id = view_id
            elif action == "errors":
                errors = response.get("errors")
                inputs = {
                    b.get("block_id")
                    for b in (found or {}).get("blocks", [])
                    if isinstance(b, dict) and b.get("type") == "input"
                }
                if not isinstance(errors, dict) or not errors:
                    self._violations.append(
                        "response_action errors: errors must be a non-empty object"
                    )
                    return
                for block_id in errors:
                    if block_id not in inputs:
                        self._violations.append(
                            f"response_action errors: {block_id!r} is not an input block"
                        )

    def response_url(self, key: str = "") -> str:
        """A response_url for a fake command or action payload; Bolt's respond() posts here."""
        with self._cond:
            self._seq += 1
            return f"{self.origin}/response/{key or self._seq}"

    def responses(self) -> list[Params]:
        """What was posted to response URLs (ephemeral replies to commands and buttons)."""
        return [call.params for call in self.calls_to("response_url")]

    def _handle_response_url(self, key: str, body: bytes) -> _Reply:
        at = self._clock()
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            params = None
        with self._cond:
            if not isinstance(params, dict):
                self._violations.append("response_url: body is not a JSON object")
                reply = _Reply(400, b"invalid_payload", "text/plain")
            else:
                params["_key"] = key
                rejected = self._check_message("response_url", params)
                self._scan_message("response_url", params)
                reply = (
                    _Reply(400, b"invalid_blocks", "text/plain")
                    if rejected is not None
                    else _Reply(200, b"ok", "text/plain")
                )
            self._calls.append(
                Call(
                    "response_url", params or {}, {}, at, reply.status, {"ok": reply.status == 200}
                )
            )
            self._cond.notify_all()
            return reply

    def _handle_upload(self, file_id: str, body: bytes) -> _Reply:
        with self._cond:
            upload = self._files.get(file_id)
            if upload is None:
                return _Reply(404, b"Not Found", "text/plain")
            upload.content = body
            return _Reply(200, f"OK - {len(body)}".encode(), "text/plain")

    def _dispatch(self, method: str, params: Params, headers: dict[str, str]) -> _Reply:
        auth = headers.get("Authorization") or headers.get("authorization") or ""
        if not auth:
            return _Reply.json({"ok": False, "error": "not_authed"})
        if not auth.startswith(("Bearer xoxb-", "Bearer xoxp-")):
            return _Reply.json({"ok": False, "error": "invalid_auth"})
        scripted = self._take_failure(method, params)
        if scripted is not None:
            return scripted
        if method == "chat.postMessage":
            throttled = self._throttle(params)
            if throttled is not None:
                return throttled
        handler = self._handlers.get(method)
        if handler is None:
            return _Reply.json({"ok": False, "error": "unknown_method"})
        return _Reply.json(handler(params))

    def _take_failure(self, method: str, params: Params) -> _Reply | None:
        for failure in self._failures:
            if failure.method == method and _targets(params, failure.user, failure.channel):
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self._failures.remove(failure)
                return _failure_reply(failure.status, failure.retry_after, failure.error)
        postmessage = method == "chat.postMessage"
        if postmessage and self._random is not None and self._random.random() < self._random_rate:
            return _failure_reply(503, 1, None)
        return None

    def _throttle(self, params: Params) -> _Reply | None:
        now = self._clock()
        buckets: list[_Bucket] = []
        if self._channel_limit is not None:
            per_second, burst = self._channel_limit
            channel = _dm_channel(str(params.get("channel", "")))
            bucket = self._channel_buckets.setdefault(
                channel, _Bucket(float(max(1, burst)), per_second, float(max(1, burst)), now)
            )
            buckets.append(bucket)
        if self._workspace_bucket is not None:
            buckets.append(self._workspace_bucket)
        # Consume from no bucket unless every bucket has a token, as one message costs both.
        wait = max((bucket.wait(now) for bucket in buckets), default=0.0)
        if wait > 0:
            return _failure_reply(429, max(1, math.ceil(wait)), None)
        for bucket in buckets:
            bucket.tokens -= 1
        return None

    # -- shared helpers --------------------------------------------------------------------

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _next_ts(self) -> str:
        micros = 1_700_000_000_000_000 + self._next_seq() * 100
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _reject(self, method: str, error: str, problems: list[str]) -> Params:
        self._violations.extend(f"{method}: {problem}" for problem in problems)
        return {
            "ok": False,
            "error": error,
            "errors": problems,
            "response_metadata": {"messages": [f"[ERROR] {problem}" for problem in problems]},
        }

    def _scan(self, method: str, texts: Iterator[str]) -> None:
        for text in texts:
            for marker in self._markers:
                if marker in text:
                    self._live_mentions.append(f"{method}: {marker}")

    def _check_message(self, method: str, p: Params) -> Params | None:
        text, blocks = p.get("text"), p.get("blocks")
        content = (text, blocks, p.get("attachments"), p.get("markdown_text"))
        if method != "chat.update" and not any(content):
            return self._reject(method, "no_text", ["no text, blocks or attachments"])
        if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
            return self._reject(method, "msg_too_long", ["text must be at most 40000 characters"])
        problems = message_problems(blocks) if blocks is not None else []
        return self._reject(method, "invalid_blocks", problems) if problems else None

    def _scan_message(self, method: str, p: Params) -> None:
        top = [p.get("text"), p.get("markdown_text")]
        for attachment in p.get("attachments") or []:
            if isinstance(attachment, dict):
                top += [attachment.get("text"), attachment.get("pretext")]
        tops = (text for text in top if isinstance(text, str))
        self._scan(method, tops)
        self._scan(method, mrkdwn_texts([p.get("blocks"), p.get("attachments")]))

    def _find_message(self, channel: str, ts: str) -> Params | None:
        return next((m for m in self._messages.get(channel, []) if m["ts"] == ts), None)

    # -- chat and conversations ------------------------------------------------------------

    def _auth_test(self, p: Params) -> Params:
        return {
            "ok": True,
            "url": TEAM_URL,
            "team": "Temadag Test",
            "user": "temadag",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _post_message(self, p: Params) -> Params:
        rejected = self._check_message("chat.postMessage", p)
        if rejected is not None:
            return rejected
        channel = _dm_channel(str(p.get("channel") or ""))
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        ts = self._next_ts()
        message: Params = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": TEAM_ID,
            "text": p.get("text") or "",
            "ts": ts,
        }
        for key in ("blocks", "attachments", "metadata", "thread_ts", "reply_broadcast"):
            if p.get(key) is not None:
                message[key] = copy.deepcopy(p[key])
        self._messages.setdefault(channel, []).append(message)
        self._scan_message("chat.postMessage", p)
        return {"ok": True, "channel": channel, "ts": ts, "message": copy.deepcopy(message)}

    def _update_message(self, p: Params) -> Params:
        channel, ts = str(p.get("channel") or ""), str(p.get("ts") or "")
        message = self._find_message(channel, ts)
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        rejected = self._check_message("chat.update", p)
        if rejected is not None:
            return rejected
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in p:
                message[key] = copy.deepcopy(p[key])
        self._scan_message("chat.update", p)
        reply = {"ok": True, "channel": channel, "ts": ts, "text": message["text"]}
        return reply | {"message": copy.deepcopy(message)}

    def _post_ephemeral(self, p: Params) -> Params:
        rejected = self._check_message("chat.postEphemeral", p)
        if rejected is not None:
            return rejected
        if not p.get("user") or not p.get("channel"):
            return {"ok": False, "error": "invalid_arguments"}
        self._scan_message("chat.postEphemeral", p)
        return {"ok": True, "message_ts": self._next_ts()}

    def _delete_message(self, p: Params) -> Params:
        channel, ts = str(p.get("channel") or ""), str(p.get("ts") or "")
        message = self._find_message(channel, ts)
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        self._messages[channel].remove(message)
        return {"ok": True, "channel": channel, "ts": ts}

    def _get_permalink(self, p: Params) -> Params:
        channel, ts = str(p.get("channel") or ""), str(p.get("message_ts") or "")
        link = f"{TEAM_URL}archives/{channel}/p{ts.replace('.', '')}"
        return {"ok": True, "channel": channel, "permalink": link}

    def _open_conversation(self, p: Params) -> Params:
        if p.get("channel"):
            return {"ok": True, "channel": {"id": p["channel"]}}
        users = [u for u in str(p.get("users") or "").split(",") if u]
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        channel_id = "D" + users[0] if len(users) == 1 else "G" + "".join(sorted(users))
        return {"ok": True, "no_op": False, "channel": {"id": channel_id}}

    def _history(self, p: Params) -> Params:
        channel = str(p.get("channel") or "")
        oldest, latest = float(p.get("oldest") or 0), float(p.get("latest") or math.inf)
        inclusive, limit = _truthy(p.get("inclusive")), int(p.get("limit") or 100)
        with_metadata = _truthy(p.get("include_all_metadata"))
        found: list[Params] = []
        for message in reversed(self._messages.get(channel, [])):
            ts = float(message["ts"])
            in_range = oldest <= ts <= latest if inclusive else oldest < ts < latest
            thread_ts = message.get("thread_ts")
            is_reply = thread_ts not in (None, message["ts"]) and not message.get("reply_broadcast")
            if in_range and not is_reply:
                shown = copy.deepcopy(message)
                if not with_metadata:
                    shown.pop("metadata", None)
                found.append(shown)
        more = len(found) > limit
        return {
            "ok": True,
            "messages": found[:limit],
            "has_more": more,
            "response_metadata": {"next_cursor": ""},
        }

    # -- views -----------------------------------------------------------------------------

    def _use_trigger(self, method: str, p: Params) -> tuple[str, Params | None]:
        trigger = str(p.get("trigger_id") or p.get("interactivity_pointer") or "")
        if not trigger:
            return trigger, self._reject(method, "invalid_arguments", ["trigger_id is required"])
        if trigger in self._used_triggers:
            return trigger, self._reject(method, "exchanged_trigger_id", [f"reused {trigger}"])
        minted = self._minted.get(trigger)
        if minted is not None and self._clock() - minted[0] > _TRIGGER_LIFETIME:
            return trigger, self._reject(method, "expired_trigger_id", [f"expired {trigger}"])
        return trigger, None

    def _check_view(self, method: str, view: object) -> Params | None:
        problems = view_problems(view)
        return self._reject(method, "invalid_arguments", problems) if problems else None

    def _store_view(self, view: Params, root: str | None, previous: str | None) -> Params:
        view_id = f"V{self._next_seq():08d}"
        stored = copy.deepcopy(view)
        for key in ("private_metadata", "callback_id", "external_id"):
            stored.setdefault(key, "")
        stored |= {
            "id": view_id,
            "team_id": TEAM_ID,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
            "state": {"values": {}},
            "hash": f"{self._next_seq()}.{view_id}",
            "root_view_id": root or view_id,
            "previous_view_id": previous,
        }
        self._views[view_id] = stored
        self._last_view_id = view_id
        return stored

    def _views_open(self, p: Params) -> Params:
        trigger, refused = self._use_trigger("views.open", p)
        rejected = refused or self._check_view("views.open", p.get("view"))
        if rejected is not None:
            return rejected
        self._used_triggers.add(trigger)
        stored = self._store_view(p["view"], None, None)
        self._stacks[stored["id"]] = [stored["id"]]
        self._last_root = stored["id"]
        self._scan("views.open", mrkdwn_texts(p["view"]))
        return {"ok": True, "view": copy.deepcopy(stored)}

    def _views_push(self, p: Params) -> Params:
        trigger, refused = self._use_trigger("views.push", p)
        if refused is not None:
            return refused
        pushed_onto = self._views.get(self._minted.get(trigger, (0.0, None))[1] or "")
        root = pushed_onto["root_view_id"] if pushed_onto else self._last_root
        stack = self._stacks.get(root, []) if root else []
        if len(stack) >= _MAX_PUSHED_STACK:
            return self._reject("views.push", "push_limit_reached", ["view stack exceeds 3"])
        rejected = self._check_view("views.push", p.get("view"))
        if rejected is not None:
            return rejected
        self._used_triggers.add(trigger)
        stored = self._store_view(p["view"], root, stack[-1] if stack else None)
        self._stacks.setdefault(stored["root_view_id"], []).append(stored["id"])
        self._scan("views.push", mrkdwn_texts(p["view"]))
        return {"ok": True, "view": copy.deepcopy(stored)}

    def _views_update(self, p: Params) -> Params:
        view_id, external_id = p.get("view_id"), p.get("external_id")
        found = self._views.get(str(view_id)) if view_id else None
        if found is None and external_id:
            found = next((v for v in self._views.values() if v["external_id"] == external_id), None)
        if found is None:
            return {"ok": False, "error": "not_found"}
        if p.get("hash") and p["hash"] != found["hash"]:
            return {"ok": False, "error": "hash_conflict"}
        rejected = self._check_view("views.update", p.get("view"))
        if rejected is not None:
            return rejected
        kept = {k: found[k] for k in ("id", "team_id", "app_id", "bot_id", "state")}
        kept |= {k: found[k] for k in ("root_view_id", "previous_view_id")}
        updated = copy.deepcopy(p["view"]) | kept | {"hash": f"{self._next_seq()}.{found['id']}"}
        for key in ("private_metadata", "callback_id", "external_id"):
            updated.setdefault(key, "")
        self._views[found["id"]] = updated
        self._last_view_id = found["id"]
        self._scan("views.update", mrkdwn_texts(p["view"]))
        return {"ok": True, "view": copy.deepcopy(updated)}

    def _views_publish(self, p: Params) -> Params:
        if not p.get("user_id"):
            return self._reject("views.publish", "invalid_arguments", ["user_id is required"])
        view = p.get("view")
        rejected = self._check_view("views.publish", view)
        if rejected is None and isinstance(view, dict) and view.get("type") != "home":
            rejected = self._reject("views.publish", "invalid_arguments", ["type must be home"])
        if rejected is not None:
            return rejected
        modal_shown = self._last_view_id  # a home tab is not the modal on screen
        stored = self._store_view(cast(Params, view), None, None)
        self._last_view_id = modal_shown
        self._homes[str(p["user_id"])] = stored
        self._scan("views.publish", mrkdwn_texts(view))
        return {"ok": True, "view": copy.deepcopy(stored)}

    # -- users and files -------------------------------------------------------------------

    def _users_info(self, p: Params) -> Params:
        user_id = str(p.get("user") or "")
        if not user_id:
            return {"ok": False, "error": "user_not_found"}
        profile = self._users.get(user_id, {"locale": "en-US", "tz": "Europe/Copenhagen"})
        zone = ZoneInfo(profile["tz"])
        offset = datetime.now(UTC).astimezone(zone).utcoffset()
        user: Params = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": profile.get("name") or user_id.lower(),
            "real_name": profile.get("name") or user_id,
            "deleted": bool(profile.get("deleted")),
            "is_bot": False,
            "tz": profile["tz"],
            "tz_label": profile["tz"],
            "tz_offset": int(offset.total_seconds()) if offset else 0,
        }
        if _truthy(p.get("include_locale")):
            user["locale"] = profile["locale"]
        return {"ok": True, "user": user}

    def _get_upload_url(self, p: Params) -> Params:
        if not p.get("filename") or not str(p.get("length") or "").isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{self._next_seq():08d}"
        self._files[file_id] = UploadedFile(file_id, str(p["filename"]))
        return {"ok": True, "upload_url": f"{self.origin}/upload/{file_id}", "file_id": file_id}

    def _complete_upload(self, p: Params) -> Params:
        files = p.get("files")
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        channels = [c for c in str(p.get("channels") or "").split(",") if c]
        channel_id = p.get("channel_id") or (channels[0] if channels else None)
        comment = p.get("initial_comment")
        done: list[Params] = []
        for item in files:
            upload = self._files.get(str(item.get("id"))) if isinstance(item, dict) else None
            if upload is None:
                return {"ok": False, "error": "file_not_found"}
            upload.title = str(item.get("title") or upload.filename)
            upload.channel_id, upload.initial_comment = channel_id, comment
            upload.completed = True
            done.append(
                {
                    "id": upload.file_id,
                    "name": upload.filename,
                    "title": upload.title,
                    "size": len(upload.content),
                    "url_private": f"{self.origin}/files/{upload.file_id}",
                    "permalink": f"{TEAM_URL}files/{BOT_USER_ID}/{upload.file_id}",
                    "channels": [channel_id] if channel_id else [],
                }
            )
        if isinstance(comment, str):
            self._scan("files.completeUploadExternal", iter([comment]))
        return {"ok": True, "files": done}


# -- small helpers --------------------------------------------------------------------------


def _truthy(value: object) -> bool:
    return value in (True, 1, "1", "true", "True")


def _dm_channel(channel: str) -> str:
    # Posting to a user id lands in the bot's DM with that user, as in Slack.
    return "D" + channel if channel[:1] in ("U", "W") else channel


def _targets(params: Params, user: str | None, channel: str | None) -> bool:
    channel_param = str(params.get("channel") or params.get("channel_id") or "")
    if channel is not None and channel not in (channel_param, _dm_channel(channel_param)):
        return False
    if user is None:
        return True
    users = str(params.get("users") or "").split(",")
    named = (params.get("user"), params.get("user_id"), channel_param)
    return user in named or user in users or channel_param == "D" + user


def _failure_reply(status: int, retry_after: int, error: str | None) -> _Reply:
    if status == 429:
        body = {"ok": False, "error": "ratelimited"}
        return _Reply.json(body, 429, **{"Retry-After": str(retry_after)})
    if status >= 500:
        html = f"<html><body><h1>{status} Service Unavailable</h1></body></html>"
        return _Reply(status, html.encode(), "text/html")
    return _Reply.json({"ok": False, "error": error or "fatal_error"}, status)


def _decode_params(content_type: str, body: bytes, query: str) -> Params:
    params: Params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        # slack_sdk sends an empty body with a JSON content type for parameterless calls.
        if body.strip():
            loaded = json.loads(body)
            if isinstance(loaded, dict):
                params.update(loaded)
    elif body:
        form = parse_qs(body.decode(), keep_blank_values=True)
        params.update({k: v[-1] for k, v in form.items()})
    for key in _JSON_FIELDS:
        value = params.get(key)
        if isinstance(value, str) and value[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):  # left as sent; validation reports it
                params[key] = json.loads(value)
    return params


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    standin: SlackStandIn


class _RequestHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self._route(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._route(self.rfile.read(length) if length else b"")

    def _route(self, body: bytes) -> None:
        standin = cast(_Server, self.server).standin
        url = urlsplit(self.path)
        if url.path.startswith("/api/"):
            try:
                params = _decode_params(self.headers.get("Content-Type", ""), body, url.query)
            except ValueError:
                reply = _Reply.json({"ok": False, "error": "invalid_json"})
            else:
                headers = dict(self.headers.items())
                reply = standin._handle_api(url.path[len("/api/") :], params, headers)
        elif url.path.startswith("/upload/") and self.command == "POST":
            reply = standin._handle_upload(url.path[len("/upload/") :], body)
        elif url.path.startswith("/response/") and self.command == "POST":
            reply = standin._handle_response_url(url.path[len("/response/") :], body)
        else:
            reply = _Reply(404, b"Not Found", "text/plain")
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output quiet; calls are inspectable through SlackStandIn.calls
