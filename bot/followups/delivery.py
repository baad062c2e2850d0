"""Delivering the outbox: claim → (look in Slack if in doubt) → send → record, in small steps.

In the style of healthchecks' sendalerts: each `*_one_*` step does one thing and says whether it
did anything, and the loop repeats them until there is nothing due. Several threads per process
(and several processes) run the loop at once; the database lease makes each row theirs alone.

Failures, by Slack's classification (bot.slack.gateway.classify):
- rate limited: in one DM, that row's due_at moves by Retry-After and the thread goes on with
  other rows; across DMs (the workspace's limit), all senders of the run wait it out together
  (SendGate) or, for a long Retry-After, move their rows past it;
- transient: a 5xx answered by Slack is sent again in place after ~1 s and ~2 s; then (and for
  network errors) exponential backoff with jitter, dead-lettered after N attempts;
- permanent: for an unreachable person their follow-ups stop; anything else is dead-lettered;
- workspace (token revoked, app uninstalled): the workspace is paused, the row released.
"""

from __future__ import annotations

import logging
import math
import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.followups.compose import Outgoing, Skip, render
from bot.services import Services
from bot.slack.gateway import UNREACHABLE_USER_ERRORS, ErrorKind, PostedMessage, SlackFailure
from bot.slack.logs import log_failure
from flows.timing import later_in_window
from storage.db import transaction
from storage.repositories import outbox, workspaces
from storage.repositories.followups import Lookups
from storage.repositories.outbox import Claimed

log = logging.getLogger(__name__)

METADATA_EVENT = "temadag_outbox"
# A claim's lease, renewed every HEARTBEAT seconds while the run lasts: a live worker keeps its
# rows however long they wait in its batch or in flight, and a killed worker's rows are free for
# another (or its restart) within LEASE. Longer than a send takes (HTTP timeout 15 s, one
# connection retry), so even a worker whose heartbeat stalls rarely loses a row mid-send.
LEASE = timedelta(seconds=30)
HEARTBEAT = 5.0
BACKOFF_BASE = timedelta(seconds=15)
BACKOFF_CAP = timedelta(hours=1)
# Since 2025 Slack gives apps distributed outside the Marketplace conversations.history at one
# call a minute per workspace, 15 messages a call: one page of the newest 15 is all we read.
HISTORY_LIMIT = 15
# A row in doubt whose DM history stays out of reach this long goes to an operator instead.
DOUBT_LIMIT = timedelta(hours=1)
# Slack's ts and our clock may disagree a little.
CLOCK_SLACK = 60.0
FOUND, ABSENT, HELD = "found", "absent", "held"
# Rows a sender claims and renders together (one set-based load for the lot).
BATCH = 16
# A workspace-wide Retry-After up to this long is waited out by the senders; longer ones move
# the rows (MAX_RATE_WAITS bounds how often one row waits before it is moved instead).
RATE_WAIT_LIMIT = 5.0
MAX_RATE_WAITS = 20
# How long a 429 in one channel makes a 429 in another read as the workspace's limit.
LIMIT_MEMORY = 10.0
# Pauses (scaled by a jitter in [0.5, 1]) before sending again after Slack answered 5xx.
QUICK_RETRIES = (1.0, 2.0)
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
    """Whether an earlier chat.postMessage may have reached Slack without us recording it.

    The row's `posting_since` is set just before the call and cleared when Slack's answer is
    recorded, so only a call whose answer was lost (a dropped connection, a timeout, a worker
    killed mid-send) leaves it set. A row reclaimed from a dead worker that never got as far
    as calling Slack is not in doubt: after a crash only the rows that were in flight (one per
    sending thread) are looked up, not every row of the dead worker's batches.
    """
    return row.posting_since is not None


def _answered(failure: SlackFailure) -> bool:
    """Slack answered (a refusal, a rate limit, a 5xx): the message was not posted. Network
    errors are recorded as exception type names (``ReadTimeout``), never lower case."""
    return failure.error.islower()


