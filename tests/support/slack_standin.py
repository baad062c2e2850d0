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
  chat.postMessage, replies lost after the work is done (`lose_next_reply`: the message is
  stored, the connection closes without an answer), and an artificial per-call latency.
- Several workspaces (`add_team`), each with its own bot token, installed directly (`install`)
  or through OAuth v2 (`authorize_url` -> redirect with a code -> `oauth.v2.access`, optionally
  with token rotation, or org-wide for an Enterprise Grid). Channels and users registered with
  a team (`add_channel`, `set_user(team_id=...)`) may only be addressed with a token that can
  see them; a call with another workspace's token is refused (`channel_not_found`,
  `user_not_found`, ...) and recorded in `violations`, so one assertion proves that every
  workspace's calls use its own token. A Slack Connect channel (`shared_with`) is visible to
  all its teams; a person is reachable by DM only through their own team's token. Ids never
  registered belong to no team in particular and are not checked, and any `xoxb-`/`xoxp-`
  token not issued here acts as the default team T1's bot (`require_known_tokens` ends that).
- `auth.test` answers per token, with the granted scopes in the `x-oauth-scopes` header (on
  every answer to a bot token, as Slack does).
- `set_history_limits()`: Slack's 2025 limits for apps distributed outside the Marketplace:
  conversations.history/replies at 1 request per minute per method and team (429 with
  Retry-After beyond that), at most and by default 15 messages per call.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import dataclasses
import json
import math
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self, cast
from urllib.parse import parse_qs, urlencode, urlsplit
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
TEAM_NAME = "Temadag Test"
# What the manifest asks for; tests may grant less to see how the bot copes.
DEFAULT_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "im:history",
    "users:read",
    "files:write",
    "channels:read",
)
CLIENT_ID = "1111.2222"
CLIENT_SECRET = "standin-client-secret"
APP_TOKEN_PREFIX = "xapp-"
# Slack: an OAuth code is valid for 10 minutes; a rotating token for 12 hours.
_CODE_LIFETIME = 600.0
_ROTATING_TOKEN_LIFETIME = 43200
_HISTORY_METHODS = ("conversations.history", "conversations.replies")
_HISTORY_WINDOW = 60.0

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
    # The workspace (or Enterprise Grid org) whose token made the call.
    team_id: str | None = None
    # The work was done but the client never got `response` (see `lose_next_reply`).
    lost: bool = False

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


@dataclass(frozen=True)
class Team:
    """A workspace. `bot_token` is its current token, None until the app is installed."""

    team_id: str
    name: str
    domain: str
    bot_user_id: str
    bot_id: str
    scopes: tuple[str, ...]
    enterprise_id: str | None = None
    enterprise_name: str | None = None
    bot_token: str | None = None
    refresh_token: str | None = None

    @property
    def url(self) -> str:
        return f"https://{self.domain}.slack.com/"


@dataclass
class _Grant:
    """What one token may do: act as a team's bot, or as an org-wide install's bot."""

    token: str
    team_id: str | None
    enterprise_id: str | None
    bot_user_id: str
    bot_id: str
    scopes: tuple[str, ...]
    expires_at: float | None = None
    revoked: bool = False


@dataclass
class _Code:
    team_id: str | None
    enterprise_id: str | None
    user_id: str
    redirect_uri: str | None
    issued_at: float
    used: bool = False


@dataclass
class _OAuthConfig:
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    redirect_uri: str | None = None
    token_rotation: bool = False
    expires_in: int = _ROTATING_TOKEN_LIFETIME


