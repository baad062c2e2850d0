"""The one place that calls Slack's Web API, and the one place that classifies its errors."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import partial
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError, SlackRequestError
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.slack.metrics import SLACK_ERRORS

log = logging.getLogger(__name__)


class ErrorKind(Enum):
    PERMANENT = "permanent"  # this recipient or request will never work: stop trying it
    WORKSPACE = "workspace"  # the install is gone or revoked: pause the whole workspace
    RATE_LIMITED = "rate_limited"  # try again after Retry-After
    TRANSIENT = "transient"  # Slack or the network hiccuped: back off and retry


PERMANENT_ERRORS = frozenset(
    {
        "user_not_found",
        "user_disabled",
        "messages_tab_disabled",
        "cannot_dm_bot",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "invalid_blocks",
        "invalid_arguments",
        "invalid_metadata_format",
        "msg_too_long",
        "no_text",
        "too_many_attachments",
        "restricted_action",
        "user_not_visible",
        "message_not_found",
        "cant_update_message",
        "missing_scope",
        "not_allowed_token_type",
    }
)
WORKSPACE_ERRORS = frozenset(
    {
        "token_revoked",
        "app_uninstalled",
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "team_access_not_granted",
        "team_not_found",
        "ekm_access_denied",
    }
)
# Errors that make a person unreachable for good (the follow-up issue stops their reminders).
UNREACHABLE_USER_ERRORS = frozenset(
    {
        "user_not_found",
        "user_disabled",
        "messages_tab_disabled",
        "cannot_dm_bot",
        "account_inactive",
    }
)


@dataclass(eq=False)
class SlackFailure(Exception):
    kind: ErrorKind
    error: str
    retry_after: float | None = None

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.error}"


def classify(exc: Exception) -> SlackFailure:
    if isinstance(exc, SlackFailure):
        return exc
    failure = _classify(exc)
    if failure.kind is not ErrorKind.RATE_LIMITED:  # 429s have their own counter
        SLACK_ERRORS.labels(failure.error).inc()
    return failure


def _classify(exc: Exception) -> SlackFailure:
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        error = str(exc.response.get("error") or f"http_{status}")
        if status == 429 or error == "ratelimited":
            retry_after = _retry_after(exc.response.headers)
            return SlackFailure(ErrorKind.RATE_LIMITED, "ratelimited", retry_after)
        if status >= 500:
            return SlackFailure(ErrorKind.TRANSIENT, f"http_{status}")
        if error in WORKSPACE_ERRORS:
            return SlackFailure(ErrorKind.WORKSPACE, error)
        if error in PERMANENT_ERRORS:
            return SlackFailure(ErrorKind.PERMANENT, error)
        return SlackFailure(ErrorKind.TRANSIENT, error)
    if isinstance(exc, (SlackRequestError, SlackClientError, OSError, TimeoutError)):
        return SlackFailure(ErrorKind.TRANSIENT, type(exc).__name__)
    return SlackFailure(ErrorKind.TRANSIENT, type(exc).__name__)


def _retry_after(headers: Any) -> float:
    value = None
    if headers:
        for key, raw in dict(headers).items():
            if str(key).lower() == "retry-after":
                value = raw[0] if isinstance(raw, list) else raw
    try:
        return max(1.0, float(value)) if value is not None else 1.0
    except (TypeError, ValueError):
        return 1.0


class AnyServerErrorRetryHandler(RetryHandler):
    """slack_sdk's own handler retries only 500 and 503; a 502 or 504 from a proxy is as brief."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code >= 500


# Methods that create something: sent again after a dropped connection, a request that did
# arrive creates it twice (a lost reply to chat.postMessage posts the message twice).
NOT_IDEMPOTENT = ("chat.postMessage", "chat.postEphemeral", "files.completeUploadExternal")


