"""A participant on their own phone, in a real headless Chromium: follows the link, completes
the default template's reflection, leaves, comes back, edits an answer from the review; the
same with JavaScript off and with the keyboard alone; axe-core's WCAG 2.1 A and AA on every
page of the reflection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from bot.reflection.web_inputs import field_id
from storage.db import transaction
from storage.models import Participant, UserProfile
from tests.bot.usecases import code_of, make_workshop
from tests.support.browser import Browser, report
from tests.support.harness import Bot
from tests.support.people import FACTOR_IDS, STEP_ANSWERS

pytestmark = pytest.mark.slow

PHONE = (360, 740)
# TAB reaches only the first option of a radio group (arrows move within it): the keyboard
# journey chooses first options, ticks with SPACE and types into the rest. The web does not ask
# to be named (a web participant has no name), so there is no box to tick on the first step.
KEYBOARD_ANSWERS: list[dict[str, Any]] = [
    {"municipality": "Aarhus", "role": "leader"},
    *STEP_ANSWERS[1:4],
    {f"lights.{factor}": "green" for factor in FACTOR_IDS},
    STEP_ANSWERS[5],
]
EDITED = "Skolerne er svære at nå før sommerferien"


def attr(element: WebElement, name: str) -> str:
    return element.get_attribute(name) or ""


def new_workshop(site: Bot) -> str:
    return code_of(site.services, make_workshop(site.services))


def axe_clean(browser: Browser, page: str) -> None:
    violations = browser.axe()
    assert violations == [], f"{page}: {report(violations)}"


def wait_for_page(browser: Browser, old: WebElement) -> None:
    """After a click: the next page has replaced this one."""
    WebDriverWait(browser.driver, 10).until(lambda _: _stale(old))
    WebDriverWait(browser.driver, 10).until(
        lambda driver: driver.execute_script("return document.readyState") == "complete"
    )


def _stale(element: WebElement) -> bool:
    try:
        element.is_enabled()
    except Exception:
        return True
    return False


def press(browser: Browser, element: WebElement) -> None:
    html = browser.find("html")
    element.click()
    wait_for_page(browser, html)


def progress(browser: Browser) -> str:
    return browser.find(".progress").text


# -- answering with a pointer ----------------------------------------------------------------


def fill_by_pointer(browser: Browser, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if value is False:
            continue
        if value is True:
            browser.find(f"#{field_id(key)}").click()
            continue
        radios = browser.find_all(f'input[type="radio"][name="{key}"][value="{value}"]')
        if radios:
            browser.find(f'label[for="{attr(radios[0], "id")}"]').click()
            continue
        element = browser.find(f"#{field_id(key)}")
        if element.tag_name == "select":
            Select(element).select_by_visible_text(str(value))
        elif attr(element, "type") == "date":
            type_date(element, str(value))
        else:
            element.clear()
            element.send_keys(str(value))


def type_date(element: WebElement, iso: str) -> None:
    """A date field takes the digits in the order of the browser's locale (Danish: day,
    month, year; headless Chromium may use another): typed in each order until it reads so."""
    year, month, day = iso.split("-")
    for digits in (day + month + year, month + day + year, year + month + day):
        element.send_keys(digits)
        if attr(element, "value") == iso:
            return
        element.send_keys(Keys.BACKSPACE, Keys.SHIFT + Keys.TAB, Keys.BACKSPACE)
        element.send_keys(Keys.SHIFT + Keys.TAB, Keys.BACKSPACE)
    raise AssertionError(f"the date field never read {iso}: {attr(element, 'value')}")


def submit_step(browser: Browser) -> None:
    press(browser, browser.find("#submit-step"))
    if browser.find_all(".plan-hints"):
        # Saved as written, with hints to read: sent again unchanged, it goes on.
        press(browser, browser.find("#submit-step"))


# -- answering with the keyboard alone -------------------------------------------------------


def tab_to(browser: Browser, element: WebElement, limit: int = 150) -> None:
    for _ in range(limit):
        if browser.focused() == element:
            return
        browser.focused().send_keys(Keys.TAB)
    raise AssertionError(f"TAB never reached {attr(element, 'outerHTML')[:120]}")


def enter(browser: Browser, element: WebElement) -> None:
    tab_to(browser, element)
    html = browser.find("html")
    browser.focused().send_keys(Keys.ENTER)
    wait_for_page(browser, html)


def fill_by_keyboard(browser: Browser, values: dict[str, Any]) -> None:
    browser.find("body").send_keys(Keys.TAB)  # from the top of the page
    for key, value in values.items():
        if value is False:
            continue
        radios = browser.find_all(f'input[type="radio"][name="{key}"]')
        if radios:
            assert attr(radios[0], "value") == value, "only first options by TAB"
            tab_to(browser, radios[0])
            browser.focused().send_keys(Keys.SPACE)
            assert radios[0].is_selected()
            continue
        element = browser.find(f"#{field_id(key)}")
        tab_to(browser, element)
        if value is True:
            browser.focused().send_keys(Keys.SPACE)
            assert element.is_selected()
        elif attr(element, "type") == "date":
            type_date(browser.focused(), str(value))
        else:
            # Typed over what the field held (an edit).
            browser.focused().send_keys(Keys.CONTROL, "a")
            browser.focused().send_keys(str(value))


def submit_by_keyboard(browser: Browser) -> None:
    enter(browser, browser.find("#submit-step"))
    if browser.find_all(".plan-hints"):
        browser.find("body").send_keys(Keys.TAB)
        enter(browser, browser.find("#submit-step"))


# -- the journey -----------------------------------------------------------------------------


def journey(
    browser: Browser,
    site: Bot,
    *,
    answers: list[dict[str, Any]],
    fill: Callable[[Browser, dict[str, Any]], None],
    send: Callable[[Browser], None],
    follow: Callable[[Browser, WebElement], None],
    check: Callable[[Browser, str], None] = lambda browser, page: None,
) -> str:
    """Join by code from `/`, answer every step (leaving after the third and coming back),
    then edit the third step from the review; the code of the workshop."""
    code = new_workshop(site)
    browser.open(f"{site.url}/", PHONE)
    check(browser, "join by code")
    typed = f"{code[:3].lower()} {code[3:]}"
    if follow is enter:
        browser.find("body").send_keys(Keys.TAB)
        tab_to(browser, browser.find("#code"))
        browser.focused().send_keys(typed)
    else:
        browser.find("#code").send_keys(typed)
    follow(browser, browser.find("main button[type='submit']"))
    assert browser.find("h1").text == "Fra politik til praksis"
    check(browser, "welcome")
    if follow is enter:
        browser.find("body").send_keys(Keys.TAB)
    follow(browser, browser.find(f"form[action='/k/{code}/deltag'] button"))

    for index, values in enumerate(answers):
        assert progress(browser).startswith(f"Trin {index + 1} af 6"), progress(browser)
        check(browser, f"step {index + 1}")
        fill(browser, values)
        send(browser)
        if index == 2:
            # Leaves for another page, and comes back by the workshop's address.
            browser.open(f"{site.url}/tilgaengelighed")
            browser.open(f"{site.url}/k/{code}")
    assert browser.find("h1").text == "Tak for din refleksion"
    assert "/mig/" in attr(browser.find(".personal-link a"), "href")
    check(browser, "done")

    browser.open(f"{site.url}/k/{code}")
    assert browser.find("h1").text == "Din refleksion"
    check(browser, "review")
    if follow is enter:
        browser.find("body").send_keys(Keys.TAB)
    follow(browser, browser.find(f"a[href='/k/{code}/ret/2']"))
    field = browser.find(f"#{field_id('hard')}")
    assert field.get_attribute("value") == answers[2]["hard"]
    fill(browser, {"hard": EDITED})
    send(browser)
    assert browser.find("h1").text == "Din refleksion"
    assert EDITED in browser.find("main").text
    return code


def pointer_follow(browser: Browser, element: WebElement) -> None:
    press(browser, element)


def stored_profile(site: Bot, code: str) -> UserProfile:
    with transaction(site.services.sessions) as session:
        from storage.models import Workshop

        workshop = session.query(Workshop).filter_by(code=code).one()
        participant = session.query(Participant).filter_by(workshop_id=workshop.id).one()
        profile = session.query(UserProfile).filter_by(user_id=participant.user_id).one()
        session.expunge(profile)
        return profile


def test_a_phone_completes_leaves_resumes_and_edits_a_reflection_with_no_wcag_violations(
    browser: Browser, site: Bot
) -> None:
    browser.requests_made()
    code = journey(
        browser,
        site,
        answers=STEP_ANSWERS,
        fill=fill_by_pointer,
        send=submit_step,
        follow=pointer_follow,
        check=axe_clean,
    )

    # The browser's time zone came with Start (a 'self' script fills the hidden field).
    assert stored_profile(site, code).tz is not None
    requested = browser.requests_made()
    assert any(url.endswith("/reflection/static/timezone.js") for url in requested)
    ours = urlsplit(site.url).netloc
    web = [url for url in requested if url.startswith(("http:", "https:"))]
    assert [url for url in web if urlsplit(url).netloc != ours] == []


def test_a_step_with_errors_links_each_error_to_its_field_with_no_wcag_violations(
    browser: Browser, site: Bot
) -> None:
    code = new_workshop(site)
    browser.open(f"{site.url}/", PHONE)
    press(browser, browser.find("main button[type='submit']"))
    assert attr(browser.find(".error-summary a"), "href").endswith("#code")
    axe_clean(browser, "join with an error")
    browser.open(f"{site.url}/k/{code}")
    press(browser, browser.find(f"form[action='/k/{code}/deltag'] button"))
    fill_by_pointer(browser, STEP_ANSWERS[0])
    submit_step(browser)

    browser.find(f"#{field_id('succeeded')}").send_keys("x")
    browser.driver.execute_script(
        "arguments[0].removeAttribute('maxlength'); arguments[0].value = 'x'.repeat(3001);",
        browser.find(f"#{field_id('succeeded')}"),
    )
    submit_step(browser)

    link = browser.find(".error-summary a")
    assert attr(link, "href").endswith(f"#{field_id('succeeded')}")
    assert len(attr(browser.find(f"#{field_id('succeeded')}"), "value")) == 3001
    axe_clean(browser, "step with an error")
    link.click()
    assert browser.focused() == browser.find(f"#{field_id('succeeded')}")


def test_the_personal_page_and_a_dead_link_have_no_wcag_violations(
    browser: Browser, site: Bot
) -> None:
    code = new_workshop(site)
    browser.open(f"{site.url}/k/{code}", PHONE)
    press(browser, browser.find(f"form[action='/k/{code}/deltag'] button"))
    for values in STEP_ANSWERS:
        fill_by_pointer(browser, values)
        submit_step(browser)
    link = attr(browser.find(".personal-link a"), "href")

    browser.fresh()  # another device
    browser.open(link)
    assert browser.find("h1").text == "Din side"
    axe_clean(browser, "personal page")
    press(browser, browser.find(f"main a[href='/k/{code}']"))
    assert browser.find("h1").text == "Din refleksion"

    browser.open(f"{site.url}/mig/ikke-et-link")
    assert browser.find("h1").text == "Linket virker ikke"
    axe_clean(browser, "dead personal link")


def test_it_works_with_javascript_off_from_the_code_to_an_edited_answer(
    browser_without_javascript: Browser, site: Bot
) -> None:
    code = journey(
        browser_without_javascript,
        site,
        answers=STEP_ANSWERS,
        fill=fill_by_pointer,
        send=submit_step,
        follow=pointer_follow,
    )

    # No script ran: the time zone stays the operator's default.
    assert stored_profile(site, code).tz is None


def test_it_works_with_the_keyboard_alone_from_the_code_to_an_edited_answer(
    browser: Browser, site: Bot
) -> None:
    journey(
        browser,
        site,
        answers=KEYBOARD_ANSWERS,
        fill=fill_by_keyboard,
        send=submit_by_keyboard,
        follow=enter,
    )


def test_the_language_can_be_chosen_before_starting(browser: Browser, site: Bot) -> None:
    code = new_workshop(site)
    browser.open(f"{site.url}/k/{code}", PHONE)

    press(browser, browser.find(".language-choice button[value='en']"))

    assert attr(browser.find("html"), "lang") == "en"
    assert "Workshop on 17 October 2026" in browser.find("main").text
    assert browser.driver.find_element(By.CSS_SELECTOR, "h2").text == "Before you answer"
    axe_clean(browser, "welcome in English")
