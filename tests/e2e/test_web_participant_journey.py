"""Issue 21's "Done when", in one journey through the real pages and the real mail.

A facilitator creates and announces a workshop in Slack; Anna and Bo answer in Slack; Mette has
only her phone (a real headless Chromium, 320 px wide): she follows the workshop's link from the
announcement, reflects (the web asks no one to be named: there is no name to show), gives her
e-mail address and confirms it by the link
in the mail the SMTP server received. The facilitator's summary counts the three of them. Two
weeks on, the worker plans and delivers: Anna and Bo get a DM, Mette a mail that quotes her own
steps and the day she wrote them. A mail scanner opens every link first and changes nothing;
Mette clicks "done" and presses the button. The digest counts her status as it counts Anna's and
Bo's. She asks for help from the same mail; the facilitator answers in Slack and the answer
reaches her by e-mail. Then Mette opens her own page, sees her data, exports it and deletes it:
her links say so kindly afterwards, and her e-mail address is gone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import func, select

from bot.composition import deliver_everywhere
from bot.followups.planner import plan_all, plan_digests
from bot.mail.gateway import MailGateway
from bot.reflection.web_inputs import field_id
from bot.slack import ids
from storage.models import MailAddress, OutboxMessage, Participant, WebToken
from tests.bot.followups.web_story import snapshot
from tests.conftest import migrated_sqlite_copy
from tests.support.browser import PHONE, Browser
from tests.support.harness import Bot, Clock, RunningBot
from tests.support.people import (
    ANNA,
    BO,
    DONE,
    FACILITATOR,
    STEP_ANSWERS,
    TWO_WEEKS,
    buttons,
    code_of,
    create_workshop,
    dms,
    press,
    reflect,
)
from tests.support.slack_standin import SlackStandIn
from tests.support.smtp import SmtpServer, free_port

pytestmark = pytest.mark.slow

SENDER = "Temadag <temadag@kommune.example>"
METTE = "mette@odder.example"
TITLE = "Fra politik til praksis"
METTES_STEP = "Besøge chefgruppen i Børn og Unge"  # her first next step, as she typed it
UNDER_WAY = ids.FOLLOWUP_STATUS_PREFIX + "under_way"
# The web asks no one to be named (there is no name): her quote stands without a name.
METTES_SUCCESS = "Byrådet gav os politisk opbakning til en fælles plan."
METTES_ANSWERS: list[dict[str, Any]] = [
    {**STEP_ANSWERS[0], "named": False},
    {"succeeded": METTES_SUCCESS},
    *STEP_ANSWERS[2:],
]


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer(starttls=True) as server:
        yield server


@pytest.fixture
def site(
    standin: SlackStandIn, smtp: SmtpServer, tmp_path: Path, _migrated_sqlite: Path
) -> Iterator[Bot]:
    """The bot with the web pages and mail switched on: PUBLIC_URL is its own address."""
    for user in (FACILITATOR, ANNA, BO):
        standin.set_user(user, locale="da-DK", tz="Europe/Copenhagen")
    port = free_port()
    with RunningBot(
        standin,
        migrated_sqlite_copy(_migrated_sqlite, tmp_path / "journey.sqlite3"),
        Clock(datetime(2026, 10, 17, 9, 0, tzinfo=UTC)),
        port=port,
        public_url=f"http://127.0.0.1:{port}",
        smtp_url=smtp.url(),
        mail_from=SENDER,
    ) as running:
        yield running


@pytest.fixture
def phone(browser: Browser) -> Iterator[Browser]:
    """The session's Chromium as a phone in Denmark: 320 px wide, Copenhagen's time zone."""
    browser.resize(PHONE)
    browser.driver.execute_cdp_cmd(
        "Emulation.setTimezoneOverride", {"timezoneId": "Europe/Copenhagen"}
    )
    yield browser
    browser.driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ""})


# -- the phone: what a person sees and presses -----------------------------------------------


def heading(phone: Browser) -> str:
    return phone.find("h1").text


def press_and_wait(phone: Browser, element: WebElement) -> None:
    """Press, and wait for the next page to replace this one."""
    old = phone.find("html")
    element.click()
    WebDriverWait(phone.driver, 10).until(lambda _: _gone(old))
    WebDriverWait(phone.driver, 10).until(
        lambda driver: driver.execute_script("return document.readyState") == "complete"
    )


def _gone(element: WebElement) -> bool:
    try:
        element.is_enabled()
    except Exception:
        return True
    return False


def fill(phone: Browser, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if value is False:
            continue
        if value is True:
            phone.find(f"#{field_id(key)}").click()
            continue
        radios = phone.find_all(f'input[type="radio"][name="{key}"][value="{value}"]')
        if radios:
            phone.find(f'label[for="{radios[0].get_attribute("id")}"]').click()
            continue
        element = phone.find(f"#{field_id(key)}")
        if element.tag_name == "select":
            Select(element).select_by_visible_text(str(value))
        elif element.get_attribute("type") == "date":
            # The picker's typing order depends on the locale: set as the picker would.
            phone.driver.execute_script("arguments[0].value = arguments[1];", element, value)
        else:
            element.clear()
            element.send_keys(str(value))


def send_step(phone: Browser) -> None:
    press_and_wait(phone, phone.find("#submit-step"))
    if phone.find_all(".plan-hints"):
        press_and_wait(phone, phone.find("#submit-step"))  # hints read; sent as written


def open_link(phone: Browser, url: str) -> None:
    phone.open(url)
    WebDriverWait(phone.driver, 10).until(
        lambda driver: driver.execute_script("return document.readyState") == "complete"
    )


# -- the mail: read as a person reads it -------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (label, href)
        self._href: str | None = None
        self._label: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._label = []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._label.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append(("".join(self._label).strip(), self._href))
            self._href = None


def plain(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def links_in(message: EmailMessage) -> list[tuple[str, str]]:
    """The HTML part's links, each with the words a reader clicks on."""
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    parser = _Links()
    parser.feed(str(part.get_content()))
    return parser.links