class IdempotentConnectionRetryHandler(ConnectionErrorRetryHandler):
    """slack_sdk's connection-error retry, but never for a call that may already have worked."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if request.url.rstrip("/").endswith(NOT_IDEMPOTENT):
            return False
        return super()._can_retry(state=state, request=request, response=response, error=error)


def make_client(token: str, base_url: str, *, interactive: bool) -> WebClient:
    """Interactive calls retry once (a person is waiting); the worker retries via its outbox.

    Neither retries chat.postMessage after a dropped connection: the outbox looks in Slack
    first (bot.outbox.delivery), and a person can press the button again."""
    if interactive:
        handlers = [
            IdempotentConnectionRetryHandler(max_retry_count=1),
            AnyServerErrorRetryHandler(max_retry_count=1),
            RateLimitErrorRetryHandler(max_retry_count=1),
        ]
        timeout = 10
    else:
        # The worker must not sleep through a Retry-After while other recipients wait.
        handlers = [IdempotentConnectionRetryHandler(max_retry_count=1)]
        timeout = 15
    return WebClient(token=token, base_url=base_url, retry_handlers=handlers, timeout=timeout)


@dataclass(frozen=True)
class PostedMessage:
    channel: str
    ts: str


class SlackGateway:
    """Typed calls used by the bot. Raises SlackFailure; never logs user text.

    `renew(refused_token)`: when Slack refuses the workspace's token (revoked, uninstalled),
    the client of the token stored now if it is another one (the workspace installed again
    since this token was read), else None. The call is then made once more with it: Slack
    refused it, so nothing was done twice."""

    def __init__(
        self, client: WebClient, renew: Callable[[str | None], WebClient | None] | None = None
    ) -> None:
        self.client = client
        self._renew = renew

    def _call(self, method: str, **kwargs: Any) -> Any:
        try:
            return self._call_with(self.client, method, kwargs)
        except SlackFailure as failure:
            fresh = self._fresh_client(failure)
            if fresh is None:
                raise
            log.info("slack %s refused a replaced token; trying the stored one", method)
            return self._call_with(fresh, method, kwargs)

    def _fresh_client(self, failure: SlackFailure) -> WebClient | None:
        if failure.kind is not ErrorKind.WORKSPACE or self._renew is None:
            return None
        fresh = self._renew(self.client.token)
        if fresh is not None:
            self.client = fresh
        return fresh

    @staticmethod
    def _call_with(client: WebClient, method: str, kwargs: dict[str, Any]) -> Any:
        # The SDK's named methods know which Slack methods take JSON and which take a form.
        function = getattr(client, method.replace(".", "_"))
        try:
            return function(**_drop_none(kwargs))
        except Exception as exc:
            failure = classify(exc)
            log.warning("slack %s failed: %s", method, failure)
            raise failure from exc

    def verify_token(self) -> None:
        """auth.test, for start-up: raises SlackFailure (without logging) when Slack refuses the
        token or cannot be reached, so the caller can say so in one line."""
        try:
            self.client.auth_test()
        except Exception as exc:
            raise classify(exc) from None

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> str:
        response = self._call("views.open", trigger_id=trigger_id, view=view)
        return str(response["view"]["id"])

    def push_view(self, trigger_id: str, view: dict[str, Any]) -> None:
        self._call("views.push", trigger_id=trigger_id, view=view)

    def update_view(self, view_id: str, view: dict[str, Any], hash_: str | None = None) -> None:
        self._call("views.update", view_id=view_id, view=view, hash=hash_)

    def publish_home(self, user_id: str, view: dict[str, Any]) -> None:
        self._call("views.publish", user_id=user_id, view=view)

    def post_message(
        self,
        channel: str,
        text: str,
        blocks: Sequence[dict[str, Any]] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> PostedMessage:
        response = self._call(
            "chat.postMessage",
            channel=channel,
            text=text,
            blocks=list(blocks) if blocks is not None else None,
            metadata=metadata,
            unfurl_links=False,
            unfurl_media=False,
        )
        return PostedMessage(str(response["channel"]), str(response["ts"]))

    def update_message(
        self, channel: str, ts: str, text: str, blocks: Sequence[dict[str, Any]] | None = None
    ) -> None:
        self._call(
            "chat.update",
            channel=channel,
            ts=ts,
            text=text,
            blocks=list(blocks) if blocks is not None else None,
        )

    def post_ephemeral(
        self,
        channel: str,
        user: str,
        text: str,
        blocks: Sequence[dict[str, Any]] | None = None,
    ) -> None:
        self._call(
            "chat.postEphemeral",
            channel=channel,
            user=user,
            text=text,
            blocks=list(blocks) if blocks is not None else None,
        )

    def open_dm(self, user_id: str) -> str:
        response = self._call("conversations.open", users=user_id)
        return str(response["channel"]["id"])

    def open_conversation(self, user_ids: Sequence[str]) -> str:
        """A group DM of the app with these people (Slack returns the existing one)."""
        response = self._call("conversations.open", users=",".join(user_ids))
        return str(response["channel"]["id"])

    def user_info(self, user_id: str) -> dict[str, Any]:
        response = self._call("users.info", user=user_id, include_locale=True)
        user = response.get("user") or {}
        return dict(user)

    def recent_messages(self, channel: str, oldest: str | None, limit: int = 50) -> list[Any]:
        response = self._call(
            "conversations.history",
            channel=channel,
            oldest=oldest,
            limit=limit,
            include_all_metadata=True,
        )
        return list(response.get("messages") or [])

    def history_page(self, channel: str, limit: int) -> tuple[list[Any], bool]:
        """The newest `limit` messages (with metadata) and whether there are older ones."""
        response = self._call(
            "conversations.history", channel=channel, limit=limit, include_all_metadata=True
        )
        return list(response.get("messages") or []), bool(response.get("has_more"))

    def upload_file(
        self,
        channel: str,
        filename: str,
        content: bytes,
        title: str,
        initial_comment: str | None = None,
    ) -> None:
        try:
            self.client.files_upload_v2(
                channel=channel,
                filename=filename,
                content=content,
                title=title,
                initial_comment=initial_comment,
            )
        except Exception as exc:
            failure = classify(exc)
            log.warning("slack files_upload_v2 failed: %s", failure)
            raise failure from exc


NOT_INSTALLED = "not_installed"


class Gateways:
    """The gateway of each workspace, with that workspace's own bot token.

    `token_for(team_id)` finds the token (the installation store, in OAuth mode); a token is
    kept for `ttl` seconds, so a revoked install stops being used within that time even in a
    process that did not see the `tokens_revoked` event (and at once in one that did: `forget`).
    A token Slack refuses is never trusted to the cache: the stored token is read again first,
    so a workspace installed again in the meantime is reached at once by every process, and
    only a refusal of the token stored now pauses the workspace.
    """

    def __init__(
        self,
        token_for: Callable[[str], str | None],
        base_url: str,
        *,
        interactive: bool,
        ttl: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        remove: Callable[[str], None] | None = None,
    ) -> None:
        self._token_for = token_for
        self._remove = remove
        self._base_url = base_url
        self._interactive = interactive
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, SlackGateway]] = {}
        # What the composition root adds to every client made here (e.g. counting 429s).
        self.prepare_client: Callable[[WebClient], None] = lambda _client: None

    def for_team(self, team_id: str) -> SlackGateway:
        """The team's gateway; SlackFailure(WORKSPACE, "not_installed") when there is none."""
        now = self._clock()
        with self._lock:
            cached = self._cache.get(team_id)
            if cached is not None and cached[0] > now:
                return cached[1]
        token = self._token_for(team_id) if team_id else None
        if not token:
            with self._lock:
                self._cache.pop(team_id, None)
            raise SlackFailure(ErrorKind.WORKSPACE, NOT_INSTALLED)
        with self._lock:
            cached = self._cache.get(team_id)
            if cached is None or cached[1].client.token != token:
                renew = partial(self._renewed, team_id)
                cached = (now + self._ttl, SlackGateway(self._client(token), renew))
            else:
                cached = (now + self._ttl, cached[1])
            self._cache[team_id] = cached
            return cached[1]

    def _client(self, token: str) -> WebClient:
        client = make_client(token, self._base_url, interactive=self._interactive)
        self.prepare_client(client)
        return client

    def _renewed(self, team_id: str, refused: str | None) -> WebClient | None:
        """Slack refused `refused`: read the stored token again, past the cache (another
        process may have stored a new install's token within the cache's time)."""
        self.forget(team_id)
        token = self._token_for(team_id)
        if not token or token == refused:
            return None
        return self.for_team(team_id).client

    def installed(self, team_id: str) -> bool:
        try:
            self.for_team(team_id)
        except SlackFailure:
            return False
        return True

    def reaches(self, host_team: str, home_team: str) -> bool:
        """Whether a person of `home_team`, met in `host_team`'s workshop (Slack Connect), can
        be followed up: an app only opens DMs with people of a workspace it is installed in."""
        return not home_team or home_team == host_team or self.installed(home_team)

    def forget(self, team_id: str) -> None:
        with self._lock:
            self._cache.pop(team_id, None)

    def remove_installation(self, team_id: str) -> None:
        """The workspace removed the app: its stored token goes, and no call uses it again."""
        if self._remove is not None:
            self._remove(team_id)
        self.forget(team_id)


class SingleWorkspace(Gateways):
    """Single-workspace mode: the token from the environment serves every team."""

    def __init__(self, gateway: SlackGateway) -> None:
        super().__init__(lambda _team: gateway.client.token, "", interactive=True)
        self.gateway = gateway

    def for_team(self, team_id: str) -> SlackGateway:
        return self.gateway

    def installed(self, team_id: str) -> bool:
        return True

    def reaches(self, host_team: str, home_team: str) -> bool:
        # The one token is the host's: a guest from another workspace is out of its reach.
        return not home_team or home_team == host_team

    def forget(self, team_id: str) -> None:
        pass


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}
