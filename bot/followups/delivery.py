"""Delivering the outbox: claim → (look in Slack if in doubt) → send → record, in small steps.

In the style of healthchecks' sendalerts: each `*_one_*` step does one thing and says whether it
did anything, and the loop repeats them until there is nothing due. Several threads per process
(and several processes) run the loop at once; the database lease makes each row theirs alone.

Failures, by Slack's classification (bot.slack_api.classify):
- rate limited: the row's due_at moves by Retry-After; the thread goes on with other rows;
- transient (5xx, network): exponential backoff with jitter, dead-lettered after N attempts;
- permanent: for an unreachable person their follow-ups stop; anything else is dead-lettered;
- workspace (token revoked, app uninstalled): the workspace is paused, the row released.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bot.followups.render import Outgoing, Skip, render
from bot.listeners.common import log_failure
from bot.services import Services
from bot.slack_api import UNREACHABLE_USER_ERRORS, ErrorKind, PostedMessage, SlackFailure
from storage.db import transaction
from storage.repositories import followups as repo
from storage.repositories import outbox
from storage.repositories.outbox import LEASE_EXPIRED, Claimed
from storage.repositories.workspaces import get_workspace

log = logging.getLogger(__name__)

METADATA_EVENT = "temadag_outbox"
# Longer than a send can take (HTTP timeout 15 s, one connection retry, a digest's chart upload),
# so a live worker never loses its lease to another mid-send.
LEASE = timedelta(minutes=5)
BACKOFF_BASE = timedelta(seconds=15)
BACKOFF_CAP = timedelta(hours=1)
HISTORY_LIMIT = 100
_RNG = random.Random()


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class DeliveryStats:
    sent: int = 0
    found_in_slack: int = 0
    retried: int = 0
    dead: int = 0
    cancelled: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, name: str) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)

    @property
    def handled(self) -> int:
        return self.sent + self.found_in_slack + self.retried + self.dead + self.cancelled


def metadata_for(row: Claimed) -> dict[str, Any]:
    return {"event_type": METADATA_EVENT, "event_payload": {"dedupe_key": row.dedupe_key}}


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """15 s, 30 s, 1 min, … capped at an hour, each scaled by a jitter in [0.5, 1]."""
    jitter: float = (rng or _RNG).uniform(0.5, 1.0)
    raw = BACKOFF_BASE * (2 ** max(0, attempts - 1))
    capped: timedelta = min(raw, BACKOFF_CAP)
    return capped * jitter


def in_doubt(row: Claimed) -> bool:
    """Whether an earlier attempt may have reached Slack without us recording it.

    True after an expired lease (the worker died or hung mid-send) and after a network error
    (recorded as an exception type name, e.g. ``ReadTimeout``), where the request may have
    arrived. Slack's own answers (``ratelimited``, ``http_503``, ``fatal_error``) mean it did not.
    """
    if row.reclaimed:
        return True
    error = row.last_error or ""
    return row.attempts > 1 and (error == LEASE_EXPIRED or (bool(error) and not error.islower()))


# -- the loop -------------------------------------------------------------------------------


def deliver_until_idle(
    services: Services,
    *,
    max_seconds: float = 50.0,
    threads: int | None = None,
    batch: int = 4,
    wait_for_due: float = 0.0,
    worker_id: str | None = None,
) -> DeliveryStats:
    """Deliver due rows with `threads` concurrent senders until none is due or time is up.

    `wait_for_due` > 0 keeps the loop alive while a row (e.g. one pushed back by Retry-After)
    falls due within that many seconds, so a burst is delivered in one go rather than one
    scheduler tick at a time. Returns what happened.
    """
    worker_id = worker_id or new_worker_id()
    threads = threads or services.settings.delivery_threads
    deadline = time.monotonic() + max_seconds
    stats = DeliveryStats()
    with transaction(services.sessions) as session:
        outbox.reclaim_expired(session, now=services.clock())

    def run() -> None:
        while time.monotonic() < deadline:
            if deliver_one_batch(services, worker_id, batch, stats):
                continue
            if not _wait_for_next_due(services, deadline, wait_for_due):
                return

    if threads == 1:
        run()
        return stats
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="deliver") as pool:
        futures = [pool.submit(run) for _ in range(threads)]
        for future in futures:
            future.result()
    return stats


def _wait_for_next_due(services: Services, deadline: float, wait_for_due: float) -> bool:
    if wait_for_due <= 0:
        return False
    now = services.clock()
    with transaction(services.sessions) as session:
        due = outbox.next_due_at(session, now=now)
    if due is None:
        return False
    gap = max(0.0, (due - now).total_seconds())
    if gap > wait_for_due or time.monotonic() + gap > deadline:
        return False
    time.sleep(min(max(gap, 0.02), 0.25))
    return True


def deliver_one_batch(services: Services, worker_id: str, batch: int, stats: DeliveryStats) -> bool:
    """Claim up to `batch` rows and deliver each; False when nothing was due."""
    with transaction(services.sessions) as session:
        rows = outbox.claim_batch(
            session, now=services.clock(), worker_id=worker_id, lease=LEASE, limit=batch
        )
    for row in rows:
        try:
            deliver_one_row(services, row, worker_id, stats)
        except Exception as exc:  # a bug in one row must not stop the others; the lease expires
            log_failure(f"deliver {row.kind} row {row.id}", exc)
    return bool(rows)


def deliver_one_row(
    services: Services, row: Claimed, worker_id: str, stats: DeliveryStats | None = None
) -> bool:
    """Render, send and record one claimed row. True when the message is (now known to be) in
    Slack."""
    stats = stats or DeliveryStats()
    now = services.clock()
    with transaction(services.sessions) as session:
        workspace = get_workspace(session, row.team_id)
        if workspace is not None and workspace.status != "active":
            # Paused while this row waited in our batch: give it back for after a resume.
            outbox.release(session, row.id, worker_id=worker_id, error=f"paused:{workspace.status}")
            return False
        outgoing = render(services, session, row, now)
        if isinstance(outgoing, Skip):
            outbox.cancel(session, row.id, now=now, reason=outgoing.reason)
    if isinstance(outgoing, Skip):
        stats.add("cancelled")
        return False
    channel = row.channel_id
    try:
        if in_doubt(row):
            channel = channel or services.slack.open_dm(row.recipient_user_id)
            if check_one_in_history(services, row, channel):
                stats.add("found_in_slack")
                return True
        posted = send_one(services, row, outgoing, channel)
    except SlackFailure as failure:
        record_one_failure(services, row, worker_id, failure, channel, stats)
        return False
    with transaction(services.sessions) as session:
        outbox.mark_sent(
            session, row.id, now=services.clock(), channel_id=posted.channel, message_ts=posted.ts
        )
    stats.add("sent")
    if outgoing.after is not None:
        try:
            outgoing.after(services, posted.channel)
        except SlackFailure as failure:
            log.warning("after-send step of %s row %s failed: %s", row.kind, row.id, failure)
    return True


def send_one(
    services: Services, row: Claimed, outgoing: Outgoing, channel: str | None
) -> PostedMessage:
    # Posting to a user id lands in the bot's DM with them, without a conversations.open call.
    return services.slack.post_message(
        channel or row.recipient_user_id, outgoing.text, outgoing.blocks, metadata_for(row)
    )


def check_one_in_history(services: Services, row: Claimed, channel: str) -> bool:
    """Look for this row's dedupe key in the DM; if found, record it as sent instead of
    sending again."""
    for message in services.slack.recent_messages(channel, None, HISTORY_LIMIT):
        metadata = message.get("metadata") if isinstance(message, dict) else None
        payload = metadata.get("event_payload") if isinstance(metadata, dict) else None
        if (
            isinstance(metadata, dict)
            and metadata.get("event_type") == METADATA_EVENT
            and isinstance(payload, dict)
            and payload.get("dedupe_key") == row.dedupe_key
        ):
            with transaction(services.sessions) as session:
                outbox.mark_sent(
                    session,
                    row.id,
                    now=services.clock(),
                    channel_id=channel,
                    message_ts=str(message.get("ts") or ""),
                )
            log.info("outbox row %s was already in Slack; recorded it as sent", row.id)
            return True
    return False


def record_one_failure(
    services: Services,
    row: Claimed,
    worker_id: str,
    failure: SlackFailure,
    channel: str | None,
    stats: DeliveryStats,
) -> None:
    now = services.clock()
    max_attempts = services.settings.outbox_max_attempts
    with transaction(services.sessions) as session:
        if failure.kind is ErrorKind.RATE_LIMITED:
            wait = timedelta(seconds=(failure.retry_after or 1.0) * random.uniform(1.0, 1.1))
            outbox.retry_later(
                session,
                row.id,
                worker_id=worker_id,
                due_at=now + wait,
                error=failure.error,
                count_attempt=False,
                channel_id=channel,
            )
            stats.add("retried")
        elif failure.kind is ErrorKind.WORKSPACE:
            repo.pause_workspace(session, row.team_id, failure.error, now)
            outbox.release(session, row.id, worker_id=worker_id, error=failure.error)
            log.warning("workspace %s paused: %s", row.team_id, failure.error)
            stats.add("retried")
        elif failure.kind is ErrorKind.PERMANENT:
            outbox.dead_letter(session, row.id, now=now, error=failure.error)
            stats.add("dead")
            if failure.error in UNREACHABLE_USER_ERRORS:
                repo.mark_unreachable(
                    session, row.team_id, row.recipient_user_id, failure.error, now
                )
                cancelled = outbox.cancel_pending(
                    session,
                    now=now,
                    reason=f"unreachable:{failure.error}",
                    team_id=row.team_id,
                    recipient_user_id=row.recipient_user_id,
                )
                log.info("recipient unreachable (%s); cancelled %d rows", failure.error, cancelled)
        elif row.attempts >= max_attempts:
            outbox.dead_letter(
                session, row.id, now=now, error=f"{failure.error} after {row.attempts} attempts"
            )
            stats.add("dead")
        else:
            outbox.retry_later(
                session,
                row.id,
                worker_id=worker_id,
                due_at=now + backoff(row.attempts),
                error=failure.error,
                channel_id=channel,
            )
            stats.add("retried")