@dataclass
class _Failure:
    method: str
    status: int
    retry_after: int
    error: str | None
    remaining: int
    user: str | None
    channel: str | None
    after: float = 0.0


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
    # Close the connection without answering, after this many seconds.
    lost_after: float | None = None

    @classmethod
    def json(cls, payload: Params, status: int = 200, **headers: str) -> _Reply:
        return cls(status, json.dumps(payload).encode(), headers=headers)

    def with_headers(self, headers: dict[str, str]) -> _Reply:
        self.headers.update(headers)
        return self


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
        # Methods called with an app-level token (xapp-), added by other stand-ins (Socket Mode).
        # They outlive reset(), as the stand-in that added them does.
        self._app_methods: dict[str, Handler] = {}
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
            self._lost: list[_Failure] = []
            self._history_limits: tuple[int | None, int] | None = None
            self._history_calls: dict[tuple[str, str], list[float]] = {}
            self._teams: dict[str, Team] = {}
            self._enterprises: dict[str, _Grant | None] = {}
            self._channels: dict[str, tuple[str, frozenset[str]]] = {}
            self._user_teams: dict[str, str] = {}
            self._grants: dict[str, _Grant] = {}
            self._refresh_tokens: dict[str, _Grant] = {}
            self._codes: dict[str, _Code] = {}
            self._oauth = _OAuthConfig()
            self._signed_in: tuple[str | None, str, str | None] | None = None
            self._deny_next = False
            self._lenient_tokens = True
            self._caller: _Grant | None = None
            self._view_teams: dict[str, str | None] = {}
            self._trigger_teams: dict[str, str] = {}
            default = Team(TEAM_ID, TEAM_NAME, "temadag-test", BOT_USER_ID, BOT_ID, DEFAULT_SCOPES)
            self._teams[TEAM_ID] = default

    def set_user(
        self,
        user_id: str,
        *,
        locale: str = "en-US",
        tz: str = "Europe/Copenhagen",
        deleted: bool = False,
        name: str | None = None,
        team_id: str = TEAM_ID,
    ) -> None:
        """A person of `team_id` (for Slack Connect: of their own workspace, not the host's)."""
        with self._cond:
            self._users[user_id] = {"locale": locale, "tz": tz, "deleted": deleted, "name": name}
            self._user_teams[user_id] = team_id

    # -- workspaces, installation and OAuth ------------------------------------------------

    def add_team(
        self,
        team_id: str,
        *,
        name: str | None = None,
        domain: str | None = None,
        enterprise_id: str | None = None,
        enterprise_name: str | None = None,
        bot_user_id: str | None = None,
        bot_id: str | None = None,
        scopes: tuple[str, ...] = DEFAULT_SCOPES,
        bot_token: str | None = None,
    ) -> Team:
        """A workspace where the app is not installed yet, unless `bot_token` is given."""
        with self._cond:
            team = Team(
                team_id,
                name or f"Kommune {team_id}",
                domain or f"kommune-{team_id.lower()}",
                bot_user_id or f"UBOT{team_id}",
                bot_id or f"B{team_id}",
                tuple(scopes),
                enterprise_id,
                enterprise_name or (f"Org {enterprise_id}" if enterprise_id else None),
            )
            self._teams[team_id] = team
            if enterprise_id:
                self._enterprises.setdefault(enterprise_id, None)
            if bot_token is not None:
                self._grant_team(team_id, bot_token, rotation=False)
            return self._teams[team_id]

    def team(self, team_id: str) -> Team:
        with self._cond:
            return self._teams[team_id]

    def add_channel(
        self, channel_id: str, team_id: str, *, shared_with: tuple[str, ...] | list[str] = ()
    ) -> None:
        """A channel of `team_id`; `shared_with` makes it a Slack Connect channel."""
        with self._cond:
            self._channels[channel_id] = (team_id, frozenset(shared_with))

    def install(
        self, team_id: str, *, user_id: str = "UINSTALLER", rotation: bool = False
    ) -> Params:
        """Install the app in a workspace without the browser; returns what oauth.v2.access
        would have answered. Installing again keeps a live token, as Slack does."""
        with self._cond:
            return self._install(team_id, None, user_id, rotation)

    def uninstall(self, team_id: str) -> None:
        """What uninstalling does to tokens: every token of the workspace is revoked."""
        with self._cond:
            for grant in self._grants.values():
                if grant.team_id == team_id:
                    grant.revoked = True
            team = self._teams[team_id]
            self._teams[team_id] = _replace(team, bot_token=None, refresh_token=None)

    def revoke_token(self, token: str) -> None:
        with self._cond:
            self._grants[token].revoked = True

    def require_known_tokens(self, required: bool = True) -> None:
        """Refuse (`invalid_auth`) bot tokens this stand-in did not issue."""
        with self._cond:
            self._lenient_tokens = not required

    def configure_oauth(
        self,
        *,
        client_id: str = CLIENT_ID,
        client_secret: str = CLIENT_SECRET,
        redirect_uri: str | None = None,
        token_rotation: bool = False,
        expires_in: int = _ROTATING_TOKEN_LIFETIME,
    ) -> None:
        """The app's OAuth settings. With `token_rotation`, oauth.v2.access answers with an
        expiring `xoxe.xoxb-` token, a refresh token and `expires_in` (seconds)."""
        with self._cond:
            self._oauth = _OAuthConfig(
                client_id, client_secret, redirect_uri, token_rotation, expires_in
            )

    @property
    def authorize_url(self) -> str:
        """Where Bolt's OAuthSettings(authorization_url=...) should send the browser."""
        return f"{self.origin}/oauth/v2/authorize"

    def sign_in(
        self, team_id: str | None, user_id: str, *, enterprise_id: str | None = None
    ) -> None:
        """Who approves the next install in the browser: a person of `team_id`, or for an
        org-wide install (`team_id=None`) an admin of `enterprise_id`."""
        with self._cond:
            self._signed_in = (team_id, user_id, enterprise_id)

    def deny_next_authorization(self) -> None:
        """The person presses Cancel: the browser returns with `error=access_denied`."""
        with self._cond:
            self._deny_next = True

    def authorize(
        self,
        url: str,
        *,
        team_id: str | None = None,
        user_id: str | None = None,
        enterprise_id: str | None = None,
        deny: bool = False,
    ) -> str:
        """Slack's authorize page: check the request, then return where the browser goes next
        (the redirect URI with `code` and `state`, or with `error`). Team and user default to
        the `team` query parameter and the person signed in with `sign_in`."""
        with self._cond:
            return self._authorize(url, team_id, user_id, enterprise_id, deny)

    def plant(self, marker: str) -> None:
        """Register a raw control sequence (e.g. `<!channel>`) that must never reach mrkdwn."""
        with self._cond:
            self._markers.append(marker)

    def mint_trigger(self, view_id: str | None = None, team_id: str | None = None) -> str:
        """A fresh trigger id that expires in 3 s; pushes with it go onto `view_id`'s stack.
        With `team_id`, only that workspace's token may use it."""
        with self._cond:
            trigger = f"{self._next_seq()}.{team_id or TEAM_ID}.trigger"
            self._minted[trigger] = (self._clock(), view_id)
            if team_id is not None:
                self._trigger_teams[trigger] = team_id
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

    def lose_next_reply(
        self,
        method: str = "chat.postMessage",
        *,
        count: int = 1,
        user: str | None = None,
        channel: str | None = None,
        after: float = 0.0,
    ) -> None:
        """Do the next `count` matching calls (a message is stored as posted), then close the
        connection without an answer, `after` seconds later: a client with a shorter timeout
        sees a read timeout, others see the connection dropped."""
        with self._cond:
            self._lost.append(_Failure(method, 0, 0, None, count, user, channel, after))

    def set_history_limits(self, per_minute: int | None = 1, max_messages: int = 15) -> None:
        """Slack's limits since 2025 for apps distributed outside the Marketplace:
        conversations.history and .replies answer `per_minute` requests per minute per method
        and workspace (HTTP 429 with Retry-After beyond that) with at most, and by default,
        `max_messages` messages. `per_minute=None` keeps only the message cap."""
        with self._cond:
            self._history_limits = (per_minute, max_messages)
            self._history_calls = {}

    def add_method(self, method: str, handler: Handler) -> None:
        """Serve a method that is called with an app-level token (xapp-); the handler finds
        the token in the params, under "token"."""
        with self._cond:
            self._app_methods[method] = handler

    def remove_method(self, method: str) -> None:
        with self._cond:
            self._app_methods.pop(method, None)

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
            self._caller = None
            try:
                reply = self._dispatch(method, params, headers)
            except Exception as exc:  # a stand-in bug must fail the test, not hang the client
                self._violations.append(f"stand-in error in {method}: {exc!r}")
                reply = _Reply(500, f"stand-in error: {exc!r}".encode(), "text/plain")
            try:
                response = json.loads(reply.body) if reply.status in (200, 429) else {}
            except ValueError:
                response = {}
            caller = self._caller
            team = (caller.team_id or caller.enterprise_id) if caller else None
            lost = reply.lost_after is not None
            call = Call(method, params, headers, at, reply.status, response, team, lost)
            self._calls.append(call)
            self._caller = None
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

    def _handle_authorize(self, path: str) -> _Reply:
        with self._cond:
            try:
                location = self._authorize(path, None, None, None, False)
            except ValueError as exc:
                # Slack shows an error page; a test sees why.
                return _Reply(400, str(exc).encode(), "text/plain; charset=utf-8")
        return _Reply(302, b"", "text/plain", {"Location": location})

    def _handle_upload(self, file_id: str, body: bytes) -> _Reply:
        with self._cond:
            upload = self._files.get(file_id)
            if upload is None:
                return _Reply(404, b"Not Found", "text/plain")
            upload.content = body
            return _Reply(200, f"OK - {len(body)}".encode(), "text/plain")

    def _dispatch(self, method: str, params: Params, headers: dict[str, str]) -> _Reply:
        auth = headers.get("Authorization") or headers.get("authorization") or ""
        if method == "oauth.v2.access":
            return _Reply.json(self._oauth_access(params, auth))
        if not auth:
            return _Reply.json({"ok": False, "error": "not_authed"})
        token = auth.removeprefix("Bearer ")
        if method in self._app_methods:
            if not token.startswith(APP_TOKEN_PREFIX):
                return _Reply.json({"ok": False, "error": "not_allowed_token_type"})
            return _Reply.json(self._app_methods[method]({**params, "token": token}))
        if token.startswith(APP_TOKEN_PREFIX) or not auth.startswith("Bearer "):
            return _Reply.json({"ok": False, "error": "invalid_auth"})
        grant, refused = self._grant_for(token)
        if refused is not None:
            return _Reply.json({"ok": False, "error": refused})
        self._caller = grant
        scopes = {"x-oauth-scopes": ",".join(grant.scopes)} if grant else {}
        scripted = self._take_failure(method, params)
        if scripted is not None:
            scripted.headers.update(scopes)
            return scripted
        limited = self._limit(method, params, grant)
        if limited is not None:
            limited.headers.update(scopes)
            return limited
        handler = self._handlers.get(method)
        if handler is None:
            return _Reply.json({"ok": False, "error": "unknown_method"}).with_headers(scopes)
        error = self._refuse_other_teams(method, params, grant)
        if error is not None:
            return _Reply.json({"ok": False, "error": error}).with_headers(scopes)
        reply = _Reply.json(handler(params)).with_headers(scopes)
        lost = self._take_lost(method, params)
        if lost is not None:
            reply.lost_after = lost
        return reply

    def _limit(self, method: str, params: Params, grant: _Grant | None) -> _Reply | None:
        if method == "chat.postMessage":
            return self._throttle(params)
        if method in _HISTORY_METHODS and self._history_limits is not None:
            per_minute = self._history_limits[0]
            if per_minute is None:
                return None
            now = self._clock()
            team = (grant.team_id or grant.enterprise_id or "") if grant else ""
            recent = [
                at
                for at in self._history_calls.get((team, method), [])
                if now - at < _HISTORY_WINDOW
            ]
            if len(recent) >= per_minute:
                self._history_calls[(team, method)] = recent
                wait = _HISTORY_WINDOW - (now - recent[0])
                return _failure_reply(429, max(1, math.ceil(wait)), None)
            self._history_calls[(team, method)] = [*recent, now]
        return None

    def _take_lost(self, method: str, params: Params) -> float | None:
        for lost in self._lost:
            if lost.method == method and _targets(params, lost.user, lost.channel):
                lost.remaining -= 1
                if lost.remaining <= 0:
                    self._lost.remove(lost)
                return lost.after
        return None

    # -- tokens and which workspace may address what ---------------------------------------

    def _grant_for(self, token: str) -> tuple[_Grant | None, str | None]:
        grant = self._grants.get(token)
        if grant is None:
            if self._lenient_tokens and token.startswith(("xoxb-", "xoxp-")):
                team = self._teams[TEAM_ID]
                return _Grant(
                    token, TEAM_ID, None, team.bot_user_id, team.bot_id, team.scopes
                ), None
            return None, "invalid_auth"
        if grant.revoked:
            return None, "token_revoked"
        if grant.expires_at is not None and self._clock() >= grant.expires_at:
            return None, "token_expired"
        return grant, None

    def _teams_of(self, grant: _Grant | None) -> set[str]:
        if grant is None:
            return set()
        if grant.team_id is not None:
            return {grant.team_id}
        return {t.team_id for t in self._teams.values() if t.enterprise_id == grant.enterprise_id}

    def _channel_teams(self, channel: str) -> set[str] | None:
        """Teams that see a conversation (None: nobody registered it, so it is not checked)."""
        if channel[:1] in ("U", "W"):
            channel = "D" + channel
        if channel in self._channels:
            owner, shared = self._channels[channel]
            return {owner, *shared}
        if channel.startswith("D") and channel[1:] in self._user_teams:
            return {self._user_teams[channel[1:]]}
        return None

    def _user_teams_seeing(self, user: str, *, reach: bool) -> set[str] | None:
        """Teams that can look a person up (reach=False) or DM them (reach=True)."""
        home = self._user_teams.get(user)
        if home is None:
            return None
        if reach:
            return {home}
        seeing = {home}
        for owner, shared in self._channels.values():
            members = {owner, *shared}
            if home in members:
                seeing |= members
        return seeing

    def _refuse_other_teams(self, method: str, params: Params, grant: _Grant | None) -> str | None:
        mine = self._teams_of(grant)
        checks: list[tuple[str, set[str] | None, str]] = []
        for key in ("channel", "channel_id"):
            if params.get(key):
                channel = str(params[key])
                checks.append((channel, self._channel_teams(channel), "channel_not_found"))
        for channel in [c for c in str(params.get("channels") or "").split(",") if c]:
            checks.append((channel, self._channel_teams(channel), "channel_not_found"))
        if method == "users.info" and params.get("user"):
            user = str(params["user"])
            checks.append((user, self._user_teams_seeing(user, reach=False), "user_not_found"))
        if method == "chat.postEphemeral" and params.get("user"):
            user = str(params["user"])
            checks.append((user, self._user_teams_seeing(user, reach=False), "user_not_in_channel"))
        if method == "views.publish" and params.get("user_id"):
            user = str(params["user_id"])
            checks.append((user, self._user_teams_seeing(user, reach=True), "user_not_found"))
        if method == "conversations.open":
            for user in [u for u in str(params.get("users") or "").split(",") if u]:
                checks.append((user, self._user_teams_seeing(user, reach=True), "user_not_visible"))
        trigger = str(params.get("trigger_id") or params.get("interactivity_pointer") or "")
        if trigger in self._trigger_teams:
            trigger_team = {self._trigger_teams[trigger]}
            checks.append((f"trigger {trigger}", trigger_team, "invalid_trigger_id"))
        view_id = str(params.get("view_id") or "")
        if self._view_teams.get(view_id):
            checks.append((f"view {view_id}", {str(self._view_teams[view_id])}, "not_found"))
        for target, teams, error in checks:
            if teams is not None and mine and not (teams & mine):
                self._violations.append(
                    f"{method}: token of {'/'.join(sorted(mine))} used for {target} "
                    f"of {'/'.join(sorted(teams))}"
                )
                return error
        return None

    def _grant_team(self, team_id: str, token: str, *, rotation: bool) -> _Grant:
        team = self._teams[team_id]
        expires = self._clock() + self._oauth.expires_in if rotation else None
        grant = _Grant(token, team_id, None, team.bot_user_id, team.bot_id, team.scopes, expires)
        self._grants[token] = grant
        refresh = None
        if rotation:
            refresh = f"xoxe-1-{team_id.lower()}-{self._next_seq()}"
            self._refresh_tokens[refresh] = grant
        self._teams[team_id] = _replace(team, bot_token=token, refresh_token=refresh)
        return grant

    def _install(
        self, team_id: str | None, enterprise_id: str | None, user_id: str, rotation: bool
    ) -> Params:
        if team_id is None:
            return self._install_org(str(enterprise_id), user_id, rotation)
        team = self._teams[team_id]
        live = self._grants.get(team.bot_token or "")
        reusable = live is not None and not live.revoked and live.expires_at is None
        if live is not None and reusable and not rotation:
            grant = live
        else:
            prefix = "xoxe.xoxb-1-" if rotation else "xoxb-"
            token = f"{prefix}{team_id.lower()}-{self._next_seq()}"
            grant = self._grant_team(team_id, token, rotation=rotation)
        enterprise = (
            {"id": team.enterprise_id, "name": team.enterprise_name} if team.enterprise_id else None
        )
        return self._installation_payload(
            grant, {"id": team.team_id, "name": team.name}, enterprise, user_id
        )

    def _install_org(self, enterprise_id: str, user_id: str, rotation: bool) -> Params:
        members = [t for t in self._teams.values() if t.enterprise_id == enterprise_id]
        if not members:
            raise KeyError(f"no team of enterprise {enterprise_id} was added")
        name = members[0].enterprise_name
        expires = self._clock() + self._oauth.expires_in if rotation else None
        prefix = "xoxe.xoxb-1-" if rotation else "xoxb-"
        token = f"{prefix}{enterprise_id.lower()}-{self._next_seq()}"
        bot_user, bot_id = f"UBOT{enterprise_id}", f"B{enterprise_id}"
        grant = _Grant(token, None, enterprise_id, bot_user, bot_id, DEFAULT_SCOPES, expires)
        self._grants[token] = grant
        self._enterprises[enterprise_id] = grant
        if rotation:
            self._refresh_tokens[f"xoxe-1-{enterprise_id.lower()}-{self._next_seq()}"] = grant
        return self._installation_payload(grant, None, {"id": enterprise_id, "name": name}, user_id)

    def _installation_payload(
        self, grant: _Grant, team: Params | None, enterprise: Params | None, user_id: str
    ) -> Params:
        payload: Params = {
            "ok": True,
            "app_id": APP_ID,
            "scope": ",".join(grant.scopes),
            "token_type": "bot",
            "access_token": grant.token,
            "bot_user_id": grant.bot_user_id,
            "team": team,
            "enterprise": enterprise,
            "is_enterprise_install": team is None,
        }
        if user_id:
            payload["authed_user"] = {"id": user_id}
        refresh = next((r for r, g in self._refresh_tokens.items() if g is grant), None)
        if grant.expires_at is not None and refresh is not None:
            payload["refresh_token"] = refresh
            payload["expires_in"] = round(grant.expires_at - self._clock())
        return payload

    def _authorize(
        self,
        url: str,
        team_id: str | None,
        user_id: str | None,
        enterprise_id: str | None,
        deny: bool,
    ) -> str:
        query = {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}
        if query.get("client_id") != self._oauth.client_id:
            raise ValueError(f"authorize: unknown client_id {query.get('client_id')!r}")
        redirect_uri = query.get("redirect_uri") or self._oauth.redirect_uri
        if not redirect_uri:
            raise ValueError("authorize: no redirect_uri given or configured")
        if self._oauth.redirect_uri and redirect_uri != self._oauth.redirect_uri:
            raise ValueError(f"authorize: redirect_uri {redirect_uri!r} is not the app's")
        signed_in = self._signed_in or (None, "UINSTALLER", None)
        if team_id is None and enterprise_id is None:
            team_id = query.get("team") or signed_in[0]
            enterprise_id = signed_in[2]
        user_id = user_id or signed_in[1]
        state = {"state": query["state"]} if "state" in query else {}
        if deny or self._deny_next:
            self._deny_next = False
            return _with_query(redirect_uri, {"error": "access_denied", **state})
        if team_id is None and enterprise_id is None:
            raise ValueError("authorize: nobody is signed in (sign_in) and no team was asked for")
        if team_id is not None and team_id not in self._teams:
            raise ValueError(f"authorize: no team {team_id}; add_team first")
        code = f"{self._next_seq()}.{team_id or enterprise_id}.code"
        self._codes[code] = _Code(
            team_id, enterprise_id, user_id, query.get("redirect_uri"), self._clock()
        )
        return _with_query(redirect_uri, {"code": code, **state})

    def _oauth_access(self, p: Params, auth: str) -> Params:
        client_id, client_secret = p.get("client_id"), p.get("client_secret")
        if auth.startswith("Basic "):
            decoded = base64.b64decode(auth[len("Basic ") :]).decode()
            client_id, _, client_secret = decoded.partition(":")
        if client_id != self._oauth.client_id:
            return {"ok": False, "error": "invalid_client_id"}
        if client_secret != self._oauth.client_secret:
            return {"ok": False, "error": "bad_client_secret"}
        if p.get("grant_type") == "refresh_token":
            return self._refresh(str(p.get("refresh_token") or ""))
        code = self._codes.get(str(p.get("code") or ""))
        if code is None or code.used or self._clock() - code.issued_at > _CODE_LIFETIME:
            return {"ok": False, "error": "invalid_code"}
        if code.redirect_uri and p.get("redirect_uri") != code.redirect_uri:
            return {"ok": False, "error": "bad_redirect_uri"}
        code.used = True
        return self._install(
            code.team_id, code.enterprise_id, code.user_id, self._oauth.token_rotation
        )

    def _refresh(self, refresh_token: str) -> Params:
        old = self._refresh_tokens.pop(refresh_token, None)
        if old is None or old.revoked:
            return {"ok": False, "error": "invalid_refresh_token"}
        key = (old.team_id or old.enterprise_id or "").lower()
        token = f"xoxe.xoxb-1-{key}-{self._next_seq()}"
        expires = self._clock() + self._oauth.expires_in
        grant = _Grant(
            token, old.team_id, old.enterprise_id, old.bot_user_id, old.bot_id, old.scopes, expires
        )
        self._grants[token] = grant
        refresh = f"xoxe-1-{key}-{self._next_seq()}"
        self._refresh_tokens[refresh] = grant
        if old.team_id is not None:
            team_record = self._teams[old.team_id]
            self._teams[old.team_id] = _replace(team_record, bot_token=token, refresh_token=refresh)
            team: Params | None = {"id": team_record.team_id, "name": team_record.name}
            enterprise_id = team_record.enterprise_id
        else:
            team, enterprise_id = None, old.enterprise_id
        enterprise = (
            {"id": enterprise_id, "name": f"Org {enterprise_id}"} if enterprise_id else None
        )
        return self._installation_payload(grant, team, enterprise, "")

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

    def _caller_team(self) -> Team:
        """The workspace of the token in use (the default team for an org-wide token)."""
        caller = self._caller
        if caller is not None and caller.team_id in self._teams:
            return self._teams[caller.team_id]
        return self._teams[TEAM_ID]

    def _auth_test(self, p: Params) -> Params:
        caller = self._caller
        if caller is not None and caller.team_id is None:
            enterprise = str(caller.enterprise_id)
            members = [t for t in self._teams.values() if t.enterprise_id == enterprise]
            return {
                "ok": True,
                "url": f"https://{enterprise.lower()}.enterprise.slack.com/",
                "team": members[0].enterprise_name if members else enterprise,
                "user": "temadag",
                "team_id": enterprise,
                "user_id": caller.bot_user_id,
                "bot_id": caller.bot_id,
                "enterprise_id": enterprise,
                "is_enterprise_install": True,
            }
        team = self._caller_team()
        answer: Params = {
            "ok": True,
            "url": team.url,
            "team": team.name,
            "user": "temadag",
            "team_id": team.team_id,
            "user_id": team.bot_user_id,
            "bot_id": team.bot_id,
            "is_enterprise_install": False,
        }
        if team.enterprise_id:
            answer["enterprise_id"] = team.enterprise_id
        return answer

    def _post_message(self, p: Params) -> Params:
        rejected = self._check_message("chat.postMessage", p)
        if rejected is not None:
            return rejected
        channel = _dm_channel(str(p.get("channel") or ""))
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        ts = self._next_ts()
        team = self._caller_team()
        message: Params = {
            "type": "message",
            "user": self._caller.bot_user_id if self._caller else team.bot_user_id,
            "bot_id": self._caller.bot_id if self._caller else team.bot_id,
            "app_id": APP_ID,
            "team": team.team_id,
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
        team = self._caller_team()
        link = f"{team.url}archives/{channel}/p{ts.replace('.', '')}"
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
        inclusive = _truthy(p.get("inclusive"))
        cap = self._history_limits[1] if self._history_limits else None
        limit = int(p.get("limit") or cap or 100)
        limit = min(limit, cap) if cap else limit
        cursor = _decode_cursor(str(p.get("cursor") or ""))
        with_metadata = _truthy(p.get("include_all_metadata"))
        found: list[Params] = []
        for message in reversed(self._messages.get(channel, [])):
            ts = float(message["ts"])
            in_range = oldest <= ts <= latest if inclusive else oldest < ts < latest
            if cursor is not None:
                in_range = in_range and ts < cursor
            thread_ts = message.get("thread_ts")
            is_reply = thread_ts not in (None, message["ts"]) and not message.get("reply_broadcast")
            if in_range and not is_reply:
                shown = copy.deepcopy(message)
                if not with_metadata:
                    shown.pop("metadata", None)
                found.append(shown)
        more = len(found) > limit
        page = found[:limit]
        next_cursor = _encode_cursor(page[-1]["ts"]) if more and page else ""
        return {
            "ok": True,
            "messages": page,
            "has_more": more,
            "response_metadata": {"next_cursor": next_cursor},
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
        team = self._caller_team()
        stored |= {
            "id": view_id,
            "team_id": team.team_id,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
            "state": {"values": {}},
            "hash": f"{self._next_seq()}.{view_id}",
            "root_view_id": root or view_id,
            "previous_view_id": previous,
        }
        self._views[view_id] = stored
        self._view_teams[view_id] = self._caller.team_id if self._caller else None
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
            "team_id": self._user_teams.get(user_id, TEAM_ID),
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
                    "permalink": f"{self._caller_team().url}files/{BOT_USER_ID}/{upload.file_id}",
                    "channels": [channel_id] if channel_id else [],
                }
            )
        if isinstance(comment, str):
            self._scan("files.completeUploadExternal", iter([comment]))
        return {"ok": True, "files": done}


