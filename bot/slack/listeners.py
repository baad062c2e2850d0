"""Helpers every listener uses: run after the ack, guard against crashes, open and update views."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from bot.failure_log import log_failure
from bot.slack.gateway import SlackFailure
from bot.slack.metrics import HANDLER_FAILURES

if TYPE_CHECKING:
    from bot.slack.services import SlackServices as Services

F = TypeVar("F", bound=Callable[..., Any])


def send_dm(
    services: Services,
    team_id: str,
    user_id: str,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
    *,
    what: str = "DM",
) -> str | None:
    """Post to the person's DM; its channel id, or None when Slack refused (logged as `what`)."""
    try:
        slack = services.slack_for(team_id)
        channel = slack.open_dm(user_id)
        slack.post_message(channel, text, blocks)
    except SlackFailure as failure:
        log_failure(what, failure)
        return None
    return channel


def open_modal(services: Services, team_id: str, trigger_id: str, view: dict[str, Any]) -> bool:
    """Open a modal for a click; False when there is no trigger or Slack refused."""
    if not trigger_id:
        return False  # not from a real click: Slack always sends one
    try:
        services.slack_for(team_id).open_view(trigger_id, view)
    except SlackFailure as failure:
        log_failure("views.open", failure)
        return False
    return True


def update_modal(
    services: Services,
    team_id: str,
    view_id: str,
    view: dict[str, Any],
    hash_: str | None = None,
) -> None:
    """Replace an open modal; Slack refusing (it was closed meanwhile) is logged, not raised."""
    if not view_id:
        return
    try:
        services.slack_for(team_id).update_view(view_id, view, hash_)
    except SlackFailure as failure:
        log_failure("views.update", failure)


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
                HANDLER_FAILURES.labels(listener.__name__).inc()
                log_failure(listener.__name__, exc)
                if on_error is not None:
                    try:
                        on_error(*args, **kwargs)
                    except Exception as inner:
                        log_failure(f"{listener.__name__} error reply", inner)
                return None

        return wrapper  # type: ignore[return-value]

    return decorate
