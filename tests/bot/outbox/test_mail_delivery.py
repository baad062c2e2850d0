"""Mail through the outbox against a real SMTP server: SMTP's faults and a killed worker lose
nothing and double nothing.

A worker is "killed" by an exception no code catches (as SIGKILL would stop it), raised at a
chosen moment: the row keeps its lease, which runs out, and the next run takes it over.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.followups.planner import plan_followups
from bot.mail.gateway import ErrorKind, MailFailure, MailGateway
from bot.mail.message import Email
from bot.outbox.mail_transport import classify, reason
from bot.outbox.transport import Failure
from bot.slack.services import SlackServices
from storage.db import transaction
from storage.repositories import outbox, workspaces
from tests.bot.followups.mailing import (
    ADDRESS,
    SENDER,
    WebPerson,
    deliver,
    mail_services,
    outbox_rows,
    web_participant,
)
from tests.support.harness import Clock
from tests.support.slack_standin import SlackStandIn
from tests.support.smtp import SmtpServer

WORKSHOP_DAY = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)
TWO_WEEKS = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


class Killed(BaseException):
    """The worker process dies here."""


@pytest.fixture
def clock() -> Clock:
    return Clock(WORKSHOP_DAY)


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    with SmtpServer(starttls=True) as running:
        yield running


@pytest.fixture
def services(
    standin: SlackStandIn, migrated_database_url: str, clock: Clock
) -> Iterator[SlackServices]:
    yield mail_services(standin, migrated_database_url, clock)


@pytest.fixture
def someone(services: SlackServices, clock: Clock) -> WebPerson:
    person = web_participant(services)
    plan_followups(services, clock())
    clock.now = TWO_WEEKS
    return person


def message_ids(server: SmtpServer) -> list[str]:
    return [str(r.message["Message-ID"]) for r in server.received]


def test_a_421_is_retried_later_with_backoff_and_delivered_once(
    services, server, clock, someone
) -> None:
    server.fail_next(1, 421)
    stats = deliver(services, server)
    assert (stats.sent, stats.retried) == (0, 1)
    (row,) = outbox_rows(services)
    assert row.last_error == "smtp 421 4.3.2 Service not available, try again later"
    assert row.posting_since is None  # the server answered: it does not have the message
    wait = row.due_at.replace(tzinfo=UTC) - clock()
    assert timedelta(seconds=7) <= wait <= timedelta(seconds=15)
    assert deliver(services, server).handled == 0  # not due yet
    clock.advance(seconds=16)

    assert deliver(services, server).sent == 1
    assert message_ids(server) == ["<followup%3A1%3A2w@kommune.example>"]
    (row,) = outbox_rows(services)
    assert row.sent_at is not None and row.attempts == 2


def test_a_550_for_the_recipient_is_a_dead_letter_with_the_reason_and_stops_their_mail(
    services, server, clock, someone
) -> None:
    server.fail_next(1, 550)
    assert deliver(services, server).dead == 1
    (row,) = outbox_rows(services)
    assert row.dead_at is not None
    assert row.last_error == "smtp 550 5.1.1 Recipient address rejected: no such user"
    with transaction(services.sessions) as session:
        profile = workspaces.get_profile(session, someone.person)
        assert profile is not None and profile.unreachable_at is not None
    clock.advance(days=1)
    assert deliver(services, server).handled == 0
    assert server.received == []


def test_a_552_is_a_dead_letter_of_that_message_only(services, server, clock, someone) -> None:
    server.fail_next(1, 552)
    assert deliver(services, server).dead == 1
    (row,) = outbox_rows(services)
    assert row.last_error == "smtp 552 5.3.4 Message too big"
    with transaction(services.sessions) as session:
        profile = workspaces.get_profile(session, someone.person)
        assert profile is not None and profile.unreachable_at is None


def test_a_refused_connection_is_transient_and_nothing_is_in_doubt(
    services, server, clock, someone
) -> None:
    closed = MailGateway("smtp://127.0.0.1:1", SENDER, timeout=2)
    from bot.composition import deliver_everywhere

    assert deliver_everywhere(services, threads=1, max_seconds=30, mail=closed).retried == 1
    (row,) = outbox_rows(services)
    assert row.last_error is not None and row.last_error.startswith("smtp: ConnectionRefused")
    assert row.posting_since is None
    clock.advance(seconds=16)
    assert deliver(services, server).sent == 1
    assert len(server.received) == 1


class DyingGateway(MailGateway):
    """A real gateway whose worker dies at a chosen moment of the SMTP transaction."""

    def __init__(self, server: SmtpServer, moment: str) -> None:
        super().__init__(server.url(), SENDER, tls_context=server.client_context(), timeout=5)
        self.moment = moment

    def send(self, email: Email, committing: Callable[[], None] | None = None) -> Any:
        if self.moment == "before_send":
            raise Killed
        assert committing is not None

        def die_before_the_end() -> None:
            raise Killed  # after MAIL, RCPT and DATA's 354, before the message's end

        return super().send(email, die_before_the_end)


def run_until_killed(services: SlackServices, gateway: MailGateway) -> None:
    from bot.composition import deliver_everywhere

    with pytest.raises(Killed):
        deliver_everywhere(services, threads=1, max_seconds=30, mail=gateway)


@pytest.mark.parametrize("moment", ["before_send", "before_the_end_of_data"])
def test_a_worker_killed_before_the_server_accepted_the_data_loses_nothing(
    services, server, clock, someone, moment
) -> None:
    run_until_killed(services, DyingGateway(server, moment))
    assert server.received == []
    (row,) = outbox_rows(services)
    assert row.sent_at is None and row.posting_since is None  # not in doubt

    assert deliver(services, server).handled == 0  # its lease has not run out
    clock.advance(seconds=31)
    stats = deliver(services, server)

    assert (stats.sent, stats.found_in_slack) == (1, 0)
    assert message_ids(server) == ["<followup%3A1%3A2w@kommune.example>"]


def test_a_worker_killed_after_the_server_accepted_the_data_doubles_nothing(
    services, server, clock, someone, monkeypatch
) -> None:
    real_mark_sent = outbox.mark_sent

    def die(*args: Any, **kwargs: Any) -> bool:
        raise Killed  # the 250 came; the worker dies before recording it

    monkeypatch.setattr(outbox, "mark_sent", die)
    run_until_killed(
        services, MailGateway(server.url(), SENDER, tls_context=server.client_context())
    )
    monkeypatch.setattr(outbox, "mark_sent", real_mark_sent)
    assert len(server.received) == 1
    (row,) = outbox_rows(services)
    assert row.sent_at is None and row.posting_since is not None  # in doubt

    clock.advance(seconds=31)
    stats = deliver(services, server)

    assert (stats.sent, stats.found_in_slack) == (0, 1)
    assert len(server.received) == 1
    (row,) = outbox_rows(services)
    assert row.sent_at is not None and row.posting_since is None


def test_a_wrong_password_holds_the_mail_without_losing_or_counting_it() -> None:
    with SmtpServer(starttls=True, users={"temadag": "right"}) as running:
        wrong = MailGateway(
            running.url("temadag", "wrong"), SENDER, tls_context=running.client_context()
        )
        with pytest.raises(MailFailure) as raised:
            wrong.send(Email(ADDRESS, "s", "t", "<p>t</p>", "k"))
    failure = classify(raised.value)
    assert failure.kind is Failure.PAUSED and failure.answered


@pytest.mark.parametrize(
    ("failure", "kind", "answered"),
    [
        (MailFailure(ErrorKind.TRANSIENT, "451 4.7.1 greylisted", True, 451, "recipient"),
         Failure.TRANSIENT, True),
        (MailFailure(ErrorKind.PERMANENT, "553 5.1.3 bad address", True, 553, "recipient"),
         Failure.UNREACHABLE, True),
        (MailFailure(ErrorKind.PERMANENT, "550 5.7.1 spam", True, 550, "reply"),
         Failure.PERMANENT, True),
        (MailFailure(ErrorKind.PERMANENT, "553 5.1.8 bad sender", True, 553, "sender"),
         Failure.PAUSED, True),
        (MailFailure(ErrorKind.TRANSIENT, "421 4.3.2 busy", True, 421, "connect"),
         Failure.TRANSIENT, True),
        (MailFailure(ErrorKind.TRANSIENT, "TimeoutError: timed out", False, None, "reply",
                     maybe_accepted=True), Failure.TRANSIENT, False),
        (MailFailure(ErrorKind.TRANSIENT, "ConnectionResetError", False, None, "data"),
         Failure.TRANSIENT, True),
    ],
)  # fmt: skip
def test_it_words_smtps_answers_for_the_outbox(
    failure: MailFailure, kind: Failure, answered: bool
) -> None:
    classified = classify(failure)
    assert (classified.kind, classified.answered) == (kind, answered)


def test_a_reason_never_carries_an_address() -> None:
    failure = MailFailure(
        ErrorKind.PERMANENT,
        "550 5.1.1 <Anna.Hansen@kommune.dk>: Recipient address rejected: User unknown in table",
        True,
        550,
    )
    said = reason(failure)
    assert "kommune.dk" not in said and "Anna" not in said
    assert said.startswith("smtp 550 5.1.1 <address>: Recipient address rejected")
    assert len(said) <= 64


def test_it_calls_a_lost_connection_after_the_end_of_data_maybe_accepted() -> None:
    class Dropping(smtplib.SMTP):
        def getreply(self) -> tuple[int, bytes]:
            if getattr(self, "data_sent", False):
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            return super().getreply()

        def send(self, s: Any) -> None:
            super().send(s)
            if isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
                self.data_sent = True

    with SmtpServer(starttls=True) as running:
        gateway = MailGateway(running.url(), SENDER, tls_context=running.client_context())
        original = smtplib.SMTP
        smtplib.SMTP = Dropping  # type: ignore[misc]
        try:
            with pytest.raises(MailFailure) as raised:
                gateway.send(Email(ADDRESS, "s", "t", "<p>t</p>", "k"), lambda: None)
        finally:
            smtplib.SMTP = original  # type: ignore[misc]
    assert raised.value.stage == "reply" and raised.value.maybe_accepted
    assert classify(raised.value).answered is False
