"""A web participant's follow-ups and reminder by e-mail, read as they arrive at a real SMTP
server (aiosmtpd): headers, the two parts, and every link down to the token behind it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from bot.followups.planner import plan_all, plan_followups
from bot.mail.message import message_id
from bot.slack.services import SlackServices
from flows.outbox import MessageKind, mail_confirm_key, reminder_key
from storage.db import transaction
from storage.models import Participant, Reflection
from storage.repositories import outbox, web
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
    payloads,
    read,
    web_participant,
    words,
)
from tests.support.harness import Clock
from tests.support.slack_standin import SlackStandIn
from tests.support.smtp import SmtpServer

WORKSHOP_DAY = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)
# 17 Oct + 2 weeks is a Saturday: Monday 2 November, 09:00 in Copenhagen.
TWO_WEEKS = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
STEP_ACTIONS = ["done", "under_way", "not_started", "dropped", "need_help", "replan"]


@pytest.fixture
def clock() -> Clock:
    return Clock(WORKSHOP_DAY)


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    with SmtpServer(starttls=True) as running:
        yield running


@pytest.fixture
def services(standin: SlackStandIn, tmp_path: object, clock: Clock) -> Iterator[SlackServices]:
    built = mail_services(standin, f"sqlite:///{tmp_path}/mail.sqlite3", clock)
    yield built
    built.sessions.kw["bind"].dispose()


def follow_up_due(services: SlackServices, clock: Clock) -> None:
    plan_followups(services, clock())
    clock.now = TWO_WEEKS


@pytest.mark.parametrize(
    ("lang", "subject", "wrote", "status_words"),
    [
        (
            "da",
            "Hvordan går det med dine næste skridt fra temadagen »Fra politik til praksis«?",
            "Den 17. oktober 2026 skrev du:",
            ["Gennemført", "I gang", "Ikke startet", "Droppet", "Har brug for hjælp"],
        ),
        (
            "en",
            "How are your next steps from the workshop “Fra politik til praksis” going?",
            "On 17 October 2026 you wrote:",
            ["Done", "Under way", "Not started", "Dropped", "Need help"],
        ),
    ],
)
def test_it_mails_a_follow_up_quoting_the_persons_own_steps_in_their_language(
    services, server, clock, lang, subject, wrote, status_words
) -> None:
    someone = web_participant(services, lang=lang)
    follow_up_due(services, clock)

    assert deliver(services, server).sent == 1

    [received] = server.received
    message = received.message
    assert received.recipients == [ADDRESS] and received.tls
    assert message["From"] == SENDER and message["To"] == ADDRESS
    assert str(message["Subject"]).strip() == subject
    assert message["Content-Language"] == lang
    key = f"followup:{someone.participant_id}:2w"
    assert message["Message-ID"] == message_id(key, SENDER)
    assert message["Date"].datetime == TWO_WEEKS
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_content_type() == "multipart/alternative"
    mail = read(message)
    assert wrote in mail.plain and wrote in mail.html_text
    for label in status_words:
        assert mail.plain.count(f"{label}: https://temadag.example/svar/") == len(STEPS)
    # The person's words as written in the plain part, shown harmlessly in the HTML.
    assert "Tale med lederen om <b>stress</b> & trivsel" in mail.plain
    assert "&lt;b&gt;stress&lt;/b&gt; &amp; trivsel" in mail.html
    assert "<b>stress" not in mail.html
    assert "1. december 2026" in mail.plain if lang == "da" else "1 December 2026" in mail.plain


def test_its_plain_text_and_html_say_the_same_and_link_the_same(services, server, clock) -> None:
    web_participant(services)
    follow_up_due(services, clock)
    deliver(services, server)

    mail = read(server.received[0].message)
    assert mail.plain_links == mail.html_links
    without_links = mail.plain
    for url in mail.plain_links:
        without_links = without_links.replace(url, " ")
    assert words(without_links) == words(mail.html_text)


def test_every_link_opens_a_token_of_its_purpose_for_that_step_and_action(
    services, server, clock
) -> None:
    someone = web_participant(services)
    follow_up_due(services, clock)
    deliver(services, server)

    mail = read(server.received[0].message)
    answers = payloads(services, mail.plain_links)
    expected = [
        {"wave": "2w", "step_id": step, "action": action}
        for step in someone.step_ids
        for action in STEP_ACTIONS
    ] + [{"wave": "2w", "step_id": None, "action": a} for a in ("lights", "snooze", "stop")]
    assert answers == expected
    for url in mail.plain_links:
        purpose = Purpose.PERSONAL if "/mig/" in url else Purpose.FOLLOWUP
        found = look_up(services, url, purpose)
        assert found.person == someone.person
        assert found.participant_id == someone.participant_id
        assert found.expires_at is not None
        assert found.expires_at.replace(tzinfo=UTC) == TWO_WEEKS + timedelta(days=60)
    assert sum("/mig/" in url for url in mail.plain_links) == 1
    header = str(mail.message["List-Unsubscribe"]).strip()
    assert header.startswith("<https://temadag.example/stop/") and header.endswith(">")
    stop = look_up(services, header.strip("<>"), Purpose.UNSUBSCRIBE)
    assert stop.state is web.State.VALID and stop.person == someone.person


def test_a_snoozed_follow_up_says_it_comes_as_asked(services, server, clock) -> None:
    someone = web_participant(services, lang="en")
    clock.now = TWO_WEEKS
    with transaction(services.sessions) as session:
        outbox.enqueue(
            session,
            recipient=someone.person,
            kind=MessageKind.FOLLOWUP,
            dedupe_key="followup:snoozed",
            workshop_id=someone.workshop_id,
            participant_id=someone.participant_id,
            payload={"participant_id": someone.participant_id, "wave": "2w", "snoozed": True},
            due_at=TWO_WEEKS,
            now=TWO_WEEKS,
        )
    deliver(services, server)
    [received] = server.received
    subject = str(received.message["Subject"]).strip()
    assert subject.startswith("As you asked: how are your next steps")


def test_no_follow_up_is_planned_or_mailed_before_the_address_is_confirmed(
    services, server, clock
) -> None:
    someone = web_participant(services, confirmed=False)
    follow_up_due(services, clock)
    assert deliver(services, server).handled == 0
    assert outbox_rows(services) == [] and server.received == []

    with transaction(services.sessions) as session:
        assert web.confirm_address(session, someone.person, ADDRESS, clock())
    plan_followups(services, clock())
    assert deliver(services, server).sent == 1
    assert len(server.received) == 1


def test_nothing_is_mailed_after_the_person_said_stop(services, server, clock) -> None:
    someone = web_participant(services)
    follow_up_due(services, clock)
    with transaction(services.sessions) as session:
        assert web.stop_mail(session, someone.person, clock())

    assert deliver(services, server).cancelled == 1
    assert server.received == []
    (row,) = outbox_rows(services)
    assert row.cancelled_at is not None and row.last_error == "no_mail_address"


def test_a_changed_time_zone_moves_the_follow_up_to_nine_in_the_persons_morning(
    services, clock
) -> None:
    web_participant(services, tz="America/New_York")
    plan_followups(services, clock())
    (row,) = outbox_rows(services)
    # Monday 2 November, 09:00 in New York (EST, UTC-5).
    assert row.due_at.replace(tzinfo=UTC) == datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
    assert row.channel == "web"


def test_web_rows_wait_unclaimed_when_this_process_has_no_smtp(
    services, server, clock, monkeypatch
) -> None:
    web_participant(services)
    follow_up_due(services, clock)
    monkeypatch.setattr(services.settings, "smtp_url", "")
    from bot.composition import deliver_everywhere

    assert deliver_everywhere(services, threads=1, max_seconds=30).handled == 0
    (row,) = outbox_rows(services)
    assert (row.attempts, row.sent_at, row.last_error) == (0, None, None)
    assert server.received == []


def start_without_finishing(services: SlackServices, someone: WebPerson, at: datetime) -> None:
    with transaction(services.sessions) as session:
        session.add(
            Reflection(
                participant_id=someone.participant_id,
                template_id="health_policy",
                template_version=1,
                status="in_progress",
                current_step=2,
                started_at=at,
                updated_at=at,
            )
        )
        session.execute(
            update(Participant)
            .where(Participant.id == someone.participant_id)
            .values(followups_planned=True)
        )


def test_the_in_day_reminder_links_to_the_persons_own_page(services, server, clock) -> None:
    someone = web_participant(services)
    start_without_finishing(services, someone, clock())
    assert plan_all(services, clock()) == 1
    clock.advance(hours=2)

    assert deliver(services, server).sent == 1
    [received] = server.received
    message = received.message
    assert (
        str(message["Subject"]).strip()
        == "Din refleksion fra temadagen »Fra politik til praksis« er ikke færdig"
    )
    assert message["Message-ID"] == message_id(reminder_key(someone.participant_id), SENDER)
    mail = read(message)
    assert "Du mangler" in mail.plain and "Du mangler" in mail.html_text
    [link, stop] = mail.plain_links
    assert mail.html_links == [link, stop] and "/mig/" in link
    found = look_up(services, link, Purpose.PERSONAL)
    assert found.state is web.State.VALID and found.participant_id == someone.participant_id


def test_the_in_day_reminder_says_why_it_came_and_how_to_stop_every_mail(
    services, server, clock
) -> None:
    someone = web_participant(services)
    start_without_finishing(services, someone, clock())
    plan_all(services, clock())
    clock.advance(hours=2)
    deliver(services, server)

    mail = read(server.received[0].message)
    plain = " ".join(mail.plain.split())
    assert "er gået i gang med refleksionen til temadagen »Fra politik til praksis«" in plain
    assert "en enkelt påmindelse, hvis du ikke er blevet færdig med en refleksion" in plain
    assert "opfølgning efter temadagen" not in plain
    assert "Stop al opfølgning og alle mails fra Temadag: https://temadag.example/stop/" in plain
    stop = look_up(services, mail.plain_links[1], Purpose.UNSUBSCRIBE)
    assert stop.state is web.State.VALID and stop.person == someone.person


def test_the_follow_up_mail_says_its_stop_link_stops_every_mail_and_explains_links_first(
    services, server, clock
) -> None:
    web_participant(services)
    follow_up_due(services, clock)
    deliver(services, server)

    plain = read(server.received[0].message).plain
    assert "Stop al opfølgning og alle mails fra Temadag: https://temadag.example/svar/" in plain
    assert "denne temadag" not in plain
    assert plain.index("Linket åbner en side, hvor du bekræfter") < plain.index("1. ")
    assert "fordi du har bekræftet din e-mailadresse til opfølgning fra Temadag." in plain


def test_the_confirmation_goes_to_the_new_address_with_a_link_that_confirms_that_address(
    services, server, clock
) -> None:
    someone = web_participant(services, confirmed=False, lang="en")
    with transaction(services.sessions) as session:
        given = web.mail_address(session, someone.person)
        assert given is not None
        outbox.enqueue(
            session,
            recipient=someone.person,
            kind=MessageKind.MAIL_CONFIRM,
            dedupe_key=mail_confirm_key(given.id, given.created_at),
            workshop_id=someone.workshop_id,
            participant_id=someone.participant_id,
            payload={"mail_address_id": given.id},
            due_at=clock(),
            now=clock(),
        )

    assert deliver(services, server).sent == 1
    [received] = server.received
    message = received.message
    assert received.recipients == [ADDRESS]
    assert (
        str(message["Subject"]).strip() == "Confirm your e-mail address for follow-ups from Temadag"
    )
    assert message["List-Unsubscribe"] is None
    mail = read(message)
    [link] = mail.plain_links
    assert mail.html_links == [link] and "/bekraeft/" in link
    found = look_up(services, link, Purpose.CONFIRM_MAIL)
    assert found.state is web.State.VALID and found.payload == {"address": ADDRESS}
    assert found.person == someone.person


def test_a_confirmation_is_not_sent_again_once_the_address_is_confirmed(
    services, server, clock
) -> None:
    someone = web_participant(services, confirmed=True)
    with transaction(services.sessions) as session:
        given = web.mail_address(session, someone.person)
        assert given is not None
        outbox.enqueue(
            session,
            recipient=someone.person,
            kind=MessageKind.MAIL_CONFIRM,
            dedupe_key="mail_confirm:again",
            payload={"mail_address_id": given.id},
            due_at=clock(),
            now=clock(),
        )
    assert deliver(services, server).cancelled == 1
    assert server.received == []
    assert outbox_rows(services)[0].last_error == "already_confirmed"
