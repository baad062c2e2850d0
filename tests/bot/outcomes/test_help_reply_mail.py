"""A facilitator answers a web participant's request for help, and the answer arrives by e-mail
at a real SMTP server (aiosmtpd), through the outbox: quoting the answer and the step as written,
in both parts alike, only to a confirmed address. Without one, nothing is queued and the
facilitator is told in Slack that the person cannot be reached by e-mail."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.mail.message import message_id
from bot.outcomes import service, slack
from bot.outcomes.views import reply_done_view
from bot.slack.services import SlackServices
from flows.followupref import FollowUpRef
from flows.identity import Person
from flows.outbox import MessageKind
from storage.models import HelpRequest, OutboxMessage
from storage.repositories import web
from storage.repositories.web import Purpose
from tests.bot.followups.mailing import (
    ADDRESS,
    SENDER,
    STEPS,
    WebPerson,
    deliver,
    look_up,
    mail_services,
    outbox_rows,
    read,
    web_participant,
)
from tests.bot.followups.seed import TEAM
from tests.support.harness import Clock
from tests.support.slack_standin import SlackStandIn
from tests.support.smtp import SmtpServer

TWO_WEEKS = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
FACILITATOR = Person.slack(TEAM, "UFAC")  # who created the workshop (tests/support/factories)
ANSWER = "Ring til mig i morgen <b>kl. 9</b>\nHilsen Frida"


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    with SmtpServer(starttls=True) as running:
        yield running


@pytest.fixture
def services(standin: SlackStandIn, tmp_path: object) -> Iterator[SlackServices]:
    standin.set_user(FACILITATOR.user_id, locale="da-DK", tz="Europe/Copenhagen")
    built = mail_services(standin, f"sqlite:///{tmp_path}/help.sqlite3", Clock(TWO_WEEKS))
    yield built
    built.sessions.kw["bind"].dispose()


def asks_for_help(services: SlackServices, mette: WebPerson) -> int:
    """Mette's "need help" from her mail, sharing her step: the request's id."""
    ref = FollowUpRef(mette.participant_id, "2w", mette.step_ids[0])
    asked = service.ask_for_help(services, mette.person, ref, "Ingen tid", frozenset({"step"}))
    assert isinstance(asked, service.Told)
    with services.sessions() as session:
        return session.scalars(select(HelpRequest.id)).one()


def facilitator_dms(standin: SlackStandIn) -> str:
    calls = standin.posted_messages("D" + FACILITATOR.user_id)
    return json.dumps([call.params for call in calls], ensure_ascii=False)


def test_the_answer_reaches_a_web_participant_by_mail_quoting_it_and_her_step(
    services: SlackServices, server: SmtpServer, standin: SlackStandIn
) -> None:
    mette = web_participant(services)
    request_id = asks_for_help(services, mette)
    deliver(services, server)  # the facilitator's copy, in Slack
    assert "En deltager på web fra *Fra politik til praksis*" in facilitator_dms(standin)
    assert "sender vi dit svar til deltageren på e-mail" in facilitator_dms(standin)
    assert "<@" not in facilitator_dms(standin) and mette.person.user_id not in facilitator_dms(
        standin
    )

    reply = service.check_reply(services, FACILITATOR, request_id, ANSWER)
    assert isinstance(reply, service.Reply) and reply.route is service.Route.MAIL
    assert slack.send_reply(services, FACILITATOR, reply)
    assert slack.send_reply(services, FACILITATOR, reply)  # a double submit: one mail
    stats = deliver(services, server)

    assert stats.sent == 1
    (arrived,) = server.received
    assert arrived.recipients == [ADDRESS] and arrived.tls
    mail = read(arrived.message)
    assert mail.message["Subject"] == ("Svar på din anmodning om hjælp fra Fra politik til praksis")
    assert mail.message["From"] == SENDER
    (row,) = [r for r in outbox_rows(services) if r.kind == MessageKind.HELP_REPLY]
    assert mail.message["Message-ID"] == message_id(row.dedupe_key, SENDER)
    plain = mail.plain.replace("\r\n", "\n")
    assert "> Ring til mig i morgen <b>kl. 9</b>\n> Hilsen Frida" in plain
    assert f"Dit næste skridt:\n> {STEPS[0][0]}" in plain
    assert "Ring til mig i morgen &lt;b&gt;kl. 9&lt;/b&gt;<br>Hilsen Frida" in mail.html
    assert "Ring til mig i morgen <b>kl. 9</b> Hilsen Frida" in mail.html_text
    assert "Facilitatoren ser ikke din e-mailadresse" in mail.plain
    # The same link in both parts: her own page; stop is the List-Unsubscribe header.
    assert mail.plain_links == mail.html_links
    (personal,) = mail.html_links
    assert look_up(services, personal, Purpose.PERSONAL).state is web.State.VALID
    unsubscribe = str(mail.message["List-Unsubscribe"]).strip().strip("<>")
    assert look_up(services, unsubscribe, Purpose.UNSUBSCRIBE).state is web.State.VALID
    # Nothing was sent to her in Slack, and the request is answered.
    assert standin.posted_messages("D" + mette.person.user_id) == []
    with services.sessions() as session:
        answered = session.get(HelpRequest, request_id)
        assert answered is not None and answered.answered_by == FACILITATOR.user_id


def test_without_a_confirmed_address_nothing_is_queued_and_the_facilitator_is_told(
    services: SlackServices, server: SmtpServer, standin: SlackStandIn
) -> None:
    mette = web_participant(services, confirmed=False)
    request_id = asks_for_help(services, mette)
    deliver(services, server)
    assert "ingen bekræftet e-mailadresse hos os" in facilitator_dms(standin)

    reply = service.check_reply(services, FACILITATOR, request_id, ANSWER)

    assert isinstance(reply, service.Reply) and reply.route is service.Route.NONE
    told = json.dumps(reply_done_view(reply.route, reply.lang), ensure_ascii=False)
    assert "Dit svar er ikke sendt: deltageren var med på web" in told
    assert not slack.send_reply(services, FACILITATOR, reply)
    deliver(services, server)
    assert server.received == []
    with services.sessions() as session:
        assert not session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == MessageKind.HELP_REPLY)
        ).all()
        answered = session.get(HelpRequest, request_id)
        assert answered is not None and answered.answered_at is None


def test_an_address_stopped_after_the_request_gets_no_answer(
    services: SlackServices, server: SmtpServer
) -> None:
    mette = web_participant(services)
    request_id = asks_for_help(services, mette)
    reply = service.check_reply(services, FACILITATOR, request_id, ANSWER)
    assert isinstance(reply, service.Reply) and reply.route is service.Route.MAIL
    assert slack.send_reply(services, FACILITATOR, reply)
    with services.sessions.begin() as session:
        web.stop_mail(session, mette.person, TWO_WEEKS)

    deliver(services, server)

    assert [r.recipients for r in server.received] == []
    (row,) = [r for r in outbox_rows(services) if r.kind == MessageKind.HELP_REPLY]
    assert row.sent_at is None
