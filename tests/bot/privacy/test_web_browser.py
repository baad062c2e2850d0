"""Privacy's pages in a real headless Chromium on a 320 px phone: the privacy notice, the data
page and the deletion's confirmation have no WCAG 2.1 A/AA violation (axe-core), and a person
deletes their data with JavaScript off and the keyboard's Enter alone."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.keys import Keys

from tests.bot.privacy.web_people import ADDRESS, CODE, web_participant, workshop
from tests.support.browser import PHONE, Browser, report
from tests.support.harness import Bot

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("page", "heading"),
    [
        ("notice", "Sådan behandles dine oplysninger"),
        ("data", "Dine data"),
        ("slet", "Slet dine data"),
    ],
)
def test_it_has_no_wcag_violations_on_a_phone_when_a_privacy_page_is_shown(
    browser: Browser, bot: Bot, page: str, heading: str
) -> None:
    workshop(bot.services)
    pernille = web_participant(bot.services, text="Vi fik <script>en styregruppe</script>")
    path = f"/k/{CODE}/privatliv" if page == "notice" else f"/mig/{pernille.token}/{page}"

    browser.open(f"{bot.url}{path}", PHONE)

    assert browser.find("h1").text == heading
    assert browser.driver.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth"
    )
    violations = browser.axe()
    assert violations == [], report(violations)
    ours = urlsplit(bot.url).netloc
    web = [url for url in browser.requests_made() if urlsplit(url).scheme in ("http", "https")]
    assert [url for url in web if urlsplit(url).netloc != ours] == []


def test_it_deletes_everything_with_javascript_off_and_the_keyboard_alone(
    browser_without_javascript: Browser, bot: Bot
) -> None:
    browser = browser_without_javascript
    workshop(bot.services)
    pernille = web_participant(bot.services)
    browser.open(f"{bot.url}/mig/{pernille.token}/data", PHONE)
    assert ADDRESS in browser.text()

    browser.find("#delete").send_keys(Keys.ENTER)
    browser.wait_for("h1", "Slet dine data")
    browser.find("#confirm-delete").send_keys(Keys.ENTER)
    done = browser.wait_for("h1", "Dine data er slettet")

    assert done.is_displayed()
    assert "din e-mailadresse" in browser.text()
    browser.open(f"{bot.url}/mig/{pernille.token}/data")
    assert browser.find("h1").text == "Linket virker ikke"
