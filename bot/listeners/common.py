"""Helpers every listener uses: who is asking, from which team, and a guard against crashes."""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from bot.slack_api import SlackFailure

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger("bot.listeners")
F = TypeVar("F", bound=Callable[..., Any])


def team_of(body: dict[str, Any]) -> str:
    team = body.get("team_id")
    if not team and isinstance(body.get("team"), dict):
        team = body["team"].get("id")
    if not team and isinstance(body.get("user"), dict):
        team = body["user"].get("team_id")
    return str(team or "")


def user_of(body: dict[str, Any]) -> str:
    user = body.get("user_id")
    if not user and isinstance(body.get("user"), dict):
        user = body["user"].get("id")
    return str(user or "")


def log_failure(where: str, exc: BaseException) -> None:
    """The type and the frames, never the message: messages can quote user text."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("%s failed with %s\n%s", where, type(exc).__name__, frames)


def open_modal(services: Services, body: dict[str, Any], view: dict[str, Any]) -> bool:
    """Open a modal for the click in `body`; False when there is no trigger or Slack refused."""
    trigger_id = body.get("trigger_id")
    if not isinstance(trigger_id, str) or not trigger_id:
        return False  # not from a real click: Slack always sends one
    try:
        services.slack.open_view(trigger_id, view)
    except SlackFailure as failure:
        log_failure("views.open", failure)
        return False
    return True


def ack_now(ack: Any) -> None:
    ack()


def after_ack(register: Callable[..., Any]) -> Callable[[F], F]:
    """Acknowledge in the request thread, then run the listener on Bolt's pool.

    The app runs with process_before_response=True, so the HTTP answer goes back as soon as
    the ack function returns; Slack calls made by the listener cannot delay it.
    """

    def decorate(listener: F) -> F:
        register(ack=ack_now, lazy=[listener])
        return listener

    return decorate


def guarded(on_error: Callable[..., None] | None = None) -> Callable[[F], F]:
    """Run a listener; on any error log it safely and let `on_error` tell the person."""

    def decorate(listener: F) -> F:
        @functools.wraps(listener)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return listener(*args, **kwargs)
            except Exception as exc:
                log_failure(listener.__name__, exc)
                if on_error is not None:
                    try:
                        on_error(*args, **kwargs)
                    except Exception as inner:
                        log_failure(f"{listener.__name__} error reply", inner)
                return None

        return wrapper  # type: ignore[return-value]

    return decorate
