"""Every kernel page in a real headless Chromium: axe-core's WCAG 2.1 A and AA, a 320 px phone,
200 % zoom, JavaScript off, the keyboard alone, and no request to another host."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.browser import DESKTOP, PHONE, Browser, report
from tests.support.harness import Bot
from tests.web.testpages import TRIES_PER_MINUTE, Probe

# 200 % zoom of a 1280 px wide window lays the page out in 640 CSS pixels.
ZOOMED = (640, 450)


def open_statement(browser: Browser, site: Bot) -> None:
    browser.open(f"{site.url}/tilgaengelighed")


def open_missing(browser: Browser, site: Bot) -> None:
    browser.open(f"{site.url}/findes-ikke")


def open_closed(browser: Browser, site: Bot) -> None:
    browser.open(f"{site.url}/proeve/lukket")


def open_broken(browser: Browser, site: Bot) -> None:
    browser.open(f"{site.url}/proeve/fejl")


def open_refused_form(browser: Browser, site: Bot) -> None:
    browser.open(f"{site.url}/proeve/formular")
    browser.find("#without-token").click()
    browser.wait_for("main", "400")


def open_too_many(browser: Browser, site: Bot) -> None:
    site.clock.advance(seconds=61)
    for _ in range(TRIES_PER_MINUTE + 1):
        browser.open(f"{site.url}/proeve/kode")


KERNEL_PAGES: dict[str, tuple[Callable[[Browser, Bot], None], str]] = {
    "accessibility statement": (open_statement, "Tilgængelighedserklæring"),
    "400 refused form": (open_refused_form, "Siden kunne ikke gemme det"),
    "404 not found": (open_missing, "Siden findes ikke"),
    "410 closed": (open_closed, "Temadagen er lukket"),
    "429 too many tries": (open_too_many, "For mange forsøg"),
    "500 failure": (open_broken, "Noget gik galt hos os"),
}


def choose_english(browser: Browser) -> None:
    browser.find(".language-form button[value='en']").click()
    WebDriverWait(browser.driver, 10, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda driver: driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    )


def no_sideways_scroll(browser: Browser) -> bool:
    return bool(
        browser.driver.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth"
        )
    )


@pytest.mark.parametrize("page", list(KERNEL_PAGES))
@pytest.mark.parametrize("size", [DESKTOP, PHONE, ZOOMED], ids=["desktop", "phone", "zoom200"])
def test_it_has_no_wcag_violations_when_a_kernel_page_is_shown(
    browser: Browser, site: Bot, page: str, size: tuple[int, int]
) -> None:
    show, heading = KERNEL_PAGES[page]
    browser.resize(size)
    show(browser, site)

    assert browser.find("h1").text == heading
    assert browser.find("html").get_attribute("lang") == "da"
    violations = browser.axe()
    assert violations == [], report(violations)
    assert no_sideways_scroll(browser), f"{page} scrolls sideways at {size}"


@pytest.mark.parametrize("page", list(KERNEL_PAGES))
def test_it_has_no_wcag_violations_in_english_when_a_kernel_page_is_shown(
    browser: Browser, site: Bot, page: str
) -> None:
    browser.open(f"{site.url}/tilgaengelighed", DESKTOP)
    choose_english(browser)
    show, _ = KERNEL_PAGES[page]
    show(browser, site)

    assert browser.find("html").get_attribute("lang") == "en"
    violations = browser.axe()
    assert violations == [], report(violations)


def test_it_works_without_javascript_when_choosing_a_language_and_sending_a_form(
    browser_without_javascript: Browser, site: Bot, probe: Probe
) -> None:
    browser = browser_without_javascript
    browser.open(f"{site.url}/proeve/formular", PHONE)
    browser.find("#answer").send_keys("Tal med lederen")
    browser.find("#with-token").click()
    browser.wait_for("#saved", "Gemt 1 gange")
    assert probe.saved == ["Tal med lederen"]

    browser.find("#without-token").click()
    browser.wait_for("h1", "Siden kunne ikke gemme det")
    assert probe.saved == ["Tal med lederen"]

    browser.open(f"{site.url}/proeve/formular", PHONE)
    choose_english(browser)
    browser.wait_for("h1", "Prøveformular")
    assert browser.find("html").get_attribute("lang") == "en"
    assert browser.driver.current_url == f"{site.url}/proeve/formular"
    browser.open(f"{site.url}/tilgaengelighed", PHONE)
    assert browser.find("h1").text == "Accessibility statement"
    browser.open(f"{site.url}/proeve/fejl", PHONE)
    assert browser.find("h1").text == "Something went wrong on our side"


def test_it_can_be_used_with_the_keyboard_alone_when_the_skip_link_is_the_first_stop(
    browser: Browser, site: Bot
) -> None:
    browser.open(f"{site.url}/tilgaengelighed", PHONE)
    body = browser.find("body")

    body.send_keys(Keys.TAB)
    skip = browser.focused()
    assert skip.get_attribute("class") == "skip-link"
    assert skip.text == "Gå til indhold"
    assert skip.is_displayed()
    assert skip.value_of_css_property("outline-style") == "solid"

    skip.send_keys(Keys.ENTER)
    assert browser.focused().get_attribute("id") == "main"
    # From the main content the next stop is past the header: here, the complaint page's link.
    browser.focused().send_keys(Keys.TAB)
    assert browser.focused() == browser.find("main a")

    browser.open(f"{site.url}/tilgaengelighed", PHONE)
    browser.find("body").send_keys(Keys.TAB)
    browser.focused().send_keys(Keys.TAB)
    language = browser.focused()
    assert language.get_attribute("value") == "en", language.get_attribute("outerHTML")
    assert language.value_of_css_property("outline-style") == "solid"
    language.send_keys(Keys.ENTER)
    browser.wait_for("h1", "Accessibility statement")
    assert browser.find("html").get_attribute("lang") == "en"
    assert browser.find("h1").text == "Accessibility statement"


def test_it_asks_no_other_host_for_anything_when_every_kernel_page_is_shown(
    browser: Browser, site: Bot
) -> None:
    browser.requests_made()
    for show, _ in KERNEL_PAGES.values():
        show(browser, site)
    choose_english(browser)

    requested = browser.requests_made()
    ours = urlsplit(site.url).netloc
    assert any(url.endswith("/static/temadag.css") for url in requested)
    assert [url for url in requested if urlsplit(url).netloc != ours] == []
