"""Delivering the outbox: claim → (ask the channel if in doubt) → send → record, in small steps.

In the style of healthchecks' sendalerts: each `*_one_*` step does one thing and says whether it
did anything, and the loop repeats them until there is nothing due. Several threads per process
(and several processes) run the loop at once; the database lease makes each row theirs alone.

The loop knows no channel and no feature. Each row goes out through the outlet of its channel
(the composition root wires them): that channel's renderers build the message and its transport
(bot.outbox.transport) sends it and classifies what went wrong:
- rate limited: for one address, that row's due_at moves by Retry-After and the thread goes on
  with other rows; across addresses (the scope's limit, e.g. a Slack workspace), all senders of
  the run wait it out together (SendGate) or, for a long Retry-After, move their rows past it;
- transient: a passing fault answered by the channel's server is sent again in place after ~1 s
  and ~2 s; then (and for network errors) exponential backoff with jitter, dead-lettered after
  N attempts;
- permanent: dead-lettered with the reason; for an unreachable person their messages stop;
- paused (e.g. a Slack token revoked): the scope is paused, the row released.
A row whose channel has no outlet is sent nowhere else: it stays due, and is logged once.
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
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.failure_log import log_failure
from bot.outbox.renderers import Skip
from bot.outbox.transport import (
    Delivered,
    DeliveryFailure,
    Failure,
    NotDelivered,
    Outlet,
    Undecided,
    Verdict,
)
from bot.services import Services
from flows.identity import Channel
from flows.timing import later_in_window
from storage.db import transaction
from storage.repositories import outbox, workspaces
from storage.repositories.followups import Lookups
from storage.repositories.outbox import Claimed

log = logging.getLogger(__name__)

# A claim's lease, renewed every HEARTBEAT seconds while the run lasts: a live worker keeps its
# rows however long they wait in its batch or in flight, and a killed worker's rows are free for
# another (or its restart) within LEASE. Longer than a send takes (HTTP timeout 15 s, one
# connection retry), so even a worker whose heartbeat stalls rarely loses a row mid-send.
LEASE = timedelta(seconds=30)
HEARTBEAT = 5.0
BACKOFF_BASE = timedelta(seconds=15)
BACKOFF_CAP = timedelta(hours=1)
# A row in doubt whose channel cannot say for this long goes to an operator instead.
DOUBT_LIMIT = timedelta(hours=1)
FOUND, ABSENT, HELD = "found", "absent", "held"
# Rows a sender claims and renders together (one set-based load for the lot).
BATCH = 16
# A scope-wide Retry-After up to this long is waited out by the senders; longer ones move
# the rows (MAX_RATE_WAITS bounds how often one row waits before it is moved instead).
RATE_WAIT_LIMIT = 5.0
MAX_RATE_WAITS = 20
# How long a 429 at one address makes a 429 at another read as the scope's limit.
LIMIT_MEMORY = 10.0
# Pauses (scaled by a jitter in [0.5, 1]) before sending again after a server's passing fault.
QUICK_RETRIES = (1.0, 2.0)
_RNG = random.Random()
# Rows already logged as having no outlet, so that each is logged once per process.
_UNSERVED_LOGGED: set[int] = set()
_UNSERVED_LOCK = threading.Lock()


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class DeliveryStats:
    sent: int = 0
    # Found already delivered when a row in doubt was looked up (in Slack, so far).
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


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """15 s, 30 s, 1 min, … capped at an hour, each scaled by a jitter in [0.5, 1]."""
    jitter: float = (rng or _RNG).uniform(0.5, 1.0)
    raw = BACKOFF_BASE * (2 ** max(0, attempts - 1))
    capped: timedelta = min(raw, BACKOFF_CAP)
    return capped * jitter


def in_doubt(row: Claimed) -> bool:
    """Whether an earlier send may have been delivered without us recording it.

    The row's `posting_since` is set when the transport says the channel may have the message
    from now on (`committing`: for Slack at the request, for mail just before the end of DATA)
    and cleared when the channel's answer is recorded, so only a send whose answer was lost (a
    dropped connection, a timeout, a worker killed mid-send) leaves it set. A row reclaimed
    from a dead worker that never got as far as sending is not in doubt: after a crash only
    the rows that were in flight (one per sending thread) are looked up, not every row of the
    dead worker's batches.
    """
    return row.posting_since is not None


# -- cooperating senders --------------------------------------------------------------------


class SendGate:
    """What the senders of one delivery run share about a channel's limits, per scope.

    Slack's 429 does not say which limit was hit. A 429 at one address (a DM channel) is taken
    as that address's own limit (about a message a second): only that row moves by Retry-After
    and the other addresses go on. A 429 at a second address within LIMIT_MEMORY seconds (or
    while the first one's Retry-After runs) means the scope's limit (the workspace's): the gate
    then holds every sender of this run for that scope until it has passed, so they wait it out
    together (a short Retry-After) or move their rows past it (a long one) instead of each
    asking again and being refused. A paused scope (token revoked, app uninstalled) stops the
    run's senders for it at once.
    """

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._held: dict[str, float] = {}
        self._limited: dict[str, dict[str, float]] = {}
        self._paused: set[str] = set()

    def rate_limited(self, scope: str, address: str, retry_after: float) -> bool:
        """Record a 429; True when it is taken as the scope's limit (the gate now holds)."""
        now = self._monotonic()
        with self._lock:
            addresses = self._limited.setdefault(scope, {})
            for seen, until in list(addresses.items()):
                if until <= now:
                    del addresses[seen]
            others = any(seen != address for seen in addresses)
            remembered = now + max(retry_after, LIMIT_MEMORY)
            addresses[address] = max(addresses.get(address, 0.0), remembered)
            if others or self._held.get(scope, 0.0) > now:
                self._held[scope] = max(self._held.get(scope, 0.0), now + retry_after)
                return True
            return False

    def remaining(self, scope: str) -> float:
        """Seconds until this scope's senders may send again (0 when they may now)."""
        with self._lock:
            return max(0.0, self._held.get(scope, 0.0) - self._monotonic())

    def pause(self, scope: str) -> None:
        with self._lock:
            self._paused.add(scope)

    def paused(self, scope: str) -> bool:
        with self._lock:
            return scope in self._paused


@dataclass(frozen=True)
class Prepared:
    """A claimed row rendered for its channel, ready to send."""

    row: Claimed
    outlet: Outlet[Any]
    message: Any
    # The recipient's time zone, for the last look at the sending window.
    tz_name: str | None


# -- the loop -------------------------------------------------------------------------------


def channel_of(row: Claimed) -> Channel:
    """The channel a row is delivered by: its recipient's."""
    return Channel(row.recipient_channel)


def deliver_until_idle(
    services: Services,
    *,
    max_seconds: float = 50.0,
    threads: int | None = None,
    batch: int = BATCH,
    wait_for_due: float = 0.0,
    worker_id: str | None = None,
    outlets: Mapping[Channel, Outlet[Any]],
) -> DeliveryStats:
    """Deliver due rows with `threads` concurrent senders until none is due or time is up.

    `wait_for_due` > 0 keeps the loop alive while a row (e.g. one pushed back by Retry-After)
    falls due within that many seconds, so a burst is delivered in one go rather than one
    scheduler tick at a time. `outlets` are the channels to deliver to (each one's transport
    and renderers, checked before anything is claimed). Returns what happened.
    """
    delivery = Delivery(
        services,
        outlets,
        worker_id or new_worker_id(),
        deadline=time.monotonic() + max_seconds,
    )
    threads = threads or services.settings.delivery_threads
    with transaction(services.sessions) as session:
        outbox.reclaim_expired(session, now=services.clock())

    def run() -> None:
        while time.monotonic() < delivery.deadline and not services.stopping.is_set():
            if delivery.deliver_one_batch(batch):
                continue
            if not _wait_for_next_due(services, delivery, wait_for_due):
                return

    stop = threading.Event()
    heartbeat = threading.Thread(
        target=_renew_leases, args=(services, delivery.worker_id, stop), name="lease", daemon=True
    )
    heartbeat.start()
    try:
        if threads == 1:
            run()
            return delivery.stats
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="deliver") as pool:
            futures = [pool.submit(run) for _ in range(threads)]
            for future in futures:
                future.result()
        return delivery.stats
    finally:
        stop.set()
        heartbeat.join()
        delivery.give_back_set_aside()


def _renew_leases(services: Services, worker_id: str, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT):
        try:
            with transaction(services.sessions) as session:
                outbox.renew_leases(session, worker_id=worker_id, until=services.clock() + LEASE)
        except Exception as exc:  # the next beat tries again; the leases last LEASE meanwhile
            log_failure("renew outbox leases", exc)


def _wait_for_next_due(services: Services, delivery: Delivery, wait_for_due: float) -> bool:
    if wait_for_due <= 0:
        return False
    deadline = delivery.deadline
    now = services.clock()
    with transaction(services.sessions) as session:
        due = outbox.next_due_at(session, now=now, channels=delivery.channels)
    if due is None:
        return False
    gap = max(0.0, (due - now).total_seconds())
    if gap > wait_for_due or time.monotonic() + gap > deadline:
        return False
    time.sleep(min(max(gap, 0.02), 0.25))
    return True


def _later(services: Services, row: Claimed, now: datetime, tz_name: str | None) -> datetime | None:
    """When the row's recipient is outside their sending window now: the next moment inside."""
    settings = services.settings
    return later_in_window(
        row.kind, now, tz_name, settings.sending_window, fallback_tz=settings.default_timezone
    )


def _wait_for_window(
    session: Session, row: Claimed, worker_id: str, later: datetime, address: str | None = None
) -> None:
    """Outside the recipient's window: back to the queue for `later`, not a failed attempt."""
    outbox.retry_later(
        session,
        row.id,
        worker_id=worker_id,
        due_at=later,
        error="outside_window",
        count_attempt=False,
        channel_id=address,
    )


class Delivery:
    """One delivery run: its outlets, its senders' shared gate, and what happened."""

    def __init__(
        self,
        services: Services,
        outlets: Mapping[Channel, Outlet[Any]],
        worker_id: str,
        *,
        deadline: float | None = None,
        gate: SendGate | None = None,
    ) -> None:
        self.services = services
        self.outlets = dict(outlets)
        # Only rows of these channels are claimed: a row nobody here can send stays due for a
        # process that can (a web participant's mail waits for a worker with SMTP_URL).
        self.channels = tuple(sorted(self.outlets))
        self.worker_id = worker_id
        self.deadline = deadline if deadline is not None else math.inf
        self.gate = gate or SendGate()
        self.stats = DeliveryStats()
        # Rows this run may not send (their channel has no outlet here, or its scope was
        # paused): held, their leases renewed, until the run ends, then given back as they
        # were with the reason, so that the run does not claim them again and again.
        self._set_aside: dict[int, str] = {}
        self._set_aside_lock = threading.Lock()

    # -- claim and render -----------------------------------------------------------------

    def deliver_one_batch(self, batch: int) -> bool:
        """Claim up to `batch` rows, render them together, and send each; False when none
        was due."""
        services = self.services
        with transaction(services.sessions) as session:
            rows = outbox.claim_batch(
                session,
                now=services.clock(),
                worker_id=self.worker_id,
                lease=LEASE,
                limit=batch,
                channels=self.channels,
            )
        if not rows:
            return False
        try:
            prepared = self.prepare_batch(rows)
        except Exception as exc:  # one bad row must not stop the others: render them one by one
            log_failure("render a batch of outbox rows", exc)
            for row in rows:
                try:
                    self.deliver_one_row(row)
                except Exception as failure:  # the lease expires; the row is retried in doubt
                    log_failure(f"deliver {row.kind} row {row.id}", failure)
            return True
        for item in prepared:
            try:
                self.send_prepared(item)
            except Exception as exc:  # a bug in one row must not stop the others
                log_failure(f"deliver {item.row.kind} row {item.row.id}", exc)
        return True

    def prepare_batch(self, rows: list[Claimed]) -> list[Prepared]:
        """Render claimed rows from one set-based load; give back rows of paused workspaces and
        cancel the ones with nothing (left) to say. Returns what is to be sent."""
        now = self.services.clock()
        prepared: list[Prepared] = []
        outcomes: list[str] = []
        with transaction(self.services.sessions) as session:
            lookups = Lookups.preload(session, rows)
            for row in rows:
                outgoing = self._prepare(session, lookups, row, now)
                if isinstance(outgoing, Prepared):
                    prepared.append(outgoing)
                elif outgoing:
                    outcomes.append(outgoing)
        for outcome in outcomes:
            self.stats.add(outcome)
        return prepared

    def deliver_one_row(self, row: Claimed) -> bool:
        """Render, send and record one claimed row. True when the message is (now known to
        be) delivered."""
        with transaction(self.services.sessions) as session:
            outgoing = self._prepare(session, Lookups(session), row, self.services.clock())
        if not isinstance(outgoing, Prepared):
            if outgoing:
                self.stats.add(outgoing)
            return False
        return self.send_prepared(outgoing)

    def _prepare(
        self, session: Session, lookups: Lookups, row: Claimed, now: datetime
    ) -> Prepared | str:
        """The message to send, or what happened instead: "cancelled", "retried", or ""
        (given back, or held for want of an outlet)."""
        channel = channel_of(row)
        outlet = self.outlets.get(channel)
        if outlet is None:
            self._hold_unserved(row, channel)
            return ""
        status = lookups.workspace_status(row.team_id)
        if status is not None and status != "active":
            # Paused while this row waited in our batch: give it back for after a resume.
            outbox.release(session, row.id, worker_id=self.worker_id, error=f"paused:{status}")
            return ""
        profile = lookups.profile(row.recipient)
        tz_name = profile.tz if profile is not None else None
        later = _later(self.services, row, now, tz_name)
        if later is not None:
            _wait_for_window(session, row, self.worker_id, later)
            return "retried"
        message = outlet.renderers.render(self.services, session, row, now, lookups)
        if isinstance(message, Skip):
            outbox.cancel(session, row.id, now=now, reason=message.reason)
            return "cancelled"
        return Prepared(row, outlet, message, tz_name)

    def _set_aside_row(self, row: Claimed, reason: str) -> None:
        with self._set_aside_lock:
            self._set_aside[row.id] = reason

    def _hold_unserved(self, row: Claimed, channel: Channel) -> None:
        self._set_aside_row(row, f"no_transport:{channel}")
        with _UNSERVED_LOCK:
            first = row.id not in _UNSERVED_LOGGED
            _UNSERVED_LOGGED.add(row.id)
        if first:
            log.warning(
                "outbox row %s (%s) is for the %s channel, which has no transport here; "
                "it stays due",
                row.id,
                row.kind,
                channel,
            )

    def give_back_set_aside(self) -> None:
        """Release the rows set aside by this run: due as before, the attempt uncounted."""
        with self._set_aside_lock:
            held, self._set_aside = self._set_aside, {}
        if not held:
            return
        with transaction(self.services.sessions) as session:
            for row_id, reason in held.items():
                outbox.release(session, row_id, worker_id=self.worker_id, error=reason)

    # -- send and record ------------------------------------------------------------------

    def send_prepared(self, item: Prepared) -> bool:
        """Send one rendered row and record the result. True when it is (now known to be)
        delivered.

        Waits with the other senders while the gate holds for its scope (a short hold), or
        moves the row past the hold (a long one, or one beyond this run's deadline). A passing
        fault answered by the channel's server means the message was not delivered, so it is
        tried again here after a short pause (twice) before the outbox's backoff takes over.
        """
        services, gate, row = self.services, self.gate, item.row
        transport = item.outlet.transport
        scope = transport.scope(row)
        address = row.channel_id
        quick_retries = 0
        waits = 0
        while True:
            if gate.paused(scope):
                self._set_aside_row(row, "paused")
                self.stats.add("retried")
                return False
            hold = gate.remaining(scope)
            if hold > 0:
                late = time.monotonic() + hold > self.deadline
                if hold > RATE_WAIT_LIMIT or late or waits >= MAX_RATE_WAITS:
                    self._defer(row, math.ceil(hold), address)
                    return False
                waits += 1
                time.sleep(hold)
                continue
            # The last look before sending: waits and the batch itself take time, and a wave
            # that started just before closing must stop at closing time.
            later = _later(services, row, services.clock(), item.tz_name)
            if later is not None:
                with transaction(services.sessions) as session:
                    _wait_for_window(session, row, self.worker_id, later, address)
                self.stats.add("retried")
                return False
            try:
                address = transport.address(row, item.message, address)
                if in_doubt(row):
                    verdict = transport.already_delivered(row, address)
                    address = _address_of(verdict)
                    found = self._settle_doubt(row, verdict, transport.channel)
                    if found == FOUND:
                        self.stats.add("found_in_slack")
                        return True
                    if found == HELD:
                        self.stats.add("retried")
                        return False
                try:
                    receipt = transport.send(row, item.message, address, self._committing(row))
                except DeliveryFailure as failure:
                    if failure.answered:
                        with transaction(services.sessions) as session:
                            outbox.not_posted(session, row.id)
                    raise
            except DeliveryFailure as failure:
                if failure.kind is Failure.RATE_LIMITED:
                    retry_after = failure.retry_after or 1.0
                    if gate.rate_limited(scope, address or row.recipient_user_id, retry_after):
                        continue  # the scope's limit: wait with the others (or move past it)
                elif failure.retry_now and quick_retries < len(QUICK_RETRIES):
                    time.sleep(QUICK_RETRIES[quick_retries] * _RNG.uniform(0.5, 1.0))
                    quick_retries += 1
                    continue
                elif failure.kind is Failure.PAUSED:
                    gate.pause(scope)
                self.record_one_failure(item, failure, address)
                return False
            break
        with transaction(services.sessions) as session:
            outbox.mark_sent(
                session,
                row.id,
                now=services.clock(),
                channel_id=receipt.address,
                message_ts=receipt.message_id,
            )
        self.stats.add("sent")
        transport.after_sent(row, item.message, receipt)
        return True

    def _committing(self, row: Claimed) -> Callable[[], None]:
        """What a transport calls just before the channel may have the message: the row is in
        doubt from then until the channel's answer is recorded."""

        def committing() -> None:
            with transaction(self.services.sessions) as session:
                outbox.mark_posting(
                    session, row.id, worker_id=self.worker_id, now=self.services.clock()
                )

        return committing

    def _settle_doubt(self, row: Claimed, verdict: Verdict, channel: Channel) -> str:
        """Record what the look for a row in doubt found: FOUND (recorded as sent), ABSENT
        (safe to send) or HELD (moved for later, or to an operator)."""
        services = self.services
        now = services.clock()
        with transaction(services.sessions) as session:
            if isinstance(verdict, Delivered):
                outbox.mark_sent(
                    session,
                    row.id,
                    now=now,
                    channel_id=verdict.receipt.address,
                    message_ts=verdict.receipt.message_id,
                )
                log.info(
                    "outbox row %s was already delivered (%s); recorded as sent", row.id, channel
                )
                return FOUND
            if isinstance(verdict, NotDelivered):
                outbox.not_posted(session, row.id)
                return ABSENT
            if isinstance(verdict, Undecided):
                outbox.dead_letter(session, row.id, now=now, error=verdict.note)
                log.warning("outbox row %s may have been delivered; left for an operator", row.id)
                return HELD
            # Out of reach: asked again later, or to an operator after DOUBT_LIMIT.
            if row.posting_since is not None and now - row.posting_since > DOUBT_LIMIT:
                outbox.dead_letter(session, row.id, now=now, error=verdict.note)
                return HELD
            outbox.retry_later(
                session,
                row.id,
                worker_id=self.worker_id,
                due_at=now + timedelta(seconds=verdict.seconds),
                error=f"in_doubt:{verdict.why}",
                count_attempt=False,
                channel_id=verdict.address,
            )
            return HELD

    def _defer(self, row: Claimed, seconds: float, address: str | None) -> None:
        """Move a row past the scope's rate-limit hold without sending (not an attempt)."""
        services = self.services
        with transaction(services.sessions) as session:
            outbox.retry_later(
                session,
                row.id,
                worker_id=self.worker_id,
                due_at=services.clock() + timedelta(seconds=seconds),
                error="ratelimited",
                count_attempt=False,
                channel_id=address,
            )
        self.stats.add("retried")

    def record_one_failure(
        self, item: Prepared, failure: DeliveryFailure, address: str | None
    ) -> None:
        services, row, worker_id = self.services, item.row, self.worker_id
        now = services.clock()
        max_attempts = services.settings.outbox_max_attempts
        with transaction(services.sessions) as session:
            if failure.kind is Failure.RATE_LIMITED:
                wait = timedelta(seconds=(failure.retry_after or 1.0) * random.uniform(1.0, 1.1))
                outbox.retry_later(
                    session,
                    row.id,
                    worker_id=worker_id,
                    due_at=now + wait,
                    error=failure.error,
                    count_attempt=False,
                    channel_id=address,
                )
                self.stats.add("retried")
            elif failure.kind is Failure.PAUSED:
                item.outlet.transport.pause(session, row, failure, now)
                self._set_aside_row(row, failure.error)
                self.stats.add("retried")
            elif failure.kind in (Failure.PERMANENT, Failure.UNREACHABLE):
                outbox.dead_letter(session, row.id, now=now, error=failure.error)
                self.stats.add("dead")
                if failure.kind is Failure.UNREACHABLE:
                    workspaces.mark_unreachable(session, row.recipient, failure.error, now)
                    cancelled = outbox.cancel_pending(
                        session,
                        now=now,
                        reason=f"unreachable:{failure.error}",
                        team_id=row.team_id,
                        recipient=row.recipient,
                    )
                    log.info(
                        "recipient unreachable (%s); cancelled %d rows", failure.error, cancelled
                    )
            elif row.attempts >= max_attempts:
                outbox.dead_letter(
                    session, row.id, now=now, error=f"{failure.error} after {row.attempts} attempts"
                )
                self.stats.add("dead")
            else:
                outbox.retry_later(
                    session,
                    row.id,
                    worker_id=worker_id,
                    due_at=now + backoff(row.attempts),
                    error=failure.error,
                    channel_id=address,
                )
                self.stats.add("retried")


def _address_of(verdict: Verdict) -> str:
    return verdict.receipt.address if isinstance(verdict, Delivered) else verdict.address