# -- cooperating senders --------------------------------------------------------------------


class SendGate:
    """What the senders of one delivery run share about Slack's limits.

    Slack's 429 does not say which limit was hit. A 429 in one DM channel is taken as that
    channel's own limit (about a message a second): only that row moves by Retry-After and the
    other channels go on. A 429 in a second channel within LIMIT_MEMORY seconds (or while the
    first one's Retry-After runs) means the workspace's limit: the gate then holds every sender
    of this run for that team until it has passed, so they wait it out together (a short
    Retry-After) or move their rows past it (a long one) instead of each asking Slack again and
    being refused. A workspace failure
    (token revoked, app uninstalled) stops the run's senders for that team at once.
    """

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._held: dict[str, float] = {}
        self._limited: dict[str, dict[str, float]] = {}
        self._paused: set[str] = set()
        self._history_held: dict[str, float] = {}

    def rate_limited(self, team_id: str, channel: str, retry_after: float) -> bool:
        """Record a 429; True when it is taken as the workspace's limit (the gate now holds)."""
        now = self._monotonic()
        with self._lock:
            channels = self._limited.setdefault(team_id, {})
            for seen, until in list(channels.items()):
                if until <= now:
                    del channels[seen]
            others = any(seen != channel for seen in channels)
            remembered = now + max(retry_after, LIMIT_MEMORY)
            channels[channel] = max(channels.get(channel, 0.0), remembered)
            if others or self._held.get(team_id, 0.0) > now:
                self._held[team_id] = max(self._held.get(team_id, 0.0), now + retry_after)
                return True
            return False

    def remaining(self, team_id: str) -> float:
        """Seconds until this team's senders may call Slack again (0 when they may now)."""
        with self._lock:
            return max(0.0, self._held.get(team_id, 0.0) - self._monotonic())

    def history_limited(self, team_id: str, retry_after: float) -> None:
        """conversations.history refused for the team: nobody in this run asks again before."""
        with self._lock:
            until = self._monotonic() + retry_after
            self._history_held[team_id] = max(self._history_held.get(team_id, 0.0), until)

    def history_hold(self, team_id: str) -> float:
        with self._lock:
            return max(0.0, self._history_held.get(team_id, 0.0) - self._monotonic())

    def pause(self, team_id: str) -> None:
        with self._lock:
            self._paused.add(team_id)

    def paused(self, team_id: str) -> bool:
        with self._lock:
            return team_id in self._paused


# -- the loop -------------------------------------------------------------------------------


def deliver_until_idle(
    services: Services,
    *,
    max_seconds: float = 50.0,
    threads: int | None = None,
    batch: int = BATCH,
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
    gate = SendGate()
    with transaction(services.sessions) as session:
        outbox.reclaim_expired(session, now=services.clock())

    def run() -> None:
        while time.monotonic() < deadline and not services.stopping.is_set():
            if deliver_one_batch(services, worker_id, batch, stats, gate, deadline):
                continue
            if not _wait_for_next_due(services, deadline, wait_for_due):
                return

    stop = threading.Event()
    heartbeat = threading.Thread(
        target=_renew_leases, args=(services, worker_id, stop), name="lease", daemon=True
    )
    heartbeat.start()
    try:
        if threads == 1:
            run()
            return stats
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="deliver") as pool:
            futures = [pool.submit(run) for _ in range(threads)]
            for future in futures:
                future.result()
        return stats
    finally:
        stop.set()
        heartbeat.join()


def _renew_leases(services: Services, worker_id: str, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT):
        try:
            with transaction(services.sessions) as session:
                outbox.renew_leases(session, worker_id=worker_id, until=services.clock() + LEASE)
        except Exception as exc:  # the next beat tries again; the leases last LEASE meanwhile
            log_failure("renew outbox leases", exc)


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


