"""Slack's transport for the outbox: DMs and group DMs by chat.postMessage, the look into the
DM's history for a row in doubt, Slack's error classes, and pausing a workspace.

Each message carries its row's dedupe key as message metadata, so a message whose answer was
lost can be recognised in the DM later. Since 2025 Slack gives apps distributed outside the
Marketplace conversations.history at one call a minute per workspace, 15 messages a call: one
page of the newest 15 is all this reads, and a refusal holds every look of the run for that
workspace until Retry-After has passed.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from bot.outbox.transport import (
    Delivered,
    DeliveryFailure,
    Failure,
    NotDelivered,
    OutOfReach,
    Receipt,
    Undecided,
    Verdict,
)
from bot.slack.blocks import Block
from bot.slack.gateway import UNREACHABLE_USER_ERRORS, ErrorKind, SlackFailure, SlackGateway
from bot.slack.services import SlackServices
from flows.identity import Channel
from storage.repositories import workspaces
from storage.repositories.outbox import Claimed

log = logging.getLogger(__name__)

METADATA_EVENT = "temadag_outbox"
HISTORY_LIMIT = 15
# Slack's ts and our clock may disagree a little.
CLOCK_SLACK = 60.0
T = TypeVar("T")


@dataclass(frozen=True)
class Outgoing:
    """A message as Slack's renderers give it to this transport."""

    text: str
    blocks: list[Block]
    # Runs after Slack accepted the message (e.g. the digest's chart upload); best effort.
    after: Callable[[SlackServices, str], None] | None = None
    # Posted to a group DM with these people instead of the recipient's own DM.
    conversation_with: tuple[str, ...] = ()


def metadata_for(row: Claimed) -> dict[str, Any]:
    return {"event_type": METADATA_EVENT, "event_payload": {"dedupe_key": row.dedupe_key}}


def classify(failure: SlackFailure) -> DeliveryFailure:
    """Slack's error classes (bot.slack.gateway.classify) in the outbox's words."""
    kinds = {
        ErrorKind.RATE_LIMITED: Failure.RATE_LIMITED,
        ErrorKind.TRANSIENT: Failure.TRANSIENT,
        ErrorKind.WORKSPACE: Failure.PAUSED,
        ErrorKind.PERMANENT: Failure.PERMANENT,
    }
    kind = kinds[failure.kind]
    if kind is Failure.PERMANENT and failure.error in UNREACHABLE_USER_ERRORS:
        kind = Failure.UNREACHABLE
    return DeliveryFailure(
        kind,
        failure.error,
        failure.retry_after,
        # Slack answered (a refusal, a rate limit, a 5xx): the message was not posted. Network
        # errors are recorded as exception type names (``ReadTimeout``), never lower case.
        answered=failure.error.islower(),
        retry_now=failure.kind is ErrorKind.TRANSIENT and failure.error.startswith("http_5"),
    )


def _slack(call: Callable[[], T]) -> T:
    try:
        return call()
    except SlackFailure as failure:
        raise classify(failure) from failure


class SlackTransport:
    """One delivery run's Slack transport (its history holds last as long as the run)."""

    def __init__(self, services: SlackServices, monotonic: Callable[[], float] = time.monotonic):
        self._services = services
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._history_held: dict[str, float] = {}

    @property
    def channel(self) -> Channel:
        return Channel.SLACK

    def scope(self, row: Claimed) -> str:
        return row.team_id

    def address(self, row: Claimed, message: Outgoing, known: str | None) -> str | None:
        if known is None and message.conversation_with:
            people = message.conversation_with
            return _slack(lambda: self._gateway(row).open_conversation(people))
        # Posting to a user id lands in the bot's DM with them, without a conversations.open.
        return known

    def send(
        self,
        row: Claimed,
        message: Outgoing,
        address: str | None,
        committing: Callable[[], None],
    ) -> Receipt:
        # One HTTP request: from its start Slack may post the message.
        committing()
        posted = _slack(
            lambda: self._gateway(row).post_message(
                address or row.recipient_user_id, message.text, message.blocks, metadata_for(row)
            )
        )
        return Receipt(posted.channel, posted.ts)

    def after_sent(self, row: Claimed, message: Outgoing, receipt: Receipt) -> None:
        if message.after is None:
            return
        try:
            message.after(self._services, receipt.address)
        except SlackFailure as failure:
            log.warning("after-send step of %s row %s failed: %s", row.kind, row.id, failure)

    def already_delivered(self, row: Claimed, address: str | None) -> Verdict:
        """One call, the 15 newest messages of the DM. The message is absent when it is not
        among them and either there are no older ones or the oldest of them is older than the
        attempt; otherwise it may be there, and an operator checks the DM."""
        channel = address or _slack(lambda: self._gateway(row).open_dm(row.recipient_user_id))
        hold = self._history_hold(row.team_id)
        if hold > 0:
            return _out_of_reach(channel, hold, "history_limited")
        try:
            messages, more = self._gateway(row).history_page(channel, HISTORY_LIMIT)
        except SlackFailure as failure:
            if failure.kind is not ErrorKind.RATE_LIMITED:
                raise classify(failure) from failure
            wait = failure.retry_after or 60.0
            self._history_limited(row.team_id, wait)
            return _out_of_reach(channel, wait, "history")
        for message in messages:
            if _carries(message, row.dedupe_key):
                return Delivered(Receipt(channel, str(message.get("ts") or "")))
        if not more or _older_than_attempt(messages, row):
            return NotDelivered(channel)
        note = "in_doubt: not among the newest messages of the DM; check it, then retry"
        return Undecided(channel, note)

    def pause(
        self, session: Session, row: Claimed, failure: DeliveryFailure, now: datetime
    ) -> None:
        workspaces.pause_workspace(session, row.team_id, failure.error, now)
        log.warning("workspace %s paused: %s", row.team_id, failure.error)

    def _gateway(self, row: Claimed) -> SlackGateway:
        return self._services.slack_for(row.team_id)

    def _history_limited(self, team_id: str, retry_after: float) -> None:
        """conversations.history refused for the team: nobody in this run asks again before."""
        with self._lock:
            until = self._monotonic() + retry_after
            self._history_held[team_id] = max(self._history_held.get(team_id, 0.0), until)

    def _history_hold(self, team_id: str) -> float:
        with self._lock:
            return max(0.0, self._history_held.get(team_id, 0.0) - self._monotonic())


def _out_of_reach(channel: str, seconds: float, why: str) -> OutOfReach:
    note = f"in_doubt: DM history out of reach ({why}); check the DM, then retry"
    return OutOfReach(channel, seconds, why, note)


def _carries(message: Any, dedupe_key: str) -> bool:
    metadata = message.get("metadata") if isinstance(message, dict) else None
    payload = metadata.get("event_payload") if isinstance(metadata, dict) else None
    return (
        isinstance(metadata, dict)
        and metadata.get("event_type") == METADATA_EVENT
        and isinstance(payload, dict)
        and payload.get("dedupe_key") == dedupe_key
    )


def _older_than_attempt(messages: list[Any], row: Claimed) -> bool:
    stamps = [_ts(m) for m in messages if isinstance(m, dict)]
    if not stamps or row.posting_since is None:
        return False
    return min(stamps) < row.posting_since.timestamp() - CLOCK_SLACK


def _ts(message: dict[str, Any]) -> float:
    try:
        return float(message.get("ts") or "inf")
    except ValueError:
        return math.inf