def mails_to(smtp: SmtpServer, address: str) -> list[EmailMessage]:
    return [r.message for r in smtp.received if address in r.recipients]


def scanner_opens(url: str) -> None:
    """A mail scanner's GET, without cookies, JavaScript or a click."""
    with urlopen(url, timeout=10) as page:
        assert page.status == 200


# -- the worker and Slack ----------------------------------------------------------------------


def worker_delivers(site: Bot, smtp: SmtpServer) -> Any:
    """The worker's delivery: every due row, on Slack and by e-mail through SMTP_URL, with
    STARTTLS to a server whose certificate the test made (and the gateway trusts)."""
    gateway = MailGateway(smtp.url(), SENDER, tls_context=smtp.client_context(), timeout=5)
    stats = deliver_everywhere(site.services, threads=1, max_seconds=30, mail=gateway)
    site.settle()
    return stats


def dm_text(message: dict[str, Any]) -> str:
    return json.dumps(message.get("blocks"), ensure_ascii=False).replace("\u00a0", " ")


def latest_dm_with(site: Bot, user: str, words: str) -> str:
    found = [dm_text(m) for m in dms(site, user) if words in dm_text(m)]
    assert found, f"no DM to {user} says {words!r}"
    return found[-1]


def count(site: Bot, model: Any, *where: Any) -> int:
    with site.services.sessions() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


# -- the journey -------------------------------------------------------------------------------