# -- small helpers --------------------------------------------------------------------------


def _truthy(value: object) -> bool:
    return value in (True, 1, "1", "true", "True")


def _replace(team: Team, **changes: str | None) -> Team:
    return dataclasses.replace(team, **changes)  # type: ignore[arg-type]


def _with_query(url: str, params: dict[str, str]) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


def _encode_cursor(ts: str) -> str:
    return base64.b64encode(f"next_ts:{ts}".encode()).decode()


def _decode_cursor(cursor: str) -> float | None:
    if not cursor:
        return None
    try:
        return float(base64.b64decode(cursor).decode().removeprefix("next_ts:"))
    except ValueError:
        return None


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
        elif url.path == "/oauth/v2/authorize" and self.command == "GET":
            reply = standin._handle_authorize(self.path)
        elif url.path.startswith("/upload/") and self.command == "POST":
            reply = standin._handle_upload(url.path[len("/upload/") :], body)
        elif url.path.startswith("/response/") and self.command == "POST":
            reply = standin._handle_response_url(url.path[len("/response/") :], body)
        else:
            reply = _Reply(404, b"Not Found", "text/plain")
        if reply.lost_after is not None:
            # The work is done; the answer is never sent.
            if reply.lost_after:
                time.sleep(reply.lost_after)
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output quiet; calls are inspectable through SlackStandIn.calls