def deliver_one_batch(
    services: Services,
    worker_id: str,
    batch: int,
    stats: DeliveryStats,
    gate: SendGate | None = None,
    deadline: float | None = None,
) -> bool:
    """Claim up to `batch` rows, render them together, and send each; False when none was due."""
    gate = gate or SendGate()
    with transaction(services.sessions) as session:
        rows = outbox.claim_batch(
            session, now=services.clock(), worker_id=worker_id, lease=LEASE, limit=batch
        )
    if not rows:
        return False
    try:
        prepared = prepare_batch(services, rows, worker_id, stats)
    except Exception as exc:  # one bad row must not stop the others: render them one by one
        log_failure("render a batch of outbox rows", exc)
        for row in rows:
            try:
                deliver_one_row(services, row, worker_id, stats, gate, deadline)
            except Exception as failure:  # the lease expires; the row is retried in doubt
                log_failure(f"deliver {row.kind} row {row.id}", failure)
        return True
    for row, outgoing in prepared:
        try:
            send_prepared(services, row, outgoing, worker_id, stats, gate, deadline)
        except Exception as exc:  # a bug in one row must not stop the others; the lease expires
            log_failure(f"deliver {row.kind} row {row.id}", exc)
    return True


def prepare_batch(
    services: Services, rows: list[Claimed], worker_id: str, stats: DeliveryStats
) -> list[tuple[Claimed, Outgoing]]:
    """Render claimed rows from one set-based load; give back rows of paused workspaces and
    cancel the ones with nothing (left) to say. Returns what is to be sent."""
    now = services.clock()
    prepared: list[tuple[Claimed, Outgoing]] = []
    outcomes: list[str] = []
    with transaction(services.sessions) as session:
        lookups = Lookups.preload(session, rows)
        for row in rows:
            outgoing = _prepare(services, session, lookups, row, worker_id, now)
            if isinstance(outgoing, Outgoing):
                prepared.append((row, outgoing))
            elif outgoing:
                outcomes.append(outgoing)
    for outcome in outcomes:
        stats.add(outcome)
    return prepared


def _prepare(
    services: Services,
    session: Session,
    lookups: Lookups,
    row: Claimed,
    worker_id: str,
    now: datetime,
) -> Outgoing | str:
    """The message to send, or what happened instead: "cancelled", or "" (given back)."""
    status = lookups.workspace_status(row.team_id)
    if status is not None and status != "active":
        # Paused while this row waited in our batch: give it back for after a resume.
        outbox.release(session, row.id, worker_id=worker_id, error=f"paused:{status}")
        return ""
    profile = lookups.profile(row.team_id, row.recipient_user_id)
    tz_name = profile.tz if profile is not None else None
    later = _later(services, row, now, tz_name)
    if later is not None:
        _wait_for_window(session, row, worker_id, later)
        return "retried"
    outgoing = render(services, session, row, now, lookups)
    if isinstance(outgoing, Skip):
        outbox.cancel(session, row.id, now=now, reason=outgoing.reason)
        return "cancelled"
    return replace(outgoing, tz_name=tz_name)


def _later(services: Services, row: Claimed, now: datetime, tz_name: str | None) -> datetime | None:
    """When the row's recipient is outside their sending window now: the next moment inside."""
    settings = services.settings
    return later_in_window(
        row.kind, now, tz_name, settings.sending_window, fallback_tz=settings.default_timezone
    )


def _wait_for_window(
    session: Session, row: Claimed, worker_id: str, later: datetime, channel: str | None = None
) -> None:
    """Outside the recipient's window: back to the queue for `later`, not a failed attempt."""
    outbox.retry_later(
        session,
        row.id,
        worker_id=worker_id,
        due_at=later,
        error="outside_window",
        count_attempt=False,
        channel_id=channel,
    )