def test_a_person_with_only_a_phone_takes_part_is_counted_followed_up_by_mail_and_deletes(
    site: Bot, smtp: SmtpServer, phone: Browser
) -> None:
    # The facilitator creates and announces the workshop in Slack; the announcement has the
    # workshop's web link.
    settings: dict[str, Any] = {ids.W_MIN_GROUP: 3}
    announcement = create_workshop(site, **settings)
    code = code_of(announcement).replace("-", "")
    workshop_link = f"{site.url}/k/{code}"
    assert workshop_link in json.dumps(announcement, ensure_ascii=False)

    # Anna and Bo answer in Slack.
    reflect(site, ANNA, code, named=False)
    reflect(site, BO, code, named=False)

    # Mette follows the link on her phone, reads what happens to her answers, starts.
    open_link(phone, workshop_link)
    assert heading(phone) == TITLE
    assert phone.find_all(f"a[href='/k/{code}/privatliv']")  # the privacy notice, linked
    press_and_wait(phone, phone.find(f"form[action='/k/{code}/deltag'] button"))
    for number, values in enumerate(METTES_ANSWERS, start=1):
        assert phone.find(".progress").text.startswith(f"Trin {number} af 6")
        fill(phone, values)
        send_step(phone)
    assert heading(phone) == "Tak for din refleksion"
    personal_link = phone.find(".personal-link a").get_attribute("href") or ""
    assert personal_link.startswith(f"{site.url}/mig/")

    # She gives her address; nothing but the confirmation goes to it until she confirms.
    phone.find("#address").send_keys(METTE)
    press_and_wait(phone, phone.find("form:has(#address) button[type='submit']"))
    assert f"vi sender et link til {METTE}" in phone.text()
    worker_delivers(site, smtp)
    (confirmation,) = mails_to(smtp, METTE)
    assert confirmation["Subject"] == "Bekræft din e-mailadresse til opfølgning fra Temadag"
    assert TITLE in plain(confirmation)
    [(label, confirm_url)] = links_in(confirmation)
    assert label == "Bekræft adressen" and confirm_url in plain(confirmation)
    open_link(phone, confirm_url)
    assert heading(phone) == "Bekræft din e-mailadresse"
    press_and_wait(phone, phone.find("#confirm"))
    assert heading(phone) == "Din e-mailadresse er bekræftet"
    assert "31. oktober 2026" in phone.text()  # the first follow-up's day, 2 weeks on
    assert "weekend eller en helligdag" in phone.text()

    # The facilitator's summary counts all three; her quote is there, without a name or an id.
    site.slack.command(FACILITATOR, f"opsummering {code}")
    site.settle()
    summary = latest_dm_with(site, FACILITATOR, "Opsummering")
    assert "3 deltagere: 3 har gjort refleksionen færdig" in summary
    assert METTES_SUCCESS in summary
    assert f"{METTES_SUCCESS} — " not in summary
    assert "<@w" not in summary

    # The worker plans the follow-ups at the end of the day; two weeks on, it delivers them.
    site.clock.now = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)
    assert plan_all(site.services) == 9  # three people, three waves each
    site.clock.now = TWO_WEEKS
    sent = worker_delivers(site, smtp)
    assert sent.sent == 3
    assert TITLE in latest_dm_with(site, ANNA, "Hvordan går det med dine næste skridt?")
    followup = mails_to(smtp, METTE)[-1]
    assert followup["Subject"] == f"Hvordan går det med dine næste skridt fra temadagen »{TITLE}«?"
    body = plain(followup)
    assert "Den 17. oktober 2026 skrev du:" in body
    assert METTES_STEP in body and "Lave et årshjul med trafiklys" in body
    assert "Mål: 1. december 2026" in body
    mail_links = links_in(followup)
    assert all(url in body for _, url in mail_links)  # the plain text links the same

    # A mail scanner opens every link first: nothing is recorded.
    unsubscribe = str(followup["List-Unsubscribe"]).strip().removeprefix("<").removesuffix(">")
    before = snapshot(site.services)
    for url in [url for _, url in mail_links] + [unsubscribe]:
        scanner_opens(url)
    assert snapshot(site.services) == before

    # Mette clicks "Gennemført" under her first step: a page, and a button that records it.
    done_url = next(url for label, url in mail_links if label == "Gennemført")
    open_link(phone, done_url)
    assert heading(phone) == "Dit svar på opfølgningen"
    assert METTES_STEP in phone.find("blockquote").text
    press_and_wait(phone, phone.find("#record"))
    assert heading(phone) == "Tak – vi har noteret dit svar"
    assert "Vi har noteret: Gennemført." in phone.text()

    # In Slack, Anna is done with her first step and Bo has his under way.
    press(site, ANNA, DONE, 0)
    press(site, BO, UNDER_WAY, 0)

    # The digest three days later counts Mette's status as it counts Anna's and Bo's. By hand:
    # 6 steps from 3 people; a status on 3 (50 %): done Anna's and Mette's, under way Bo's.
    site.clock.now = TWO_WEEKS + timedelta(days=3)
    assert plan_digests(site.services) == 1
    worker_delivers(site, smtp)
    digest = latest_dm_with(site, FACILITATOR, "Opfølgning på næste skridt")
    assert "status på 3 af 6 skridt (50 %) · 50 % gennemført eller i gang" in digest
    assert "6 skridt fra 3 deltagere, hvert med sin seneste status" in digest
    assert "• Gennemført: 2" in digest and "• I gang: 1" in digest
    assert "<@w" not in digest

    # Mette asks for help with her second step from the same mail; the page says an answer
    # would come by e-mail. The facilitator gets it in Slack, unnamed, and answers; the answer
    # arrives in Mette's inbox.
    help_url = [url for label, url in mail_links if label == "Har brug for hjælp"][1]
    open_link(phone, help_url)
    assert "Svarer de, får du svaret på e-mail" in phone.find("#help-answer").text
    phone.find("#obstacle").send_keys("Årshjulet venter på budgettet")
    press_and_wait(phone, phone.find("#record"))
    assert "facilitatorerne har fået besked" in phone.text()
    worker_delivers(site, smtp)
    (help_dm,) = [m for m in dms(site, FACILITATOR) if ids.HELP_REPLY in json.dumps(m)]
    assert "En deltager på web fra *Fra politik til praksis*" in dm_text(help_dm)
    assert "Årshjulet venter på budgettet" in dm_text(help_dm)  # shared, as ticked
    site.slack.click(
        FACILITATOR, ids.HELP_REPLY, buttons(help_dm)[ids.HELP_REPLY][0], channel="D" + FACILITATOR
    )
    site.settle()
    answered = site.slack.submit(
        FACILITATOR, site.slack.current_view(), {ids.HRR_TEXT: "Ring til mig i morgen"}
    )
    assert answered.status == 200
    site.settle()
    assert "sendes til vedkommende på e-mail" in json.dumps(
        site.slack.current_view(), ensure_ascii=False
    )
    worker_delivers(site, smtp)
    answer = mails_to(smtp, METTE)[-1]
    assert answer["Subject"] == f"Svar på din anmodning om hjælp fra {TITLE}"
    assert "> Ring til mig i morgen" in plain(answer)

    # Mette opens her own page, sees her data, exports it and deletes it.
    open_link(phone, personal_link)
    assert heading(phone) == "Din side"
    assert TITLE in phone.text()
    press_and_wait(phone, phone.find(f"a[href='{personal_link.removeprefix(site.url)}/data']"))
    assert heading(phone) == "Dine data"
    assert phone.find("#mail").text == METTE
    assert f"{METTES_STEP} (1. december 2026; Gennemført)" in phone.find(".steps").text
    export_url = phone.find("#download").get_attribute("href") or ""
    with urlopen(export_url, timeout=10) as exported:
        data = exported.read().decode("utf-8")
    assert METTE in data and METTES_STEP in data
    press_and_wait(phone, phone.find("#delete"))
    assert heading(phone) == "Slet dine data"
    press_and_wait(phone, phone.find("#confirm-delete"))
    assert heading(phone) == "Dine data er slettet"

    # Afterwards her links say so kindly, and her address is gone.
    open_link(phone, personal_link)
    assert heading(phone) == "Linket virker ikke"
    assert "Er dine data slettet, virker linket ikke længere" in phone.text()
    under_way_url = next(url for label, url in mail_links if label == "I gang")
    open_link(phone, under_way_url)
    assert heading(phone) == "Linket virker ikke"
    assert "dine data er slettet" in phone.text()
    assert count(site, MailAddress) == 0
    assert count(site, Participant, Participant.channel == "web") == 0
    assert count(site, WebToken) == 0
    assert count(site, OutboxMessage, OutboxMessage.recipient_user_id.like("w%")) == 0
    assert METTE not in str(snapshot(site.services))
