"""The delivery loop against a fake transport: the shape the next channel (e-mail) will have.

The loop must keep every guarantee without knowing the channel: backoff for a passing fault, a
dead letter with the reason for a permanent one, Retry-After for a rate limit, a killed
worker's lease reclaimed (and a send in doubt looked up first), a paused scope, and a row whose
channel has no transport left due instead of sent somewhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.outbox.delivery import DeliveryStats, deliver_until_idle
from bot.outbox.renderers import Renderers
from bot.outbox.transport import (
    Delivered,
    DeliveryFailure,
    Failure,
    NotDelivered,
    Outlet,
    Receipt,
    Verdict,
)
from bot.services import Services
from bot.slack.services import SlackServices
from flows.identity import Channel
from flows.outbox import MessageKind
from storage.db import transaction
from storage.models import OutboxMessage, UserProfile
from storage.repositories.followups import Lookups
from storage.repositories.outbox import Claimed
from tests.bot.followups.seed import seed_followups, worker_services
from tests.support.harness import Clock
from tests.support.slack_standin import SlackStandIn

# A Monday, 09:00 in Copenhagen: inside the sending window.
NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Mail:
    subject: str


def render_mail(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Mail:
    return Mail(f"{row.kind} ({lang})")


@dataclass
class FakeMailTransport:
    """Sends nothing anywhere: records what it was asked, and fails as it is told to."""

    failures: list[DeliveryFailure] = field(default_factory=list)
    delivered_before: set[str] = field(default_factory=set)
    sent: list[tuple[str, str]] = field(default_factory=list)
    looked_up: list[str] = field(default_factory=list)
    paused: list[str] = field(default_factory=list)

    @property
    def channel(self) -> Channel:
        return Channel.WEB

    def scope(self, row: Claimed) -> str:
        return "smtp"

    def address(self, row: Claimed, message: Mail, known: str | None) -> str | None:
        return known or f"{row.recipient_user_id.lower()}@example.org"

    def send(
        self, row: Claimed, message: Mail, address: str | None, committing: Callable[[], None]
    ) -> Receipt:
        if self.failures and self.failures[0].answered:
            raise self.failures.pop(0)
        committing()
        if self.failures:
            raise self.failures.pop(0)
        assert address is not None
        self.sent.append((row.dedupe_key, address))
        return Receipt(address, f"<{row.dedupe_key}@temadag>")

    def already_delivered(self, row: Claimed, address: str | None) -> Verdict:
        assert address is not None
        self.looked_up.append(row.dedupe_key)
        if row.dedupe_key in self.delivered_before:
            return Delivered(Receipt(address, f"<{row.dedupe_key}@temadag>"))
        return NotDelivered(address)

    def after_sent(self, row: Claimed, message: Mail, receipt: Receipt) -> None:
        pass

    def pause(
        self, session: Session, row: Claimed, failure: DeliveryFailure, now: datetime
    ) -> None:
        self.paused.append(failure.error)


@pytest.fixture
def services(standin: SlackStandIn, tmp_path: object) -> Iterator[Services]:
    built = worker_services(standin, f"sqlite:///{tmp_path}/l.sqlite3", outbox_max_attempts=3)
    built.clock = Clock(NOW)
    yield built
    built.sessions.kw["bind"].dispose()


@pytest.fixture
def mail() -> FakeMailTransport:
    return FakeMailTransport()


def seed_web(services: Services, count: int, due_at: datetime, first: int = 0) -> list[str]:
    """Web participants' follow-ups: rows of the channel the fake transport sends to."""
    assert isinstance(services, SlackServices)
    return seed_followups(services, count, due_at, first, channel=Channel.WEB)


def outlets(transport: FakeMailTransport) -> dict[Channel, Outlet[Mail]]:
    renderers = Renderers(Channel.WEB, dict.fromkeys(MessageKind, render_mail))
    return {Channel.WEB: Outlet(transport, renderers)}


def run(services: Services, transport: FakeMailTransport) -> DeliveryStats:
    return deliver_until_idle(services, threads=1, max_seconds=60, outlets=outlets(transport))


def rows(services: Services) -> list[OutboxMessage]:
    with transaction(services.sessions) as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def advance(services: Services, **delta: float) -> None:
    assert isinstance(services.clock, Clock)
    services.clock.advance(**delta)


def test_it_sends_through_the_rows_channel_and_records_the_receipt(services, mail, standin) -> None:
    users = seed_web(services, 2, NOW)
    assert run(services, mail).sent == 2
    assert [address for _, address in mail.sent] == [f"{u.lower()}@example.org" for u in users]
    row = rows(services)[0]
    assert (row.channel_id, row.message_ts) == (mail.sent[0][1], f"<{row.dedupe_key}@temadag>")
    assert standin.posted_messages() == []


def test_it_retries_a_transient_failure_with_backoff(services, mail) -> None:
    seed_web(services, 1, NOW)
    mail.failures = [
        DeliveryFailure(Failure.TRANSIENT, "smtp_451", answered=True),
        DeliveryFailure(Failure.TRANSIENT, "smtp_451", answered=True),
    ]
    delays = []
    for _ in range(2):
        assert run(services, mail).retried == 1
        (row,) = rows(services)
        assert row.last_error == "smtp_451" and row.posting_since is None
        delays.append(row.due_at.replace(tzinfo=UTC) - services.clock())
        advance(services, seconds=delays[-1].total_seconds() + 1)
    assert timedelta(seconds=7) <= delays[0] <= timedelta(seconds=15)
    assert delays[0] < delays[1] <= timedelta(seconds=30)
    assert run(services, mail).sent == 1
    assert len(mail.sent) == 1