def deliver_one_row(
    services: Services,
    row: Claimed,
    worker_id: str,
    stats: DeliveryStats | None = None,
    gate: SendGate | None = None,
    deadline: float | None = None,
) -> bool:
    """Render, send and record one claimed row. True when the message is (now known to be) in
    Slack."""
    stats = stats or DeliveryStats()
    with transaction(services.sessions) as session:
        outgoing = _prepare(services, session, Lookups(session), row, worker_id, services.clock())
    if not isinstance(outgoing, Outgoing):
        if outgoing:
            stats.add(outgoing)
        return False
    return send_prepared(services, row, outgoing, worker_id, stats, gate or SendGate(), deadline)


def send_prepared(
    services: Services,
    row: Claimed,
    outgoing: Outgoing,
    worker_id: str,
    stats: DeliveryStats,
    gate: SendGate,
    deadline: float | None = None,
) -> bool:
    """Send one rendered row and record the result. True when it is (now known to be) in Slack.

    Waits with the other senders while the gate holds for its workspace (a short hold), or moves
    the row past the hold (a long one, or one beyond this run's deadline). A 503 or other 5xx
    answered by Slack means the message was not posted, so it is tried again here after a short
    pause (twice) before the outbox's backoff takes over.
    """
    channel = row.channel_id
    quick_retries = 0
    waits = 0
    while True:
        if gate.paused(row.team_id):
            with transaction(services.sessions) as session:
                outbox.release(session, row.id, worker_id=worker_id, error="paused")
            stats.add("retried")
            return False
        hold = gate.remaining(row.team_id)
        if hold > 0:
            late = deadline is not None and time.monotonic() + hold > deadline
            if hold > RATE_WAIT_LIMIT or late or waits >= MAX_RATE_WAITS:
                _defer(services, row, worker_id, math.ceil(hold), channel, stats)
                return False
            waits += 1
            time.sleep(hold)
            continue
        # The last look before sending: waits and the batch itself take time, and a wave that
        # started just before closing must stop at closing time.
        later = _later(services, row, services.clock(), outgoing.tz_name)
        if later is not None:
            with transaction(services.sessions) as session:
                _wait_for_window(session, row, worker_id, later, channel)
            stats.add("retried")
            return False
        try:
            if channel is None and outgoing.conversation_with:
                channel = services.slack_for(row.team_id).open_conversation(
                    outgoing.conversation_with
                )
            if in_doubt(row):
                channel = channel or services.slack_for(row.team_id).open_dm(row.recipient_user_id)
                verdict = check_one_in_history(services, row, channel, gate, worker_id)
                if verdict == FOUND:
                    stats.add("found_in_slack")
                    return True
                if verdict == HELD:
                    stats.add("retried")
                    return False
            with transaction(services.sessions) as session:
                outbox.mark_posting(session, row.id, worker_id=worker_id, now=services.clock())
            try:
                posted = send_one(services, row, outgoing, channel)
            except SlackFailure as failure:
                if _answered(failure):
                    with transaction(services.sessions) as session:
                        outbox.not_posted(session, row.id)
                raise
        except SlackFailure as failure:
            if failure.kind is ErrorKind.RATE_LIMITED:
                retry_after = failure.retry_after or 1.0
                target = channel or row.recipient_user_id
                if gate.rate_limited(row.team_id, target, retry_after):
                    continue  # the workspace's limit: wait with the others (or move past it)
            elif _answered_5xx(failure) and quick_retries < len(QUICK_RETRIES):
                time.sleep(QUICK_RETRIES[quick_retries] * _RNG.uniform(0.5, 1.0))
                quick_retries += 1
                continue
            elif failure.kind is ErrorKind.WORKSPACE:
                gate.pause(row.team_id)
            record_one_failure(services, row, worker_id, failure, channel, stats)
            return False
        break
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


def _answered_5xx(failure: SlackFailure) -> bool:
    """Slack itself answered with a server error, so the message was not posted."""
    return failure.kind is ErrorKind.TRANSIENT and failure.error.startswith("http_5")


