"""Mette's e-mail address, her mail's one-click links, stopping and her own follow-up page,
through the real port: a GET never changes anything, a POST records once, CSRF and RFC 8058's
one-click unsubscribe, expired and unknown links, bad input (tests/bot/followups/web_story.py)."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.web import links
from flows.outbox import MessageKind
from storage.db import transaction
from storage.models import NextStepUpdate, OutboxMessage, Participant
from storage.repositories import web
from tests.bot.followups.story import TWO_WEEKS_ON, theme_day
from tests.bot.followups.web_story import (
    METTE,
    METTES_ADDRESS,
    METTES_STEP,
    WebDay,
    click_link,
    link,
    mette_joins,
    snapshot,
)
from tests.conftest import migrated_sqlite_copy
from tests.support.harness import Bot, Clock, RunningBot
from tests.support.slack_standin import SlackStandIn
from tests.web.http import Visitor

SMTP = {"smtp_url": "smtp://127.0.0.1:2525", "mail_from": "Temadag <temadag@example.org>"}
ACTIONS = (
    "done",
    "under_way",
    "not_started",
    "dropped",
    "need_help",
    "replan",
    "lights",
    "snooze",
    "stop",
)


def running(standin: SlackStandIn, tmp_path: Path, template: Path, **settings: Any) -> RunningBot:
    url = migrated_sqlite_copy(template, tmp_path / "web.sqlite3")
    return RunningBot(standin, url, Clock(TWO_WEEKS_ON), **settings)


@pytest.fixture
def site(standin: SlackStandIn, tmp_path: Path, _migrated_sqlite: Path) -> Iterator[Bot]:
    """The app with SMTP_URL set (nothing is sent: no worker runs here)."""
    with running(standin, tmp_path, _migrated_sqlite, **SMTP) as bot:
        yield bot


@pytest.fixture
def day(site: Bot) -> WebDay:
    return mette_joins(site.services, theme_day(site.services).workshop_id)


def path(template: str, raw: str) -> str:
    return links.fill(template, token=raw)


def page_text(body: str) -> str:
    return html.unescape(body)


def records(site: Bot) -> int:
    with site.services.sessions() as session:
        return session.scalar(select(func.count()).select_from(NextStepUpdate)) or 0


def test_it_changes_nothing_when_every_link_is_opened(site: Bot, day: WebDay) -> None:
    services = site.services
    personal = link(services, day.mette, web.Purpose.PERSONAL)
    opened = [
        path(links.PERSONAL_MAIL, personal),
        path(links.PERSONAL_FOLLOWUPS, personal),
        path(
            links.CONFIRM_MAIL,
            link(services, day.mette, web.Purpose.CONFIRM_MAIL, address=METTES_ADDRESS),
        ),
        path(links.UNSUBSCRIBE, link(services, day.mette, web.Purpose.UNSUBSCRIBE)),
        *(path(links.ANSWER, click_link(services, day.mette, action)) for action in ACTIONS),
    ]
    before = snapshot(services)

    for address in opened:
        # A mail scanner, twice, with no cookie; then a person's browser.
        for visitor in (Visitor(site.url), Visitor(site.url)):
            answer = visitor.get(address)
            assert answer.status == 200, (address, answer.body)

    assert snapshot(services) == before


def test_it_shows_the_step_and_what_the_click_will_note(site: Bot, day: WebDay) -> None:
    raw = click_link(site.services, day.mette, "under_way")

    shown = page_text(Visitor(site.url).get(path(links.ANSWER, raw)).body)

    assert METTES_STEP in shown
    assert "Den 17. oktober 2026 skrev du:" in shown
    assert "Når du trykker på knappen, noterer vi: I gang." in shown
    assert 'lang="da"' in shown


def test_it_records_a_click_once_when_the_button_is_pressed_twice(site: Bot, day: WebDay) -> None:
    raw = click_link(site.services, day.mette, "done")
    visitor = Visitor(site.url)
    token = visitor.csrf_token(path(links.ANSWER, raw))

    first = visitor.post(path(links.ANSWER, raw), {"csrf_token": token})
    thanks = visitor.get(path(links.ANSWER, raw))
    second = visitor.post(path(links.ANSWER, raw), {"csrf_token": token})

    assert first.status == 303 and first.header("Location").endswith(path(links.ANSWER, raw))
    assert "Tak – vi har noteret dit svar" in page_text(thanks.body)
    assert "Vi har noteret: Gennemført." in page_text(thanks.body)
    assert "Dit svar er allerede noteret" in page_text(second.body)
    assert records(site) == 1
    later = Visitor(site.url).get(path(links.ANSWER, raw))
    assert "Dit svar er allerede noteret" in page_text(later.body)


def test_it_opens_mettes_steps_from_a_link_she_has_used(site: Bot, day: WebDay) -> None:
    raw = click_link(site.services, day.mette, "not_started")
    visitor = Visitor(site.url)
    token = visitor.csrf_token(path(links.ANSWER, raw))
    visitor.post(path(links.ANSWER, raw), {"csrf_token": token})

    opened = visitor.post(path(links.ANSWER, raw), {"csrf_token": token, "open": "personal"})
    steps = visitor.get(opened.header("Location").removeprefix(site.url))

    assert opened.status == 303 and "/opfoelgning" in opened.header("Location")
    assert METTES_STEP in page_text(steps.body)
    assert "Status nu: Ikke startet" in page_text(steps.body)


def test_it_says_kindly_that_an_expired_link_noted_nothing(site: Bot, day: WebDay) -> None:
    raw = click_link(site.services, day.mette, "done", days=30)
    visitor = Visitor(site.url)
    token = visitor.csrf_token(path(links.ANSWER, raw))
    site.clock.advance(days=31)
    before = snapshot(site.services)

    shown = visitor.get(path(links.ANSWER, raw))
    posted = visitor.post(path(links.ANSWER, raw), {"csrf_token": token})

    assert (shown.status, posted.status) == (410, 410)
    assert "Linket er udløbet" in page_text(posted.body)
    assert "Brug dit personlige link" in page_text(posted.body)
    assert 'href="/k/KODE42"' in posted.body
    assert snapshot(site.services) == before


def test_it_answers_an_unknown_link_with_a_kind_404(site: Bot, day: WebDay) -> None:
    for template in (links.ANSWER, links.CONFIRM_MAIL, links.UNSUBSCRIBE, links.PERSONAL_MAIL):
        answer = Visitor(site.url).get(path(template, "no-such-link"))
        assert answer.status == 404
        assert "Linket virker ikke" in page_text(answer.body)


def test_it_refuses_every_form_without_its_csrf_token_and_changes_nothing(
    site: Bot, day: WebDay
) -> None:
    services = site.services
    personal = link(services, day.mette, web.Purpose.PERSONAL)
    forms = [
        (path(links.ANSWER, click_link(services, day.mette, "done")), {}),
        (
            path(
                links.CONFIRM_MAIL,
                link(services, day.mette, web.Purpose.CONFIRM_MAIL, address=METTES_ADDRESS),
            ),
            {},
        ),
        (path(links.PERSONAL_MAIL, personal), {"address": METTES_ADDRESS}),
        (
            path(links.PERSONAL_FOLLOWUPS, personal),
            {"action": "status", "step_id": str(day.mette.step_id), "status": "done"},
        ),
        (path(links.UNSUBSCRIBE, link(services, day.mette, web.Purpose.UNSUBSCRIBE)), {}),
    ]
    before = snapshot(services)

    for address, form in forms:
        visitor = Visitor(site.url)
        visitor.get(address)
        assert visitor.post(address, form).status == 400, address

    assert snapshot(services) == before


def stopped(site: Bot, day: WebDay) -> bool:
    with site.services.sessions() as session:
        participant = session.get(Participant, day.mette.participant_id)
        return participant is not None and participant.reminders_stopped_at is not None


def test_it_stops_everything_on_a_mail_clients_one_click_post_without_csrf(
    site: Bot, day: WebDay
) -> None:
    raw = link(site.services, day.mette, web.Purpose.UNSUBSCRIBE)
    body = b"List-Unsubscribe=One-Click"

    answer = Visitor(site.url).request("POST", path(links.UNSUBSCRIBE, raw), body)

    assert answer.status == 200
    assert "Al opfølgning er stoppet" in page_text(answer.body)
    assert stopped(site, day)


def test_it_stops_nothing_on_a_one_click_post_without_a_valid_token(site: Bot, day: WebDay) -> None:
    other_purpose = click_link(site.services, day.mette, "stop")
    unsubscribe = link(site.services, day.mette, web.Purpose.UNSUBSCRIBE)
    before = snapshot(site.services)

    for raw in ("no-such-link", other_purpose):
        answer = Visitor(site.url).request(
            "POST", path(links.UNSUBSCRIBE, raw), b"List-Unsubscribe=One-Click"
        )
        assert answer.status == 404
    refused = Visitor(site.url).request(
        "POST",
        path(links.UNSUBSCRIBE, unsubscribe),
        b"List-Unsubscribe=Something-Else",
    )

    assert refused.status == 400
    assert snapshot(site.services) == before


def test_it_stops_from_the_unsubscribe_page_and_its_address_too(site: Bot, day: WebDay) -> None:
    with site.services.sessions.begin() as session:
        web.set_address(session, METTE, METTES_ADDRESS, TWO_WEEKS_ON)
        web.confirm_address(session, METTE, METTES_ADDRESS, TWO_WEEKS_ON)
    raw = link(site.services, day.mette, web.Purpose.UNSUBSCRIBE)
    visitor = Visitor(site.url)
    token = visitor.csrf_token(path(links.UNSUBSCRIBE, raw))

    posted = visitor.post(path(links.UNSUBSCRIBE, raw), {"csrf_token": token})
    shown = visitor.get(path(links.UNSUBSCRIBE, raw))

    assert posted.status == 303
    assert "Al opfølgning er stoppet" in page_text(shown.body)
    assert stopped(site, day)
    with site.services.sessions() as session:
        assert web.reachable_address(session, METTE) is None


def test_the_stop_button_on_her_steps_page_asks_first_and_says_it_stops_every_workshop(
    site: Bot, day: WebDay
) -> None:
    address = path(links.PERSONAL_FOLLOWUPS, link(site.services, day.mette, web.Purpose.PERSONAL))
    visitor = Visitor(site.url)
    token = visitor.csrf_token(address)

    asked = visitor.post(address, {"csrf_token": token, "action": "stop"})

    assert asked.status == 200
    assert "også fra andre temadage, du er med i" in page_text(asked.body)
    assert 'value="stop_confirmed"' in asked.body
    assert not stopped(site, day)

    confirmed = visitor.post(address, {"csrf_token": token, "action": "stop_confirmed"})

    assert confirmed.status == 303
    assert stopped(site, day)


def confirmations(site: Bot) -> list[OutboxMessage]:
    with site.services.sessions() as session:
        return list(
            session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == MessageKind.MAIL_CONFIRM)
            )
        )


def test_it_refuses_a_header_injection_and_keeps_what_mette_typed(site: Bot, day: WebDay) -> None:
    address = path(links.PERSONAL_MAIL, link(site.services, day.mette, web.Purpose.PERSONAL))
    visitor = Visitor(site.url)
    token = visitor.csrf_token(address)
    typed = "mette@odder.dk\r\nBcc: <alle@odder.dk>"

    refused = visitor.post(address, {"csrf_token": token, "address": typed})

    assert refused.status == 422
    shown = page_text(refused.body)
    assert "Adressen må ikke have linjeskift" in shown
    assert 'href="#address"' in refused.body and 'aria-invalid="true"' in refused.body
    assert "Bcc: &lt;alle@odder.dk&gt;" in refused.body  # refilled, harmlessly
    assert confirmations(site) == []


def test_it_keeps_the_address_and_says_check_your_inbox(site: Bot, day: WebDay) -> None:
    address = path(links.PERSONAL_MAIL, link(site.services, day.mette, web.Purpose.PERSONAL))
    visitor = Visitor(site.url)
    token = visitor.csrf_token(address)

    given = visitor.post(address, {"csrf_token": token, "address": METTES_ADDRESS})
    shown = page_text(visitor.get(address).body)

    assert given.status == 303
    assert f"Tjek din indbakke: vi sender et link til {METTES_ADDRESS}" in shown
    assert f"Vi venter på, at du bekræfter {METTES_ADDRESS}." in shown
    (row,) = confirmations(site)
    assert (row.channel, row.recipient_user_id) == ("web", METTE.user_id)

    stopped_now = visitor.post(address, {"csrf_token": token, "stop": "1"})
    assert stopped_now.status == 303
    assert f"Du har stoppet mails til {METTES_ADDRESS}" in page_text(visitor.get(address).body)


def test_it_confirms_by_the_button_and_says_what_comes_and_when(site: Bot, day: WebDay) -> None:
    with site.services.sessions.begin() as session:
        web.set_address(session, METTE, METTES_ADDRESS, TWO_WEEKS_ON)
    raw = link(site.services, day.mette, web.Purpose.CONFIRM_MAIL, address=METTES_ADDRESS)
    visitor = Visitor(site.url)
    token = visitor.csrf_token(path(links.CONFIRM_MAIL, raw))

    posted = visitor.post(path(links.CONFIRM_MAIL, raw), {"csrf_token": token})
    shown = page_text(visitor.get(path(links.CONFIRM_MAIL, raw)).body)

    assert posted.status == 303
    assert "Din e-mailadresse er bekræftet" in shown
    assert "17. januar 2027" in shown and "17. april 2027" in shown
    with site.services.sessions() as session:
        assert web.reachable_address(session, METTE) == METTES_ADDRESS


def test_it_says_in_her_own_language_that_a_confirmation_link_expired(
    site: Bot, tmp_path: Path
) -> None:
    english = mette_joins(site.services, theme_day(site.services).workshop_id, locale="en-GB")
    raw = link(site.services, english.mette, web.Purpose.CONFIRM_MAIL, days=7, address="m@o.dk")
    site.clock.advance(days=8)

    shown = Visitor(site.url).get(path(links.CONFIRM_MAIL, raw))

    assert shown.status == 410
    assert 'lang="en"' in shown.body
    assert "This link has expired" in page_text(shown.body)
    assert "You can ask for a new link from your personal page" in page_text(shown.body)


def test_it_records_a_status_from_mettes_own_page_and_asks_when_none_is_chosen(
    site: Bot, day: WebDay
) -> None:
    address = path(links.PERSONAL_FOLLOWUPS, link(site.services, day.mette, web.Purpose.PERSONAL))
    visitor = Visitor(site.url)
    token = visitor.csrf_token(address)
    step = str(day.mette.step_id)

    missing = visitor.post(address, {"csrf_token": token, "action": "status", "step_id": step})
    saved = visitor.post(
        address, {"csrf_token": token, "action": "status", "step_id": step, "status": "under_way"}
    )

    assert missing.status == 422 and "Vælg en mulighed." in page_text(missing.body)
    assert saved.status == 303
    assert "Tak – vi har noteret: I gang." in page_text(visitor.get(address).body)
    assert records(site) == 1


def test_it_sends_the_help_request_with_what_mette_wrote(site: Bot, day: WebDay) -> None:
    raw = click_link(site.services, day.mette, "need_help")
    visitor = Visitor(site.url)
    token = visitor.csrf_token(path(links.ANSWER, raw))

    visitor.post(
        path(links.ANSWER, raw),
        {"csrf_token": token, "obstacle": "<b>Ingen tid</b>", "share": "obstacle"},
    )

    with site.services.sessions() as session:
        (row,) = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "help"))
    assert row.channel == "slack"


def test_the_help_page_says_an_answer_comes_by_mail_only_to_a_confirmed_address(
    site: Bot, day: WebDay
) -> None:
    help_page = path(links.ANSWER, click_link(site.services, day.mette, "need_help"))
    without = page_text(Visitor(site.url).get(help_page).body)
    with transaction(site.services.sessions) as session:
        web.set_address(session, METTE, METTES_ADDRESS, TWO_WEEKS_ON)
        web.confirm_address(session, METTE, METTES_ADDRESS, TWO_WEEKS_ON)

    confirmed = page_text(Visitor(site.url).get(help_page).body)

    assert "for du har ingen bekræftet e-mailadresse hos os" in without
    assert "Svarer de, får du svaret på e-mail" not in without
    assert "Svarer de, får du svaret på e-mail til den adresse, du har bekræftet." in confirmed
    assert "ingen bekræftet e-mailadresse" not in confirmed


def test_the_help_page_says_no_answer_can_come_when_mail_is_off(
    standin: SlackStandIn, tmp_path: Path, _migrated_sqlite: Path
) -> None:
    with running(standin, tmp_path, _migrated_sqlite) as bot:
        day = mette_joins(bot.services, theme_day(bot.services).workshop_id)
        help_page = path(links.ANSWER, click_link(bot.services, day.mette, "need_help"))

        shown = page_text(Visitor(bot.url).get(help_page).body)

        assert "E-mail er ikke slået til her, så de kan ikke svare dig gennem Temadag." in shown


def test_it_keeps_a_new_plan_without_text_unsaved_and_the_link_unspent(
    site: Bot, day: WebDay
) -> None:
    raw = click_link(site.services, day.mette, "replan")
    visitor = Visitor(site.url)
    token = visitor.csrf_token(path(links.ANSWER, raw))

    refused = visitor.post(
        path(links.ANSWER, raw), {"csrf_token": token, "text": "", "target_date": "1. marts"}
    )

    assert refused.status == 422
    assert "Datoen kan ikke læses" in page_text(refused.body)
    assert 'href="#target_date"' in refused.body
    assert clicks_unspent(site, raw)


def clicks_unspent(site: Bot, raw: str) -> bool:
    with site.services.sessions() as session:
        return web.look_up(session, raw, site.clock()).state is web.State.VALID


def test_it_says_mail_is_not_switched_on_and_stores_nothing_without_smtp(
    standin: SlackStandIn, tmp_path: Path, _migrated_sqlite: Path
) -> None:
    with running(standin, tmp_path, _migrated_sqlite) as bot:
        day = mette_joins(bot.services, theme_day(bot.services).workshop_id)
        address = path(links.PERSONAL_MAIL, link(bot.services, day.mette, web.Purpose.PERSONAL))
        visitor = Visitor(bot.url)
        token = visitor.csrf_token(address)
        before = snapshot(bot.services)

        posted = visitor.post(address, {"csrf_token": token, "address": METTES_ADDRESS})
        shown = page_text(visitor.get(address).body)

        assert posted.status == 303
        assert "Opfølgning på e-mail er ikke slået til her" in shown
        assert 'name="address"' not in shown
        assert snapshot(bot.services) == before
