"""Mette's confirmation and answer pages in a real headless Chromium on a 320 px phone: axe-core
finds no WCAG 2.1 A or AA violation, and with JavaScript off the buttons still do their work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.web import links
from storage.models import NextStep, StepDropReason
from storage.repositories import web
from tests.bot.followups.story import TWO_WEEKS_ON, theme_day
from tests.bot.followups.web_story import (
    METTE,
    METTES_ADDRESS,
    WebDay,
    click_link,
    link,
    mette_joins,
)
from tests.conftest import migrated_sqlite_copy
from tests.support.browser import PHONE, Browser, report
from tests.support.harness import Bot, Clock, RunningBot
from tests.support.slack_standin import SlackStandIn

pytestmark = pytest.mark.slow
SMTP: dict[str, Any] = {
    "smtp_url": "smtp://127.0.0.1:2525",
    "mail_from": "Temadag <temadag@example.org>",
}


@pytest.fixture
def site(standin: SlackStandIn, tmp_path: Path, _migrated_sqlite: Path) -> Iterator[Bot]:
    url = migrated_sqlite_copy(_migrated_sqlite, tmp_path / "web.sqlite3")
    with RunningBot(standin, url, Clock(TWO_WEEKS_ON), **SMTP) as running:
        yield running


@pytest.fixture
def day(site: Bot) -> WebDay:
    found = mette_joins(site.services, theme_day(site.services).workshop_id)
    with site.services.sessions.begin() as session:
        web.set_address(session, METTE, METTES_ADDRESS, TWO_WEEKS_ON)
    return found


def no_violations(browser: Browser) -> None:
    violations = browser.axe()
    assert violations == [], report(violations)


def url(site: Bot, template: str, raw: str) -> str:
    return site.url + links.fill(template, token=raw)


def test_it_has_no_wcag_violations_on_the_confirm_page_and_after_it_on_a_phone(
    browser: Browser, site: Bot, day: WebDay
) -> None:
    raw = link(site.services, day.mette, web.Purpose.CONFIRM_MAIL, address=METTES_ADDRESS)
    browser.open(url(site, links.CONFIRM_MAIL, raw), PHONE)
    assert browser.find("h1").text == "Bekræft din e-mailadresse"
    no_violations(browser)

    browser.find("#confirm").click()
    browser.wait_for("h1", "Din e-mailadresse er bekræftet")
    no_violations(browser)


@pytest.mark.parametrize("action", ["dropped", "need_help", "replan", "lights", "stop"])
def test_it_has_no_wcag_violations_on_an_answer_page_on_a_phone(
    browser: Browser, site: Bot, day: WebDay, action: str
) -> None:
    browser.open(url(site, links.ANSWER, click_link(site.services, day.mette, action)), PHONE)
    assert browser.find("h1").text == "Dit svar på opfølgningen"
    no_violations(browser)


def test_it_has_no_wcag_violations_when_the_lights_come_back_with_an_error(
    browser: Browser, site: Bot, day: WebDay
) -> None:
    browser.open(url(site, links.ANSWER, click_link(site.services, day.mette, "lights")), PHONE)
    browser.find("#record").click()
    browser.wait_for(".error-summary", "Vælg grøn, gul eller rød")
    no_violations(browser)

    browser.find("#light-networks-green").click()
    browser.find("#record").click()
    browser.wait_for("h1", "Tak – vi har noteret dit svar")
    no_violations(browser)


def test_it_records_a_click_and_its_reason_with_javascript_off(
    browser_without_javascript: Browser, site: Bot, day: WebDay
) -> None:
    browser = browser_without_javascript
    raw = click_link(site.services, day.mette, "dropped")
    browser.open(url(site, links.ANSWER, raw), PHONE)

    browser.find("#record").click()
    browser.wait_for("h1", "Tak – vi har noteret dit svar")
    browser.find("#reason-no_time").click()
    browser.find("form button[type=submit]:not([name])").click()
    browser.wait_for("h1", "Tak – vi har noteret dit svar")

    with site.services.sessions() as session:
        step = session.get(NextStep, day.mette.step_id)
        assert step is not None and step.status == "dropped"
        assert session.scalar(select(StepDropReason.reason)) == "no_time"
    browser.open(url(site, links.ANSWER, raw), PHONE)
    assert browser.find("h1").text == "Dit svar er allerede noteret"
    assert "Vi har noteret: Droppet." in browser.text()