def test_it_dead_letters_a_permanent_failure_with_its_reason(services, mail) -> None:
    seed_web(services, 2, NOW)
    mail.failures = [DeliveryFailure(Failure.PERMANENT, "smtp_554 message refused", answered=True)]
    stats = run(services, mail)
    assert (stats.dead, stats.sent) == (1, 1)
    dead, sent = rows(services)
    assert dead.dead_at is not None and dead.last_error == "smtp_554 message refused"
    assert sent.sent_at is not None
    advance(services, hours=2)
    assert run(services, mail).handled == 0


def test_it_dead_letters_a_transient_failure_after_the_last_attempt(services, mail) -> None:
    seed_web(services, 1, NOW)
    mail.failures = [DeliveryFailure(Failure.TRANSIENT, "smtp_421", answered=True)] * 3
    for _ in range(3):
        run(services, mail)
        advance(services, minutes=5)
    (row,) = rows(services)
    assert row.dead_at is not None and row.last_error == "smtp_421 after 3 attempts"
    assert mail.sent == []


def test_it_moves_due_at_by_retry_after_when_rate_limited(services, mail) -> None:
    seed_web(services, 1, NOW)
    mail.failures = [DeliveryFailure(Failure.RATE_LIMITED, "ratelimited", 120.0, answered=True)]
    assert run(services, mail).retried == 1
    (row,) = rows(services)
    due = row.due_at.replace(tzinfo=UTC)
    assert NOW + timedelta(seconds=120) <= due <= NOW + timedelta(seconds=132)
    assert (row.attempts, row.last_error) == (0, "ratelimited")
    assert run(services, mail).handled == 0  # not due yet
    advance(services, seconds=133)
    assert run(services, mail).sent == 1


def test_it_reclaims_a_killed_workers_lease_and_looks_up_only_the_send_in_doubt(
    services, mail
) -> None:
    seed_web(services, 3, NOW)
    first, second, third = rows(services)
    mail.delivered_before = {first.dedupe_key}
    with transaction(services.sessions) as session:
        # A killed worker held all three; it had sent the first two, and the first arrived.
        session.execute(
            update(OutboxMessage).values(
                claimed_by="killed-worker", claimed_until=NOW + timedelta(seconds=30), attempts=1
            )
        )
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_([first.id, second.id]))
            .values(posting_since=NOW - timedelta(seconds=5))
        )
    assert run(services, mail).handled == 0  # the leases have not run out yet
    advance(services, seconds=31)
    stats = run(services, mail)
    assert (stats.found_in_slack, stats.sent) == (1, 2)
    assert mail.looked_up == [first.dedupe_key, second.dedupe_key]
    assert [key for key, _ in mail.sent] == [second.dedupe_key, third.dedupe_key]
    done = rows(services)
    assert all(r.sent_at is not None and r.posting_since is None for r in done)
    assert done[0].message_ts == f"<{first.dedupe_key}@temadag>"


def test_it_stops_a_persons_messages_when_the_transport_says_they_are_unreachable(
    services, mail
) -> None:
    (person,) = seed_web(services, 1, NOW)
    seed_web(services, 1, NOW + timedelta(days=30), first=0)
    mail.failures = [DeliveryFailure(Failure.UNREACHABLE, "smtp_550_no_such_user", answered=True)]
    assert run(services, mail).dead == 1
    now, later = rows(services)
    assert now.dead_at is not None and later.cancelled_at is not None
    assert later.last_error == "unreachable:smtp_550_no_such_user"
    with transaction(services.sessions) as session:
        profile = session.scalar(select(UserProfile).where(UserProfile.user_id == person))
        assert profile is not None and profile.unreachable_reason == "smtp_550_no_such_user"


def test_it_pauses_the_scope_and_gives_every_row_back_when_the_channel_is_paused(
    services, mail
) -> None:
    seed_web(services, 3, NOW)
    mail.failures = [DeliveryFailure(Failure.PAUSED, "smtp_auth_failed", answered=True)]
    stats = run(services, mail)
    assert (stats.sent, stats.retried) == (0, 3)
    assert mail.paused == ["smtp_auth_failed"] and mail.sent == []
    assert all(r.attempts == 0 and r.sent_at is None and r.dead_at is None for r in rows(services))


def test_it_never_claims_a_row_whose_channel_has_no_outlet_in_this_run(
    services, mail, standin
) -> None:
    assert isinstance(services, SlackServices)
    seed_followups(services, 2, NOW)  # Slack rows; this run can send only the fake channel
    for _ in range(3):
        assert run(services, mail).handled == 0
    assert mail.sent == [] and standin.posted_messages() == []
    assert all(
        (r.due_at.replace(tzinfo=UTC), r.attempts, r.last_error, r.sent_at, r.cancelled_at)
        == (NOW, 0, None, None, None)
        for r in rows(services)
    )


def test_an_outlet_refuses_renderers_of_another_channel(mail) -> None:
    slack_renderers = Renderers(Channel.SLACK, dict.fromkeys(MessageKind, render_mail))
    with pytest.raises(ValueError, match="web transport cannot send slack"):
        Outlet(mail, slack_renderers)