def _defer(
    services: Services,
    row: Claimed,
    worker_id: str,
    seconds: float,
    channel: str | None,
    stats: DeliveryStats,
) -> None:
    """Move a row past the workspace's rate-limit hold without asking Slack (not an attempt)."""
    with transaction(services.sessions) as session:
        outbox.retry_later(
            session,
            row.id,
            worker_id=worker_id,
            due_at=services.clock() + timedelta(seconds=seconds),
            error="ratelimited",
            count_attempt=False,
            channel_id=channel,
        )
    stats.add("retried")


def send_one(
    services: Services, row: Claimed, outgoing: Outgoing, channel: str | None
) -> PostedMessage:
    # Posting to a user id lands in the bot's DM with them, without a conversations.open call.
    return services.slack_for(row.team_id).post_message(
        channel or row.recipient_user_id, outgoing.text, outgoing.blocks, metadata_for(row)
    )


def check_one_in_history(
    services: Services,
    row: Claimed,
    channel: str,
    gate: SendGate | None = None,
    worker_id: str = "",
) -> str:
    """Look for a row in doubt in the DM: FOUND (recorded as sent), ABSENT (safe to send) or
    HELD (the history was out of reach or not conclusive: moved for later, or to an operator).

    One call, the 15 newest messages. The message is absent when it is not among them and
    either there are no older ones or the oldest of them is older than the attempt. When the
    workspace's history limit (one call a minute) is reached, the row waits for it; a row that
    stays in doubt for DOUBT_LIMIT is dead-lettered with a note for an operator to check the
    DM (`temadag outbox retry ID` sends it)."""
    gate = gate or SendGate()
    hold = gate.history_hold(row.team_id)
    if hold > 0:
        _hold_in_doubt(services, row, worker_id, channel, hold, "history_limited")
        return HELD
    try:
        messages, more = services.slack_for(row.team_id).history_page(channel, HISTORY_LIMIT)
    except SlackFailure as failure:
        if failure.kind is not ErrorKind.RATE_LIMITED:
            raise
        gate.history_limited(row.team_id, failure.retry_after or 60.0)
        _hold_in_doubt(services, row, worker_id, channel, failure.retry_after or 60.0, "history")
        return HELD
    for message in messages:
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
            return FOUND
    if not more or _older_than_attempt(messages, row):
        with transaction(services.sessions) as session:
            outbox.not_posted(session, row.id)
        return ABSENT
    with transaction(services.sessions) as session:
        outbox.dead_letter(
            session,
            row.id,
            now=services.clock(),
            error="in_doubt: not among the newest messages of the DM; check it, then retry",
        )
    log.warning("outbox row %s may be in Slack; left for an operator", row.id)
    return HELD


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


def _hold_in_doubt(
    services: Services, row: Claimed, worker_id: str, channel: str, seconds: float, why: str
) -> None:
    now = services.clock()
    with transaction(services.sessions) as session:
        if row.posting_since is not None and now - row.posting_since > DOUBT_LIMIT:
            outbox.dead_letter(
                session,
                row.id,
                now=now,
                error=f"in_doubt: DM history out of reach ({why}); check the DM, then retry",
            )
            return
        outbox.retry_later(
            session,
            row.id,
            worker_id=worker_id,
            due_at=now + timedelta(seconds=seconds),
            error=f"in_doubt:{why}",
            count_attempt=False,
            channel_id=channel,
        )


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
            workspaces.pause_workspace(session, row.team_id, failure.error, now)
            outbox.release(session, row.id, worker_id=worker_id, error=failure.error)
            log.warning("workspace %s paused: %s", row.team_id, failure.error)
            stats.add("retried")
        elif failure.kind is ErrorKind.PERMANENT:
            outbox.dead_letter(session, row.id, now=now, error=failure.error)
            stats.add("dead")
            if failure.error in UNREACHABLE_USER_ERRORS:
                workspaces.mark_unreachable(
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
