"""Mette gives an e-mail address for her follow-ups, confirms it by the link, and stops it,
driven through the channel-free use cases (tests/bot/followups/web_story.py sets her up)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.followups import mail_optin
from bot.followups.mail_optin import MailOff, MailState, MailStatus, Problem, Refused
from bot.followups.service import stop_everything
from bot.services import Services
from flows.outbox import MessageKind
from storage.db import transaction
from storage.models import OutboxMessage, Participant
from storage.repositories import participants as people
from storage.repositories import web
from tests.bot.followups.story import TWO_WEEKS_ON, Clock, theme_day
from tests.bot.followups.web_story import (
    METTE,
    METTES_ADDRESS,
    WebDay,
    link,
    mette_joins,
    snapshot,
)
from tests.support.factories import channel_free_services

SMTP = {"smtp_url": "smtp://mail.example.org:587", "mail_from": "Temadag <temadag@example.org>"}


@pytest.fixture
def clock() -> Clock:
    return Clock(TWO_WEEKS_ON)


@pytest.fixture
def services(tmp_path: Path, clock: Clock) -> Iterator[Services]:
    yield from channel_free_services(f"sqlite:///{tmp_path}/optin.sqlite3", clock, **SMTP)


@pytest.fixture
def day(services: Services) -> WebDay:
    return mette_joins(services, theme_day(services).workshop_id)


def reachable(services: Services) -> str | None:
    with services.sessions() as session:
        return web.reachable_address(session, METTE)


def confirmations(services: Services) -> list[OutboxMessage]:
    with services.sessions() as session:
        return list(
            session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == MessageKind.MAIL_CONFIRM)
            )
        )


def confirm_link_for(services: Services, day: WebDay, address: str = METTES_ADDRESS) -> str:
    """The link the confirmation mail carries (its renderer issues it so)."""
    return link(services, day.mette, web.Purpose.CONFIRM_MAIL, days=7, address=address)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", Problem.EMPTY),
        ("   ", Problem.EMPTY),
        ("mette@odder.dk\r\nBcc: alle@odder.dk", Problem.LINES),
        ("mette@odder.dk\nBcc: alle@odder.dk", Problem.LINES),
        ("mette@odder.dk, bo@odder.dk", Problem.SHAPE),
        ("mette@odder.dk bo@odder.dk", Problem.SHAPE),
        ("Mette <mette@odder.dk>", Problem.SHAPE),
        ("mette.odder.dk", Problem.SHAPE),
        ("mette@odder", Problem.SHAPE),
        ("m" * 250 + "@odder.dk", Problem.TOO_LONG),
    ],
)
def test_it_refuses_what_is_not_one_address_and_stores_and_sends_nothing(
    services: Services, day: WebDay, typed: str, problem: Problem
) -> None:
    before = snapshot(services)

    assert mail_optin.give_address(services, METTE, typed) == Refused(problem, typed)
    assert snapshot(services) == before


@pytest.mark.parametrize("typed", ["mette@odder.dk", " Mette.Hansen+fu@aarhus.dk ", "lis@ærø.dk"])
def test_it_accepts_an_address_as_people_write_them(typed: str) -> None:
    assert mail_optin.address_problem(typed.strip()) is None


def test_it_keeps_the_address_unconfirmed_and_queues_one_confirmation_to_mette(
    services: Services, day: WebDay
) -> None:
    given = mail_optin.give_address(
        services, METTE, f"  {METTES_ADDRESS} ", day.mette.participant_id
    )

    assert given == MailStatus(MailState.WAITING, METTES_ADDRESS)
    assert reachable(services) is None  # nothing but the confirmation goes to it yet
    (row,) = confirmations(services)
    assert (row.team_id, row.channel, row.recipient_user_id) == (
        METTE.team_id,
        "web",
        METTE.user_id,
    )
    assert row.participant_id == day.mette.participant_id
    assert row.workshop_id == day.workshop_id
    with services.sessions() as session:
        address = web.mail_address(session, METTE)
    assert address is not None
    assert row.payload == {"mail_address_id": address.id}
    assert row.due_at == TWO_WEEKS_ON


def test_it_stores_nothing_and_says_mail_is_off_when_smtp_is_not_set(
    tmp_path: Path, clock: Clock
) -> None:
    for services in channel_free_services(f"sqlite:///{tmp_path}/off.sqlite3", clock):
        mette_joins(services, theme_day(services).workshop_id)
        before = snapshot(services)

        assert mail_optin.give_address(services, METTE, METTES_ADDRESS) == MailOff()
        assert snapshot(services) == before
        assert mail_optin.mail_status(services, METTE) == MailStatus(MailState.NONE)


def test_it_makes_the_address_reachable_once_mette_confirms_it_and_only_once(
    services: Services, day: WebDay, clock: Clock
) -> None:
    mail_optin.give_address(services, METTE, METTES_ADDRESS)
    raw = confirm_link_for(services, day)

    shown = mail_optin.confirm_link(services, raw)
    assert (shown.state, shown.address, shown.confirmed) == (web.State.VALID, METTES_ADDRESS, False)
    assert reachable(services) is None  # reading the link changed nothing

    clock.now += timedelta(minutes=5)
    confirmed = mail_optin.confirm(services, raw)
    assert confirmed.confirmed and confirmed.state is web.State.USED
    assert reachable(services) == METTES_ADDRESS
    # The three waves of the workshop (2 weeks, 3 and 6 months): the first has begun already.
    (coming,) = confirmed.coming
    assert coming.days == (date(2027, 1, 17), date(2027, 4, 17))

    before = snapshot(services)
    again = mail_optin.confirm(services, raw)
    assert again.confirmed and snapshot(services) == before


def test_it_confirms_nothing_when_the_link_has_expired(
    services: Services, day: WebDay, clock: Clock
) -> None:
    mail_optin.give_address(services, METTE, METTES_ADDRESS)
    raw = confirm_link_for(services, day)
    clock.now += timedelta(days=8)

    shown = mail_optin.confirm(services, raw)

    assert (shown.state, shown.confirmed) == (web.State.EXPIRED, False)
    assert shown.lang == "da" and shown.workshop_code == "KODE42"
    assert reachable(services) is None


def test_it_confirms_nothing_when_mette_has_given_another_address_since(
    services: Services, day: WebDay, clock: Clock
) -> None:
    mail_optin.give_address(services, METTE, METTES_ADDRESS)
    old_link = confirm_link_for(services, day)
    clock.now += timedelta(minutes=2)
    mail_optin.give_address(services, METTE, "mette.hansen@odder.dk")

    assert not mail_optin.confirm(services, old_link).confirmed
    assert reachable(services) is None
    assert len(confirmations(services)) == 2  # the new address has its own


def test_it_leaves_a_confirmed_address_as_it_is_when_given_again(
    services: Services, day: WebDay
) -> None:
    mail_optin.give_address(services, METTE, METTES_ADDRESS)
    mail_optin.confirm(services, confirm_link_for(services, day))
    before = snapshot(services)

    again = mail_optin.give_address(services, METTE, METTES_ADDRESS)

    assert again == MailStatus(MailState.CONFIRMED, METTES_ADDRESS)
    assert snapshot(services) == before


def test_it_sends_nothing_more_when_mette_stops_her_address(
    services: Services, day: WebDay
) -> None:
    mail_optin.give_address(services, METTE, METTES_ADDRESS)
    mail_optin.confirm(services, confirm_link_for(services, day))

    stopped = mail_optin.stop_address(services, METTE)

    assert stopped == MailStatus(MailState.STOPPED, METTES_ADDRESS)
    assert reachable(services) is None
    # Giving it again asks for a confirmation again before anything is sent.
    assert mail_optin.give_address(services, METTE, METTES_ADDRESS) == MailStatus(
        MailState.WAITING, METTES_ADDRESS
    )
    assert reachable(services) is None


def test_it_answers_an_unknown_link_without_naming_anyone(services: Services, day: WebDay) -> None:
    shown = mail_optin.confirm(services, "no-such-link")
    assert shown == mail_optin.ConfirmLink(web.State.UNKNOWN)
    with transaction(services.sessions) as session:
        assert web.mail_address(session, METTE) is None


def test_it_speaks_mettes_language_on_her_links(services: Services, tmp_path: Path) -> None:
    day = mette_joins(services, theme_day(services).workshop_id, locale="en-GB")
    shown = mail_optin.confirm_link(services, confirm_link_for(services, day))
    assert replace(shown, coming=()).lang == "en"


def test_it_promises_no_follow_up_from_a_workshop_where_mette_wrote_no_next_steps(
    services: Services, day: WebDay, clock: Clock
) -> None:
    with transaction(services.sessions) as session:
        participant = session.get(Participant, day.mette.participant_id)
        assert participant is not None
        people.replace_next_steps(session, participant, [], clock())
    mail_optin.give_address(services, METTE, METTES_ADDRESS)

    confirmed = mail_optin.confirm(services, confirm_link_for(services, day))

    assert confirmed.confirmed and confirmed.coming == ()
    assert mail_optin.standing(services, METTE) is mail_optin.Standing.NONE


def test_it_knows_mette_stopped_every_follow_up_so_her_address_cannot_bring_them_back(
    services: Services, day: WebDay
) -> None:
    assert mail_optin.standing(services, METTE) is mail_optin.Standing.ON

    stop_everything(services, METTE)

    assert mail_optin.standing(services, METTE) is mail_optin.Standing.STOPPED


def test_the_confirmation_names_no_workshop_when_the_page_it_was_given_on_is_not_known(
    services: Services, day: WebDay
) -> None:
    """Mette may be in two workshops: only the one whose page she gave it on may be named."""
    mail_optin.give_address(services, METTE, METTES_ADDRESS)

    (row,) = confirmations(services)
    assert row.workshop_id is None and row.participant_id is None
